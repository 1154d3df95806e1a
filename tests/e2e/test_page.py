"""The page in a real browser: what a reader sees and can do.

Every test runs against the real service (``python -m api``) in headless Chromium,
with a ``default-src 'self'`` Content-Security-Policy on the page; console errors fail
a test (see conftest). Screenshots of each view are kept in ``test-artifacts/e2e/``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Page, Route, expect

from tests.e2e.conftest import (
    Console,
    api_json,
    open_page,
    open_tab,
    run_axe,
    screenshot,
    screenshot_of,
)

SEEDS = ("sejong-2024", "daejeon-2018")
COST_PER_JOB = "[data-card='cost_per_job_krw'] .card-value"


def _card(page: Page, card: str) -> str:
    return page.inner_text(f"[data-card='{card}'] .card-value")


def test_choose_sejong_and_see_the_cost_per_job(page: Page) -> None:
    open_page(page)
    page.select_option("#plan-select", "daejeon-2018")
    expect(page.locator(COST_PER_JOB)).to_have_text("₩77.78M")
    expect(page.locator("#overview-body [data-flag='double_counted_total']")).to_be_visible()
    page.select_option("#plan-select", "sejong-2024")
    expect(page.locator(".summary-city")).to_have_text("세종 Sejong")
    expect(page.locator(COST_PER_JOB)).to_have_text("₩85.29M")
    expect(page.locator("[data-card='investment'] .card-value")).to_have_text("₩170.4B")
    expect(page.locator("#overview-body [data-flag='jobs_basis_unstated']")).to_be_visible()
    assert "plan=sejong-2024" in page.url
    screenshot(page, "plan-en")
    screenshot(page, "docs-screenshot", top=900)  # docs/screenshot.png: the first view


def test_moving_the_budget_slider_asks_the_scenario_endpoint(page: Page, console: Console) -> None:
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
    # the API's percent_display, not the page's own rounding ("+20%")
    delta = page.locator("[data-card='whatif-output'] .card-delta")
    expect(delta).to_have_text("+20.0% vs the plan as stated")
    page.click("#whatif-body details.more > summary")
    row = page.locator("table[data-table='scenario'] tbody tr")
    expect(row.filter(has_text="Model: production induced · total").first).to_contain_text("+20.0%")
    # every row names one figure: the split's total was labelled as the national total
    figures = page.locator("table[data-table='scenario'] tbody th[scope='row']").all_inner_texts()
    assert len(figures) == len(set(figures)), sorted(f for f in figures if figures.count(f) > 1)
    assert "Model: production induced · all of Korea (region + rest)" in figures
    sent = console.sent("POST", "/v1/scenarios")
    assert {"plan": {"id": "sejong-2024"}, "adjustments": []} in sent
    assert {
        "plan": {"id": "sejong-2024"},
        "adjustments": [{"type": "scale_investment", "factor": 1.2}],
    } in sent


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
    assert sorted(labels) == ["₩85.29M", "₩87.46M"]  # Daejeon's 2018 won restated in 2024 prices
    expect(page.locator("table[data-table='comparison'] tbody tr")).to_have_count(2)
    screenshot(page, "compare-en")
    page.select_option("#compare-year", "2018")
    expect(page.locator("#compare-body .lead").first).to_contain_text("2018")
    expect(page.locator("table[data-table='comparison'] tbody tr").first).to_contain_text("₩77.78M")


def test_the_audit_of_sejong_and_of_daejeon(page: Page, console: Console) -> None:
    open_page(page, "?plan=sejong-2024")
    open_tab(page, "audit")
    assert console.sent("GET", "/v1/plans/sejong-2024/audit") == [None]
    body = page.locator("#audit-body")
    expect(body.locator(".verdict [data-status]")).to_have_text("optimistic")
    expect(body.locator(".verdict-box")).to_contain_text("Production per won: claimed 1.702")
    # production, value added and jobs: each claim against the model on a number line
    for check, status in (
        ("production_multiplier", "consistent"),
        ("value_added_ratio", "consistent"),
        ("jobs_per_billion_krw", "optimistic"),  # 1,998 against 1,518 job-years
    ):
        expect(body.locator(f"[data-chart='audit-{check}'] canvas")).to_be_visible()
        expect(body.locator(f"[data-chart='audit-{check}'] [data-status]")).to_have_text(status)
    expect(body.locator("canvas")).to_have_count(3)
    expect(body.locator("[data-allocation='assumed']")).to_be_visible()
    expect(page.locator("[data-check='regional_share']")).to_contain_text("66.2%")
    expect(page.locator("table[data-table='allocation'] tbody tr")).to_have_count(10)
    expect(page.locator("table[data-table='audit'] tbody tr").first).to_contain_text(
        "1.702 (₩290.1B)"
    )
    expect(body.locator("a[href='/v1/plans/sejong-2024/audit']")).to_be_visible()
    screenshot(page, "audit-en")
    screenshot(page, "docs-screenshot-audit", top=1640)  # the verdict and the three charts
    page.select_option("#plan-select", "daejeon-2018")
    expect(body.locator(".verdict [data-status]")).to_have_text("optimistic")
    expect(body.locator("canvas")).to_have_count(3)  # the double-counted total: no chart
    expect(page.locator("[data-check='arithmetic'] [data-status]")).to_contain_text("not")


def test_what_if_sweep_and_uncertainty_band(page: Page, server: str, console: Console) -> None:
    open_page(page, "?plan=sejong-2024")
    open_tab(page, "whatif")
    expect(page.locator("#whatif-result")).to_have_attribute("data-ready", "1")
    expect(page.locator("[data-card='whatif-output'] .card-value")).to_have_text("₩254.6B")
    sweep = page.locator("[data-chart='sweep'] canvas")
    expect(sweep).to_be_visible()
    points = sweep.evaluate(
        "(canvas) => Chart.getChart(canvas).data.datasets.map((d) => d.data.length)"
    )
    assert points == [11, 11]
    expect(page.locator("table[data-table='sweep'] tbody tr").first).to_contain_text("0%")
    local = page.locator("#whatif-local")
    local.focus()
    page.keyboard.press("ArrowLeft")  # 95 % with local suppliers: fewer jobs in Sejong
    expect(page.locator("#whatif-local-out")).to_have_text("95%")
    local_only = [{"type": "local_share", "value": 0.95}]
    answer = api_json(
        server, "POST", "/v1/scenarios", {"plan": {"id": "sejong-2024"}, "adjustments": local_only}
    )
    fewer = answer["delta"]["impacts.regional.jobs.in_region"]["percent_display"]
    assert fewer.startswith("-") and fewer.endswith("%")
    expect(page.locator("[data-card='whatif-jobs-in'] .card-delta")).to_have_text(
        f"{fewer} vs the plan as stated"  # as the API displays it
    )
    assert [{"type": "local_share", "value": 0.95}] in [
        body["adjustments"] for body in console.sent("POST", "/v1/scenarios")
    ]
    page.locator("#whatif-factor").focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")  # and a budget of ×1.2
    expect(page.locator("[data-card='whatif-output'] .card-delta")).to_contain_text("+20.0%")
    expect(page.locator("table[data-table='sweep'] tbody tr").last).to_contain_text(
        "1,379"
    )  # 1,149 job-years in Sejong (README) × 1.2, by the service
    page.click("#whatif-run-bands")
    expect(page.locator("#whatif-bands canvas")).to_have_count(3)
    expect(page.locator("table[data-table='uncertainty'] tbody tr")).to_have_count(3)
    (request,) = console.sent("POST", "/v1/uncertainty")
    assert request["draws"] == 2000
    # the lead names what was drawn and what makes most of the jobs' spread, as the answer
    # has it (it named the coefficients only, which made 4 % of Daejeon's)
    sources = api_json(server, "POST", "/v1/uncertainty", request)["sources"]
    main = max(sources, key=lambda s: s["variance_share"]["jobs"])
    share = f"{main['variance_share']['jobs'] * 100:.0f}%"
    lead = page.locator("#whatif-bands .lead")
    expect(lead).to_contain_text(f"{share} of the jobs' spread comes from {main['description_en']}")
    expect(lead).to_contain_text("technical coefficients (log-normal noise) ±10%")
    screenshot(page, "whatif-en")
    screenshot(page, "docs-screenshot-whatif", top=1480)  # the sliders, cards and the sweep
    basis = page.locator("[data-jobs-basis]")  # the model's jobs cite their coefficients
    expect(basis).to_contain_text("BOK 2020 regional employment inducement coefficients")
    page.click("#lang-toggle")
    expect(basis).to_contain_text("지역산업연관표의 세종 취업유발계수")


def test_where_it_lands_in_sejong_and_daejeon(page: Page, console: Console) -> None:
    open_page(page, "?plan=sejong-2024")
    open_tab(page, "region")
    body = page.locator("#region-body")
    expect(body.locator("[data-chart='region-split'] canvas")).to_be_visible()
    expect(body.locator("[data-chart='region-jobs'] canvas")).to_be_visible()
    production = page.locator("table[data-table='region'] tbody tr").first
    expect(production).to_contain_text("₩168.5B")  # the audit's regional split
    expect(production).to_contain_text("₩86.05B")  # 4 significant digits, as in Korean
    expect(production).to_contain_text("₩254.6B")  # the national total, as on every tab
    expect(production).to_contain_text("66.2%")
    expect(body).to_contain_text("66.2%) is in Sejong")
    expect(body.locator("[data-chart='region-top'] canvas")).to_be_visible()
    sectors = page.locator("table[data-table='sectors'] tbody tr")
    expect(sectors).to_have_count(10)
    expect(sectors.first).to_contain_text("Software development & other IT services (62)")
    (impact,) = console.sent("POST", "/v1/impact")
    demand = impact["demand"]
    assert sum(demand.values()) == 170_400_000_000  # the audit's allocated won, as sent
    screenshot(page, "region-en")
    page.click("#lang-toggle")  # the Korean sector names, as /v1/impact states them (name_ko)
    expect(sectors.first).to_contain_text("소프트웨어 개발 공급 및 기타 IT서비스 (62)")
    page.click("#lang-toggle")
    expect(sectors.first).to_contain_text("Software development & other IT services (62)")
    page.select_option("#plan-select", "daejeon-2018")
    expect(body.locator("[data-outline='25']")).to_be_attached()  # 대전 outlined on the map
    expect(body.locator("[data-chart='region-split'] canvas")).to_be_visible()
    expect(page.locator("table[data-table='region'] tbody tr").first).to_contain_text("68.1%")


NO_ALLOCATION = {"city": "부산 Busan", "investment": "1,000억원", "claims": {"jobs": 500}}


def test_a_pasted_plan_without_an_allocation(page: Page, console: Console) -> None:
    """No request that the service would refuse: each tab says what it needs instead."""
    open_page(page, "?plan=sejong-2024")
    page.click("#plan-form-box > summary")
    page.click("#paste summary")
    page.fill("#paste-text", json.dumps(NO_ALLOCATION, ensure_ascii=False))
    before = len(console.requests)  # Sejong's panels were drawn already (for print)
    page.click("#paste-submit")
    expect(page.locator(".summary-city")).to_have_text("부산 Busan")

    def sent(method: str, path: str) -> list[object]:
        return [body for m, p, body in console.requests[before:] if (m, p) == (method, path)]

    open_tab(page, "whatif")
    expect(page.locator("[data-note='no-allocation']")).to_contain_text("needs an allocation")
    expect(page.locator("[data-note='needs-allocation']")).to_be_visible()  # no sweep
    expect(page.locator("#whatif-local")).to_be_disabled()
    expect(page.locator("#whatif-run-bands")).to_be_disabled()
    expect(page.locator("[data-card='whatif-cost_per_job_krw'] .card-value")).to_have_text("₩200M")
    page.locator("#whatif-factor").focus()
    page.keyboard.press("ArrowLeft")  # metrics only: the claims' metrics for ₩95B
    expect(page.locator("[data-card='whatif-investment'] .card-value")).to_have_text("₩95B")
    assert sent("POST", "/v1/scenarios") == []
    assert sent("POST", "/v1/sweeps") == []
    screenshot(page, "whatif-no-allocation")
    assert run_axe(page) == []
    needs = page.locator("[data-note='no-allocation']")
    expect(needs).to_be_visible()
    page.click("label:has-text('Assume a construction/software mix')")  # gives it one
    expect(page.locator("[data-card='whatif-output'] .card-value")).not_to_be_empty()
    expect(page.locator("[data-note='assumed-mix']")).to_be_visible()
    expect(needs).to_be_hidden()  # it asked for the mix that was ticked
    page.locator("#whatif-factor").focus()
    page.keyboard.press("ArrowRight")  # the model's change is against the plan with the mix
    expect(page.locator("[data-card='whatif-output'] .card-delta")).to_contain_text(
        "vs the plan with the assumed mix"
    )
    expect(page.locator("#whatif-local")).to_be_enabled()
    adjustments = console.sent("POST", "/v1/scenarios")[-1]["adjustments"]
    assert adjustments[0] == {
        "type": "reallocate",
        "allocation": {"shares": {"50": 0.5, "62": 0.5}},
    }
    expect(page.locator("[data-card='whatif-jobs-in']")).to_be_visible()  # Busan's own split
    open_tab(page, "audit")
    absent = page.locator("[data-allocation='absent']")
    expect(absent).to_contain_text("the model figures are for an average public budget")
    expect(page.locator("#audit-body .legend")).to_contain_text("Model, an average public budget")
    expect(page.locator("#audit-body .legend")).not_to_contain_text("this plan's spending")
    # 5 jobs per ₩1bn: below the band around an average public budget in Busan
    expect(page.locator("#audit-body .verdict [data-status]")).to_have_text("conservative")
    open_tab(page, "region")
    expect(page.locator("[data-region='none']")).to_contain_text("depends on the sectors")
    expect(page.locator("[data-sectors='none']")).to_be_visible()
    # the map outlines Busan and says why it has no split
    expect(page.locator("#region-body [data-map-kind='region-only']")).to_be_visible()
    expect(page.locator("#region-body [data-outline='21']")).to_be_attached()
    assert sent("POST", "/v1/impact") == []
    open_tab(page, "compare")
    expect(page.locator("[data-pasted='no-year']")).to_be_visible()  # no price year: not sent
    expect(page.locator("table[data-table='comparison'] tbody tr")).to_have_count(2)
    assert console.failed == []


def test_export_a_table_as_csv_and_json(page: Page) -> None:
    open_page(page, "?plan=sejong-2024")
    with page.expect_download() as csv_download:
        page.click("#overview-body [data-export='metrics.csv']")
    csv_path = Path(csv_download.value.path())
    text = csv_path.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "metric,value,formula,unit,value_exact,better,code"
    assert (
        "Public spending per claimed job,₩85.29M,investment / jobs,KRW/person,85285285,lower"
        in text
    )
    with page.expect_download() as json_download:
        page.click("#overview-body [data-export='metrics.json']")
    assert json_download.value.suggested_filename == "metrics.json"
    report = json.loads(Path(json_download.value.path()).read_text(encoding="utf-8"))
    assert report["metrics"]["cost_per_job_krw"]["value"] == 85285285


def test_print_report_shows_every_section(page: Page) -> None:
    """The report button still prints: every panel drawn, then the browser's print."""
    page.add_init_script("window.print = () => { window.__printed = true; };")
    open_page(page, "?plan=sejong-2024")
    page.click("#print-report")
    page.wait_for_function("() => window.__printed === true")
    for panel in ("overview", "audit", "compare", "whatif", "region"):
        expect(page.locator(f"#{panel}-body")).to_have_attribute("data-ready", re.compile(r"\d"))
    page.emulate_media(media="print")
    for panel in ("overview", "audit", "compare", "whatif", "region"):
        expect(page.locator(f"#panel-{panel}")).to_be_visible()
    expect(page.locator("#tablist")).to_be_hidden()
    expect(page.locator("[data-chart='compare-cost_per_job_krw'] canvas")).to_be_visible()


def test_paste_a_plan(page: Page, console: Console) -> None:
    open_page(page)
    page.click("#plan-form-box > summary")  # the form, and JSON as its advanced option
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
    for control in (
        "lang-toggle",
        "print-report",
        "plan-select",
        "form-new",
        "copy-link",
        "tab-overview",
    ):
        assert control in reached, reached
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused element shows no focus ring"
    page.focus("#tab-overview")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#tab-audit")).to_be_focused()
    expect(page.locator("#panel-audit")).to_be_visible()


def test_accessibility_of_every_view(page: Page) -> None:
    open_page(page, "?plan=sejong-2024")
    found = {"overview-en": run_axe(page)}
    for tab in ("audit", "compare", "whatif", "region"):
        open_tab(page, tab)
        found[f"{tab}-en"] = run_axe(page)
    page.click("#lang-toggle")
    page.wait_for_selector("#region-body[data-ready]:not([aria-busy])")
    found["region-ko"] = run_axe(page)
    assert {view: v for view, v in found.items() if v} == {}


def test_compare_verdicts_flags_currency_and_region(
    page: Page, server: str, console: Console
) -> None:
    audits = {plan: api_json(server, "GET", f"/v1/plans/{plan}/audit") for plan in SEEDS}
    rows = api_json(server, "GET", f"/v1/compare?ids={','.join(SEEDS)}")["rows"]
    shares = [f"{row['in_region_share']['output']:.1%}" for row in rows]  # in SEEDS' order
    open_page(page, "?plan=sejong-2024")
    open_tab(page, "compare")
    cards = page.locator("#compare-body .plan-card")
    expect(cards).to_have_count(2)
    daejeon = cards.filter(has_text="대전 Daejeon")
    verdict = audits["daejeon-2018"]["verdict"]["status"]
    expect(daejeon.locator(".verdict [data-status]")).to_have_attribute("data-status", verdict)
    expect(daejeon.locator("[data-flag='double_counted_total']")).to_be_visible()
    expect(daejeon.locator("[data-in-region='daejeon']")).to_contain_text(shares[1])
    sejong = cards.filter(has_text="세종 Sejong")
    verdict = audits["sejong-2024"]["verdict"]["status"]
    expect(sejong.locator(".verdict [data-status]")).to_have_attribute("data-status", verdict)
    expect(sejong.locator("[data-in-region='sejong']")).to_contain_text(shares[0])
    row = page.locator("table[data-table='comparison'] tbody tr").filter(has_text="Sejong")
    expect(row).to_contain_text("₩85.29M")
    screenshot_of(page.locator("#panel-compare"), "docs-screenshot-compare")
    page.select_option("#compare-currency", "USD")
    expect(page.locator("#compare-body [data-currency='USD']")).to_be_visible()
    assert console.sent("POST", "/v1/compare")[-1]["currency"] == "USD"
    expect(row).to_contain_text("$")
    chart = page.locator("[data-chart='compare-cost_per_job_krw'] canvas")
    labels = chart.evaluate("(canvas) => Chart.getChart(canvas).data.datasets[0].valueLabels")
    assert all(label.startswith("$") for label in labels), labels
    assert "cur=USD" in page.url
    screenshot(page, "compare-usd")


def test_an_audit_with_a_status_the_page_does_not_know(page: Page) -> None:
    """The audit's method grows (new statuses, new fields): the page shows what it gets."""

    def changed(route: Route) -> None:
        audit = route.fetch().json()
        audit["verdict"]["status"] = "not_yet_known"
        audit["verdict"]["status_label"] = {"en": "not yet known", "ko": "아직 모름"}
        for check in audit["checks"]:
            check["extra_field"] = {"positions": 12}
            if check["code"] == "jobs_per_billion_krw":
                check["status"] = "not_comparable"
        route.fulfill(json=audit)

    page.route("**/v1/plans/sejong-2024/audit", changed)
    open_page(page, "?plan=sejong-2024")
    open_tab(page, "audit")
    body = page.locator("#audit-body")
    expect(body.locator(".verdict [data-status]")).to_have_text("not yet known")
    expect(body.locator("[data-chart='audit-jobs_per_billion_krw'] [data-status]")).to_have_text(
        "not comparable"
    )
    expect(body.locator("canvas")).to_have_count(3)
