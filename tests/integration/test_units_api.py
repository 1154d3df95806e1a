"""Units and names: dollars under ``_usd`` keys, whole won in Monte Carlo bands, percents
rounded for people only, and ``POST /v1/audit`` of a bare plan."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from impact.data import seeds_dir
from impact.prices import load_price_indices

Client = TestClient[Litestar]


def seed(name: str) -> dict[str, Any]:
    path = seeds_dir() / "plans" / f"{name}.json"
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def test_dollars_are_under_usd_keys(client: Client) -> None:
    body = client.get(
        "/v1/compare", params={"ids": "sejong-2024,daejeon-2018", "currency": "USD"}
    ).json()
    rate = float(load_price_indices().krw_per_usd[body["price_year"]])
    for row in body["rows"]:
        usd = row["usd"]
        assert usd and all(key.endswith("_usd") and "_krw" not in key for key in usd)
        assert usd["investment_usd"] == pytest.approx(row["real_investment"] / rate, abs=0.01)
        cost = row["metrics"]["cost_per_job_krw"]["value"]
        assert usd["cost_per_job_usd"] == pytest.approx(cost / rate, abs=0.01)


def test_monte_carlo_money_is_whole_won_and_jobs_are_persons(client: Client) -> None:
    request = {"plan": {"id": "sejong-2024"}, "draws": 300, "seed": 1, "coefficient_cv": 0.1}
    body = client.post("/v1/uncertainty", json=request).json()
    for name in ("output", "value_added"):
        band = body[name]
        for key in ("point", "mean", "median", "p5", "p95", "std", "claimed"):
            assert type(band[key]) is int, (name, key, band[key])
        assert band["p5"] <= band["median"] <= band["p95"]
    assert all(isinstance(body["jobs"][k], float) for k in ("mean", "median", "p5", "p95"))
    schema = client.get("/schema/openapi.json").json()["components"]["schemas"]
    assert schema["MoneyBand"]["properties"]["mean"]["type"] == "integer"


def test_percents_are_exact_numbers_and_rounded_strings(client: Client) -> None:
    request = {
        "plan": {"id": "sejong-2024"},
        "adjustments": [{"type": "scale_investment", "factor": 1.25}],
    }
    delta = client.post("/v1/scenarios", json=request).json()["delta"]
    checked = 0
    for change in delta.values():
        percent = change["percent"]
        if percent is None:
            assert change["percent_display"] is None
            continue
        shown = Decimal(repr(percent)).quantize(Decimal("0.1"))
        expected = "0.0%" if shown == 0 else f"{shown:+.1f}%"
        assert change["percent_display"] == expected
        checked += 1
    output = delta["impacts.output.total"]
    assert output["percent"] == pytest.approx(25.0) and output["percent_display"] == "+25.0%"
    assert checked > 10


def test_the_audit_takes_a_bare_plan(client: Client) -> None:
    bare = client.post("/v1/audit", json=seed("sejong-2024"))
    wrapped = client.post("/v1/audit", json={"plan": seed("sejong-2024")})
    assert bare.status_code == wrapped.status_code == 200
    assert bare.json() == wrapped.json()
    typo = client.post("/v1/audit", json={"city": "부산", "investmnet": "약 500억원"})
    assert typo.status_code == 422
    errors = {e["field"]: e["did_you_mean"] for e in typo.json()["errors"]}
    assert errors == {"investment": None, "investmnet": "investment"}
    unknown = client.post(
        "/v1/audit", json={"city": "X", "investment": "100억", "allocation": {"shares": {"99": 1}}}
    )
    assert unknown.status_code == 422 and unknown.json()["field"] == "allocation.shares.99"
