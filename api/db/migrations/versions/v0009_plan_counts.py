"""Plans saved per owner, kept by triggers.

Revision ID: 0009
Revises: 0008
Created: performance round 6 (issue 15)

A page of plans reports how many are saved; ``count(*)`` walks the whole table (on SQLite
1.75 ms at 100,000 plans with its pages in memory, 3.3 ms without), so pages were read on
the event loop only while the table was small. ``plan_counts`` keeps the number of plans
per owner (``''`` for plans without one), filled here from the plans already saved and
kept by ``AFTER`` triggers on insert, delete and update of ``owner`` in ``plans``; a page
sums its rows (one per key that saved a plan, and ``''``).

Per owner rather than one row for all: on PostgreSQL a single counter row would make saves
by different keys wait for each other. A table of its own rather than a column of
``storage_use``: adding a column locks ``storage_use``, which a save with the quota locks
before ``plans``, the opposite order of this migration's, and the two deadlocked on
PostgreSQL (found by review, reproduced). This migration locks ``plans`` alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ADD = (
    "INSERT INTO plan_counts (owner, plans) VALUES (coalesce(NEW.owner, ''), 1) "
    "ON CONFLICT (owner) DO UPDATE SET plans = plan_counts.plans + 1"
)
_REMOVE = "UPDATE plan_counts SET plans = plans - 1 WHERE owner = coalesce(OLD.owner, '')"


def upgrade() -> None:
    op.create_table(
        "plan_counts",
        sa.Column("owner", sa.String(length=128), nullable=False),
        sa.Column("plans", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("owner", name=op.f("pk_plan_counts")),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        # no plan may be written between the count below and the triggers that take over
        # from it (on SQLite, BEGIN IMMEDIATE already holds the one write lock); reads go on
        op.execute("LOCK TABLE plans IN SHARE ROW EXCLUSIVE MODE")
    op.execute(
        "INSERT INTO plan_counts (owner, plans) "
        "SELECT coalesce(owner, ''), count(*) FROM plans GROUP BY coalesce(owner, '')"
    )
    if postgres:
        op.execute(
            "CREATE FUNCTION plan_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {_REMOVE}; END IF; "
            f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {_ADD}; END IF; "
            "RETURN NULL; END $$"
        )
        op.execute(
            "CREATE TRIGGER plans_count AFTER INSERT OR DELETE OR UPDATE OF owner ON plans "
            "FOR EACH ROW EXECUTE FUNCTION plan_counts_track()"
        )
        return
    op.execute(f"CREATE TRIGGER plans_count_insert AFTER INSERT ON plans BEGIN {_ADD}; END")
    op.execute(f"CREATE TRIGGER plans_count_delete AFTER DELETE ON plans BEGIN {_REMOVE}; END")
    op.execute(
        f"CREATE TRIGGER plans_count_update AFTER UPDATE OF owner ON plans "
        f"BEGIN {_REMOVE}; {_ADD}; END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER plans_count ON plans")
        op.execute("DROP FUNCTION plan_counts_track()")
    else:
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER plans_count_{event}")
    op.drop_table("plan_counts")
