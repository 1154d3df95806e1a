"""Printing with the browser's own command (Ctrl+P, no button): every section prints with
its content, charts included, not bare headings. The report button is tested in
test_page.py; here the page is only switched to print media (and printed to PDF)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ARTIFACTS, open_page, screenshot, wait_panel

# What each section prints: a figure of its own (a chart, a table or the map).
CONTENT = {
    "overview": "[data-card='cost_per_job_krw']",
    "audit": "[data-chart='audit-production_multiplier'] canvas",
    "compare": "[data-chart='compare-cost_per_job_krw'] canvas",
    "whatif": "table[data-table='scenario']",  # in a closed <details> on screen: printed open
    "region": "svg.map",
}

DRAWN = """(canvas) => {
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let inked = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked += 1;
  return inked;
}"""


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_browsers_print_has_every_section(page: Page, lang: str) -> None:
    open_page(page, f"?plan=sejong-2024&lang={lang}")  # on the first tab: the others are hidden
    for name in CONTENT:
        wait_panel(page, name)
    expect(page.locator("#panel-region")).to_be_hidden()
    page.emulate_media(media="print")
    expect(page.locator("#tablist")).to_be_hidden()
    expect(page.locator("#plan-form-box")).to_be_hidden()
    for name, selector in CONTENT.items():
        expect(page.locator(f"#panel-{name} h2.print-only")).to_be_visible()
        content = page.locator(f"#panel-{name} {selector}").first
        expect(content).to_be_visible()
        box = content.bounding_box()
        assert box is not None and box["height"] > 40 and box["width"] > 200, (name, box)
    canvases = page.locator("[role='tabpanel'] canvas")
    assert canvases.count() >= 10
    for i in range(canvases.count()):
        canvas = canvases.nth(i)
        expect(canvas).to_be_visible()
        assert canvas.evaluate(DRAWN) > 500, f"chart {i} is blank in print"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"report-{lang}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf.stat().st_size > 200_000
    screenshot(page, f"report-print-{lang}")
