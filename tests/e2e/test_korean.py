"""Korean everywhere on the page in Korean mode: units, formulas, chart axes, the model's
name, money written by the server's rule (issue 16)."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from typing import Any

from playwright.sync_api import Page, expect

from impact.report import model_krw
from tests.e2e.conftest import (
    Console,
    api_json,
    open_form,
    open_page,
    open_tab,
    run_axe,
    screenshot,
    wait_panel,
)

TICKS = """(canvas) => { const chart = Chart.getChart(canvas);
  return Object.values(chart.scales).flatMap((s) => s.ticks.map((t) => String(t.label))); }"""


def test_units_formulas_and_axes_in_korean(page: Page, server: str) -> None:
    answer = api_json(server, "POST", "/v1/scenarios", {"plan": {"id": "sejong-2024"}})
    impacts = answer["scenario"]["impacts"]
    output = model_krw(round(impacts["output"]["total"]), "ko")  # the server's rule
    jobs = f"{round(impacts['jobs']):,}인년"
    open_page(page, "?plan=sejong-2024&lang=ko")
    metrics = page.locator("table[data-table='metrics'] tbody tr")
    first = metrics.filter(has_text="일자리 1개당 투자액")
    expect(first).to_contain_text("투자액 / 일자리")  # the formula
    expect(first).to_contain_text("원/명")  # the unit
    expect(page.locator("[data-card='cost_per_job_krw'] .card-foot")).to_contain_text(
        "투자액 / 일자리"
    )
    assert "KRW/" not in page.inner_text("#overview-body")
    open_tab(page, "audit")
    expect(page.locator("[data-chart='audit-production_multiplier'] .chart-note")).to_have_text(
        "지출 1원당 원"
    )
    expect(page.locator("[data-chart='audit-jobs_per_billion_krw'] .chart-note")).to_have_text(
        "지출 10억원당 연인원(계획 가격 기준연도)"  # the API's unit is job-years (연인원)
    )
    open_tab(page, "compare")
    ticks = page.locator("[data-chart='compare-cost_per_job_krw'] canvas").evaluate(TICKS)
    money = [t for t in ticks if "원" in t]
    assert money and all(re.fullmatch(r"[\d,]+(조|억|만)?( [\d,]+(억|만))*원", t) for t in money)
    numbers = [t for t in ticks if re.match(r"\d", t)]  # not the plans' names
    assert not [t for t in numbers if re.search(r"[A-Za-z₩]", t)], ticks
    open_tab(page, "region")
    split = page.locator("[data-chart='region-split'] canvas").evaluate(TICKS)
    assert any(t.endswith("억원") for t in split), split
    expect(page.locator("#region-body")).to_contain_text("제1형")  # not "Type I"
    region_text = page.inner_text("#region-body")
    assert "Type I" not in region_text.split("생산유발액")[0]  # the page's own words
    open_tab(page, "whatif")
    expect(page.locator("[data-card='whatif-output'] .card-value")).to_have_text(output)
    expect(page.locator("[data-card='whatif-jobs'] .card-value")).to_have_text(jobs)
    page.click("#whatif-body details.more > summary")
    rows = page.locator("table[data-table='scenario'] tbody tr")
    expect(rows.filter(has_text="모형: 생산유발 · 합계").first).to_contain_text(output)
    purchases = model_krw(round(impacts["purchases_krw"]), "ko")  # named, and written as won
    expect(rows.filter(has_text="모형: 구매액").first).to_contain_text(purchases)
    assert run_axe(page) == []
    screenshot(page, "whatif-ko")


def _problem(server: str, path: str, body: Any) -> Any:
    """The problem document the service answers ``POST path`` with (a 4xx)."""
    request = urllib.request.Request(
        f"{server}{path}",
        data=json.dumps(body, ensure_ascii=False).encode(),
        method="POST",
        headers={"content-type": "application/json"},
    )
    try:
        urllib.request.urlopen(request, timeout=30).close()
    except urllib.error.HTTPError as error:
        return json.loads(error.read())
    raise AssertionError(f"POST {path} was answered without a problem")


def test_the_services_problems_in_korean(page: Page, server: str, console: Console) -> None:
    """A problem the service answers is shown in the reader's language: its ``detail_ko``
    and a Korean title on the Korean page, ``detail`` and ``title`` on the English one
    (a user review: 고성군 is in 강원 and in 경남, and the Korean page said so in English)."""
    open_page(page, "?lang=ko")
    open_form(page)
    page.fill("#f-city", "고성군")
    page.fill("#f-investment", "500억")
    page.fill("#f-claims-jobs", "300명")
    page.fill("#f-announced", "2023-05-01")
    page.click("#form-submit")
    expect(page.locator(".summary-city")).to_have_text("고성군")
    panels = ("audit", "compare", "region")
    for name in panels:
        wait_panel(page, name)
    sent = console.sent("POST", "/v1/audit")[-1]
    problem = _problem(server, "/v1/audit", sent)
    assert problem["type"].endswith(":region-ambiguous") and problem["detail_ko"]
    compared = _problem(server, "/v1/compare", console.sent("POST", "/v1/compare")[-1])
    for name in panels:
        box = page.locator(f"#{name}-body .problem")
        expect(box.locator(".note-title")).to_have_text("여러 지역에 해당하는 이름")
        shown = compared if name == "compare" else problem
        expect(box.locator("p").nth(1)).to_have_text(shown["detail_ko"])
        assert "Ambiguous region" not in box.inner_text()
    page.click("#lang-toggle")  # the same problems in English
    for name in panels:
        wait_panel(page, name)
        box = page.locator(f"#{name}-body .problem")
        expect(box.locator(".note-title")).to_have_text(problem["title"])
        shown = compared if name == "compare" else problem
        expect(box.locator("p").nth(1)).to_have_text(shown["detail"])
    console.forget("422")  # the browser logs each 422 answer; they are the point here
