"""A key's storage quota, and lists bounded by bytes per page (issue 14, item 6)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import text

from api.app import create_app
from api.db.session import open_database
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
    assert problem["errors"][0]["pointer"] == ""  # the whole body, as for other body errors
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


async def _kept_and_summed(
    url: str,
) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
    """``storage_use`` and ``plan_counts`` per owner (bytes, plans), and the sums of ``size``
    over the tables and the counts of plans computed here."""
    rows = " UNION ALL ".join(
        f"SELECT owner, size FROM {table}" for table in ("plans", "scenarios", "io_tables")
    )
    async with open_database(url) as database, database.engine.connect() as connection:
        kept = await connection.execute(
            text("SELECT owner, bytes, coalesce(plans, 0) FROM storage_use "
                 "LEFT JOIN plan_counts USING (owner)")
        )  # fmt: skip
        summed = await connection.execute(
            text(f"SELECT coalesce(owner, ''), sum(size) FROM ({rows}) AS r GROUP BY 1")
        )
        counted = await connection.execute(
            text("SELECT coalesce(owner, ''), count(*) FROM plans GROUP BY 1")
        )
        counts = {owner: int(n) for owner, n in counted}
        return (
            {owner: (int(n), int(p)) for owner, n, p in kept if n or p},
            {owner: (int(n), counts.get(owner, 0)) for owner, n in summed if n},
        )


def test_the_bytes_kept_per_owner_are_the_sums_of_what_is_stored(databases: Databases) -> None:
    """Random saves, replacements and deletions of plans and scenarios by two keys, and rows
    of every table inserted, moved to another owner and deleted in SQL: the quota's counter
    and the plans per owner (``storage_use``, ``plan_counts``, kept by triggers) are the sum
    and the count computed from the rows every time."""
    url = databases.new()
    rng = random.Random(15)
    settings = settings_for(url, api_keys=f"{KEY_A},{KEY_B}")
    plans: list[tuple[str, dict[str, str]]] = []
    scenarios: list[tuple[str, dict[str, str]]] = []
    with TestClient(create_app(settings)) as client:
        for step in range(60):
            key = rng.choice([A, B])
            action = rng.random()
            if action < 0.35 or not plans:
                made = client.post("/v1/plans", json=big_plan(f"p{step}", rng.randrange(1, 5)),
                                   headers=key)  # fmt: skip
                assert made.status_code == 201, made.text
                plans.append((made.json()["id"], key))
            elif action < 0.55:
                plan_id, owner = rng.choice(plans)
                plan = big_plan(f"r{step}", rng.randrange(1, 5))
                assert client.put(f"/v1/plans/{plan_id}", json=plan, headers=owner).is_success
            elif action < 0.7:
                plan_id, owner = plans.pop(rng.randrange(len(plans)))
                assert client.delete(f"/v1/plans/{plan_id}", headers=owner).status_code == 204
            elif action < 0.85 or not scenarios:
                body = {"plan": {"id": "sejong-2024"}, "adjustments": [], "save": True}
                made = client.post("/v1/scenarios", json=body, headers=key)
                assert made.status_code == 201, made.text
                scenarios.append((made.json()["id"], key))
            else:
                scenario_id, owner = scenarios.pop(rng.randrange(len(scenarios)))
                gone = client.delete(f"/v1/scenarios/{scenario_id}", headers=owner)
                assert gone.status_code == 204
            if step % 15 == 14:
                kept, summed = asyncio.run(_kept_and_summed(url))
                assert kept == summed
                assert len(kept) == 3  # the seeds (no owner) and the two keys
    asyncio.run(_in_sql(url))
    kept, summed = asyncio.run(_kept_and_summed(url))
    assert kept == summed


async def _in_sql(url: str) -> None:
    """Rows of every table inserted, given to another owner, resized and deleted in SQL."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    async with open_database(url) as database, database.engine.begin() as connection:
        await connection.execute(
            text("INSERT INTO io_tables (id, name, origin, unit, sectors, document, created_at, "
                 "owner, size) VALUES ('t1', 't', 'uploaded', 'KRW', 2, '{}', :now, 'x', 700)"),
            {"now": now},
        )  # fmt: skip
        await connection.execute(text("UPDATE io_tables SET owner = NULL WHERE id = 't1'"))
        await connection.execute(text("UPDATE plans SET owner = 'y', size = size + 5"))
        await connection.execute(text("DELETE FROM scenarios"))


async def _save_at_once(settings: Any, plans: list[dict[str, Any]]) -> list[int]:
    """POST ``plans`` concurrently to one app (the same key); their status codes.

    httpx's ASGI transport runs each request in the caller's task, so that the requests'
    database trips interleave as a server's would (Litestar's test client runs them one by
    one in a portal)."""
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]  # an ASGI app
    async with app.lifespan(), httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        answers = await asyncio.gather(
            *(c.post("/v1/plans", json=plan, headers=A) for plan in plans)
        )
    return [answer.status_code for answer in answers]


def test_concurrent_saves_by_one_key_stay_within_its_quota(databases: Databases) -> None:
    """Eight saves of 100 KB at once against a quota of 250 KB: two are stored, six refused.
    Each write's check reads the owner's bytes and locks them to its commit; without the
    lock all eight read the same total and pass (PostgreSQL)."""
    url = databases.new()
    settings = settings_for(url, api_keys=KEY_A, storage_quota_bytes=QUOTA)
    codes = asyncio.run(_save_at_once(settings, [big_plan(f"c{i}") for i in range(8)]))
    assert sorted(codes) == [201] * 2 + [413] * 6, codes
    kept, summed = asyncio.run(_kept_and_summed(url))
    assert kept == summed
    (owned,) = (stored for owner, stored in kept.items() if owner)
    assert 2 * 100_000 < owned[0] <= QUOTA
    assert owned[1] == 2


def test_a_key_over_a_lowered_quota_may_shrink_and_delete_but_not_grow(
    databases: Databases,
) -> None:
    """Two plans of 100 KB, then the quota is lowered to 150 KB: the key is over it. Replacing
    a plan by a smaller one still passes (it frees room), a new plan or a larger replacement
    does not, and deleting passes."""
    url = databases.new()
    with TestClient(create_app(settings_for(url, api_keys=KEY_A))) as first:
        ids = [first.post("/v1/plans", json=big_plan(t), headers=A).json()["id"] for t in "pq"]
    lowered = settings_for(url, api_keys=KEY_A, storage_quota_bytes=150_000)
    with TestClient(create_app(lowered)) as client:
        grown = client.put(f"/v1/plans/{ids[0]}", json=big_plan("pp"), headers=A)
        assert (grown.status_code, grown.json()["field"]) == (413, "body")
        assert "would add 10" in grown.json()["detail"]  # one more byte in 100 names
        assert client.post("/v1/plans", json=big_plan("r", 1), headers=A).status_code == 413
        shrunk = client.put(f"/v1/plans/{ids[0]}", json=big_plan("p", 90), headers=A)
        assert shrunk.status_code == 200, shrunk.text
        assert client.get(f"/v1/plans/{ids[0]}").json()["plan"]["title"] == "p"
        assert client.delete(f"/v1/plans/{ids[1]}", headers=A).status_code == 204
        assert client.post("/v1/plans", json=big_plan("r", 10), headers=A).status_code == 201
