"""Which solver a model uses, and GMRES's fallback to the LU (:mod:`impact.io.solvers`)."""

from __future__ import annotations

import numpy as np
import pytest

from impact.errors import InvalidInputError
from impact.io import IOModel, IOTable, bok_2023_model, iomath, solvers
from impact.io import model as model_module
from impact.io.solvers import SparseGMRES, leontief_solver


def _sparse_table(n: int, density: float, seed: int = 3) -> IOTable:
    rng = np.random.default_rng(seed)
    Z = rng.lognormal(0.0, 1.0, size=(n, n)) * (rng.random((n, n)) < density)
    # columns of A = Z / x sum to at most 0.6; rows leave final demand ≥ 0
    x = np.maximum(Z.sum(axis=0) / rng.uniform(0.3, 0.6, size=n), Z.sum(axis=1)) + 1.0
    return IOTable.from_arrays(Z, x)


def test_auto_picks_gmres_for_a_large_mostly_zero_table_and_agrees_with_the_lu() -> None:
    table = _sparse_table(solvers.SPARSE_MIN_N, 0.005)
    auto, lu = IOModel(table), IOModel(table, solver="lu")
    assert (auto.solver, lu.solver) == ("gmres", "lu")
    assert "GMRES" in auto.recipe["solver"] and "LU" in lu.recipe["solver"]
    got, want = auto.multipliers().total["output"], lu.multipliers().total["output"]
    assert got is not None and want is not None
    np.testing.assert_allclose(got, want, rtol=1e-10)
    y = np.random.default_rng(4).uniform(0.0, 100.0, size=table.n)
    x_auto = auto.impact(y).effects["output"]
    x_lu = lu.impact(y).effects["output"]
    assert x_auto is not None and x_lu is not None
    np.testing.assert_allclose(x_auto.total, x_lu.total, rtol=1e-10)


def test_auto_keeps_the_lu_for_small_or_dense_tables() -> None:
    assert bok_2023_model().solver == "lu"  # 83 sectors
    dense = np.full((solvers.SPARSE_MIN_N, solvers.SPARSE_MIN_N), 0.2 / solvers.SPARSE_MIN_N)
    assert leontief_solver(dense).kind == "lu"


def test_a_right_hand_side_gmres_cannot_finish_is_solved_by_the_lu(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    A = np.array([[0.15, 0.25, 0.0], [0.2, 0.05, 0.1], [0.0, 0.3, 0.2]])
    want = solvers.DenseLU(A).solve([600.0, 1500.0, 10.0])
    monkeypatch.setattr(solvers, "GMRES_RTOL", 1e-300)  # unreachable
    monkeypatch.setattr(solvers, "GMRES_MAXITER", 1)
    s = SparseGMRES(A)
    np.testing.assert_allclose(s.solve([600.0, 1500.0, 10.0]), want, rtol=1e-12)
    np.testing.assert_allclose(
        s.multipliers(np.ones((2, 3))), solvers.DenseLU(A).multipliers(np.ones((2, 3))), rtol=1e-12
    )
    assert s.fallbacks == 3


def test_an_unknown_solver_names_the_field() -> None:
    with pytest.raises(InvalidInputError) as info:
        leontief_solver(np.zeros((2, 2)), "qr")  # type: ignore[arg-type]
    assert info.value.field == "solver"


def _dense_flows(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    Z = rng.lognormal(0.0, 1.0, size=(n, n)) * (rng.random((n, n)) < 0.4)
    x = np.maximum(Z.sum(axis=0) / rng.uniform(0.3, 0.8, size=n), Z.sum(axis=1)) + 1.0
    return Z, x, rng.uniform(0.0, 0.5, size=n)


@pytest.mark.parametrize("competitive", [False, True])
def test_mixed_precision_lu_agrees_with_the_double_lu_to_rounding(competitive: bool) -> None:
    """The single-precision factors alone are good to ≈ 1e-7; refined, the answers agree
    with LAPACK's double-precision LU of the same I − A_d to a few units of rounding."""
    Z, x, m = _dense_flows(400, 11)
    share = m if competitive else None
    mixed = solvers.MixedLU(Z, x, share)
    dense = solvers.DenseLU(iomath.domestic_coefficients_from_flows(Z, x, share))
    rng = np.random.default_rng(12)
    Y = rng.uniform(0.0, 1e12, size=(400, 3))
    K = np.vstack([np.ones(400), rng.uniform(0.0, 1e-9, size=400), rng.uniform(0, 1, 400)])
    np.testing.assert_allclose(mixed.solve(Y), dense.solve(Y), rtol=1e-14)
    np.testing.assert_allclose(mixed.solve(Y[:, 0]), dense.solve(Y[:, 0]), rtol=1e-14)
    np.testing.assert_allclose(mixed.multipliers(K), dense.multipliers(K), rtol=1e-14)
    assert mixed.fallbacks == 0 and 0 < mixed.refinements <= 3 * 3


def test_auto_factorises_a_large_dense_table_in_single_precision_and_lu_means_double(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(model_module, "MIXED_MIN_N", 600)  # the size, not the threshold
    Z, x, _ = _dense_flows(600, 5)
    table = IOTable.from_arrays(Z, x)
    auto, lu = IOModel(table), IOModel(table, solver="lu")
    assert isinstance(auto._solver, solvers.MixedLU)
    assert isinstance(lu._solver, solvers.DenseLU)
    assert "single precision" in auto.recipe["solver"]
    assert "single precision" not in lu.recipe["solver"]
    got, want = auto.multipliers().total["output"], lu.multipliers().total["output"]
    assert got is not None and want is not None
    np.testing.assert_allclose(got, want, rtol=1e-14)
    assert IOModel(IOTable.from_arrays(Z[:599, :599], x[:599])).solver == "lu"


def test_float32_singular_factors_leave_everything_to_the_double_lu() -> None:
    """A valid table whose I − A_d is singular once rounded to float32 (a self-loop of
    1 − 2·10⁻⁹): no warning, and the double LU answers every question from the start."""
    Z = np.array([[1.0 - 2e-9, 0.1], [0.0, 0.2]])
    x = np.array([1.0, 1.0])
    mixed = solvers.MixedLU(Z, x)  # warnings are errors in the test suite
    dense = solvers.DenseLU(iomath.domestic_coefficients_from_flows(Z, x))
    np.testing.assert_array_equal(mixed.multipliers(np.ones(2)), dense.multipliers(np.ones(2)))
    np.testing.assert_array_equal(mixed.solve([1.0, 2.0]), dense.solve([1.0, 2.0]))
    assert mixed.fallbacks == 2 and mixed.refinements == 0


@pytest.mark.parametrize("gap", [1e-3, 1e-5, 1e-7])
def test_refinement_on_a_nearly_singular_table_is_as_close_as_the_double_lu(gap: float) -> None:
    """Spectral radius 1 − gap: the condition number grows as 1/gap, and refinement goes on
    until its corrections stop shrinking. Against the answer refined in long double, the
    mixed solver's error is within twice the double LU's own (stopping at dsgesv's residual
    test alone left it 2-4 times the double LU's at 10⁻⁵ and 10⁻⁷)."""
    n = 300
    rng = np.random.default_rng(21)
    Z = rng.uniform(0.0, 1.0, size=(n, n))
    x = Z.sum(axis=0) / (1.0 - gap)  # every column of A sums to 1 − gap: ρ = 1 − gap
    A = iomath.domestic_coefficients_from_flows(Z, x)
    y = rng.uniform(0.0, 1.0, size=n)
    exact = np.linalg.solve(np.eye(n) - A, y)
    big = np.eye(n, dtype=np.longdouble) - A.astype(np.longdouble)
    for _ in range(3):  # refine in long double: a reference more exact than either solver
        exact += np.linalg.solve(np.eye(n) - A, (y - big @ exact).astype(np.float64))
    mixed = solvers.MixedLU(Z, x).solve(y)
    double = solvers.DenseLU(A).solve(y)
    scale = float(np.max(np.abs(exact)))
    mixed_err = float(np.max(np.abs(mixed - exact))) / scale
    double_err = float(np.max(np.abs(double - exact))) / scale
    assert mixed_err <= max(2 * double_err, 8 * np.finfo(float).eps)


def test_what_refinement_does_not_settle_the_double_lu_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    Z, x, m = _dense_flows(50, 7)
    dense = solvers.DenseLU(iomath.domestic_coefficients_from_flows(Z, x, m))
    monkeypatch.setattr(solvers, "REFINE_MAXITER", 0)  # only the single-precision answer
    mixed = solvers.MixedLU(Z, x, m)
    y = np.arange(50.0)
    np.testing.assert_array_equal(mixed.solve(y), dense.solve(y))
    np.testing.assert_array_equal(
        mixed.multipliers(np.ones((2, 50))), dense.multipliers(np.ones((2, 50)))
    )
    assert mixed.fallbacks == 2
    monkeypatch.setattr(solvers, "REFINE_MAXITER", 10)
    y[3] = np.nan  # not finite: straight to the double LU, which gives what it gives
    np.testing.assert_array_equal(mixed.solve(y), dense.solve(y))
    assert mixed.fallbacks == 3
