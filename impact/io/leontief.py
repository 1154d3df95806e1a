"""Leontief solves: factorise I − A once, answer every question with the factors.

``L = (I − A)⁻¹`` is never formed. Column questions (output for a demand
vector, x = L y) are solves (I − A) x = y; row questions (multipliers
kᵀL) are transposed solves (I − A)ᵀ m = k, ``lu_solve(..., trans=1)``.
Many right-hand sides go into one call.

References
----------
Miller, R. E. & Blair, P. D. (2009). *Input-Output Analysis*, 2nd ed., ch. 2 and 6.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.linalg

from impact.io._types import FloatArray, LUFactor
from impact.io._types import f64 as _f64


def leontief_factor(A: npt.ArrayLike, *, overwrite_a: bool = False) -> LUFactor:
    """P L U = I − A: the one factorisation every Leontief question reuses.

    Parameters
    ----------
    A
        Technical coefficients (domestic), (n, n) [-].
    overwrite_a
        Reuse ``A``'s memory for ``I − A`` and its factors (``A`` is destroyed;
        only when ``A`` is a writable float64 array).

    Returns
    -------
    tuple
        ``(lu, piv)`` as returned by :func:`scipy.linalg.lu_factor`.

    Notes
    -----
    ``I − A`` is built in one fresh array (``−A`` then ``+1`` on the
    diagonal, in place) and factorised in place: one n×n allocation, none
    with ``overwrite_a=True``. LAPACK factorises in place only a
    Fortran-ordered array; a C-ordered ``A`` costs one more copy inside
    SciPy (:class:`~impact.io.table.IOTable` keeps A_d in Fortran order).

    Examples
    --------
    >>> lu = leontief_factor([[0.15, 0.25], [0.2, 0.05]])
    >>> leontief_solve(lu, [600, 1500]).round(2).tolist()
    [1247.52, 1841.58]
    """
    a = _f64(A)
    m = np.negative(a, out=a) if overwrite_a and a.flags.writeable else np.negative(a)
    m[np.diag_indices_from(m)] += 1.0
    lu, piv = scipy.linalg.lu_factor(m, overwrite_a=True, check_finite=False)
    return (np.asarray(lu, dtype=np.float64), np.asarray(piv, dtype=np.int32))


def leontief_solve(lu: LUFactor, y: npt.ArrayLike) -> FloatArray:
    """x = L y = (I − A)⁻¹ y, by solving (I − A) x = y.

    Parameters
    ----------
    lu
        Factors from :func:`leontief_factor`.
    y
        Final demand, (n,) or (n, k) for k scenarios at once [money].

    Returns
    -------
    numpy.ndarray
        Gross output required, same shape as ``y`` [money].

    References
    ----------
    Miller & Blair (2009), eq. (2.11).

    Examples
    --------
    >>> lu = leontief_factor([[0.15, 0.25], [0.2, 0.05]])
    >>> leontief_solve(lu, [[600, 1], [1500, 0]]).round(3).tolist()
    [[1247.525, 1.254], [1841.584, 0.264]]
    """
    out = scipy.linalg.lu_solve(lu, _f64(y), check_finite=False)
    return np.asarray(out, dtype=np.float64)


def multipliers(lu: LUFactor, K: npt.ArrayLike) -> FloatArray:
    """M = K L, by one transposed solve (I − A)ᵀ Mᵀ = Kᵀ.

    Row r of ``K`` is a coefficient row (1 for output, v for value added,
    μ for imports, w for income, e for employment); row r of ``M`` holds
    that quantity generated in the whole economy per unit of final demand
    for each sector's product (the "total" multiplier).

    Parameters
    ----------
    lu
        Factors of I − A from :func:`leontief_factor`.
    K
        Coefficient rows, (k, n) or (n,) [unit per money].

    Returns
    -------
    numpy.ndarray
        Multipliers, same shape as ``K`` [unit per money of final demand].

    References
    ----------
    Miller & Blair (2009), §6.2 (output, income, employment multipliers).

    Examples
    --------
    >>> lu = leontief_factor([[0.15, 0.25], [0.2, 0.05]])
    >>> multipliers(lu, [[1, 1], [0.65, 0.70]]).round(4).tolist()
    [[1.5182, 1.4521], [1.0, 1.0]]
    """
    k = _f64(K)
    out = scipy.linalg.lu_solve(lu, k.T, trans=1, check_finite=False)
    return np.asarray(out, dtype=np.float64).T


def output_multipliers(A: npt.ArrayLike) -> FloatArray:
    """o_j = Σ_i l_ij = (1ᵀL)_j, from one transposed solve (I − A)ᵀ o = 1.

    Parameters
    ----------
    A
        Technical coefficients, (n, n) [-].

    Returns
    -------
    numpy.ndarray
        Simple output multipliers, (n,) [money/money].

    References
    ----------
    Miller & Blair (2009), eq. (6.1).

    Examples
    --------
    >>> output_multipliers([[0.15, 0.25], [0.2, 0.05]]).round(3).tolist()
    [1.518, 1.452]
    """
    a = _f64(A)
    return multipliers(leontief_factor(a), np.ones(a.shape[0]))


def type_ratio(total: npt.ArrayLike, direct: npt.ArrayLike) -> FloatArray:
    """r_j = total_j / direct_j (Type I or Type II multiplier ratio); NaN where direct_j = 0.

    NaN also where the quotient overflows (a direct coefficient of ~1e-308).

    Parameters
    ----------
    total
        Total multiplier, e.g. income multiplier (wᵀL)_j, (n,) [unit/money].
    direct
        Direct coefficient, e.g. w_j, (n,) [unit/money].

    Returns
    -------
    numpy.ndarray
        Ratio, (n,) [-]; NaN (null) where the direct coefficient is 0.

    References
    ----------
    Miller & Blair (2009), §6.2.2 (Type I and Type II income multipliers).

    Examples
    --------
    >>> type_ratio([0.44, 0.0], [0.3, 0.0]).round(3).tolist()
    [1.467, nan]
    """
    t = _f64(total)
    d = _f64(direct)
    out = np.full(np.broadcast(t, d).shape, np.nan)
    with np.errstate(over="ignore"):
        np.divide(t, d, out=out, where=d != 0)
    out[~np.isfinite(out)] = np.nan
    return out


def weighted_average(values: npt.ArrayLike, weights: npt.ArrayLike) -> float:
    """ā = Σ_j a_j w_j / Σ_j w_j; NaN when Σ w = 0.

    Parameters
    ----------
    values
        Per-sector values, (n,).
    weights
        Weights, (n,) (signed values allowed, e.g. negative inventory change).

    Returns
    -------
    float
        Weighted average.

    Examples
    --------
    >>> round(weighted_average([1.5, 1.4], [350, 1700]), 6)
    1.417073
    """
    w = _f64(weights)
    total = float(w.sum())
    if total == 0:
        return float("nan")
    return float(_f64(values) @ w) / total
