"""``POST /v1/audit`` and ``GET /v1/plans/{id}/audit`` through the real app."""

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


def statuses(body: dict[str, Any]) -> dict[str, str | None]:
    return {c["code"]: c["status"] for c in body["checks"]}


def test_sejong_by_id(client: Client) -> None:
    response = client.post("/v1/audit", json={"plan": {"id": "sejong-2024"}})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["table"] == "bok-2023" and body["model"] == "type_i"
    assert body["basis"] == "purchaser"
    assert body["verdict"]["status"] == "optimistic"  # its jobs: 1,998 vs 1,518 job-years
    assert "assumption" in body["verdict"]["en"] and "가정" in body["verdict"]["ko"]
    assert body["allocation"]["basis"] == "assumed"
    assert body["regional"]["region"]["key"] == "sejong"
    production = next(c for c in body["checks"] if c["code"] == "production_multiplier")
    assert production["published"]["value"] == 1.827
    assert production["economy_wide"]["per_unit"] == pytest.approx(1.827, rel=0.01)
    assert "₩290.1B" in production["explanation"]["en"]
    assert "2,901억원" in production["explanation"]["ko"]
    assert body["recipe"]["solver"].startswith("LU")
    assert "table" in body["provenance"] and "regional" in body["provenance"]


def test_daejeon_by_id_flags_the_double_count(client: Client) -> None:
    body = client.post("/v1/audit", json={"plan": {"id": "daejeon-2018"}}).json()
    assert statuses(body)["arithmetic"] == "not_comparable"
    assert statuses(body)["total_effect"] == "not_comparable"
    assert body["verdict"]["status"] != "not_comparable"  # judged on the other claims
    assert "double_counted_total" in [f["code"] for f in body["flags"]]
    total = next(c for c in body["checks"] if c["code"] == "total_effect")
    assert "₩6.6T" in total["explanation"]["en"] and "6조 6,000억원" in total["explanation"]["ko"]


@pytest.mark.parametrize("name", ["sejong-2024", "daejeon-2018"])
def test_inline_saved_and_shareable_link_agree(client: Client, name: str) -> None:
    by_id = client.post("/v1/audit", json={"plan": {"id": name}}).json()
    inline = client.post("/v1/audit", json={"plan": seed(name)}).json()
    link = client.get(f"/v1/plans/{name}/audit")
    assert link.status_code == 200
    assert inline == by_id == link.json()


def test_type_ii_audit(client: Client) -> None:
    one = client.post("/v1/audit", json={"plan": {"id": "sejong-2024"}}).json()
    two = client.get("/v1/plans/sejong-2024/audit?model=type_ii").json()
    assert two["model"] == "type_ii"

    def point(body: dict[str, Any]) -> float:
        check = next(c for c in body["checks"] if c["code"] == "production_multiplier")
        return float(check["model"]["per_unit"])

    assert point(two) > point(one)


def test_plan_without_allocation_reports_ranges(client: Client) -> None:
    plan = {**seed("sejong-2024"), "allocation": None}
    body = client.post("/v1/audit", json={"plan": plan}).json()
    assert body["allocation"]["basis"] == "absent"
    production = next(c for c in body["checks"] if c["code"] == "production_multiplier")
    public = next(b for b in production["benchmarks"] if b["key"] == "public")
    assert production["model"]["per_unit"] == pytest.approx(public["figure"]["per_unit"])
    assert production["band"]["low"]["per_unit"] < production["model"]["per_unit"]
    assert "no split by sector" in body["verdict"]["en"]


def test_audit_against_an_uploaded_table(client: Client) -> None:
    table = {
        "name": "two sectors",
        "unit": "million KRW",
        "sectors": [{"code": "62", "name": "software"}, {"code": "70", "name": "R&D"}],
        "intermediate": [[150, 500], [200, 100]],
        "total_output": [1000, 2000],
        "employment": [10, 30],
        "krw_per_unit": 1e6,
    }
    table_id = client.post("/v1/tables", json=table).json()["id"]
    plan = {
        "city": "Busan",
        "investment": "100억",
        "claims": {"production_inducement": "150억", "jobs": 2},
        "allocation": {"shares": {"62": 0.5, "70": 0.5}},
    }
    response = client.post("/v1/audit", json={"plan": plan, "table": table_id})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["table"] == table_id and body["regional"] is None
    jobs = next(c for c in body["checks"] if c["code"] == "jobs_per_billion_krw")
    assert "table" in jobs["basis"] and jobs["published"] is None
    no_money = client.post("/v1/tables", json={**table, "krw_per_unit": None}).json()["id"]
    refused = client.post("/v1/audit", json={"plan": plan, "table": no_money})
    assert refused.status_code == 422 and refused.json()["field"] == "table"
    unknown = client.post("/v1/audit", json={"plan": {"id": "sejong-2024"}, "table": table_id})
    assert unknown.status_code == 422  # Sejong's allocation names sectors this table lacks
    assert unknown.json()["field"].startswith("plan.allocation.shares.")


@pytest.mark.parametrize(
    ("request_", "status", "field"),
    [
        ({"plan": {"id": "nope"}}, 404, "plan.id"),
        ({"plan": {"id": "sejong-2024"}, "table": "nope"}, 404, "table"),
        ({"plan": {"id": "sejong-2024"}, "model": "type_iii"}, 422, "model"),
        (
            {"plan": {"city": "X", "investment": "100억", "allocation": {"shares": {"99": 1}}}},
            422,
            "plan.allocation.shares.99",
        ),
        ({"plan": {"city": "X", "investment": "억억"}}, 422, "plan.investment"),
        ({"plan": {"id": "sejong-2024"}, "extra": 1}, 422, "extra"),
    ],
)
def test_bad_audit_requests_name_the_field(
    client: Client, request_: dict[str, Any], status: int, field: str
) -> None:
    response = client.post("/v1/audit", json=request_)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["field"] == field


def test_unknown_id_in_the_link_is_404(client: Client) -> None:
    response = client.get("/v1/plans/nope/audit")
    assert response.status_code == 404
    assert response.json()["field"] == "id"
    assert client.get("/v1/plans/sejong-2024/audit?table=nope").json()["field"] == "table"
