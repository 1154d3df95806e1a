"""Exports an analyst can open: the audit, a comparison and a sweep as CSV and xlsx, read
back (openpyxl, the csv module) and compared with the JSON answer of the same request."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import openpyxl
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from api.exports.xlsx import XLSX_MEDIA_TYPE
from impact.data import seeds_dir

Client = TestClient[Litestar]


def seed(name: str) -> dict[str, Any]:
    path = seeds_dir() / "plans" / f"{name}.json"
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def _workbook(response: Any) -> dict[str, list[tuple[Any, ...]]]:
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == XLSX_MEDIA_TYPE
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def _csv(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _same(value: Any) -> Any:
    """An integer exactly; a float to the 16 significant digits a workbook keeps (Excel
    itself shows 15)."""
    return value if isinstance(value, int) else pytest.approx(value, rel=1e-15, abs=0)


def _records(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


def test_the_audit_downloads_as_a_workbook_that_reads_back(client: Client) -> None:
    report = client.get("/v1/plans/sejong-2024/audit").json()
    sheets = _workbook(client.get("/v1/plans/sejong-2024/audit", params={"format": "xlsx"}))
    assert next(iter(sheets)) == "Checks"
    assert {"Summary", "Flags", "Allocation", "Regional", "Caveats", "Sources", "Recipe"} <= set(
        sheets
    )
    verdict, *checks = _records(sheets["Checks"])
    assert verdict["code"] == "verdict" and verdict["status"] == report["verdict"]["status"]
    assert verdict["explanation.ko"] == report["verdict"]["ko"]
    assert [c["code"] for c in checks] == [c["code"] for c in report["checks"]]
    for row, check in zip(checks, report["checks"], strict=True):
        for figure in ("claimed", "model"):
            if check[figure] is not None:
                assert row[f"{figure}.total"] == _same(check[figure]["total"])  # typed
                assert row[f"{figure}.per_unit"] == _same(check[figure]["per_unit"])  # unrounded
                assert row[f"{figure}.display.ko"] == check[figure]["display"]["ko"]
    summary = {key: value for _, key, value in sheets["Summary"][1:]}
    assert summary["plan.investment"] == 170_400_000_000
    assert summary["plan.city"] == "세종 Sejong"
    allocation = _records(sheets["Allocation"])
    assert sum(row["amount"] for row in allocation) == 170_400_000_000
    sources = sheets["Sources"][1:]
    assert ("source 1", "outlet", report["plan"]["sources"][0]["outlet"]) in sources
    recipe = {key for _, key, _ in sheets["Recipe"][1:]}
    assert set(report["recipe"]) <= recipe


def test_the_audit_as_csv_by_accept_or_by_query(client: Client) -> None:
    by_accept = client.post("/v1/audit", json=seed("daejeon-2018"), headers={"Accept": "text/csv"})
    by_query = client.post("/v1/audit", params={"format": "csv"}, json=seed("daejeon-2018"))
    assert by_accept.content == by_query.content
    rows = _csv(by_query)
    verdict = client.post("/v1/audit", json=seed("daejeon-2018")).json()["verdict"]["status"]
    assert rows[0]["code"] == "verdict" and rows[0]["status"] == verdict
    money = next(r for r in rows if r["code"] == "production_multiplier")
    assert money["claimed.total"] == "4700000000000"  # integer won, no separators
    assert "," not in money["claimed.total"] and money["claimed.display.ko"] == "4조 7,000억원"
    json_answer = client.post("/v1/audit", json=seed("daejeon-2018"), headers={"Accept": "*/*"})
    assert json_answer.headers["content-type"].startswith("application/json")


def test_a_comparison_downloads_with_one_row_per_plan(client: Client) -> None:
    query: dict[str, str | int] = {
        "ids": "sejong-2024,daejeon-2018",
        "price_year": 2024,
        "currency": "USD",
    }
    answer = client.get("/v1/compare", params=query).json()
    sheets = _workbook(client.get("/v1/compare", params={**query, "format": "xlsx"}))
    plans = _records(sheets["Plans"])
    assert [p["label"] for p in plans] == ["sejong-2024", "daejeon-2018"]
    for row, compared in zip(plans, answer["rows"], strict=True):
        assert row["real_investment"] == compared["real_investment"]
        cost = compared["metrics"]["cost_per_job_krw"]["value"]
        assert row["metrics.cost_per_job_krw.value"] == cost
        assert row["usd.cost_per_job_usd"] == pytest.approx(compared["usd"]["cost_per_job_usd"])
    assert {row[0] for row in sheets["Metrics"][1:]} == set(answer["rows"][0]["metrics"])
    posted = client.post(
        "/v1/compare",
        params={"format": "csv"},
        json={"plans": [{"id": "sejong-2024"}, seed("daejeon-2018")], "price_year": 2024},
    )
    assert [r["label"] for r in _csv(posted)] == ["sejong-2024", "대전 Daejeon"]


def test_a_sweep_downloads_with_its_rows(client: Client) -> None:
    request = {
        "plan": {"id": "sejong-2024"},
        "grid": {"scale_investment.factor": [0.8, 1], "local_share.value": [0.6, 1]},
    }
    answer = client.post("/v1/sweeps", json=request).json()
    sheets = _workbook(client.post("/v1/sweeps", params={"format": "xlsx"}, json=request))
    rows = _records(sheets["Rows"])
    assert len(rows) == answer["count"] == 4
    for row, expected in zip(rows, answer["rows"], strict=True):
        for key, value in expected["parameters"].items():
            assert row[f"parameters.{key}"] == value
        for key in ("output_krw", "jobs", "output_in_region_krw", "jobs_per_billion_krw"):
            assert row[key] == _same(expected[key])
    assert [n for (n,) in sheets["Notes"][1:]] == answer["notes"]
    csv_rows = _csv(client.post("/v1/sweeps", json=request, headers={"Accept": "text/csv"}))
    assert [int(r["output_krw"]) for r in csv_rows] == [r["output_krw"] for r in answer["rows"]]


def test_an_export_of_a_sweep_that_would_be_a_job_is_refused(client: Client) -> None:
    request = {"plan": {"id": "sejong-2024"}, "grid": {"local_share.value": [1]}, "async": True}
    refused = client.post("/v1/sweeps", params={"format": "csv"}, json=request)
    assert refused.status_code == 422
    assert refused.json()["field"] == "format"


def test_the_document_says_what_exports(client: Client) -> None:
    paths = client.get("/schema/openapi.json").json()["paths"]
    for path, method in [
        ("/v1/audit", "post"),
        ("/v1/plans/{id}/audit", "get"),
        ("/v1/compare", "post"),
        ("/v1/compare", "get"),
        ("/v1/sweeps", "post"),
    ]:
        operation = paths[path][method]
        assert {"application/json", "text/csv", XLSX_MEDIA_TYPE} <= set(
            operation["responses"]["200"]["content"]
        ), path
        assert any(p["name"] == "format" for p in operation["parameters"]), path
    assert "text/csv" not in paths["/v1/metrics"]["post"]["responses"]["200"]["content"]


def test_an_unknown_format_is_named_as_the_query_names_it(client: Client) -> None:
    response = client.get("/v1/plans/sejong-2024/audit?format=pdf")
    assert response.status_code == 422
    problem = response.json()
    assert problem["field"] == "format"
    [error] = problem["errors"]
    assert error["pointer"] == ""  # a query parameter: nothing in the body to point at
    assert error["message"].endswith("use one of: json, csv, xlsx")


def test_the_audit_and_a_sweep_export_the_same_multipliers(client: Client) -> None:
    """The model's output and value added per won are one number on both routes, in their
    CSV and workbook downloads as in their JSON (they differed in the last digits)."""
    audit = client.get("/v1/plans/sejong-2024/audit", params={"format": "csv"})
    checks = {row["code"]: row for row in _csv(audit)}
    request = {"plan": {"id": "sejong-2024"}, "grid": {"scale_investment.factor": [1]}}
    [row] = _csv(client.post("/v1/sweeps", params={"format": "csv"}, json=request))
    book = _workbook(client.get("/v1/plans/sejong-2024/audit", params={"format": "xlsx"}))
    in_book = {r["code"]: r for r in _records(book["Checks"])}
    [swept] = _records(
        _workbook(client.post("/v1/sweeps", params={"format": "xlsx"}, json=request))["Rows"]
    )
    for code, column in (
        ("production_multiplier", "model_output_multiplier"),
        ("value_added_ratio", "model_value_added_ratio"),
    ):
        assert checks[code]["model.per_unit"] == row[column], code
        assert in_book[code]["model.per_unit"] == swept[column], code
