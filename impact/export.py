"""Answers as tables an analyst can open: sheets of typed cells, and CSV.

An audit, a comparison or a sweep becomes a few :class:`Sheet` objects: a name,
column headers and rows of typed cells (``int`` won, unrounded ``float`` ratios,
``str`` display strings in their own columns, ``bool``, ``None`` for empty). Nested
objects are flattened generically into dotted column names (``claimed.per_unit``,
``claimed.display.ko``), so a field added to a report later appears in its export
without a change here. The first sheet is the main table; :func:`to_csv` writes it
(UTF-8 with a BOM, so that Excel shows Hangul; numbers as plain values); the web layer
writes every sheet into an Excel workbook.

Sheets
------
audit
    ``Checks`` (the verdict, then one row per check), ``Summary`` (the plan, region,
    allocation basis, verdict: field, value), ``Flags``, ``Allocation``, ``Regional``,
    ``Caveats``, ``Sources`` (the plan's sources and the data provenance) and ``Recipe``
    (the model recipe and the status thresholds), each only when it has rows.
comparison
    ``Plans`` (one row per plan: basis, investment, every metric's value and display,
    dollars, ranks, region), ``Metrics`` (definitions and rankings), ``Sources``.
sweep
    ``Rows`` (parameters, then every figure), ``Notes``, ``Sources`` (the plan's sources
    and how the rows were asked for).

Examples
--------
>>> sheet = Sheet("T", ("name", "value"), (("a", 1), ("b", 0.5)))
>>> to_csv(sheet).decode("utf-8-sig").splitlines()
['name,value', 'a,1', 'b,0.5']
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from impact.scenario.sweep import COLUMN_KINDS, ROW_COLUMNS

__all__ = [
    "Cell",
    "Sheet",
    "audit_sheets",
    "columns_of",
    "comparison_sheets",
    "csv_header",
    "flatten",
    "sweep_columns",
    "sweep_csv_rows",
    "sweep_sheets",
    "table_sheet",
    "to_csv",
]

Cell = str | int | float | bool | None
"""A typed cell: whole won and counts as ``int``, ratios as ``float``, text as ``str``."""

MAX_SHEET_NAME = 31
"""Excel's limit on a worksheet name [characters]."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclasses.dataclass(frozen=True)
class Sheet:
    """One table: a name (≤ 31 characters), headers and rows of typed cells."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def __post_init__(self) -> None:
        if not 0 < len(self.name) <= MAX_SHEET_NAME:
            raise ValueError(f"a sheet name has 1 to {MAX_SHEET_NAME} characters: {self.name!r}")
        if any(len(row) != len(self.columns) for row in self.rows):
            raise ValueError(f"sheet {self.name!r}: every row has one cell per column")


# ------------------------------------------------------------------------- flattening


def _cell(value: object) -> Cell:
    """A leaf as a typed cell: Decimal → float, date → ISO text, enum → its value."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return _cell(value.value)
    return str(value)


def _plain(value: object) -> object:
    """A model or a struct as builtins (models dumped by alias, in Python mode)."""
    if isinstance(value, BaseModel):
        return value.model_dump(by_alias=True)
    return value


def flatten(value: object, prefix: str = "") -> dict[str, Cell]:
    """Leaves of ``value`` by dotted path; a list of scalars is joined with ``"; "``, a list
    of objects becomes JSON text (give such lists a sheet of their own).

    Examples
    --------
    >>> flatten({"a": {"b": 1, "c": [1, 2]}, "d": None})
    {'a.b': 1, 'a.c': '1; 2', 'd': None}
    """
    value = _plain(value)
    if isinstance(value, Mapping):
        out: dict[str, Cell] = {}
        for key, item in value.items():
            out |= flatten(item, f"{prefix}.{key}" if prefix else str(key))
        return out
    if isinstance(value, list | tuple):
        items = [_plain(item) for item in value]
        if any(isinstance(item, Mapping | list | tuple) for item in items):
            return {prefix: json.dumps(items, ensure_ascii=False, default=str)}
        return {prefix: "; ".join(str(_cell(item)) for item in items)}
    return {prefix: _cell(value)}


def table_sheet(name: str, records: Iterable[Mapping[str, Cell]]) -> Sheet:
    """A sheet of flat records: the columns are every key, in the order first seen.

    A key that is null wherever it appears while other records have fields under it
    (``claimed`` next to ``claimed.per_unit``: an object absent in some rows) is not a
    column of its own.
    """
    rows = list(records)
    columns = columns_of(rows)
    return Sheet(name, columns, tuple(tuple(row.get(c) for c in columns) for row in rows))


def columns_of(records: Iterable[Mapping[str, Cell]]) -> tuple[str, ...]:
    """The columns :func:`table_sheet` makes of ``records`` (read once, in order): every
    key in the order first seen, less a key null wherever it appears that other keys are
    under."""
    seen: dict[str, None] = {}
    filled: set[str] = set()
    for row in records:
        for key, value in row.items():
            seen.setdefault(key)
            if value is not None:
                filled.add(key)
    return tuple(
        c for c in seen if c in filled or not any(other.startswith(f"{c}.") for other in seen)
    )


def _key_values(name: str, sections: Iterable[tuple[str, Mapping[str, Cell]]]) -> Sheet:
    rows = tuple(
        (section, key, value) for section, mapping in sections for key, value in mapping.items()
    )
    return Sheet(name, ("section", "key", "value"), rows)


def _sheets(*candidates: Sheet) -> list[Sheet]:
    """The sheets that have rows (the first, the main table, always)."""
    return [candidates[0], *(s for s in candidates[1:] if s.rows)]


# ------------------------------------------------------------------------------ audit


def _is_list_of_objects(value: object) -> bool:
    return isinstance(value, list | tuple) and any(
        isinstance(_plain(item), Mapping) for item in value
    )


def _is_text_dict(value: object) -> bool:
    return isinstance(value, Mapping) and all(isinstance(v, str) for v in value.values())


def audit_sheets(report: BaseModel) -> list[Sheet]:
    """The sheets of an :class:`~impact.audit.AuditReport` (read generically: a field added
    later lands in ``Summary``, or in a sheet of its own when it is a list of objects)."""
    fields = {name: getattr(report, name) for name in type(report).model_fields}
    plan = fields.pop("plan")
    verdict = _plain(fields.pop("verdict"))
    checks = fields.pop("checks", [])
    recipe = fields.pop("recipe", {})
    thresholds = fields.pop("thresholds", {})
    provenance = fields.pop("provenance", {})
    caveats = fields.pop("caveats", [])
    regional = fields.pop("regional", None)
    allocation = _plain(fields.pop("allocation", None))
    lists = {name: value for name, value in fields.items() if _is_list_of_objects(value)}
    texts = {name: value for name, value in fields.items() if _is_text_dict(value)}
    rest = {n: v for n, v in fields.items() if n not in lists and n not in texts}
    verdict_row: dict[str, Cell] = {}
    if isinstance(verdict, Mapping):
        verdict_row = {
            "code": "verdict",
            "status": _cell(verdict.get("status")),
            "explanation.en": _cell(verdict.get("en")),
            "explanation.ko": _cell(verdict.get("ko")),
        }
    summary: dict[str, Cell] = flatten(rest) | flatten({"verdict": verdict})
    sectors: list[Any] = []
    if isinstance(allocation, Mapping):
        sectors = list(allocation.get("sectors") or [])
        summary |= flatten({k: v for k, v in allocation.items() if k != "sectors"}, "allocation")
    plan_dump = _plain(plan)
    sources = plan_dump.get("sources", []) if isinstance(plan_dump, Mapping) else []
    summary |= flatten(
        {k: v for k, v in plan_dump.items() if k != "sources"}
        if isinstance(plan_dump, Mapping)
        else plan_dump,
        "plan",
    )
    return _sheets(
        table_sheet("Checks", [verdict_row, *(flatten(c) for c in checks)]),
        _key_values("Summary", [("audit", summary)]),
        *(table_sheet(_title(name), map(flatten, value)) for name, value in lists.items()),
        table_sheet("Allocation", (flatten(s) for s in sectors)),
        _key_values("Regional", [("regional", flatten(regional))] if regional is not None else []),
        table_sheet("Caveats", (flatten(c) for c in caveats)),
        _sources_sheet(sources, [("data provenance", flatten(provenance))]),
        _key_values(
            "Recipe",
            [("model recipe", flatten(recipe)), ("status thresholds", flatten(thresholds))]
            + [(name, flatten(value)) for name, value in texts.items()],
        ),
    )


def _title(name: str) -> str:
    return name.replace("_", " ").capitalize()[:MAX_SHEET_NAME]


def _sources_sheet(
    sources: Sequence[Any], extra: Sequence[tuple[str, Mapping[str, Cell]]]
) -> Sheet:
    """The plan's sources (one section each) and further sections of key and value."""
    sections = [(f"source {i + 1}", flatten(source)) for i, source in enumerate(sources)]
    return _key_values("Sources", [*sections, *extra])


# ------------------------------------------------------------------------- comparison

_DEFINITION_KEYS = ("unit", "formula", "description", "better")


def comparison_sheets(comparison: BaseModel) -> list[Sheet]:
    """The sheets of a :class:`~impact.compare.Comparison`."""
    dumped = _plain(comparison)
    assert isinstance(dumped, Mapping)
    rows = list(dumped.get("rows", []))
    records = []
    definitions: dict[str, dict[str, Any]] = {}
    sources: list[tuple[str, Mapping[str, Cell]]] = []
    for plan_row in rows:
        row = dict(plan_row)
        real = row.pop("real", {}) or {}
        metrics = row.pop("metrics", {}) or {}
        for name, metric in metrics.items():
            definitions.setdefault(
                name, {k: metric.get(k) for k in _DEFINITION_KEYS if k in metric}
            )
        shown = {
            name: {k: v for k, v in metric.items() if k not in _DEFINITION_KEYS}
            for name, metric in metrics.items()
        }
        record = flatten(row)
        record |= flatten({"claims": real.get("claims", {})}, "real")
        record |= flatten(shown, "metrics")
        records.append(record)
        for i, source in enumerate(real.get("sources", []) or []):
            sources.append((f"{row.get('label')}: source {i + 1}", flatten(source)))
    rankings = dumped.get("rankings", {}) or {}
    metric_rows = [
        {"metric": name, **flatten(definition), **flatten(rankings.get(name, {}), "ranking")}
        for name, definition in definitions.items()
    ]
    basis = {
        "price_year": _cell(dumped.get("price_year")),
        "index": _cell(dumped.get("index")),
        "currency": _cell(dumped.get("currency")),
        "formula": "real = nominal × index[target year] / index[source year]",
        "source": _cell(dumped.get("source")),
    }
    return _sheets(
        table_sheet("Plans", records),
        table_sheet("Metrics", metric_rows),
        _key_values("Sources", [("price basis", basis), *sources]),
    )


# ------------------------------------------------------------------------------ sweep


def sweep_sheets(
    rows: Sequence[Mapping[str, Any]],
    notes: Sequence[str],
    *,
    sources: Sequence[Any] = (),
    recipe: Mapping[str, Any] | None = None,
) -> list[Sheet]:
    """The sheets of a sweep: its rows (``{parameters, <figure>: …}``), notes and sources.

    ``recipe`` says how the rows were asked for (plan, base adjustments, grid), for the
    ``Sources`` sheet.
    """
    records = [flatten(row) for row in rows]
    return _sheets(
        table_sheet("Rows", records),
        Sheet("Notes", ("note",), tuple((note,) for note in notes)),
        _sources_sheet(sources, [("request", flatten(recipe or {}))]),
    )


_SCALARS = (str, int, float, bool, type(None))


def _parameter_cells(parameters: Mapping[str, Any]) -> dict[str, Cell]:
    """A sweep row's parameters as :func:`flatten` makes them, under ``parameters.``
    (plain values, the usual grid, without the recursion)."""
    if all(isinstance(v, _SCALARS) for v in parameters.values()):
        return {f"parameters.{key}": _cell(value) for key, value in parameters.items()}
    return flatten(parameters, "parameters")


def _figure_text(value: Any) -> str:
    """A sweep figure's CSV text, as ``_csv_text(_cell(value))``: whole won, an unrounded
    float, or empty for null (and for a float that is not finite)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    return str(value)


def sweep_columns(parameters: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """The columns of a sweep's ``Rows`` sheet from its rows' parameters alone (read once,
    in row order): the figures' columns do not depend on their values, so the header of
    a streamed CSV is known before any row is computed."""
    figures = dict.fromkeys(ROW_COLUMNS, 0)
    return columns_of({**flatten(p, "parameters"), **figures} for p in parameters)


def sweep_csv_rows(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """Sweep rows (as :func:`impact.scenario.sweep.sweep_rows` makes them) as the CSV lines
    :func:`to_csv` writes for them under ``columns`` (no header, no byte-order mark):
    ``to_csv(sweep_sheets(rows, …)[0])`` is the header of :func:`csv_header` followed by
    these lines. Built column by column (≈ 4× faster than a record per row)."""
    rows = list(rows)
    params = [_parameter_cells(row["parameters"]) for row in rows]
    texts: list[list[str]] = []
    for column in columns:
        kind = COLUMN_KINDS.get(column)
        values = [row[column] for row in rows] if kind else []
        if kind == "money" and all(type(v) is int or v is None for v in values):
            texts.append(["" if v is None else str(v) for v in values])
        elif kind and all(type(v) is float or v is None for v in values):
            texts.append(["" if v is None or not math.isfinite(v) else repr(v) for v in values])
        elif kind:
            texts.append([_figure_text(v) for v in values])
        else:
            texts.append([_csv_text(cells.get(column)) for cells in params])
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(zip(*texts, strict=True))
    return buffer.getvalue().encode("utf-8")


def csv_header(columns: Sequence[str]) -> bytes:
    """The first bytes of :func:`to_csv`: the byte-order mark and the header line."""
    return to_csv(Sheet("Rows", tuple(columns), ()))


# -------------------------------------------------------------------------------- CSV


def _csv_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, int | float):
        return repr(cell) if isinstance(cell, float) else str(cell)
    # text a spreadsheet would run as a formula is kept as text (OWASP CSV injection)
    return f"'{cell}" if cell.startswith(_FORMULA_START) else cell


def to_csv(sheet: Sheet) -> bytes:
    """The sheet as CSV: UTF-8 with a byte-order mark (Excel then reads Hangul), a header
    row, numbers as plain values (``170400000000``, ``1.7024647887323943``), empty cells
    for null, and text that starts like a formula (``=``, ``+``, ``-``, ``@``) prefixed
    with ``'`` so that no spreadsheet runs it."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(sheet.columns)
    writer.writerows([_csv_text(cell) for cell in row] for row in sheet.rows)
    return buffer.getvalue().encode("utf-8-sig")
