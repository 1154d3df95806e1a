"""One what-if: the base plan and the adjusted plan through metrics and the model.

Each side is :func:`impact.report.evaluate` (metrics and flags of the stated
numbers) plus the effects engine (:func:`impact.effects.plan_effects`: the model's
output, value added and jobs of the allocated spending, and the regional split with
the local share applied) and the period's phasing.

The baseline is the plan as given (Type I, ``bok-2023``, ℓ = 1). A plan that
states no allocation cannot be run through the model at all; its baseline then
borrows the allocation of the scenario's first ``reallocate`` adjustment (an
assumption both sides need, said in the baseline's notes), so that a later
``reallocate`` or ``shift_allocation`` is compared with it. ``delta``
holds every number of both sides by dotted path with its absolute change and
``percent = 100 × (scenario − baseline) / |baseline|`` (null when the baseline
is 0 or missing), unrounded, and ``percent_display`` for people (``+25.0%``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from impact.effects import RegionRef, per_won, plan_effects, whole_won_parts
from impact.plan import Plan
from impact.report import Display, evaluate
from impact.scenario.adjustments import Adjustment, Reallocate
from impact.scenario.result import (
    Annual,
    Change,
    EffectTotals,
    Impacts,
    ScenarioResult,
    Side,
)
from impact.scenario.state import (
    ModelFor,
    ScenarioState,
    apply_adjustments,
    default_model_for,
    require_allocation,
)

__all__ = ["compute_impacts", "delta", "percent_text", "run_scenario", "side_of"]

PHASING_NOTE = (
    "even phasing: annual figures are totals / years; input-output jobs are person-years "
    "(job-years), lasting jobs ≈ job-years / years"
)


def _totals(values: Mapping[str, float | None] | None) -> EffectTotals | None:
    if values is None:
        return None
    direct, indirect, total = values["direct"], values["indirect"], values["total"]
    assert direct is not None and indirect is not None and total is not None
    d, i, n, t = whole_won_parts(direct, indirect, values["induced"], total)
    return EffectTotals(direct=d, indirect=i, induced=n, total=t)


def compute_impacts(state: ScenarioState, model_for: ModelFor = default_model_for) -> Impacts:
    """Model impacts of an adjusted plan (see the module doc).

    Raises
    ------
    InvalidInputError
        No allocation (field ``plan.allocation``).
    NotFoundError
        A sector code not in the table (field ``<allocation_field>.<form>.<code>``).
    """
    require_allocation(state)
    model = model_for(state.table_id)
    ell = state.local_share
    [effects] = plan_effects(
        state.plan,
        model,
        (state.kind,),
        local_share=ell,
        field=state.allocation_field,
        bases=[state.basis],
    )
    output = _totals(effects.totals["output"])
    value_added = _totals(effects.totals["value_added"])
    assert output is not None and value_added is not None
    ratio = {}  # the unrounded totals per won, as the audit and a sweep take them
    for measure in ("output", "value_added"):
        total = effects.totals[measure]["total"]
        assert total is not None
        ratio[measure] = float(per_won(total, state.plan.investment))
    notes = [Display(en=en, ko=ko) for en, ko in effects.notes]
    if effects.regional is None and ell is not None:
        notes.append(
            Display(
                en="local_share has no effect: the plan has no region with regional "
                "coefficients, so its figures are national and in-region effects unknown",
                ko="local_share 효과 없음: 지역 계수가 있는 지역이 없어 전국 수치만 있고 역내 "
                "효과는 알 수 없음",
            )
        )
    annual = None
    period = state.plan.period
    if period is not None:
        years = period.years
        jobs = effects.jobs
        annual = Annual(
            start=period.start,
            end=period.end,
            years=years,
            investment_krw=state.plan.investment / years,
            output_krw=output.total / years,
            value_added_krw=value_added.total / years,
            job_years_per_year=None if jobs is None else jobs / years,
            lasting_jobs=None if jobs is None else jobs / years,
            note=PHASING_NOTE,
        )
    return Impacts(
        table=state.table_id,
        model=effects.model,
        basis=state.basis,
        purchases_krw=float(effects.purchases_krw.sum()),
        demand_krw=float(effects.demand_krw.sum()),
        output=output,
        value_added=value_added,
        output_multiplier=ratio["output"],
        value_added_ratio=ratio["value_added"],
        imports=_totals(effects.totals.get("imports")),
        income=_totals(effects.totals.get("income")),
        jobs=effects.jobs,
        jobs_basis=effects.jobs_basis,
        jobs_basis_ko=effects.jobs_basis_ko,
        local_share=ell,
        region=None if effects.region is None else RegionRef.of(effects.region),
        regional=effects.regional,
        annual=annual,
        notes=notes,
    )


def side_of(state: ScenarioState, model_for: ModelFor = default_model_for) -> Side:
    """Metrics, flags and (when the plan has an allocation) impacts of one state."""
    report = evaluate(state.plan, restated=state.restated)
    impacts = None if state.plan.allocation is None else compute_impacts(state, model_for)
    return Side(**dict(report), impacts=impacts)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _walk(prefix: str, value: Any, out: dict[str, int | float | None]) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            _walk(f"{prefix}.{key}", item, out)
    elif value is None or _is_number(value):
        out[prefix] = value  # won stay integers, persons and ratios floats


def _numbers(side: Side) -> dict[str, int | float | None]:
    out: dict[str, int | float | None] = {"plan.investment": side.plan.investment}
    for name, claim in side.plan.claims.model_dump().items():
        out[f"plan.claims.{name}"] = claim
    for name, metric in side.metrics.items():
        out[f"metrics.{name}"] = metric.value
    if side.impacts is not None:
        dumped = side.impacts.model_dump(exclude={"notes", "region"})
        _walk("impacts", dumped, out)
    return out


def percent_text(percent: float) -> str:
    """A percent for people: signed, one decimal, rounded half-to-even from the float's
    shortest repr (``24.999999999999996`` → ``'+25.0%'``; a change that rounds to zero is
    ``'0.0%'``).

    Examples
    --------
    >>> percent_text(24.999999999999996), percent_text(-20.000000000000004), percent_text(1e-9)
    ('+25.0%', '-20.0%', '0.0%')
    """
    rounded = Decimal(repr(percent)).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)
    if rounded == 0:
        return "0.0%"
    return f"{rounded:+.1f}%"


def delta(baseline: Side, scenario: Side) -> dict[str, Change]:
    """Every number of either side by dotted path → :class:`Change`."""
    before, after = _numbers(baseline), _numbers(scenario)
    out: dict[str, Change] = {}
    for path in [*before, *(p for p in after if p not in before)]:
        b, s = before.get(path), after.get(path)
        if b is None and s is None:
            continue
        change = None if b is None or s is None else s - b
        percent = None
        if change is not None and b is not None and b != 0 and math.isfinite(b):
            percent = 100.0 * change / abs(b)
        out[path] = Change(
            baseline=b,
            scenario=s,
            change=change,
            percent=percent,
            percent_display=None if percent is None else percent_text(percent),
        )
    return out


def _baseline(
    plan: Plan, adjustments: Sequence[Adjustment]
) -> tuple[ScenarioState, Display | None]:
    """The baseline state: the plan, or with the first reallocation when it states none."""
    if plan.allocation is not None:
        return ScenarioState(plan=plan), None
    for i, adjustment in enumerate(adjustments):
        if isinstance(adjustment, Reallocate):
            allocation = adjustment.allocation
            if allocation.amounts is not None:
                total = sum(allocation.amounts.values())
                shares = {c: Decimal(a) / Decimal(total) for c, a in allocation.amounts.items()}
                allocation = allocation.model_copy(update={"shares": shares, "amounts": None})
            note = Display(
                en="the plan states no allocation: the baseline assumes the allocation of "
                f"adjustments.{i} (reallocate)",
                ko=f"계획에 부문별 배분이 없어 기준안은 adjustments.{i}(reallocate)의 배분을 "
                "가정함",
            )
            base = ScenarioState(
                plan=plan.model_copy(update={"allocation": allocation}),
                allocation_field=f"adjustments.{i}.allocation",
            )
            return base, note
    return ScenarioState(plan=plan), None


def run_scenario(
    plan: Plan,
    adjustments: Sequence[Adjustment],
    *,
    model_for: ModelFor = default_model_for,
) -> ScenarioResult:
    """Baseline and adjusted plan side by side.

    Parameters
    ----------
    plan
        The base :class:`~impact.plan.Plan`.
    adjustments
        Applied in order (:func:`impact.scenario.state.apply_adjustments`).
    model_for
        Table id → model.

    Raises
    ------
    InvalidInputError
        The adjusted plan has no allocation (field ``plan.allocation``), or a
        bad adjustment (field ``adjustments.<i>.<parameter>``).

    Examples
    --------
    >>> from impact.plan import Plan
    >>> from impact.scenario.adjustments import ScaleInvestment
    >>> plan = Plan.model_validate({"city": "Busan", "investment": "1,000억원",
    ...                             "allocation": {"shares": {"62": 1}}})
    >>> result = run_scenario(plan, [ScaleInvestment(factor=0.8)])
    >>> round(result.delta["impacts.output.total"].percent, 6)
    -20.0
    """
    state = apply_adjustments(plan, adjustments, model_for=model_for)
    require_allocation(state)
    scenario = side_of(state, model_for)
    base, note = _baseline(plan, adjustments)
    baseline = side_of(base, model_for)
    if note and baseline.impacts is not None:
        impacts = baseline.impacts.model_copy(update={"notes": [*baseline.impacts.notes, note]})
        baseline = baseline.model_copy(update={"impacts": impacts})
    return ScenarioResult(baseline=baseline, scenario=scenario, delta=delta(baseline, scenario))
