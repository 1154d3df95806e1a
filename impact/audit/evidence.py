"""The numbers behind each audit check, all from the effects engine.

Every figure is **per unit spent**: won of production or value added per won of the
investment [KRW/KRW], or persons per ₩1bn of it [persons/₩1bn] for jobs, in the plan's
price-year won. A figure is an engine run divided by the spending, so a single sector's
figure, a benchmark and a band draw are computed exactly like the plan's own figure:

``point``
    the plan's allocation (purchases only; land, transfers, wages and reserves buy no
    output) through the model, on the audit's basis (purchaser spending by default) and
    model (Type I by default); both bases and Type II beside it. Without an allocation: the
    public-spending benchmark below.
``band``
    where the figure lies when what the audit cannot know varies: the allocation (drawn from
    a Dirichlet around the plan's own, concentration :data:`CONCENTRATION` by its basis;
    without one, around public final demand) and the budget basis (the share θ of each
    sector's imports taken out, uniform on [0, 1]). 5th–95th percentile of
    :data:`BAND_DRAWS` draws with a fixed seed, widened by :data:`MARGIN` for the model's own
    error.
``range``, ``ceiling``
    single sectors a public budget buys (:func:`public_sectors`) and the plan's own: their
    lowest and highest figure, and the highest with household re-spending (Type II) on the
    domestic basis — the most any allocation of the money over them can give.
``benchmarks``
    the model's whole-economy average (weights: final demand for domestic products, as
    BOK's), and averages weighted by the table's government consumption, government gross
    fixed capital formation and both (public final demand).

Sources: Miller & Blair (2009) ch. 2 and 6; BOK 2023 input-output table (final-demand
columns); the threshold of public sectors is documented in :func:`public_sectors`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from impact.effects import (
    BASES,
    IMPORT_SHARE,
    Basis,
    EffectsBatch,
    EffectsEngine,
    JobsRule,
    RegionChoice,
    Restatement,
    engine_for,
    per_won,
    plan_demand,
    plan_region,
)
from impact.errors import DataUnavailableError, NonProductiveTableError
from impact.io import IOModel, PublishedFigure
from impact.io.bok import TABLE_YEARS, bok_2023_final_demand, is_bok_2023, published_figure
from impact.io.iomath import FloatArray
from impact.io.results import ModelKind
from impact.plan import Plan
from impact.regions import Region

__all__ = [
    "BAND_DRAWS",
    "CONCENTRATION",
    "MARGIN",
    "MEASURES",
    "PUBLIC_SHARE_THRESHOLD",
    "Benchmark",
    "Evidence",
    "Measure",
    "gather",
    "public_sectors",
]

Measure = Literal["output", "value_added", "jobs"]
MEASURES: tuple[Measure, ...] = ("output", "value_added", "jobs")

BAND_DRAWS = 1000
"""Draws of the status band (seeded: the same plan always gets the same band)."""

CONCENTRATION: Mapping[str, float] = {"stated": 200.0, "assumed": 20.0, "absent": 20.0}
"""Dirichlet concentration κ of the allocation draws by allocation basis: a stated split
is known up to its mapping onto BOK sectors (a share of 0.2 varies by ±14 %, one standard
deviation); an assumed one, or none, is known much less (±44 %)."""

MARGIN = 0.05
"""The model's own error, added on both sides of the band [-]: the competitive-import
approximation is 0.6 % off BOK's averages, and the table's year and prices differ from the
plan's by a few per cent."""

PUBLIC_SHARE_THRESHOLD = 0.001
"""A sector is one a public budget buys when it carries at least 0.1 % of the table's public
final demand (government consumption + government GFCF): 19 sectors of BOK 2023, 99.76 % of
it. Below, a sector's public purchases are under ₩0.55T a year."""

_SEED = 20240109  # fixed: the band is part of the answer, not a simulation the user asked for


def public_weights(model: IOModel) -> dict[str, FloatArray] | None:
    """Weights of the benchmarks, (n,) purchases [table unit]; ``None`` off the BOK table."""
    if not is_bok_2023(model.table):
        return None
    fd = bok_2023_final_demand()
    gc, gi = fd["government_consumption"], fd["government_gfcf"]
    return {
        "government_consumption": np.clip(gc, 0, None),
        "government_gfcf": np.clip(gi, 0, None),
        "public": np.clip(gc + gi, 0, None),
    }


BoolArray = npt.NDArray[np.bool_]


def public_sectors(model: IOModel) -> BoolArray | None:
    """True for the sectors a public budget buys (:data:`PUBLIC_SHARE_THRESHOLD`), (n,)."""
    weights = public_weights(model)
    if weights is None:
        return None
    public = weights["public"]
    mask: BoolArray = public / public.sum() >= PUBLIC_SHARE_THRESHOLD
    return mask


@dataclasses.dataclass(frozen=True)
class Benchmark:
    """An average figure per unit spent, and what it is weighted by."""

    key: str
    en: str
    ko: str
    values: Mapping[Measure, float | None]


@dataclasses.dataclass(frozen=True)
class Evidence:
    """Every model number one audit needs, per unit spent (see the module doc)."""

    plan: Plan
    model: IOModel
    kind: ModelKind
    basis: Basis
    choice: RegionChoice
    jobs_rule: JobsRule | None
    restatement: Restatement | None
    has_type_ii: bool
    point: Mapping[Measure, float | None]
    point_ii: Mapping[Measure, float | None]
    point_total: Mapping[Measure, float | None]
    point_ii_total: Mapping[Measure, float | None]
    by_basis: Mapping[Basis, Mapping[Measure, float | None]]
    by_basis_total: Mapping[Basis, Mapping[Measure, float | None]]
    taxes: float | None
    band: Mapping[Measure, tuple[float, float] | None]
    sectors: Mapping[Measure, FloatArray]
    ceiling: Mapping[Measure, FloatArray]
    eligible: BoolArray
    benchmarks: tuple[Benchmark, ...]
    published: Mapping[int, Mapping[str, PublishedFigure]]
    point_batch: EffectsBatch | None
    point_column: int  # of ``point_batch``: the audit's model (Type I or II) on its basis

    @property
    def investment(self) -> int:
        """The plan's spending [KRW, plan price year]."""
        return self.plan.investment

    @property
    def region(self) -> Region | None:
        """The region of the regional split (the BOK 2023 table only), or ``None``."""
        return self.choice.region if is_bok_2023(self.model.table) else None

    @property
    def table_year(self) -> int | None:
        """Year of the table, when BOK publishes figures for it."""
        return TABLE_YEARS.get(self.model.table.id)

    def published_figure(self, measure: str) -> PublishedFigure | None:
        """BOK's whole-economy figure for this table's year, if published."""
        return published_figure(self.model.table, measure, self.published)


def _totals(batch: EffectsBatch) -> dict[Measure, FloatArray]:
    """Output and value added [KRW] and jobs [job-years] of each column, as the engine
    gives them (the figures every route shows)."""
    output, value_added = batch.money["output"], batch.money["value_added"]
    assert output is not None and value_added is not None
    return {"output": output.total, "value_added": value_added.total, "jobs": batch.jobs}


def _per_unit(batch: EffectsBatch, spent: FloatArray) -> dict[Measure, FloatArray]:
    """Per won (output, value added: :func:`~impact.effects.per_won`, the ratio a scenario
    and a sweep show) and per ₩1bn (jobs) of ``spent`` [KRW], per column."""
    totals = _totals(batch)
    return {
        m: totals[m] / (spent / 1e9) if m == "jobs" else per_won(totals[m], spent) for m in MEASURES
    }


def _type_ii_available(model: IOModel) -> bool:
    try:
        model.multipliers("type_ii")
    except (DataUnavailableError, NonProductiveTableError):
        return False
    return True


def _opt(value: float) -> float | None:
    return value if np.isfinite(value) else None


class _Runner:
    """Engine runs of one plan: the same region, price year and engine throughout."""

    def __init__(self, engine: EffectsEngine, price_year: int | None) -> None:
        self.engine = engine
        self.price_year = price_year

    def run(self, Y: FloatArray, kind: ModelKind, theta: float | FloatArray) -> EffectsBatch:
        k = Y.shape[1]
        return self.engine.run(
            Y,
            kinds=[kind] * k,
            price_years=[self.price_year] * k,
            import_share=np.broadcast_to(np.asarray(theta, dtype=float), (k,)),
        )


def _draws(weights: FloatArray, kappa: float, rng: np.random.Generator) -> FloatArray:
    """(n, BAND_DRAWS) shares drawn from Dirichlet(κ w) over the sectors with w > 0."""
    spent = weights > 0
    out = np.zeros((weights.size, BAND_DRAWS))
    if spent.sum() <= 1:  # nothing to redistribute (all of it land, transfers…, or one sector)
        out[spent] = weights[spent, None]
        return out
    total = weights[spent].sum()
    out[spent] = rng.dirichlet(kappa * weights[spent] / total, BAND_DRAWS).T * total
    return out


@dataclasses.dataclass(frozen=True)
class _Point:
    """The plan's own figures (see :func:`_point`)."""

    point: Mapping[Measure, float | None]
    point_ii: Mapping[Measure, float | None]
    point_total: Mapping[Measure, float | None]
    point_ii_total: Mapping[Measure, float | None]
    by_basis: Mapping[Basis, Mapping[Measure, float | None]]
    by_basis_total: Mapping[Basis, Mapping[Measure, float | None]]
    taxes: float | None
    batch: EffectsBatch | None
    column: int  # of ``batch``: the audit's model


def _point(
    runner: _Runner,
    purchases: FloatArray | None,
    inv: float,
    *,
    kind: ModelKind,
    basis: Basis,
    has_ii: bool,
) -> _Point:
    """Both bases, Type I and II: (purchaser I, II) and (domestic I, II), per unit spent and
    as the engine's totals (point × spending gives a total back only to the last place)."""
    none: dict[Measure, float | None] = dict.fromkeys(MEASURES)
    if purchases is None:
        return _Point(none, none, none, none, {}, {}, None, None, 0)
    Y = np.repeat(purchases[:, np.newaxis], 2, axis=1)
    kinds: list[ModelKind] = ["type_i", "type_ii" if has_ii else "type_i"]
    at = 0 if kind == "type_i" else 1
    by_basis: dict[Basis, dict[Measure, float | None]] = {}
    by_basis_total: dict[Basis, dict[Measure, float | None]] = {}
    out = _Point(none, none, none, none, by_basis, by_basis_total, None, None, at)
    for name in BASES:
        batch = runner.engine.run(
            Y,
            kinds=kinds,
            price_years=[runner.price_year] * 2,
            import_share=[IMPORT_SHARE[name]] * 2,
        )
        per, totals = _per_unit(batch, np.full(2, inv)), _totals(batch)
        by_basis[name] = {m: _opt(float(per[m][at])) for m in MEASURES}
        by_basis_total[name] = {m: _opt(float(totals[m][at])) for m in MEASURES}
        if name == basis:
            taxes = batch.money["production_taxes"]
            out = _Point(
                point={m: _opt(float(per[m][at])) for m in MEASURES},
                point_ii={m: _opt(float(per[m][1])) for m in MEASURES} if has_ii else none,
                point_total={m: _opt(float(totals[m][at])) for m in MEASURES},
                point_ii_total={m: _opt(float(totals[m][1])) for m in MEASURES} if has_ii else none,
                by_basis=by_basis,
                by_basis_total=by_basis_total,
                taxes=None if taxes is None else float(taxes.total[at]) / inv,
                batch=batch,
                column=at,
            )
    return out


def _band(
    runner: _Runner, shares: FloatArray | None, inv: float, kind: ModelKind, allocation: str
) -> dict[Measure, tuple[float, float] | None]:
    """5th–95th percentile of :data:`BAND_DRAWS` allocation × basis draws, ± :data:`MARGIN`."""
    band: dict[Measure, tuple[float, float] | None] = dict.fromkeys(MEASURES)
    if shares is None:
        return band
    rng = np.random.default_rng(_SEED)
    drawn = _draws(shares, CONCENTRATION[allocation], rng) * inv
    thetas = rng.uniform(0.0, 1.0, BAND_DRAWS)
    per = _per_unit(runner.run(drawn, kind, thetas), np.full(BAND_DRAWS, inv))
    for m in MEASURES:
        values = per[m][np.isfinite(per[m])]
        if values.size:
            low, high = np.percentile(values, [5, 95])
            band[m] = (float(low) * (1 - MARGIN), float(high) * (1 + MARGIN))
    return band


def gather(
    plan: Plan,
    model: IOModel,
    *,
    kind: ModelKind = "type_i",
    basis: Basis = "purchaser",
    published: Mapping[int, Mapping[str, PublishedFigure]],
) -> Evidence:
    """Run the engine for everything one audit of ``plan`` compares (see the module doc)."""
    choice = plan_region(plan)
    engine = engine_for(model, choice.region)
    runner = _Runner(engine, plan.price_year)
    has_ii = _type_ii_available(model)
    n, inv = model.table.n, float(plan.investment)
    weights = public_weights(model)
    shares: FloatArray | None = None  # per won of the investment
    purchases: FloatArray | None = None  # [KRW], exactly as every other route builds them
    if plan.allocation is not None:
        purchases = plan_demand(plan, model.table)
        shares = purchases / inv
    elif weights is not None:
        shares = weights["public"] / weights["public"].sum()
        purchases = shares * inv
    point = _point(runner, purchases, inv, kind=kind, basis=basis, has_ii=has_ii)
    # single sectors: all the purchases in one sector, per won of the investment (land,
    # transfers… buy nothing whichever sector the rest goes to), on the audit's basis and
    # model; the ceiling Type II, domestic
    bought = 1.0 if shares is None else float(shares.sum())
    unit = bought * 1e9 * np.eye(n)
    sectors = _per_unit(runner.run(unit, kind, IMPORT_SHARE[basis]), np.full(n, 1e9))
    ceiling = _per_unit(runner.run(unit, "type_ii" if has_ii else "type_i", 0.0), np.full(n, 1e9))
    public = public_sectors(model)
    eligible = np.ones(n, dtype=bool) if public is None else public.copy()
    if shares is not None and plan.allocation is not None:
        eligible |= shares > 0
    allocation = "absent" if plan.allocation is None else plan.allocation.basis
    return Evidence(
        plan=plan,
        model=model,
        kind=kind,
        basis=basis,
        choice=choice,
        jobs_rule=engine.jobs_rule,
        restatement=engine.restatements([plan.price_year])[0],
        has_type_ii=has_ii,
        point=point.point,
        point_ii=point.point_ii,
        point_total=point.point_total,
        point_ii_total=point.point_ii_total,
        by_basis=point.by_basis,
        by_basis_total=point.by_basis_total,
        taxes=point.taxes,
        band=_band(runner, shares, inv, kind, allocation),
        sectors=sectors,
        ceiling=ceiling,
        eligible=eligible,
        benchmarks=_benchmarks(model, runner, weights),
        published=published,
        point_batch=point.batch,
        point_column=point.column,
    )


_BENCHMARK_NAMES: Mapping[str, tuple[str, str]] = {
    "economy": (
        "whole economy (weights: final demand for domestic products, as BOK's averages)",
        "전체 경제(가중치: 국산품 최종수요, 한국은행 평균과 같은 방식)",
    ),
    "government_consumption": (
        "government consumption (weights: the table's government consumption column)",
        "정부소비(가중치: 산업연관표의 정부소비 열)",
    ),
    "government_gfcf": (
        "public investment (weights: the table's government gross fixed capital formation)",
        "공공투자(가중치: 산업연관표의 정부 총고정자본형성)",
    ),
    "public": (
        "public spending (weights: government consumption + government GFCF)",
        "공공지출(가중치: 정부소비 + 정부 총고정자본형성)",
    ),
}


def _benchmarks(
    model: IOModel, runner: _Runner, weights: Mapping[str, FloatArray] | None
) -> tuple[Benchmark, ...]:
    """Averages per unit spent: the whole economy (domestic basis, Type I, as BOK's) and the
    public-spending weights (purchaser basis, Type I), each as one engine column."""
    table = model.table
    columns: list[tuple[str, FloatArray, float]] = [("economy", table.domestic_final_demand, 0.0)]
    if weights is not None:
        columns += [(key, w, 1.0) for key, w in weights.items()]
    out: list[Benchmark] = []
    for key, w, theta in columns:
        y = (w / w.sum() * 1e9)[:, np.newaxis]  # ₩1bn spread like the weights
        per = _per_unit(runner.run(y, "type_i", theta), np.array([1e9]))
        en, ko = _BENCHMARK_NAMES[key]
        out.append(Benchmark(key, en, ko, {m: _opt(float(per[m][0])) for m in MEASURES}))
    return tuple(out)


def extremes(values: FloatArray, eligible: BoolArray) -> tuple[int | None, int | None]:
    """Positions of the lowest and highest finite value among ``eligible`` sectors."""
    masked = np.where(eligible & np.isfinite(values), values, np.nan)
    if not np.isfinite(masked).any():
        return None, None
    return int(np.nanargmin(masked)), int(np.nanargmax(masked))


def positions(values: Sequence[float | None], years: int | None) -> list[float | None]:
    """Job-years → average positions sustained over ``years`` (None without a period)."""
    if years is None:
        return [None for _ in values]
    return [None if v is None else v / years for v in values]
