"""An Excel workbook of :class:`impact.export.Sheet` tables, written with XlsxWriter.

Cells keep their types: whole won and counts as numbers (those of 10,000 or more shown
with thousands separators), ratios unrounded, text as text -- never as a formula or a
link (``strings_to_formulas`` and ``strings_to_urls`` off), so a city named ``=1+1``
stays text. An integer beyond 2^53 (about 9,007조 won), which Excel's doubles cannot
hold exactly, is written as text with all its digits.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter

from impact.export import Cell, Sheet

__all__ = ["XLSX_MEDIA_TYPE", "to_xlsx"]

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXACT_IN_EXCEL = 2**53
"""Integers below this are exact as Excel numbers (IEEE doubles)."""
GROUPED_FROM = 10_000
"""Integers from this size on are shown with thousands separators (years are not)."""
MAX_WIDTH = 60


def to_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """The workbook of ``sheets`` (the first is the active one), as bytes."""
    buffer = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    workbook = xlsxwriter.Workbook(buffer, options)
    header = workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True})
    grouped = workbook.add_format({"num_format": "#,##0"})
    for sheet in sheets:
        worksheet = workbook.add_worksheet(sheet.name)
        worksheet.write_row(0, 0, sheet.columns, header)
        widths = [min(max(len(c), 8), MAX_WIDTH) for c in sheet.columns]
        for r, row in enumerate(sheet.rows, start=1):
            for c, cell in enumerate(row):
                _write(worksheet, r, c, cell, grouped)
                shown = 0 if cell is None else len(str(cell))
                widths[c] = min(max(widths[c], shown), MAX_WIDTH)
        for c, width in enumerate(widths):
            worksheet.set_column(c, c, width + 2)
        worksheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def _write(worksheet: Any, row: int, col: int, cell: Cell, grouped: Any) -> None:
    if cell is None:
        return
    if isinstance(cell, bool):
        worksheet.write_boolean(row, col, cell)
    elif isinstance(cell, int):
        if abs(cell) >= EXACT_IN_EXCEL:
            worksheet.write_string(row, col, str(cell))
        else:
            worksheet.write_number(row, col, cell, grouped if abs(cell) >= GROUPED_FROM else None)
    elif isinstance(cell, float):
        worksheet.write_number(row, col, cell)
    else:
        worksheet.write_string(row, col, cell)
