"""Korean everywhere on the page in Korean mode: units, formulas, chart axes, the model's
name, money written by the server's rule (issue 16)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from impact.report import model_krw
from tests.e2e.conftest import api_json, open_page, open_tab, run_axe, screenshot

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
    assert run_axe(page) == []
    screenshot(page, "whatif-ko")
