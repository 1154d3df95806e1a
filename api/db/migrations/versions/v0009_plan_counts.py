"""Plans saved per owner, kept by the triggers that keep the bytes.

Revision ID: 0009
Revises: 0008
Created: performance round 6 (issue 15)

A page of plans reports the total of saved plans; ``count(*)`` walks the whole table
(0.8 ms at 50,000 plans on SQLite, 3.3 ms at 100,000), so pages were read on the event
loop only while the table was small. ``storage_use.plans`` keeps the count per owner,
filled here from the rows already saved and kept by the triggers on ``plans`` that keep
``bytes`` (revision 0008), rewritten to count as well: a page sums one row per owner (the
owners are the configured API keys and ``''``). Per owner, not one row for all: on
PostgreSQL every plan write already updates its owner's row, and a single counter row
would make writes of different keys wait for each other.
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
    "INSERT INTO storage_use (owner, bytes, plans) VALUES (coalesce(NEW.owner, ''), NEW.size, 1) "
    "ON CONFLICT (owner) DO UPDATE SET bytes = storage_use.bytes + excluded.bytes, "
    "plans = storage_use.plans + 1"
)
_REMOVE = (
    "UPDATE storage_use SET bytes = bytes - OLD.size, plans = plans - 1 "
    "WHERE owner = coalesce(OLD.owner, '')"
)
_UPDATE = "AFTER UPDATE OF size, owner ON plans"


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:  # no plan may be written between the count and the new triggers (see 0008)
        op.execute("LOCK TABLE plans IN SHARE ROW EXCLUSIVE MODE")
    op.add_column(
        "storage_use", sa.Column("plans", sa.BigInteger(), nullable=False, server_default="0")
    )
    # every owner of a plan has its row: the 0008 triggers made it with the plan's bytes
    op.execute(
        "UPDATE storage_use SET plans = "
        "(SELECT count(*) FROM plans WHERE coalesce(plans.owner, '') = storage_use.owner)"
    )
    if postgres:
        op.execute("DROP TRIGGER plans_storage_use ON plans")
        op.execute(
            "CREATE FUNCTION plans_use_track() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {_REMOVE}; END IF; "
            f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {_ADD}; END IF; "
            "RETURN NULL; END $$"
        )
        op.execute(
            "CREATE TRIGGER plans_storage_use AFTER INSERT OR DELETE OR UPDATE OF size, owner "
            "ON plans FOR EACH ROW EXECUTE FUNCTION plans_use_track()"
        )
        return
    for event in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER plans_use_{event}")
    op.execute(f"CREATE TRIGGER plans_use_insert AFTER INSERT ON plans BEGIN {_ADD}; END")
    op.execute(f"CREATE TRIGGER plans_use_delete AFTER DELETE ON plans BEGIN {_REMOVE}; END")
    op.execute(f"CREATE TRIGGER plans_use_update {_UPDATE} BEGIN {_REMOVE}; {_ADD}; END")


def downgrade() -> None:
    # back to 0008's triggers on plans, which keep the bytes only
    add = (
        "INSERT INTO storage_use (owner, bytes) VALUES (coalesce(NEW.owner, ''), NEW.size) "
        "ON CONFLICT (owner) DO UPDATE SET bytes = storage_use.bytes + excluded.bytes"
    )
    remove = "UPDATE storage_use SET bytes = bytes - OLD.size WHERE owner = coalesce(OLD.owner, '')"
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER plans_storage_use ON plans")
        op.execute("DROP FUNCTION plans_use_track()")
        op.execute(
            "CREATE TRIGGER plans_storage_use AFTER INSERT OR DELETE OR UPDATE OF size, owner "
            "ON plans FOR EACH ROW EXECUTE FUNCTION storage_use_track()"
        )
    else:
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER plans_use_{event}")
        op.execute(f"CREATE TRIGGER plans_use_insert AFTER INSERT ON plans BEGIN {add}; END")
        op.execute(f"CREATE TRIGGER plans_use_delete AFTER DELETE ON plans BEGIN {remove}; END")
        op.execute(f"CREATE TRIGGER plans_use_update {_UPDATE} BEGIN {remove}; {add}; END")
    op.drop_column("storage_use", "plans")
