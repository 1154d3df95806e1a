"""Owner indexes that hold the size too.

Revision ID: 0007
Revises: 0006
Created: performance round 4 (issue 15)

A write sums its owner's stored bytes over ``plans``, ``scenarios`` and ``io_tables``
(``api.db.storage``). With an index on ``owner`` alone the sum read every row of the owner
from the table: the sum alone took 23.6 ms for a key with 20,000 plans of 4 KB (SQLite). An index on
``(owner, size)`` answers it from the index alone: 2.3 ms. It replaces the index on ``owner``,
whose lookups it serves as well.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("plans", "scenarios", "io_tables")


def upgrade() -> None:
    for table in _TABLES:
        op.create_index(op.f(f"ix_{table}_owner_size"), table, ["owner", "size"])
        op.drop_index(op.f(f"ix_{table}_owner"), table_name=table)


def downgrade() -> None:
    for table in _TABLES:
        op.create_index(op.f(f"ix_{table}_owner"), table, ["owner"])
        op.drop_index(op.f(f"ix_{table}_owner_size"), table_name=table)
