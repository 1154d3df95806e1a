"""``GET /v1/plans/{id}`` answers saved plans ahead of the handler: the same bytes.

:func:`api.plans.controllers.answer_saved_plan` writes the stored document out as it is,
without validating it into a ``Plan`` and dumping it again
(:func:`api.plans.repository.saved_plan_json`). Every plan of the recorded metrics cases
(the seeds and 120 generated ones: Korean text, shares, sources, approximate money) is
saved, then read with the hook and without it: same status, headers and bytes. Unknown
ids, and a read that fails, go to the handler.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.pgdirect import PostgresDirect, PostgresDirectError
from api.db.reader import SqliteReader
from api.plans import repository
from tests.integration.conftest import BACKENDS
from tests.metrics_cases import recorded

Client = TestClient[Litestar]


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def saved(client: Client) -> list[str]:
    ids = []
    for body, _ in recorded():
        response = client.post(
            "/v1/plans", content=body, headers={"content-type": "application/json"}
        )
        assert response.status_code == 201, response.text
        record = response.json()
        again = client.get(f"/v1/plans/{record['id']}").json()
        assert again == record  # as saved, timestamps included
        ids.append(record["id"])
    return [*ids, "sejong-2024", "daejeon-2018"]


@pytest.fixture
def handler_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hook finds nothing: every read goes to the handler."""

    async def nothing(*_: object) -> None:
        return None

    monkeypatch.setattr(repository, "saved_plan_json", nothing)


def _reads(
    client: Client, ids: list[str], prefix: str = "/v1/plans/"
) -> list[tuple[int, dict[str, str], bytes]]:
    answers = []
    for plan_id in ids:
        response = client.get(f"{prefix}{plan_id}")
        headers = dict(response.headers)
        answers.append((response.status_code, headers, response.content))
    return answers


def test_the_fast_read_gives_the_handlers_bytes(
    client: Client, saved: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _reads(client, saved)
    calls = []
    original = repository.saved_plan_json

    async def counted(*args: object) -> bytes | None:
        calls.append(args)
        return None

    monkeypatch.setattr(repository, "saved_plan_json", counted)
    slow = _reads(client, saved)
    assert len(calls) == len(saved)  # the hook ran, and left every read to the handler
    assert all(status == 200 for status, _, _ in fast)
    for (status, headers, body), (status2, headers2, body2) in zip(fast, slow, strict=True):
        assert (status, headers, body) == (status2, headers2, body2)
    assert original is not counted


def test_the_reader_answers_without_the_handler(
    client: Client, saved: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On either database the reads are the reader's own (SQLite's thread or inline read,
    PostgreSQL's asyncpg pool), not a silent fall-back to the handler."""
    expected = _reads(client, saved[:5]) + _reads(client, PAGES[:3], prefix="/v1/plans")

    async def no_handler(*_: object, **__: object) -> None:
        raise AssertionError("the handler answered")

    monkeypatch.setattr(repository, "get_plan_record", no_handler)
    monkeypatch.setattr(repository, "list_plans", no_handler)
    assert _reads(client, saved[:5]) + _reads(client, PAGES[:3], prefix="/v1/plans") == expected


def test_a_compared_plan_is_read_by_the_reader_outside_the_session(
    client: Client, saved: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan a comparison names is read by the database's reader, with the same answer as
    through the session; when the reader fails, the session reads it."""
    body = {"plans": [{"id": plan_id} for plan_id in saved[-2:]], "price_year": 2024}
    by_reader = client.post("/v1/compare", json=body)
    assert by_reader.status_code == 200

    async def refused(*_: object, **__: object) -> None:
        raise PostgresDirectError("refused")

    def no_session_read(*_: object, **__: object) -> None:
        raise AssertionError("the session read the plan")

    with monkeypatch.context() as patched:
        patched.setattr(AsyncSession, "scalar", no_session_read)
        assert client.post("/v1/compare", json=body).content == by_reader.content
    with monkeypatch.context() as patched:
        patched.setattr(PostgresDirect, "fetch_one", refused)
        patched.setattr(repository, "reader_of", lambda _: None)  # SQLite's too
        assert client.post("/v1/compare", json=body).content == by_reader.content


def test_a_save_is_written_without_the_orm(
    client: Client, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving a plan is SQLite's writer's or PostgreSQL's direct write, not the ORM's. On
    PostgreSQL a direct write that fails before its ``COMMIT`` (no connection to be had) is
    made through the session; one whose connection fails during the ``COMMIT`` may have
    landed, so it is a 503 that says so, and not made again."""
    plan = {"city": "Busan", "investment": 10**9}

    def no_orm_row(*_: object, **__: object) -> None:
        raise AssertionError("the ORM saved the plan")

    with monkeypatch.context() as patched:
        patched.setattr(AsyncSession, "add", no_orm_row)
        saved = client.post("/v1/plans", json=plan)
    assert saved.status_code == 201
    assert client.get(saved.headers["location"]).json() == saved.json()
    if backend != "postgresql":
        return

    def failing(committing: bool) -> Callable[..., Awaitable[None]]:
        async def write(*_: object, **__: object) -> None:
            raise PostgresDirectError("connection lost", committing=committing)

        return write

    orm_rows: list[object] = []
    add = AsyncSession.add

    def counted_add(self: AsyncSession, row: object) -> None:
        orm_rows.append(row)
        add(self, row)

    with monkeypatch.context() as patched:
        patched.setattr(PostgresDirect, "write", failing(committing=False))
        patched.setattr(AsyncSession, "add", counted_add)
        through_session = client.post("/v1/plans", json=plan)
    assert through_session.status_code == 201
    assert len(orm_rows) == 1
    assert client.get(through_session.headers["location"]).json() == through_session.json()

    with monkeypatch.context() as patched:
        patched.setattr(PostgresDirect, "write", failing(committing=True))
        patched.setattr(AsyncSession, "add", no_orm_row)
        unsure = client.post("/v1/plans", json=plan)
    assert unsure.status_code == 503
    assert unsure.headers["retry-after"]
    assert "may have landed" in unsure.json()["detail"]


def test_unknown_ids_get_the_handlers_404(client: Client, handler_only: None) -> None:
    problem = client.get("/v1/plans/no-such-plan")
    assert problem.status_code == 404
    assert problem.json()["field"] == "id"


def test_unknown_ids_through_the_hook_get_the_same_404(client: Client) -> None:
    problem = client.get("/v1/plans/no-such-plan")
    assert problem.status_code == 404
    assert problem.json()["field"] == "id"


@pytest.mark.parametrize(
    "error", [sqlite3.OperationalError("database is locked"), PostgresDirectError("refused")]
)
def test_a_failing_fast_read_is_left_to_the_handler(
    client: Client, saved: list[str], monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    async def broken(*_: object) -> bytes | None:
        raise error

    expected = client.get(f"/v1/plans/{saved[0]}").content
    monkeypatch.setattr(repository, "saved_plan_json", broken)
    answer = client.get(f"/v1/plans/{saved[0]}")
    assert answer.status_code == 200
    assert answer.content == expected


PAGES = ["", "?limit=1", "?limit=5&offset=3", "?offset=50", "?limit=100", "?limit=100&offset=7",
         "?limit=20&offset=200", "?limit=05", "?offset=00", "?limit=0", "?limit=abc", "?offset=-1",
         "?limit=101", "?city=gwang", "?limit=3&city=Sejong", "?limit=2&limit=3"]  # fmt: skip


def test_pages_through_the_hook_give_the_handlers_bytes(
    client: Client, saved: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _reads(client, PAGES, prefix="/v1/plans")
    hooked = []

    async def handler_only(*args: object, **kwargs: object) -> None:
        hooked.append(kwargs)

    monkeypatch.setattr(repository, "plan_page_json", handler_only)
    slow = _reads(client, PAGES, prefix="/v1/plans")
    assert len(hooked) == 7  # the plain ones; the hook leaves the rest to the handler
    assert [status for status, _, _ in fast][:7] == [200] * 7
    assert fast == slow


@pytest.mark.usefixtures("saved")
def test_pages_read_on_the_loop_give_the_reader_threads_bytes(
    client: Client, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page is read on the loop's thread when it starts near the front and its documents
    are small (``INLINE_PAGE_END``, ``INLINE_PAGE_BYTES``), else in a reader thread: the same
    bytes."""
    if backend != "sqlite":
        pytest.skip("the SQLite reader's choice")
    in_thread: list[bool] = []
    snapshot = SqliteReader._snapshot

    def spied(reader: SqliteReader, *args: Any) -> Any:
        in_thread.append(threading.current_thread().name.startswith("sqlite-read"))
        return snapshot(reader, *args)

    monkeypatch.setattr(SqliteReader, "_snapshot", spied)
    plain = [*PAGES[:7], "?limit=20&offset=980", "?limit=20&offset=981"]
    on_loop = _reads(client, plain, prefix="/v1/plans")
    assert in_thread == [False] * 8 + [True]  # the last ends past INLINE_PAGE_END
    in_thread.clear()
    monkeypatch.setattr(repository, "INLINE_PAGE_END", 0)
    threaded = _reads(client, plain, prefix="/v1/plans")
    assert in_thread == [True] * 9
    assert [status for status, _, _ in on_loop] == [200] * 9
    assert on_loop == threaded
    monkeypatch.setattr(repository, "INLINE_PAGE_END", 1_000)
    monkeypatch.setattr(repository, "INLINE_PAGE_BYTES", 1)  # every document is "large"
    in_thread.clear()
    assert _reads(client, plain[:2], prefix="/v1/plans") == on_loop[:2]
    assert in_thread == [False, True] * 2  # tried on the loop, redone in the thread
