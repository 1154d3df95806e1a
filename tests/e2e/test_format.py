"""The page's ports of the server's rules against the server's own code: money (format.js) and
CSV cells (export.js).

Where the page must write won itself (model figures without a display string, axis ticks),
it follows ``impact.report.model_krw``: model figures to 4 significant digits, in Korean by
exact 조/억/만 and in English with the decimals of T/B/M/K those digits need. Amounts shown
exactly use ``format_krw`` as it is.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from impact.export import Sheet, to_csv
from impact.money import format_count, format_krw
from impact.report import model_krw
from tests.e2e.conftest import open_page

WHOLE = [
    0,
    1,
    999,
    1_000,
    9_999,
    10_000,
    12_345,
    99_995,
    999_950,
    999_999,
    1_000_000,
    85_285_285,
    999_950_000,
    4_605_405_405,
    45_440_010_224,
    1_950_000_000_000,
    3_148_388_790_179,
    9_999_500,
    1_234_567_890_123_456,
    95_407_799_257,
    186_756_584_047,
    282_164_383_304,
    338_600_000_000,
    999_999_999_999,
    1_000_000_000_000,
    2_800_000_000_000,
    6_600_000_000_001,
    123_456_789_012_345,
    -34_100_000_000,
    -85_285_285,
]
FLOATS = [0.5, 1.5, 2.5, 1833.4598199768857, 2500.5, 448.9580912483991, 1_246_051_555.5]
SHARES = [0.6618715723798175, 0.0625, 0.00125, 0.5, 1.0, 0.0, 0.7551306626102888, 0.12345]
COUNTS = [0.5, 1.5, 2.5, 1833.4598199768857, 448.9580912483991, 1384.5017287284866, 12.0]

RUN = """async ([whole, floats, shares, counts]) => {
  const f = await import('/static/js/format.js');
  const langs = ['ko', 'en'];
  return {
    exact: whole.map((v) => langs.map((l) => f.formatKrw(v, l))),
    model: [...whole, ...floats].map((v) => langs.map((l) => f.won(v, l))),
    shares: shares.map((v) => f.share(v)),
    counts: counts.map((v) => f.count(v)),
  };
}"""


def _server(value: float) -> list[str]:
    """The server's text of a model figure: model_krw(round(value))."""
    return [model_krw(round(value), "ko"), model_krw(round(value), "en")]


@pytest.fixture
def formatted(page: Page) -> dict[str, Any]:
    open_page(page, "?plan=sejong-2024")
    result: dict[str, Any] = page.evaluate(RUN, [WHOLE, FLOATS, SHARES, COUNTS])
    return result


def test_exact_amounts_are_the_servers(formatted: dict[str, Any]) -> None:
    assert formatted["exact"] == [[format_krw(v, "ko"), format_krw(v, "en")] for v in WHOLE]
    assert formatted["exact"][WHOLE.index(1_950_000_000_000)] == ["1조 9,500억원", "₩1.95T"]


def test_model_figures_are_the_servers(formatted: dict[str, Any]) -> None:
    assert formatted["model"] == [_server(v) for v in WHOLE + FLOATS]
    assert formatted["model"][WHOLE.index(45_440_010_224)] == ["454억 4,000만원", "₩45.44B"]
    assert formatted["model"][WHOLE.index(6_600_000_000_001)] == ["6조 6,000억원", "₩6.6T"]


def test_shares_and_counts_are_the_servers(formatted: dict[str, Any]) -> None:
    assert formatted["shares"] == [f"{v * 100:.1f}%" for v in SHARES]
    assert formatted["counts"] == [format_count(round(v), "en") for v in COUNTS]


CELLS: list[Any] = [
    '=HYPERLINK("http://example.com","부산")',  # a shared link's plan may carry one
    "+1",
    "-20.0 %",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "부산, 대전",
    'say "hi"',
    "plain",
    "",
    12,
    -3.5,
    1.7024647887323943,
    True,
    None,
]


def test_the_pages_csv_is_the_servers(page: Page) -> None:
    """A table the page downloads as CSV keeps a formula-like text as text, as the server's
    exports do (a reviewer's shared link put a live HYPERLINK in the page's download)."""
    open_page(page, "?plan=sejong-2024")
    text = page.evaluate(
        """async (cells) => {
          const e = await import('/static/js/export.js');
          const columns = [{ key: 'n' }, { key: 'cell' }];
          return e.toCSV(columns, cells.map((cell, n) => ({ n, cell })));
        }""",
        CELLS,
    )
    rows = tuple((n, cell) for n, cell in enumerate(CELLS))
    assert text == to_csv(Sheet("x", ("n", "cell"), rows)).decode("utf-8-sig")
    assert '\r\n0,"\'=HYPERLINK(""http' in text
