"""Monte Carlo: zero noise is the point estimate, seeds reproduce, chunks are fixed."""

from __future__ import annotations

import numpy as np
import pytest

from impact.errors import InvalidInputError
from impact.scenario.state import ScenarioState, apply_adjustments
from impact.scenario.uncertainty import (
    DRAW_CHUNK,
    MAX_DRAWS,
    chunk_plan,
    draw_chunk,
    run_chunks,
    summarise,
    uncertainty_problem,
)
from runner.executors import InlineExecutor
from runner.work import uncertainty_samples
from tests.strategies_scenario import adjust, sejong


def test_zero_noise_returns_the_point_estimate() -> None:
    state = ScenarioState(plan=sejong())
    problem = uncertainty_problem(state, cv=0.0)
    samples = run_chunks(problem, chunk_plan(600, seed=3))
    result = summarise(state, samples, seed=3, cv=0.0, concentration=None)
    for band in (result.output, result.value_added, result.jobs):
        assert band.p5 == band.median == band.p95
        assert band.point is not None
        assert band.median == pytest.approx(band.point, rel=1e-12, abs=0.5)  # point: whole won
    assert result.output.probability_claim_reached == 0.0  # 284.4B < claimed 290.1B
    assert result.value_added.probability_claim_reached == 1.0


def test_same_seed_same_draws_and_chunks_independent_of_order() -> None:
    problem = uncertainty_problem(ScenarioState(plan=sejong()), cv=0.2, concentration=20.0)
    plan = chunk_plan(700, seed=11)
    a = run_chunks(problem, plan)
    b = uncertainty_samples(problem, 700, 11, InlineExecutor())
    assert np.array_equal(a, b)
    last = draw_chunk(problem, plan[-1][0], plan[-1][1])  # a chunk alone, out of order
    assert np.array_equal(last, a[:, -plan[-1][1] :])
    other = run_chunks(problem, chunk_plan(700, seed=12))
    assert not np.array_equal(a, other)


def test_noise_is_centred_and_stays_finite_when_large() -> None:
    state = ScenarioState(plan=sejong())
    problem = uncertainty_problem(state, cv=0.1)
    samples = run_chunks(problem, chunk_plan(2000, seed=1))
    point = summarise(state, samples, seed=1, cv=0.1, concentration=None).output.point
    assert point is not None
    assert samples[0].mean() == pytest.approx(point, rel=0.01)
    wild = run_chunks(uncertainty_problem(state, cv=2.0), chunk_plan(500, seed=1))
    assert np.isfinite(wild).all() and (wild > 0).all()


def test_dirichlet_draws_keep_the_mean_shares() -> None:
    problem = uncertainty_problem(ScenarioState(plan=sejong()), cv=0.0, concentration=50.0)
    samples = run_chunks(problem, chunk_plan(4000, seed=5))
    fixed = run_chunks(uncertainty_problem(ScenarioState(plan=sejong()), cv=0.0), [(None, 1)])  # type: ignore[list-item]
    assert samples[0].std() > 0
    assert samples[0].mean() == pytest.approx(fixed[0, 0], rel=0.01)  # linear in the shares


def test_chunks_have_a_fixed_size_and_draws_are_bounded() -> None:
    sizes = [size for _, size in chunk_plan(2 * DRAW_CHUNK + 1, seed=0)]
    assert sizes == [DRAW_CHUNK, DRAW_CHUNK, 1]
    for draws in (0, MAX_DRAWS + 1):
        with pytest.raises(InvalidInputError) as info:
            chunk_plan(draws, seed=0)
        assert info.value.field == "draws"


def test_type_ii_and_bad_noise_are_refused() -> None:
    state = apply_adjustments(sejong(), adjust({"type": "model", "kind": "type_ii"}))
    with pytest.raises(InvalidInputError) as info:
        uncertainty_problem(state, cv=0.1)
    assert info.value.field == "model"
    with pytest.raises(InvalidInputError) as bad:
        uncertainty_problem(ScenarioState(plan=sejong()), cv=0.1, concentration=-1.0)
    assert bad.value.field == "allocation_concentration"
