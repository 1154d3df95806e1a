"""``POST /v1/uncertainty`` through the real app, directly and as a polled job."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from api.app import create_app
from api.settings import Settings
from tests.integration.conftest import sqlite_url
from tests.integration.test_sweeps_api import BASE, PLAN, poll

Client = TestClient[Litestar]
REQUEST = {"plan": PLAN, "adjustments": BASE, "draws": 600, "seed": 7, "coefficient_cv": 0.1}


@pytest.fixture(scope="module")
def low_threshold_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    path: Path = tmp_path_factory.mktemp("unc") / "jobs.db"
    settings = Settings(database_url=sqlite_url(path), job_draws_threshold=500)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_small_run_answers_bands_and_claim_probabilities(client: Client) -> None:
    response = client.post("/v1/uncertainty", json=REQUEST)
    assert response.status_code == 200
    body = response.json()
    assert (body["draws"], body["seed"], body["chunk_size"]) == (600, 7, 250)
    for name in ("output", "value_added", "jobs"):
        band = body[name]
        assert band["p5"] < band["median"] < band["p95"]
        # the point is on the purchaser basis; the basis varies towards domestic: more
        assert band["p5"] < band["p95"] and band["median"] > band["point"]
        assert 0 <= band["probability_claim_reached"] <= 1
    assert body["output"]["claimed"] == 290_100_000_000
    assert float(body["output"]["p5"]).is_integer()  # money bands in whole won
    assert {s["source"] for s in body["sources"]} == {"coefficients", "basis", "local_share"}
    assert body["output_in_region"]["p5"] < body["output_in_region"]["p95"]
    assert client.post("/v1/uncertainty", json=REQUEST).json() == body  # same seed
    fixed = {**REQUEST, "basis_uncertainty": False, "local_share_spread": 0}
    centred = client.post("/v1/uncertainty", json=fixed).json()["output"]
    assert centred["p5"] < centred["point"] < centred["p95"]


def test_zero_noise_is_the_point_estimate(client: Client) -> None:
    body = client.post(
        "/v1/uncertainty",
        json={**REQUEST, "coefficient_cv": 0, "basis_uncertainty": False, "local_share_spread": 0},
    ).json()
    output = body["output"]
    assert output["p5"] == output["median"] == output["p95"]
    assert output["median"] == pytest.approx(output["point"], abs=1)
    assert body["sources"] == []


def test_many_draws_become_a_job_with_the_same_answer(
    client: Client, low_threshold_client: Client
) -> None:
    direct = client.post("/v1/uncertainty", json=REQUEST).json()
    accepted = low_threshold_client.post("/v1/uncertainty", json=REQUEST)
    assert accepted.status_code == 202
    job = poll(low_threshold_client, accepted.headers["location"])
    assert (job["status"], job["kind"]) == ("succeeded", "uncertainty")
    assert job["result"]["rows"] == 0 and job["result"]["formats"] == ["json"]
    result = low_threshold_client.get(job["result"]["href"])
    assert result.json() == direct  # in-process Dask cluster, same seed, same draws
    csv = low_threshold_client.get(job["result"]["href"], params={"format": "csv"})
    assert (csv.status_code, csv.json()["field"]) == (406, "format")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"draws": 100_001}, "draws"),
        ({"draws": 0}, "draws"),
        ({"coefficient_cv": -0.1}, "coefficient_cv"),
        ({"allocation_concentration": 0}, "allocation_concentration"),
        ({"plan": {"city": "X", "investment": "1억"}, "adjustments": []}, "plan.allocation"),
        ({"adjustments": [*BASE, {"type": "model", "kind": "type_ii"}]}, "model"),
        ({"seed": -1}, "seed"),
        ({"local_share_spread": 1.5}, "local_share_spread"),
    ],
)
def test_bad_requests_name_the_field(client: Client, change: dict[str, object], field: str) -> None:
    response = client.post("/v1/uncertainty", json={**REQUEST, **change})
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field
