"""A synthetic, productive domestic-flows table of any size (fixed seed).

Z has about ``DENSITY`` non-zero cells with log-normal magnitudes and a full
diagonal (every sector buys from itself). Imported intermediates are a row by
purchasing sector (a non-competitive, domestic-flows table). Final demand is
chosen so that each column's intermediate-plus-import share of output is at
most a target drawn from U(0.3, 0.6): the column sums of A = Z x̂⁻¹ are then
well below 1, the table is productive, and value added is positive.
Both engines get the same arrays: x = Z 1 + f is what pymrio derives too.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

#: Share of non-zero cells in Z (a dense-ish national or multi-regional table).
DENSITY = 0.3
#: Rows generated at a time (bounded temporary memory; part of the seed's meaning).
_BLOCK = 512


@dataclasses.dataclass(frozen=True)
class SyntheticTable:
    """Arrays of one synthetic table [money units]."""

    Z: FloatArray  # (n, n) domestic intermediate flows
    x: FloatArray  # (n,) gross output = Z 1 + f
    final_demand: FloatArray  # (n,) final demand for domestic products
    imports: FloatArray  # (n,) imported intermediates by purchasing sector
    value_added: FloatArray  # (n,) x − Σ_i z_ij − imports
    demand: FloatArray  # (n,) one what-if final-demand vector

    @property
    def n(self) -> int:
        """Number of sectors."""
        return int(self.x.shape[0])


def synthetic_table(n: int, seed: int = 20250101, density: float = DENSITY) -> SyntheticTable:
    """The synthetic table of ``n`` sectors for ``seed`` (deterministic); ``density`` is the
    share of non-zero off-diagonal cells of Z.

    Examples
    --------
    >>> t = synthetic_table(40)
    >>> bool((t.Z.sum(axis=0) / t.x).max() < 0.6), bool(t.value_added.min() > 0)
    (True, True)
    """
    rng = np.random.default_rng(seed)
    Z = np.empty((n, n))
    for s in range(0, n, _BLOCK):
        rows = min(_BLOCK, n - s)
        blk = rng.lognormal(mean=0.0, sigma=2.0, size=(rows, n))
        blk *= rng.random((rows, n)) < density
        Z[s : s + rows] = blk
    Z[np.diag_indices(n)] = rng.lognormal(mean=1.0, sigma=1.0, size=n)
    use = Z.sum(axis=1)
    inputs = Z.sum(axis=0)
    imports = inputs * rng.uniform(0.05, 0.3, size=n)
    share = rng.uniform(0.3, 0.6, size=n)
    final_demand = np.maximum(use * rng.uniform(0.1, 1.0, size=n), (inputs + imports) / share - use)
    x = use + final_demand
    value_added = x - inputs - imports
    demand = final_demand * rng.uniform(0.0, 0.2, size=n)
    return SyntheticTable(Z, x, final_demand, imports, value_added, demand)
