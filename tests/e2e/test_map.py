"""The map of Korea's 17 regions on "Where it lands", for plans in different regions.

Every region is drawn from the shipped boundary file; the plan's region is outlined and
coloured by its in-region share of the effect, the other 16 share the rest of Korea's
(hatched: the model does not split it among them); a plan with no region shows the
national figure and the API's words on how to name one. Figures are the API's.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from impact.report import model_krw
from tests.e2e.conftest import (
    api_json,
    open_page,
    plan_query,
    run_axe,
    screenshot,
    screenshot_of,
    wait_panel,
)

ALLOCATION = {"shares": {"50": 0.6, "62": 0.4}}


def _plan(city: str) -> dict[str, Any]:
    return {
        "city": city,
        "investment": "500억원",
        "announced": "2024-03-01",
        "claims": {"jobs": "300명"},
        "allocation": ALLOCATION,
    }


Plan = str | dict[str, Any]
"""A saved plan's id, or a plan document."""

PLANS: dict[str, tuple[Plan, str | None]] = {
    "busan": (_plan("부산"), "21"),
    "seoul": (_plan("서울특별시"), "11"),
    "jeju": (_plan("제주 Jeju"), "39"),
    "sejong": ("sejong-2024", "29"),
    "gyeonggi-suwon": (_plan("수원시"), "31"),
    "no-region": (_plan("Atlantis"), None),
}


def _won(amount: float) -> str:
    """A model figure as the server writes it (4 significant digits)."""
    return model_krw(round(amount), "en")


def _audit(server: str, plan: Plan) -> Any:
    if isinstance(plan, str):
        return api_json(server, "GET", f"/v1/plans/{plan}/audit")
    return api_json(server, "POST", "/v1/audit", {"plan": plan})


def _open(page: Page, plan: Plan, lang: str = "en") -> None:
    query = f"?plan={plan}&lang={lang}" if isinstance(plan, str) else plan_query(plan, lang=lang)
    open_page(page, f"{query}#region")
    wait_panel(page, "region")


@pytest.mark.parametrize("name", list(PLANS))
def test_the_map_shows_every_region(page: Page, server: str, name: str) -> None:
    plan, code = PLANS[name]
    audit = _audit(server, plan)
    codes = {region["code"] for region in api_json(server, "GET", "/v1/regions")}
    assert len(codes) == 17
    _open(page, plan)
    body = page.locator("#region-body")
    shapes = body.locator("svg.map path.map-region")
    expect(shapes).to_have_count(17)
    assert set(shapes.evaluate_all("(paths) => paths.map((p) => p.dataset.code)")) == codes
    fills = dict(
        shapes.evaluate_all("(paths) => paths.map((p) => [p.dataset.code, p.dataset.fill])")
    )
    expect(body.locator("svg.map")).to_have_attribute("role", "img")
    if code is None:
        assert audit["region"] is None and audit["regional"] is None
        expect(body.locator(".map-box")).to_have_attribute("data-map-kind", "national")
        expect(body.locator("[data-outline]")).to_have_count(0)
        assert len(set(fills.values())) == 1  # one national figure, all of Korea alike
        national = next(c for c in audit["checks"] if c["code"] == "production_multiplier")
        expect(body.locator("[data-legend='national']")).to_contain_text(
            national["model"]["display"]["en"]  # the audit's national production, as on every tab
        )
        expect(body.locator("[data-region-how='none']")).to_contain_text(
            audit["region_how"]["en"][:60]
        )
    else:
        regional = audit["regional"]
        assert regional["region"]["code"] == code
        production = regional["production"]
        expect(body.locator(".map-box")).to_have_attribute("data-map-kind", "split")
        expect(body.locator(f"[data-outline='{code}']")).to_be_attached()
        expect(body.locator(".map-region-plan")).to_have_attribute("data-code", code)
        others = {c: f for c, f in fills.items() if c != code}
        assert len(set(others.values())) == 1  # the rest of Korea, shared
        assert fills[code] not in others.values()
        expect(body.locator("svg.map .map-hatch")).to_have_count(16)
        legend_in = body.locator("[data-legend='in']")
        expect(legend_in).to_contain_text(regional["region"]["name_en"])
        expect(legend_in).to_contain_text(_won(production["in_region"]))
        expect(legend_in).to_contain_text(f"{production['in_region_share'] * 100:.1f}%")
        expect(body.locator("[data-legend='rest']")).to_contain_text(
            _won(production["rest_of_korea"])
        )
        expect(body.locator("[data-note='unknown-split']")).to_be_visible()
        expect(body.locator("svg.map text.map-label")).to_contain_text(
            f"{regional['region']['name_en']} {production['in_region_share'] * 100:.1f}%"
        )
        expect(body.locator(f"[data-region-how='{regional['region']['key']}']")).to_contain_text(
            audit["region_how"]["en"]
        )
    screenshot(page, f"map-{name}")
    if name == "busan":  # docs/screenshot-map.png
        screenshot_of(body.locator(".map-box"), "docs-screenshot-map")


def test_the_map_by_jobs_and_in_korean(page: Page, server: str) -> None:
    plan, _ = PLANS["busan"]
    jobs = _audit(server, plan)["regional"]["jobs"]
    _open(page, plan)
    box = page.locator("#region-body .map-box")
    page.locator("#region-body .map-measures label:has-text('Jobs')").click()
    expect(box).to_have_attribute("data-measure", "jobs")
    expect(page.locator("[data-legend='in']")).to_contain_text(
        f"{round(jobs['in_region']):,} person-years"
    )
    expect(page.locator("#region-body .map-measures input[value='jobs']")).to_be_focused()
    assert "map=jobs" in page.url  # the measure is part of the link
    assert run_axe(page) == []
    page.click("#lang-toggle")
    wait_panel(page, "region")
    expect(box.locator("figcaption .chart-title")).to_have_text("취업의 지역별 귀착")
    expect(box.locator("svg.map title").first).to_have_text("취업의 지역별 귀착")
    expect(box.locator("svg.map text.map-label")).to_contain_text("부산")
    expect(page.locator("[data-legend='rest']")).to_contain_text("나머지 16개 시·도")
    assert run_axe(page) == []
    screenshot(page, "map-busan-jobs-ko")


def test_the_map_without_a_region_is_accessible(page: Page) -> None:
    plan, _ = PLANS["no-region"]
    _open(page, plan)
    assert run_axe(page) == []
