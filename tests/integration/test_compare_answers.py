"""``/v1/compare`` gives today's answers byte for byte (:mod:`tests.compare_cases`)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from api.compare import controllers
from impact.compare import compare_plans, comparison_document
from impact.plan import Plan
from impact.prices import PriceIndexName
from impact.seeds import load_seed_plans
from tests.compare_cases import recorded

Client = TestClient[Litestar]
CASES = recorded()
POSTS = [(body, answer) for method, _, body, answer in CASES if method == "POST"]


def test_the_recorded_cases_cover_regions_dollars_and_estimates() -> None:
    answers = [json.loads(answer) for *_, answer in CASES]
    assert len(answers) > 80
    rows = [row for answer in answers for row in answer["rows"]]
    assert sum(row["in_region_share"] is not None for row in rows) > 20
    assert sum(answer["currency"] == "USD" for answer in answers) > 10
    assert sum(row["display"]["nominal_investment"]["ko"].startswith("약") for row in rows) > 5


@pytest.mark.parametrize(("method", "path", "request_body", "answer"), CASES)
def test_the_routes_give_the_recorded_bytes(
    client: Client, method: str, path: str, request_body: bytes, answer: bytes
) -> None:
    headers = {"content-type": "application/json"} if request_body else {}
    response = client.request(method, path, content=request_body or None, headers=headers)
    assert response.status_code == 200
    assert response.content == answer


@pytest.mark.parametrize(("request_body", "answer"), POSTS)
def test_the_core_comparison_model_gives_the_recorded_bytes(
    request_body: bytes, answer: bytes
) -> None:
    body = json.loads(request_body)
    seeds = load_seed_plans()
    plans = [
        (entry["id"], seeds[entry["id"]])
        if set(entry) == {"id"}
        else (Plan.model_validate(entry).city, Plan.model_validate(entry))
        for entry in body["plans"]
    ]
    comparison = compare_plans(
        plans,
        target_year=body.get("price_year"),
        index=PriceIndexName(body.get("index", "gdp_deflator")),
        currency=body.get("currency", "KRW"),
        basis=body.get("basis", "purchaser"),
    )
    assert comparison.model_dump_json(by_alias=True).encode() == answer


def test_a_float_that_is_not_a_number_is_written_null_as_the_model_writes_it(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def with_nan(*args: Any, **kwargs: Any) -> dict[str, Any]:
        document = comparison_document(*args, **kwargs)
        document["rows"][0]["in_region_share"] = {"output": float("nan"), "jobs": None}
        return document

    monkeypatch.setattr(controllers, "comparison_document", with_nan)
    response = client.post("/v1/compare", json={"plans": [{"id": "sejong-2024"}]})
    assert response.status_code == 200
    assert b'"in_region_share":{"output":null,"jobs":null}' in response.content
