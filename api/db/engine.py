"""The async engine, with SQLite made safe for a concurrent web service.

On SQLite every new connection gets::

    PRAGMA busy_timeout = 5000     -- wait up to 5 s for a lock instead of failing
    PRAGMA journal_mode = WAL      -- readers never block the writer, nor it them
    PRAGMA synchronous = FULL      -- a committed plan survives a power cut
    PRAGMA foreign_keys = ON

``synchronous=FULL`` syncs the WAL on every commit; ``NORMAL`` may lose the last
commits on power loss (never corrupting the file). Measured on the development machine
(500 concurrent ``create_plan`` calls): FULL ≈ 400–470 plans/s, NORMAL ≈ 530–870 plans/s.
Plan writes are rare and small, so we keep FULL: a 201 means the plan is on disk.

SQLAlchemy, not the ``sqlite3`` module, emits ``BEGIN`` (the documented recipe for
transactional DDL and real SERIALIZABLE behaviour). A connection whose execution
options hold :data:`BEGIN_IMMEDIATE` starts with ``BEGIN IMMEDIATE``: it takes the
write lock up front (waiting ``busy_timeout`` for it), so a transaction that reads
and then writes cannot fail half-way with ``SQLITE_BUSY``. Writes and migrations use
it; reads use the default deferred ``BEGIN``. PostgreSQL ignores the option.

A database that cannot be reached -- PostgreSQL stopped, restarting, or its address
refusing connections -- raises :class:`DatabaseUnavailable` from the connect attempt
(asyncpg raises a bare ``OSError`` that SQLAlchemy does not wrap); the API answers 503
with ``Retry-After`` (:mod:`api.errors`). PostgreSQL connections are pinged when taken
from the pool (``pool_pre_ping``), so that after a restart stale ones are replaced
instead of failing the first request each.

SQLite's built-in ``lower()`` folds ASCII only; it is replaced per connection by
Python's :meth:`str.lower`, so that case-insensitive filters behave the same on
SQLite as on PostgreSQL (whose ``lower()`` follows the database's locale).
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any, Final

from sqlalchemy import Connection, Dialect, event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

__all__ = [
    "BEGIN_IMMEDIATE",
    "BUSY_TIMEOUT_MS",
    "SQLITE_PRAGMAS",
    "CommitOutcomeUnknown",
    "DatabaseUnavailable",
    "create_engine",
]


class DatabaseUnavailable(Exception):  # noqa: N818 -- a state, as SQLAlchemy's TimeoutError
    """The database could not be reached (connection refused, reset or timed out)."""


class CommitOutcomeUnknown(DatabaseUnavailable):
    """The connection was lost during a write's ``COMMIT``: the write may have landed."""


BUSY_TIMEOUT_MS: Final = 5_000
"""How long a SQLite connection waits for a lock before failing [ms]."""

SQLITE_PRAGMAS: Final = (
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
)

_BEGIN_OPTION: Final = "impact_sqlite_begin"
BEGIN_IMMEDIATE: Final[dict[str, Any]] = {_BEGIN_OPTION: "IMMEDIATE"}
"""Execution options of a connection whose transactions write (see the module doc)."""

_BEGIN_MODES: Final = frozenset({"DEFERRED", "IMMEDIATE", "EXCLUSIVE"})


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _execute_pragma(cursor: Any, pragma: str) -> None:
    """Run ``pragma``, retrying "database is locked" for up to :data:`BUSY_TIMEOUT_MS`.

    Switching a new database file to WAL needs an exclusive lock, and SQLite does not
    call the busy handler for it: when several processes open a fresh file at once,
    all but one get "database is locked" at once. The mode is stored in the file, so
    once one of them has switched it the others' retries find it done.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute(pragma)
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
        else:
            return


def prepare_sqlite_connection(connection: Any) -> None:
    """The service's pragmas and its Unicode ``lower`` on a new SQLite connection (the
    engine's and the saved-plan reader's), which must not be inside a transaction."""
    cursor = connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            _execute_pragma(cursor, pragma)
    finally:
        cursor.close()
    connection.create_function("lower", 1, _lower, deterministic=True)


def _on_sqlite_connect(dbapi_connection: Any, _connection_record: Any) -> None:
    # Hand transaction control to SQLAlchemy (see _on_sqlite_begin); also lets
    # journal_mode change, which SQLite refuses inside a transaction.
    dbapi_connection.isolation_level = None
    prepare_sqlite_connection(dbapi_connection)


def _on_sqlite_begin(connection: Connection) -> None:
    mode = str(connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED"))
    if mode not in _BEGIN_MODES:
        msg = f"unknown SQLite BEGIN mode {mode!r}; expected one of {sorted(_BEGIN_MODES)}"
        raise ValueError(msg)
    connection.exec_driver_sql(f"BEGIN {mode}")


def _connect_or_unavailable(
    dialect: Dialect, _record: Any, cargs: tuple[Any, ...], cparams: dict[str, Any]
) -> Any:
    """Connect as SQLAlchemy would; a network failure becomes :class:`DatabaseUnavailable`."""
    try:
        return dialect.connect(*cargs, **cparams)
    except OSError as exc:  # ConnectionRefusedError, TimeoutError, socket.gaierror …
        raise DatabaseUnavailable(f"cannot connect to the database: {exc}") from exc


def create_engine(url: str) -> AsyncEngine:
    """An async engine for ``url`` (``sqlite+aiosqlite:///…`` or ``postgresql+asyncpg://…``).

    Nothing is connected yet; call :meth:`AsyncEngine.dispose` when done.
    """
    sqlite_url = url.startswith("sqlite")
    engine = create_async_engine(url, pool_pre_ping=not sqlite_url)
    event.listen(engine.sync_engine, "do_connect", _connect_or_unavailable)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
        event.listen(engine.sync_engine, "begin", _on_sqlite_begin)
    return engine
