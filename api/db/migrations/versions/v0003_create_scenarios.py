"""Create the scenarios table.

Revision ID: 0003
Revises: 0001 (re-chained onto 0002 when the tables branch merges)
Created: saved what-if scenarios
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scenarios",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("plan_id", sa.String(length=100), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("plan_document", sa.Text(), nullable=False),
        sa.Column("adjustments", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scenarios")),
    )
    op.create_index(op.f("ix_scenarios_plan_id"), "scenarios", ["plan_id"])
    op.create_index(op.f("ix_scenarios_created_at_id"), "scenarios", ["created_at", "id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_scenarios_created_at_id"), table_name="scenarios")
    op.drop_index(op.f("ix_scenarios_plan_id"), table_name="scenarios")
    op.drop_table("scenarios")
