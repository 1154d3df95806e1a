"""The boundaries of the engine's tests: productivity at ρ = 1 − margin, the eigen-solver switch.

Each expected value is known without the code: the spectral radius of a 1×1 matrix is its
entry's modulus, a strictly upper-triangular matrix has only the eigenvalue 0, and a matrix
whose columns all sum to s ≥ 0 (non-negative entries) has ρ = s (Perron–Frobenius), and a
diagonal matrix has its diagonal as eigenvalues.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
import scipy.sparse.linalg

from impact.io import iomath

EDGE = 1.0 - iomath.PRODUCTIVE_MARGIN


def test_rho_exactly_one_minus_the_margin_is_not_productive() -> None:
    # norm bound = ρ = EDGE: the bound does not decide, the eigenvalue does, and ρ < EDGE fails
    assert iomath.is_productive([[EDGE]]) == (False, EDGE)


def test_rho_just_below_the_edge_is_productive_by_the_norm_bound() -> None:
    below = np.nextafter(EDGE, 0.0)
    assert iomath.is_productive([[below]]) == (True, None)


def test_a_large_norm_does_not_make_a_matrix_non_productive() -> None:
    # ‖A‖₁ = ‖A‖∞ = 2, but A is nilpotent: ρ = 0 comes from the eigenvalues
    assert iomath.is_productive([[0.0, 2.0], [0.0, 0.0]]) == (True, 0.0)


def test_rho_at_the_edge_decided_by_eigenvalues() -> None:
    # columns sum to EDGE/2 + EDGE/2; the norm bound (EDGE, up to rounding) is not below the
    # edge for a 2×2 Perron matrix of ρ = EDGE, so the eigenvalues decide: not productive
    half = EDGE / 2
    productive, rho = iomath.is_productive([[half, half], [half, half]])
    assert not productive
    assert rho == pytest.approx(EDGE, abs=1e-15)


def _eigs_fails(*args: object, **kwargs: object) -> None:
    raise AssertionError("ARPACK was called")


def _eigvals_fails(*args: object, **kwargs: object) -> None:
    raise AssertionError("the dense eigen-solver was called")


def test_the_dense_eigen_solver_up_to_dense_eig_max_n(monkeypatch: pytest.MonkeyPatch) -> None:
    n = iomath.DENSE_EIG_MAX_N
    A = np.diag(np.linspace(-0.6, 0.5, n))  # ρ = |−0.6| (LAPACK isolates a diagonal: fast)
    monkeypatch.setattr(scipy.sparse.linalg, "eigs", _eigs_fails)
    assert iomath.spectral_radius(A) == 0.6


def test_arpack_above_dense_eig_max_n(monkeypatch: pytest.MonkeyPatch) -> None:
    n = iomath.DENSE_EIG_MAX_N + 1
    A = np.full((n, n), 0.5 / n)  # columns sum to 0.5: ρ = 0.5 (rank one: ARPACK is fast)
    monkeypatch.setattr(scipy.linalg, "eigvals", _eigvals_fails)
    assert iomath.spectral_radius(A) == pytest.approx(0.5, rel=1e-8)


def test_the_closed_matrix_is_in_fortran_order_for_lapack() -> None:
    closed = iomath.household_closure([[0.15, 0.25], [0.2, 0.05]], [0.3, 0.25], [0.05, 0.4])
    assert closed.flags.f_contiguous
    assert closed.dtype == np.float64
    assert closed[2, 2] == 0.0  # c_hh defaults to 0 in this package's closure


def test_abs_sums_over_several_row_blocks_match_numpy() -> None:
    """600 rows = blocks of 256, 256 and 88: every block adds to the column sums and writes
    its own rows, with and without the row and column scalings (r, c ≥ 0)."""
    rng = np.random.default_rng(17)
    a = rng.normal(size=(600, 600))
    r, c = rng.uniform(0.1, 1.0, 600), rng.uniform(0.1, 1.0, 600)
    scaled = np.abs(r[:, None] * a * c[None, :])
    for rr, cc, want in (
        (None, None, np.abs(a)),
        (r, c, scaled),
        (r, None, np.abs(r[:, None] * a)),
    ):
        cols, rows = iomath._abs_sums(a, rr, cc)
        np.testing.assert_allclose(cols, want.sum(axis=0), rtol=1e-12)
        np.testing.assert_allclose(rows, want.sum(axis=1), rtol=1e-12)


def test_norm_bound_is_the_smaller_of_the_two_induced_norms() -> None:
    rng = np.random.default_rng(5)
    a = rng.uniform(-0.002, 0.004, size=(300, 300))
    want = min(np.abs(a).sum(axis=0).max(), np.abs(a).sum(axis=1).max())
    assert iomath.norm_bound(a) == pytest.approx(want, rel=1e-12)
    assert iomath.norm_bound(2.5 * a) == pytest.approx(2.5 * want, rel=1e-12)


def test_an_empty_matrix_has_a_norm_bound_of_zero() -> None:
    assert iomath.norm_bound(np.zeros((0, 0))) == 0.0
    assert iomath.domestic_norm_bound(np.zeros((0, 0)), np.zeros(0)) == 0.0
