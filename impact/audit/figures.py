"""One check's numbers, per unit spent, before wording: a view of :mod:`impact.audit.evidence`.

A :class:`Numbers` holds what a check shows and how it is judged: the claim, the model's
point on the audit's basis and on both bases, the band, the single-sector range and ceiling
over the sectors a public budget buys (and the plan's own), the benchmarks and BOK's
published average. Jobs have two readings (:func:`jobs_readings`): job-years over the
spending, and positions held on average over the plan's period (job-years ÷ years).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Literal

from impact.audit.evidence import Evidence, Measure, extremes
from impact.audit.status import Status, classify
from impact.effects import Basis, Restatement
from impact.io import PublishedFigure
from impact.io.iomath import FloatArray

__all__ = ["APPROX_II", "Extreme", "Numbers", "ReadingName", "jobs_readings", "numbers"]

APPROX_II = ("approximate Type II", "Type II 근사치")

ReadingName = Literal["job_years", "positions"]


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
class Numbers:
    """One check's figures per unit spent (``per`` converts to totals: figure × per).

    ``per`` is the investment [KRW] for money, the investment in ₩bn for jobs (divided by
    the years of the period for the positions reading).
    """

    measure: Measure
    money: bool
    per: float
    claimed: float | None
    point: float | None
    point_ii: float | None
    by_basis: Mapping[Basis, float | None]
    band: tuple[float, float] | None
    low: Extreme | None
    high: Extreme | None
    ceiling: Extreme | None
    benchmarks: tuple[tuple[str, str, str, float | None], ...]
    published: PublishedFigure | None
    price: Restatement | None
    status: Status | None
    reading: ReadingName | None = None
    years: int | None = None
    about: bool = False  # the claim is an estimate ("약 2,000명"): its display says so
    point_total: float | None = None
    """The engine's own total of ``point`` (point × per gives it back only to the last
    place): the figure the regional split and every other route show."""
    point_ii_total: float | None = None
    by_basis_total: Mapping[Basis, float | None] | None = None
    """The same for ``point_ii`` and ``by_basis``."""


def _extreme(
    ev: Evidence, values: FloatArray, k: int | None, note: tuple[str, str] | None
) -> Extreme | None:
    if k is None:
        return None
    code, name_ko, name_en = ev.model.table.sectors[k]
    en, ko = note if note is not None else (None, None)
    return Extreme(code, name_ko, name_en, float(values[k]), en, ko)


def _scale(value: float | None, by: float) -> float | None:
    return None if value is None else value / by


def numbers(
    ev: Evidence, measure: Measure, claimed_amount: int | None, path: str | None = None
) -> Numbers:
    """The job-years (or money) figures of ``measure`` for the plan; status decided here.

    ``path``: the claim's dotted path in the plan, to tell whether it is an estimate."""
    inv = ev.investment
    money = measure != "jobs"
    per = float(inv) if money else inv / 1e9
    claimed = None
    if claimed_amount is not None:
        claimed = float(Fraction(claimed_amount * (1 if money else 10**9), inv))
    values, top = ev.sectors[measure], ev.ceiling[measure]
    lo, hi = extremes(values, ev.eligible)
    _, ceiling_at = extremes(top, ev.eligible)
    note = None
    if measure == "jobs" and ev.jobs_rule is not None and ev.jobs_rule.per_krw is not None:
        note = APPROX_II
    elif not ev.has_type_ii:
        note = ("no Type II: Type I", "Type II 없음: Type I")
    ceiling = _extreme(ev, top, ceiling_at, note)
    band = ev.band[measure]
    status = None
    if claimed is not None and band is not None and ceiling is not None:
        status = classify(claimed, low=band[0], high=band[1], ceiling=ceiling.value)
    return Numbers(
        measure=measure,
        money=money,
        per=per,
        claimed=claimed,
        point=ev.point[measure],
        point_ii=ev.point_ii[measure] if ev.kind == "type_i" else None,
        by_basis={b: v[measure] for b, v in ev.by_basis.items()},
        band=band,
        low=_extreme(ev, values, lo, None),
        high=_extreme(ev, values, hi, None),
        ceiling=ceiling,
        benchmarks=tuple((b.key, b.en, b.ko, b.values[measure]) for b in ev.benchmarks),
        published=ev.published_figure(measure),
        price=ev.restatement if measure == "jobs" else None,
        status=status,
        reading="job_years" if measure == "jobs" else None,
        about=path in ev.plan.approximate,
        point_total=ev.point_total[measure],
        point_ii_total=ev.point_ii_total[measure] if ev.kind == "type_i" else None,
        by_basis_total={b: v[measure] for b, v in ev.by_basis_total.items()},
    )


def _positions(n: Numbers, years: int) -> Numbers:
    """The same figures read as positions held on average over ``years``."""

    def each(e: Extreme | None) -> Extreme | None:
        return None if e is None else dataclasses.replace(e, value=e.value / years)

    band = None if n.band is None else (n.band[0] / years, n.band[1] / years)
    ceiling = each(n.ceiling)
    status = None
    if n.claimed is not None and band is not None and ceiling is not None:
        status = classify(n.claimed, low=band[0], high=band[1], ceiling=ceiling.value)
    return dataclasses.replace(
        n,
        point=_scale(n.point, years),
        point_total=_scale(n.point_total, years),
        point_ii_total=_scale(n.point_ii_total, years),
        by_basis_total={b: _scale(v, years) for b, v in (n.by_basis_total or {}).items()},
        point_ii=_scale(n.point_ii, years),
        by_basis={b: _scale(v, years) for b, v in n.by_basis.items()},
        band=band,
        low=each(n.low),
        high=each(n.high),
        ceiling=ceiling,
        benchmarks=tuple((k, en, ko, _scale(v, years)) for k, en, ko, v in n.benchmarks),
        published=None,
        status=status,
        reading="positions",
        years=years,
    )


def jobs_readings(ev: Evidence, claimed: int | None) -> tuple[list[Numbers], ReadingName | None]:
    """Jobs read as job-years and (with a period) as positions; the reading nearer the claim.

    An input-output model counts person-years of employment over the whole spending; an
    announcement may mean them, or jobs that last. Positions held on average = job-years ÷
    years of the period. The nearer reading (smallest |ln(claim ÷ model)|) is the one the
    announcement most likely meant.
    """
    job_years = numbers(ev, "jobs", claimed, "claims.jobs")
    readings = [job_years]
    period = ev.plan.period
    if period is not None and period.years > 1:
        readings.append(_positions(job_years, period.years))
    likely: ReadingName | None = None
    if claimed is not None:
        near = [
            (abs(math.log(r.claimed / r.point)), r.reading)
            for r in readings
            if r.claimed and r.point and r.reading is not None
        ]
        if near:
            likely = min(near)[1]
    return readings, likely
