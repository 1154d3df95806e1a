"""One plan, one set of totals: every route gives the same production, value added and jobs.

The audit, a scenario with no adjustment, a one-row sweep, ``POST /v1/impact`` with the
plan's allocated won, a Monte Carlo run without noise and a comparison all go through the
effects engine; this module asks each route for the same plan and compares the answers,
and checks the national totals against an independent computation from the raw CSVs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from impact.seeds import load_seed_plans
from tests import independent

Client = TestClient[Litestar]

BUSAN = {
    "city": "부산",
    "investment": "500억원",
    "announced": "2024-05-02",
    "claims": {"jobs": 400, "production_inducement": "900억원"},
    "allocation": {"shares": {"51": "0.5", "62": "0.3", "70": "0.2"}},
}


def plans() -> list[tuple[str, dict[str, Any]]]:
    sejong = load_seed_plans()["sejong-2024"].model_dump(mode="json")
    gyeonggi = BUSAN | {"city": "수원시", "allocation": {"amounts": {"41": "300억", "58": "200억"}}}
    return [("sejong", sejong), ("busan", BUSAN), ("suwon", gyeonggi)]


def post(client: Client, path: str, body: dict[str, Any]) -> Any:
    response = client.post(path, json=body)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(("name", "plan"), plans())
def test_every_route_gives_the_same_totals(client: Client, name: str, plan: dict[str, Any]) -> None:
    audit = post(client, "/v1/audit", {"plan": plan})
    checks = {c["code"]: c for c in audit["checks"]}
    output = checks["production_multiplier"]["model"]["total"]
    value_added = checks["value_added_ratio"]["model"]["total"]
    per_won = (  # the model's multipliers: output and value added per won of the investment
        checks["production_multiplier"]["model"]["per_unit"],
        checks["value_added_ratio"]["model"]["per_unit"],
    )
    jobs = checks["jobs_per_billion_krw"]["model"]["total"]
    regional = audit["regional"]
    assert regional is not None, name

    # the national totals, computed independently from the raw CSVs
    y = np.zeros(83)
    codes = independent.codes()
    for sector in audit["allocation"]["sectors"]:
        y[codes.index(sector["code"])] += sector["share"] * audit["plan"]["investment"]
    # the audit's default basis: purchaser spending, each sector's imports taken out first
    want_output, want_va = independent.national((1 - independent.import_ratios()) * y)
    assert output == pytest.approx(want_output, abs=2)
    assert value_added == pytest.approx(want_va, abs=2)
    investment = audit["plan"]["investment"]
    # per won of the unrounded totals: nearer the CSVs' ratio than ½ won ÷ the investment
    assert per_won[0] == pytest.approx(want_output / investment, rel=1e-13, abs=0)
    assert per_won[1] == pytest.approx(want_va / investment, rel=1e-13, abs=0)
    assert regional["production"]["total"] == output
    assert regional["value_added"]["total"] == value_added
    assert regional["jobs"]["total"] == jobs  # the same number, not a close one
    for part in ("production", "value_added"):
        split = regional[part]
        assert split["in_region"] + split["rest_of_korea"] == split["total"]

    scenario = post(client, "/v1/scenarios", {"plan": plan})["baseline"]["impacts"]
    assert scenario["output"]["total"] == output
    for part in ("output", "value_added"):  # whole won that add up, as a reader checks them
        effect = scenario[part]
        assert effect["direct"] + effect["indirect"] == effect["total"]
    assert scenario["value_added"]["total"] == value_added
    assert (scenario["output_multiplier"], scenario["value_added_ratio"]) == per_won
    assert scenario["jobs"] == jobs
    assert scenario["regional"] == regional

    [row] = post(client, "/v1/sweeps", {"plan": plan, "scenarios": [[]]})["rows"]
    assert (row["output_krw"], row["value_added_krw"]) == (output, value_added)
    grid = {"plan": plan, "grid": {"scale_investment.factor": [1]}}
    [unit] = post(client, "/v1/sweeps", grid)["rows"]
    for swept in (row, unit):  # the same ratio, not one of the rounded won
        assert (swept["model_output_multiplier"], swept["model_value_added_ratio"]) == per_won
    assert row["jobs"] == jobs
    assert row["output_in_region_krw"] == regional["production"]["in_region"]
    assert row["output_rest_of_korea_krw"] == regional["production"]["rest_of_korea"]
    assert row["value_added_in_region_krw"] == regional["value_added"]["in_region"]
    assert row["jobs_in_region"] == regional["jobs"]["in_region"]

    demand = {s["code"]: s["amount"] for s in audit["allocation"]["sectors"]}
    impact = post(
        client,
        "/v1/impact",
        {
            "demand": demand,
            "region": regional["region"]["key"],
            "price_year": audit["plan"]["price_year"],
            "basis": "purchaser",
        },
    )
    for part in ("output", "value_added"):
        effect = impact["totals"][part]
        assert effect["direct"] + effect["indirect"] == effect["total"]
        for row in impact["sectors"]:
            assert row[part]["direct"] + row[part]["indirect"] == row[part]["total"]
    # the allocation's amounts are whole won: within a won or two of share × investment
    assert impact["totals"]["output"]["total"] == pytest.approx(output, abs=3)
    assert impact["totals"]["value_added"]["total"] == pytest.approx(value_added, abs=3)
    assert impact["jobs"] == pytest.approx(jobs, rel=1e-9)
    assert impact["regional"]["production"]["in_region"] == pytest.approx(
        regional["production"]["in_region"], abs=3
    )

    band = post(
        client,
        "/v1/uncertainty",
        {
            "plan": plan,
            "draws": 3,
            "seed": 1,
            "coefficient_cv": 0,
            "basis_uncertainty": False,
            "local_share_spread": 0,
        },
    )
    assert band["output"]["point"] == output
    assert band["output"]["median"] == pytest.approx(output, abs=1)
    assert band["value_added"]["median"] == pytest.approx(value_added, abs=1)
    assert band["jobs"]["median"] == pytest.approx(jobs, rel=1e-12)

    compared = post(client, "/v1/compare", {"plans": [plan]})["rows"][0]
    assert compared["region"] == regional["region"]
    assert compared["in_region_share"]["output"] == regional["production"]["in_region_share"]
    assert compared["in_region_share"]["jobs"] == regional["jobs"]["in_region_share"]


@pytest.mark.parametrize(("name", "plan"), plans())
def test_a_what_if_is_the_same_number_alone_and_in_any_sweep(
    client: Client, name: str, plan: dict[str, Any]
) -> None:
    """Each sweep row is the scenario of its adjustments, to the last place: whether the
    sweep has one row or many (BLAS sums a product in an order that depends on the batch's
    shape), and with the claims' metrics of the metrics answer (exact quotients)."""
    factors, shares = [0.8, 1.0, 1.3], [0.5, 1.0]
    grid = post(client, "/v1/sweeps", {"plan": plan, "grid": {
        "scale_investment.factor": factors, "local_share.value": shares}})["rows"]  # fmt: skip
    names = ["jobs", "jobs_in_region", "output_krw", "output_in_region_krw",
             "value_added_krw", "cost_per_job_krw", "jobs_per_billion_krw",
             "production_multiplier", "value_added_ratio", "model_output_multiplier",
             "model_value_added_ratio"]  # fmt: skip
    for row in grid:
        factor, share = (
            row["parameters"][p] for p in ("scale_investment.factor", "local_share.value")
        )
        adjustments = [{"type": "scale_investment", "factor": factor},
                       {"type": "local_share", "value": share}]  # fmt: skip
        [alone] = post(client, "/v1/sweeps", {"plan": plan, "scenarios": [adjustments]})["rows"]
        assert {n: alone[n] for n in names} == {n: row[n] for n in names}, (name, factor, share)
        side = post(client, "/v1/scenarios", {"plan": plan, "adjustments": adjustments})
        impacts, metrics = side["scenario"]["impacts"], side["scenario"]["metrics"]
        assert impacts["jobs"] == row["jobs"]
        assert impacts["regional"]["jobs"]["in_region"] == row["jobs_in_region"]
        assert impacts["output"]["total"] == row["output_krw"]
        assert impacts["output_multiplier"] == row["model_output_multiplier"]
        assert impacts["value_added_ratio"] == row["model_value_added_ratio"]
        for metric in ("cost_per_job_krw", "jobs_per_billion_krw", "production_multiplier"):
            assert metrics[metric]["value"] == row[metric], (name, metric)


def test_a_saved_plans_audit_and_its_inline_audit_agree(client: Client) -> None:
    saved = client.get("/v1/plans/sejong-2024/audit").json()
    inline = post(client, "/v1/audit", {"plan": {"id": "sejong-2024"}})
    assert saved["regional"] == inline["regional"]
    assert saved["checks"] == inline["checks"]
    # a tester's report: these multipliers differed from a sweep's in the last digits
    checks = {c["code"]: c for c in saved["checks"]}
    body = {"plan": {"id": "sejong-2024"}, "grid": {"scale_investment.factor": [1]}}
    [row] = post(client, "/v1/sweeps", body)["rows"]
    for code, column in (
        ("production_multiplier", "model_output_multiplier"),
        ("value_added_ratio", "model_value_added_ratio"),
    ):
        assert checks[code]["model"]["per_unit"] == row[column], code


def test_a_code_the_table_lacks_is_the_same_422_on_every_route(client: Client) -> None:
    """A plan may be saved with any sector code (tables differ), but every route that runs it
    on a table without that code answers 422 naming the code where the client wrote it: the
    table exists, the plan does not fit it (it used to be 404, as if the plan were missing)."""
    plan = BUSAN | {"allocation": {"shares": {"62": "0.5", "99": "0.5"}}}
    saved = client.post("/v1/plans", json=plan)
    assert saved.status_code == 201, saved.text
    plan_id = saved.json()["id"]
    answers = {
        "plan.allocation.shares.99": [
            client.post("/v1/audit", json={"plan": {"id": plan_id}}),
            client.post("/v1/audit", json={"plan": plan}),
            client.post("/v1/scenarios", json={"plan": {"id": plan_id}, "adjustments": []}),
        ],
        "allocation.shares.99": [
            client.get(f"/v1/plans/{plan_id}/audit"),
            client.post("/v1/audit", json=plan),
        ],
        "plans.1.allocation.shares.99": [
            client.post("/v1/compare", json={"plans": [{"id": "sejong-2024"}, {"id": plan_id}]}),
        ],
        "ids.1": [client.get("/v1/compare", params={"ids": f"sejong-2024,{plan_id}"})],
    }
    pointers = {  # a saved plan's content is not in the body: its id is what was sent
        "plan.allocation.shares.99": ["/plan/id", "/plan/allocation/shares/99", "/plan/id"],
        "allocation.shares.99": ["", "/allocation/shares/99"],
        "plans.1.allocation.shares.99": ["/plans/1/id"],
        "ids.1": [""],
    }
    for field, responses in answers.items():
        for response, pointer in zip(responses, pointers[field], strict=True):
            problem = response.json()
            assert (response.status_code, problem["field"]) == (422, field), response.text
            assert "'99' is not in table 'bok-2023'" in problem["detail"]
            assert problem["errors"][0]["pointer"] == pointer, (field, response.url)
    assert plan_id in answers["ids.1"][0].json()["detail"]  # a link names the plan it holds


def test_a_compare_link_without_ids_names_the_parameter(client: Client) -> None:
    for params in ({}, {"price_year": "2024"}):
        response = client.get("/v1/compare", params=params)
        problem = response.json()
        assert (response.status_code, problem["field"]) == (422, "ids"), response.text
        assert problem["detail"] == "ids: the query parameter 'ids' is required"
        assert problem["detail_ko"] == "ids: 쿼리 매개변수 'ids'이(가) 필요합니다"
    twice = client.get("/v1/compare?ids=sejong-2024&ids=daejeon-2018").json()
    assert (twice["status"], twice["field"], twice["errors"][0]["pointer"]) == (400, "ids", "")
    assert twice["detail_ko"] == "쿼리 매개변수 'ids'은(는) 한 번만 주세요 (2번 왔습니다)"
    unknown = client.get("/v1/compare?ids=sejong-2024,nope").json()
    assert (unknown["status"], unknown["field"], unknown["errors"][0]["pointer"]) == (
        404,
        "ids.1",
        "",
    )


def _at(document: Any, pointer: str) -> Any:
    """What an RFC 6901 pointer names in ``document`` (KeyError/IndexError when nothing)."""
    node = document
    for escaped in pointer.split("/")[1:]:
        step = escaped.replace("~1", "/").replace("~0", "~")
        node = node[int(step)] if isinstance(node, list) else node[step]
    return node


def test_a_pointer_names_the_place_in_the_body_even_when_a_key_has_dots(client: Client) -> None:
    """Sector codes may have dots ("C10.1"): the pointer takes the key as one step, on every
    kind of error (pydantic's, the core's), and still splits a path the body lacks."""
    bad_share = BUSAN | {"allocation": {"shares": {"C10.1": 2, "62": "0.5"}}}
    unknown = BUSAN | {"allocation": {"shares": {"C10.1": "0.5", "62": "0.5"}}}
    cases = [
        ("/v1/metrics", bad_share, "allocation.shares.C10.1", 2),
        ("/v1/compare", {"plans": [BUSAN, bad_share]}, "plans.1.allocation.shares.C10.1", 2),
        ("/v1/audit", unknown, "allocation.shares.C10.1", "0.5"),
        ("/v1/audit", {"plan": unknown}, "plan.allocation.shares.C10.1", "0.5"),
        ("/v1/metrics", BUSAN | {"claims": {"jobs.x/y~z": 1}}, "claims.jobs.x/y~z", 1),
    ]
    for path, body, field, value in cases:
        problem = client.post(path, json=body).json()
        assert (problem["status"], problem["field"]) == (422, field), problem
        pointer = problem["errors"][0]["pointer"]
        assert _at(body, pointer) == value, (path, pointer)
    missing = client.post("/v1/metrics", json={"city": "부산"}).json()
    assert missing["errors"][0]["pointer"] == "/investment"


def test_pointers_of_hostile_keys_are_exact_and_cheap(client: Client) -> None:
    """Keys full of dots, keys that spell a path of the body, digits that are not ASCII: each
    problem still points at the value it is about (validation errors by pydantic's location,
    not by reading the dotted field back), with no 500 and in time linear in the body (a
    120,000-dot key used to take minutes)."""
    dotted = ".".join(["a"] * 120_000)
    cases: list[tuple[dict[str, Any], str, Any]] = [
        (BUSAN | {"claims": {dotted: 1}}, f"claims.{dotted}", 1),
        (
            BUSAN | {"allocation": {"shares": {"C10": "x"}}, "allocation.shares": {"C10": "0.5"}},
            "allocation.shares.C10",
            "x",
        ),
        (BUSAN | {"allocation": {"shares": {"²": "1"}}, "allocation.shares": [1]}, "", None),
    ]
    for body, field, value in cases:
        problem = client.post("/v1/metrics", json=body).json()
        assert problem["status"] == 422, problem
        for error in problem["errors"]:
            _at(body, error["pointer"])  # every pointer names a place in the body
        if field:
            [error] = [e for e in problem["errors"] if e["field"] == field]
            assert _at(body, error["pointer"]) == value


def test_a_large_body_gets_the_pointers_of_a_small_one(client: Client) -> None:
    """Above 256 KB the body is validated in a worker thread and kept as its model; a core
    error's pointer is still read against the body's shape (dotted keys, a saved plan's id)."""
    saved = client.post("/v1/plans", json=BUSAN | {"allocation": {"shares": {"99": "1"}}})
    plan_id = saved.json()["id"]
    dotted = BUSAN | {"allocation": {"shares": {"C10.1": "0.5", "62": "0.5"}}}
    padding = {"industries": ["산업" * 900] * 100}  # ≈ 540 KB of UTF-8
    cases = [
        ({"plan": {"id": plan_id}}, "/plan/id"),
        ({"plan": dotted}, "/plan/allocation/shares/C10.1"),
        ({"plan": dotted | padding}, "/plan/allocation/shares/C10.1"),
    ]
    for body, pointer in cases:
        for sent in (body, {**body, "table": "bok-2023"}):
            problem = client.post("/v1/audit", json=sent).json()
            assert problem["errors"][0]["pointer"] == pointer, problem
    big = {"plans": [{"id": "sejong-2024"}, {"id": plan_id}, dotted | padding]}
    problem = client.post("/v1/compare", json=big).json()
    assert problem["errors"][0]["pointer"] == "/plans/1/id", problem
    # a grid key that is missing is one step, as the grid's keys are ("/shift_allocation/from"
    # named a member that no grid has)
    alone = {"plan": {"id": "sejong-2024"}, "grid": {"shift_allocation.share": [0.1]}}
    problem = client.post("/v1/sweeps", json=alone).json()
    assert problem["errors"][0]["pointer"] == "/grid/shift_allocation.from", problem


@pytest.mark.parametrize(("name", "plan"), plans())
def test_the_audits_type_ii_figures_are_a_type_ii_scenarios(
    client: Client, name: str, plan: dict[str, Any]
) -> None:
    audit = post(client, "/v1/audit", {"plan": plan})
    checks = {c["code"]: c for c in audit["checks"]}
    type_ii = [{"type": "model", "kind": "type_ii"}]
    scenario = post(client, "/v1/scenarios", {"plan": plan, "adjustments": type_ii})
    impacts = scenario["scenario"]["impacts"]
    [row] = post(client, "/v1/sweeps", {"plan": plan, "scenarios": [type_ii]})["rows"]
    jobs = checks["jobs_per_billion_krw"]["model_type_ii"]["total"]
    assert jobs == impacts["jobs"] == row["jobs"], name
    output = checks["production_multiplier"]["model_type_ii"]["total"]
    assert output == impacts["output"]["total"] == row["output_krw"], name
    # an audit asked for Type II: its checks, both bases and the regional split are Type II
    asked = post(client, "/v1/audit", {"plan": plan, "model": "type_ii"})
    by_code = {c["code"]: c for c in asked["checks"]}
    production = by_code["production_multiplier"]
    basis = asked["basis"]
    assert production["model"]["total"] == output == production["model_by_basis"][basis]["total"]
    assert by_code["jobs_per_billion_krw"]["model"]["total"] == jobs
    assert asked["regional"] == impacts["regional"], name
    assert asked["regional"]["production"]["total"] == output
    assert "Type II" in by_code["regional_share"]["explanation"]["en"]


def test_a_restated_amount_reads_the_same_in_a_comparison_and_a_what_if(client: Client) -> None:
    """Daejeon's 2018 won in 2023 prices: '3조 260억원' in a comparison, and it was
    '3조 257억 3,897만 5,933원' in a what-if's price_year (a red team found it)."""
    compared = client.get("/v1/compare?ids=daejeon-2018,sejong-2024&price_year=2023").json()
    row = next(r for r in compared["rows"] if r["label"] == "daejeon-2018")
    restate = [{"type": "price_year", "year": 2023}]
    body = {"plan": {"id": "daejeon-2018"}, "adjustments": restate}
    side = post(client, "/v1/scenarios", body)["scenario"]
    assert side["plan"]["investment"] == row["real_investment"]
    assert side["display"]["investment"] == row["display"]["investment"]
    assert side["display"]["investment"]["ko"] == "3조 260억원"
    for name in ("cost_per_job_krw", "cost_per_startup_krw"):
        assert side["metrics"][name]["value"] == row["metrics"][name]["value"], name
        assert side["metrics"][name]["display"] == row["metrics"][name]["display"], name
    baseline = post(client, "/v1/scenarios", body)["baseline"]  # the plan as stated: exact
    assert baseline["display"]["investment"]["ko"] == "2조 8,000억원"
