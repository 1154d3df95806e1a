"""``POST /v1/metrics`` answers valid plans ahead of the handler: nothing else may change.

:func:`api.metrics.controllers.answer_valid_plan` reads the body and answers a valid plan
at once; the handler path (Litestar reads the body as JSON, checks its depth, validates
the plan) decides everything else. Each body goes to the app and to a twin whose route
has no such hook: same status, same headers, same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar import Litestar, post
from litestar.testing import TestClient

import api.app
from api.metrics.controllers import answer_valid_plan, compute_metrics
from tests.integration.conftest import Databases, settings_for
from tests.metrics_cases import recorded

Client = TestClient[Litestar]

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**26), 10**26)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from(["1,704억원", "₩170.4B", "1,998명", "2024-01-09", "62", "", " X "])
    | st.text(max_size=8)
)
_json = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)
_money = st.one_of(
    st.integers(1, 10**24),
    st.floats(1, 1e24).map(float.__floor__).map(float),
    st.sampled_from(["1,704억원", "6.6조", "₩170.4B", "2.8T", "1.5만원"]),
    st.integers(0, 10**26) | st.floats(0, 1e26) | st.sampled_from(["x", "-1"]),  # also bad ones
)
_count = (
    st.integers(0, 10**8)
    | st.integers(0, 10**8).map(float)
    | st.sampled_from(["1,998명", "3만6000", "12 jobs", 1.5, -1, True])
)


@st.composite
def _shares(draw: st.DrawFn) -> dict[str, Any]:
    codes = draw(
        st.lists(
            st.sampled_from(["62", "70", "A.1", "76", "bad code"]),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    weights = [draw(st.integers(1, 1000)) for _ in codes]
    shares: dict[str, Any] = {c: w / sum(weights) for c, w in zip(codes, weights, strict=True)}
    if draw(st.booleans()):  # as text with many digits, or one share a little off
        shares = {c: f"{v:.22f}" for c, v in shares.items()}
    if draw(st.integers(0, 9)) == 0:
        shares[codes[0]] = draw(_json)
    return shares


@st.composite
def plan_documents(draw: st.DrawFn) -> dict[str, Any]:
    """Mostly valid plans; now and then a wrong type, a bad value or a stray key."""
    document: dict[str, Any] = {
        "city": draw(st.sampled_from(["세종", "X", "A\u0301", " Busan ", ""])),
        "investment": draw(_money),
    }
    names = ["production_inducement", "value_added_inducement", "total_effect"]
    claims: dict[str, Any] = {n: draw(_money) for n in draw(st.sets(st.sampled_from(names)))}
    claims |= {n: draw(_count) for n in draw(st.sets(st.sampled_from(["jobs", "startups"])))}
    document["claims"] = claims
    if draw(st.booleans()):
        start = draw(st.integers(1990, 2030) | st.floats(1990, 2030))
        document["period"] = {"start": start, "end": draw(st.integers(2030, 2040))}
    if draw(st.booleans()):
        document["allocation"] = {"shares": draw(_shares()), "basis": "assumed"}
    if draw(st.booleans()):
        document["announced"] = draw(st.dates().map(str) | _scalars)
    if draw(st.integers(0, 4)) == 0:
        document[draw(st.sampled_from(["notes", "title", "projects", "other"]))] = draw(_json)
    return document


TRICKY = [
    b'{"city":"X","investment":NaN}',
    b'{"city":"X","investment":5,"claims":{"jobs":Infinity}}',
    b'{"city":"X","investment":1e400}',
    b'{"city":"X","investment":' + b"1" + b"0" * 30 + b"}",
    b'{"city":"X","investment":' + b"1" + b"0" * 21 + b"}",
    b'{"city":"X","investment":5,"investment":7}',
    b'{"city":"X","investment":5,"claims":{"jobs":1},"claims":{"jobs":2}}',
    b'{"city":"X","investment":5} x',
    b'{"city":"X","investment":5}  \n',
    b'\xef\xbb\xbf{"city":"X","investment":5}',
    b'{"city":"X\\ud800","investment":5}',
    b'{"city":"X","investment":5,"sources":[{"outlet":"a","title":"b","url":"\\ud800"}]}',
    b'{"city":"X\xff","investment":5}',
    b'{"city":"X","investment":5}\x00',
    b'{"ci\\u0074y":"X","investment":5,"claims":{"jobs":1e3,"startups":-0}}',
    b'{"city":"X","investment":1.7e11,"claims":{"jobs":1.5}}',
    b'{"city":"X","investment":"1,704\xec\x96\xb5\xec\x9b\x90","extra":1}',
    b'{"city":"X","investment":5,"notes":' + b"[" * 40 + b"]" * 40 + b"}",
    b"[" * 40 + b"]" * 40,
    b'{"city":"X","investment":5,"allocation":{"shares":{"62":0.5,"70":0.5000001}}}',
    b'{"city":"X","investment":5,"allocation":{"amounts":{"62":2,"70":3}}}',
    b'{"city":"X","investment":5,"allocation":{"shares":{"62":1.0,"70":0.0}}}',
    b'{"city":"X","investment":5,"allocation":{"shares":{"62":"1.0","70":0E-3}}}',
    b'{"city":"X","investment":5,"allocation":{"shares":{"62":0.50,"70":5e-1}}}',
    b"{}",
    b"null",
    b"   ",
    b'"a plan"',
]


@pytest.fixture(scope="module")
def twin(databases: Databases) -> Iterator[Client]:
    """The app with a ``POST /v1/metrics`` that has only the handler's path."""
    plain = post("/v1/metrics", operation_id="computeMetrics", status_code=200)(compute_metrics.fn)
    assert compute_metrics.before_request is answer_valid_plan
    assert plain.before_request is None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(api.app, "compute_metrics", plain)
        app = api.app.create_app(settings_for(databases.new()))
    with TestClient(app) as client:
        yield client


def _answer(client: Client, body: bytes, content_type: str) -> tuple[int, dict[str, Any], bytes]:
    response = client.post("/v1/metrics", content=body, headers={"content-type": content_type})
    headers = {k: v for k, v in response.headers.items() if k != "date"}
    return response.status_code, headers, response.content


@pytest.mark.parametrize("body", TRICKY)
def test_a_body_gets_what_the_handler_path_gives(client: Client, twin: Client, body: bytes) -> None:
    assert _answer(client, body, "application/json") == _answer(twin, body, "application/json")


@pytest.mark.parametrize("content_type", ["text/plain", "application/json; charset=latin-1", ""])
def test_the_guards_still_decide_first(client: Client, twin: Client, content_type: str) -> None:
    body = recorded()[0][0]
    fast, slow = _answer(client, body, content_type), _answer(twin, body, content_type)
    assert fast == slow
    assert fast[0] == 415


def test_valid_plans_get_the_same_bytes_either_way(client: Client, twin: Client) -> None:
    for body, answer in recorded()[::10]:
        fast, slow = (
            _answer(client, body, "application/json"),
            _answer(twin, body, "application/json"),
        )
        assert fast == slow
        assert fast[2] == answer


@settings(
    deadline=None, max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan_documents(), st.booleans())
def test_generated_plans_get_what_the_handler_path_gives(
    client: Client, twin: Client, document: dict[str, Any], ascii_only: bool
) -> None:
    body = json.dumps(document, ensure_ascii=ascii_only).encode()
    assert _answer(client, body, "application/json") == _answer(twin, body, "application/json")
