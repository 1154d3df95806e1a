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
from impact.io.regional import RegionalSplit
from impact.plan import Plan

__all__ = [
    "NATIONAL_JOBS_YEAR",
    "PlanEffects",
    "Region",
    "plan_demand",
    "plan_effects",
    "region_of",
]

Region = Literal["sejong", "daejeon"]
ModelKind = Literal["type_i", "type_ii"]

NATIONAL_JOBS_YEAR = 2023
"""Year of BOK's published whole-economy employment inducement used for other cities."""

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
    jobs_basis
        Which coefficients gave ``jobs`` (for citation).
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
    regional: RegionalSplit | None


def _national_jobs(investment: int) -> tuple[float | None, str]:
    figure = (
        load_bok_published()
        .get(NATIONAL_JOBS_YEAR, {})
        .get("employment_inducement_avg_취업유발계수")
    )
    if figure is None:
        return None, "no employment coefficient available"
    basis = (
        f"BOK {NATIONAL_JOBS_YEAR} whole-economy employment inducement, {figure.value} persons "
        f"per ₩1bn of final demand (an average over all sectors; {figure.source_title})"
    )
    return figure.value * investment / 1e9, basis


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
        regional = regional_split(chosen, y * unit, krw_per_unit=1.0)
    jobs_effect = impact.effects.get("jobs")
    if jobs_effect is not None:
        jobs: float | None = float(np.sum(jobs_effect.total))
        jobs_basis = f"employment coefficients of table {table.id!r}"
    elif regional is not None:
        jobs = regional.jobs["total"]
        jobs_basis = (
            f"BOK 2020 regional employment inducement coefficients for {regional.region} "
            "(persons per ₩1bn of final demand, in-region + rest of Korea)"
        )
    else:
        jobs, jobs_basis = _national_jobs(plan.investment)
    return PlanEffects(
        model=kind,
        demand_krw=y * unit,
        totals=totals,
        by_sector=by_sector,
        jobs=jobs,
        jobs_basis=jobs_basis,
        regional=regional,
    )
