"""Bytes stored per owner, kept by triggers.

Revision ID: 0008
Revises: 0007
Created: performance round 5 (issue 15)

A write's quota check summed its owner's ``size`` over ``plans``, ``scenarios`` and
``io_tables``: 2.3 ms from the index alone for a key with 20,000 plans (revision 0007), a
cost that grows with all the owner has saved and, on SQLite, is paid inside the one write
lock. ``storage_use`` keeps the sum per owner (``''`` for rows without one), filled here
from the rows already saved and kept by ``AFTER`` triggers on insert, delete and update of
``size`` or ``owner`` in each of the three tables, so that no write path can forget it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("plans", "scenarios", "io_tables")
_ADD = (
    "INSERT INTO storage_use (owner, bytes) VALUES (coalesce(NEW.owner, ''), NEW.size) "
    "ON CONFLICT (owner) DO UPDATE SET bytes = storage_use.bytes + excluded.bytes"
)
_REMOVE = "UPDATE storage_use SET bytes = bytes - OLD.size WHERE owner = coalesce(OLD.owner, '')"


def upgrade() -> None:
    op.create_table(
        "storage_use",
        sa.Column("owner", sa.String(length=128), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("owner", name=op.f("pk_storage_use")),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        # no row may be written between the count below and the triggers that take over from
        # it: writers wait for the migration's commit (on SQLite, BEGIN IMMEDIATE already holds
        # the one write lock)
        op.execute(f"LOCK TABLE {', '.join(_TABLES)} IN SHARE ROW EXCLUSIVE MODE")
    rows = " UNION ALL ".join(f"SELECT owner, size FROM {t}" for t in _TABLES)  # noqa: S608
    op.execute(
        "INSERT INTO storage_use (owner, bytes) "  # noqa: S608 -- our own table names
        f"SELECT coalesce(owner, ''), sum(size) FROM ({rows}) AS stored "
        "GROUP BY coalesce(owner, '')"
    )
    if postgres:
        op.execute(
            "CREATE FUNCTION storage_use_track() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {_REMOVE}; END IF; "
            f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {_ADD}; END IF; "
            "RETURN NULL; END $$"
        )
        for table in _TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_storage_use AFTER INSERT OR DELETE OR UPDATE OF size, "
                f"owner ON {table} FOR EACH ROW EXECUTE FUNCTION storage_use_track()"
            )
        return
    for table in _TABLES:
        op.execute(f"CREATE TRIGGER {table}_use_insert AFTER INSERT ON {table} BEGIN {_ADD}; END")
        op.execute(
            f"CREATE TRIGGER {table}_use_delete AFTER DELETE ON {table} BEGIN {_REMOVE}; END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_use_update AFTER UPDATE OF size, owner ON {table} "
            f"BEGIN {_REMOVE}; {_ADD}; END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in _TABLES:
            op.execute(f"DROP TRIGGER {table}_storage_use ON {table}")
        op.execute("DROP FUNCTION storage_use_track()")
    else:
        for table in _TABLES:
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER {table}_use_{event}")
    op.drop_table("storage_use")
