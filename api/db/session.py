"""The open database of a running app, the session each request gets, write transactions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from litestar.datastructures import State
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.db.engine import BEGIN_IMMEDIATE, create_engine

__all__ = ["Database", "database_of", "open_database", "provide_session", "write_transaction"]

STATE_KEY = "database"


@dataclass(frozen=True)
class Database:
    """An engine and the factory of sessions bound to it."""

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]


@asynccontextmanager
async def open_database(url: str) -> AsyncIterator[Database]:
    """Open an engine for ``url``; dispose of its connections on exit."""
    engine = create_engine(url)
    try:
        yield Database(engine=engine, sessions=async_sessionmaker(engine, expire_on_commit=False))
    finally:
        await engine.dispose()


def database_of(state: State) -> Database:
    """The database the app's lifespan opened and kept on ``app.state``."""
    database = state.get(STATE_KEY)
    if not isinstance(database, Database):
        msg = "the database is opened by the app's lifespan, which is not running"
        raise RuntimeError(msg)
    return database


async def provide_session(state: State) -> AsyncIterator[AsyncSession]:
    """One session per request; whatever it did not commit is rolled back on close."""
    async with database_of(state).sessions() as session:
        yield session


@asynccontextmanager
async def write_transaction(session: AsyncSession) -> AsyncIterator[AsyncSession]:
    """One transaction that writes: committed when the block ends, rolled back if it raises.

    On SQLite it begins with ``BEGIN IMMEDIATE`` (see :mod:`api.db.engine`). The
    session must not be inside a transaction already.
    """
    async with session.begin():
        await session.connection(execution_options=BEGIN_IMMEDIATE)
        yield session
