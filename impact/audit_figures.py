"""The numbers behind each audit check: claim, model point, sector range, references.

Every figure is **per unit spent**: won of production or value added per won
[KRW/KRW], or persons per ₩1bn [persons/₩1bn] for jobs, always per won of the
plan's own price year. Totals are the figure times the spending.

Model figures for the plan's allocation come from :func:`impact.assess.plan_effects`
(the shared "plan spending through the model" function); this module only
divides them by the spending and adds what an auditor compares them with: the
lowest and highest single-sector multipliers, the Type II ceiling, the
model's whole-economy average and BOK's published one. Jobs are in
:mod:`impact.audit_jobs`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from fractions import Fraction

import numpy as np

from impact.assess import REGIONAL_JOBS_YEAR, ModelKind, PlanEffects, plan_effects, region_of
from impact.errors import DataUnavailableError, NonProductiveTableError
from impact.io import BOK_2023_ID, IOModel, PublishedFigure, SectorMultipliers
from impact.io.iomath import FloatArray
from impact.io.regional import Region
from impact.plan import Plan

__all__ = [
    "APPROX_II",
    "PUBLISHED_KEYS",
    "REGIONAL_YEAR",
    "TABLE_YEARS",
    "Context",
    "Extreme",
    "Measure",
    "PriceStep",
    "build_context",
    "extreme",
    "money_measure",
]

REGIONAL_YEAR = REGIONAL_JOBS_YEAR
"""Price and technology year of the BOK regional coefficients."""

TABLE_YEARS: Mapping[str, int] = {BOK_2023_ID: 2023}
"""Year of each shipped table, to find BOK's published figures for it."""

PUBLISHED_KEYS: Mapping[str, str] = {
    "output": "production_inducement_avg",
    "value_added": "value_added_inducement_avg",
    "jobs": "employment_inducement_avg_취업유발계수",
}
"""Name of BOK's published whole-economy coefficient for each metric."""


APPROX_II = ("approximate Type II", "Type II 근사치")


@dataclasses.dataclass(frozen=True)
class Extreme:
    """One sector's figure at an end of the range [per unit spent]."""

    code: str
    name_ko: str
    name_en: str
    value: float
    note: str | None = None
    note_ko: str | None = None


@dataclasses.dataclass(frozen=True)
class PriceStep:
    """How plan-year won were turned into the jobs coefficients' won (GDP deflator).

    ``factor`` is 1 when nothing was done: no price year, or no deflator for it.
    """

    source_year: int | None
    target_year: int
    factor: float
    applied: bool


@dataclasses.dataclass(frozen=True)
class Measure:
    """One check's figures per unit spent, before wording.

    ``per`` is the spending in the unit the figures are per: the investment
    [KRW] for money, the investment in ₩bn for jobs; total = figure × per.
    """

    metric: str
    money: bool
    per: float
    claimed: float | None
    point: float | None
    point_ii: float | None
    low: Extreme | None
    high: Extreme | None
    ceiling: Extreme | None
    economy: float | None
    published: PublishedFigure | None
    basis: str
    price: PriceStep | None = None
    average: bool = False
    """True when ``point`` is a national average the allocation cannot refine."""


@dataclasses.dataclass(frozen=True)
class Context:
    """What every check of one audit needs, computed once."""

    plan: Plan
    model: IOModel
    kind: ModelKind
    mult: SectorMultipliers
    mult_i: SectorMultipliers
    mult_ii: SectorMultipliers | None
    effects: PlanEffects | None
    effects_i: PlanEffects | None
    effects_ii: PlanEffects | None
    published: Mapping[int, Mapping[str, PublishedFigure]]
    table_year: int | None
    region: Region | None

    @property
    def investment(self) -> int:
        """The plan's spending [KRW, plan price year]."""
        return self.plan.investment

    def published_figure(self, metric: str) -> PublishedFigure | None:
        """BOK's whole-economy figure for this table's year, if published."""
        if self.table_year is None:
            return None
        return self.published.get(self.table_year, {}).get(PUBLISHED_KEYS[metric])


def _type_ii(model: IOModel) -> SectorMultipliers | None:
    try:
        return model.multipliers("type_ii")
    except (DataUnavailableError, NonProductiveTableError):
        return None


def build_context(
    plan: Plan,
    model: IOModel,
    kind: ModelKind,
    published: Mapping[int, Mapping[str, PublishedFigure]],
) -> Context:
    """Multipliers and plan effects of both model types (Type II when the table allows)."""
    mult_i = model.multipliers("type_i")
    mult_ii = model.multipliers("type_ii") if kind == "type_ii" else _type_ii(model)
    effects_i = effects_ii = None
    if plan.allocation is not None:
        effects_i = plan_effects(plan, model, "type_i")
        if mult_ii is not None:
            effects_ii = plan_effects(plan, model, "type_ii")
    table = model.table
    region = region_of(plan.city) if table.id == BOK_2023_ID else None
    return Context(
        plan=plan,
        model=model,
        kind=kind,
        mult=mult_i if kind == "type_i" else model.multipliers(kind),
        mult_i=mult_i,
        mult_ii=mult_ii,
        effects=effects_i if kind == "type_i" else effects_ii,
        effects_i=effects_i,
        effects_ii=effects_ii,
        published=published,
        table_year=TABLE_YEARS.get(table.id),
        region=region,
    )


def extreme(
    ctx: Context,
    values: FloatArray,
    *,
    highest: bool,
    note: tuple[str, str] | None = None,
) -> Extreme | None:
    if not np.isfinite(values).any():
        return None
    k = int(np.nanargmax(values) if highest else np.nanargmin(values))
    code, name_ko, name_en = ctx.model.table.sectors[k]
    en, ko = note if note is not None else (None, None)
    return Extreme(code, name_ko, name_en, float(values[k]), en, ko)


def _per_won(amount: float | None, investment: int) -> float | None:
    return None if amount is None else amount / investment


def money_measure(ctx: Context, metric: str, claimed_amount: int | None) -> Measure:
    """Production (``metric="output"``) or value added per won, claim vs model."""
    inv = ctx.investment
    values = ctx.mult.total[metric]
    top = (ctx.mult_ii or ctx.mult_i).total[metric]
    assert values is not None and top is not None  # output and value added always exist
    point = point_ii = None
    if ctx.effects is not None:
        point = _per_won(ctx.effects.totals[metric]["total"], inv)
    if ctx.effects_ii is not None:
        point_ii = _per_won(ctx.effects_ii.totals[metric]["total"], inv)
    kind = "Type I" if ctx.kind == "type_i" else "Type II"
    name = "output" if metric == "output" else "value-added"
    basis = f"{kind} {name} multipliers of table {ctx.model.table.id!r}" + (
        ", for the plan's allocation" if point is not None else "; the plan states no allocation"
    )
    return Measure(
        metric=metric,
        money=True,
        per=float(inv),
        claimed=None if claimed_amount is None else float(Fraction(claimed_amount, inv)),
        point=point,
        point_ii=point_ii,
        low=extreme(ctx, values, highest=False),
        high=extreme(ctx, values, highest=True),
        ceiling=extreme(
            ctx,
            top,
            highest=True,
            note=None if ctx.mult_ii else ("no Type II: Type I", "Type II 없음: Type I"),
        ),
        economy=ctx.model.economy_wide(ctx.kind).average[metric],
        published=ctx.published_figure(metric),
        basis=basis,
    )
