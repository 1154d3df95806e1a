"""Body limits: size (413), emptiness and JSON (400), media type (415), nesting depth (400);
query parameters given more than once (400)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from httpx import Response
from litestar import Litestar
from litestar.exceptions import HTTPException
from litestar.testing import TestClient

from api.app import create_app
from api.body import check_json_shape, json_depth
from tests.integration.conftest import Databases, settings_for

Client = TestClient[Litestar]
JSON = {"content-type": "application/json"}
PLAN = {"city": "세종", "investment": 1_000_000}


@pytest.fixture(scope="module")
def small(databases: Databases) -> Iterator[Client]:
    """An app that takes bodies of at most 2 KiB, nested at most 6 levels."""
    settings = settings_for(databases.new(), max_body_bytes=2048, max_json_depth=6)
    with TestClient(create_app(settings)) as client:
        yield client


def _problem(response: Response, status: int, field: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, object] = response.json()
    assert body["status"] == status
    assert body["field"] == field
    return body


def test_a_body_above_the_limit_is_413(small: Client) -> None:
    plan = {**PLAN, "notes": "x" * 3000}
    _problem(small.post("/v1/metrics", json=plan), 413, "body")
    _problem(small.post("/v1/plans", json=plan), 413, "body")


def test_a_streamed_body_above_the_limit_is_413_without_a_content_length(small: Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"city": "x", "notes": "'
        for _ in range(10):
            yield b"y" * 512
        yield b'", "investment": 1}'

    response = small.post("/v1/metrics", content=chunks(), headers=JSON)
    assert "content-length" not in response.request.headers
    _problem(response, 413, "body")


def test_a_body_at_the_limit_is_read(small: Client) -> None:
    plan = {**PLAN, "notes": "x"}
    size = len(json.dumps(plan).encode())
    plan["notes"] = "x" * (2048 - size + 1)
    assert len(json.dumps(plan).encode()) == 2048
    assert small.post("/v1/metrics", content=json.dumps(plan), headers=JSON).status_code == 200


def test_nesting_is_limited_by_the_setting(small: Client) -> None:
    ok = {"plans": [{**PLAN, "claims": {"jobs": 1}}]}  # 3 levels
    assert small.post("/v1/compare", json=ok).status_code in {200, 422}
    deep: object = PLAN
    for _ in range(6):
        deep = [deep]
    body = _problem(small.post("/v1/compare", json={"plans": deep}), 400, "body")
    assert "more than 6 levels" in str(body["detail"])


@pytest.mark.parametrize("depth", [33, 1_000, 10_000, 200_000])
def test_deep_json_is_400_never_500(client: Client, depth: int) -> None:
    body = b"[" * depth + b"]" * depth
    _problem(client.post("/v1/metrics", content=body, headers=JSON), 400, "body")
    objects = b'{"a":' * depth + b"1" + b"}" * depth
    _problem(client.post("/v1/plans", content=objects, headers=JSON), 400, "body")


def test_32_levels_are_parsed(client: Client) -> None:
    body = b"[" * 32 + b"]" * 32
    # parsed, then refused by the plan model: the field is the body itself
    assert client.post("/v1/metrics", content=body, headers=JSON).status_code == 422


@pytest.mark.parametrize("body", [b"", b"   ", b"\n\t "])
def test_an_empty_body_is_400_naming_the_body(client: Client, body: bytes) -> None:
    _problem(client.post("/v1/metrics", content=body, headers=JSON), 400, "body")


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin-1",
        "application/xml",
        "json",
        "application/jsonx",
        "application/json-seq",
    ],
)
def test_a_body_not_sent_as_json_is_415(client: Client, content_type: str | None) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/v1/metrics", content=json.dumps(PLAN), headers=headers)
    if content_type is None:
        assert "content-type" not in response.request.headers
    _problem(response, 415, "Content-Type")


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/vnd.impact+json",
    ],
)
def test_json_media_types_are_accepted(client: Client, content_type: str) -> None:
    response = client.post(
        "/v1/metrics", content=json.dumps(PLAN), headers={"content-type": content_type}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe{}",
        b'{"city": "\xed\xa0\x80"}',
        b"{",
        b"NaN",
        b'{"investment": Infinity}',
        b"[1e400]",
    ],
)
def test_bytes_that_are_not_json_are_400(client: Client, body: bytes) -> None:
    _problem(client.post("/v1/metrics", content=body, headers=JSON), 400, "body")


def _depth(value: object) -> int:
    return json_depth(json.dumps(value).encode())


def test_depth_counter() -> None:
    assert _depth(1) == 0
    assert _depth([]) == 1
    assert _depth([[]]) == 2
    assert _depth({"a": {"b": {"c": [1, 2]}}}) == 4
    assert _depth({"a": {"b": {"c": [[1]]}}}) == 5
    wide = {str(i): [i] for i in range(10_000)}
    assert _depth(wide) == 2


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ('["[[[[", {"a": "]]]]"}]', 2),  # brackets in strings do not count
        ('["\\\\", [["\\"["]]]', 3),  # an escaped backslash ends no string; \" does not
        ('{"a": "\\u005b"}', 1),
        ("[[[]], [[[[]]]]]", 5),
    ],
)
def test_depth_of_bytes_skips_strings(text: str, depth: int) -> None:
    assert json.loads(text) is not None  # well-formed
    assert json_depth(text.encode()) == depth


def test_the_shape_check_is_linear_and_fast() -> None:
    """2.7 million empty arrays in 8 MiB: refused by counting, without decoding anything."""
    body = b"[" + b",".join([b"[]"] * 2_700_000) + b"]"
    started = time.perf_counter()
    with pytest.raises(HTTPException) as refused:
        check_json_shape(body, 32, 300_000)
    assert refused.value.status_code == 413
    deep_but_few = b"[" * 33 + b"]" * 33
    with pytest.raises(HTTPException) as too_deep:
        check_json_shape(deep_but_few, 32, 300_000)
    assert too_deep.value.status_code == 400
    many_at_the_limit = b"[" + b",".join([b'{"a": "[x"}'] * 149_999) + b"]"
    check_json_shape(many_at_the_limit, 32, 300_000)  # depth 2: passes
    assert time.perf_counter() - started < 1.0  # measured ≈ 0.06 s; the old walk took 3.7 s


def test_the_largest_count_of_arrays_is_413_naming_the_body(client: Client) -> None:
    body = b"[" + b",".join([b"[]"] * 300_001) + b"]"
    _problem(client.post("/v1/metrics", content=body, headers=JSON), 413, "body")


# --- query parameters -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("/v1/plans?offset=abc&offset=0", "offset"),  # the last value used to win
        ("/v1/plans?limit=1&limit=2", "limit"),
        ("/v1/tables?offset=0&offset=0", "offset"),
        ("/v1/scenarios?limit=5&limit=5", "limit"),
        ("/v1/tables/bok-2023/multipliers?model=type_i&model=type_ii", "model"),
        ("/v1/plans/sejong-2024/audit?table=bok-2023&table=x", "table"),
        ("/v1/compare?ids=sejong-2024&ids=daejeon-2018", "ids"),
    ],
)
def test_a_repeated_query_parameter_is_400_naming_it(
    client: Client, query: str, field: str
) -> None:
    problem = _problem(client.get(query), 400, field)
    assert "once" in str(problem["detail"])


def test_query_parameters_given_once_pass_and_the_page_ignores_unknown_ones(
    client: Client,
) -> None:
    assert client.get("/v1/plans?limit=1&offset=0&city=sejong").status_code == 200
    assert client.get("/?plan=sejong-2024&lang=en&lang=ko&utm=a").status_code == 200  # the page
    assert client.get("/health?probe=1").status_code == 200


@pytest.mark.parametrize(
    ("url", "name", "close"),
    [
        ("/v1/plans/sejong-2024/audit?modle=type_ii", "modle", "model"),
        ("/v1/compare?ids=sejong-2024,daejeon-2018&pricey_year=2018", "pricey_year", "price_year"),
        ("/v1/plans?utm=a&utm=b", "utm", None),
        ("/v1/plans/sejong-2024/metrics?format=csv", "format", None),  # this route has no export
    ],
)
def test_an_api_route_refuses_a_query_parameter_it_does_not_take(
    client: Client, url: str, name: str, close: str | None
) -> None:
    """A misspelt parameter used to be ignored: ``?modle=type_ii`` answered with the default
    model as if understood. It is a 400 naming it, and the closest name the route takes."""
    response = client.get(url)
    assert response.status_code == 400, response.text
    problem = response.json()
    assert problem["field"] == name
    assert problem["errors"][0]["pointer"] == ""  # a query parameter has no place in a body
    assert (f"did you mean {close!r}" in problem["detail"]) is (close is not None)
    assert name in problem["detail_ko"]
