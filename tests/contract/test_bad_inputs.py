"""The catalogue of hostile and broken requests (bad_inputs.yaml): each gets what it must.

Every case runs against one app (API key configured, no rate limit) and must get its
expected status; a 4xx must be ``application/problem+json`` naming the expected field;
no case may get a 5xx; and the saved plans must be exactly the same after the whole
catalogue as before it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from httpx import Response
from litestar import Litestar
from litestar.testing import TestClient

from api.app import create_app
from tests.integration.conftest import settings_for, sqlite_url

CATALOGUE = Path(__file__).with_name("bad_inputs.yaml")
KEY = "bad-input-catalogue-key-0123456789"
WRONG_KEY = "not-the-key-of-this-server-0000"
PROBLEM = "application/problem+json"
MIN_CASES = 50

Client = TestClient[Litestar]
Case = dict[str, Any]

_document: dict[str, Any] = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
CASES: list[Case] = _document["cases"]
PLAN: dict[str, Any] = _document["definitions"]["plan"]


def _huge_integer(digits: int) -> bytes:
    return b'{"city": "x", "investment": ' + b"9" * digits + b"}"


def _long_city(length: int) -> bytes:
    return json.dumps({**PLAN, "city": "세" * length}).encode()


def _many_industries(count: int) -> bytes:
    return json.dumps({**PLAN, "industries": [f"industry {i}" for i in range(count)]}).encode()


def _long_notes(length: int) -> bytes:
    return json.dumps({**PLAN, "notes": "n" * length}).encode()


def _big_body(size: int) -> bytes:
    head = json.dumps({**PLAN, "notes": ""}).encode()[:-2]  # ..."notes": "
    return head + b"x" * (size - len(head) - 2) + b'"}'


def _many_arrays(count: int) -> bytes:
    """``count`` empty arrays in one array: 2.7 million fill 8 MiB."""
    return b"[" + b",".join([b"[]"] * count) + b"]"


def _table_huge_integer(digits: int) -> bytes:
    """A table upload whose one coefficient is an integer of ``digits`` digits."""
    return (
        b'{"name": "t", "unit": "million KRW", "sectors": [{"code": "a", "name": "a"}], '
        b'"intermediate": [[' + b"9" * digits + b']], "total_output": [1]}'
    )


def _deep_arrays(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _deep_objects(depth: int) -> bytes:
    return b'{"city": ' * depth + b'"x"' + b"}" * depth


def _many_plans(count: int) -> bytes:
    return json.dumps({"plans": [PLAN] * count}).encode()


def _sweep_rows(rows: int) -> bytes:
    return json.dumps({"plan": PLAN, "scenarios": [[]] * rows}).encode()


def _sweep_grid(values_per_key: int) -> bytes:
    grid = {
        "scale_investment.factor": [1 + i / 1000 for i in range(values_per_key)],
        "local_share.value": [i / values_per_key for i in range(values_per_key)],
    }
    return json.dumps({"plan": PLAN, "grid": grid}).encode()


def _wide_table(sectors: int) -> bytes:
    """A well-formed table upload of ``sectors`` sectors (intermediate: 17-digit numbers)."""
    n = sectors
    row = "[" + ",".join(["0.012345678901234"] * n) + "]"
    head = {
        "name": "big",
        "unit": "million KRW",
        "sectors": [{"code": f"s{i}", "name": f"sector {i}"} for i in range(n)],
        "total_output": [1.0] * n,
    }
    return (json.dumps(head)[:-1] + ', "intermediate": [' + ",".join([row] * n) + "]}").encode()


def _big_table(size: int) -> bytes:
    """A well-formed table upload just larger than ``size`` bytes."""
    return _wide_table(math.isqrt(size // 18) + 1)  # 17 digits and a comma per number


GENERATORS: dict[str, Callable[..., bytes]] = {
    "huge_integer": _huge_integer,
    "long_city": _long_city,
    "many_industries": _many_industries,
    "long_notes": _long_notes,
    "big_body": _big_body,
    "deep_arrays": _deep_arrays,
    "many_arrays": _many_arrays,
    "table_huge_integer": _table_huge_integer,
    "deep_objects": _deep_objects,
    "many_plans": _many_plans,
    "sweep_rows": _sweep_rows,
    "sweep_grid": _sweep_grid,
    "big_table": _big_table,
    "wide_table": _wide_table,
}


def _body(case: Case) -> bytes | None:
    if "json" in case:
        return json.dumps(case["json"], ensure_ascii=False).encode()
    if "raw" in case:
        return str(case["raw"]).encode("utf-8")
    if "raw_hex" in case:
        return bytes.fromhex(case["raw_hex"])
    if "generate" in case:
        spec = dict(case["generate"])
        return GENERATORS[spec.pop("kind")](*spec.values())
    return None


def _headers(case: Case, body: bytes | None) -> dict[str, str]:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    headers |= {str(k): str(v) for k, v in (case.get("headers") or {}).items()}
    auth = case.get("auth", "valid")
    if auth != "none":
        headers["X-API-Key"] = KEY if auth == "valid" else WRONG_KEY
    return headers


def _at(document: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        document = document[int(part)] if isinstance(document, list) else document[part]
    return document


def _route_is_absent(response: Response) -> bool:
    """A routing 404 (no such route) or 405, not a 404 of an unknown id."""
    if response.status_code == 405:
        return True
    if response.status_code != 404:
        return False
    problem = response.json()
    return bool(problem.get("type", "").endswith(":http-404"))


def _snapshot(client: Client) -> Any:
    return client.get("/v1/plans", params={"limit": 100}).json()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    database = sqlite_url(tmp_path_factory.mktemp("catalogue") / "catalogue.db")
    app = create_app(settings_for(database, api_keys=KEY))
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def before(client: Client) -> Any:
    """The saved plans before the first case ran."""
    return _snapshot(client)


def test_the_catalogue_is_large_and_well_formed() -> None:
    assert len(CASES) >= MIN_CASES
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for case in CASES:
        assert {"id", "method", "path", "expect"} <= set(case), case.get("id")
        assert sum(k in case for k in ("json", "raw", "raw_hex", "generate")) <= 1, case["id"]
        expect = case["expect"]
        statuses = expect["status"] if isinstance(expect["status"], list) else [expect["status"]]
        if any(status >= 400 for status in statuses):
            assert "field" in expect or "field_matches" in expect, case["id"]


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_each_bad_input_gets_what_it_must(client: Client, before: Any, case: Case) -> None:
    body = _body(case)
    response = client.request(
        case["method"], case["path"], content=body, headers=_headers(case, body)
    )
    if case.get("skip_if_missing") and _route_is_absent(response):
        pytest.skip(f"{case['method']} {case['path'].split('?')[0]} is not in this build")

    expect = case["expect"]
    allowed = expect["status"] if isinstance(expect["status"], list) else [expect["status"]]
    assert response.status_code < 500, response.text[:500]
    assert response.status_code in allowed, response.text[:500]

    if response.status_code >= 400:
        assert response.headers["content-type"] == PROBLEM
        problem = response.json()
        assert problem["status"] == response.status_code
        named = [problem["field"], *(error["field"] for error in problem["errors"])]
        if "field" in expect:
            assert expect["field"] in named, problem
        else:
            assert any(re.search(expect["field_matches"], str(f)) for f in named), problem
        assert "Traceback" not in response.text
        assert re.search("[가-힣]", problem["detail_ko"]), problem  # Korean too
        assert all(re.search("[가-힣]", error["message_ko"]) for error in problem["errors"])
    for dotted, value in (expect.get("json") or {}).items():
        assert _at(response.json(), dotted) == value, dotted


def test_the_catalogue_changed_no_saved_plan(client: Client, before: Any) -> None:
    assert _snapshot(client) == before
    assert before["total"] >= 2  # the shipped plans at least
