"""Result containers of :class:`impact.io.model.IOModel` (frozen, numpy inside).

Undefined numbers are ``NaN`` inside arrays (a Type I ratio whose direct
coefficient is 0) and ``None`` at the boundary: :meth:`SectorMultipliers.rows`
and :meth:`Effect.totals` convert them, so the web layer can emit JSON ``null``.
Metrics that a table cannot support (employment without an employment vector,
income without compensation) are ``None`` throughout, never zero.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Literal

import numpy as np

from impact.io.iomath import FloatArray

ModelKind = Literal["type_i", "type_ii"]
MODEL_KINDS: tuple[ModelKind, ...] = ("type_i", "type_ii")

#: Metric names of multipliers, in the order of the stacked coefficient rows.
MULTIPLIER_METRICS = (
    "output",
    "value_added",
    "imports",
    "product_taxes",
    "production_taxes",
    "income",
    "employment",
)
#: Metric names of impacts (``employment`` multipliers give ``jobs``).
IMPACT_METRICS = tuple("jobs" if m == "employment" else m for m in MULTIPLIER_METRICS)


def _opt(value: float) -> float | None:
    return None if math.isnan(value) else value


@dataclasses.dataclass(frozen=True)
class SectorMultipliers:
    """Multipliers per sector: effect per unit of final demand for each sector's product.

    Attributes
    ----------
    model
        ``"type_i"`` (households exogenous) or ``"type_ii"`` (closed).
    codes
        Sector codes, in array order.
    total
        Metric → multiplier array (n,): output [unit/unit], value_added,
        imports, product_taxes, income [unit/unit], employment
        [persons/unit]; ``None`` when the table lacks the data.
    direct
        Metric → direct coefficient (n,) (1 for output, v, μ, t, w, e).
    ratio
        Metric → total ÷ direct (n,) [-] (Type I or Type II multiplier
        ratio, e.g. income_type_i = (wᵀL)_j / w_j); NaN where direct is 0.
    """

    model: ModelKind
    codes: tuple[str, ...]
    total: Mapping[str, FloatArray | None]
    direct: Mapping[str, FloatArray | None]
    ratio: Mapping[str, FloatArray | None]

    def rows(self) -> list[dict[str, str | float | None]]:
        """One dict per sector: ``code``, ``<metric>`` and ``<metric>_ratio`` (None = null)."""
        out: list[dict[str, str | float | None]] = []
        for k, code in enumerate(self.codes):
            row: dict[str, str | float | None] = {"code": code}
            for metric in MULTIPLIER_METRICS:
                tot = self.total[metric]
                rat = self.ratio[metric]
                row[metric] = None if tot is None else _opt(float(tot[k]))
                row[f"{metric}_ratio"] = None if rat is None else _opt(float(rat[k]))
            out.append(row)
        return out


@dataclasses.dataclass(frozen=True)
class EconomyWide:
    """Whole-economy average multipliers, Σ_j mult_j f_j / Σ_j f_j.

    Attributes
    ----------
    model
        ``"type_i"`` or ``"type_ii"``.
    average
        Metric → weighted average (``None`` when unavailable).
    weights
        Description of the weights f used.
    weight_total
        Σ_j f_j [unit].
    """

    model: ModelKind
    average: Mapping[str, float | None]
    weights: str
    weight_total: float


@dataclasses.dataclass(frozen=True)
class Effect:
    """One metric split into direct, indirect and induced parts.

    Arrays are (n,) by sector, (k,) totals of k scenarios, or (n, k).
    ``induced`` is ``None`` for a Type I model (not computed, not zero).
    """

    direct: FloatArray
    indirect: FloatArray
    induced: FloatArray | None

    @property
    def total(self) -> FloatArray:
        """direct + indirect (+ induced)."""
        t = self.direct + self.indirect
        return t if self.induced is None else t + self.induced

    def totals(self) -> dict[str, float | None]:
        """Sum over sectors (axis 0) as plain floats: direct, indirect, induced, total."""
        return {
            "direct": float(np.sum(self.direct)),
            "indirect": float(np.sum(self.indirect)),
            "induced": None if self.induced is None else float(np.sum(self.induced)),
            "total": float(np.sum(self.total)),
        }


@dataclasses.dataclass(frozen=True)
class Impact:
    """Effects of one final-demand vector.

    Attributes
    ----------
    model
        ``"type_i"`` or ``"type_ii"``.
    codes
        Sector codes.
    unit
        Money unit of every money figure (the table's, e.g. million KRW).
    demand
        The shock as final demand for domestic products y, (n,) [unit].
    effects
        Metric (:data:`IMPACT_METRICS`) → :class:`Effect` by sector, arrays (n,);
        ``jobs`` in persons; ``None`` when the table lacks the data.
    """

    model: ModelKind
    codes: tuple[str, ...]
    unit: str
    demand: FloatArray
    effects: Mapping[str, Effect | None]

    def totals(self) -> dict[str, dict[str, float | None] | None]:
        """Metric → {direct, indirect, induced, total} summed over sectors (None = n/a)."""
        return {k: None if e is None else e.totals() for k, e in self.effects.items()}


@dataclasses.dataclass(frozen=True)
class BatchImpact:
    """Effects of k final-demand vectors (columns of an n×k matrix).

    Attributes
    ----------
    totals
        Metric → :class:`Effect` with (k,) arrays: economy totals per scenario.
    by_sector
        Metric → :class:`Effect` with (n, k) arrays, or ``None`` when not requested.
    """

    model: ModelKind
    codes: tuple[str, ...]
    unit: str
    totals: Mapping[str, Effect | None]
    by_sector: Mapping[str, Effect | None] | None
