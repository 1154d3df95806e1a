"""One set of totals on every tab (issue 12): the audit, the what-if, the regional split
and the map show the same production, value added and jobs for the same plan, as the
service writes them (the audit's display strings), never recomputed or re-rounded."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import api_json, open_page, open_tab, plan_query

BUSAN = {
    "city": "부산",
    "investment": "500억원",
    "announced": "2024-03-01",
    "claims": {"jobs": 300, "production_inducement": "900억원"},
    "allocation": {"shares": {"50": 0.6, "62": 0.4}},
}


def _model(audit: dict[str, Any], code: str) -> str:
    check = next(c for c in audit["checks"] if c["code"] == code)
    return str(check["model"]["display"]["en"])


@pytest.mark.parametrize("plan", ["sejong-2024", BUSAN], ids=["sejong", "busan"])
def test_every_tab_shows_the_same_totals(page: Page, server: str, plan: Any) -> None:
    if isinstance(plan, str):
        audit = api_json(server, "GET", f"/v1/plans/{plan}/audit")
        open_page(page, f"?plan={plan}")
    else:
        audit = api_json(server, "POST", "/v1/audit", {"plan": plan})
        open_page(page, plan_query(plan))
    production = _model(audit, "production_multiplier")  # e.g. ₩282.2B
    value_added = _model(audit, "value_added_ratio")
    jobs = _model(audit, "jobs_per_billion_krw").removesuffix(" person-years")  # e.g. 1,833
    open_tab(page, "audit")
    rows = page.locator("table[data-table='audit'] tbody tr")
    expect(rows.filter(has_text="Production")).to_contain_text(f"({production})")
    open_tab(page, "whatif")
    expect(page.locator("[data-card='whatif-output'] .card-value")).to_have_text(production)
    expect(page.locator("[data-card='whatif-value-added'] .card-value")).to_have_text(value_added)
    expect(page.locator("[data-card='whatif-jobs'] .card-value")).to_have_text(
        f"{jobs} person-years"
    )
    open_tab(page, "region")
    table = page.locator("table[data-table='region'] tbody tr")
    expect(table.nth(0).locator("td").nth(2)).to_have_text(production)
    expect(table.nth(1).locator("td").nth(2)).to_have_text(value_added)
    expect(table.nth(2).locator("td").nth(2)).to_have_text(f"{jobs} person-years")
    # the in-region and rest-of-Korea figures are the audit's too, on the map and in the table
    regional = audit["regional"]
    inside = table.nth(0).locator("td").nth(0).inner_text()
    rest = table.nth(0).locator("td").nth(1).inner_text()
    expect(page.locator("[data-legend='in']")).to_contain_text(inside)
    expect(page.locator("[data-legend='rest']")).to_contain_text(rest)
    assert (
        regional["production"]["in_region"] + regional["production"]["rest_of_korea"]
        == (regional["production"]["total"])
    )


def test_where_it_lands_says_what_its_grey_bars_are(page: Page, server: str) -> None:
    """The chart's grey bars are what the plan buys from Korean producers (its spending less
    imports), the table's "Spent in the sector" the spending itself: each under its own
    label, the chart's values the table's (a reviewer saw ₩485.5B in the chart and ₩560B in
    the table under one label)."""
    open_page(page, "?plan=daejeon-2018")
    open_tab(page, "region")
    chart = page.locator("[data-chart='region-top'] canvas")
    label, shown = chart.evaluate(
        "(c) => { const d = Chart.getChart(c).data.datasets[0]; return [d.label, d.valueLabels]; }"
    )
    assert label == "Of it, bought from Korean producers"
    rows = page.locator("table[data-table='sectors'] tbody tr")
    expect(rows).to_have_count(len(shown))
    header = page.locator("table[data-table='sectors'] thead th")
    expect(header.nth(1)).to_have_text("Spent in the sector")
    expect(header.nth(2)).to_have_text(label)
    for i, text in enumerate(shown):  # the domestic column is the chart's bar ('—': none)
        expect(rows.nth(i).locator("td").nth(1)).to_have_text(text or "—")
    # software (62): ₩560B spent, less its imports
    software = rows.filter(has_text="(62)")
    expect(software.locator("td").nth(0)).to_have_text("₩560B")


def test_the_audit_chart_draws_the_band_its_verdict_is_read_against(
    page: Page, server: str
) -> None:
    """Daejeon's jobs claim (12.9 per ₩1bn) lies inside the range over sectors (1.6–22) but
    above the band (9.2–12.8): the chart and the table show the band, so that "optimistic"
    can be seen (only the range over sectors was drawn)."""
    audit = api_json(server, "GET", "/v1/plans/daejeon-2018/audit")
    check = next(c for c in audit["checks"] if c["code"] == "jobs_per_billion_krw")
    band = [check["band"]["low"]["per_unit"], check["band"]["high"]["per_unit"]]
    open_page(page, "?plan=daejeon-2018")
    open_tab(page, "audit")
    chart = page.locator("[data-chart='audit-jobs_per_billion_krw'] canvas")
    drawn = chart.evaluate(
        """(c) => Chart.getChart(c).data.datasets
             .filter((d) => d.type === 'bar').map((d) => [d.label, d.data[0].x])"""
    )
    assert ["Model, range that decides the verdict (5–95 %)", band] in drawn
    row = page.locator("table[data-table='audit'] tbody tr").filter(has_text="Jobs")
    expect(row.locator("td").nth(2)).to_have_text(f"{band[0]:.1f} – {band[1]:.1f}")
    expect(page.locator(".legend")).to_contain_text("range that decides the verdict")
