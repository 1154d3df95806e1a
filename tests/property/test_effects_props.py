"""Properties of the effects engine: one set of totals, split exactly, on every path.

For random plans, allocations, local shares and regions (and plans with no region):

* in-region + rest of Korea = the national figure computed independently from the raw
  CSVs (tests.independent), for output, value added and jobs — not defined as their sum;
* the audit, a one-row sweep, a scenario and a zero-noise Monte Carlo give the same figures
  for the same plan, to the won.
"""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from impact.audit import audit
from impact.effects import plan_effects, plan_region, whole_won_parts
from impact.io import bok_2023_model, iomath
from impact.io.iomath import rows_times_columns
from impact.plan import Plan
from impact.regions import REGIONS
from impact.scenario.single import run_scenario
from impact.scenario.state import ScenarioState
from impact.scenario.sweep import run_sweep, sweep_rows
from impact.scenario.uncertainty import chunk_plan, run_chunks, uncertainty_problem
from tests import independent
from tests.strategies_scenario import adjust

EXAMPLES = settings(max_examples=40, deadline=None)
CODES = independent.codes()


@st.composite
def regional_plans(draw: st.DrawFn) -> Plan:
    """A plan in any of the 17 regions (or none), 1–6 sectors, a price year."""
    codes = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=6, unique=True))
    amounts = draw(st.lists(st.integers(1, 10**12), min_size=len(codes), max_size=len(codes)))
    region = draw(st.sampled_from([None, *(r.key for r in REGIONS)]))
    return Plan.model_validate(
        {
            "city": "Atlantis" if region is None else draw(st.sampled_from(["x", "Atlantis"])),
            "region": region,
            "investment": sum(amounts),
            "price_year": draw(st.integers(2010, 2025)),
            "claims": {"jobs": draw(st.integers(1, 10**5))},
            "allocation": {"amounts": dict(zip(codes, amounts, strict=True))},
        }
    )


def demand(plan: Plan) -> np.ndarray:
    """Final demand for domestic products: the purchases less each sector's imports."""
    assert plan.allocation is not None and plan.allocation.amounts is not None
    y = np.zeros(83)
    for code, amount in plan.allocation.amounts.items():
        y[CODES.index(code)] = amount
    return (1 - independent.import_ratios()) * y


def independent_jobs(plan: Plan) -> float:
    y = demand(plan)
    region = plan_region(plan).region
    e = np.zeros(83)
    for k, code in enumerate(CODES):
        c = None if region is None else independent.regional()[region.name_en][code]
        if c is None or independent.is_placeholder(c):
            e[k] = independent.national_jobs_proxy(code)
        else:
            e[k] = c["employment_in_region"] + c["employment_out_region"]
    assert plan.price_year is not None
    return float(e @ y) / 1e9 * independent.restate_2020(plan.price_year)


@EXAMPLES
@given(regional_plans(), st.floats(0, 1))
def test_in_region_plus_rest_is_the_independent_national_figure(plan: Plan, ell: float) -> None:
    [effects] = plan_effects(plan, bok_2023_model(), local_share=ell)
    output, value_added = independent.national(demand(plan))
    assert effects.totals["output"]["total"] == pytest.approx(output, rel=1e-12)
    assert effects.totals["value_added"]["total"] == pytest.approx(value_added, rel=1e-12)
    assert effects.jobs == pytest.approx(independent_jobs(plan), rel=1e-12)
    if plan.region is None:
        assert effects.regional is None
        return
    split = effects.regional
    assert split is not None
    won = 1 + 1e-12 * output
    assert split.production.in_region + split.production.rest_of_korea == pytest.approx(
        output, abs=won
    )
    assert split.value_added.in_region + split.value_added.rest_of_korea == pytest.approx(
        value_added, abs=won
    )
    assert split.jobs.in_region + split.jobs.rest_of_korea == pytest.approx(
        independent_jobs(plan), rel=1e-12
    )
    assert 0 <= split.production.in_region <= split.production.total


@EXAMPLES
@given(regional_plans(), st.floats(0, 1))
def test_audit_sweep_scenario_and_monte_carlo_agree_to_the_won(plan: Plan, ell: float) -> None:
    report = audit(plan, bok_2023_model())
    checks = {c.code: c for c in report.checks}
    production, jobs = checks["production_multiplier"].model, checks["jobs_per_billion_krw"].model
    assert production is not None and jobs is not None

    scenario = run_scenario(plan, []).baseline.impacts
    assert scenario is not None
    assert scenario.output.total == production.total
    assert scenario.jobs == pytest.approx(jobs.total, rel=1e-12)
    assert scenario.regional == report.regional

    [row] = sweep_rows(run_sweep(plan, [[]]), rows=[[]])
    assert row["output_krw"] == production.total
    assert row["jobs"] == pytest.approx(jobs.total, rel=1e-12)
    if report.regional is not None:
        assert row["output_in_region_krw"] == report.regional.production.in_region
        assert row["output_rest_of_korea_krw"] == report.regional.production.rest_of_korea

    state = ScenarioState(plan=plan)
    samples = run_chunks(uncertainty_problem(state, cv=0.0), chunk_plan(2, 1))
    assert samples[0, 0] == pytest.approx(production.total, abs=1)
    assert samples[2, 0] == pytest.approx(jobs.total, rel=1e-12)

    shared = adjust({"type": "local_share", "value": ell})
    what_if = run_scenario(plan, shared).scenario.impacts
    [leaked] = sweep_rows(run_sweep(plan, [shared]), rows=[shared])
    assert what_if is not None
    assert what_if.output.total == production.total  # the national total does not move
    if what_if.regional is not None:
        assert leaked["output_in_region_krw"] == what_if.regional.production.in_region
        assert leaked["value_added_rest_of_korea_krw"] == what_if.regional.value_added.rest_of_korea
        assert leaked["jobs_in_region"] == pytest.approx(what_if.regional.jobs.in_region)


_AMOUNTS = st.floats(0, 1e15, allow_nan=False, allow_infinity=False)


@given(_AMOUNTS, _AMOUNTS, _AMOUNTS | st.none())
def test_whole_won_parts_add_up_and_stay_within_a_won(
    direct: float, indirect: float, induced: float | None
) -> None:
    total = direct + indirect + (induced or 0.0)
    d, i, n, t = whole_won_parts(direct, indirect, induced, total)
    assert t == round(total)
    assert d + i + (n or 0) == t
    assert abs(d - direct) <= 0.5
    assert abs(i - indirect) <= 1.25  # two roundings, and the float sum's last bits
    if induced is None:
        assert n is None
    else:
        assert n is not None and abs(n - induced) <= 1.75


@settings(max_examples=80, deadline=None)
@given(
    st.tuples(st.integers(1, 7), st.integers(1, 120), st.integers(1, 40)),
    st.integers(0, 2**32 - 1),
    st.sampled_from([1.0, 1e-9, 1e11]),
    st.sampled_from([2, 3, 5, 8192]),
)
def test_every_column_is_summed_left_to_right_whatever_its_batch(
    shape: tuple[int, int, int], seed: int, scale: float, chunk: int
) -> None:
    r, n, k = shape
    # every route's totals are rows × columns: a plan's figures alone and inside any batch,
    # in any memory layout, must be the same number (BLAS's were not, in the last place)
    rng = np.random.default_rng(seed)
    W, Y = rng.random((r, n)), rng.random((n, k)) * scale
    left_to_right = np.zeros((r, k))
    for j in range(n):  # the definition, one term at a time
        left_to_right = left_to_right + W[:, j : j + 1] * Y[j : j + 1, :]
    layouts = [Y, np.asfortranarray(Y), np.repeat(Y, 2, axis=1)[:, ::2], Y[:, ::-1][:, ::-1]]
    with mock.patch.object(iomath, "_CHUNK", chunk):
        for batch in layouts:
            assert np.array_equal(rows_times_columns(W, batch), left_to_right)
        for c in range(k):  # a plan alone: one contiguous column
            alone = rows_times_columns(np.asfortranarray(W), Y[:, c : c + 1].copy())
            assert np.array_equal(alone[:, 0], left_to_right[:, c])
