"""Location-quotient regionalisation of a national table (non-survey method).

A region's own supply of product i to sector j is estimated by scaling the
national domestic coefficient with a location quotient, capped at 1::

    a^R_ij = a^d_ij · min(LQ_ij, 1)

What is scaled away is bought from outside the region (the rest of the
country or abroad). Three quotients, from employment E (region R, nation N):

* SLQ_i  = (E_i^R / E^R) / (E_i^N / E^N)                     (row-wise)
* CILQ_ij = SLQ_i / SLQ_j, with SLQ_i on the diagonal
* FLQ_ij = CILQ_ij · λ*, λ* = [log₂(1 + E^R/E^N)]^δ, SLQ_i · λ* on the diagonal

References
----------
Miller & Blair (2009), §8.2 (location quotients).
Flegg, A. T., Webber, C. D. & Elliott, M. V. (1995). On the appropriate use
of location quotients in generating regional input-output tables. *Regional
Studies* 29(6), 547-561.
Flegg, A. T. & Webber, C. D. (1997). On the appropriate use of location
quotients in generating regional input-output tables: reply. *Regional
Studies* 31(8), 795-805 (δ ≈ 0.3).
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import numpy.typing as npt

from impact.errors import InvalidInputError
from impact.io.iomath import FloatArray
from impact.io.table import IOTable

LQMethod = Literal["slq", "cilq", "flq"]
LQ_METHODS: tuple[LQMethod, ...] = ("slq", "cilq", "flq")


def _employment(reg_emp: npt.ArrayLike, nat_emp: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    try:
        r = np.asarray(reg_emp, dtype=np.float64)
        n = np.asarray(nat_emp, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"employment must be numeric: {exc}", field="reg_emp") from None
    for name, a in (("reg_emp", r), ("nat_emp", n)):
        if a.ndim != 1 or a.size == 0:
            raise InvalidInputError(f"must be a non-empty vector, got shape {a.shape}", field=name)
        bad = np.flatnonzero(~np.isfinite(a) | (a < 0))
        if bad.size:
            raise InvalidInputError("must be finite and ≥ 0", field=f"{name}.{int(bad[0])}")
        if not a.sum() > 0:
            raise InvalidInputError("total employment must be > 0", field=name)
    if r.shape != n.shape:
        raise InvalidInputError(
            f"reg_emp has {r.size} sectors, nat_emp {n.size}: lengths must match", field="reg_emp"
        )
    over = np.flatnonzero(r > n)
    if over.size:
        raise InvalidInputError(
            "regional employment exceeds national employment", field=f"reg_emp.{int(over[0])}"
        )
    return r, n


def simple_lq(reg_emp: npt.ArrayLike, nat_emp: npt.ArrayLike) -> FloatArray:
    """SLQ_i = (E_i^R / E^R) / (E_i^N / E^N); 0 where E_i^N = 0.

    Parameters
    ----------
    reg_emp
        Regional employment by sector, (n,) [persons].
    nat_emp
        National employment by sector, (n,) [persons]; E_i^R ≤ E_i^N.

    Returns
    -------
    numpy.ndarray
        Simple location quotients, (n,) [-].

    Examples
    --------
    >>> simple_lq([10, 30], [100, 100]).tolist()
    [0.5, 1.5]
    """
    r, n = _employment(reg_emp, nat_emp)
    num = r / r.sum()
    den = n / n.sum()
    out = np.zeros(num.shape)
    np.divide(num, den, out=out, where=den > 0)
    return out


def cross_industry_lq(reg_emp: npt.ArrayLike, nat_emp: npt.ArrayLike) -> FloatArray:
    """CILQ_ij = SLQ_i / SLQ_j (i ≠ j), CILQ_ii = SLQ_i.

    Where SLQ_j = 0 (no sector j in the region) the column is irrelevant:
    CILQ_ij = +inf (coefficient kept) if SLQ_i > 0, else 0.

    Parameters
    ----------
    reg_emp, nat_emp
        Regional and national employment by sector, (n,) [persons].

    Returns
    -------
    numpy.ndarray
        Cross-industry location quotients, (n, n) [-].

    Notes
    -----
    The SLQ on the diagonal follows Smith & Morrison (1974) and Flegg et al.
    (1995), since SLQ_i / SLQ_i = 1 says nothing about the region.

    Examples
    --------
    >>> cross_industry_lq([10, 30], [100, 100]).tolist()
    [[0.5, 0.3333333333333333], [3.0, 1.5]]
    """
    slq = simple_lq(reg_emp, nat_emp)
    num = np.broadcast_to(slq[:, np.newaxis], (slq.size, slq.size))
    den = np.broadcast_to(slq[np.newaxis, :], (slq.size, slq.size))
    out = np.where(num > 0, np.inf, 0.0)
    np.divide(num, den, out=out, where=den > 0)
    out[np.diag_indices_from(out)] = slq
    return out


def flq_lambda(reg_total: float, nat_total: float, delta: float = 0.3) -> float:
    """λ* = [log₂(1 + E^R / E^N)]^δ.

    Examples
    --------
    >>> round(flq_lambda(1, 100, 0.3), 4)
    0.28
    """
    if not (math.isfinite(delta) and delta >= 0):
        raise InvalidInputError("δ must be finite and ≥ 0", field="delta")
    return float(math.log2(1.0 + reg_total / nat_total) ** delta)


def flq(reg_emp: npt.ArrayLike, nat_emp: npt.ArrayLike, delta: float = 0.3) -> FloatArray:
    """FLQ_ij = CILQ_ij · λ* (i ≠ j), FLQ_ii = SLQ_i · λ*, λ* = [log₂(1 + E^R/E^N)]^δ.

    Parameters
    ----------
    reg_emp, nat_emp
        Regional and national employment by sector, (n,) [persons].
    delta
        δ ≥ 0; 0 gives the CILQ; Flegg & Webber suggest about 0.3.

    Returns
    -------
    numpy.ndarray
        Flegg location quotients, (n, n) [-].

    Examples
    --------
    >>> flq([10, 30], [100, 100], 0.3).round(3).tolist()
    [[0.335, 0.223], [2.01, 1.005]]
    """
    r, n = _employment(reg_emp, nat_emp)
    lam = flq_lambda(float(r.sum()), float(n.sum()), delta)
    out = cross_industry_lq(r, n)
    out *= lam
    return out


def regionalize(
    table: IOTable,
    method: LQMethod,
    reg_emp: npt.ArrayLike,
    nat_emp: npt.ArrayLike,
    delta: float = 0.3,
) -> tuple[IOTable, FloatArray]:
    """A regional table with a^R_ij = a^d_ij · min(LQ_ij, 1), and the LQs used.

    The result is a domestic-flows table (``imports_basis="noncompetitive_row"``)
    at the national output scale x: Z^R = A^R x̂; its import row is what the
    region buys from abroad or from the rest of the country,
    x_j − Σ_i z^R_ij − VA_j (− product taxes_j). Value added and its parts,
    employment and x are the national ones (national productivity assumed);
    final demand is the implied row residual; household consumption of regional
    products is (1 − m_i) C_i · min(SLQ_i, 1).

    Parameters
    ----------
    table
        National table (competitive or non-competitive).
    method
        ``"slq"``, ``"cilq"`` or ``"flq"``.
    reg_emp, nat_emp
        Regional and national employment by sector in table order, (n,) [persons].
    delta
        FLQ δ (ignored otherwise).

    Returns
    -------
    tuple
        (regional IOTable, LQ applied: (n,) for SLQ, (n, n) otherwise).

    Examples
    --------
    >>> t = IOTable.from_arrays([[150, 500], [200, 100]], [1000, 2000])
    >>> reg, lq = regionalize(t, "slq", [10, 30], [100, 100])
    >>> reg.domestic_coefficients.tolist()
    [[0.075, 0.125], [0.2, 0.05]]
    """
    r, n = _employment(reg_emp, nat_emp)
    if r.size != table.n:
        raise InvalidInputError(f"needs {table.n} sectors, got {r.size}", field="reg_emp")
    slq = simple_lq(r, n)
    lq: FloatArray
    if method == "slq":
        lq = slq
        cap = np.minimum(slq, 1.0)[:, np.newaxis]
    elif method == "cilq":
        lq = cross_industry_lq(r, n)
        cap = np.minimum(lq, 1.0)
    elif method == "flq":
        lq = flq(r, n, delta)
        cap = np.minimum(lq, 1.0)
    else:
        raise InvalidInputError(f"method must be one of {LQ_METHODS}", field="method")
    Z = table.domestic_coefficients * cap
    Z *= table.x[np.newaxis, :]
    hh = table.household_consumption_domestic
    imports = table.x - Z.sum(axis=0) - table.value_added
    if table.product_taxes is not None:
        imports -= table.product_taxes
    regional = IOTable.from_arrays(
        Z,
        table.x,
        sectors=table.sectors,
        unit=table.unit,
        krw_per_unit=table.krw_per_unit,
        value_added=table.value_added,
        compensation=table.compensation,
        operating_surplus=table.operating_surplus,
        depreciation=table.depreciation,
        production_taxes=table.production_taxes,
        product_taxes=table.product_taxes,
        employment=table.employment,
        imports=imports,
        imports_basis="noncompetitive_row",
        household_consumption=None if hh is None else hh * np.minimum(slq, 1.0),
        id=f"{table.id}-{method}",
        provenance=(
            f"{table.provenance}\nRegionalised by {method.upper()}"
            + (f" (δ = {delta})" if method == "flq" else "")
            + ": a^R_ij = a^d_ij · min(LQ_ij, 1); national x, value added and employment."
        ),
    )
    return regional, lq
