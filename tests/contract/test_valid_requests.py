"""Valid requests of every computing and saving route, each answer checked against the document.

The fuzzer (test_openapi_fuzz.py) rarely builds a request the validators accept for the
routes with rich bodies -- a plan with an allocation adding up to 1, a productive table,
a grid of adjustments -- so their success answers were never checked: a saved scenario's
201 was undocumented. Here each route gets requests that succeed, as a client sends
them, and schemathesis checks status, media type, headers and body against the served
OpenAPI document (the same checks as the fuzzer's).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
import schemathesis
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import positive_data_acceptance
from schemathesis.specs.openapi.schemas import OpenApiSchema

from api.app import create_app
from tests.integration.conftest import settings_for, sqlite_url
from tests.integration.test_tables_api import MILLER_BLAIR
from tests.strategies_scenario import ALLOCATION

KEY = "contract-valid-key-0123456789"
HEADERS = {"X-API-Key": KEY}
EXCLUDED = [cast("schemathesis.CheckFunction", positive_data_acceptance)]
JOB_WAIT_S = 60

_directory = tempfile.TemporaryDirectory(prefix="impact-valid-")
_app = create_app(settings_for(sqlite_url(Path(_directory.name) / "valid.db"), api_keys=KEY))
schema: OpenApiSchema = schemathesis.openapi.from_asgi("/schema/openapi.json", _app)

BUSAN = {"city": "부산 Busan", "investment": "1,000억원", "allocation": ALLOCATION}
CUT = [
    {"type": "reallocate", "allocation": ALLOCATION},
    {"type": "scale_investment", "factor": 0.8},
    {"type": "local_share", "value": 0.6},
]
WITH_HOUSEHOLDS = {
    **MILLER_BLAIR,
    "compensation": [300, 400],
    "household_consumption": [90, 50],
    "employment": [10, 20],
}


@pytest.fixture(scope="module", autouse=True)
def _close_the_app() -> Iterator[None]:
    yield
    asgi.shutdown_lifespans()
    _directory.cleanup()


def call(
    method: str,
    path: str,
    *,
    body: Any = None,
    query: dict[str, Any] | None = None,
    id: str | None = None,  # noqa: A002 -- the path parameter's name
) -> Any:
    """Send one request; fail unless its answer is a documented 2xx, valid in every part."""
    kwargs: dict[str, Any] = {}
    if body is not None:
        kwargs |= {"body": body, "media_type": "application/json"}
    if query:
        kwargs["query"] = query
    if id is not None:
        kwargs["path_parameters"] = {"id": id}
    case = schema[path][method].Case(**kwargs)
    response = case.call(headers=HEADERS)
    case.validate_response(response, excluded_checks=EXCLUDED)
    assert 200 <= response.status_code < 300, response.text[:500]
    return response


def test_tables_upload_multipliers_and_regionalize() -> None:
    call("GET", "/v1/tables")
    call("GET", "/v1/tables/{id}", id="bok-2023")
    for model in ("type_i", "type_ii"):
        call("GET", "/v1/tables/{id}/multipliers", id="bok-2023", query={"model": model})
    plain = call("POST", "/v1/tables", body=MILLER_BLAIR).json()["id"]
    households = call("POST", "/v1/tables", body=WITH_HOUSEHOLDS).json()["id"]
    call("GET", "/v1/tables/{id}", id=plain)
    for model in ("type_i", "type_ii"):
        call("GET", "/v1/tables/{id}/multipliers", id=households, query={"model": model})
    for method in ("slq", "cilq", "flq"):
        employment = {"regional_employment": [0, 20], "national_employment": [100, 100]}
        call("POST", "/v1/tables/{id}/regionalize", id=plain, body={"method": method, **employment})
    call("GET", "/v1/tables", query={"limit": 2, "offset": 1})


def test_impact() -> None:
    call("POST", "/v1/impact", body={"demand": {"62": "100억"}})
    demand = {"62": "100억", "50": "₩2.5B"}
    call("POST", "/v1/impact", body={"demand": demand, "model": "type_ii", "region": "sejong"})
    call("POST", "/v1/impact", body={"demand": {"62": "100억"}, "region": "daejeon"})
    table = call("POST", "/v1/tables", body=MILLER_BLAIR).json()["id"]
    call("POST", "/v1/impact", body={"table": table, "demand": {"1": 100, "2": 50}})


def test_audit() -> None:
    call("POST", "/v1/audit", body={"plan": {"id": "sejong-2024"}})
    call("POST", "/v1/audit", body={"plan": {"id": "daejeon-2018"}, "model": "type_ii"})
    call("POST", "/v1/audit", body={"plan": {**BUSAN, "allocation": None}})
    call("GET", "/v1/plans/{id}/audit", id="sejong-2024", query={"model": "type_ii"})


def test_scenarios_computed_saved_read_and_deleted() -> None:
    adjustments = [
        *CUT,
        {"type": "model", "kind": "type_ii"},
        {"type": "period", "start": 2024, "end": 2026},
        {"type": "price_year", "year": 2020},
    ]
    call("POST", "/v1/scenarios", body={"plan": {"id": "sejong-2024"}, "adjustments": adjustments})
    call("POST", "/v1/scenarios", body={"plan": BUSAN})
    save = {"plan": {"id": "sejong-2024"}, "adjustments": CUT, "save": True}
    saved = call("POST", "/v1/scenarios", body=save)
    assert saved.status_code == 201
    call("GET", "/v1/scenarios")
    call("GET", "/v1/scenarios/{id}", id=saved.json()["id"])
    call("DELETE", "/v1/scenarios/{id}", id=saved.json()["id"])


def _settled(job: Any) -> Any:
    deadline = time.monotonic() + JOB_WAIT_S
    while True:
        polled = call("GET", "/v1/jobs/{id}", id=job.json()["id"]).json()
        if polled["status"] in {"succeeded", "failed"} or time.monotonic() > deadline:
            return polled
        time.sleep(0.2)


def test_sweeps_uncertainty_and_their_jobs() -> None:
    grid = {"scale_investment.factor": [0.8, 1], "local_share.value": [0.6, 1]}
    call("POST", "/v1/sweeps", body={"plan": {"id": "sejong-2024"}, "grid": grid})
    call("POST", "/v1/sweeps", body={"plan": BUSAN, "scenarios": [[], CUT[1:]]})
    draws = {"draws": 200, "seed": 1, "coefficient_cv": 0.1}
    call("POST", "/v1/uncertainty", body={"plan": {"id": "sejong-2024"}, **draws})
    call("POST", "/v1/uncertainty", body={"plan": BUSAN, "allocation_concentration": 50, **draws})

    job = call("POST", "/v1/sweeps", body={"plan": BUSAN, "grid": grid, "async": True})
    assert job.status_code == 202
    assert _settled(job)["status"] == "succeeded"
    job_id = job.json()["id"]
    for query in ({}, {"offset": 1, "limit": 2}, {"format": "jsonl"}, {"format": "csv"}):
        got = call("GET", "/v1/jobs/{id}/result", id=job_id, query=query)
        assert got.status_code == 200, got.text
    failing = [[{"type": "table", "id": "no-such-table"}]]
    job = call("POST", "/v1/sweeps", body={"plan": BUSAN, "scenarios": failing, "async": True})
    failed = _settled(job)
    assert (failed["status"], failed["error"]["status"]) == ("failed", 404)
