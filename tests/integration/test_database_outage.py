"""A database that cannot be reached is a 503 with ``Retry-After``, and the service recovers;
64 concurrent writers on SQLite all get 201 (issue 14, items 10 and 15)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from litestar import Litestar, get
from litestar.testing import TestClient
from sqlalchemy import make_url, text

import api.db.engine as engine_module
from api.app import create_app
from api.db.engine import DatabaseUnavailable, create_engine
from api.db.migrate import upgrade
from api.db.session import open_database
from api.errors import exception_handlers
from api.plans.repository import create_plan
from impact.plan import Plan
from scripts.server import Server, free_port
from tests.integration.conftest import POSTGRES_ENV, Databases, settings_for, sqlite_url

WRITERS = 64
PLAN = {"city": "동시 Concurrent", "investment": 1_000_000_000, "notes": "ㄱ" * 200}


def test_a_refused_connection_is_database_unavailable() -> None:
    engine = create_engine(f"postgresql+asyncpg://u:p@127.0.0.1:{free_port()}/db")

    async def connect() -> None:
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        finally:
            await engine.dispose()

    with pytest.raises(DatabaseUnavailable, match="cannot connect"):
        asyncio.run(connect())


def test_database_unavailable_is_503_with_retry_after() -> None:
    @get("/down", sync_to_thread=False)
    def down() -> None:
        raise DatabaseUnavailable("cannot connect to the database: refused")

    app = Litestar([down], exception_handlers=exception_handlers)
    with TestClient(app) as client:
        response = client.get("/down")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.headers["content-type"] == "application/problem+json"
    assert "refused" not in response.text  # the address is logged, not told


class Gate:
    """A TCP forwarder to the database that can be closed (cutting every connection)."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.StreamWriter] = set()
        threading.Thread(target=self._loop.run_forever, daemon=True).start()

    def _call(self, coroutine: object) -> None:
        asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(10)  # type: ignore[arg-type]

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._pipes.add(writer)
        with contextlib.suppress(OSError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.close()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self._pipes.add(writer)
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    async def _open(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in self._pipes:
            writer.transport.abort()
        self._pipes.clear()

    def open(self) -> None:
        self._call(self._open())

    def close(self) -> None:
        self._call(self._close())


@pytest.fixture
def postgres(tmp_path: Path) -> Iterator[str]:
    if not os.environ.get(POSTGRES_ENV):
        pytest.skip(f"PostgreSQL case: {POSTGRES_ENV} is not set (.ci/run sets it)")
    databases = Databases("postgresql", tmp_path)
    yield databases.new()
    databases.close()


def test_postgresql_down_is_503_and_the_service_recovers(postgres: str) -> None:
    url = make_url(postgres)
    gate = Gate((url.host or "127.0.0.1", url.port or 5432))
    gate.open()
    through_gate = url.set(host="127.0.0.1", port=gate.port).render_as_string(hide_password=False)
    with TestClient(create_app(settings_for(through_gate))) as client:
        assert client.get("/v1/plans?limit=1").status_code == 200
        gate.close()  # PostgreSQL is gone: pooled connections cut, new ones refused
        for method, path in (
            ("GET", "/v1/plans?limit=1"),
            ("GET", "/v1/plans/sejong-2024"),
            ("POST", "/v1/plans"),
        ):
            response = client.request(method, path, json=PLAN if method == "POST" else None)
            assert response.status_code == 503, response.text
            assert response.headers["retry-after"]
            assert response.headers["content-type"] == "application/problem+json"
        gate.open()  # it is back: the next request connects again
        assert client.get("/v1/plans?limit=1").status_code == 200
        assert client.post("/v1/plans", json=PLAN).status_code == 201


@pytest.mark.slow
def test_64_concurrent_writers_on_sqlite_all_get_201(tmp_path: Path) -> None:
    """They queue in the process (api.db.session) instead of racing for SQLite's lock."""

    async def write_all(url: str) -> list[int]:
        async def writer(number: int) -> list[int]:
            async with httpx.AsyncClient(base_url=url, timeout=60) as http:
                statuses = []
                for i in range(4):
                    plan = {**PLAN, "title": f"writer {number} plan {i}"}
                    statuses.append((await http.post("/v1/plans", json=plan)).status_code)
                return statuses

        results = await asyncio.gather(*(writer(n) for n in range(WRITERS)))
        return [status for statuses in results for status in statuses]

    env = {"IMPACT_RATE_LIMIT": "0"}
    with Server(tmp_path / "writers.db", tmp_path / "server.log", env) as server:
        statuses = asyncio.run(write_all(server.url))
        total = httpx.get(f"{server.url}/v1/plans", params={"limit": 1}).json()["total"]
    assert statuses == [201] * (WRITERS * 4)
    assert total == WRITERS * 4 + 2  # and the shipped plans


def test_writers_queue_in_the_process_instead_of_meeting_sqlites_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a busy timeout of 1 ms, 64 concurrent writers racing for SQLite's write lock
    mostly fail (59 of 64, measured); queued in the process, each finds it free."""
    pragmas = tuple(
        "PRAGMA busy_timeout = 1" if p.startswith("PRAGMA busy_timeout") else p
        for p in engine_module.SQLITE_PRAGMAS
    )
    monkeypatch.setattr(engine_module, "SQLITE_PRAGMAS", pragmas)
    plan = Plan.model_validate(PLAN)

    async def write_all() -> list[str]:
        async with open_database(sqlite_url(tmp_path / "queue.db")) as database:
            await upgrade(database.engine)

            async def write(number: int) -> str:
                async with database.sessions() as session:
                    record = await create_plan(
                        session, plan.model_copy(update={"title": str(number)})
                    )
                    return record.id

            return await asyncio.gather(*(write(n) for n in range(WRITERS)))

    assert len(set(asyncio.run(write_all()))) == WRITERS


def test_a_closed_gate_refuses() -> None:
    """(keeps the Gate honest)"""
    gate = Gate(("127.0.0.1", free_port()))
    gate.open()
    gate.close()
    with (
        pytest.raises(ConnectionRefusedError),
        socket.create_connection(("127.0.0.1", gate.port), timeout=2),
    ):
        pass
