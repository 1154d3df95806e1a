"""Schema migrations with alembic: at start-up, and by ``make migrate``.

The revisions live in ``api/db/migrations/versions/``; there is no ``alembic.ini``,
the configuration is built here. Migrations run on a connection of the app's own
engine (so SQLite gets its pragmas) inside one transaction that is committed only
when every pending revision has run:

* on SQLite the transaction starts with ``BEGIN IMMEDIATE``, so a second process
  starting at the same moment waits for the first, then finds nothing to do;
* on PostgreSQL (transactional DDL) the transaction first takes an advisory lock
  (:data:`MIGRATION_LOCK_KEY`), with the same effect.

Command line (``python -m api.db.migrate --help``)::

    make migrate                                  # upgrade IMPACT_DATABASE_URL to head
    python -m api.db.migrate current              # print the current revision
    python -m api.db.migrate revision -m "add x"  # autogenerate a new revision
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Final

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.db.engine import BEGIN_IMMEDIATE, create_engine
from api.settings import get_settings

__all__ = ["MIGRATIONS_DIR", "alembic_config", "current_revision", "head_revision", "upgrade"]

MIGRATIONS_DIR: Final = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK_KEY: Final = 0x696D_7061_6374  # "impact": one advisory lock per database


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, bound to ``connection`` (read by ``migrations/env.py``)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("file_template", "v%%(rev)s_%%(slug)s")
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    """The newest revision shipped with this code."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _upgrade(connection: Connection, revision: str) -> None:
    command.upgrade(alembic_config(connection), revision)


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the database of ``engine`` to ``revision``, all or nothing."""
    async with engine.connect() as connection:
        await connection.execution_options(**BEGIN_IMMEDIATE)
        async with connection.begin():
            if connection.dialect.name == "postgresql":
                await connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
            await connection.run_sync(_upgrade, revision)


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database of ``engine`` is at (``None`` before the first)."""
    async with engine.connect() as connection:
        return await connection.run_sync(_current)


async def _autogenerate(engine: AsyncEngine, message: str) -> None:
    def generate(connection: Connection) -> None:
        command.revision(alembic_config(connection), message=message, autogenerate=True)

    async with engine.connect() as connection:
        await connection.run_sync(generate)


async def _main(argv: list[str] | None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m api.db.migrate",
        description="Migrate the plan store named by IMPACT_DATABASE_URL.",
    )
    commands = parser.add_subparsers(dest="command")
    up = commands.add_parser("upgrade", help="upgrade to a revision (default: head)")
    up.add_argument("revision", nargs="?", default="head")
    commands.add_parser("current", help="print the revision the database is at")
    new = commands.add_parser("revision", help="autogenerate a revision from the models")
    new.add_argument("-m", "--message", required=True)
    args = parser.parse_args(argv)

    engine = create_engine(get_settings().database_url)
    try:
        if args.command == "current":
            sys.stdout.write(f"{await current_revision(engine) or '(empty database)'}\n")
        elif args.command == "revision":
            await upgrade(engine)  # autogenerate compares the models with an up-to-date schema
            await _autogenerate(engine, args.message)
        else:
            await upgrade(engine, getattr(args, "revision", "head"))
            sys.stdout.write(f"database at revision {await current_revision(engine)}\n")
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``make migrate``."""
    asyncio.run(_main(argv))


if __name__ == "__main__":
    main()
