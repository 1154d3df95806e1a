"""``POST /v1/impact`` through the real app: totals, by-sector effects, linearity, regions."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from impact.io import bok_2023_model
from impact.money import format_krw
from tests import independent

Client = TestClient[Litestar]


def impact(client: Client, **request: Any) -> Any:
    return client.post("/v1/impact", json=request)


def test_one_sector_of_bok_2023_gives_its_multiplier(client: Client) -> None:
    response = impact(client, demand={"62": "100억"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["table"] == "bok-2023" and body["unit"] == "KRW" and body["model"] == "type_i"
    assert body["demand_total"] == 10_000_000_000
    output = body["totals"]["output"]
    multiplier = bok_2023_model().multipliers().total["output"]
    assert multiplier is not None
    assert output["total"] == pytest.approx(multiplier[61] * 1e10, abs=1)
    assert output["direct"] == 10_000_000_000 and output["induced"] is None
    assert isinstance(output["total"], int)
    assert body["totals"]["jobs"] is None and body["regional"] is None
    assert body["jobs"] == pytest.approx(10 * independent.national_jobs_proxy("62"))
    # a model estimate, shown to 4 significant digits as the audit shows it: 158억 6,000만원
    step = 10 ** (len(str(output["total"])) - 4)
    shown = (output["total"] + step // 2) // step * step  # half up, as the audit rounds
    assert body["display"]["output"]["ko"] == format_krw(shown, "ko")
    assert body["display"]["output"]["en"] == f"₩{shown / 10**9:.2f}B"  # ₩15.86B: 4 digits too
    assert body["display"]["output"]["ko"].count(" ") <= 1
    by_sector = sum(s["output"]["total"] for s in body["sectors"])
    assert by_sector == pytest.approx(output["total"], abs=len(body["sectors"]))
    assert body["sectors"][61]["demand"] == 10_000_000_000
    software = body["sectors"][61]
    assert (software["code"], software["name_ko"], software["name_en"]) == (
        "62",
        "소프트웨어 개발 공급 및 기타 IT서비스",
        "Software development & other IT services",
    )  # named as the audit names sectors
    assert "name" not in software


def test_effects_are_linear_in_demand(client: Client) -> None:
    one = impact(client, demand={"62": "100억", "50": "₩2.5B"}, model="type_ii").json()
    three = impact(client, demand={"62": "300억", "50": "₩7.5B"}, model="type_ii").json()
    for metric in ("output", "value_added", "imports", "income"):
        for part in ("direct", "indirect", "induced", "total"):
            assert three["totals"][metric][part] == pytest.approx(
                3 * one["totals"][metric][part], abs=4
            )
    assert one["totals"]["output"]["induced"] > 0


@pytest.mark.parametrize("region", ["sejong", "busan", "부산광역시", "Gyeonggi-do", "제주"])
def test_regional_split_for_any_region(client: Client, region: str) -> None:
    body = impact(client, demand={"62": "100억"}, region=region).json()
    regional = body["regional"]
    production = regional["production"]
    assert production["in_region"] + production["rest_of_korea"] == production["total"]
    assert production["total"] == body["totals"]["output"]["total"]  # one national total
    assert 0 < production["in_region_share"] < 1
    assert regional["jobs"]["total"] == pytest.approx(body["jobs"])
    assert regional["vintage"]["jobs"].startswith("2020")
    assert regional["basis"] == "national_2023"


def test_bok_2020_basis_gives_the_coefficients_own_figures(client: Client) -> None:
    body = impact(
        client, demand={"51": 1_000_000_000}, region="daejeon", regional_basis="bok_2020"
    ).json()
    c = independent.regional()["Daejeon"]["51"]
    assert body["regional"]["production"]["in_region"] == round(1e9 * c["production_in_region"])
    assert body["regional"]["jobs"]["in_region"] == pytest.approx(c["employment_in_region"])


def test_uploaded_table_without_krw_reports_in_its_unit(client: Client) -> None:
    table = client.post(
        "/v1/tables",
        json={
            "name": "MB",
            "unit": "dollars",
            "sectors": [{"code": "1", "name": "ag"}, {"code": "2", "name": "mf"}],
            "intermediate": [[150, 500], [200, 100]],
            "total_output": [1000, 2000],
            "employment": [10, 20],
        },
    ).json()["id"]
    body = impact(client, table=table, demand={"1": 600, "2": 1500}).json()
    assert body["unit"] == "dollars" and body["display"] == {}
    assert [round(s["output"]["total"], 2) for s in body["sectors"]] == [1247.52, 1841.58]
    assert body["totals"]["jobs"]["total"] == pytest.approx(
        0.01 * 1247.52 + 0.01 * 1841.58, rel=1e-4
    )
    problem = impact(client, table=table, demand={"1": 1}, region="daejeon")
    assert problem.status_code == 422 and problem.json()["field"] == "region"


@pytest.mark.parametrize(
    ("request_", "status", "field"),
    [
        ({"demand": {"99": "100억"}}, 422, "demand.99"),
        ({"demand": {"62": 1}, "table": "nope"}, 404, "table"),
        ({"demand": {"62": "억억"}}, 422, "demand.62"),
        ({"demand": {"62": -5}}, 422, "demand.62"),
        ({"demand": {}}, 422, "demand"),
        ({"demand": {"62": 1}, "region": "atlantis"}, 422, "region"),
        ({"demand": {"62": 1}, "regional_basis": "bok_2019"}, 422, "regional_basis"),
        ({"demand": {"62": 1}, "region": "busan", "local_share": 1.5}, 422, "local_share"),
        ({"demand": {"62": 1}, "model": "type_iii"}, 422, "model"),
    ],
)
def test_bad_impact_requests_name_the_field(
    client: Client, request_: dict[str, Any], status: int, field: str
) -> None:
    response = client.post("/v1/impact", json=request_)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["field"] == field


def test_a_local_share_may_be_a_percentage_as_in_a_scenario(client: Client) -> None:
    """'25%' is 0.25 here as in a what-if's local_share.value (it was "a valid number")."""
    sent = {"demand": {"62": "100억"}, "region": "sejong"}
    percent = impact(client, **sent, local_share="25%")
    assert percent.status_code == 200, percent.text
    assert percent.json() == impact(client, **sent, local_share=0.25).json()
    assert impact(client, **sent, local_share="0.2_5").status_code == 422
