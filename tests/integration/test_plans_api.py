"""``/v1/plans`` through the real ASGI app on a real database (SQLite, and PostgreSQL).

Every test runs once per backend: on a SQLite file under pytest's temporary
directory, and on PostgreSQL when ``IMPACT_TEST_POSTGRES_URL`` is set (see
``conftest.py``; skipped otherwise).
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient, TestClient

from api.app import create_app
from api.settings import Settings
from impact.plan import Plan
from impact.seeds import load_seed_plans
from tests.integration.conftest import BACKENDS, Databases

Client = TestClient[Litestar]
SEED_IDS = ["daejeon-2018", "sejong-2024"]


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def a_plan(city: str = "Testville 테스트시", **changes: Any) -> dict[str, Any]:
    """A valid plan body."""
    plan: dict[str, Any] = {
        "city": city,
        "title": "Test plan",
        "announced": "2024-03-01",
        "investment": "1,704억원",
        "claims": {"jobs": "1,998명", "production_inducement": 290_100_000_000},
    }
    plan.update(changes)
    return plan


def normalised(body: dict[str, Any]) -> dict[str, Any]:
    """What the service stores for ``body``: the validated plan as JSON."""
    return Plan.model_validate(body).model_dump(mode="json")


def create(client: Client, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/v1/plans", json=body)
    assert response.status_code == 201, response.text
    record: dict[str, Any] = response.json()
    return record


def fresh_client(url: str) -> Client:
    return TestClient(create_app(Settings(database_url=url)))


# --- seeds -----------------------------------------------------------------------------


def test_seeds_are_saved_with_their_stable_ids(client: Client) -> None:
    for plan_id, plan in load_seed_plans().items():
        response = client.get(f"/v1/plans/{plan_id}")
        assert response.status_code == 200, response.text
        record = response.json()
        assert record["id"] == plan_id
        assert record["plan"] == plan.model_dump(mode="json")
        assert record["version"] >= 1


# --- CRUD ------------------------------------------------------------------------------


def test_create_get_list_filter_update_metrics_delete(client: Client) -> None:
    body = a_plan(city="Roundtrip 왕복시")
    created = create(client, body)
    plan_id = created["id"]
    assert created["plan"] == normalised(body)
    assert created["version"] == 1
    created_at = datetime.fromisoformat(created["created_at"])
    assert created_at.utcoffset() == timedelta(0)
    assert created["updated_at"] == created["created_at"]

    got = client.get(f"/v1/plans/{plan_id}")
    assert got.status_code == 200
    assert got.json() == created

    listed = client.get("/v1/plans", params={"limit": 100}).json()
    assert plan_id in [item["id"] for item in listed["items"]]
    assert set(SEED_IDS) <= {item["id"] for item in listed["items"]}

    filtered = client.get("/v1/plans", params={"city": "rOUNDTRIP"}).json()
    assert [item["id"] for item in filtered["items"]] == [plan_id]
    assert filtered["total"] == 1
    assert client.get("/v1/plans", params={"city": "왕복"}).json()["total"] == 1

    changed = a_plan(city="Roundtrip 왕복시", title="Revised", investment=200_000_000_000)
    updated = client.put(f"/v1/plans/{plan_id}", json=changed)
    assert updated.status_code == 200, updated.text
    record = updated.json()
    assert record["plan"] == normalised(changed)
    assert record["version"] == 2
    assert record["created_at"] == created["created_at"]
    assert datetime.fromisoformat(record["updated_at"]) >= created_at
    assert client.get(f"/v1/plans/{plan_id}").json() == record

    metrics = client.get(f"/v1/plans/{plan_id}/metrics")
    assert metrics.status_code == 200
    assert metrics.json() == client.post("/v1/metrics", json=changed).json()

    deleted = client.delete(f"/v1/plans/{plan_id}")
    assert deleted.status_code == 204
    assert deleted.content == b""
    gone = client.get(f"/v1/plans/{plan_id}")
    assert gone.status_code == 404
    assert gone.json()["field"] == "id"
    assert client.get("/v1/plans", params={"city": "roundtrip"}).json()["total"] == 0


def test_create_answers_201_with_a_location(client: Client) -> None:
    response = client.post("/v1/plans", json=a_plan())
    assert response.status_code == 201
    record = response.json()
    assert set(record) == {"id", "plan", "created_at", "updated_at", "version"}
    assert response.headers["location"] == f"/v1/plans/{record['id']}"
    assert client.get(response.headers["location"]).json() == record


def test_seed_metrics_are_those_of_post_metrics(client: Client) -> None:
    plan = load_seed_plans()["sejong-2024"].model_dump(mode="json")
    stored = client.get("/v1/plans/sejong-2024/metrics")
    assert stored.status_code == 200
    assert stored.json() == client.post("/v1/metrics", json=plan).json()


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("GET", ""), ("PUT", ""), ("DELETE", ""), ("GET", "/metrics")],
)
def test_unknown_id_is_a_404_problem_naming_id(client: Client, method: str, suffix: str) -> None:
    body = a_plan() if method == "PUT" else None
    response = client.request(method, f"/v1/plans/no-such-plan{suffix}", json=body)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["field"] == "id"
    assert problem["status"] == 404
    assert "no-such-plan" in problem["detail"]


# --- validation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"city": ""}, "city"),
    ],
)
def test_bad_page_parameters_are_422_naming_them(
    client: Client, params: dict[str, Any], field: str
) -> None:
    response = client.get("/v1/plans", params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["field"] == field


@pytest.mark.parametrize(("limit", "expected"), [(1, 1), (100, 100), (None, 20)])
def test_limit_bounds_are_accepted(client: Client, limit: int | None, expected: int) -> None:
    params = {} if limit is None else {"limit": limit}
    page = client.get("/v1/plans", params=params)
    assert page.status_code == 200
    assert page.json()["limit"] == expected
    assert len(page.json()["items"]) <= expected


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (a_plan(investment=-5), "investment"),
        (a_plan(investment="lots"), "investment"),
        ({k: v for k, v in a_plan().items() if k != "city"}, "city"),
        (a_plan(colour="blue"), "colour"),
        (a_plan(claims={"jobs": -1}), "claims.jobs"),
    ],
)
def test_invalid_plan_is_422_naming_the_field(
    client: Client, body: dict[str, Any], field: str
) -> None:
    response = client.post("/v1/plans", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field


def test_failed_put_leaves_the_saved_plan_unchanged(client: Client) -> None:
    created = create(client, a_plan(city="Unchanged 불변시"))
    plan_id = created["id"]
    for bad in (a_plan(investment=0), a_plan(extra="x"), {"city": "Only a city"}):
        response = client.put(f"/v1/plans/{plan_id}", json=bad)
        assert response.status_code == 422
    malformed = client.put(
        f"/v1/plans/{plan_id}", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert malformed.status_code in {400, 422}
    assert client.get(f"/v1/plans/{plan_id}").json() == created


# --- listing ---------------------------------------------------------------------------


def test_pages_are_ordered_by_creation_then_id_and_count_the_filter(client: Client) -> None:
    ids = [create(client, a_plan(city=f"Pageville {n}"))["id"] for n in range(5)]
    seen: list[dict[str, Any]] = []
    for offset in (0, 2, 4, 6):
        page = client.get(
            "/v1/plans", params={"city": "pageville", "limit": 2, "offset": offset}
        ).json()
        assert page["total"] == 5
        assert (page["limit"], page["offset"]) == (2, offset)
        assert len(page["items"]) == max(0, min(2, 5 - offset))
        seen.extend(page["items"])
    assert [item["id"] for item in seen] == ids
    keys = [(item["created_at"], item["id"]) for item in seen]
    assert keys == sorted(keys)


@pytest.mark.parametrize(("pattern", "found"), [("%", True), ("d_c", True), ("\\", False)])
def test_city_filter_takes_wildcards_literally(client: Client, pattern: str, found: bool) -> None:
    create(client, a_plan(city="Wild_card 100%"))
    page = client.get("/v1/plans", params={"city": pattern, "limit": 100}).json()
    cities = [item["plan"]["city"] for item in page["items"]]
    assert all(pattern in city for city in cities)
    assert ("Wild_card 100%" in cities) is found


def test_city_filter_ignores_case_beyond_ascii(client: Client) -> None:
    create(client, a_plan(city="MÜNCHEN"))
    assert client.get("/v1/plans", params={"city": "münchen"}).json()["total"] == 1
    assert client.get("/v1/plans", params={"city": "ÜNCH"}).json()["total"] == 1


def test_city_filter_finds_a_region_by_any_of_its_names(client: Client) -> None:
    """A search that names a region finds plans whose city names it in the other language
    or in full; any other text is matched as written."""
    made = {
        city: create(client, a_plan(city=city))["id"]
        for city in (
            "세종 조치원읍",
            "Sejong City Hall",
            "세종특별자치시청",
            "대전 유성구",
            "Busanland",
        )
    }

    def found(query: str) -> set[str]:
        page = client.get("/v1/plans", params={"city": query, "limit": 100}).json()
        return {
            city for city, plan_id in made.items() if plan_id in {i["id"] for i in page["items"]}
        }

    sejong = {"세종 조치원읍", "Sejong City Hall", "세종특별자치시청"}
    for query in ("sejong", "SEJONG", "세종", "세종시", "Sejong-si", "세종특별자치시"):
        assert found(query) == sejong, query
    assert found("Daejeon") == found("대전") == {"대전 유성구"}
    assert found("조치원") == {"세종 조치원읍"}  # not a region's name: the text as written
    assert found("Busan") == {"Busanland"}  # 부산 names no city here; the text still matches
    assert found("29") == set()  # Sejong's code is no name
    assert found(" 세종\u3000") == sejong  # stripped, as a plan's city is


@pytest.mark.parametrize(
    ("city", "said"), [("a\x00", "U+0000"), (" ", "must not be empty"), ("\u0301a", "U+0301")]
)
def test_a_city_filter_is_read_by_a_plans_text_rule(client: Client, city: str, said: str) -> None:
    """'%00' matched every plan (SQLite's LIKE ends a pattern at NUL), ' ' too."""
    problem = client.get("/v1/plans", params={"city": city})
    assert problem.status_code == 422, problem.text
    body = problem.json()
    assert body["field"] == "city" and said in body["detail"], body
    assert body["errors"][0]["message_ko"].startswith(("제어", "비어", "붙을")), body


# --- concurrency -----------------------------------------------------------------------


def test_fifty_concurrent_creates_are_all_saved_intact(databases: Databases) -> None:
    app = create_app(Settings(database_url=databases.new()))
    bodies = [a_plan(city=f"Concurrent {n:02d}", investment=1_000_000 + n) for n in range(50)]

    async def scenario() -> list[dict[str, Any]]:
        async with AsyncTestClient(app) as client:
            responses = await asyncio.gather(*(client.post("/v1/plans", json=b) for b in bodies))
            assert [r.status_code for r in responses] == [201] * 50
            records = [r.json() for r in responses]
            fetched = await asyncio.gather(*(client.get(f"/v1/plans/{r['id']}") for r in records))
            assert [f.json() for f in fetched] == records
            page = await client.get("/v1/plans", params={"city": "concurrent", "limit": 100})
            assert page.json()["total"] == 50
            return records

    records = asyncio.run(scenario())
    assert len({record["id"] for record in records}) == 50
    assert [record["plan"] for record in records] == [normalised(b) for b in bodies]


def test_concurrent_replacements_each_bump_the_version_once(databases: Databases) -> None:
    app = create_app(Settings(database_url=databases.new()))

    async def scenario() -> tuple[list[int], dict[str, Any]]:
        async with AsyncTestClient(app) as client:
            created = (await client.post("/v1/plans", json=a_plan())).json()
            url = f"/v1/plans/{created['id']}"
            responses = await asyncio.gather(
                *(client.put(url, json=a_plan(title=f"edit {n}")) for n in range(20))
            )
            assert [r.status_code for r in responses] == [200] * 20
            final = (await client.get(url)).json()
            return [r.json()["version"] for r in responses], final

    versions, final = asyncio.run(scenario())
    assert sorted(versions) == list(range(2, 22))
    assert final["version"] == 21
    winner = versions.index(21)
    assert final["plan"]["title"] == f"edit {winner}"


def test_if_match_lets_one_of_two_editors_of_one_version_win(databases: Databases) -> None:
    """Eight editors read version 1 and each replace the plan with ``If-Match: "1"`` at
    once: one wins (version 2, its title stored), seven get 412 naming ``If-Match``. Without
    the header the last writer wins (the test above)."""
    app = create_app(Settings(database_url=databases.new()))

    async def scenario() -> tuple[list[httpx.Response], dict[str, Any]]:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]  # an ASGI app
        async with app.lifespan(), httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            created = (await c.post("/v1/plans", json=a_plan())).json()
            url = f"/v1/plans/{created['id']}"
            answers = await asyncio.gather(
                *(
                    c.put(url, json=a_plan(title=f"edit {n}"), headers={"If-Match": '"1"'})
                    for n in range(8)
                )
            )
            return list(answers), (await c.get(url)).json()

    answers, final = asyncio.run(scenario())
    codes = [answer.status_code for answer in answers]
    assert sorted(codes) == [200] + [412] * 7, codes
    winner = codes.index(200)
    assert final["version"] == 2 and final["plan"]["title"] == f"edit {winner}"
    stale = answers[codes.index(412)].json()
    assert (stale["field"], stale["type"]) == ("If-Match", "urn:impact:problem:stale-version")
    assert "at version 2, not 1" in stale["detail"]


def test_if_match_forms_and_a_stale_delete(client: Client) -> None:
    created = client.post("/v1/plans", json=a_plan())
    url, tag = created.headers["Location"], created.headers["ETag"]
    assert tag == '"1"' == client.get(url).headers["ETag"]
    forms = [
        (tag, 200, '"2"'),
        ('W/"2"', 200, '"3"'),  # a proxy that compresses weakens tags
        ("3", 200, '"4"'),
        ('"1", "4"', 200, '"5"'),  # a list matches any of its tags
        ("*", 200, '"6"'),
        ('"2"', 412, '"6"'),  # the 412 says which version is stored
        ('"1", "3"', 412, '"6"'),
    ]
    for header, status, etag in forms:
        answer = client.put(url, json=a_plan(), headers={"If-Match": header})
        assert (answer.status_code, answer.headers.get("ETag")) == (status, etag), header
    bad = [[(b"If-Match", h.encode())] for h in ["v3", '"1', '1"', '""1""', "", '"1",', "１"]]
    for wrong in bad:  # the last: a fullwidth digit is not a version
        answer = client.put(url, json=a_plan(), headers=wrong)
        assert answer.status_code == 422, (wrong, answer.text)
        assert (answer.json()["field"], answer.json()["errors"][0]["pointer"]) == ("If-Match", "")
    future = client.delete(url, headers={"If-Match": '"9"'}).json()
    assert "version 6, not 9: that version was never stored" in future["detail"]
    stale = client.delete(url, headers={"If-Match": '"5"'}).json()
    assert "changed since you read it" in stale["detail"]
    assert stale["errors"][0]["pointer"] == ""  # a header, not a place in a body
    assert client.get(url).json()["version"] == 6  # refused changes changed nothing
    assert client.delete(url, headers={"If-Match": '"6"'}).status_code == 204


# --- restarts --------------------------------------------------------------------------


@pytest.fixture
def restartable(databases: Databases) -> str:
    """A fresh database that several apps open one after another."""
    return databases.new()


def test_data_and_seed_edits_survive_a_restart_without_duplicate_seeds(restartable: str) -> None:
    with fresh_client(restartable) as first:
        saved = create(first, a_plan(city="Persistent 영속시"))
        seed = first.get("/v1/plans/sejong-2024").json()
        edited_body = {**seed["plan"], "title": "My own reading of the Sejong plan"}
        edited = first.put("/v1/plans/sejong-2024", json=edited_body).json()
        assert edited["version"] == 2

    for _ in range(2):
        with fresh_client(restartable) as again:
            assert again.get(f"/v1/plans/{saved['id']}").json() == saved
            assert again.get("/v1/plans/sejong-2024").json() == edited
            page = again.get("/v1/plans", params={"limit": 100}).json()
            ids = [item["id"] for item in page["items"]]
            assert page["total"] == 3
            assert sorted(ids) == sorted([*SEED_IDS, saved["id"]])


def test_a_deleted_seed_is_saved_again_at_the_next_start(restartable: str) -> None:
    with fresh_client(restartable) as first:
        assert first.delete("/v1/plans/daejeon-2018").status_code == 204
        assert first.get("/v1/plans/daejeon-2018").status_code == 404
    with fresh_client(restartable) as again:
        record = again.get("/v1/plans/daejeon-2018").json()
        assert record["version"] == 1
        assert record["plan"] == load_seed_plans()["daejeon-2018"].model_dump(mode="json")
