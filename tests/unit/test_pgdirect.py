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
