"""The exported OpenAPI document is the app's own, and is current."""

from __future__ import annotations

import json

from litestar import Litestar
from litestar.testing import TestClient

from scripts.export_openapi import TARGET, render


def test_exported_openapi_is_current() -> None:
    assert TARGET.read_text(encoding="utf-8") == render(), (
        "openapi/openapi.json is stale: run `make openapi` and commit it"
    )


def test_served_openapi_matches_export(client: TestClient[Litestar]) -> None:
    response = client.get("/schema/openapi.json")
    assert response.status_code == 200
    served = response.json()
    assert served == json.loads(TARGET.read_text(encoding="utf-8"))
    assert served["openapi"].startswith("3.1")


def test_every_operation_has_an_id_and_a_description() -> None:
    document = json.loads(render())
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert operation.get("operationId"), f"{method} {path}"
            assert operation.get("description"), f"{method} {path}"


def test_rendering_is_deterministic() -> None:
    assert render() == render(), "two apps in one process give different OpenAPI documents"
