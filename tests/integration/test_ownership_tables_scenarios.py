"""API keys and ownership on the routes that save tables and scenarios, on SQLite and (in
CI) on PostgreSQL: ``POST /v1/tables``, ``POST /v1/tables/{id}/regionalize``,
``POST /v1/scenarios`` with ``"save": true`` and ``DELETE /v1/scenarios/{id}``.

The same rules as for saved plans (tests/integration/test_security.py, test_ownership.py):
with keys configured a write needs a valid key (401 naming ``X-API-Key``, checked before
the body is read), what is saved records the key's id -- never the key -- and only that key
may delete it (403 naming ``id``); what was saved with no key is read-only while keys are
configured. Tables are immutable: no route replaces or deletes one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import text

from api.app import create_app
from api.db.session import open_database
from api.settings import sha256_hex
from tests.integration.conftest import BACKENDS, Databases, settings_for
from tests.integration.test_tables_api import MILLER_BLAIR
from tests.strategies_scenario import ALLOCATION

Client = TestClient[Litestar]

KEY_A = "key-a-0123456789abcdef"
KEY_B = "key-b-fedcba9876543210"
PROBLEM = "application/problem+json"
CHALLENGE = 'APIKey header="X-API-Key"'
SAVE = {
    "plan": {"id": "sejong-2024"},
    "adjustments": [{"type": "reallocate", "allocation": ALLOCATION}],
    "save": True,
}
REGIONALIZE = {"method": "slq", "regional_employment": [10, 20], "national_employment": [100, 100]}


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def keyed_url(databases: Databases) -> str:
    return databases.new()


@pytest.fixture(scope="module")
def keyed(keyed_url: str) -> Iterator[Client]:
    """An app with two API keys configured."""
    app = create_app(settings_for(keyed_url, api_keys=f"{KEY_A},{KEY_B}"))
    with TestClient(app) as client:
        yield client


def _as(key: str | None) -> dict[str, str]:
    return {"X-API-Key": key} if key else {}


def _upload(client: Client, key: str | None) -> Any:
    return client.post("/v1/tables", json=MILLER_BLAIR, headers=_as(key))


def _save(client: Client, key: str | None) -> Any:
    return client.post("/v1/scenarios", json=SAVE, headers=_as(key))


def _owner(url: str, table: str, row_id: str) -> str | None:
    async def read() -> str | None:
        async with open_database(url) as database, database.engine.connect() as connection:
            found = await connection.execute(
                text(f"SELECT owner FROM {table} WHERE id = :id"),
                {"id": row_id},
            )
            owner: str | None = found.scalar_one()
            return owner

    return asyncio.run(read())


def _totals(client: Client) -> tuple[int, int]:
    tables = client.get("/v1/tables").json()["total"]
    scenarios = client.get("/v1/scenarios").json()["total"]
    return tables, scenarios


def _unauthorised(response: Any, detail: str) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["www-authenticate"] == CHALLENGE
    problem = response.json()
    assert problem["field"] == "X-API-Key"
    assert detail in problem["detail"]


# --- API keys -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "detail"), [(None, "send an API key"), ("not-a-configured-key-123", "not hold a valid")]
)
def test_saving_tables_and_scenarios_without_a_valid_key_is_401(
    keyed: Client, key: str | None, detail: str
) -> None:
    scenario_id = _save(keyed, KEY_A).json()["id"]
    before = _totals(keyed)
    for response in (
        _upload(keyed, key),
        keyed.post("/v1/tables/bok-2023/regionalize", json=REGIONALIZE, headers=_as(key)),
        _save(keyed, key),
        keyed.delete(f"/v1/scenarios/{scenario_id}", headers=_as(key)),
    ):
        _unauthorised(response, detail)
    assert _totals(keyed) == before
    assert keyed.get(f"/v1/scenarios/{scenario_id}").status_code == 200


def test_the_key_is_checked_before_the_body_is_read(keyed: Client) -> None:
    junk = {"content-type": "text/x"}
    assert keyed.post("/v1/tables", content=b"{not json", headers=junk).status_code == 401
    regionalize = keyed.post("/v1/tables/bok-2023/regionalize", content=b"[", headers=junk)
    assert regionalize.status_code == 401


def test_a_scenario_without_save_needs_no_key(keyed: Client) -> None:
    unsaved = {**SAVE, "save": False}
    response = keyed.post("/v1/scenarios", json=unsaved)
    assert response.status_code == 200
    assert response.json()["id"] is None
    assert keyed.get("/v1/tables/bok-2023").status_code == 200
    assert keyed.post("/v1/impact", json={"demand": {"62": "100억"}}).status_code == 200


def test_saving_is_refused_before_anything_is_computed(keyed: Client) -> None:
    """401, not the 404 the unknown plan would get: the key is checked first."""
    response = keyed.post("/v1/scenarios", json={**SAVE, "plan": {"id": "no-such-plan"}})
    _unauthorised(response, "send an API key")


# --- ownership ------------------------------------------------------------------------


def test_tables_and_scenarios_record_the_key_id_not_the_key(keyed: Client, keyed_url: str) -> None:
    uploaded = _upload(keyed, KEY_A)
    assert uploaded.status_code == 201, uploaded.text
    derived = keyed.post(
        f"/v1/tables/{uploaded.json()['id']}/regionalize", json=REGIONALIZE, headers=_as(KEY_B)
    )
    assert derived.status_code == 201, derived.text
    saved = _save(keyed, KEY_B)
    assert saved.status_code == 201, saved.text

    key_a, key_b = sha256_hex(KEY_A)[:16], sha256_hex(KEY_B)[:16]
    assert _owner(keyed_url, "io_tables", uploaded.json()["id"]) == key_a
    assert _owner(keyed_url, "io_tables", derived.json()["table"]["id"]) == key_b
    assert _owner(keyed_url, "scenarios", saved.json()["id"]) == key_b
    for response in (uploaded, derived, saved):
        assert KEY_A not in response.text and KEY_B not in response.text
        assert key_a not in response.text and key_b not in response.text


def test_a_key_deletes_only_the_scenarios_it_saved(keyed: Client) -> None:
    created = _save(keyed, KEY_A)
    assert created.status_code == 201
    path = created.headers["location"]

    refused = keyed.delete(path, headers=_as(KEY_B))
    assert refused.status_code == 403
    assert refused.headers["content-type"] == PROBLEM
    assert refused.json()["field"] == "id"
    assert "another API key" in refused.json()["detail"]
    assert keyed.get(path).status_code == 200

    assert keyed.delete(path, headers=_as(KEY_A)).status_code == 204
    assert keyed.get(path).status_code == 404
    gone = keyed.delete(path, headers=_as(KEY_A))
    assert (gone.status_code, gone.json()["field"]) == (404, "id")


def test_tables_are_immutable(keyed: Client) -> None:
    table_id = _upload(keyed, KEY_A).json()["id"]
    for method in ("PUT", "PATCH", "DELETE"):
        response = keyed.request(method, f"/v1/tables/{table_id}", headers=_as(KEY_A))
        assert response.status_code == 405, method
    assert keyed.get(f"/v1/tables/{table_id}").status_code == 200


def test_what_was_saved_without_keys_is_read_only_once_keys_are_set(databases: Databases) -> None:
    url = databases.new()
    with TestClient(create_app(settings_for(url))) as open_client:
        table = _upload(open_client, None)
        scenario = _save(open_client, None)
        assert (table.status_code, scenario.status_code) == (201, 201)
        path = scenario.headers["location"]
    assert _owner(url, "io_tables", table.json()["id"]) is None
    assert _owner(url, "scenarios", scenario.json()["id"]) is None

    with TestClient(create_app(settings_for(url, api_keys=KEY_A))) as keyed_client:
        refused = keyed_client.delete(path, headers=_as(KEY_A))
        assert refused.status_code == 403
        assert "saved with no API key" in refused.json()["detail"]
        assert keyed_client.get(path).status_code == 200
        assert keyed_client.get(f"/v1/tables/{table.json()['id']}").status_code == 200


def test_without_keys_every_client_may_save_and_delete(databases: Databases) -> None:
    with TestClient(create_app(settings_for(databases.new()))) as client:
        table = _upload(client, None)
        assert table.status_code == 201
        regional = client.post(
            f"/v1/tables/{table.json()['id']}/regionalize", json=REGIONALIZE
        ).status_code
        assert regional == 201
        saved = _save(client, None)
        assert saved.status_code == 201
        assert client.delete(saved.headers["location"]).status_code == 204


# --- the OpenAPI document says so -----------------------------------------------------


def test_the_document_marks_these_writes(keyed: Client) -> None:
    paths = keyed.get("/schema/openapi.json").json()["paths"]
    for path, method in (
        ("/v1/tables", "post"),
        ("/v1/tables/{id}/regionalize", "post"),
        ("/v1/scenarios/{id}", "delete"),
    ):
        operation = paths[path][method]
        assert operation["security"] == [{"apiKey": []}], (method, path)
        assert "401" in operation["responses"], (method, path)
    assert "403" in paths["/v1/scenarios/{id}"]["delete"]["responses"]
    run = paths["/v1/scenarios"]["post"]
    assert run["security"] == [{}, {"apiKey": []}]  # a key only to save
    assert "401" in run["responses"]
