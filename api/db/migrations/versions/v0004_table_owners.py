"""Record the API key that uploaded or derived a table: a nullable ``io_tables.owner``.

Revision ID: 0004
Revises: 0003
Created: ownership of uploaded tables and saved scenarios

``scenarios.owner`` exists since ``0003`` (created empty, for this change); from now on
it holds the key id of the key that saved the scenario. Rows saved before hold null: no
owner, read-only while API keys are configured (see :mod:`api.security.keys`).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("io_tables", sa.Column("owner", sa.String(length=128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("io_tables") as batch:
        batch.drop_column("owner")
