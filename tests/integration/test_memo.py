"""Answers of pure routes from memory (:mod:`api.memo`): same request, same bytes, no work;
the served app's frozen start-up heap (:func:`api.app.freeze_heap`)."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from typing import Annotated, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar import Litestar, post
from litestar.params import Body
from litestar.testing import TestClient

from api.app import create_app, create_service, freeze_heap
from api.memo import MAX_BODY, PURE, MemoMiddleware, Remembered, ResponseMemo
from api.security.keys import WRITE
from impact import report
from impact.plan import Plan
from impact.report import PlanReport
from tests.integration.conftest import Databases, settings_for
from tests.strategies import plans

Client = TestClient[Litestar]
JSON = {"content-type": "application/json"}
SEJONG = {"city": "세종", "investment": "1,704억원", "claims": {"jobs": 1998}}


class Counter:
    """Counts the handler's real work."""

    def __init__(self) -> None:
        self.calls = 0


def _toy_app(memo: ResponseMemo, counter: Counter) -> Litestar:
    """A pure route that says how often it ran, a pure route that fails, an impure route."""

    @post("/pure", opt={PURE: True}, status_code=200)
    async def pure(data: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
        counter.calls += 1
        if data.get("fail"):
            raise ValueError("asked to fail")
        return {"calls": counter.calls, "echo": data}

    @post("/write", opt={PURE: True, WRITE: True}, status_code=200)
    async def write(data: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
        counter.calls += 1
        return {"calls": counter.calls}

    @post("/impure", status_code=200)
    async def impure(data: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
        counter.calls += 1
        return {"calls": counter.calls}

    return Litestar([pure, write, impure], middleware=[MemoMiddleware(memo)], debug=False)


@pytest.fixture
def toy() -> Iterator[tuple[Client, ResponseMemo, Counter]]:
    memo, counter = ResponseMemo(max_bytes=1024 * 1024), Counter()
    with TestClient(_toy_app(memo, counter)) as client:
        yield client, memo, counter


def test_a_repeated_request_is_answered_from_memory(
    toy: tuple[Client, ResponseMemo, Counter],
) -> None:
    client, memo, counter = toy
    first, second, third = (client.post("/pure", json={"a": 1}) for _ in range(3))
    assert first.status_code == second.status_code == third.status_code == 200
    assert (first.json()["calls"], second.json()["calls"]) == (1, 2)  # noted, then kept
    assert third.content == second.content
    assert third.headers["content-type"] == second.headers["content-type"]
    assert counter.calls == 2
    assert (memo.hits, memo.misses, len(memo)) == (1, 2, 1)


@pytest.mark.parametrize(
    ("other", "why"),
    [
        ({"content": b'{"a": 2}'}, "another body"),
        ({"content": b'{"a":1}'}, "the same JSON in other bytes"),
        ({"content": b'{"a": 1}', "params": {"q": "1"}}, "a query string"),
        ({"content": b'{"a": 1}', "headers": {"content-type": "application/x+json"}}, "media"),
    ],
)
def test_anything_a_route_may_read_makes_another_request(
    toy: tuple[Client, ResponseMemo, Counter], other: dict[str, Any], why: str
) -> None:
    client, _, _ = toy
    json_type = {"content-type": "application/json"}
    for _ in range(2):
        client.post("/pure", content=b'{"a": 1}', headers=json_type)
    answer = client.post("/pure", **{"headers": json_type, **other})
    assert answer.status_code == 200
    assert answer.json()["calls"] == 3, why


def test_errors_impure_and_write_routes_are_never_kept(
    toy: tuple[Client, ResponseMemo, Counter],
) -> None:
    client, memo, counter = toy
    for _ in range(3):
        assert client.post("/pure", json={"fail": True}).status_code == 500
        assert client.post("/impure", json={"a": 1}).status_code == 200
        assert client.post("/write", json={"a": 1}).status_code == 200
    assert counter.calls == 9
    assert len(memo) == 0


def test_a_body_too_large_to_keep_is_passed_through(
    toy: tuple[Client, ResponseMemo, Counter],
) -> None:
    client, memo, counter = toy
    big = {"pad": "x" * MAX_BODY}
    for _ in range(3):
        assert client.post("/pure", json=big).status_code == 200
    assert counter.calls == 3
    assert len(memo) == 0


def test_only_the_last_requests_seen_once_are_remembered() -> None:
    memo = ResponseMemo(max_bytes=16 * 1024)  # notes the last 16 digests
    assert memo.max_seen == 16
    assert [memo.admit(bytes([i])) for i in range(17)] == [False] * 17
    assert memo.admit(bytes([0])) is False  # forgotten: the 17th pushed it out
    assert memo.admit(bytes([16])) is True
    assert memo.admit(bytes([16])) is False  # admitted once; noted afresh


def test_least_recently_used_answers_leave_first() -> None:
    def answer(n: int) -> Remembered:
        return Remembered(200, ((b"content-type", b"application/json"),), b"x" * n)

    size = answer(100).size + 1
    memo = ResponseMemo(max_bytes=3 * size, max_entry=size)
    for key in (b"a", b"b", b"c"):
        memo.put(key, answer(100))
    assert memo.get(b"a") is not None  # a is now the most recently used
    memo.put(b"d", answer(100))
    assert memo.get(b"b") is None
    assert all(memo.get(k) is not None for k in (b"a", b"c", b"d"))
    assert memo.bytes == 3 * size
    memo.put(b"e", answer(101))  # larger than an entry may be: not kept
    assert memo.get(b"e") is None
    assert memo.bytes == 3 * size


@given(st.lists(st.tuples(st.binary(min_size=1, max_size=2), st.integers(0, 400)), max_size=60))
def test_the_memo_never_holds_more_than_its_budget(puts: list[tuple[bytes, int]]) -> None:
    memo = ResponseMemo(max_bytes=2000, max_entry=700)
    for key, n in puts:
        memo.put(key, Remembered(200, (), b"x" * n))
        assert memo.bytes <= memo.max_bytes
        kept = memo._entries.items()  # the invariant is about the entries themselves
        assert memo.bytes == sum(answer.size + len(k) for k, answer in kept)
    if puts:
        key, n = puts[-1]
        assert (
            memo.get(key) is not None
            or Remembered(200, (), b"x" * n).size + len(key) > memo.max_entry
        )


@pytest.fixture(scope="module")
def counted(
    databases: Databases,
) -> Iterator[tuple[Client, Client, Counter]]:
    """The real app with its memo and one without, counting ``evaluate`` calls."""
    counter = Counter()
    real = report.evaluate

    def evaluate(plan: Plan) -> PlanReport:
        counter.calls += 1
        return real(plan)

    patch = pytest.MonkeyPatch()
    patch.setattr("api.metrics.controllers.evaluate", evaluate)
    with (
        TestClient(create_app(settings_for(databases.new()))) as with_memo,
        TestClient(create_app(settings_for(databases.new(), response_cache_bytes=0))) as without,
    ):
        yield with_memo, without, counter
    patch.undo()


def test_metrics_are_computed_twice_then_answered_with_their_headers(
    counted: tuple[Client, Client, Counter],
) -> None:
    with_memo, _, counter = counted
    before = counter.calls
    answers = [with_memo.post("/v1/metrics", json=SEJONG) for _ in range(4)]
    assert [a.status_code for a in answers] == [200] * 4
    assert all(a.content == answers[0].content for a in answers)
    assert counter.calls == before + 2
    for name in ("content-type", "x-content-type-options", "content-security-policy"):
        assert answers[3].headers[name] == answers[0].headers[name]


def test_a_refused_body_stays_refused(counted: tuple[Client, Client, Counter]) -> None:
    with_memo, _, _ = counted
    body = json.dumps(SEJONG).encode()
    for _ in range(3):
        kept = with_memo.post(
            "/v1/metrics", content=body, headers={"content-type": "application/json"}
        )
        assert kept.status_code == 200
    refused = with_memo.post("/v1/metrics", content=body, headers={"content-type": "text/plain"})
    assert refused.status_code == 415
    assert refused.json()["field"] == "Content-Type"


def test_without_a_budget_every_request_is_computed(
    counted: tuple[Client, Client, Counter],
) -> None:
    _, without, counter = counted
    before = counter.calls
    for _ in range(2):
        assert without.post("/v1/metrics", json=SEJONG).status_code == 200
    assert counter.calls == before + 2


def test_a_kept_answer_still_costs_a_token(databases: Databases) -> None:
    with TestClient(create_app(settings_for(databases.new(), rate_limit=3))) as client:
        statuses = [client.post("/v1/metrics", json=SEJONG).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_a_body_above_the_app_limit_is_still_413(databases: Databases) -> None:
    plan = {**SEJONG, "notes": "x" * 3000}
    with TestClient(create_app(settings_for(databases.new(), max_body_bytes=2048))) as client:
        answers = [client.post("/v1/metrics", json=plan) for _ in range(3)]
        assert [a.status_code for a in answers] == [413] * 3
        assert client.post("/v1/metrics", json=SEJONG).status_code == 200


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan=plans())
def test_a_kept_answer_is_the_computed_answer(
    counted: tuple[Client, Client, Counter], plan: Plan
) -> None:
    with_memo, without, _ = counted
    body = plan.model_dump_json(by_alias=True).encode()
    headers = {"content-type": "application/json"}
    computed = without.post("/v1/metrics", content=body, headers=headers)
    for _ in range(3):
        kept = with_memo.post("/v1/metrics", content=body, headers=headers)
        assert kept.status_code == computed.status_code
        assert kept.content == computed.content


def test_the_service_freezes_its_start_up_heap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("api.app.get_settings", lambda: settings_for("sqlite+aiosqlite://"))
    assert freeze_heap in create_service().on_startup
    gc.unfreeze()
    try:
        freeze_heap()
        assert gc.get_freeze_count() > 10_000  # the interpreter, the modules, the apps
    finally:
        gc.unfreeze()
