"""Golden values: Miller & Blair (2009) two-sector example (ch. 2) and its household closure."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from impact.io import iomath

Z_MB = np.array([[150.0, 500.0], [200.0, 100.0]])
X_MB = np.array([1000.0, 2000.0])


def _inverse_by_solves(A: np.ndarray) -> np.ndarray:
    """L for tests only: solve (I − A) L = I (the library never forms L)."""
    return iomath.leontief_solve(iomath.leontief_factor(A), np.eye(A.shape[0]))


def _exact_inverse(M: list[list[Fraction]]) -> list[list[Fraction]]:
    """Gauss-Jordan in exact rational arithmetic (independent reference)."""
    n = len(M)
    aug = [row[:] + [Fraction(int(i == j)) for j in range(n)] for i, row in enumerate(M)]
    for c in range(n):
        p = next(r for r in range(c, n) if aug[r][c] != 0)
        aug[c], aug[p] = aug[p], aug[c]
        piv = aug[c][c]
        aug[c] = [v / piv for v in aug[c]]
        for r in range(n):
            if r != c and aug[r][c] != 0:
                f = aug[r][c]
                aug[r] = [a - f * b for a, b in zip(aug[r], aug[c], strict=True)]
    return [row[n:] for row in aug]


def test_technical_coefficients_mb() -> None:
    A = iomath.technical_coefficients(Z_MB, X_MB)
    np.testing.assert_allclose(A, [[0.15, 0.25], [0.2, 0.05]])


def test_leontief_inverse_mb() -> None:
    A = iomath.technical_coefficients(Z_MB, X_MB)
    L = _inverse_by_solves(A)
    np.testing.assert_allclose(L.round(3), [[1.254, 0.330], [0.264, 1.122]])
    # by hand: det(I − A) = 0.85·0.95 − 0.25·0.2 = 0.7575; L = adj / det
    np.testing.assert_allclose(L, np.array([[0.95, 0.25], [0.2, 0.85]]) / 0.7575, rtol=1e-12)


def test_output_multipliers_mb() -> None:
    A = iomath.technical_coefficients(Z_MB, X_MB)
    np.testing.assert_allclose(iomath.output_multipliers(A).round(3), [1.518, 1.452])
    np.testing.assert_allclose(iomath.output_multipliers(A), [1.15 / 0.7575, 1.10 / 0.7575])


def test_new_output_for_new_final_demand_mb() -> None:
    lu = iomath.leontief_factor(iomath.technical_coefficients(Z_MB, X_MB))
    x = iomath.leontief_solve(lu, [600.0, 1500.0])
    # by hand: (0.95·600 + 0.25·1500)/0.7575 = 945/0.7575; (0.2·600 + 0.85·1500)/0.7575
    np.testing.assert_allclose(x, [945 / 0.7575, 1395 / 0.7575], rtol=1e-12)
    np.testing.assert_allclose(x.round(2), [1247.52, 1841.58])


def test_household_closure_mb() -> None:
    """M&B §2.5: households appended, row [300, 500, 50], column [50, 400, 50], x_h = 1000.

    Ā = [[.15, .25, .05], [.2, .05, .4], [.3, .25, .05]]. The expected L̄ is computed
    here in exact rational arithmetic; to 4 decimals it reads
    [[1.3651, .4253, .2509], [.5273, 1.3481, .5954], [.5698, .4890, 1.2885]].
    """
    A = iomath.technical_coefficients(Z_MB, X_MB)
    w = iomath.input_coefficients([300.0, 500.0], X_MB)
    c = iomath.household_consumption_coefficients([50.0, 400.0], 1000.0)
    closed = iomath.household_closure(A, w, c, c_hh=0.05)
    np.testing.assert_allclose(closed, [[0.15, 0.25, 0.05], [0.2, 0.05, 0.4], [0.3, 0.25, 0.05]])
    tenths = [[15, 25, 5], [20, 5, 40], [30, 25, 5]]
    exact = _exact_inverse(
        [
            [Fraction(int(i == j)) - Fraction(a, 100) for j, a in enumerate(r)]
            for i, r in enumerate(tenths)
        ]
    )
    Lbar = _inverse_by_solves(closed)
    np.testing.assert_allclose(Lbar, np.array(exact, dtype=float), rtol=1e-12)
    np.testing.assert_allclose(
        Lbar.round(4),
        [[1.3651, 0.4253, 0.2509], [0.5273, 1.3481, 0.5954], [0.5698, 0.4890, 1.2885]],
    )
    # Type I vs Type II income multipliers (M&B §6.2.2), derived from the same numbers
    L = _inverse_by_solves(A)
    type_i_income = w @ L
    type_ii_income = Lbar[2, :2]
    np.testing.assert_allclose(type_i_income.round(4), [0.4422, 0.3795])
    np.testing.assert_allclose(type_ii_income.round(4), [0.5698, 0.4890])
    assert (type_ii_income > type_i_income).all()
    ratios = iomath.type_ratio(type_i_income, w)
    np.testing.assert_allclose(ratios.round(4), [1.4741, 1.5182])


def test_multipliers_one_transposed_solve_matches_rows() -> None:
    A = iomath.technical_coefficients(Z_MB, X_MB)
    lu = iomath.leontief_factor(A)
    v = iomath.value_added_coefficients(X_MB - Z_MB.sum(axis=0), X_MB)
    K = np.vstack([np.ones(2), v])
    M = iomath.multipliers(lu, K)
    L = _inverse_by_solves(A)
    np.testing.assert_allclose(M, K @ L, rtol=1e-12)
    # closed economy without imports: value-added multipliers are exactly 1
    np.testing.assert_allclose(M[1], [1.0, 1.0], rtol=1e-12)


def test_import_ratios_guard_zero_denominator() -> None:
    m = iomath.import_ratios(
        [10.0, 0.0, 5.0], [30.0, 0.0, 0.0], [20.0, 0.0, 10.0], [10.0, 0.0, 0.0]
    )
    np.testing.assert_allclose(m, [0.25, 0.0, 0.5])


def test_domestic_coefficients_and_import_coefficients_close_columns() -> None:
    A = np.array([[0.2, 0.4], [0.1, 0.0]])
    m = np.array([0.5, 0.25])
    Ad = iomath.domestic_coefficients(A, m)
    mu = iomath.import_coefficients(A, m)
    np.testing.assert_allclose(Ad.sum(axis=0) + mu, A.sum(axis=0))


def test_domestic_final_demand_balances_a_row_balanced_table() -> None:
    Z = np.array([[10.0, 20.0], [5.0, 0.0]])
    f = np.array([80.0, 40.0])
    e = np.array([30.0, 0.0])
    M = np.array([10.0, 5.0])
    x = Z.sum(axis=1) + f - M
    m = iomath.import_ratios(M, Z.sum(axis=1), f, e)
    Ad = iomath.domestic_coefficients(iomath.technical_coefficients(Z, x), m)
    fd = iomath.domestic_final_demand(f, e, m)
    np.testing.assert_allclose(Ad @ x + fd, x, rtol=1e-12)


def test_type_ratio_is_nan_where_direct_is_zero() -> None:
    r = iomath.type_ratio([2.0, 1.0], [1.0, 0.0])
    assert r[0] == 2.0
    assert np.isnan(r[1])


def test_spectral_radius_and_bound() -> None:
    A = np.array([[0.15, 0.25], [0.2, 0.05]])
    rho = iomath.spectral_radius(A)
    assert rho == pytest.approx(0.1 + np.sqrt(0.01 + 0.0425))
    assert rho <= iomath.norm_bound(A)
    assert iomath.spectral_radius(np.zeros((0, 0))) == 0.0


def test_spectral_radius_large_uses_arpack_and_agrees() -> None:
    rng = np.random.default_rng(7)
    n = iomath.DENSE_EIG_MAX_N + 1
    A = rng.random((n, n))
    A *= 0.5 / A.sum(axis=0)  # column sums 0.5: Perron root exactly 0.5
    assert iomath.spectral_radius(A) == pytest.approx(0.5, rel=1e-8)


def test_weighted_average_zero_weights_is_nan() -> None:
    assert np.isnan(iomath.weighted_average([1.0, 2.0], [1.0, -1.0]))
    assert iomath.weighted_average([1.0, 3.0], [1.0, 1.0]) == 2.0


def test_leontief_factor_overwrite_reuses_memory() -> None:
    A = np.array([[0.15, 0.25], [0.2, 0.05]])
    lu = iomath.leontief_factor(A, overwrite_a=True)
    np.testing.assert_allclose(
        iomath.leontief_solve(lu, [600.0, 1500.0]).round(2), [1247.52, 1841.58]
    )


def test_domestic_coefficients_from_flows_equal_the_two_step_recipe_bit_for_bit() -> None:
    rng = np.random.default_rng(3)
    n = 600  # more than two copy blocks, the last one partial
    Z = rng.random((n, n)) * (rng.random((n, n)) < 0.3)
    x = Z.sum(axis=0) + rng.uniform(1.0, 5.0, n)
    m = rng.uniform(0.0, 0.4, n)
    two_step = iomath.domestic_coefficients(iomath.technical_coefficients(Z, x), m)
    direct = iomath.domestic_coefficients_from_flows(Z, x, m)
    assert direct.flags.f_contiguous and direct.flags.writeable
    np.testing.assert_array_equal(direct, two_step)
    np.testing.assert_array_equal(
        iomath.domestic_coefficients_from_flows(Z, x), iomath.technical_coefficients(Z, x)
    )
    out = np.zeros((n + 1, n + 1), order="F")
    iomath.domestic_coefficients_from_flows(Z, x, m, out=out[:n, :n])
    np.testing.assert_array_equal(out[:n, :n], two_step)
    assert not out[n].any() and not out[:, n].any()


def test_domestic_norm_bound_is_the_norm_bound_of_a_d() -> None:
    rng = np.random.default_rng(4)
    n = 700
    Z = rng.normal(size=(n, n))  # negative cells count by their absolute value
    x = np.abs(Z).sum(axis=0) * rng.uniform(1.2, 3.0, n)
    m = rng.uniform(0.0, 0.5, n)
    Ad = iomath.domestic_coefficients(iomath.technical_coefficients(Z, x), m)
    assert iomath.domestic_norm_bound(Z, x, m) == pytest.approx(iomath.norm_bound(Ad), rel=1e-12)
    A = iomath.technical_coefficients(Z, x)
    assert iomath.domestic_norm_bound(Z, x) == pytest.approx(iomath.norm_bound(A), rel=1e-12)
    assert iomath.spectral_radius(Ad) <= iomath.domestic_norm_bound(Z, x, m) * (1 + 1e-12)
    assert iomath.domestic_norm_bound(np.zeros((0, 0)), np.zeros(0)) == 0.0
