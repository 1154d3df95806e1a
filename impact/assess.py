"""What the input-output model implies for a plan: its spending as final demand.

A plan's allocation (shares or amounts by sector code) times its investment is
a final-demand shock ``y`` [table money unit]; the Leontief model turns it into
output, value added, imports and income, split direct / indirect / induced
(:meth:`impact.io.IOModel.impact`). For Sejong and Daejeon the BOK 2020
regional coefficients split production, value added and jobs between the city
and the rest of Korea.

Jobs
----
The national 2023 table has no employment vector (BOK's 고용표 was not
available), so national jobs are never computed from sector coefficients:

* Sejong or Daejeon: jobs = Σ_j (c^in_j + c^out_j) · y_j / ₩1bn with the 2020
  regional employment coefficients [persons per ₩1bn of final demand];
* any other city: jobs = 8.2 × investment / ₩1bn, BOK's published 2023
  whole-economy employment inducement (취업유발계수) — an average, the same for
  every allocation, and said so in ``jobs_basis``.

Jobs coefficients are persons per ₩1bn of *their* year's won (2020 for the
regional coefficients, 2023 for BOK's national average), so unlike multipliers
(money per money, roughly price-neutral) they are not price-neutral: the plan's
won are restated in the coefficients' year with the GDP deflator before they
are applied (:func:`jobs_price_factor`; e.g. 2024 won × 100 / 111.381 for the
2020 coefficients). A plan without a price year, or one outside the price data,
is used as it is, and ``jobs_basis`` says so.

This module is shared by the audit and the what-if scenarios; neither
re-derives it.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Mapping
from typing import Literal

import numpy as np

from impact.errors import DataUnavailableError, InvalidInputError, NotFoundError
from impact.io import IOModel, IOTable, load_bok_published, regional_split
from impact.io.iomath import FloatArray
from impact.io.regional import REGIONS, RegionalSplit
from impact.plan import Plan
from impact.prices import PriceIndexName, price_factor

__all__ = [
    "NATIONAL_JOBS_YEAR",
    "REGIONAL_JOBS_YEAR",
    "PlanEffects",
    "Region",
    "jobs_price_factor",
    "national_jobs",
    "plan_demand",
    "plan_effects",
    "region_of",
]

Region = Literal["sejong", "daejeon"]
ModelKind = Literal["type_i", "type_ii"]

NATIONAL_JOBS_YEAR = 2023
"""Year of BOK's published whole-economy employment inducement used for other cities."""

REGIONAL_JOBS_YEAR = 2020
"""Price year of the BOK 2020 regional employment coefficients (Sejong, Daejeon)."""

_REGION_NAMES: Mapping[str, Region] = {
    "세종": "sejong",
    "sejong": "sejong",
    "대전": "daejeon",
    "daejeon": "daejeon",
}


def region_of(city: str) -> Region | None:
    """The shipped region a city name refers to, or ``None``.

    Examples
    --------
    >>> region_of("세종 Sejong"), region_of("Daejeon Metropolitan City"), region_of("Busan")
    ('sejong', 'daejeon', None)
    """
    text = unicodedata.normalize("NFC", city).casefold()
    for word in text.replace("-", " ").split():
        for name, region in _REGION_NAMES.items():
            if word.startswith(name):
                return region
    return None


def jobs_price_factor(price_year: int | None, coefficient_year: int) -> float:
    """GDP-deflator factor turning ``price_year`` won into ``coefficient_year`` won [-].

    1.0 when the price year is unknown or outside the price data (the plan's won
    are then used as they are).

    Examples
    --------
    >>> round(jobs_price_factor(2024, 2020), 4), jobs_price_factor(None, 2020)
    (0.8978, 1.0)
    """
    if price_year is None:
        return 1.0
    try:
        return float(price_factor(price_year, coefficient_year, PriceIndexName.GDP_DEFLATOR))
    except DataUnavailableError:
        return 1.0


def _price_note(price_year: int | None, year: int, factor: float) -> tuple[str, str]:
    """How plan won were brought to the coefficients' year: (English, Korean)."""
    if price_year is None or (factor == 1.0 and price_year != year):
        return (
            f"; plan won used as they are (no price year with data to restate them in {year} won)",
            f"; 계획 금액을 그대로 사용 ({year}년 가격으로 환산할 물가연도 자료 없음)",
        )
    return (
        f"; plan won restated in {year} won with the GDP deflator (× {factor:.4f})",
        f"; 계획 금액을 GDP 디플레이터로 {year}년 가격으로 환산 (× {factor:.4f})",
    )


def plan_demand(plan: Plan, table: IOTable, *, field: str = "allocation") -> FloatArray:
    """Final demand by sector, ``y_j = share_j × investment / krw_per_unit`` [table unit].

    Raises
    ------
    InvalidInputError
        The plan has no allocation, or the table's money unit is unknown.
    NotFoundError
        An allocated sector code is not in the table (field
        ``allocation.shares.<code>`` or ``allocation.amounts.<code>``).
    """
    if plan.allocation is None:
        msg = "the plan states no allocation by sector; give shares or amounts by sector code"
        raise InvalidInputError(msg, field=field)
    if table.krw_per_unit is None:
        msg = f"table {table.id!r} has no known KRW per unit; it cannot take won amounts"
        raise DataUnavailableError(msg, field="table")
    form = "shares" if plan.allocation.shares is not None else "amounts"
    y = np.zeros(table.n)
    for code, share in plan.allocation.shares_of(plan.investment).items():
        k = table.index.get(code)
        if k is None:
            raise NotFoundError(
                f"sector code {code!r} is not in table {table.id!r}",
                field=f"{field}.{form}.{code}",
            )
        y[k] += float(share) * plan.investment / table.krw_per_unit
    return y


@dataclasses.dataclass(frozen=True)
class PlanEffects:
    """Model-implied effects of a plan's spending [KRW unless stated].

    Attributes
    ----------
    model
        ``"type_i"`` or ``"type_ii"``.
    totals
        Metric (``output``, ``value_added``, ``imports``, ``product_taxes``,
        ``income``) → ``{direct, indirect, induced, total}`` [KRW]; ``induced``
        is ``None`` for Type I.
    by_sector
        Metric → (n,) total effect by sector [KRW].
    jobs
        Persons employed by the spending [person-years], or ``None``.
    jobs_basis, jobs_basis_ko
        Which coefficients gave ``jobs`` (for citation), in English and in Korean.
    regional
        In-region vs rest-of-Korea split for Sejong/Daejeon [KRW; jobs in
        persons], else ``None``.
    """

    model: ModelKind
    demand_krw: FloatArray
    totals: Mapping[str, Mapping[str, float | None]]
    by_sector: Mapping[str, FloatArray]
    jobs: float | None
    jobs_basis: str
    jobs_basis_ko: str
    regional: RegionalSplit | None


def national_jobs(investment: float) -> tuple[float | None, tuple[str, str]]:
    """Jobs of ``investment`` [KRW of 2023] at BOK's 2023 whole-economy average, and their
    basis in (English, Korean)."""
    figure = (
        load_bok_published()
        .get(NATIONAL_JOBS_YEAR, {})
        .get("employment_inducement_avg_취업유발계수")
    )
    if figure is None:
        return None, ("no employment coefficient available", "취업유발계수 자료 없음")
    en = (
        f"BOK {NATIONAL_JOBS_YEAR} whole-economy employment inducement, {figure.value} persons "
        f"per ₩1bn of final demand (an average over all sectors; {figure.source_title})"
    )
    ko = (
        f"한국은행 {NATIONAL_JOBS_YEAR}년 전 산업 취업유발계수, 최종수요 10억원당 "
        f"{figure.value}명 (모든 산업의 평균; {figure.source_title})"
    )
    return figure.value * investment / 1e9, (en, ko)


def _deflate_jobs(split: RegionalSplit, factor: float) -> RegionalSplit:
    """``split`` with its jobs (not its money) multiplied by the price ``factor``."""
    jobs = {side: value * factor for side, value in split.jobs.items()}
    by_sector = {
        name: values * factor if name.startswith("jobs") else values
        for name, values in split.by_sector.items()
    }
    return dataclasses.replace(split, jobs=jobs, by_sector=by_sector)


def plan_effects(
    plan: Plan,
    model: IOModel,
    kind: ModelKind = "type_i",
    *,
    region: Region | Literal["auto"] | None = "auto",
) -> PlanEffects:
    """Model-implied effects of ``plan``'s allocated spending.

    Parameters
    ----------
    plan
        A plan with an allocation.
    model
        The input-output model (e.g. :func:`impact.io.bok_2023_model`).
    kind
        ``"type_i"`` or ``"type_ii"`` (households endogenous).
    region
        ``"auto"`` (default) picks Sejong/Daejeon from the plan's city.
    """
    table = model.table
    y = plan_demand(plan, table)
    unit = table.krw_per_unit
    assert unit is not None  # plan_demand checked it
    impact = model.impact(y, kind)
    totals: dict[str, dict[str, float | None]] = {}
    by_sector: dict[str, FloatArray] = {}
    for metric, effect in impact.effects.items():
        if effect is None or metric == "jobs":
            continue
        totals[metric] = {k: None if v is None else v * unit for k, v in effect.totals().items()}
        by_sector[metric] = effect.total * unit
    chosen = region_of(plan.city) if region == "auto" else region
    regional = None
    if chosen is not None and table.id == "bok-2023":
        factor = jobs_price_factor(plan.price_year, REGIONAL_JOBS_YEAR)
        regional = _deflate_jobs(regional_split(chosen, y * unit, krw_per_unit=1.0), factor)
    jobs_effect = impact.effects.get("jobs")
    if jobs_effect is not None:
        jobs: float | None = float(np.sum(jobs_effect.total))
        en, ko = f"employment coefficients of table {table.id!r}", f"표 {table.id!r}의 취업계수"
    elif regional is not None:
        jobs = regional.jobs["total"]
        note = _price_note(plan.price_year, REGIONAL_JOBS_YEAR, factor)
        en = (
            f"BOK {REGIONAL_JOBS_YEAR} regional employment inducement coefficients for "
            f"{regional.region} (persons per ₩1bn of final demand, in-region + rest of Korea)"
            + note[0]
        )
        city_ko = REGIONS[regional.region].split(" ", 1)[0]  # "세종 Sejong" → "세종"
        ko = (
            f"한국은행 {REGIONAL_JOBS_YEAR}년 지역산업연관표의 {city_ko} 취업유발계수 "
            "(최종수요 10억원당 명, 역내 + 역외)" + note[1]
        )
    else:
        factor = jobs_price_factor(plan.price_year, NATIONAL_JOBS_YEAR)
        jobs, (en, ko) = national_jobs(plan.investment * factor)
        note = _price_note(plan.price_year, NATIONAL_JOBS_YEAR, factor)
        en, ko = en + note[0], ko + note[1]
    return PlanEffects(
        model=kind,
        demand_krw=y * unit,
        totals=totals,
        by_sector=by_sector,
        jobs=jobs,
        jobs_basis=en,
        jobs_basis_ko=ko,
        regional=regional,
    )
