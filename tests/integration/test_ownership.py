"""Ownership of saved plans under API keys, on SQLite and (in CI) on PostgreSQL.

The check runs on the row locked inside the write transaction (``SELECT … FOR UPDATE``
on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), so both dialects are exercised.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from api.app import create_app
from tests.integration.conftest import BACKENDS, Databases, settings_for

Client = TestClient[Litestar]

KEY_A = "key-a-0123456789abcdef"
KEY_B = "key-b-fedcba9876543210"
PROBLEM = "application/problem+json"
PLAN = {
    "city": "부산 Busan",
    "announced": "2024-03-01",
    "investment": "1,000억원",
    "claims": {"jobs": 500},
}


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def keyed(databases: Databases) -> Iterator[Client]:
    app = create_app(settings_for(databases.new(), api_keys=f"{KEY_A},{KEY_B}"))
    with TestClient(app) as client:
        yield client


def _as(key: str | None) -> dict[str, str]:
    return {"X-API-Key": key} if key else {}


def _create(client: Client, key: str | None, plan: dict[str, Any] | None = None) -> Any:
    return client.post("/v1/plans", json=plan or PLAN, headers=_as(key))


def test_a_key_changes_only_what_it_saved(keyed: Client) -> None:
    created = _create(keyed, KEY_A)
    assert created.status_code == 201
    plan_id = created.json()["id"]
    path = f"/v1/plans/{plan_id}"
    changed = {**PLAN, "city": "울산 Ulsan"}

    for response in (
        keyed.put(path, json=changed, headers=_as(KEY_B)),
        keyed.delete(path, headers=_as(KEY_B)),
    ):
        assert response.status_code == 403
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["field"] == "id"
        assert "another API key" in response.json()["detail"]
    assert keyed.get(path).json()["plan"]["city"] == PLAN["city"]
    assert keyed.get(path).json()["version"] == 1

    replaced = keyed.put(path, json=changed, headers=_as(KEY_A))
    assert replaced.status_code == 200
    assert replaced.json()["version"] == 2
    assert keyed.delete(path, headers=_as(KEY_A)).status_code == 204
    assert keyed.get(path).status_code == 404


def test_shipped_plans_are_read_only_while_keys_are_configured(keyed: Client) -> None:
    before = keyed.get("/v1/plans/sejong-2024").json()
    for response in (
        keyed.put("/v1/plans/sejong-2024", json=PLAN, headers=_as(KEY_A)),
        keyed.delete("/v1/plans/sejong-2024", headers=_as(KEY_A)),
    ):
        assert response.status_code == 403
        assert "shipped plan" in response.json()["detail"]
    assert keyed.get("/v1/plans/sejong-2024").json() == before


def test_an_unknown_id_is_404_for_a_valid_key(keyed: Client) -> None:
    response = keyed.delete("/v1/plans/no-such-plan", headers=_as(KEY_A))
    assert response.status_code == 404
    assert response.json()["field"] == "id"


def test_racing_keys_change_a_plan_only_through_its_owner(databases: Databases) -> None:
    app = create_app(settings_for(databases.new(), api_keys=f"{KEY_A},{KEY_B}"))
    with TestClient(app) as client:
        plan_id = _create(client, KEY_A).json()["id"]

        def replace(key: str) -> int:
            changed = {**PLAN, "title": key}
            return client.put(f"/v1/plans/{plan_id}", json=changed, headers=_as(key)).status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(replace, [KEY_A, KEY_B] * 10))
        assert statuses.count(200) == 10
        assert statuses.count(403) == 10
        record = client.get(f"/v1/plans/{plan_id}").json()
        assert record["version"] == 11
        assert record["plan"]["title"] == KEY_A
