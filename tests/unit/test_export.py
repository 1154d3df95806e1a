"""Tables an analyst can open: flattening, sheets and CSV (read back with the csv module)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from pydantic import Field

from impact.audit import AuditReport, audit
from impact.compare import compare_plans
from impact.export import Sheet, audit_sheets, comparison_sheets, flatten, table_sheet, to_csv
from impact.io import bok_2023_model
from impact.seeds import load_seed_plans


def _read(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the file as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_flatten_keeps_types_and_dots_the_paths() -> None:
    flat = flatten({"a": {"b": Decimal("0.25"), "c": Decimal(3)}, "d": [1, 2], "e": [{"f": 1}]})
    assert flat == {"a.b": 0.25, "a.c": 3, "d": "1; 2", "e": '[{"f": 1}]'}
    assert type(flat["a.c"]) is int


def test_csv_is_utf8_with_bom_typed_and_safe() -> None:
    sheet = Sheet(
        "t",
        ("city", "won", "ratio", "note"),
        (("세종", 170_400_000_000, 1.7024647887323943, '=HYPERLINK("x")'), ("-", None, 0.5, "")),
    )
    rows = _read(to_csv(sheet))
    assert rows[0] == ["city", "won", "ratio", "note"]
    assert rows[1] == ["세종", "170400000000", "1.7024647887323943", '\'=HYPERLINK("x")']
    assert rows[2] == ["'-", "", "0.5", ""]


def test_a_sheet_drops_a_column_that_only_stands_for_absent_objects() -> None:
    sheet = table_sheet("t", [{"x": None, "y": 1}, {"x.a": 2, "y": 3}])
    assert sheet.columns == ("y", "x.a")
    assert sheet.rows == ((1, None), (3, 2))
    with pytest.raises(ValueError, match="31 characters"):
        Sheet("x" * 32, (), ())


@pytest.fixture(scope="module")
def sejong_audit() -> AuditReport:
    return audit(load_seed_plans()["sejong-2024"], bok_2023_model())


def test_the_audit_table_has_the_verdict_then_every_check(sejong_audit: AuditReport) -> None:
    sheets = audit_sheets(sejong_audit)
    names = [s.name for s in sheets]
    assert names[0] == "Checks" and {"Summary", "Sources", "Recipe", "Allocation"} <= set(names)
    rows = _read(to_csv(sheets[0]))
    header, verdict, *checks = rows
    assert verdict[:2] == ["verdict", sejong_audit.verdict.status]
    assert verdict[header.index("explanation.ko")] == sejong_audit.verdict.ko
    assert [r[0] for r in checks] == [c.code for c in sejong_audit.checks]
    for row, check in zip(checks, sejong_audit.checks, strict=True):
        if check.claimed is not None:
            total = row[header.index("claimed.total")]
            assert float(total) == check.claimed.total
            if isinstance(check.claimed.total, int):  # whole won, written as an integer
                assert total == str(check.claimed.total)
            assert float(row[header.index("claimed.per_unit")]) == check.claimed.per_unit
            assert row[header.index("claimed.display.ko")] == check.claimed.display.ko
    recipe = next(s for s in sheets if s.name == "Recipe")
    assert {key for _, key, _ in recipe.rows} >= set(sejong_audit.recipe)


class _Extended(AuditReport):
    """A report with fields added later, as the audit's method grows."""

    sensitivity: list[dict[str, float]] = Field(default_factory=list)
    confidence: float = 0.9


def test_fields_added_to_the_audit_appear_without_a_change(sejong_audit: AuditReport) -> None:
    extended = _Extended(
        **{name: getattr(sejong_audit, name) for name in type(sejong_audit).model_fields},
        sensitivity=[{"cv": 0.1, "p95": 1.2}],
    )
    sheets = {s.name: s for s in audit_sheets(extended)}
    assert sheets["Sensitivity"].rows == ((0.1, 1.2),)
    assert ("audit", "confidence", 0.9) in sheets["Summary"].rows


def test_the_comparison_has_one_row_per_plan() -> None:
    seeds = load_seed_plans()
    result = compare_plans(
        [("sejong-2024", seeds["sejong-2024"]), ("daejeon-2018", seeds["daejeon-2018"])],
        target_year=2024,
        currency="USD",
    )
    plans, metrics, sources = comparison_sheets(result)
    header = plans.columns
    for row, compared in zip(plans.rows, result.rows, strict=True):
        assert row[header.index("label")] == compared.label
        assert row[header.index("real_investment")] == compared.real_investment
        cost = compared.metrics["cost_per_job_krw"]
        assert row[header.index("metrics.cost_per_job_krw.value")] == cost.value
        assert compared.usd is not None
        assert row[header.index("usd.cost_per_job_usd")] == compared.usd["cost_per_job_usd"]
    assert not any(c.startswith("metrics.") and c.endswith(".formula") for c in header)
    assert {r[0] for r in metrics.rows} == set(result.rows[0].metrics)
    assert any(key == "formula" for _, key, _ in sources.rows)
