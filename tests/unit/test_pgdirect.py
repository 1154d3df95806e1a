"""The direct PostgreSQL pool's arguments and failures (:mod:`api.db.pgdirect`), without a
server: what it takes from the engine's URL, and which errors send a request back to the
engine."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from api.db.pgdirect import PostgresDirect, PostgresDirectError, postgres_direct_for

URL = "postgresql+asyncpg://u:p@127.0.0.1:5432/db"


def direct_for(url: str) -> PostgresDirect | None:
    return postgres_direct_for(create_async_engine(url))


def test_the_engines_arguments_are_taken_with_numbers_as_numbers() -> None:
    direct = direct_for(URL + "?command_timeout=30&timeout=5&ssl=disable")
    assert direct is not None
    assert direct._connect == {
        "host": "127.0.0.1", "port": 5432, "user": "u", "password": "p", "database": "db",
        "command_timeout": 30.0, "timeout": 5.0, "ssl": "disable",
    }  # fmt: skip


@pytest.mark.parametrize(
    "url",
    [URL + "?timeout=soon", URL + "?sslmode=require", "sqlite+aiosqlite:///x.db"],
)
def test_what_asyncpg_cannot_take_stays_the_engines(url: str) -> None:
    assert direct_for(url) is None


class _Pool:
    """A pool whose connections raise ``error`` on their first statement."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def acquire(self, **_: Any) -> _Pool:
        return self

    async def __aenter__(self) -> _Pool:
        return self

    async def __aexit__(self, *_: object) -> None:
        return None

    async def fetchrow(self, *_: object) -> None:
        raise self.error

    def transaction(self) -> _Commit:
        return _Commit(self.error)


class _Commit:
    """A transaction whose ``COMMIT`` raises ``error`` (its rollback does not)."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None:
            raise self.error


@pytest.mark.parametrize(
    "error",
    [
        asyncpg.InternalClientError("cannot switch to state 15"),
        asyncpg.ConnectionDoesNotExistError("connection was closed"),
        asyncpg.AdminShutdownError("terminating connection"),
        ConnectionResetError(),
        TimeoutError(),
    ],
)
def test_a_broken_connection_is_the_pools_error_not_a_500(error: BaseException) -> None:
    direct = PostgresDirect({})
    direct._pool = _Pool(error)
    with pytest.raises(PostgresDirectError) as raised:
        asyncio.run(direct.fetch_one("SELECT 1"))
    assert not raised.value.committing


def test_a_write_says_whether_its_connection_failed_during_the_commit() -> None:
    """Lost in ``COMMIT``: the write may have landed (``committing``); lost before, in the
    work's own statements: it did not, and may be made again through the engine."""
    lost = asyncpg.ConnectionDoesNotExistError("connection was closed")
    direct = PostgresDirect({})
    direct._pool = _Pool(lost)

    async def nothing(_: object) -> None:
        return None

    async def statement(connection: Any) -> None:
        await connection.fetchrow("INSERT …")

    with pytest.raises(PostgresDirectError) as in_commit:
        asyncio.run(direct.write(nothing))
    assert in_commit.value.committing
    with pytest.raises(PostgresDirectError) as before_commit:
        asyncio.run(direct.write(statement))
    assert not before_commit.value.committing
