"""Monte Carlo: the sources of uncertainty, the identity in every draw, seeds, chunks."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from impact.errors import InvalidInputError
from impact.scenario.state import ScenarioState, apply_adjustments
from impact.scenario.uncertainty import (
    DRAW_CHUNK,
    MAX_DRAWS,
    SOURCES,
    chunk_plan,
    draw_chunk,
    perturb,
    run_chunks,
    summarise,
    uncertainty_problem,
)
from runner.executors import InlineExecutor
from runner.work import uncertainty_samples
from tests.strategies_scenario import adjust, sejong


def test_no_noise_at_all_returns_the_point_estimate() -> None:
    state = ScenarioState(plan=sejong())
    problem = uncertainty_problem(state, cv=0.0)
    samples, alone = uncertainty_samples(problem, 600, 3)
    result = summarise(state, samples, seed=3, problem=problem, samples_alone=alone)
    bands = [result.output, result.value_added, result.jobs, result.output_in_region]
    for band in bands:
        assert band is not None and band.point is not None
        assert band.p5 == band.median == band.p95
        assert band.median == pytest.approx(band.point, rel=1e-12, abs=1)
    assert result.sources == []
    assert result.output.probability_claim_reached == 0.0  # model < claimed ₩290.1B


def test_every_draw_keeps_value_added_plus_imports_equal_to_the_purchases() -> None:
    # the identity of the Type I model, per draw: VA + intermediate imports + imports bought
    # directly = purchases, with L' solved here independently of the draws' own solve
    problem = uncertainty_problem(ScenarioState(plan=sejong()), cv=0.3)
    rng = np.random.default_rng(7)
    A, v = perturb(problem, rng, 40)
    m = problem.import_ratios
    y = problem.shares * problem.demand
    y_dom = (1 - m) * y
    for a, vj in zip(A, v, strict=True):
        Ad = (1 - m)[:, np.newaxis] * a
        x = np.linalg.solve(np.eye(83) - Ad, y_dom)
        imports = (m @ a) @ x + (m * y).sum()
        assert vj @ x + imports == pytest.approx(y.sum(), rel=1e-12)
        assert (vj >= -1e-12).all()  # value added keeps at least half of itself


def test_the_value_added_band_is_no_wider_than_outputs_relative_to_its_level() -> None:
    # before value added was rebalanced its band was ~3.5× too wide: value added moved with
    # output's inputs while its own coefficients stayed fixed
    state = ScenarioState(plan=sejong())
    problem = uncertainty_problem(state, cv=0.1, basis_uncertainty=False, local_share_spread=0)
    samples = run_chunks(problem, chunk_plan(2000, seed=1))
    output, value_added = samples[0], samples[1]
    assert value_added.std() / value_added.mean() < 1.5 * output.std() / output.mean()


def test_each_source_is_named_with_its_contribution() -> None:
    state = ScenarioState(plan=sejong())  # Sejong: a region, so the local share varies too
    problem = uncertainty_problem(
        state, cv=0.1, concentration=30.0, basis_uncertainty=True, local_share_spread=0.3
    )
    samples, alone = uncertainty_samples(problem, 1_000, 5)
    result = summarise(state, samples, seed=5, problem=problem, samples_alone=alone)
    assert [s.source for s in result.sources] == list(SOURCES)
    for metric in ("output", "value_added", "jobs"):
        shares = [s.variance_share[metric] for s in result.sources]
        assert sum(x for x in shares if x is not None) == pytest.approx(1.0)
    local = next(s for s in result.sources if s.source == "local_share")
    assert local.width["output"] == 0  # the local share moves in-region figures only
    assert local.width["output_in_region"] and local.width["output_in_region"] > 0
    basis = next(s for s in result.sources if s.source == "basis")
    assert basis.width["output"] and basis.width["output"] > 0


def test_a_source_alone_draws_what_it_draws_in_the_joint_run() -> None:
    problem = uncertainty_problem(
        ScenarioState(plan=sejong()), cv=0.0, concentration=30.0, basis_uncertainty=True
    )
    seed, size = chunk_plan(300, 9)[0]
    without_basis = dataclasses.replace(problem, basis_uncertainty=False)
    assert np.array_equal(
        draw_chunk(problem.alone("allocation"), seed, size), draw_chunk(without_basis, seed, size)
    )  # the allocation's stream does not depend on which other sources are on
    assert np.array_equal(draw_chunk(problem, seed, size), draw_chunk(problem, seed, size))
    assert np.ptp(draw_chunk(problem.alone("coefficients"), seed, size)[0]) == 0  # cv = 0


def test_a_changed_budget_compares_with_the_claim_restated() -> None:
    state = apply_adjustments(sejong(), adjust({"type": "scale_investment", "factor": 1.2}))
    problem = uncertainty_problem(state, cv=0.0)
    samples, alone = uncertainty_samples(problem, 10, 1)
    result = summarise(
        state, samples, seed=1, problem=problem, samples_alone=alone,
        announced_investment=sejong().investment,
    )  # fmt: skip
    assert result.output.claimed_as_announced == 290_100_000_000
    assert result.output.claimed == pytest.approx(1.2 * 290_100_000_000)
    assert "restated pro rata" in result.claims_note


def test_same_seed_same_draws_and_chunks_independent_of_order() -> None:
    problem = uncertainty_problem(ScenarioState(plan=sejong()), cv=0.2, concentration=20.0)
    plan = chunk_plan(700, seed=11)
    a = run_chunks(problem, plan)
    b, _ = uncertainty_samples(problem, 700, 11, InlineExecutor())
    assert np.array_equal(a, b)
    last = draw_chunk(problem, plan[-1][0], plan[-1][1])  # a chunk alone, out of order
    assert np.array_equal(last, a[:, -plan[-1][1] :])
    other = run_chunks(problem, chunk_plan(700, seed=12))
    assert not np.array_equal(a, other)


def test_noise_stays_finite_when_large() -> None:
    state = ScenarioState(plan=sejong())
    wild = run_chunks(uncertainty_problem(state, cv=2.0), chunk_plan(500, seed=1))
    assert np.isfinite(wild).all() and (wild[:3] > 0).all()


def test_chunks_have_a_fixed_size_and_draws_are_bounded() -> None:
    sizes = [size for _, size in chunk_plan(2 * DRAW_CHUNK + 1, seed=0)]
    assert sizes == [DRAW_CHUNK, DRAW_CHUNK, 1]
    for draws in (0, MAX_DRAWS + 1):
        with pytest.raises(InvalidInputError) as info:
            chunk_plan(draws, seed=0)
        assert info.value.field == "draws"


def test_type_ii_and_bad_settings_are_refused() -> None:
    state = apply_adjustments(sejong(), adjust({"type": "model", "kind": "type_ii"}))
    with pytest.raises(InvalidInputError) as info:
        uncertainty_problem(state, cv=0.1)
    assert info.value.field == "model"
    with pytest.raises(InvalidInputError) as bad:
        uncertainty_problem(ScenarioState(plan=sejong()), cv=0.1, concentration=-1.0)
    assert bad.value.field == "allocation_concentration"
    with pytest.raises(InvalidInputError) as spread:
        uncertainty_problem(ScenarioState(plan=sejong()), cv=0.1, local_share_spread=2.0)
    assert spread.value.field == "local_share_spread"
