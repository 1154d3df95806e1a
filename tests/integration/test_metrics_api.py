"""``POST /v1/metrics`` and ``GET /health`` through the real ASGI app."""

from __future__ import annotations

import json
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from impact.data import seeds_dir

Client = TestClient[Litestar]


def seed(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        (seeds_dir() / "plans" / f"{name}.json").read_text(encoding="utf-8")
    )
    return document


def test_health(client: Client) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_sejong_metrics(client: Client) -> None:
    response = client.post("/v1/metrics", json=seed("sejong-2024"))
    assert response.status_code == 200
    body = response.json()
    assert body["plan"]["investment"] == 170_400_000_000
    assert body["plan"]["claims"]["production_inducement"] == 290_100_000_000
    metrics = body["metrics"]
    assert metrics["cost_per_job_krw"]["value"] == 85_285_285
    assert metrics["cost_per_job_krw"]["unit"] == "KRW/person"
    assert round(metrics["production_multiplier"]["value"], 4) == 1.7025
    assert round(metrics["value_added_ratio"]["value"], 4) == 0.7312
    assert metrics["cost_per_startup_krw"]["value"] is None
    assert metrics["cost_per_startup_krw"]["reason"]["en"] == "no startups claim stated"
    assert body["display"]["investment"]["ko"] == "1,704억원"
    assert body["display"]["investment"]["en"] == "₩170.4B"
    assert [f["severity"] for f in body["flags"] if f["severity"] == "error"] == []


def test_daejeon_metrics_and_double_count(client: Client) -> None:
    body = client.post("/v1/metrics", json=seed("daejeon-2018")).json()
    assert body["metrics"]["cost_per_job_krw"]["value"] == 77_777_778
    assert round(body["metrics"]["production_multiplier"]["value"], 4) == 1.6786
    assert round(body["metrics"]["value_added_ratio"]["value"], 4) == 0.6786
    codes = [f["code"] for f in body["flags"]]
    assert "double_counted_total" in codes
    assert body["display"]["investment"]["ko"] == "2조 8,000억원"


def test_numbers_are_plain_json_numbers(client: Client) -> None:
    body = client.post("/v1/metrics", json={"city": "X", "investment": "₩170.4B"}).json()
    assert body["plan"]["investment"] == 170_400_000_000
    assert isinstance(body["plan"]["investment"], int)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"city": "세종", "investment": "억억"}, "investment"),
        ({"city": "세종", "investment": "2조조"}, "investment"),
        ({"city": "세종", "investment": "-5억"}, "investment"),
        ({"city": "세종", "investment": "12abc"}, "investment"),
        ({"city": "세종", "investment": 0}, "investment"),
        ({"city": "세종", "investment": "0.5원"}, "investment"),
        ({"city": "세종", "investment": "1억", "claims": {"jobs": -3}}, "claims.jobs"),
        ({"city": "세종", "investment": "1억", "claims": {"jobs": "many"}}, "claims.jobs"),
        ({"city": "", "investment": "1억"}, "city"),
        ({"investment": "1억"}, "city"),
        ({"city": "X", "investment": "1억", "period": {"start": 2030, "end": 2020}}, "period"),
    ],
)
def test_bad_plans_get_problem_json_naming_the_field(
    client: Client, payload: dict[str, Any], field: str
) -> None:
    response = client.post("/v1/metrics", json=payload)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422
    assert field in [e["field"] for e in problem["errors"]]
    assert problem["instance"] == "/v1/metrics"
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(b"{", "application/json"), (b"", "application/json"), (b"[1, 2]", "application/json")],
)
def test_malformed_bodies_are_4xx_problems(
    client: Client, content: bytes, content_type: str
) -> None:
    response = client.post("/v1/metrics", content=content, headers={"content-type": content_type})
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"]


def test_json_number_overflow_is_a_field_error(client: Client) -> None:
    response = client.post(
        "/v1/metrics",
        content=b'{"city": "X", "investment": 1e400}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code in {400, 422}
    assert response.headers["content-type"] == "application/problem+json"


def test_unknown_route_is_problem_json(client: Client) -> None:
    response = client.get("/v1/nope")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
