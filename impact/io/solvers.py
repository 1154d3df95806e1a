"""How (I − A) x = y is solved: a dense LU kept for every question, or GMRES on a sparse A.

Both answer the two questions the model asks, ``solve`` (x = L Y, by-sector effects) and
``multipliers`` (M = K L, one row per coefficient row), without forming L.

* :class:`DenseLU` factorises I − A once (⅔n³ flops) and answers any number of
  right-hand sides with two triangular solves each: the choice for small and dense-ish
  tables, and whenever many right-hand sides follow.
* :class:`SparseGMRES` keeps I − A as a sparse matrix and runs restarted GMRES per
  right-hand side, to a relative residual of :data:`GMRES_RTOL`: no factorisation, so for
  a large, mostly-zero table the multipliers cost a few dozen sparse matrix-vector
  products (the spectral radius of a productive A, below 1, bounds the iterations). A
  right-hand side that does not converge in :data:`GMRES_MAXITER` restarts is solved by a
  dense LU built on first need, so the answer never depends on convergence.

Measured (``python -m benchmarks.solvers``, n = 9,800, README "Sparse solvers"): a sparse
*direct* solver (SuperLU) is slower than the dense LU at every density tried, 0.2 % to
30 % non-zero, because the factors fill in; GMRES answers the three solves of the
large-table benchmark in 0.02–1.03 s against 5.0–6.8 s for the LU, but costs another
iterative solve per further right-hand side. :func:`leontief_solver` therefore picks
GMRES only for tables of at least :data:`SPARSE_MIN_N` sectors with at most
:data:`SPARSE_MAX_DENSITY` non-zero coefficients.
"""

from __future__ import annotations

import warnings
from typing import Final, Literal, Protocol, cast

import numpy as np
import numpy.typing as npt
import scipy.linalg
import scipy.sparse
import scipy.sparse.linalg

from impact.errors import InvalidInputError
from impact.io._types import FloatArray, LUFactor
from impact.io._types import f64 as _f64
from impact.io.iomath import domestic_coefficients_from_flows
from impact.io.leontief import leontief_factor, leontief_solve, multipliers

__all__ = [
    "GMRES_RTOL",
    "MIXED_MIN_N",
    "SOLVER_KINDS",
    "SPARSE_MAX_DENSITY",
    "SPARSE_MIN_N",
    "DenseLU",
    "LeontiefSolver",
    "MixedLU",
    "SolverKind",
    "SparseGMRES",
    "choose_solver",
    "leontief_solver",
]

SolverKind = Literal["auto", "lu", "gmres"]
SOLVER_KINDS: Final[tuple[SolverKind, ...]] = ("auto", "lu", "gmres")

SPARSE_MIN_N: Final = 2_000
"""Below this many sectors the dense LU takes well under a second: always used."""

SPARSE_MAX_DENSITY: Final = 0.05
"""Largest share of non-zero coefficients for which ``"auto"`` picks GMRES."""

GMRES_RTOL: Final = 1e-13
"""Relative residual GMRES stops at (answers agree with the LU to ≈ 10⁻¹²)."""

MIXED_MIN_N: Final = 4_000
"""From this many sectors ``"auto"`` factorises a dense table by :class:`MixedLU` (single
precision, refined): at 2,000 it saved nothing and each solve costs ≈ 3× the double LU's."""

REFINE_MAXITER: Final = 10
"""Corrections :class:`MixedLU` makes before answering by a double-precision LU."""

_EPS: Final = float(np.finfo(np.float64).eps)
_NORM_BLOCK: Final = 256
_SETTLED_ULPS: Final = 4
"""A correction this many units of rounding of the answer or less: the answer is settled."""

GMRES_RESTART: Final = 50
GMRES_MAXITER: Final = 20
"""Restart cycles (of :data:`GMRES_RESTART` iterations) before falling back to the LU."""


class LeontiefSolver(Protocol):
    """Answers (I − A) x = y without forming L = (I − A)⁻¹."""

    @property
    def kind(self) -> Literal["lu", "gmres"]:
        """Which method answers."""
        ...

    def solve(self, Y: npt.ArrayLike) -> FloatArray:
        """X = L Y for Y of shape (n,) or (n, k)."""
        ...

    def multipliers(self, K: npt.ArrayLike) -> FloatArray:
        """M = K L for K of shape (n,) or (r, n)."""
        ...


class DenseLU:
    """P L U = I − A, computed once (:func:`impact.io.leontief.leontief_factor`).

    ``overwrite_a`` lets the factorisation reuse ``A``'s memory (``A`` is destroyed).

    >>> s = DenseLU(np.array([[0.15, 0.25], [0.2, 0.05]]))
    >>> s.solve([600, 1500]).round(2).tolist(), s.multipliers([1, 1]).round(4).tolist()
    ([1247.52, 1841.58], [1.5182, 1.4521])
    """

    kind: Final = "lu"

    def __init__(self, A: npt.ArrayLike, *, overwrite_a: bool = False) -> None:
        self.lu: LUFactor = leontief_factor(A, overwrite_a=overwrite_a)

    def solve(self, Y: npt.ArrayLike) -> FloatArray:
        """X = L Y."""
        return leontief_solve(self.lu, Y)

    def multipliers(self, K: npt.ArrayLike) -> FloatArray:
        """M = K L, one transposed solve."""
        return multipliers(self.lu, K)


class MixedLU:
    """I − A_d factorised in single precision, every answer refined to double precision.

    For a large dense table: LAPACK's single-precision LU runs about twice as fast as the
    double one and takes half its memory (measured: 1.2 against 2.4 s at n = 5,000 on the
    2-core VM). Each solve starts from the single-precision answer and adds corrections
    ``(I − A_d) d = r`` for the residual ``r`` computed in double precision from the
    table's own flows (``A_d v = (1 − m) ∘ Z (v / x)``: no double n×n matrix is kept): classical
    mixed-precision iterative refinement (LAPACK's ``dsgesv``; Higham, *Accuracy and
    Stability of Numerical Algorithms*, 2nd ed., ch. 12). It stops when every column's
    correction is within a few units of rounding of its answer, or when the corrections stop
    shrinking (halving at least each step) with the residual within rounding (``dsgesv``'s
    test): where the double LU itself would stop being exact, on a nearly singular table.
    A right-hand side not settled in :data:`REFINE_MAXITER` steps, or not finite, and every
    one when the single-precision factors are unusable (a pivot zero or not finite in float32),
    is answered by a double-precision LU built on first need.

    Each solve costs about three of the double LU's (two products with Z besides the
    single-precision solves): it pays where the factorisation dominates, a large table
    asked a few questions (``"auto"`` from :data:`MIXED_MIN_N` sectors). Entries of a right-hand
    side more than ≈ 10⁻⁴⁴ times its largest are below single precision's range once scaled.

    >>> Z, x = np.array([[150.0, 500.0], [200.0, 100.0]]), np.array([1000.0, 2000.0])
    >>> s = MixedLU(Z, x)
    >>> s.solve([600, 1500]).round(2).tolist(), s.multipliers([1, 1]).round(4).tolist()
    ([1247.52, 1841.58], [1.5182, 1.4521])
    """

    kind: Final = "lu"

    def __init__(self, Z: FloatArray, x: FloatArray, m: FloatArray | None = None) -> None:
        self._z, self._x = Z, x
        self._keep = None if m is None else 1.0 - m
        self._m = m
        self._fallback: DenseLU | None = None
        self.fallbacks = 0
        """Solves answered by the double-precision LU (not settled, not finite, or unusable
        single-precision factors)."""
        self.refinements = 0
        """Corrections made over every solve so far."""
        n = x.shape[0]
        a32 = np.empty((n, n), dtype=np.float32, order="F")
        with np.errstate(over="ignore"):  # beyond float32's range: unusable factors, below
            # float64 quotients rounded once into float32 (same-kind casting), block by block
            domestic_coefficients_from_flows(Z, x, m, out=cast(FloatArray, a32))
        np.negative(a32, out=a32)
        a32[np.diag_indices(n)] += np.float32(1.0)
        # ‖I − A_d‖∞ and ‖I − A_d‖₁ for the refinement's test, a block of columns at a time
        rows, cols = np.zeros(n), np.empty(n)
        for start in range(0, n, _NORM_BLOCK):
            block = np.abs(a32[:, start : start + _NORM_BLOCK], dtype=np.float64)
            rows += block.sum(axis=1)
            cols[start : start + _NORM_BLOCK] = block.sum(axis=0)
        self._norm_inf, self._norm_1 = float(rows.max()), float(cols.max())
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", scipy.linalg.LinAlgWarning)  # a zero pivot
            lu, piv = scipy.linalg.lu_factor(a32, overwrite_a=True, check_finite=False)
            usable = bool(np.isfinite(lu).all()) and bool(np.diagonal(lu).all())
        self._lu32 = (lu, piv) if usable else None
        if not usable:
            del lu, a32  # the double LU answers everything: do not keep both
            self._double()

    def solve(self, Y: npt.ArrayLike) -> FloatArray:
        """X = L Y."""
        return self._refined(_f64(Y), transposed=False)

    def multipliers(self, K: npt.ArrayLike) -> FloatArray:
        """M = K L: one transposed solve (I − A_d)ᵀ Mᵀ = Kᵀ, refined."""
        return self._refined(_f64(K).T, transposed=True).T

    def _apply(self, v: FloatArray, *, transposed: bool) -> FloatArray:
        """(I − A_d) v, or (I − A_d)ᵀ v, in double precision from Z, x and m."""
        xs = self._x if v.ndim == 1 else self._x[:, np.newaxis]
        keep = self._keep
        if keep is not None and v.ndim == 2:
            keep = keep[:, np.newaxis]
        if transposed:  # A_dᵀ v = x̂⁻¹ Zᵀ ((1 − m) ∘ v)
            av = (self._z.T @ (v if keep is None else keep * v)) / xs
        else:  # A_d v = (1 − m) ∘ Z (v / x)
            av = self._z @ (v / xs)
            if keep is not None:
                av *= keep
        return v - av

    def _single(self, b: FloatArray, *, transposed: bool) -> FloatArray:
        """(I − A_d)⁻¹ b (or its transpose) by the single-precision factors, each column
        scaled to at most 1 first (a residual can be far below float32's smallest normal)."""
        assert self._lu32 is not None
        scale = np.abs(b).max(axis=0)
        scale = np.where(scale > 0, scale, 1.0)
        x32 = scipy.linalg.lu_solve(
            self._lu32, (b / scale).astype(np.float32), trans=int(transposed),
            check_finite=False,
        )  # fmt: skip
        return np.asarray(x32, dtype=np.float64) * scale

    def _refined(self, B: FloatArray, *, transposed: bool) -> FloatArray:
        if self._lu32 is None:
            return self._dense(B, transposed=transposed)
        # the residual within what double precision can tell from zero for this answer,
        # dsgesv's test: ‖r‖∞ ≤ ‖x‖∞ ‖I − A_d‖ ε √n, column by column
        tol = (self._norm_1 if transposed else self._norm_inf) * _EPS * np.sqrt(self._x.shape[0])
        with np.errstate(over="ignore", invalid="ignore"):
            X = self._single(B, transposed=transposed)
            before = np.full(B.shape[1:], np.inf)
            for _ in range(REFINE_MAXITER):
                R = B - self._apply(X, transposed=transposed)
                D = self._single(R, transposed=transposed)
                X += D
                self.refinements += 1
                if not (np.isfinite(X).all() and np.isfinite(R).all()):
                    break
                size, step = np.abs(X).max(axis=0), np.abs(D).max(axis=0)
                settled = step <= _SETTLED_ULPS * _EPS * size
                if settled.all():
                    return X
                stalled = settled | (2 * step > before)
                if stalled.all():
                    if (np.abs(R).max(axis=0) <= size * tol).all():
                        return X
                    break
                before = step
        return self._dense(B, transposed=transposed)

    def _double(self) -> DenseLU:
        if self._fallback is None:
            self._fallback = DenseLU(
                domestic_coefficients_from_flows(self._z, self._x, self._m), overwrite_a=True
            )
        return self._fallback

    def _dense(self, B: FloatArray, *, transposed: bool) -> FloatArray:
        self.fallbacks += 1
        if transposed:
            return self._double().multipliers(B.T).T
        return self._double().solve(B)


class SparseGMRES:
    """I − A as a sparse matrix, each right-hand side solved by restarted GMRES.

    >>> s = SparseGMRES(np.array([[0.15, 0.25], [0.2, 0.05]]))
    >>> s.solve([600, 1500]).round(2).tolist(), s.multipliers([1, 1]).round(4).tolist()
    ([1247.52, 1841.58], [1.5182, 1.4521])
    """

    kind: Final = "gmres"

    def __init__(self, A: npt.ArrayLike | scipy.sparse.sparray) -> None:
        a = scipy.sparse.csr_array(A if scipy.sparse.issparse(A) else _f64(A))
        n = a.shape[0]
        self._m = (scipy.sparse.eye_array(n, format="csr") - a).tocsr()
        self._mt = self._m.T.tocsr()
        self._fallback: DenseLU | None = None
        self.fallbacks = 0
        """Right-hand sides GMRES did not converge on, answered by the dense LU."""

    def solve(self, Y: npt.ArrayLike) -> FloatArray:
        """X = L Y, column by column."""
        return self._columns(self._m, _f64(Y), transposed=False)

    def multipliers(self, K: npt.ArrayLike) -> FloatArray:
        """M = K L: (I − A)ᵀ mᵣ = kᵣ for every row r of K."""
        k = _f64(K)
        return self._columns(self._mt, k.T, transposed=True).T

    def _columns(
        self, matrix: scipy.sparse.csr_array, B: FloatArray, *, transposed: bool
    ) -> FloatArray:
        out = np.empty(B.shape, dtype=np.float64)
        columns = B.reshape(B.shape[0], -1)
        result = out.reshape(B.shape[0], -1)
        for j in range(columns.shape[1]):
            b = columns[:, j]
            x, info = scipy.sparse.linalg.gmres(
                matrix, b, rtol=GMRES_RTOL, atol=0.0, restart=GMRES_RESTART,
                maxiter=GMRES_MAXITER,
            )  # fmt: skip
            if info != 0:
                x = self._dense(b, transposed=transposed)
            result[:, j] = x
        return out

    def _dense(self, b: FloatArray, *, transposed: bool) -> FloatArray:
        self.fallbacks += 1
        if self._fallback is None:
            identity = scipy.sparse.eye_array(self._m.shape[0], format="csr")
            self._fallback = DenseLU((identity - self._m).toarray(), overwrite_a=True)
        if transposed:
            return self._fallback.multipliers(b)
        return self._fallback.solve(b)


def choose_solver(n: int, nonzeros: int, kind: SolverKind = "auto") -> Literal["lu", "gmres"]:
    """``kind``, or for ``"auto"``: GMRES for at least :data:`SPARSE_MIN_N` sectors with at
    most :data:`SPARSE_MAX_DENSITY` of the n² coefficients non-zero, else the LU.

    >>> choose_solver(83, 83 * 83), choose_solver(9_800, 960_000), choose_solver(9_800, 9_800**2)
    ('lu', 'gmres', 'lu')
    """
    if kind not in SOLVER_KINDS:
        msg = f"solver must be one of {SOLVER_KINDS}, not {kind!r}"
        raise InvalidInputError(msg, field="solver")
    if kind == "auto":
        return "gmres" if n >= SPARSE_MIN_N and nonzeros <= SPARSE_MAX_DENSITY * n * n else "lu"
    return kind


def leontief_solver(A: FloatArray, kind: SolverKind = "auto") -> DenseLU | SparseGMRES:
    """The solver :func:`choose_solver` picks for I − A. ``A`` may be destroyed (the LU
    reuses its memory).

    >>> leontief_solver(np.array([[0.15, 0.25], [0.2, 0.05]])).kind
    'lu'
    """
    n = int(A.shape[0])
    if choose_solver(n, int(np.count_nonzero(A)), kind) == "gmres":
        return SparseGMRES(A)
    return DenseLU(A, overwrite_a=True)
