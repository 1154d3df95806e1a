"""``POST /v1/sweeps`` through the real app: scenario lists, grids, limits, jobs."""

from __future__ import annotations

import time
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.strategies_scenario import ALLOCATION

Client = TestClient[Litestar]
PLAN = {"id": "sejong-2024"}
BASE: list[dict[str, Any]] = [{"type": "reallocate", "allocation": ALLOCATION}]


def poll(client: Client, location: str, timeout: float = 120.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(location).json()
        if job["status"] in {"succeeded", "failed"}:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {location} did not finish in {timeout} s")


def test_a_list_of_scenarios_and_each_row_equals_the_scenario_endpoint(client: Client) -> None:
    rows: list[list[dict[str, Any]]] = [
        [{"type": "scale_investment", "factor": 0.8}, {"type": "local_share", "value": 0.6}],
        [{"type": "model", "kind": "type_ii"}],
        [{"type": "shift_allocation", "from": "62", "to": "51", "share": 0.5}],
    ]
    response = client.post(
        "/v1/sweeps", json={"plan": PLAN, "adjustments": BASE, "scenarios": rows}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert body["rows"][0]["parameters"] == {
        "scale_investment.factor": 0.8, "local_share.value": 0.6
    }  # fmt: skip
    for row, adjustments in zip(body["rows"], rows, strict=True):
        single = client.post(
            "/v1/scenarios", json={"plan": PLAN, "adjustments": BASE + adjustments}
        ).json()["scenario"]
        impacts = single["impacts"]
        assert row["investment_krw"] == single["plan"]["investment"]
        assert row["output_krw"] == pytest.approx(impacts["output"]["total"], rel=1e-9)
        assert row["jobs"] == pytest.approx(impacts["jobs"], rel=1e-9)
        assert row["output_in_region_krw"] == pytest.approx(
            impacts["regional"]["production"]["in_region"], rel=1e-9
        )
        assert row["lasting_jobs"] == pytest.approx(impacts["annual"]["lasting_jobs"], rel=1e-9)
        assert row["cost_per_job_krw"] == pytest.approx(
            single["metrics"]["cost_per_job_krw"]["value"], abs=0.5
        )


def test_a_grid_in_product_order(client: Client) -> None:
    grid = {"scale_investment.factor": [0.5, 0.8, 1], "local_share.value": [0.6, 1]}
    body = client.post("/v1/sweeps", json={"plan": PLAN, "adjustments": BASE, "grid": grid}).json()
    assert [row["parameters"] for row in body["rows"]][:3] == [
        {"scale_investment.factor": 0.5, "local_share.value": 0.6},
        {"scale_investment.factor": 0.5, "local_share.value": 1},
        {"scale_investment.factor": 0.8, "local_share.value": 0.6},
    ]
    out = [row["output_krw"] for row in body["rows"]]
    assert out[5] == pytest.approx(2 * out[0])
    assert body["rows"][0]["jobs_in_region"] < body["rows"][1]["jobs_in_region"]


def test_more_than_100000_rows_are_refused_naming_the_field(client: Client) -> None:
    too_many = client.post("/v1/sweeps", json={"plan": PLAN, "scenarios": [[]] * 100_001})
    assert too_many.status_code == 422
    assert too_many.json()["field"] == "scenarios"
    grid = {"scale_investment.factor": [1] * 1010, "local_share.value": [1] * 100}
    huge = client.post("/v1/sweeps", json={"plan": PLAN, "grid": grid})
    assert huge.status_code == 413
    assert huge.json()["field"] == "grid"


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        ({"plan": PLAN}, "body"),
        ({"plan": PLAN, "grid": {"x.y": [1]}}, "grid.x.y"),
        ({"plan": PLAN, "grid": {"local_share.value": [2]}}, "grid.local_share.value"),
        ({"plan": PLAN, "scenarios": [[{"type": "nope"}]]}, "scenarios.0.0.type"),
        ({"plan": PLAN, "adjustments": BASE, "scenarios": [[], [{"type": "table", "id": "x"}]]},
         "scenarios.1.0.id"),
    ],
)  # fmt: skip
def test_bad_sweeps_name_the_field(client: Client, request_: dict[str, Any], field: str) -> None:
    response = client.post("/v1/sweeps", json=request_)
    assert response.status_code in {404, 422}, response.text
    assert response.json()["field"] == field


def test_an_async_sweep_is_a_job_with_the_same_rows(client: Client) -> None:
    grid = {"scale_investment.factor": [0.5, 1], "local_share.value": [0, 1]}
    request_ = {"plan": PLAN, "adjustments": BASE, "grid": grid}
    direct = client.post("/v1/sweeps", json=request_).json()
    accepted = client.post("/v1/sweeps", json={**request_, "async": True})
    assert accepted.status_code == 202
    location = accepted.headers["location"]
    assert location == accepted.json()["location"] == f"/v1/jobs/{accepted.json()['id']}"
    job = poll(client, location)
    assert (job["status"], job["kind"], job["progress"]) == ("succeeded", "sweep", 1.0)
    assert job["result"]["href"] == f"{location}/result"
    assert job["result"]["rows"] == 4
    stored = client.get(job["result"]["href"])
    assert stored.headers["content-type"] == "application/json"
    assert int(stored.headers["content-length"]) == len(stored.content) == job["result"]["bytes"]
    assert stored.json() == direct


def test_a_failing_job_carries_its_problem(client: Client) -> None:
    request_ = {"plan": PLAN, "adjustments": BASE, "scenarios": [[{"type": "table", "id": "x"}]]}
    accepted = client.post("/v1/sweeps", json={**request_, "async": True})
    job = poll(client, accepted.headers["location"])
    assert job["status"] == "failed" and job["result"] is None
    assert (job["error"]["status"], job["error"]["field"]) == (404, "scenarios.0.0.id")
    no_result = client.get(f"{accepted.headers['location']}/result")
    assert (no_result.status_code, no_result.json()["field"]) == (409, "id")
    unknown = client.get("/v1/jobs/nope")
    assert (unknown.status_code, unknown.json()["field"]) == (404, "id")


def test_a_grid_value_error_is_in_the_scenario_routes_korean(client: Client) -> None:
    """The same bound broken in a scenario and in a grid reads the same in Korean (the grid's
    used to quote pydantic's English: '잘못된 입력: Input should be less than …')."""
    adjustment = {"type": "local_share", "value": 1.5}
    scenario = client.post(
        "/v1/scenarios", json={"plan": {"id": "sejong-2024"}, "adjustments": [adjustment]}
    ).json()
    sweep = client.post(
        "/v1/sweeps", json={"plan": {"id": "sejong-2024"}, "grid": {"local_share.value": [0.5, 2]}}
    ).json()
    assert scenario["errors"][0]["message_ko"] == "1 이하여야 합니다"
    assert sweep["field"] == "grid.local_share.value"
    assert sweep["errors"][0]["message_ko"] == "1 이하여야 합니다 (받은 값: 2)"
    assert sweep["detail_ko"] == "grid.local_share.value: 1 이하여야 합니다 (받은 값: 2)"
