"""A request waits for a later turn of the event loop only for real work elsewhere.

Under ``make load`` a turn of the busy loop took ~70 ms, so every task a request starts
and awaits adds that to its latency. Two came from the framework, not from our work:
Litestar resolved two dependencies of one level (``session`` and ``caller`` for a save)
in an anyio task group, and SQLAlchemy's ``async with`` closed every session in a task of
its own. Both are gone (:func:`api.app.resolve_dependencies_in_turn`,
:func:`api.db.session.provide_session`): these tests count the tasks a request starts,
through the loop's task factory, on the default database (SQLite, whose saved-plan reads
and saves never touch the session's connection).

A session that did use its connection still gives it back: the last test reads through
the engine and finds no connection checked out. (That its close is also shielded from
cancellation is SQLAlchemy's ``async with`` exit, which it still goes through; not tested
here.)
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Coroutine, Generator
from pathlib import Path
from typing import Any

from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient
from sqlalchemy import inspect

from api.app import create_app
from api.db.session import database_of, provide_session
from api.plans.models import PlanRow
from benchmarks.asgi import request
from tests.integration.conftest import settings_for, sqlite_url

SEJONG = Path(__file__).resolve().parents[2] / "seeds" / "plans" / "sejong-2024.json"


def _tasks_started(app: Litestar, requests: list[tuple[str, str, bytes, int]]) -> list[str]:
    """The tasks ``requests`` (method, path, body, expected status) start, by name."""

    async def run() -> list[str]:
        async with AsyncTestClient(app):
            loop = asyncio.get_running_loop()
            started: list[str] = []

            def factory(
                loop: asyncio.AbstractEventLoop,
                coro: Generator[Any, None, Any] | Coroutine[Any, Any, Any],
                **kwargs: Any,
            ) -> asyncio.Task[Any]:
                started.append(getattr(coro, "__qualname__", repr(coro)))
                return asyncio.Task(coro, loop=loop, **kwargs)

            loop.set_task_factory(factory)
            try:
                for method, path, body, expected in requests:  # RuntimeError if not expected
                    await request(app, method, path, body, status=expected)
            finally:
                loop.set_task_factory(None)
            return started

    return asyncio.run(run())


def test_saves_comparisons_and_reads_start_no_task(tmp_path: Path) -> None:
    app = create_app(settings_for(sqlite_url(tmp_path / "turns.db")))
    plan = SEJONG.read_bytes()
    compare = json.dumps(
        {"plans": [json.loads(plan), {"id": "daejeon-2018"}], "price_year": 2024}
    ).encode()
    requests = [
        ("POST", "/v1/plans", plan, 201),  # caller and session: two dependencies, one level
        ("POST", "/v1/compare", compare, 200),  # a session never used for I/O
        ("POST", "/v1/metrics", plan, 200),
        ("GET", "/v1/plans/sejong-2024", b"", 200),
        ("GET", "/v1/regions", b"", 200),
    ]
    assert _tasks_started(app, requests) == []


def test_no_route_resolves_dependencies_in_a_task_group(tmp_path: Path) -> None:
    app = create_app(settings_for(sqlite_url(tmp_path / "levels.db")))
    levels = {
        (route.path, method): [sorted(d.key for d in batch) for batch in model.dependency_batches]
        for route in app.routes
        if isinstance(route, HTTPRoute)
        for method, (_, model) in route.route_handler_map.items()
    }
    assert levels[("/v1/plans", "POST")] == [["caller"], ["session"]]
    assert levels[("/v1/sweeps", "POST")] == [["jobs"], ["session"], ["tables"]]
    assert all(len(batch) == 1 for batches in levels.values() for batch in batches)


def test_a_session_that_used_its_connection_gives_it_back(tmp_path: Path) -> None:
    app = create_app(settings_for(sqlite_url(tmp_path / "pool.db")))

    async def run() -> int:
        async with AsyncTestClient(app) as client:
            for _ in range(5):  # a city filter reads through the engine: the session begins
                response = await client.get("/v1/plans", params={"city": "Sejong"})
                assert response.status_code == 200
                assert response.json()["total"] == 1
            put = await client.put(
                "/v1/plans/sejong-2024", content=SEJONG.read_bytes(),
                headers={"content-type": "application/json"},
            )  # fmt: skip
            assert put.status_code == 200, put.text
            pool = database_of(app.state).engine.sync_engine.pool
            return int(pool.checkedout())  # type: ignore[attr-defined]

    assert asyncio.run(run()) == 0


def test_a_session_left_holding_objects_is_closed_and_an_untouched_one_holds_nothing(
    tmp_path: Path,
) -> None:
    app = create_app(settings_for(sqlite_url(tmp_path / "close.db")))

    async def run() -> tuple[bool, bool, int]:
        async with AsyncTestClient(app):
            session_of = contextlib.asynccontextmanager(provide_session)
            async with session_of(app.state) as session:
                row = await session.get(PlanRow, "sejong-2024")
                assert row is not None
                await session.commit()  # no transaction left, the row still in the session
            async with session_of(app.state) as fresh:
                pass
            pool = database_of(app.state).engine.sync_engine.pool
            checked_out = int(pool.checkedout())  # type: ignore[attr-defined]
            return inspect(row).detached, fresh.in_transaction(), checked_out

    assert asyncio.run(run()) == (True, False, 0)
