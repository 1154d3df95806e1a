"""Textbook input-output formulas, one small function each.

Every function is pure: arrays in, arrays out, no table object, no caching.
:class:`impact.io.model.IOModel` wraps them for one table and adds no
algorithm. Notation follows Miller & Blair (2009): ``Z`` intermediate flows
(row = supplying sector *i*, column = purchasing sector *j*), ``x`` gross
output, ``A`` technical coefficients, ``L = (I - A)⁻¹`` the Leontief inverse.

Recipe used for a total-transactions (competitive-import) table such as the
BOK 총거래표::

    A   = Z x̂⁻¹                                   technical_coefficients
    m_i = M_i / (Σ_j z_ij + f_i − e_i)             import_ratios
    A_d = (I − M̂) A                               domestic_coefficients
    f_d = (I − M̂)(f − e) + e                      domestic_final_demand
    (I − A_d) = P L U                              leontief_factor (once)
    K L = rows of multipliers, K = [1ᵀ; v; μ; w; e] multipliers (one solve)

The Leontief inverse itself is never formed: every question that ``L``
answers is answered by a solve with the LU factors of ``I − A``
(``lu_solve``; ``trans=1`` for the row-vector questions ``kᵀL``).

References
----------
Miller, R. E. & Blair, P. D. (2009). *Input-Output Analysis: Foundations and
Extensions*, 2nd ed. Cambridge University Press. Ch. 2 (the Leontief model,
households), ch. 6 (multipliers), ch. 3 (regional coefficients).
"""

from __future__ import annotations

import concurrent.futures
import functools
import os

import numpy as np
import numpy.typing as npt
import scipy.linalg
import scipy.sparse
import scipy.sparse.linalg

from impact.io._types import FloatArray, LUFactor
from impact.io._types import f64 as _f64
from impact.io.households import household_closure, household_consumption_coefficients
from impact.io.leontief import (
    leontief_factor,
    leontief_solve,
    multipliers,
    output_multipliers,
    type_ratio,
    weighted_average,
)

#: A matrix counts as productive when ρ(A) < 1 − PRODUCTIVE_MARGIN: at ρ within
#: rounding of 1, I − A is numerically singular and no multiplier can be trusted.
PRODUCTIVE_MARGIN = 1e-9

_NORM_BLOCK = 256
_COPY_BLOCK = 256

#: Above this size :func:`spectral_radius` uses ARPACK (one eigenvalue)
#: instead of a dense eigen-decomposition.
DENSE_EIG_MAX_N = 1000


def technical_coefficients(Z: npt.ArrayLike, x: npt.ArrayLike) -> FloatArray:
    """A = Z x̂⁻¹, i.e. a_ij = z_ij / x_j.

    Parameters
    ----------
    Z
        Intermediate transactions, (n, n) [money]; row i sells to column j.
    x
        Gross output, (n,) [money]; must be non-zero (validated by the table).

    Returns
    -------
    numpy.ndarray
        Technical coefficients A, (n, n) [money/money].

    References
    ----------
    Miller & Blair (2009), eq. (2.4).

    Examples
    --------
    >>> technical_coefficients([[150, 500], [200, 100]], [1000, 2000]).tolist()
    [[0.15, 0.25], [0.2, 0.05]]
    """
    return _f64(Z) / _f64(x)[np.newaxis, :]


def input_coefficients(row: npt.ArrayLike, x: npt.ArrayLike) -> FloatArray:
    """k_j = r_j / x_j: a primary-input (or satellite) row per unit of output.

    Used for value added (v), compensation of employees (w), employment (e)
    and an import row of a domestic-flows table.

    Parameters
    ----------
    row
        Input row by purchasing sector, (n,) [money] or [persons].
    x
        Gross output, (n,) [money].

    Returns
    -------
    numpy.ndarray
        Coefficients, (n,) [money/money] or [persons/money].

    Examples
    --------
    >>> input_coefficients([650, 1400], [1000, 2000]).tolist()
    [0.65, 0.7]
    """
    return _f64(row) / _f64(x)


def value_added_coefficients(value_added: npt.ArrayLike, x: npt.ArrayLike) -> FloatArray:
    """v_j = VA_j / x_j.

    Parameters
    ----------
    value_added
        Value added by sector (column), (n,) [money].
    x
        Gross output, (n,) [money].

    Returns
    -------
    numpy.ndarray
        Value-added ratios v, (n,) [-].

    Examples
    --------
    >>> value_added_coefficients([650, 1400], [1000, 2000]).tolist()
    [0.65, 0.7]
    """
    return input_coefficients(value_added, x)


def import_ratios(
    imports: npt.ArrayLike,
    intermediate_use: npt.ArrayLike,
    final_demand: npt.ArrayLike,
    exports: npt.ArrayLike,
) -> FloatArray:
    """m_i = M_i / (u_i + f_i − e_i), the import share of domestic use of product i.

    ``u_i`` is intermediate use (row sum of Z), ``f_i − e_i`` domestic final
    demand (total final demand less exports). Where the denominator is zero
    the ratio is defined as 0 (no domestic use, nothing to share out); the
    table validation rejects imports with a non-positive denominator.

    Parameters
    ----------
    imports
        Imports of product i, (n,) [money] (BOK: imports incl. product taxes on imports).
    intermediate_use
        Σ_j z_ij, (n,) [money].
    final_demand
        Total final demand incl. exports, (n,) [money].
    exports
        Exports, (n,) [money].

    Returns
    -------
    numpy.ndarray
        Import ratios m, (n,) [-].

    Notes
    -----
    The competitive-import (proportionality) assumption: every domestic user
    of product i buys the same import share m_i (Miller & Blair 2009, §2.6).

    Examples
    --------
    >>> import_ratios([100, 0], [300, 0], [300, 0], [200, 0]).tolist()
    [0.25, 0.0]
    """
    num = _f64(imports)
    den = _f64(intermediate_use) + _f64(final_demand) - _f64(exports)
    out = np.zeros_like(num)
    np.divide(num, den, out=out, where=den != 0)
    return out


def domestic_coefficients(A: npt.ArrayLike, m: npt.ArrayLike) -> FloatArray:
    """A_d = (I − M̂) A, i.e. a^d_ij = (1 − m_i) a_ij.

    Parameters
    ----------
    A
        Technical coefficients of a total-transactions table, (n, n) [-].
    m
        Import ratios by product row, (n,) [-].

    Returns
    -------
    numpy.ndarray
        Domestic technical coefficients, (n, n) [-].

    References
    ----------
    Miller & Blair (2009), §2.6 (competitive imports).

    Examples
    --------
    >>> domestic_coefficients([[0.2, 0.4], [0.1, 0.0]], [0.5, 0.0]).tolist()
    [[0.1, 0.2], [0.1, 0.0]]
    """
    return (1.0 - _f64(m))[:, np.newaxis] * _f64(A)


def domestic_coefficients_from_flows(
    Z: npt.ArrayLike,
    x: npt.ArrayLike,
    m: npt.ArrayLike | None = None,
    *,
    out: FloatArray | None = None,
) -> FloatArray:
    """A_d = (I − M̂) Z x̂⁻¹, straight from the flows into one Fortran-ordered array.

    Equal, bit for bit, to ``domestic_coefficients(technical_coefficients(Z, x), m)``
    (or to ``technical_coefficients(Z, x)`` when ``m`` is None, a domestic-flows
    table), without the intermediate n×n array.

    Parameters
    ----------
    Z
        Intermediate transactions, (n, n) [money].
    x
        Gross output, (n,) [money]; non-zero.
    m
        Import ratios by product row, (n,) [-]; None for no import share.
    out
        (n, n) float64 array to write into; default a new Fortran-ordered one.

    Returns
    -------
    numpy.ndarray
        ``out``: domestic technical coefficients, (n, n) [-], writable.

    Notes
    -----
    Fortran order is the layout LAPACK factorises in place
    (:func:`leontief_factor` with ``overwrite_a=True``). Writing a C-ordered
    ``Z`` into it is a transposition; it runs over blocks of
    ``_COPY_BLOCK`` columns, which keeps both sides cache-friendly (about
    four times faster than one strided ufunc call at n = 10,000).

    Examples
    --------
    >>> domestic_coefficients_from_flows([[100, 400], [50, 0]], [500, 1000], [0.5, 0.0]).tolist()
    [[0.1, 0.2], [0.1, 0.0]]
    """
    z = _f64(Z)
    xv = _f64(x)
    n_rows, n_cols = z.shape
    if out is None:
        out = np.empty((n_rows, n_cols), dtype=np.float64, order="F")
    keep = None if m is None else (1.0 - _f64(m))[:, np.newaxis]
    for s in range(0, n_cols, _COPY_BLOCK):
        blk = out[:, s : s + _COPY_BLOCK]
        np.divide(z[:, s : s + _COPY_BLOCK], xv[s : s + _COPY_BLOCK], out=blk)
        if keep is not None:
            blk *= keep
    return out


def sparse_domestic_coefficients(
    Z: npt.ArrayLike, x: npt.ArrayLike, m: npt.ArrayLike | None = None
) -> scipy.sparse.csr_array:
    """A_d = (I − M̂) Z x̂⁻¹ as a sparse (CSR) matrix: the non-zeros of Z only.

    The same values, bit for bit, as :func:`domestic_coefficients_from_flows` (each
    ``z_ij / x_j``, then times ``1 − m_i``), without an n×n array.

    Examples
    --------
    >>> a = sparse_domestic_coefficients([[100, 400], [50, 0]], [500, 1000], [0.5, 0.0])
    >>> a.toarray().tolist(), a.nnz
    ([[0.1, 0.2], [0.1, 0.0]], 3)
    """
    a = scipy.sparse.csr_array(_f64(Z))
    a.eliminate_zeros()
    a.data = a.data / _f64(x)[a.indices]
    if m is not None:
        rows = np.repeat(np.arange(a.shape[0]), np.diff(a.indptr))
        a.data *= (1.0 - _f64(m))[rows]
    return a


def import_coefficients(A: npt.ArrayLike, m: npt.ArrayLike) -> FloatArray:
    """μ_j = Σ_i m_i a_ij = (mᵀA)_j: intermediate imports per unit output of j.

    With it, the columns of a competitive table close:
    Σ_i a^d_ij + μ_j + v_j (+ product-tax coefficient) = 1.

    Parameters
    ----------
    A
        Technical coefficients (total transactions), (n, n) [-].
    m
        Import ratios, (n,) [-].

    Returns
    -------
    numpy.ndarray
        Import coefficients by purchasing sector, (n,) [-].

    Examples
    --------
    >>> import_coefficients([[0.2, 0.4], [0.1, 0.0]], [0.5, 0.0]).tolist()
    [0.1, 0.2]
    """
    return _f64(m) @ _f64(A)


def domestic_final_demand(
    final_demand: npt.ArrayLike, exports: npt.ArrayLike, m: npt.ArrayLike
) -> FloatArray:
    """f_d = (I − M̂)(f − e) + e: final demand for domestic products.

    Exports are domestic products by definition; domestic final demand is
    split with the same import ratio as intermediate use. With m from
    :func:`import_ratios` on a row-balanced table, ``x = A_d x + f_d``
    holds exactly.

    Parameters
    ----------
    final_demand
        Total final demand incl. exports, (n,) [money].
    exports
        Exports, (n,) [money].
    m
        Import ratios, (n,) [-].

    Returns
    -------
    numpy.ndarray
        Final demand for domestic products, (n,) [money].

    Examples
    --------
    >>> domestic_final_demand([500, 100], [200, 0], [0.25, 0.0]).tolist()
    [425.0, 100.0]
    """
    f = _f64(final_demand)
    e = _f64(exports)
    return (1.0 - _f64(m)) * (f - e) + e


def spectral_radius(A: npt.ArrayLike) -> float:
    """ρ(A) = max |λ_k(A)|.

    ``A`` is productive (``(I − A)⁻¹`` exists and the model has a
    non-negative solution for non-negative A) iff ρ(A) < 1.

    Parameters
    ----------
    A
        Square matrix, (n, n) [-].

    Returns
    -------
    float
        Spectral radius [-].

    Notes
    -----
    Dense eigenvalues for n ≤ ``DENSE_EIG_MAX_N``; above, ARPACK computes the
    one eigenvalue of largest modulus. Callers that only need "is ρ < 1"
    should first try the cheap bound ρ(A) ≤ min(‖A‖₁, ‖A‖∞)
    (:func:`norm_bound`), as :class:`impact.io.table.IOTable` does.

    References
    ----------
    Miller & Blair (2009), §2.3 and Appendix A (Hawkins–Simon conditions).

    Examples
    --------
    >>> round(spectral_radius([[0.15, 0.25], [0.2, 0.05]]), 4)
    0.3291
    """
    a = _f64(A)
    n = a.shape[0]
    if n == 0:
        return 0.0
    if n <= DENSE_EIG_MAX_N:
        eig = scipy.linalg.eigvals(a, check_finite=False)
    else:
        eig = scipy.sparse.linalg.eigs(a, k=1, which="LM", return_eigenvectors=False)
    return float(np.max(np.abs(eig)))


def is_productive(A: npt.ArrayLike) -> tuple[bool, float | None]:
    """ρ(A) < 1 − ``PRODUCTIVE_MARGIN``; cheap norm bound first, eigenvalues only if needed.

    Returns
    -------
    tuple
        (productive, ρ or ``None`` when the norm bound already decided).

    Examples
    --------
    >>> is_productive([[0.15, 0.25], [0.2, 0.05]])
    (True, None)
    >>> is_productive([[0.5, 0.5], [0.5, 0.5]])
    (False, 1.0)
    """
    a = _f64(A)
    if norm_bound(a) < 1.0 - PRODUCTIVE_MARGIN:
        return True, None
    rho = spectral_radius(a)
    return rho < 1.0 - PRODUCTIVE_MARGIN, rho


def norm_bound(A: npt.ArrayLike) -> float:
    """ρ(A) ≤ min(max_j Σ_i |a_ij|, max_i Σ_j |a_ij|) (induced 1- and ∞-norms).

    Parameters
    ----------
    A
        Square matrix, (n, n) [-].

    Returns
    -------
    float
        Upper bound of the spectral radius [-].

    Examples
    --------
    >>> norm_bound([[0.15, 0.25], [0.2, 0.05]])
    0.35
    """
    a = _f64(A)
    if a.size == 0:
        return 0.0
    cols, rows = _abs_sums(a, None, None)
    return float(min(cols.max(), rows.max()))


def domestic_norm_bound(
    Z: npt.ArrayLike, x: npt.ArrayLike, m: npt.ArrayLike | None = None
) -> float:
    """:func:`norm_bound` of A_d = (I − M̂) Z x̂⁻¹, computed from the flows without forming A_d.

    Column j of |A_d| sums to (rᵀ|Z|)_j / x_j and row i to r_i (|Z| x̂⁻¹ 1)_i,
    with r = 1 − m ≥ 0 (r = 1 when ``m`` is None) and x > 0.

    Parameters
    ----------
    Z
        Intermediate transactions, (n, n) [money].
    x
        Gross output, (n,) [money]; positive.
    m
        Import ratios, (n,) [-] in [0, 1]; None for a domestic-flows table.

    Returns
    -------
    float
        Upper bound of ρ(A_d) [-].

    Examples
    --------
    >>> domestic_norm_bound([[100, 400], [50, 0]], [500, 1000], [0.5, 0.0])
    0.2
    """
    z = _f64(Z)
    if z.size == 0:
        return 0.0
    r = None if m is None else 1.0 - _f64(m)
    cols, rows = _abs_sums(z, r, 1.0 / _f64(x))
    return float(min(cols.max(), rows.max()))


def _abs_sums(
    a: FloatArray, r: FloatArray | None, c: FloatArray | None
) -> tuple[FloatArray, FloatArray]:
    """Column and row sums of |diag(r) a diag(c)| (r, c ≥ 0; None = 1), by row blocks.

    One block-sized scratch array is reused, so the temporary memory stays
    ``_NORM_BLOCK`` rows whatever n is.
    """
    n_rows, n_cols = a.shape
    cols = np.zeros(n_cols)
    rows = np.empty(n_rows)
    buf = np.empty((min(_NORM_BLOCK, n_rows), n_cols))
    for s in range(0, n_rows, _NORM_BLOCK):
        e = min(s + _NORM_BLOCK, n_rows)
        blk = np.abs(a[s:e], out=buf[: e - s])
        cols += blk.sum(axis=0) if r is None else r[s:e] @ blk
        rows[s:e] = blk.sum(axis=1) if c is None else blk @ c
    if c is not None:
        cols *= c
    if r is not None:
        rows *= r
    return cols, rows


_CHUNK = 8192
"""Columns per einsum call [-]: a chunk's output stays in cache, and chunks run on threads."""


def rows_times_columns(W: FloatArray, Y: FloatArray) -> FloatArray:
    """``W @ Y`` for rows ``W`` (r, n) and columns ``Y`` (n, k), every element summed in one
    order: ``Σ_j W[r, j] · Y[j, c]`` left to right in table order, whatever the batch, its
    memory layout or the column's place in it [unit of W × unit of Y].

    BLAS sums in an order that depends on the batch's shape (gemv for one column, gemm blocks
    for more), so one plan's jobs differed in the last place between an audit and a row of a
    sweep. numpy's einsum sums in table order when the summed axis is strided (Y in C order,
    two or more columns); a lone column is given a twin so that it is summed the same way.
    Chunks of columns run on threads (einsum releases the GIL): ≈ 1.7 × BLAS's time at
    100,000 columns (README, *One plan, one set of figures*).

    >>> rows_times_columns(np.array([[1.0, 2.0]]), np.array([[3.0, 1.0], [4.0, 0.5]]))
    array([[11.,  2.]])
    """
    Yc = np.ascontiguousarray(Y, dtype=np.float64)
    k = Yc.shape[1]
    out = np.empty((W.shape[0], k))
    starts = list(range(0, k, _CHUNK))
    if len(starts) > 1 and k - starts[-1] == 1:
        starts.pop()  # no chunk of one column: the last one takes it
    bounds = list(zip(starts, [*starts[1:], k], strict=True))

    def chunk(bound: tuple[int, int]) -> None:
        start, end = bound
        if end - start == 1:
            twin = np.repeat(Yc[:, start:end], 2, axis=1)
            out[:, start:end] = np.einsum("rn,nk->rk", W, twin)[:, :1]
        else:
            np.einsum("rn,nk->rk", W, Yc[:, start:end], out=out[:, start:end])

    if len(bounds) == 1:
        chunk(bounds[0])
    else:
        list(_pool().map(chunk, bounds))
    return out


@functools.cache
def _pool() -> concurrent.futures.ThreadPoolExecutor:
    return concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1, "rows-times-columns")


__all__ = [
    "DENSE_EIG_MAX_N",
    "PRODUCTIVE_MARGIN",
    "FloatArray",
    "LUFactor",
    "domestic_coefficients",
    "domestic_coefficients_from_flows",
    "domestic_final_demand",
    "domestic_norm_bound",
    "household_closure",
    "household_consumption_coefficients",
    "import_coefficients",
    "import_ratios",
    "input_coefficients",
    "is_productive",
    "leontief_factor",
    "leontief_solve",
    "multipliers",
    "norm_bound",
    "output_multipliers",
    "rows_times_columns",
    "sparse_domestic_coefficients",
    "spectral_radius",
    "technical_coefficients",
    "type_ratio",
    "value_added_coefficients",
    "weighted_average",
]
