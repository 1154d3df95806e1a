"""Sweeps: k scenarios of one plan through the model with one batched product.

Each row is a list of adjustments. The rows are folded into states (cheap
scalar work, shared prefixes folded once), then everything numerical is one
call of the effects engine (:class:`impact.effects.EffectsEngine`)::

    Y = S[:, a] ∘ investment       (n, k) demand [KRW], one column per row

S holds one demand vector per distinct allocation and investment
(:func:`impact.effects.allocation_demand`: :func:`~impact.effects.plan_demand` of each, the
allocation's shares read once), ``a`` picks each row's. No solve and no
Python loop over rows touches a matrix. A row equals the single scenario
(:func:`impact.scenario.single.run_scenario`) with the same adjustments, to the won.

Columns are typed (:data:`COLUMN_KINDS`): money is rounded half-to-even to whole
won here, once (the rest of Korea is the rounded total minus the rounded
in-region figure, as on every other route); persons and ratios stay floats. The
model's ratios are the unrounded totals per won (:func:`impact.effects.per_won`),
the audit's and a scenario's numbers.
NaN marks a figure that does not exist (no claim, no region); the caller turns
it into null.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np

from impact.effects import IMPORT_SHARE, allocation_demand, per_won, plan_engine
from impact.errors import InvalidInputError, LimitExceededError
from impact.io.iomath import FloatArray
from impact.metrics import cost_per_job, jobs_per_billion, production_multiplier, value_added_ratio
from impact.plan import Allocation, Plan
from impact.scenario.adjustments import Adjustment
from impact.scenario.state import (
    ModelFor,
    ScenarioState,
    apply_adjustments,
    default_model_for,
    require_allocation,
)

__all__ = [
    "COLUMN_KINDS",
    "MAX_SWEEP_ROWS",
    "ROW_COLUMNS",
    "SweepResult",
    "concat_sweeps",
    "fold_rows",
    "row_parameters",
    "run_sweep",
    "sweep_rows",
]

MAX_SWEEP_ROWS = 100_000
"""Largest number of rows of one sweep."""

ColumnKind = Literal["money", "persons", "ratio"]

COLUMN_KINDS: Mapping[str, ColumnKind] = {
    "investment_krw": "money",
    "output_krw": "money",
    "value_added_krw": "money",
    "jobs": "persons",
    "output_in_region_krw": "money",
    "output_rest_of_korea_krw": "money",
    "value_added_in_region_krw": "money",
    "value_added_rest_of_korea_krw": "money",
    "jobs_in_region": "persons",
    "jobs_rest_of_korea": "persons",
    "model_output_multiplier": "ratio",
    "model_value_added_ratio": "ratio",
    "model_cost_per_job_krw": "money",
    "lasting_jobs": "persons",
    "cost_per_job_krw": "money",
    "jobs_per_billion_krw": "ratio",
    "production_multiplier": "ratio",
    "value_added_ratio": "ratio",
}
"""Every row's numbers and their kind: money [whole KRW], persons [person-years or
persons] or ratio [-, or persons per ₩1bn]. Model impacts first, then claim-based metrics."""

ROW_COLUMNS = tuple(COLUMN_KINDS)
"""The names of :data:`COLUMN_KINDS`, in order."""


@dataclasses.dataclass(frozen=True)
class SweepResult:
    """Columns of k rows, in input order.

    Attributes
    ----------
    columns
        :data:`ROW_COLUMNS` → (k,) float array; NaN where not defined.
    investment
        Exact investment of each row [KRW].
    notes
        How jobs and regional figures were computed.
    """

    columns: Mapping[str, FloatArray]
    investment: list[int]
    notes: list[str]

    def __len__(self) -> int:
        return len(self.investment)


def fold_rows(
    plan: Plan,
    rows: Sequence[Sequence[Adjustment]],
    *,
    base: Sequence[Adjustment] = (),
    model_for: ModelFor = default_model_for,
    paths: Sequence[Sequence[str]] | None = None,
    field: str = "scenarios",
    row_offset: int = 0,
) -> list[ScenarioState]:
    """The state of every row: ``base`` then the row's adjustments, shared prefixes once.

    Errors name ``<field>.<row_offset + row>.<i>.<parameter>``, or
    ``<paths[row][i]>.<parameter>``.
    """
    if len(rows) > MAX_SWEEP_ROWS:
        raise LimitExceededError(
            f"{len(rows)} rows; a sweep has at most {MAX_SWEEP_ROWS:,}",
            field=field,
            message_ko=f"{len(rows):,}행입니다. 민감도 분석은 {MAX_SWEEP_ROWS:,}행까지입니다",
        )
    start = apply_adjustments(plan, base, model_for=model_for)
    memo: dict[tuple[int, ...], ScenarioState] = {}
    states: list[ScenarioState] = []
    for r, row in enumerate(rows):
        state, done = start, 0
        for m in range(len(row) - 1, 0, -1):  # longest folded prefix
            cached = memo.get(tuple(id(adj) for adj in row[:m]))
            if cached is not None:
                state, done = cached, m
                break
        for i in range(done, len(row)):
            at = paths[r][i] if paths is not None else f"{field}.{row_offset + r}.{i}"
            state = apply_adjustments(plan, [row[i]], model_for=model_for, paths=[at], start=state)
            if i < len(row) - 1:
                memo[tuple(id(adj) for adj in row[: i + 1])] = state
        states.append(state)
    return states


def _ratio(num: FloatArray, den: FloatArray) -> FloatArray:
    out = np.full(num.shape, math.nan)
    np.divide(num, den, out=out, where=(den != 0) & ~np.isnan(den))
    return out


def _demand(states: Sequence[ScenarioState], model_for: ModelFor, table_id: str) -> FloatArray:
    """Y (n, k) [KRW]: each row's purchases by sector, as :func:`plan_demand` gives them for
    one plan (the same won to the last place as the audit's and a scenario's), computed once
    per allocation and investment, each allocation's shares read once."""
    table = model_for(table_id).table
    groups: dict[tuple[int, str], tuple[Allocation, dict[int, int]]] = {}
    where = []  # (group, column in it) per row
    for state in states:
        allocation = require_allocation(state)
        key = (id(allocation), state.allocation_field)
        _, columns = groups.setdefault(key, (allocation, {}))
        where.append((key, columns.setdefault(state.plan.investment, len(columns))))
    blocks: list[FloatArray] = []
    offset: dict[tuple[int, str], int] = {}
    start = 0
    for key, (allocation, columns) in groups.items():
        blocks.append(allocation_demand(allocation, table, list(columns), field=key[1]))
        offset[key], start = start, start + len(columns)
    pick = np.array([offset[key] + column for key, column in where], dtype=np.intp)
    Y: FloatArray = np.hstack(blocks)[:, pick]
    return Y


def _claim_columns(states: Sequence[ScenarioState]) -> dict[str, FloatArray]:
    """The claims' metrics of each row, from :mod:`impact.metrics` (the figures the metrics
    answer and a scenario show), computed once per claims and investment (a what-if changes
    the investment, never the claims)."""
    values: dict[tuple[int, int], tuple[float, ...]] = {}
    rows = []
    for state in states:
        key = (id(state.plan.claims), state.plan.investment)
        row = values.get(key)
        if row is None:
            figures = [metric(state.plan) for metric in _CLAIM_METRICS.values()]
            shown = [m.rounded() if i == 0 else m.as_float() for i, m in enumerate(figures)]
            row = values[key] = tuple(math.nan if v is None else v for v in shown)
        rows.append(row)
    table = np.array(rows, dtype=float).reshape(len(states), len(_CLAIM_METRICS))
    return {name: table[:, i] for i, name in enumerate(_CLAIM_METRICS)}


_CLAIM_METRICS = {  # the first is money (whole won), the rest ratios
    "cost_per_job_krw": cost_per_job,
    "jobs_per_billion_krw": jobs_per_billion,
    "production_multiplier": production_multiplier,
    "value_added_ratio": value_added_ratio,
}


def _won(values: FloatArray) -> FloatArray:
    """Half-to-even to whole won (NaN stays NaN), as Python's ``round`` does."""
    rounded: FloatArray = np.round(values)
    return rounded


def _table_columns(
    plan: Plan, states: Sequence[ScenarioState], model_for: ModelFor, table_id: str
) -> tuple[dict[str, FloatArray], list[str]]:
    model = model_for(table_id)
    engine = plan_engine(plan, model)
    batch = engine.run(
        _demand(states, model_for, table_id),
        kinds=[s.kind for s in states],
        local_share=[1.0 if s.local_share is None else s.local_share for s in states],
        price_years=[s.plan.price_year for s in states],
        import_share=[IMPORT_SHARE[s.basis] for s in states],
    )
    output, value_added = batch.money["output"], batch.money["value_added"]
    assert output is not None and value_added is not None
    spent = [s.plan.investment for s in states]
    cols = {
        "output_krw": _won(output.total),
        "value_added_krw": _won(value_added.total),
        "jobs": batch.jobs,
        # the unrounded totals per won, as the audit and a scenario take them
        "model_output_multiplier": per_won(output.total, spent),
        "model_value_added_ratio": per_won(value_added.total, spent),
    }
    split = batch.regional
    if split is not None:
        for measure, name in (("production", "output"), ("value_added", "value_added")):
            inside = _won(split.inside[measure])
            cols[f"{name}_in_region_krw"] = inside
            cols[f"{name}_rest_of_korea_krw"] = _won(split.total[measure]) - inside
        cols["jobs_in_region"] = split.inside["jobs"]
        cols["jobs_rest_of_korea"] = split.total["jobs"] - split.inside["jobs"]
    notes = [en for en, _ in batch.notes]
    if batch.jobs_rule is not None:
        notes.append(f"jobs: {batch.jobs_rule.basis[0]}")
    return cols, notes


def run_sweep(
    plan: Plan,
    rows: Sequence[Sequence[Adjustment]],
    *,
    base: Sequence[Adjustment] = (),
    model_for: ModelFor = default_model_for,
    paths: Sequence[Sequence[str]] | None = None,
    field: str = "scenarios",
    row_offset: int = 0,
) -> SweepResult:
    """k scenarios of ``plan`` at once (see the module doc).

    Parameters
    ----------
    plan
        The base plan (it, or ``base`` or every row, must give an allocation).
    rows
        One list of adjustments per row, applied after ``base``.
    base
        Adjustments common to every row, applied first (errors name ``adjustments.<i>``).
    model_for
        Table id → model.
    paths, field, row_offset
        How errors name a row's adjustment (see :func:`fold_rows`).

    Examples
    --------
    >>> from impact.scenario.adjustments import ScaleInvestment
    >>> plan = Plan.model_validate({"city": "Busan", "investment": "1,000억원",
    ...                             "allocation": {"shares": {"62": 1}}})
    >>> result = run_sweep(plan, [[ScaleInvestment(factor=f)] for f in (0.5, 1.0)])
    >>> out = result.columns["output_krw"]
    >>> bool(np.isclose(out[1], 2 * out[0]))
    True
    """
    states = fold_rows(
        plan, rows, base=base, model_for=model_for, paths=paths, field=field, row_offset=row_offset
    )
    k = len(states)
    if k == 0:
        raise InvalidInputError("give at least one row", field=field)
    columns = {name: np.full(k, math.nan) for name in ROW_COLUMNS}
    notes: list[str] = []
    for table_id in dict.fromkeys(s.table_id for s in states):
        idx = np.array([r for r, s in enumerate(states) if s.table_id == table_id])
        cols, table_notes = _table_columns(plan, [states[r] for r in idx], model_for, table_id)
        for name, values in cols.items():
            columns[name][idx] = values
        notes.extend(f"{table_id}: {note}" for note in table_notes)
    investment = [s.plan.investment for s in states]
    inv = np.array(investment, dtype=float)
    jobs = columns["jobs"]
    columns["investment_krw"] = inv
    columns["model_cost_per_job_krw"] = _won(_ratio(inv, jobs))
    years = np.array([math.nan if s.plan.period is None else s.plan.period.years for s in states])
    columns["lasting_jobs"] = jobs / years
    columns.update(_claim_columns(states))
    return SweepResult(columns=columns, investment=investment, notes=notes)


def concat_sweeps(parts: Sequence[SweepResult]) -> SweepResult:
    """Rows of consecutive slices of one sweep, in order (for chunked runs)."""
    columns = {name: np.concatenate([p.columns[name] for p in parts]) for name in ROW_COLUMNS}
    investment = [amount for p in parts for amount in p.investment]
    notes = list(dict.fromkeys(note for p in parts for note in p.notes))
    return SweepResult(columns=columns, investment=investment, notes=notes)


def row_parameters(row: Sequence[Adjustment]) -> dict[str, Any]:
    """A row's adjustments flattened to ``{"<type>.<parameter>": value}`` (JSON values)."""
    shown: dict[str, Any] = {}
    for adjustment in row:
        dumped = adjustment.model_dump(mode="json", by_alias=True, exclude={"type"})
        for key, value in dumped.items():
            shown[f"{adjustment.type}.{key}"] = value
    return shown


def _typed(values: FloatArray, kind: ColumnKind) -> list[int | float | None]:
    """NaN → None; money as int (already whole won); persons and ratios as floats."""
    if kind == "money":
        return [None if math.isnan(v) else int(v) for v in values.tolist()]
    return [None if math.isnan(v) else v for v in values.tolist()]


def sweep_rows(
    result: SweepResult,
    *,
    parameters: Sequence[dict[str, Any]] | None = None,
    rows: Sequence[Sequence[Adjustment]] | None = None,
) -> list[dict[str, Any]]:
    """One dict per row: ``parameters`` (as given, or flattened from ``rows``) and every
    column of :data:`COLUMN_KINDS`, typed (the body the API and ``impact sweep --json``
    answer)."""
    if parameters is None:
        if rows is None:
            raise InvalidInputError("give the rows or their parameters", field="rows")
        parameters = [row_parameters(row) for row in rows]
    columns = {name: _typed(result.columns[name], kind) for name, kind in COLUMN_KINDS.items()}
    columns["investment_krw"] = list(result.investment)
    return [
        {"parameters": params, **{name: columns[name][r] for name in ROW_COLUMNS}}
        for r, params in enumerate(parameters)
    ]
