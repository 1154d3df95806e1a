"""The numbers behind each audit check: claim, model point, sector range, references.

Every figure is **per unit spent**: won of production or value added per won
[KRW/KRW], or persons per ₩1bn [persons/₩1bn] for jobs, always per won of the
plan's own price year. Totals are the figure times the spending.

Model figures for the plan's allocation come from the effects engine
(:func:`impact.effects.plan_effects`, Type I and II in one batched run); this module only
divides them by the spending and adds what an auditor compares them with: the
lowest and highest single-sector multipliers, the Type II ceiling, the
model's whole-economy average and BOK's published one. Jobs are in
:mod:`impact.audit.jobs`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from fractions import Fraction

import numpy as np

from impact.effects import (
    EffectsEngine,
    JobsRule,
    PlanEffects,
    RegionChoice,
    Restatement,
    plan_effects,
    plan_region,
)
from impact.errors import DataUnavailableError, NonProductiveTableError
from impact.io import IOModel, PublishedFigure, SectorMultipliers
from impact.io.bok import TABLE_YEARS, is_bok_2023, published_figure
from impact.io.iomath import FloatArray
from impact.io.results import ModelKind
from impact.plan import Plan
from impact.regions import Region

__all__ = [
    "APPROX_II",
    "Context",
    "Extreme",
    "Measure",
    "build_context",
    "extreme",
    "money_measure",
]

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
    price: Restatement | None = None


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
    choice: RegionChoice
    jobs_rule: JobsRule | None
    restatement: Restatement | None

    @property
    def investment(self) -> int:
        """The plan's spending [KRW, plan price year]."""
        return self.plan.investment

    @property
    def region(self) -> Region | None:
        """The region of the regional split (the BOK 2023 table only), or ``None``."""
        return self.choice.region if is_bok_2023(self.model.table) else None

    def published_figure(self, metric: str) -> PublishedFigure | None:
        """BOK's whole-economy figure for this table's year, if published."""
        return published_figure(self.model.table, metric, self.published)


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
    """Multipliers and plan effects of both model types (Type II when the table allows),
    from one batched run of the effects engine."""
    mult_i = model.multipliers("type_i")
    mult_ii = model.multipliers("type_ii") if kind == "type_ii" else _type_ii(model)
    choice = plan_region(plan)
    engine = EffectsEngine(model, choice.region)
    effects_i = effects_ii = None
    if plan.allocation is not None:
        kinds: tuple[ModelKind, ...] = ("type_i",) if mult_ii is None else ("type_i", "type_ii")
        both = plan_effects(plan, model, kinds, engine=engine)
        effects_i = both[0]
        effects_ii = both[1] if len(both) > 1 else None
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
        table_year=TABLE_YEARS.get(model.table.id),
        choice=choice,
        jobs_rule=engine.jobs_rule,
        restatement=engine.restatements([plan.price_year])[0],
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
