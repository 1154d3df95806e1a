"""``POST /v1/metrics`` gives today's answers byte for byte (:mod:`tests.metrics_cases`)."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from impact.plan import Plan
from impact.report import evaluate, report_json
from tests.metrics_cases import SEEDS, recorded

Client = TestClient[Litestar]
CASES = recorded()


def test_the_recorded_cases_are_the_seeds_and_the_generated_plans() -> None:
    assert len(CASES) > 100
    assert all(b'"city"' in request for request, _ in CASES[: len(SEEDS)])


@pytest.mark.parametrize(("request_body", "answer"), CASES)
def test_the_route_gives_the_recorded_bytes(
    client: Client, request_body: bytes, answer: bytes
) -> None:
    response = client.post(
        "/v1/metrics", content=request_body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200
    assert response.content == answer
    assert response.headers["content-length"] == str(len(answer))


@pytest.mark.parametrize(("request_body", "answer"), CASES)
def test_the_core_report_model_gives_the_recorded_bytes(request_body: bytes, answer: bytes) -> None:
    report = evaluate(Plan.model_validate_json(request_body))
    assert report.model_dump_json(by_alias=True).encode() == answer


@pytest.mark.parametrize(("request_body", "answer"), CASES)
def test_the_plain_document_encodes_to_the_recorded_bytes(
    request_body: bytes, answer: bytes
) -> None:
    assert report_json(Plan.model_validate_json(request_body)) == answer
