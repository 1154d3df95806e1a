"""Alembic environment: migrate the connection :mod:`api.db.migrate` hands over.

Run migrations with ``make migrate`` (or ``python -m api.db.migrate``), not with the
``alembic`` command: there is no ``alembic.ini``, and the connection must come from
the app's engine so that SQLite gets its pragmas and the transaction its lock.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

# Importing the models registers their tables (plans, plan_counts, io_tables, scenarios,
# jobs, storage_use) on Base.metadata.
import api.db.usage
import api.jobs.models
import api.plans.models
import api.scenarios.models
import api.tables.models  # noqa: F401
from api.db.base import Base


def run_migrations() -> None:
    """Run the pending revisions inside the caller's transaction."""
    if context.is_offline_mode():
        msg = "offline (--sql) migrations are not supported; run `make migrate`"
        raise RuntimeError(msg)
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        msg = "no database connection: run migrations with `make migrate`"
        raise RuntimeError(msg)
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
