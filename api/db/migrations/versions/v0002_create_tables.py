"""Create the io_tables table (uploaded and regionalised input-output tables).

Revision ID: 0002
Revises: 0001
Created: tables API (POST /v1/tables, POST /v1/tables/{id}/regionalize)
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "io_tables",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column("sectors", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_io_tables")),
    )
    op.create_index(op.f("ix_io_tables_created_at_id"), "io_tables", ["created_at", "id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_io_tables_created_at_id"), table_name="io_tables")
    op.drop_table("io_tables")
