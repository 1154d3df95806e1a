"""``/v1/compare`` through the real app: inline plans, saved ids, shareable GET links."""

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


def cost_per_job(body: dict[str, Any]) -> dict[str, Any]:
    return {row["label"]: row["metrics"]["cost_per_job_krw"]["value"] for row in body["rows"]}


def test_saved_seeds_compared_in_2024_won(client: Client) -> None:
    response = client.post(
        "/v1/compare",
        json={"plans": [{"id": "sejong-2024"}, {"id": "daejeon-2018"}], "price_year": 2024},
    )
    assert response.status_code == 200
    body = response.json()
    costs = cost_per_job(body)
    assert costs["sejong-2024"] == 85_285_285
    assert 87_400_000 < costs["daejeon-2018"] < 87_500_000
    daejeon = body["rows"][1]
    assert daejeon["nominal_investment"] == 2_800_000_000_000
    assert daejeon["basis"]["factor"] == pytest.approx(111.381 / 99.056)
    assert daejeon["ranks"]["cost_per_job_krw"] == 2
    assert body["rankings"]["cost_per_job_krw"] == {
        "better": "lower",
        "description": {"ko": "일자리 1개당 투자액", "en": "Public spending per claimed job"},
        "best": ["sejong-2024"],
    }


def test_shareable_get_link_equals_post(client: Client) -> None:
    got = client.get("/v1/compare?ids=sejong-2024,daejeon-2018&price_year=2024")
    posted = client.post(
        "/v1/compare",
        json={"plans": [{"id": "sejong-2024"}, {"id": "daejeon-2018"}], "price_year": 2024},
    )
    assert got.status_code == 200
    assert got.json() == posted.json()


def test_inline_and_saved_plans_mix_and_usd(client: Client) -> None:
    created = client.post("/v1/plans", json={**seed("sejong-2024"), "city": "세종 copy"})
    assert created.status_code == 201
    saved_id = created.json()["id"]
    body = client.post(
        "/v1/compare",
        json={
            "plans": [seed("daejeon-2018"), {"id": saved_id}],
            "index": "cpi",
            "currency": "USD",
        },
    ).json()
    assert [row["label"] for row in body["rows"]] == ["대전 Daejeon", saved_id]
    assert body["index"] == "cpi"
    assert body["rows"][0]["basis"]["factor"] == pytest.approx(114.18 / 99.082)
    assert body["rows"][1]["usd"]["investment_usd"] == pytest.approx(170_400_000_000 / 1364.44)


@pytest.mark.parametrize(
    ("request_", "status", "field"),
    [
        ({"plans": [{"id": "nope"}]}, 404, "plans.0.id"),
        ({"plans": []}, 422, "plans"),
        ({"plans": [{"id": "sejong-2024"}], "price_year": 2031}, 422, "price_year"),
        ({"plans": [{"city": "X", "investment": "억억"}]}, 422, "plans.0.investment"),
        ({"plans": [{"city": "X", "investment": 1}]}, 422, "plans.0.price_year"),
        ({"plans": [{"id": "sejong-2024"}], "index": "ppi"}, 422, "index"),
        ({"plans": [{"id": "sejong-2024", "x": 1}]}, 422, "plans.0.x"),
    ],
)
def test_bad_compare_requests_name_the_field(
    client: Client, request_: dict[str, Any], status: int, field: str
) -> None:
    response = client.post("/v1/compare", json=request_)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in [e["field"] for e in response.json()["errors"]]


def test_unknown_id_in_a_link_names_it(client: Client) -> None:
    response = client.get("/v1/compare?ids=sejong-2024,nope")
    assert response.status_code == 404
    assert response.json()["field"] == "ids.1"
