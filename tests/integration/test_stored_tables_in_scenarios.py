"""The ``table {id}`` adjustment takes uploaded and regionalised tables in scenarios,
sweeps and Monte Carlo runs, as the README says (issue 14, item 13)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from api.app import create_app
from tests.integration.conftest import Databases, settings_for

Client = TestClient[Litestar]
TABLE = {
    "name": "two sectors",
    "unit": "million KRW",
    "krw_per_unit": 1_000_000,
    "sectors": [{"code": "62", "name": "Software"}, {"code": "51", "name": "Construction"}],
    "intermediate": [[10.0, 20.0], [30.0, 5.0]],
    "total_output": [100.0, 200.0],
    "employment": [3.0, 4.0],
}
PLAN = {
    "city": "X",
    "investment": "100억",
    "claims": {"jobs": 50},
    "allocation": {"shares": {"62": 0.5, "51": 0.5}},
}


@pytest.fixture(scope="module")
def client(databases: Databases) -> Iterator[Client]:
    with TestClient(create_app(settings_for(databases.new()))) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def table_id(client: Client) -> str:
    response = client.post("/v1/tables", json=TABLE)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _table(table_id: str) -> list[dict[str, Any]]:
    return [{"type": "table", "id": table_id}]


def test_a_scenario_runs_on_an_uploaded_table(client: Client, table_id: str) -> None:
    response = client.post("/v1/scenarios", json={"plan": PLAN, "adjustments": _table(table_id)})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (
        body["scenario"]["impacts"]["output"]["total"]
        != body["baseline"]["impacts"]["output"]["total"]
    )


def test_a_saved_scenario_on_an_uploaded_table_reads_back(client: Client, table_id: str) -> None:
    saved = client.post(
        "/v1/scenarios", json={"plan": PLAN, "adjustments": _table(table_id), "save": True}
    )
    assert saved.status_code == 201, saved.text
    again = client.get(f"/v1/scenarios/{saved.json()['id']}")
    assert again.status_code == 200
    assert again.json()["scenario"] == saved.json()["scenario"]


def test_a_sweep_grid_and_a_monte_carlo_run_take_it_too(client: Client, table_id: str) -> None:
    grid = {"table.id": ["bok-2023", table_id], "scale_investment.factor": [1, 2]}
    sweep = client.post("/v1/sweeps", json={"plan": PLAN, "grid": grid})
    assert sweep.status_code == 200, sweep.text
    rows = sweep.json()["rows"]
    assert rows[0]["output_krw"] != rows[2]["output_krw"]  # bok-2023 vs the upload
    assert rows[3]["output_krw"] == pytest.approx(2 * rows[2]["output_krw"], rel=1e-9)
    draws = {"plan": PLAN, "adjustments": _table(table_id), "draws": 300, "seed": 1}
    monte_carlo = client.post("/v1/uncertainty", json={**draws, "coefficient_cv": 0.1})
    assert monte_carlo.status_code == 200, monte_carlo.text


def test_an_unknown_table_is_404_naming_the_adjustment(client: Client) -> None:
    response = client.post("/v1/scenarios", json={"plan": PLAN, "adjustments": _table("nope")})
    assert response.status_code == 404
    problem = response.json()
    assert problem["field"] == "adjustments.0.id"
    assert "uploaded" in problem["detail"]  # not "this engine knows 'bok-2023'" alone
