"""The page in a real browser: what a reader sees and can do.

Every test runs against the real service (``python -m api``) in headless Chromium,
with a ``default-src 'self'`` Content-Security-Policy on the page; console errors fail
a test (see conftest). Screenshots of each view are kept in ``test-artifacts/e2e/``.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    ARTIFACTS,
    Console,
    answer_newer_endpoints,
    open_page,
    open_tab,
    run_axe,
    screenshot,
)

COST_PER_JOB = "[data-card='cost_per_job_krw'] .card-value"


def _card(page: Page, card: str) -> str:
    return page.inner_text(f"[data-card='{card}'] .card-value")


def test_choose_sejong_and_see_the_cost_per_job(page: Page) -> None:
    open_page(page)
    page.select_option("#plan-select", "daejeon-2018")
    expect(page.locator(COST_PER_JOB)).to_have_text("₩77.8M")
    expect(page.locator("[data-flag='double_counted_total']")).to_be_visible()
    page.select_option("#plan-select", "sejong-2024")
    expect(page.locator(".summary-city")).to_have_text("세종 Sejong")
    expect(page.locator(COST_PER_JOB)).to_have_text("₩85.3M")
    expect(page.locator("[data-card='investment'] .card-value")).to_have_text("₩170.4B")
    expect(page.locator("[data-flag='jobs_basis_unstated']")).to_be_visible()
    assert "plan=sejong-2024" in page.url
    screenshot(page, "plan-en")


def test_moving_the_budget_slider_changes_what_the_reader_sees(page: Page) -> None:
    open_page(page, "?plan=sejong-2024")
    open_tab(page, "whatif")
    result = page.locator("#whatif-result")
    expect(result).to_have_attribute("data-ready", "1")
    before = _card(page, "whatif-cost_per_job_krw")
    slider = page.locator("#whatif-factor")
    slider.focus()
    for _ in range(4):  # the keyboard moves a range input like a hand does, step by step
        page.keyboard.press("ArrowRight")
    expect(page.locator("#whatif-factor-out")).to_have_text("×1.2")
    expect(page.locator("[data-card='whatif-cost_per_job_krw'] .card-value")).not_to_have_text(
        before
    )
    expect(page.locator("[data-card='whatif-investment'] .card-value")).to_have_text("₩204.5B")
    screenshot(page, "whatif-en")


def test_switch_to_korean(page: Page) -> None:
    open_page(page, "?plan=sejong-2024")
    page.click("#lang-toggle")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator(COST_PER_JOB)).to_have_text("8,528만 5,285원")
    expect(page.locator("#tab-overview")).to_have_text("주장과 지표")
    expect(page.locator("[data-card='investment'] .card-value")).to_have_text("1,704억원")
    expect(page.locator("#lang-toggle")).to_have_text("English")
    screenshot(page, "plan-ko")
    page.reload()
    page.wait_for_selector("body[data-ready='true']")
    expect(page.locator("html")).to_have_attribute("lang", "ko")


def test_open_the_comparison_and_see_two_bars(page: Page) -> None:
    open_page(page, "?plan=sejong-2024")
    open_tab(page, "compare")
    chart = page.locator("[data-chart='compare-cost_per_job_krw'] canvas")
    expect(chart).to_be_visible()
    bars = chart.evaluate("(canvas) => Chart.getChart(canvas).data.datasets[0].data.length")
    labels = chart.evaluate("(canvas) => Chart.getChart(canvas).data.datasets[0].valueLabels")
    assert bars == 2
    assert sorted(labels) == ["₩85.3M", "₩87.5M"]  # Daejeon's 2018 won restated in 2024 prices
    expect(page.locator("table[data-table='comparison'] tbody tr")).to_have_count(2)
    screenshot(page, "compare-en")
    page.select_option("#compare-year", "2018")
    expect(page.locator("#compare-body .lead").first).to_contain_text("2018")
    expect(page.locator("table[data-table='comparison'] tbody tr").first).to_contain_text("₩77.8M")


def _served_paths(server: str) -> set[str]:
    with urllib.request.urlopen(f"{server}/schema/openapi.json", timeout=5) as response:
        return set(json.load(response)["paths"])


def test_panels_of_newer_endpoints_light_up_or_say_they_are_absent(page: Page, server: str) -> None:
    paths = _served_paths(server)
    open_page(page, "?plan=sejong-2024")
    for tab, endpoint in (("audit", "/v1/audit"), ("region", "/v1/impact")):
        open_tab(page, tab)
        body = page.locator(f"#{tab}-body")
        if endpoint in paths or (tab == "region" and "/v1/scenarios" in paths):
            expect(body.locator("canvas").first).to_be_visible()
        else:
            expect(body.locator("[data-unavailable]")).to_contain_text(
                "not available on this server"
            )
        screenshot(page, f"{tab}-en")


def test_audit_what_if_and_region_draw_answers_of_a_newer_server(page: Page, server: str) -> None:
    answer_newer_endpoints(page, server)
    open_page(page, "?plan=sejong-2024")
    open_tab(page, "audit")
    expect(page.locator("#audit-body canvas")).to_have_count(3)  # production, value added, jobs
    expect(page.locator("#audit-body .verdict")).to_contain_text("consistent")
    expect(page.locator("[data-check='regional_share']")).to_contain_text("65.6%")
    screenshot(page, "audit-newer-server")
    open_tab(page, "whatif")
    expect(page.locator("[data-card='whatif-output'] .card-delta")).to_contain_text("+25%")
    expect(page.locator("[data-chart='sweep'] canvas")).to_be_visible()
    points = page.locator("[data-chart='sweep'] canvas").evaluate(
        "(canvas) => Chart.getChart(canvas).data.datasets.map((d) => d.data.length)"
    )
    assert points == [11, 11]
    page.click("#whatif-run-bands")
    expect(page.locator("#whatif-bands canvas")).to_have_count(3)
    screenshot(page, "whatif-newer-server")
    open_tab(page, "region")
    expect(page.locator("[data-chart='region-split'] canvas")).to_be_visible()
    expect(page.locator("table[data-table='sectors'] tbody tr")).to_have_count(5)  # /v1/impact
    screenshot(page, "region-newer-server")


def test_export_a_table_as_csv_and_json(page: Page) -> None:
    open_page(page, "?plan=sejong-2024")
    with page.expect_download() as csv_download:
        page.click("#overview-body [data-export='metrics.csv']")
    csv_path = Path(csv_download.value.path())
    text = csv_path.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "metric,value,formula,unit,value_exact,better,code"
    assert (
        "Public spending per claimed job,₩85.3M,investment / jobs,KRW/person,85285285,lower" in text
    )
    with page.expect_download() as json_download:
        page.click("#overview-body [data-export='metrics.json']")
    assert json_download.value.suggested_filename == "metrics.json"
    report = json.loads(Path(json_download.value.path()).read_text(encoding="utf-8"))
    assert report["metrics"]["cost_per_job_krw"]["value"] == 85285285


def test_print_report_shows_every_section(page: Page) -> None:
    page.add_init_script("window.print = () => { window.__printed = true; };")
    open_page(page, "?plan=sejong-2024")
    page.click("#print-report")
    page.wait_for_function("() => window.__printed === true")
    page.emulate_media(media="print")
    for panel in ("overview", "audit", "compare", "whatif", "region"):
        expect(page.locator(f"#panel-{panel}")).to_be_visible()
    expect(page.locator("#tablist")).to_be_hidden()
    expect(page.locator("[data-chart='compare-cost_per_job_krw'] canvas")).to_be_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "report.pdf"), format="A4", print_background=True)
    screenshot(page, "report-print")


def test_paste_a_plan(page: Page, console: Console) -> None:
    open_page(page)
    page.click("#paste summary")
    page.fill("#paste-text", "{ not json")
    page.click("#paste-submit")
    expect(page.locator("#paste-error")).to_contain_text("not JSON")
    page.fill(
        "#paste-text", json.dumps({"city": "Busan", "investment": "억억"}, ensure_ascii=False)
    )
    page.click("#paste-submit")
    expect(page.locator("#paste-error")).to_contain_text("investment")  # 422 names the field
    assert console.forget("422")  # the browser logs the 422 answer; it is the point here
    plan = {"city": "부산 Busan", "investment": "1,000억원", "claims": {"jobs": 500}}
    page.fill("#paste-text", json.dumps(plan, ensure_ascii=False))
    page.click("#paste-submit")
    expect(page.locator(".summary-city")).to_have_text("부산 Busan")
    expect(page.locator(COST_PER_JOB)).to_have_text("₩200M")


def test_keyboard_reaches_the_controls(page: Page) -> None:
    open_page(page, "?plan=sejong-2024")
    reached: list[str] = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate("() => document.activeElement.id || document.activeElement.tagName")
        )
    for control in ("lang-toggle", "print-report", "plan-select", "tab-overview"):
        assert control in reached, reached
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused element shows no focus ring"
    page.focus("#tab-overview")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#tab-audit")).to_be_focused()
    expect(page.locator("#panel-audit")).to_be_visible()


def test_accessibility_of_every_view(page: Page, server: str) -> None:
    answer_newer_endpoints(page, server)
    open_page(page, "?plan=sejong-2024")
    found = {"overview-en": run_axe(page)}
    for tab in ("audit", "compare", "whatif", "region"):
        open_tab(page, tab)
        found[f"{tab}-en"] = run_axe(page)
    page.click("#lang-toggle")
    page.wait_for_selector("#region-body[data-ready]:not([aria-busy])")
    found["region-ko"] = run_axe(page)
    assert {view: v for view, v in found.items() if v} == {}
