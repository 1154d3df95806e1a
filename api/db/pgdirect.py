"""One-trip reads and writes of PostgreSQL: asyncpg directly, where SQLite has its reader
and writer (:mod:`api.db.reader`).

Through SQLAlchemy's async engine a read of one saved plan cost ≈ 2 ms of CPU on
PostgreSQL against 0.2 ms on SQLite: the pool checks a connection out and pings it (a round
trip), the statement is built and compiled, its result adapted, and the connection is
rolled back on its return (another trip), each step through the greenlet bridge; a save,
through the ORM, ≈ 3.5 ms. :class:`PostgresDirect` runs the same statements on a small
asyncpg pool of its own: no ORM, no ping, one round trip per statement. It serves what
SQLite's reader and writer serve: ``GET /v1/plans/{id}``, a page of saved plans, a plan a
comparison or an audit names, and saving a plan (README, *Saved plans, the database and
workers*). What fails there raises :class:`PostgresDirectError` and is done again through
the engine, which pings and reconnects (and whose pooled connections serve when PostgreSQL
has no new one to give) -- except a write whose connection failed during its ``COMMIT``:
that may have landed, so it is answered 503 and not made again.

Statements are PostgreSQL's (``$1`` parameters). The pool is made on first use, in the
running loop (each worker has its own), with the engine's own connection arguments; its
connections keep no state between uses (no ``SET``, no cursor, no advisory lock, every
transaction closed), so they go back to the pool without asyncpg's reset query (a round
trip).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from typing import Any, Final, TypeVar

import asyncpg
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

__all__ = [
    "CONNECTIONS",
    "PG_DIRECT_KEY",
    "PostgresDirect",
    "PostgresDirectError",
    "pg_direct_of",
    "postgres_direct_for",
]

PG_DIRECT_KEY: Final = "postgres_direct"
CONNECTIONS: Final = 8
"""Connections of a worker's pool, beside the engine's (at most 15): a read holds one for a
round trip of ≈ 0.1 ms, a save for four (``BEGIN``, the quota, the row, ``COMMIT``)."""
CONNECT_TIMEOUT_S: Final = 10.0
"""Longest wait for a new connection or a free one of the pool [s] (unless the URL sets
``timeout``); then the engine answers. Statements have no time limit, as through the engine
(a save may wait for its owner's quota row)."""
T = TypeVar("T")
Connection = Any
"""An asyncpg connection of the pool (asyncpg has no type information)."""

_CONNECT_PARAMETERS: Final = frozenset(inspect.signature(asyncpg.connect).parameters)
_FAILURES: Final = (
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,  # e.g. a connection the server ended mid-statement
    OSError,
    TimeoutError,
)
"""What a statement or a connection may raise: the server's errors, a closed or broken
connection, the network, a timeout."""


class PostgresDirectError(Exception):
    """A statement failed (connection, timeout, server error): the caller reads or writes
    through the engine instead, unless ``committing``: the connection failed during a
    write's ``COMMIT``, which may have landed, so the write is not made again."""

    def __init__(self, message: str, *, committing: bool = False) -> None:
        super().__init__(message)
        self.committing = committing


async def _unchanged(_connection: asyncpg.Connection) -> None:
    """A connection's reset on its return to the pool: nothing to reset (module doc)."""


class PostgresDirect:
    """Single-statement reads, snapshot reads and write transactions on one PostgreSQL
    database."""

    def __init__(self, connect: dict[str, Any], *, size: int = CONNECTIONS) -> None:
        self._connect = connect
        self._size = size
        self._pool: asyncpg.Pool | None = None
        self._opening: asyncio.Lock | None = None

    async def _ready_pool(self) -> asyncpg.Pool:
        if self._pool is not None:
            return self._pool
        self._opening = self._opening or asyncio.Lock()
        async with self._opening:
            if self._pool is None:
                self._pool = await asyncpg.create_pool(
                    **({"timeout": CONNECT_TIMEOUT_S} | self._connect),  # the URL's first
                    min_size=0,
                    max_size=self._size,
                    reset=_unchanged,
                )
        return self._pool

    async def _use(self, use: Callable[[Connection], Awaitable[T]]) -> T:
        try:
            pool = await self._ready_pool()
            async with pool.acquire(timeout=CONNECT_TIMEOUT_S) as connection:
                return await use(connection)
        except _FAILURES as exc:
            raise PostgresDirectError(str(exc)) from exc

    async def fetch_one(self, sql: str, *parameters: object) -> asyncpg.Record | None:
        """The first row of ``sql`` (a ``SELECT`` of one row by key, ``$1`` parameters), or
        ``None``."""

        async def read(connection: Connection) -> asyncpg.Record | None:
            row: asyncpg.Record | None = await connection.fetchrow(sql, *parameters)
            return row

        return await self._use(read)

    async def read(self, work: Callable[[Connection], Awaitable[T]]) -> T:
        """``await work(connection)``, its statements in one read-only transaction (one
        snapshot, as SQLite's reader gives)."""

        async def read(connection: Connection) -> T:
            async with connection.transaction(isolation="repeatable_read", readonly=True):
                return await work(connection)

        return await self._use(read)

    async def write(self, work: Callable[[Connection], Awaitable[T]]) -> T:
        """``await work(connection)`` in one transaction, committed when it returns and
        rolled back if it raises (its own error then reaches the caller as it is)."""
        committing = False

        async def write(connection: Connection) -> T:
            nonlocal committing
            async with connection.transaction():
                result = await work(connection)
                committing = True  # the block's end sends COMMIT
            return result

        try:
            return await self._use(write)
        except PostgresDirectError as exc:
            exc.committing = committing
            raise

    async def close(self) -> None:
        """Close the pool's connections, waiting up to :data:`CONNECT_TIMEOUT_S` for those in
        use; then, or if closing fails, cut them."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            try:
                await asyncio.wait_for(pool.close(), CONNECT_TIMEOUT_S)
            except _FAILURES:
                pool.terminate()


def postgres_direct_for(engine: AsyncEngine) -> PostgresDirect | None:
    """A pool with ``engine``'s connection arguments, for an asyncpg engine; ``None`` (the
    engine does it all) for another driver, for an argument asyncpg does not take itself
    (the engine's adapter would), or for a number in the URL that is not one."""
    if engine.dialect.driver != "asyncpg":
        return None
    args, kwargs = engine.dialect.create_connect_args(engine.url)
    for own in ("prepared_statement_cache_size", "prepared_statement_name_func"):
        kwargs.pop(own, None)  # the adapter's, not asyncpg.connect's
    if args or not set(kwargs) <= _CONNECT_PARAMETERS:
        return None
    try:  # a URL's query gives text: asyncpg wants numbers
        numbers = {name: kind(kwargs[name]) for name, kind in _NUMBERS.items() if name in kwargs}
    except (TypeError, ValueError):
        return None
    return PostgresDirect({**kwargs, **numbers})


_NUMBERS: Final[dict[str, Callable[[Any], float | int]]] = {
    "timeout": float,
    "command_timeout": float,
    "statement_cache_size": int,
    "max_cached_statement_lifetime": int,
    "max_cacheable_statement_size": int,
}


def pg_direct_of(session: AsyncSession) -> PostgresDirect | None:
    """The session's direct PostgreSQL pool; ``None`` on SQLite or inside a transaction (whose
    reads must see its own writes)."""
    found = session.info.get(PG_DIRECT_KEY)
    if not isinstance(found, PostgresDirect) or session.in_transaction():
        return None
    return found
