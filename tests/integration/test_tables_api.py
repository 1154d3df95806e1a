"""``/v1/tables`` through the real app on a fresh database: list, read, upload, multipliers,
regionalise, and tables surviving a restart. Runs on SQLite, and on PostgreSQL when
``IMPACT_TEST_POSTGRES_URL`` is set."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from api.app import create_app
from api.settings import Settings
from tests.integration.conftest import BACKENDS, Databases

Client = TestClient[Litestar]


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


MILLER_BLAIR: dict[str, Any] = {
    "name": "Miller & Blair (2009), table 2.3",
    "unit": "million KRW",
    "sectors": [
        {"code": "1", "name": "농업", "name_en": "Agriculture"},
        {"code": "2", "name": "제조업"},
    ],
    "intermediate": [[150, 500], [200, 100]],
    "total_output": [1000, 2000],
    "value_added": [650, 1400],
    "krw_per_unit": 1e6,
    "provenance": "Miller & Blair (2009), Input-Output Analysis, 2nd ed., table 2.3",
}


def upload(client: Client, **changes: Any) -> Any:
    return client.post("/v1/tables", json={**MILLER_BLAIR, **changes})


def problem(response: Any, status: int, field: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["field"] == field, body
    return body


def employment(n: int, *, zero_at: int | None = None) -> tuple[list[float], list[float]]:
    rng = np.random.default_rng(7)
    national = rng.integers(1_000, 100_000, n).astype(float)
    regional = np.floor(national * rng.uniform(0.0, 0.05, n))
    if zero_at is not None:
        regional[zero_at] = 0.0
    return regional.tolist(), national.tolist()


# ----------------------------------------------------------------------------- bok-2023


def test_list_starts_with_the_shipped_table(client: Client) -> None:
    body = client.get("/v1/tables").json()
    first = body["items"][0]
    assert first["id"] == "bok-2023" and first["origin"] == "shipped" and first["n"] == 83
    assert body["total"] >= 1
    assert client.get("/v1/tables?offset=1").json()["items"][:1] != [first]


def test_bok_2023_description(client: Client) -> None:
    body = client.get("/v1/tables/bok-2023").json()
    assert body["n"] == 83 and body["unit"] == "million KRW" and body["krw_per_unit"] == 1e6
    assert body["sectors"][61] == {
        "code": "62",
        "name": "소프트웨어 개발 공급 및 기타 IT서비스",
        "name_en": "Software development & other IT services",
    }
    assert body["parts"]["employment"] == "absent"
    assert body["parts"]["household_consumption"] == "given"
    assert body["models"] == ["type_i", "type_ii"]
    assert "한국은행" in body["provenance"]
    assert body["multipliers"] == "/v1/tables/bok-2023/multipliers"


def test_bok_2023_economy_wide_multipliers_are_within_one_percent_of_bok(client: Client) -> None:
    body = client.get("/v1/tables/bok-2023/multipliers").json()
    economy = body["economy_wide"]
    assert economy["output"] == pytest.approx(1.827, rel=0.01)
    assert economy["value_added"] == pytest.approx(0.752, rel=0.01)
    published = {p["coefficient"]: p for p in economy["published"]}
    assert published["production_inducement_avg"]["published"] == 1.827
    assert abs(published["value_added_inducement_avg"]["difference_pct"]) < 1
    assert published["production_inducement_avg"]["source_url"].startswith("http")
    sector = body["sectors"][61]
    assert sector["code"] == "62" and sector["employment"] is None
    assert sector["output"] == pytest.approx(1.586, abs=1e-3)
    assert sector["value_added"] + sector["imports"] == pytest.approx(1.0)
    assert sector["income_type_i"] > 1 and sector["induced"] is None
    assert "solver" in body["recipe"]


def test_bok_2023_type_ii_adds_the_induced_parts(client: Client) -> None:
    one = client.get("/v1/tables/bok-2023/multipliers").json()["sectors"]
    two = client.get("/v1/tables/bok-2023/multipliers?model=type_ii").json()
    assert two["economy_wide"]["published"] == []  # BOK publishes Type I figures
    for a, b in zip(one, two["sectors"], strict=True):
        assert b["output_type_ii"] == b["output"] > a["output"]
        assert b["induced"]["output"] == pytest.approx(b["output"] - a["output"])
        if a["income_type_i"] is not None:  # null where a sector pays no compensation
            assert b["income_type_ii"] > a["income_type_i"]


def test_unknown_table_and_model(client: Client) -> None:
    problem(client.get("/v1/tables/nope"), 404, "id")
    problem(client.get("/v1/tables/nope/multipliers"), 404, "id")
    problem(client.get("/v1/tables/bok-2023/multipliers?model=type_iii"), 422, "model")
    problem(
        client.post(
            "/v1/tables/nope/regionalize",
            json={"method": "slq", "regional_employment": [1], "national_employment": [1]},
        ),
        404,
        "id",
    )


# ------------------------------------------------------------------------------ uploads


def test_upload_round_trip_gives_miller_and_blair_multipliers(client: Client) -> None:
    created = upload(client)
    assert created.status_code == 201, created.text
    body = created.json()
    assert created.headers["location"] == f"/v1/tables/{body['id']}"
    assert body["origin"] == "uploaded" and body["n"] == 2
    assert body["parts"]["value_added"] == "given" and body["parts"]["final_demand"] == "derived"
    assert body["sectors"][1]["name_en"] == "제조업"  # defaults to the name
    assert client.get(f"/v1/tables/{body['id']}").json() == body
    multipliers = client.get(f"/v1/tables/{body['id']}/multipliers").json()
    assert [round(s["output"], 3) for s in multipliers["sectors"]] == [1.518, 1.452]
    assert multipliers["economy_wide"]["published"] == []
    problem(client.get(f"/v1/tables/{body['id']}/multipliers?model=type_ii"), 422, "model")
    listed = client.get("/v1/tables?limit=100").json()["items"]
    assert body["id"] in [item["id"] for item in listed]


def test_value_added_defaults_to_the_column_residual(client: Client) -> None:
    body = upload(client, value_added=None, imports=[50, 100], taxes=[10, 0]).json()
    assert body["parts"]["value_added"] == "derived" and body["parts"]["taxes"] == "given"
    multipliers = client.get(f"/v1/tables/{body['id']}/multipliers").json()
    first = multipliers["sectors"][0]
    assert first["value_added"] + first["imports"] + first["product_taxes"] == pytest.approx(1.0)


def test_type_ii_for_an_upload_with_households(client: Client) -> None:
    body = upload(
        client,
        compensation=[300, 700],
        household_consumption=[200, 900],
        employment=[12, 30],
    ).json()
    assert body["models"] == ["type_i", "type_ii"]
    two = client.get(f"/v1/tables/{body['id']}/multipliers?model=type_ii").json()
    assert two["sectors"][0]["employment_type_ii"] > two["sectors"][0]["employment_type_i"] > 1


def test_non_productive_upload_is_422(client: Client) -> None:
    body = problem(
        upload(client, intermediate=[[800, 600], [600, 1600]], value_added=None),
        422,
        "intermediate",
    )
    assert body["type"].endswith("table-non-productive")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"intermediate": [[150, 500], [200]]}, "intermediate.1"),
        ({"intermediate": [[150, 500]]}, "intermediate"),
        ({"intermediate": [[150, "NaN"], [200, 100]]}, "intermediate.0.1"),
        ({"intermediate": [[150, "1,500"], [200, 100]]}, "intermediate.0.1"),
        ({"total_output": [1000, -2000]}, "total_output.2"),
        ({"total_output": [1000]}, "total_output"),
        ({"value_added": [650, 1300]}, "value_added.2"),
        ({"employment": [1, -1]}, "employment.1"),
        ({"sectors": [{"code": "1", "name": "a"}, {"code": "1", "name": "b"}]}, "sectors"),
        ({"taxes": [1, 2, 3]}, "taxes"),
        ({"krw_per_unit": 0}, "krw_per_unit"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_malformed_uploads_name_the_field(
    client: Client, changes: dict[str, Any], field: str
) -> None:
    problem(upload(client, **changes), 422, field)


def test_nan_and_infinity_literals_name_the_number(client: Client) -> None:
    for literal in ("NaN", "Infinity", "-Infinity"):
        text = json.dumps(MILLER_BLAIR).replace("[150, 500]", f"[150, {literal}]")
        response = client.post(
            "/v1/tables", content=text, headers={"content-type": "application/json"}
        )
        problem(response, 422, "intermediate.0.1")
    not_json = client.post(
        "/v1/tables", content=b"{oops", headers={"content-type": "application/json"}
    )
    problem(not_json, 400, "body")


def test_a_5000_sector_upload_is_refused_without_reading_it(client: Client) -> None:
    row = "[" + ",".join(["0"] * 5000) + "]"
    body = (
        '{"name":"big","unit":"million KRW","sectors":[],"total_output":[],"intermediate":['
        + ",".join([row] * 5000)
        + "]}"
    )
    response = client.post(
        "/v1/tables", content=body.encode(), headers={"content-type": "application/json"}
    )
    detail = problem(response, 413, "intermediate")["detail"]
    assert "8,388,608 bytes" in detail


def test_more_than_500_sectors_within_the_body_limit_is_413(client: Client) -> None:
    n = 501
    document = {
        **MILLER_BLAIR,
        "sectors": [{"code": f"s{i}", "name": f"s{i}"} for i in range(n)],
        "intermediate": [[0] * n for _ in range(n)],
        "total_output": [1] * n,
        "value_added": None,
    }
    body = problem(client.post("/v1/tables", json=document), 413, "intermediate")
    assert "500" in body["detail"]


# ------------------------------------------------------------------------ regionalise


@pytest.mark.parametrize("method", ["slq", "cilq", "flq"])
def test_regionalised_bok_multipliers_are_at_most_national(client: Client, method: str) -> None:
    regional, national = employment(83, zero_at=5)
    response = client.post(
        "/v1/tables/bok-2023/regionalize",
        json={
            "method": method,
            "regional_employment": regional,
            "national_employment": national,
            "name": f"test region ({method})",
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    table = body["table"]
    assert response.headers["location"] == f"/v1/tables/{table['id']}"
    assert table["origin"] == "derived" and table["name"] == f"test region ({method})"
    assert table["derived_from"]["table"] == "bok-2023"
    assert table["imports_basis"] == "noncompetitive_row"
    quotients = body["location_quotients"]
    if method == "slq":
        assert len(quotients["values"]) == 83 and quotients["flq_lambda"] is None
    else:
        assert len(quotients["values"]) == 83 and len(quotients["values"][0]) == 83
        assert quotients["values"][5][5] == 0.0
    if method == "flq":
        assert quotients["delta"] == 0.3 and 0 < quotients["flq_lambda"] < 1
    national_m = client.get("/v1/tables/bok-2023/multipliers").json()["sectors"]
    regional_m = client.get(table["multipliers"]).json()["sectors"]
    for nat, reg in zip(national_m, regional_m, strict=True):
        assert reg["output"] <= nat["output"] + 1e-12
        assert reg["output"] >= 1.0
    assert client.get(f"/v1/tables/{table['id']}").json() == table


def test_cilq_reports_infinite_quotients_as_null(client: Client) -> None:
    regional, national = employment(83, zero_at=5)
    body = client.post(
        "/v1/tables/bok-2023/regionalize",
        json={"method": "cilq", "regional_employment": regional, "national_employment": national},
    ).json()
    column = [row[5] for row in body["location_quotients"]["values"]]
    assert None in column  # SLQ_j = 0: CILQ_ij = ∞ for every i with SLQ_i > 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"regional_employment": [1, 2]}, "regional_employment"),
        ({"national_employment": [1.0] * 82}, "national_employment"),
        (
            {"regional_employment": [2.0] * 83, "national_employment": [1.0] * 83},
            "regional_employment.0",
        ),
        ({"method": "glq"}, "method"),
        ({"delta": 1.5}, "delta"),
        ({"regional_employment": [-1.0] * 83}, "regional_employment.0"),
    ],
)
def test_bad_regionalize_requests_name_the_field(
    client: Client, changes: dict[str, Any], field: str
) -> None:
    regional, national = employment(83)
    request = {"method": "flq", "regional_employment": regional, "national_employment": national}
    problem(client.post("/v1/tables/bok-2023/regionalize", json={**request, **changes}), 422, field)


# ---------------------------------------------------------------------------- restart


def test_saved_tables_survive_a_restart(databases: Databases) -> None:
    settings = Settings(database_url=databases.new())
    with TestClient(create_app(settings)) as first:
        uploaded = upload(first).json()["id"]
        derived = first.post(
            f"/v1/tables/{uploaded}/regionalize",
            json={
                "method": "slq",
                "regional_employment": [10, 30],
                "national_employment": [100, 100],
            },
        ).json()["table"]
        before = first.get(f"/v1/tables/{derived['id']}/multipliers").json()
    with TestClient(create_app(settings)) as second:
        assert second.get(f"/v1/tables/{derived['id']}").json() == derived
        assert second.get(f"/v1/tables/{derived['id']}/multipliers").json() == before
        mb = second.get(f"/v1/tables/{uploaded}/multipliers").json()
        assert [round(s["output"], 3) for s in mb["sectors"]] == [1.518, 1.452]
        ids = [item["id"] for item in second.get("/v1/tables").json()["items"]]
        assert ids == ["bok-2023", uploaded, derived["id"]]
    # SLQ = [0.5, 1.5]: row 1 of A halved (Miller & Blair's example of regionalize)
    assert before["sectors"][0]["output"] < 1.518


def test_evicted_models_are_rebuilt_from_the_database(databases: Databases) -> None:
    settings = Settings(database_url=databases.new(), model_cache_size=1)
    app = create_app(settings)
    with TestClient(app) as client:
        first = upload(client).json()["id"]
        second = upload(client, name="second").json()["id"]
        store = app.state["tables"]
        assert store.cached(first) is None and store.cached(second) is not None
        assert store.cached("bok-2023") is not None  # pinned, never evicted
        body = client.get(f"/v1/tables/{first}/multipliers").json()
        assert [round(s["output"], 3) for s in body["sectors"]] == [1.518, 1.452]
        assert store.cached(first) is not None and store.cached(second) is None
