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

from typing import Final, Literal, Protocol

import numpy as np
import numpy.typing as npt
import scipy.sparse
import scipy.sparse.linalg

from impact.errors import InvalidInputError
from impact.io._types import FloatArray, LUFactor
from impact.io._types import f64 as _f64
from impact.io.leontief import leontief_factor, leontief_solve, multipliers

__all__ = [
    "GMRES_RTOL",
    "SOLVER_KINDS",
    "SPARSE_MAX_DENSITY",
    "SPARSE_MIN_N",
    "DenseLU",
    "LeontiefSolver",
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
