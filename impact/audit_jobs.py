"""Jobs per ₩1bn for the audit: which coefficients, on which price basis.

Jobs coefficients are persons per ₩1bn of *their* year's won, so unlike
multipliers (ratios of money to money, roughly price-neutral) they are not
price-neutral: the plan's won are first restated in the coefficients' price
year with the GDP deflator (:func:`impact.prices.price_factor`), e.g. 2024 won
× 100 / 111.381 for the 2020 regional coefficients. Sources, in order:

1. the table's own employment vector, when it has one;
2. Sejong or Daejeon on the BOK 2023 table: the BOK 2020 regional coefficients
   (in the city + the rest of Korea), the same as :func:`impact.assess.plan_effects`;
3. any other city: BOK's published whole-economy average for 2023 (8.2 persons
   per ₩1bn), an average that the allocation cannot refine; the sector range
   then comes from the Sejong and Daejeon coefficients, as a proxy.

The regional and national coefficients have no Type II version. A Type II jobs
figure is approximated as the Type I figure × the sector's (or the plan's)
Type II / Type I output multiplier ratio: induced output is assumed to be as
labour-intensive as the direct and indirect output. This sets the jobs ceiling.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from impact.assess import NATIONAL_JOBS_YEAR, PlanEffects
from impact.audit_figures import (
    APPROX_II,
    PUBLISHED_KEYS,
    REGIONAL_YEAR,
    Context,
    Extreme,
    Measure,
    PriceStep,
    extreme,
)
from impact.errors import DataUnavailableError
from impact.io.iomath import FloatArray
from impact.io.regional import REGIONS, Region, load_regional_2020
from impact.plan import Plan
from impact.prices import PriceIndexName, price_factor

__all__ = ["deflate", "jobs_measure"]


def deflate(plan: Plan, year: int) -> PriceStep:
    """Factor turning plan-year won into ``year`` won (GDP deflator)."""
    if plan.price_year is None:
        return PriceStep(None, year, 1.0, applied=False)
    try:
        factor = price_factor(plan.price_year, year, PriceIndexName.GDP_DEFLATOR)
    except DataUnavailableError:
        return PriceStep(plan.price_year, year, 1.0, applied=False)
    return PriceStep(plan.price_year, year, float(factor), applied=True)


def _output_ratio(ctx: Context) -> FloatArray:
    """Type II / Type I output multiplier by sector (1 without Type II)."""
    one = ctx.mult_i.total["output"]
    assert one is not None
    if ctx.mult_ii is None:
        return np.ones_like(one)
    two = ctx.mult_ii.total["output"]
    assert two is not None
    return np.asarray(two / one, dtype=np.float64)


def _plan_output_ratio(ctx: Context) -> float | None:
    if ctx.effects_i is None or ctx.effects_ii is None:
        return None
    one, two = ctx.effects_i.totals["output"]["total"], ctx.effects_ii.totals["output"]["total"]
    return None if not one or two is None else two / one


def jobs_measure(ctx: Context) -> Measure:
    """Jobs per ₩1bn spent, claim vs model (sources in the module docstring)."""
    inv = ctx.investment
    per = inv / 1e9
    jobs = ctx.plan.claims.jobs
    claimed = None if jobs is None else float(Fraction(jobs * 10**9, inv))
    table = ctx.model.table
    if table.employment is not None and table.krw_per_unit is not None:
        return _table_jobs(ctx, per, claimed)
    if ctx.region is not None:
        return _regional_jobs(ctx, ctx.region, per, claimed)
    return _national_jobs(ctx, per, claimed)


def _table_jobs(ctx: Context, per: float, claimed: float | None) -> Measure:
    unit = ctx.model.table.krw_per_unit
    assert unit is not None
    scale = 1e9 / unit
    values = ctx.mult.total["employment"]
    top = (ctx.mult_ii or ctx.mult_i).total["employment"]
    assert values is not None and top is not None
    economy = ctx.model.economy_wide(ctx.kind).average["employment"]

    def jobs_of(e: PlanEffects | None) -> float | None:
        return None if e is None or e.jobs is None else e.jobs / per

    return Measure(
        metric="jobs",
        money=False,
        per=per,
        claimed=claimed,
        point=jobs_of(ctx.effects),
        point_ii=jobs_of(ctx.effects_ii),
        low=extreme(ctx, values * scale, highest=False),
        high=extreme(ctx, values * scale, highest=True),
        ceiling=extreme(ctx, top * scale, highest=True),
        economy=None if economy is None else economy * scale,
        published=None,
        basis=f"employment coefficients of table {ctx.model.table.id!r} (persons per ₩1bn)",
    )


def _city_coefficients(ctx: Context, region: str) -> FloatArray:
    """In-city + rest-of-Korea jobs per ₩1bn by sector, in table order; NaN without output."""
    coefs = load_regional_2020()[region]
    total = np.where(coefs.no_regional_output, np.nan, coefs.jobs_in + coefs.jobs_out)
    out = np.full(ctx.model.table.n, np.nan)
    index = ctx.model.table.index
    for k, code in enumerate(coefs.codes):
        if code in index:
            out[index[code]] = total[k]
    return out


def _regional_jobs(ctx: Context, region: Region, per: float, claimed: float | None) -> Measure:
    price = deflate(ctx.plan, REGIONAL_YEAR)
    factor = price.factor
    ratio = _output_ratio(ctx)
    type_i = _city_coefficients(ctx, region) * factor
    values = type_i if ctx.kind == "type_i" else type_i * ratio
    point = point_ii = None
    if ctx.effects_i is not None and ctx.effects_i.jobs is not None:
        point = ctx.effects_i.jobs / per  # plan_effects already restated the won (same factor)
        plan_ratio = _plan_output_ratio(ctx)
        point_ii = None if plan_ratio is None else point * plan_ratio
        if ctx.kind == "type_ii":
            point = point_ii
    name = REGIONS[region]
    return Measure(
        metric="jobs",
        money=False,
        per=per,
        claimed=claimed,
        point=point,
        point_ii=point_ii,
        low=extreme(ctx, values, highest=False),
        high=extreme(ctx, values, highest=True),
        ceiling=extreme(ctx, type_i * ratio, highest=True, note=APPROX_II),
        economy=None,
        published=ctx.published_figure("jobs"),
        basis=(
            f"BOK {REGIONAL_YEAR} regional employment inducement coefficients for {name} "
            "(persons per ₩1bn of final demand placed in the city; in the city plus the rest "
            "of Korea)"
        ),
        price=price,
    )


def _national_jobs(ctx: Context, per: float, claimed: float | None) -> Measure:
    figure = ctx.published.get(NATIONAL_JOBS_YEAR, {}).get(PUBLISHED_KEYS["jobs"])
    price = deflate(ctx.plan, NATIONAL_JOBS_YEAR)
    factor = price.factor
    out_i = ctx.model.economy_wide("type_i").average["output"]
    out_ii = None if ctx.mult_ii is None else ctx.model.economy_wide("type_ii").average["output"]
    economy_ratio = 1.0 if not out_i or out_ii is None else out_ii / out_i
    point_i = None if figure is None else figure.value * factor
    point_ii = None if point_i is None else point_i * economy_ratio
    ratio = _output_ratio(ctx)
    ends: dict[str, Extreme | None] = {"low": None, "high": None, "ceiling": None}
    for region in REGIONS:
        type_i = _city_coefficients(ctx, region) * factor
        values = type_i if ctx.kind == "type_i" else type_i * ratio
        note = (
            f"{REGIONS[region]} {REGIONAL_YEAR} coefficients, a proxy",
            f"{REGIONS[region]} {REGIONAL_YEAR} 계수(대용치)",
        )
        found = {
            "low": extreme(ctx, values, highest=False, note=note),
            "high": extreme(ctx, values, highest=True, note=note),
            "ceiling": extreme(
                ctx, type_i * ratio, highest=True, note=(note[0] + "; " + APPROX_II[0], note[1])
            ),
        }
        for end, candidate in found.items():
            ends[end] = _pick(ends[end], candidate, highest=end != "low")
    return Measure(
        metric="jobs",
        money=False,
        per=per,
        claimed=claimed,
        point=point_i if ctx.kind == "type_i" else point_ii,
        point_ii=point_ii,
        low=ends["low"],
        high=ends["high"],
        ceiling=ends["ceiling"],
        economy=None,
        published=figure,
        basis=(
            f"BOK's published {NATIONAL_JOBS_YEAR} whole-economy employment inducement "
            "coefficient (the national table has no employment vector and no regional table "
            f"is shipped for {ctx.plan.city}): an average that the allocation cannot refine. "
            "The sector range is that of the BOK 2020 regional coefficients of Sejong and "
            "Daejeon, the only sector employment coefficients shipped, used as a proxy"
        ),
        price=price,
        average=True,
    )


def _pick(current: Extreme | None, candidate: Extreme | None, *, highest: bool) -> Extreme | None:
    if current is None:
        return candidate
    if candidate is None:
        return current
    better = candidate.value > current.value if highest else candidate.value < current.value
    return candidate if better else current
