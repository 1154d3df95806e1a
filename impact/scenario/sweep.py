"""Sweeps: k scenarios of one plan through the model with one batched product.

Each row is a list of adjustments. The rows are folded into states (cheap
scalar work, shared prefixes folded once), then everything numerical is
vectorised::

    Y        = S[:, a] ∘ (investment / unit)        (n, k) demand, one column per row
    totals   = model.impact_batch(Y)                K L Y with the cached multipliers
    regional = C (Y · unit)                         (6, k), C = BOK 2020 coefficients
    in-region     = ℓ ∘ c^in Y
    rest of Korea = ℓ ∘ c^out Y + (1 − ℓ) ∘ N(Y)     (:mod:`impact.scenario.local`)

S holds one share vector per distinct allocation (from
:func:`impact.assess.plan_demand`), ``a`` picks each row's. No solve and no
Python loop over rows touches a matrix. A row equals the single scenario
(:func:`impact.scenario.single.run_scenario`) with the same adjustments.

Row figures are plain floats (KRW, persons) with NaN where a figure does not
exist (no claim, no region); the caller turns NaN into null.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence

import numpy as np

from impact.assess import (
    NATIONAL_JOBS_YEAR,
    REGIONAL_JOBS_YEAR,
    jobs_price_factor,
    national_jobs,
    plan_demand,
    region_of,
)
from impact.errors import InvalidInputError, LimitExceededError
from impact.io import BOK_2023_ID
from impact.io.iomath import FloatArray
from impact.plan import Plan
from impact.scenario.adjustments import Adjustment
from impact.scenario.local import regional_matrix
from impact.scenario.state import (
    ModelFor,
    ScenarioState,
    apply_adjustments,
    default_model_for,
    require_allocation,
)

__all__ = [
    "MAX_SWEEP_ROWS",
    "ROW_COLUMNS",
    "SweepResult",
    "concat_sweeps",
    "fold_rows",
    "run_sweep",
]

MAX_SWEEP_ROWS = 100_000
"""Largest number of rows of one sweep."""

ROW_COLUMNS = (
    "investment_krw",
    "output_krw",
    "value_added_krw",
    "jobs",
    "output_in_region_krw",
    "output_rest_of_korea_krw",
    "value_added_in_region_krw",
    "value_added_rest_of_korea_krw",
    "jobs_in_region",
    "jobs_rest_of_korea",
    "model_output_multiplier",
    "model_value_added_ratio",
    "model_cost_per_job_krw",
    "lasting_jobs",
    "cost_per_job_krw",
    "jobs_per_billion_krw",
    "production_multiplier",
    "value_added_ratio",
)
"""Numbers of every row: model impacts (KRW, person-years), then claim-based metrics."""


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
            f"{len(rows)} rows; a sweep has at most {MAX_SWEEP_ROWS:,}", field=field
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


def _claims(states: Sequence[ScenarioState], name: str) -> FloatArray:
    values = [getattr(s.plan.claims, name) for s in states]
    return np.array([math.nan if v is None else float(v) for v in values])


def _ratio(num: FloatArray, den: FloatArray) -> FloatArray:
    out = np.full(num.shape, math.nan)
    np.divide(num, den, out=out, where=(den != 0) & ~np.isnan(den))
    return out


def _demand(states: Sequence[ScenarioState], model_for: ModelFor, table_id: str) -> FloatArray:
    """Y (n, k) [table unit]: each row's share vector times its investment."""
    table = model_for(table_id).table
    unit = table.krw_per_unit or 1.0
    keys: dict[int, int] = {}
    vectors: list[FloatArray] = []
    pick = np.empty(len(states), dtype=np.intp)
    for r, state in enumerate(states):
        allocation = require_allocation(state)
        a = keys.get(id(allocation))
        if a is None:
            y = plan_demand(state.plan, table, field=state.allocation_field)
            a = keys[id(allocation)] = len(vectors)
            vectors.append(y / (state.plan.investment / unit))
        pick[r] = a
    S = np.column_stack(vectors)
    scale = np.array([s.plan.investment for s in states], dtype=float) / unit
    return S[:, pick] * scale[np.newaxis, :]


def _jobs_factors(states: Sequence[ScenarioState], year: int) -> FloatArray:
    """Per row, the factor restating its won in ``year`` won for jobs coefficients."""
    factors = {y: jobs_price_factor(y, year) for y in {s.plan.price_year for s in states}}
    return np.array([factors[s.plan.price_year] for s in states])


def _table_columns(
    plan: Plan, states: Sequence[ScenarioState], model_for: ModelFor, table_id: str
) -> tuple[dict[str, FloatArray], list[str]]:
    model = model_for(table_id)
    table = model.table
    unit = table.krw_per_unit or 1.0
    k = len(states)
    Y = _demand(states, model_for, table_id)
    type_ii = np.array([s.kind == "type_ii" for s in states])
    one = model.impact_batch(Y, "type_i").totals
    cols: dict[str, FloatArray] = {}
    national: dict[str, FloatArray] = {}
    for metric in ("output", "value_added", "jobs"):
        effect = one.get(metric)
        if effect is not None:
            national[metric] = effect.total * (1.0 if metric == "jobs" else unit)
            cols[metric] = national[metric].copy()
    if type_ii.any():
        two = model.impact_batch(Y[:, type_ii], "type_ii").totals
        for metric, values in cols.items():
            effect = two[metric]
            assert effect is not None
            values[type_ii] = effect.total * (1.0 if metric == "jobs" else unit)
    notes: list[str] = []
    nan = np.full(k, math.nan)
    region = region_of(plan.city) if table.id == BOK_2023_ID else None
    metrics = ("output", "value_added", "jobs")
    split = {side: dict.fromkeys(metrics, nan) for side in ("in", "rest")}
    if region is not None:
        R = regional_matrix(region, table) @ (Y * unit)  # (6, k) KRW and persons
        R[4:6] *= _jobs_factors(states, REGIONAL_JOBS_YEAR)  # jobs per ₩1bn of 2020 won
        ell = np.array([1.0 if s.local_share is None else s.local_share for s in states])
        jobs_all = R[4] + R[5]
        leak = {"output": national["output"], "value_added": national["value_added"]}
        leak["jobs"] = jobs_all
        split = {"in": {}, "rest": {}}
        for m, (rin, rout) in zip(leak, ((0, 1), (2, 3), (4, 5)), strict=True):
            split["in"][m] = ell * R[rin]
            split["rest"][m] = ell * R[rout] + (1.0 - ell) * leak[m]
        if "jobs" not in cols:
            cols["jobs"] = jobs_all
            notes.append(f"jobs: BOK 2020 regional employment coefficients for {region}")
    if "jobs" not in cols:
        rate, (basis, _) = national_jobs(10**9)  # persons per ₩1bn, linear in the investment
        investment = np.array([s.plan.investment for s in states], dtype=float)
        investment *= _jobs_factors(states, NATIONAL_JOBS_YEAR)  # in 2023 won
        cols["jobs"] = nan.copy() if rate is None else rate * investment / 1e9
        notes.append(f"jobs: {basis}")
    for m, name in (("output", "output"), ("value_added", "value_added"), ("jobs", "jobs")):
        suffix = "" if m == "jobs" else "_krw"
        cols[f"{name}_in_region{suffix}"] = split["in"][m]
        cols[f"{name}_rest_of_korea{suffix}"] = split["rest"][m]
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
            key = name if name in columns else f"{name}_krw"
            columns[key][idx] = values
        notes.extend(f"{table_id}: {note}" for note in table_notes)
    investment = [s.plan.investment for s in states]
    inv = np.array(investment, dtype=float)
    jobs = columns["jobs"]
    columns["investment_krw"] = inv
    columns["model_output_multiplier"] = columns["output_krw"] / inv
    columns["model_value_added_ratio"] = columns["value_added_krw"] / inv
    columns["model_cost_per_job_krw"] = _ratio(inv, jobs)
    years = np.array([math.nan if s.plan.period is None else s.plan.period.years for s in states])
    columns["lasting_jobs"] = jobs / years
    claimed_jobs = _claims(states, "jobs")
    columns["cost_per_job_krw"] = _ratio(inv, claimed_jobs)
    columns["jobs_per_billion_krw"] = claimed_jobs / (inv / 1e9)
    columns["production_multiplier"] = _claims(states, "production_inducement") / inv
    columns["value_added_ratio"] = _claims(states, "value_added_inducement") / inv
    return SweepResult(columns=columns, investment=investment, notes=notes)


def concat_sweeps(parts: Sequence[SweepResult]) -> SweepResult:
    """Rows of consecutive slices of one sweep, in order (for chunked runs)."""
    columns = {name: np.concatenate([p.columns[name] for p in parts]) for name in ROW_COLUMNS}
    investment = [amount for p in parts for amount in p.investment]
    notes = list(dict.fromkeys(note for p in parts for note in p.notes))
    return SweepResult(columns=columns, investment=investment, notes=notes)
