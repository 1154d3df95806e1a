"""Closing the model with respect to households (Type II).

References
----------
Miller, R. E. & Blair, P. D. (2009). *Input-Output Analysis*, 2nd ed., §2.5 and §6.2.2.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from impact.io._types import FloatArray
from impact.io._types import f64 as _f64


def household_consumption_coefficients(
    consumption_domestic: npt.ArrayLike, total_compensation: float
) -> FloatArray:
    """c_i = C^d_i / Σ_j W_j: household purchases of domestic i per unit of labour income.

    Parameters
    ----------
    consumption_domestic
        Household consumption of domestic products, (n,) [money].
    total_compensation
        Σ_j compensation of employees, scalar [money]; must be > 0.

    Returns
    -------
    numpy.ndarray
        Household column of the closed model, (n,) [money/money].

    Notes
    -----
    Every won of compensation is assumed to be spent like the average won of
    observed household consumption. Consumption financed by other income
    (property income, transfers) is thereby attributed to wages, which makes
    induced effects an upper estimate.

    Examples
    --------
    >>> household_consumption_coefficients([50, 400], 1000).tolist()
    [0.05, 0.4]
    """
    return _f64(consumption_domestic) / float(total_compensation)


def household_closure(
    A: npt.ArrayLike, w: npt.ArrayLike, c: npt.ArrayLike, c_hh: float = 0.0
) -> FloatArray:
    """Ā = [[A, c], [wᵀ, c_hh]]: the model closed with respect to households.

    Parameters
    ----------
    A
        Domestic technical coefficients, (n, n) [-].
    w
        Labour-income coefficients (household row), (n,) [-].
    c
        Household consumption coefficients (household column), (n,) [-].
    c_hh
        Household purchases of labour services per unit of household income
        (corner element) [-]; 0 in this package's closure.

    Returns
    -------
    numpy.ndarray
        Closed coefficient matrix, (n + 1, n + 1) [-].

    References
    ----------
    Miller & Blair (2009), §2.5 (eq. 2.19) and §6.2.2 (Type II multipliers).

    Examples
    --------
    >>> household_closure([[0.15, 0.25], [0.2, 0.05]], [0.3, 0.25], [0.05, 0.4], 0.05).tolist()
    [[0.15, 0.25, 0.05], [0.2, 0.05, 0.4], [0.3, 0.25, 0.05]]
    """
    a = _f64(A)
    n = a.shape[0]
    out = np.empty((n + 1, n + 1), dtype=np.float64, order="F")  # LAPACK order
    out[:n, :n] = a
    out[n, :n] = _f64(w)
    out[:n, n] = _f64(c)
    out[n, n] = c_hh
    return out
