"""A key's storage quota, and lists bounded by bytes per page (issue 14, item 6)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from api.app import create_app
from tests.integration.conftest import BACKENDS, Databases, settings_for

Client = TestClient[Litestar]
KEY_A = "storage-test-key-a-0123456789"
KEY_B = "storage-test-key-b-0123456789"
A = {"X-API-Key": KEY_A}
B = {"X-API-Key": KEY_B}
QUOTA = 250_000
PAGE = 60_000


def big_plan(tag: str, kilobytes: int = 100) -> dict[str, Any]:
    """A valid plan of about ``kilobytes`` KB (its industries' names)."""
    names = [f"{tag} industry {i:03d} " + "x" * 980 for i in range(kilobytes)]
    return {"city": "세종", "title": tag, "investment": 1_000_000_000, "industries": names}


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def client(databases: Databases) -> Iterator[Client]:
    settings = settings_for(
        databases.new(),
        api_keys=f"{KEY_A},{KEY_B}",
        storage_quota_bytes=QUOTA,
        list_page_bytes=PAGE,
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_a_key_cannot_store_beyond_its_quota_and_another_key_still_can(client: Client) -> None:
    first = client.post("/v1/plans", json=big_plan("a1"), headers=A)
    second = client.post("/v1/plans", json=big_plan("a2"), headers=A)
    assert first.status_code == second.status_code == 201
    third = client.post("/v1/plans", json=big_plan("a3"), headers=A)
    assert third.status_code == 413, third.text
    problem = third.json()
    assert problem["field"] == "body"
    assert "quota" in problem["detail"]
    assert client.post("/v1/plans", json=big_plan("b1"), headers=B).status_code == 201
    # replacing a plan by a smaller one frees room; a scenario counts too
    shrunk = client.put(f"/v1/plans/{first.json()['id']}", json=big_plan("a1", 10), headers=A)
    assert shrunk.status_code == 200
    assert client.post("/v1/plans", json=big_plan("a3", 60), headers=A).status_code == 201
    scenario = {"plan": {**big_plan("s", 100), "allocation": {"shares": {"62": 1}}}, "save": True}
    refused = client.post("/v1/scenarios", json=scenario, headers=A)
    assert (refused.status_code, refused.json()["field"]) == (413, "body")


def test_a_page_of_plans_is_bounded_by_bytes_and_says_where_the_next_starts(
    client: Client,
) -> None:
    seen: list[str] = []
    offset: int | None = 0
    pages = 0
    while offset is not None:
        response = client.get("/v1/plans", params={"limit": 100, "offset": offset})
        assert response.status_code == 200
        assert len(response.content) < PAGE + 120_000  # one big plan may pass the budget alone
        page = response.json()
        assert page["items"], page
        seen += [item["id"] for item in page["items"]]
        offset = page["next_offset"]
        pages += 1
    assert len(seen) == len(set(seen)) == page["total"]
    assert pages > 2  # the big plans do not share a page
    assert {"sejong-2024", "daejeon-2018"} <= set(seen)
