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


LABOUR_INCOME_RESPENT = (280.8 + 283.3) / (503.3 + 502.4)
"""Household consumption per won of household income, all households, 2023 H2 [-] (0.5609).

KOSTAT 가계동향조사 (Household Income and Expenditure Survey), monthly averages per household:
2023 Q3 income 503.3만원, consumption 280.8만원 (disposable income 397.0만원, average propensity
to consume 70.7 %); 2023 Q4 income 502.4만원, consumption 283.3만원 (disposable 404.4만원).
(280.8 + 283.3) / (503.3 + 502.4) = 0.5609: what is left of a won of income after taxes, social
contributions, interest (비소비지출) and saving. Sources: 통계청 「2023년 3/4분기 가계동향조사
결과」 (2023-11-23, korea.kr/briefing/policyBriefingView.do?newsId=156601284, reported by
nwtn.co.kr/news/articleViewAmp.html?idxno=377915) and 「2023년 4/4분기 가계동향조사 결과」
(2024-02-29, korea.kr/briefing/policyBriefingView.do?newsId=156617934, reported by
kihoilbo.co.kr/news/articleView.html?idxno=1075763). Compensation of employees also includes
employers' social contributions that households never receive, so this share is an upper
bound for a won of compensation.
"""


def respent_consumption_coefficients(
    consumption_domestic: npt.ArrayLike, total_consumption: float, respent: float
) -> FloatArray:
    """c_i = h · C^d_i / Σ_j C_j: domestic purchases of i per unit of labour income, when a
    share h of it is spent like observed household consumption (disposable-income closure).

    Parameters
    ----------
    consumption_domestic
        Household consumption of domestic products, (n,) [money].
    total_consumption
        Σ_j C_j, household consumption including imported products [money]; > 0.
    respent
        h, consumption per unit of labour income [-] (default in the model:
        :data:`LABOUR_INCOME_RESPENT`).

    Notes
    -----
    RIMS II and IMPLAN close the model on household spending out of earnings net of
    taxes and saving; Miller & Blair §2.5 on the household row and column.

    Examples
    --------
    >>> respent_consumption_coefficients([45, 360], 500, 0.5).tolist()
    [0.045, 0.36]
    """
    return float(respent) * _f64(consumption_domestic) / float(total_consumption)


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
