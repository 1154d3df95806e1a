"""Create the plans table.

Revision ID: 0001
Revises:
Created: first release of the plan store
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
    )
    op.create_index(op.f("ix_plans_city"), "plans", ["city"])
    op.create_index(op.f("ix_plans_created_at_id"), "plans", ["created_at", "id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_plans_created_at_id"), table_name="plans")
    op.drop_index(op.f("ix_plans_city"), table_name="plans")
    op.drop_table("plans")
