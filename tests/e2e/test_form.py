"""The plan form and the view's link: a plan typed as people write it, checked by the
service as it is typed, evaluated, and shared by its address.

Issue 16: "fill the form for a Busan plan in Korean money, share the URL, open it in a
fresh browser with the same view".
"""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import (
    Console,
    new_page,
    open_form,
    open_page,
    open_tab,
    run_axe,
    screenshot,
    screenshot_of,
    wait_panel,
)

PANELS = ("overview", "audit", "compare", "whatif", "region")


def _row(page: Page, n: int, sector: str, value: str) -> None:
    """Fill allocation row ``n`` (1-based), adding it when needed."""
    if page.locator(".alloc-row").count() < n:
        page.click("#alloc-add")
    row = page.locator(".alloc-row").nth(n - 1)
    row.locator(".alloc-sector").fill(sector)
    row.locator(".alloc-value").fill(value)


def test_the_form_checks_each_field_as_it_is_typed(page: Page, console: Console) -> None:
    open_page(page)
    open_form(page)
    page.fill("#f-city", "부산")
    page.fill("#f-investment", "억억")
    error = page.locator("#f-investment-error")
    expect(error).to_be_visible()  # the service's own problem, next to its input
    expect(error.locator("code")).to_have_text("investment")
    expect(error).to_contain_text("억")
    expect(page.locator("#f-investment")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-city-error")).to_be_hidden()
    page.fill("#f-investment", "1,704억원")
    expect(error).to_be_hidden()
    expect(page.locator("#f-investment-echo")).to_contain_text("₩170.4B")  # as the service reads it
    page.fill("#f-claims-jobs", "1,998명x")
    expect(page.locator("#f-claims-jobs-error code")).to_have_text("claims.jobs")
    page.fill("#f-claims-jobs", "1,998명")
    expect(page.locator("#f-claims-jobs-echo")).to_contain_text("1,998")
    page.fill("#f-period-start", "2026")
    page.fill("#f-period-end", "2024")
    expect(page.locator("#f-period-start-error code")).to_have_text("period")
    page.fill("#f-period-start", "2024")
    expect(page.locator("#f-period-start-error")).to_be_hidden()
    # the spending by sector: searched by English or Korean name, or several matches
    _row(page, 1, "software", "60")
    expect(page.locator(".alloc-row").nth(0).locator(".alloc-found")).to_contain_text(
        "62 Software development"
    )
    _row(page, 2, "서비스", "30")
    expect(page.locator(".alloc-row").nth(1).locator(".field-error")).to_contain_text(
        "sectors match"
    )
    _row(page, 2, "건물건설", "30")
    expect(page.locator(".alloc-row").nth(1).locator(".alloc-found")).to_contain_text(
        "50 Building construction"
    )
    allocation = page.locator("#f-allocation-error")
    expect(allocation).to_contain_text("0.9")  # shares add up to 0.9, not 1
    page.locator(".alloc-row").nth(1).locator(".alloc-value").fill("40%")
    expect(allocation).to_be_hidden()
    expect(page.locator("#form-status")).to_have_text("The service accepts this plan.")
    sent = console.sent("POST", "/v1/metrics")[-1]
    assert sent["allocation"] == {"shares": {"62": "0.6", "50": "0.4"}, "basis": "stated"}
    assert sent["investment"] == "1,704억원"  # sent as typed: the service reads it
    assert run_axe(page) == []
    screenshot(page, "form-en")
    console.forget("422")  # the browser logs each 422 answer; they are the point here


def test_a_busan_plan_in_korean_money_shared_by_its_link(
    page: Page, browser: Browser, server: str, console: Console
) -> None:
    open_page(page, "?lang=ko")
    open_form(page)
    page.fill("#f-city", "부산 해운대구")
    page.select_option("#f-region", "busan")
    page.fill("#f-title", "부산 디지털 전환 1단계")
    page.fill("#f-announced", "2024-05-02")
    page.fill("#f-period-start", "2024")
    page.fill("#f-period-end", "2026")
    page.fill("#f-investment", "1,200억원")
    page.fill("#f-projects", "12개")
    page.fill("#f-claims-production_inducement", "2,050억 원")
    page.fill("#f-claims-value_added_inducement", "₩85B")
    page.fill("#f-claims-jobs", "1,100명")
    _row(page, 1, "소프트웨어", "50")
    _row(page, 2, "건물건설", "30")
    _row(page, 3, "연구개발", "20")
    expect(page.locator("#form-status")).to_have_text("서비스가 이 계획을 받아들입니다.")
    expect(page.locator("#f-claims-value_added_inducement-echo")).to_contain_text("850억원")
    screenshot(page, "form-busan-ko")
    screenshot_of(page.locator("#plan-form"), "docs-screenshot-form")  # docs/screenshot-form.png
    page.click("#form-submit")
    expect(page.locator(".summary-city")).to_have_text("부산 해운대구")
    console.forget("422")  # checked as typed: a half-typed plan may get a 422 on the way
    expect(page.locator("[data-card='investment'] .card-value")).to_have_text("1,200억원")
    assert "p=" in page.url and "plan=" not in page.url
    # the what-if: budget ×1.2, 90 % local, and the uncertainty band
    open_tab(page, "whatif")
    page.locator("#whatif-factor").focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.locator("#whatif-local").focus()
    for _ in range(2):
        page.keyboard.press("ArrowLeft")
    expect(page.locator("#whatif-local-out")).to_have_text("90%")
    page.click("#whatif-run-bands")
    expect(page.locator("#whatif-bands canvas")).to_have_count(3)
    page.click("#lang-toggle")  # a language switch keeps the band
    wait_panel(page, "whatif")
    expect(page.locator("#whatif-bands canvas")).to_have_count(3)
    expect(page.locator("#whatif-bands")).to_contain_text("Median")
    page.click("#lang-toggle")
    wait_panel(page, "whatif")
    expect(page.locator("#whatif-bands canvas")).to_have_count(3)
    # the comparison in US dollars, the map by value added
    open_tab(page, "compare")
    page.select_option("#compare-currency", "USD")
    wait_panel(page, "compare")
    expect(page.locator("#compare-body [data-currency='USD']")).to_be_visible()
    open_tab(page, "region")
    page.locator("#region-body .map-measures input[value='value_added']").check()
    expect(page.locator("#region-body .map-box")).to_have_attribute("data-measure", "value_added")
    expect(page.locator("#region-body [data-outline='21']")).to_be_attached()
    link = page.url
    for part in ("lang=ko", "factor=1.2", "local=0.9", "bands=1", "cur=USD", "map=value_added"):
        assert part in link, link
    assert link.endswith("#region")

    def view(p: Page) -> dict[str, str]:
        for name in PANELS:
            wait_panel(p, name)
        expect(p.locator("#whatif-bands canvas")).to_have_count(3)
        return {
            "summary": p.inner_text("#plan-summary"),
            "lang": p.get_attribute("html", "lang") or "",
            "tab": p.get_attribute("[role='tab'][aria-selected='true']", "id") or "",
            "factor": p.input_value("#whatif-factor"),
            "local": p.input_value("#whatif-local"),
            "currency": p.input_value("#compare-currency"),
            **{name: p.inner_text(f"#{name}-body") for name in PANELS},
        }

    shown = view(page)
    # a fresh browser context (no storage, no cache) opens the same view from the link alone
    fresh_console = Console()
    fresh = new_page(browser, server, fresh_console, locale="en-US")
    try:
        fresh.goto(link)
        fresh.wait_for_selector("body[data-ready='true']")
        restored = view(fresh)
        assert restored == shown
        assert shown["lang"] == "ko" and shown["tab"] == "tab-region"
        assert (shown["factor"], shown["local"], shown["currency"]) == ("1.2", "0.9", "USD")
        screenshot(fresh, "link-restored-ko")
        assert fresh_console.errors == []
    finally:
        fresh.context.close()
    # a new plan starts from the plan as stated: the sliders and the band are reset
    page.select_option("#plan-select", "sejong-2024")
    wait_panel(page, "whatif")
    expect(page.locator("#whatif-factor-out")).to_have_text("×1")
    expect(page.locator("#whatif-bands canvas")).to_have_count(0)
    assert "factor=" not in page.url and "bands=" not in page.url
    assert "plan=sejong-2024" in page.url


def test_edit_the_plan_on_show(page: Page, console: Console) -> None:
    open_page(page, "?plan=sejong-2024")
    page.click("#form-edit")
    expect(page.locator("#f-city")).to_have_value("세종 Sejong")
    expect(page.locator("#f-investment")).to_have_value(
        "1,704억원"
    )  # exact, as the service writes it
    expect(page.locator("#f-claims-production_inducement")).to_have_value("2,901억원")
    expect(page.locator(".alloc-row")).to_have_count(10)
    expect(page.locator(".alloc-row[data-code='62'] .alloc-value")).to_have_value("26.66667")
    page.fill("#f-claims-jobs", "2,500")
    page.click("#form-submit")
    console.forget("422")
    expect(page.locator("[data-card='cost_per_job_krw'] .card-value")).to_have_text("₩68.16M")
    expect(page.locator(".summary-city")).to_have_text("세종 Sejong")
    expect(page.locator(".source")).to_contain_text("시사픽")  # the sources are kept
    open_tab(page, "audit")
    expect(page.locator("#audit-body [data-allocation='assumed']")).to_be_visible()
    assert "p=" in page.url
    assert console.failed == []


def test_a_damaged_link_says_so(page: Page) -> None:
    open_page(page, "?p=eJzLSM3JyQcABiwCFQ&lang=en#audit")  # not a plan: deflated "hello"
    expect(page.locator("#link-problem")).to_contain_text("could not be read")
    expect(page.locator(".summary-city")).to_have_text("세종 Sejong")  # the first saved plan
    expect(page.locator("#tab-audit")).to_have_attribute("aria-selected", "true")
