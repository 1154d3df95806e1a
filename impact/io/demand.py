"""Turn a demand given by sector code into a vector in table order.

Examples
--------
>>> from decimal import Decimal
>>> demand_vector({"b": Decimal("2.5"), "a": 1}, ("a", "b", "c")).tolist()
[1.0, 2.5, 0.0]
>>> demand_vector({"z": 1}, ("a", "b"))
Traceback (most recent call last):
...
impact.errors.InvalidInputError: demand.z: unknown sector code 'z'
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from impact.errors import InvalidInputError
from impact.io.iomath import FloatArray

Amount = Decimal | int | float
DemandLike = Mapping[str, Amount] | npt.ArrayLike


def _amount(value: object, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float | np.number):
        raise InvalidInputError(f"amount must be a number, got {type(value).__name__}", field=field)
    out = float(value)
    if not math.isfinite(out):
        raise InvalidInputError("amount must be finite", field=field)
    return out


def demand_vector(
    demand: DemandLike, codes: Sequence[str], index: Mapping[str, int] | None = None
) -> FloatArray:
    """y: demand by sector code (or an (n,) array in table order) → (n,) float64.

    Parameters
    ----------
    demand
        ``{code: amount}`` (missing codes are 0) or an array of length n
        [table money unit].
    codes
        The table's sector codes.
    index
        Optional precomputed code → position map.

    Returns
    -------
    numpy.ndarray
        (n,) demand vector (a new array).

    Raises
    ------
    InvalidInputError
        Unknown sector code (field ``demand.<code>``), non-numeric or non-finite
        amount, or an array of the wrong shape.
    """
    idx = index if index is not None else {c: k for k, c in enumerate(codes)}
    n = len(codes)
    if isinstance(demand, Mapping):
        y = np.zeros(n)
        for code, amount in demand.items():
            field = f"demand.{code}"
            k = idx.get(code)
            if k is None:
                raise InvalidInputError(f"unknown sector code {code!r}", field=field)
            y[k] += _amount(amount, field)
        return y
    return demand_matrix(demand, n, ndim=1)


def demand_matrix(demand: npt.ArrayLike, n: int, *, ndim: int = 2) -> FloatArray:
    """Coerce an (n,) or (n, k) demand array, checking shape and finiteness (a new array).

    Examples
    --------
    >>> demand_matrix([[1, 2], [3, 4]], 2).shape
    (2, 2)
    """
    y = demand_array(demand, n, ndim=ndim, copy=True)
    require_finite(y)
    return y


def demand_array(demand: npt.ArrayLike, n: int, *, ndim: int = 2, copy: bool = False) -> FloatArray:
    """``demand`` as an (n,) or (n, k) float64 array, checking its shape only. Without
    ``copy``, the input itself when it is one already, for a caller that does not write to it:
    a batch of 100,000 scenarios is 66 MB. Its finiteness is the caller's to check
    (:func:`require_finite`)."""
    try:
        y = np.array(demand, dtype=np.float64, copy=True if copy else None)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"not a numeric array: {exc}", field="demand") from None
    if y.ndim != ndim or y.shape[0] != n:
        want = f"({n},)" if ndim == 1 else f"({n}, k)"
        raise InvalidInputError(f"has shape {y.shape}, expected {want}", field="demand")
    return y


def require_finite(y: FloatArray) -> None:
    """Refuse a demand array with a NaN or an infinity (field ``demand``)."""
    if not np.isfinite(y).all():
        raise InvalidInputError("non-finite value (NaN or Inf)", field="demand")
