"""The open database of a running app, the session each request gets, write transactions.

Writes to SQLite queue in the process
-------------------------------------
SQLite has one writer at a time. Without a queue, every writing request takes a pooled
connection and waits inside SQLite's busy handler (``busy_timeout``, 5 s) for the write
lock, which it polls with growing sleeps: under load -- 16 clients on a busy machine --
some waited past the timeout and answered 503. :func:`write_transaction` therefore takes
an in-process lock per SQLite engine *before* it takes a connection: writers of one
process queue in order (up to :data:`WRITE_QUEUE_TIMEOUT_S`, then 503), and only the
one holding the lock meets SQLite's. Other processes on the same file still wait in
``busy_timeout``. PostgreSQL takes row locks itself: no queue.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Final

from litestar.datastructures import State
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.db.engine import BEGIN_IMMEDIATE, create_engine
from api.db.pgdirect import PG_DIRECT_KEY, PostgresDirect, postgres_direct_for
from api.db.reader import READER_KEY, WRITER_KEY, SqliteReader, SqliteWriter, sqlite_file_of
from api.db.storage import INFO_KEY, StorageLimits

WRITE_QUEUE_TIMEOUT_S: Final = 30.0
"""Longest wait of a write for its turn in the in-process SQLite queue [s]; then 503."""

_write_locks: weakref.WeakKeyDictionary[object, asyncio.Lock] = weakref.WeakKeyDictionary()

__all__ = ["Database", "database_of", "open_database", "provide_session", "write_transaction"]

STATE_KEY = "database"


@dataclass(frozen=True)
class Database:
    """An engine, the factory of sessions bound to it, and -- for a SQLite file -- a
    reader and a writer for one-trip reads and writes (:mod:`api.db.reader`); for
    PostgreSQL, a pool of its own for the same reads and writes (:mod:`api.db.pgdirect`)."""

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    reader: SqliteReader | None = None
    writer: SqliteWriter | None = None
    storage: StorageLimits = field(default_factory=StorageLimits)
    pg_direct: PostgresDirect | None = None


@asynccontextmanager
async def open_database(url: str, storage: StorageLimits | None = None) -> AsyncIterator[Database]:
    """Open an engine for ``url``; dispose of its connections on exit.

    Its sessions carry ``storage`` (quota and page budget, :mod:`api.db.storage`). A SQLite
    file also gets a reader and a writer (:mod:`api.db.reader`), PostgreSQL a direct pool
    (:mod:`api.db.pgdirect`); all closed on exit.
    """
    engine = create_engine(url)
    storage = storage or StorageLimits()
    info: dict[str, object] = {INFO_KEY: storage}
    path = sqlite_file_of(url)
    reader = None if path is None else SqliteReader(path)
    writer = None if path is None else SqliteWriter(path)
    pg_direct = postgres_direct_for(engine)
    info |= {READER_KEY: reader, WRITER_KEY: writer, PG_DIRECT_KEY: pg_direct}
    try:
        sessions = async_sessionmaker(engine, expire_on_commit=False, info=info)
        yield Database(
            engine=engine,
            sessions=sessions,
            reader=reader,
            writer=writer,
            storage=storage,
            pg_direct=pg_direct,
        )
    finally:
        if reader is not None:
            reader.close()
        if writer is not None:
            writer.close()
        if pg_direct is not None:
            await pg_direct.close()
        await engine.dispose()


def database_of(state: State) -> Database:
    """The database the app's lifespan opened and kept on ``app.state``."""
    database = state.get(STATE_KEY)
    if not isinstance(database, Database):
        msg = "the database is opened by the app's lifespan, which is not running"
        raise RuntimeError(msg)
    return database


async def provide_session(state: State) -> AsyncIterator[AsyncSession]:
    """One session per request; whatever it did not commit is rolled back on close.

    A session that holds a connection is closed as SQLAlchemy's ``async with`` closes it:
    in a task of its own, shielded from the request's cancellation, so that the connection
    always goes back to the pool. That task runs on a later turn of the event loop, a wait
    that every comparison and save paid under load (README, *Saved plans, the database and
    workers*), though most never touch the connection (their reads and writes go through
    :mod:`api.db.reader`). A session that holds none has nothing to give back and nothing to
    await: it is closed here if it holds objects, and otherwise simply dropped.
    """
    session = database_of(state).sessions()
    try:
        yield session
    finally:
        if session.in_transaction():
            await session.__aexit__(None, None, None)
        elif _holds_objects(session):
            await session.close()  # detaches them, so that none loads through it later
        # else untouched: nothing to give back or detach, and its close is a trip through
        # SQLAlchemy's greenlet, ≈ 3 times what making the session cost


def _holds_objects(session: AsyncSession) -> bool:
    """The session has objects loaded, added or deleted (its close would detach them)."""
    sync = session.sync_session
    return bool(sync.identity_map) or bool(sync.new) or bool(sync.deleted)


def _write_lock(session: AsyncSession) -> asyncio.Lock | None:
    """The write queue of the session's SQLite engine; ``None`` for PostgreSQL."""
    bind = session.get_bind()  # the synchronous Engine or Connection underneath
    if bind.dialect.name != "sqlite":
        return None
    return _write_locks.setdefault(bind.engine, asyncio.Lock())


@asynccontextmanager
async def write_transaction(session: AsyncSession) -> AsyncIterator[AsyncSession]:
    """One transaction that writes: committed when the block ends, rolled back if it raises.

    On SQLite it waits for its turn in the process's write queue (module doc), then
    begins with ``BEGIN IMMEDIATE`` (see :mod:`api.db.engine`). The session must not be
    inside a transaction already.
    """
    lock = _write_lock(session)
    if lock is None:
        async with session.begin():
            await session.connection(execution_options=BEGIN_IMMEDIATE)
            yield session
        return
    try:
        async with asyncio.timeout(WRITE_QUEUE_TIMEOUT_S):
            await lock.acquire()
    except TimeoutError:
        msg = f"no turn to write within {WRITE_QUEUE_TIMEOUT_S:.0f} s"
        raise PoolTimeoutError(msg) from None
    try:
        async with session.begin():
            await session.connection(execution_options=BEGIN_IMMEDIATE)
            yield session
    finally:
        lock.release()
