"""``/v1/scenarios`` through the real app: compute, save, list, read, delete, errors.

Runs on SQLite, and on PostgreSQL when ``IMPACT_TEST_POSTGRES_URL`` is set.
"""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from impact.seeds import load_seed_plans
from tests.integration.conftest import BACKENDS
from tests.strategies_scenario import ALLOCATION, sejong

Client = TestClient[Litestar]


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


CUT = [
    {"type": "reallocate", "allocation": ALLOCATION},
    {"type": "scale_investment", "factor": 0.8},
    {"type": "local_share", "value": 0.6},
]


def test_the_sejong_what_if(client: Client) -> None:
    plan = sejong().model_dump(mode="json")  # the allocation is given explicitly
    response = client.post("/v1/scenarios", json={"plan": plan, "adjustments": CUT[1:]})
    assert response.status_code == 200
    body = response.json()
    assert body["id"] is None and body["plan_id"] is None
    assert body["scenario"]["plan"]["investment"] == 136_320_000_000
    assert body["scenario"]["plan"]["claims"] == body["baseline"]["plan"]["claims"]
    base, scen = body["baseline"]["impacts"], body["scenario"]["impacts"]
    assert scen["regional"]["local_share"] == 0.6
    assert scen["output"]["total"] == pytest.approx(0.8 * base["output"]["total"])
    assert scen["regional"]["production"]["in_region"] == pytest.approx(
        0.48 * base["regional"]["production"]["in_region"]
    )
    assert scen["jobs_unit"] == "person-years"
    assert body["delta"]["impacts.output.total"]["percent"] == pytest.approx(-20.0)
    assert body["delta"]["metrics.cost_per_job_krw"]["scenario"] == 68_228_228
    assert body["adjustments"][1] == {"type": "local_share", "value": 0.6}


def test_an_inline_plan_gives_the_same_answer(client: Client) -> None:
    by_id = client.post(
        "/v1/scenarios", json={"plan": {"id": "sejong-2024"}, "adjustments": CUT}
    ).json()
    inline = client.post(
        "/v1/scenarios", json={"plan": sejong().model_dump(mode="json"), "adjustments": CUT[1:]}
    ).json()
    assert inline["scenario"]["impacts"] == by_id["scenario"]["impacts"]


def test_save_list_get_delete(client: Client) -> None:
    created = client.post(
        "/v1/scenarios",
        json={"plan": {"id": "sejong-2024"}, "adjustments": CUT, "save": True, "name": "cut"},
    )
    assert created.status_code == 201
    saved = created.json()
    assert created.headers["location"] == f"/v1/scenarios/{saved['id']}"
    assert (saved["name"], saved["plan_id"]) == ("cut", "sejong-2024")
    other = client.post(
        "/v1/scenarios",
        json={"plan": sejong().model_dump(mode="json"), "adjustments": [], "save": True},
    ).json()
    page = client.get("/v1/scenarios", params={"limit": 1}).json()
    assert page["total"] >= 2 and len(page["items"]) == 1
    listed = client.get("/v1/scenarios", params={"limit": 100}).json()["items"]
    ids = [item["id"] for item in listed]
    assert ids.index(saved["id"]) < ids.index(other["id"])  # oldest first
    read = client.get(f"/v1/scenarios/{saved['id']}")
    assert read.status_code == 200
    assert read.json() == saved
    # the saved scenario keeps its plan snapshot after the saved plan changes
    changed = client.put("/v1/plans/sejong-2024", json=sejong(investment=1).model_dump(mode="json"))
    assert changed.status_code == 200
    assert client.get(f"/v1/scenarios/{saved['id']}").json()["scenario"] == saved["scenario"]
    seed = load_seed_plans()["sejong-2024"].model_dump(mode="json")
    assert client.put("/v1/plans/sejong-2024", json=seed).status_code == 200
    assert client.delete(f"/v1/scenarios/{saved['id']}").status_code == 204
    gone = client.get(f"/v1/scenarios/{saved['id']}")
    assert (gone.status_code, gone.json()["field"]) == (404, "id")
    assert client.delete(f"/v1/scenarios/{saved['id']}").status_code == 404


@pytest.mark.parametrize(
    ("adjustments", "status", "field"),
    [
        ([{"type": "reallocate", "allocation": ALLOCATION}, {"type": "budget_cut"}], 422,
         "adjustments.1.type"),
        ([{"factor": 0.8}], 422, "adjustments.0.type"),
        ([{"type": "scale_investment", "factor": -1}], 422, "adjustments.0.factor"),
        ([{"type": "scale_investment", "factor": 0.8}], 422, "plan.allocation"),
        ([{"type": "reallocate", "allocation": {"shares": {"99": 1}}}], 422,
         "adjustments.0.allocation.shares.99"),
        ([{"type": "reallocate", "allocation": ALLOCATION}, {"type": "table", "id": "x"}], 404,
         "adjustments.1.id"),
    ],
)  # fmt: skip
def test_bad_adjustments_name_index_and_field(
    client: Client, adjustments: list[Any], status: int, field: str
) -> None:
    plan = sejong(allocation=None).model_dump(mode="json")
    response = client.post("/v1/scenarios", json={"plan": plan, "adjustments": adjustments})
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["field"] == field


def test_unknown_plan_id_and_bad_list_parameters(client: Client) -> None:
    missing = client.post("/v1/scenarios", json={"plan": {"id": "nope"}, "adjustments": []})
    assert (missing.status_code, missing.json()["field"]) == (404, "plan.id")
    assert client.get("/v1/scenarios", params={"limit": 0}).status_code in {400, 422}
