"""Local share: in-region vs rest-of-Korea effects when part of the spending leaks.

With ℓ the share of spending placed with in-region suppliers, c^in and c^out
the BOK 2020 regional coefficients of demand placed in the region
(:mod:`impact.io.regional`) and N(y) the national effect of y::

    in-region      = ℓ · c^in · y
    rest of Korea  = ℓ · c^out · y + (1 − ℓ) · N(y)
    total          = in-region + rest of Korea

N is the national table's Type I total for production and value added, and
(c^in + c^out) · y for jobs (the national table has no employment vector), so
total jobs do not depend on ℓ. Sectors without regional output (source
placeholders) have c^in = c^out = 0; their spending counts through N only.

:func:`local_split` applies this to one :class:`~impact.io.regional.RegionalSplit`;
:func:`regional_matrix` stacks the same coefficients so that k demand vectors
are split with one matrix product.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import numpy as np

from impact.io import IOTable, load_regional_2020
from impact.io.iomath import FloatArray
from impact.io.regional import Region, RegionalSplit

__all__ = ["REGIONAL_ROWS", "SPLIT_METRICS", "local_split", "regional_matrix"]

SPLIT_METRICS = ("production", "value_added", "jobs")
REGIONAL_ROWS = (
    "production_in",
    "production_out",
    "value_added_in",
    "value_added_out",
    "jobs_in",
    "jobs_out",
)
"""Rows of :func:`regional_matrix`."""

LOCAL_SHARE_FORMULA = (
    "in-region = ℓ·c_in·y; rest of Korea = ℓ·c_out·y + (1 − ℓ)·N(y), N = national Type I "
    "effect (jobs: (c_in + c_out)·y)"
)


def local_split(
    split: RegionalSplit, local_share: float, national: Mapping[str, float]
) -> dict[str, dict[str, float]]:
    """Metric → ``{in_region, rest_of_korea, total}`` with local share ℓ (see module doc).

    Parameters
    ----------
    split
        :func:`impact.io.regional_split` of the whole demand y (ℓ = 1) [KRW; persons].
    local_share
        ℓ in [0, 1] [-].
    national
        N(y) per metric in :data:`SPLIT_METRICS` [KRW; persons].

    Examples
    --------
    >>> from impact.io import regional_split
    >>> s = regional_split("sejong", {"51": 1000})
    >>> full = local_split(s, 1.0, {"production": 2000.0, "value_added": 800.0, "jobs": 9.0})
    >>> full["production"]["in_region"] == s.production["in_region"]
    True
    >>> half = local_split(s, 0.5, {"production": 2000.0, "value_added": 800.0, "jobs": 9.0})
    >>> round(half["production"]["in_region"], 2), round(half["production"]["rest_of_korea"], 2)
    (542.37, 1474.54)
    """
    ell = float(local_share)
    pairs = {"production": split.production, "value_added": split.value_added, "jobs": split.jobs}
    out: dict[str, dict[str, float]] = {}
    for name in SPLIT_METRICS:
        inside = ell * pairs[name]["in_region"]
        rest = ell * pairs[name]["rest_of_korea"] + (1.0 - ell) * national[name]
        out[name] = {"in_region": inside, "rest_of_korea": rest, "total": inside + rest}
    return out


@cache
def _matrix(region: Region, codes: tuple[str, ...]) -> FloatArray:
    coefs = load_regional_2020()[region]
    position = {code: k for k, code in enumerate(coefs.codes)}
    order = [position[code] for code in codes]
    keep = ~coefs.no_regional_output[order]
    rows = [
        coefs.production_in,
        coefs.production_out,
        coefs.value_added_in,
        coefs.value_added_out,
        coefs.jobs_in / 1e9,
        coefs.jobs_out / 1e9,
    ]
    C = np.vstack([row[order] * keep for row in rows])
    C.flags.writeable = False
    return C


def regional_matrix(region: Region, table: IOTable) -> FloatArray:
    """C, (6, n): :data:`REGIONAL_ROWS` per KRW of demand in table order (jobs per KRW).

    ``C @ Y`` with Y (n, k) demand in KRW gives the six regional totals of k
    scenarios at once; placeholder sectors are zero columns, exactly as
    :func:`impact.io.regional_split` excludes them.
    """
    return _matrix(region, table.codes)
