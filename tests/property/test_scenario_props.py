"""Properties of what-ifs: linearity, local share, sweep rows, zero-noise Monte Carlo."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from impact.plan import Plan
from impact.scenario.single import run_scenario
from impact.scenario.state import ScenarioState
from impact.scenario.sweep import run_sweep
from impact.scenario.uncertainty import chunk_plan, run_chunks, summarise, uncertainty_problem
from tests.strategies_scenario import ALLOCATION, adjust, allocated_plans, scalar_adjustments
from tests.unit.scenario.test_sweep import assert_row_equals_scenario

EXAMPLES = settings(max_examples=40, deadline=None)


@EXAMPLES
@given(allocated_plans(), st.floats(0.05, 20))
def test_scaling_investment_scales_every_effect_and_no_ratio(plan: Plan, k: float) -> None:
    result = run_scenario(plan, adjust({"type": "scale_investment", "factor": k}))
    base, scen = result.baseline.impacts, result.scenario.impacts
    assert base is not None and scen is not None and base.jobs and scen.jobs
    realised = result.scenario.plan.investment / plan.investment  # k, rounded to the won
    assert realised == pytest.approx(k, rel=1e-6)
    for before, after in (
        (base.output.total, scen.output.total),
        (base.value_added.total, scen.value_added.total),
        (base.jobs, scen.jobs),
    ):
        # money is reported to the won: each side carries at most ½ won of rounding
        assert after == pytest.approx(realised * before, rel=1e-9, abs=0.5 + realised * 0.5)
    won = 1 / min(base.output.total, scen.output.total)  # relative size of one won
    assert scen.value_added.total / scen.output.total == pytest.approx(
        base.value_added.total / base.output.total, rel=1e-9 + 4 * won
    )
    assert scen.jobs / scen.output.total == pytest.approx(
        base.jobs / base.output.total, rel=1e-9 + 4 * won
    )
    if base.regional is not None and scen.regional is not None:
        in_won = 1 / min(base.regional.production.in_region, scen.regional.production.in_region)
        assert scen.regional.production.in_region / scen.output.total == pytest.approx(
            base.regional.production.in_region / base.output.total, rel=1e-9 + 2 * (won + in_won)
        )


@EXAMPLES
@given(allocated_plans())
def test_local_share_one_is_the_baseline(plan: Plan) -> None:
    result = run_scenario(plan, adjust({"type": "local_share", "value": 1.0}))
    base, scen = result.baseline.impacts, result.scenario.impacts
    assert base is not None and scen is not None
    assert scen.regional == base.regional  # exactly: 1·c_in·y and 1·c_out·y + 0·N(y)
    assert scen.output == base.output and scen.jobs == base.jobs


@EXAMPLES
@given(allocated_plans(), st.floats(0, 1), st.floats(0, 1))
def test_lower_local_share_never_raises_in_region_effects(plan: Plan, a: float, b: float) -> None:
    low, high = sorted((a, b))
    rows = [adjust({"type": "local_share", "value": v}) for v in (low, high)]
    result = run_sweep(plan, rows)
    for name in ("output_in_region_krw", "value_added_in_region_krw", "jobs_in_region"):
        column = result.columns[name]
        assert column[0] <= column[1] or np.isnan(column).all()  # NaN outside the regions
    total = result.columns["jobs"]
    assert total[0] == pytest.approx(total[1], rel=1e-12)  # leaked spending keeps its jobs


@EXAMPLES
@given(
    allocated_plans(), st.lists(st.lists(scalar_adjustments(), max_size=3), min_size=1, max_size=4)
)
def test_a_sweep_row_equals_the_single_scenario(
    plan: Plan, rows: list[list[dict[str, Any]]]
) -> None:
    items = [[{"type": "reallocate", "allocation": ALLOCATION}, *row] for row in rows]
    result = run_sweep(plan, [adjust(*row) for row in items])
    for r, row in enumerate(items):
        assert_row_equals_scenario(result, r, plan, row)


@settings(max_examples=15, deadline=None)
@given(allocated_plans(), st.integers(1, 600), st.integers(0, 2**32))
def test_zero_noise_gives_equal_percentiles(plan: Plan, draws: int, seed: int) -> None:
    state = ScenarioState(plan=plan)
    problem = uncertainty_problem(state, cv=0.0)
    samples = run_chunks(problem, chunk_plan(draws, seed))
    result = summarise(state, samples, seed=seed, problem=problem)
    for band in (result.output, result.value_added, result.jobs):
        assert band is not None
        assert band.p5 == band.median == band.p95
        assert band.point is not None
        assert band.median == pytest.approx(band.point, rel=1e-12, abs=0.5)  # point: whole won


@settings(max_examples=10, deadline=None)
@given(allocated_plans(), st.integers(1, 400), st.integers(0, 2**32))
def test_the_same_seed_gives_the_same_bands(plan: Plan, draws: int, seed: int) -> None:
    state = ScenarioState(plan=plan)
    problem = uncertainty_problem(state, cv=0.15, concentration=30.0)
    first = run_chunks(problem, chunk_plan(draws, seed))
    again = run_chunks(problem, chunk_plan(draws, seed))
    assert np.array_equal(first, again, equal_nan=True)  # NaN: in-region rows without a region
