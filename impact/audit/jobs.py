"""Jobs per ₩1bn for the audit: the claim against the engine's jobs, and the sector range.

The jobs rule is the effects engine's (:mod:`impact.effects.jobs`): the table's own
employment multipliers; a region's BOK 2020 coefficients (in the region plus the rest of
Korea); or, for a plan with no region, the national proxy (per product, the mean of the
regions that make it) — each per ₩1bn of 2020 won, so plan won are restated first. The
point estimates are the engine's (Type I and Type II). The range and the ceiling apply the
same coefficients sector by sector: ``e_j × f`` persons per ₩1bn of plan won, times the
sector's Type II / Type I output multiplier for Type II (induced output taken to be as
labour-intensive as the sector's own supply chain: the coefficients have no Type II
version). BOK's published whole-economy average is shown next to them, for reference.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from impact.audit.figures import APPROX_II, Context, Measure, extreme
from impact.effects import PlanEffects
from impact.io.iomath import FloatArray

__all__ = ["jobs_measure"]


def _output_ratio(ctx: Context) -> FloatArray:
    """Type II / Type I output multiplier by sector (1 without Type II)."""
    one = ctx.mult_i.total["output"]
    assert one is not None
    if ctx.mult_ii is None:
        return np.ones_like(one)
    two = ctx.mult_ii.total["output"]
    assert two is not None
    return np.asarray(two / one, dtype=np.float64)


def _per_bn(effects: PlanEffects | None, per: float) -> float | None:
    return None if effects is None or effects.jobs is None else effects.jobs / per


def jobs_measure(ctx: Context) -> Measure:
    """Jobs per ₩1bn spent, claim vs model (sources in the module docstring)."""
    inv = ctx.investment
    per = inv / 1e9
    jobs = ctx.plan.claims.jobs
    claimed = None if jobs is None else float(Fraction(jobs * 10**9, inv))
    rule = ctx.jobs_rule
    table = ctx.model.table
    if rule is None:
        values = top = np.full(table.n, np.nan)
    elif rule.per_krw is None:  # the table's own employment multipliers
        unit = table.krw_per_unit or 1.0
        own_i = ctx.mult.total["employment"]
        own_top = (ctx.mult_ii or ctx.mult_i).total["employment"]
        assert own_i is not None and own_top is not None
        values, top = own_i * (1e9 / unit), own_top * (1e9 / unit)
    else:
        factor = 1.0 if ctx.restatement is None else ctx.restatement.factor
        type_i = rule.per_krw * 1e9 * factor
        ratio = _output_ratio(ctx)
        values = type_i if ctx.kind == "type_i" else type_i * ratio
        top = type_i * ratio
    basis = "no employment coefficients" if rule is None else rule.basis[0]
    return Measure(
        metric="jobs",
        money=False,
        per=per,
        claimed=claimed,
        point=_per_bn(ctx.effects, per),
        point_ii=_per_bn(ctx.effects_ii, per),
        low=extreme(ctx, values, highest=False),
        high=extreme(ctx, values, highest=True),
        ceiling=extreme(
            ctx, top, highest=True, note=None if rule is None or rule.per_krw is None else APPROX_II
        ),
        economy=None,
        published=ctx.published_figure("jobs"),
        basis=basis,
        price=ctx.restatement,
    )
