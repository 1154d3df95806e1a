"""Array type aliases shared by the engine modules."""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import numpy.typing as npt

FloatArray: TypeAlias = npt.NDArray[np.float64]
LUFactor: TypeAlias = tuple[FloatArray, npt.NDArray[np.int32]]


def f64(a: npt.ArrayLike) -> FloatArray:
    """``np.asarray(a, dtype=float64)`` (no copy when already float64)."""
    return np.asarray(a, dtype=np.float64)
