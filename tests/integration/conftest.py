"""An in-process app per test module (real ASGI stack, no network), on a fresh database.

Every module gets its own empty database, so tests never touch ``./impact.db``:
a SQLite file under pytest's temporary directory by default. A module that defines
its own ``backend`` fixture, parametrised with :data:`BACKENDS`, runs against
PostgreSQL too when ``IMPACT_TEST_POSTGRES_URL`` names a database
(``postgresql+asyncpg://user:password@host:port/db``; the role needs CREATEDB: each
fresh database is created next to it and dropped afterwards); without it those
cases are skipped.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from api.app import create_app
from api.settings import Settings

POSTGRES_ENV = "IMPACT_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]
"""Parametrise a module's ``backend`` fixture with these to run it on both databases."""


def sqlite_url(path: Path) -> str:
    """The URL of a SQLite file at ``path``."""
    return f"sqlite+aiosqlite:///{path}"


class Databases:
    """Fresh, empty databases of one backend; :meth:`close` removes them."""

    def __init__(self, backend: str, directory: Path) -> None:
        self.backend = backend
        self.directory = directory
        self._created: list[str] = []
        self._admin_url = os.environ.get(POSTGRES_ENV, "") if backend == "postgresql" else ""

    def new(self) -> str:
        """The URL of a new, empty database."""
        name = f"impact_test_{uuid4().hex[:12]}"
        if self.backend == "sqlite":
            return sqlite_url(self.directory / f"{name}.db")
        asyncio.run(self._admin(f'CREATE DATABASE "{name}"'))
        self._created.append(name)
        url = make_url(self._admin_url).set(database=name)
        return url.render_as_string(hide_password=False)

    def close(self) -> None:
        """Drop every PostgreSQL database :meth:`new` created (SQLite files go with tmp)."""
        for name in self._created:
            asyncio.run(self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self._created.clear()

    async def _admin(self, statement: str) -> None:
        engine = create_async_engine(self._admin_url, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as connection:
                await connection.exec_driver_sql(statement)
        finally:
            await engine.dispose()


@pytest.fixture(scope="module")
def backend() -> str:
    """The database this module runs on; parametrised in modules that run on both."""
    return "sqlite"


@pytest.fixture(scope="module")
def databases(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    if backend == "postgresql" and not os.environ.get(POSTGRES_ENV):
        pytest.skip(f"PostgreSQL case: {POSTGRES_ENV} is not set (.ci/run sets it)")
    found = Databases(backend, tmp_path_factory.mktemp(f"db-{backend}"))
    yield found
    found.close()


@pytest.fixture(scope="module")
def database_url(databases: Databases) -> str:
    """A fresh, empty database for this module's app."""
    return databases.new()


def settings_for(database_url: str, **overrides: object) -> Settings:
    """Settings for a test app: its own database, no API keys, no rate limit, no CORS,
    whatever the environment says; ``overrides`` change any of them."""
    fields: dict[str, object] = {
        "database_url": database_url,
        "api_keys": "",
        "rate_limit": 0,
        "cors_origins": "",
        **overrides,
    }
    return Settings.model_validate(fields)


@pytest.fixture(scope="module")
def app(database_url: str) -> Litestar:
    return create_app(settings_for(database_url))


@pytest.fixture(scope="module")
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    with TestClient(app) as test_client:
        yield test_client
