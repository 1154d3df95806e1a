"""From a plan to the engine: its final demand, its region, its effects.

A plan's allocation (shares or amounts by sector code) times its investment is the
final-demand vector ``y`` [KRW]; its region is the one it names (``region``) or, when it
names none, the one its ``city`` resolves to (:func:`impact.regions.resolve_city`); a city
that resolves to no region is analysed nationally and the answer says so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from impact.effects.engine import IMPORT_SHARE, Basis, EffectsEngine, RegionalBasis, engine_for
from impact.effects.jobs import Bilingual
from impact.effects.results import PlanEffects, plan_effects_of
from impact.errors import DataUnavailableError, InvalidInputError
from impact.io import IOModel, IOTable
from impact.io.iomath import FloatArray
from impact.io.results import ModelKind
from impact.plan import NON_PURCHASES, Allocation, Plan
from impact.regions import REGION_HELP_EN, REGION_HELP_KO, Region, get_region, resolve_city

__all__ = [
    "NO_ALLOCATION",
    "RegionChoice",
    "allocation_demand",
    "non_purchases",
    "plan_demand",
    "plan_effects",
    "plan_engine",
    "plan_region",
]

NO_ALLOCATION = "the plan states no allocation by sector; give shares or amounts by sector code"
NO_ALLOCATION_KO = (
    "계획에 부문별 배분이 없습니다. 부문 코드별 비율(shares)이나 금액(amounts)을 주세요"
)


def non_purchases(plan: Plan) -> dict[str, Fraction]:
    """The budget items of the plan's allocation that buy no output (:data:`NON_PURCHASES`),
    as exact shares of the investment [-]."""
    if plan.allocation is None:
        return {}
    shares = plan.allocation.shares_of(plan.investment)
    return {key: share for key, share in shares.items() if key in NON_PURCHASES}


def plan_demand(plan: Plan, table: IOTable, *, field: str = "allocation") -> FloatArray:
    """Purchases by sector in table order, ``y_j = share_j × investment`` (n,) [KRW].

    Budget items that buy no output (land, transfers, wages, reserves, other:
    :data:`~impact.plan.NON_PURCHASES`) are left out: the model counts purchases only.

    Raises
    ------
    InvalidInputError
        The plan has no allocation (field ``field``).
    DataUnavailableError
        The table's money unit is unknown (field ``table``).
    InvalidInputError
        An allocated code is not in the table (``<field>.shares.<code>`` or ``.amounts.``).
    """
    if plan.allocation is None:
        raise InvalidInputError(NO_ALLOCATION, field=field, message_ko=NO_ALLOCATION_KO)
    return allocation_demand(plan.allocation, table, [plan.investment], field=field).reshape(-1)


def allocation_demand(
    allocation: Allocation, table: IOTable, investments: Sequence[int], *, field: str
) -> FloatArray:
    """:func:`plan_demand` of ``allocation`` for each of ``investments``, (n, m) [KRW]:
    column ``i`` is ``plan_demand`` of a plan with that allocation and ``investments[i]``,
    to the last place (the same integer divisions, added in the same order). A sweep of
    many investments reads the allocation's shares once, not once per row."""
    if table.krw_per_unit is None:
        msg = f"table {table.id!r} has no known KRW per unit; it cannot take won amounts"
        ko = f"{table.id!r} 표는 한 단위가 몇 원인지 알 수 없어 원 단위 금액을 받을 수 없습니다"
        raise DataUnavailableError(msg, field="table", message_ko=ko)
    form = "shares" if allocation.shares is not None else "amounts"
    Y = np.zeros((table.n, len(investments)))
    for code, row in allocation.spending(investments).items():
        if code in NON_PURCHASES:
            continue
        k = table.index.get(code)
        if k is None:
            raise table.unknown_code(code, f"{field}.{form}.{code}")
        Y[k] += row
    return Y


@dataclasses.dataclass(frozen=True)
class RegionChoice:
    """The plan's region, or ``None`` (national figures), and how it was chosen."""

    region: Region | None
    how: Bilingual


def plan_region(plan: Plan) -> RegionChoice:
    """The region a plan is analysed for (see the module doc).

    Raises
    ------
    AmbiguousRegionError
        The city fits several regions and the plan names none (field ``region``).

    Examples
    --------
    >>> p = Plan.model_validate({"city": "창원", "investment": 1})
    >>> plan_region(p).region.key
    'gyeongnam'
    """
    if plan.region is not None:
        region = get_region(plan.region)
        return RegionChoice(
            region,
            (
                f"region given: {region.name_en} ({region.name_ko})",
                f"지역 지정: {region.name_ko}({region.name_en})",
            ),
        )
    match = resolve_city(plan.city)
    if match is None:
        return RegionChoice(
            None,
            (
                f"the city {plan.city!r} names no region of Korea, so every figure is national. "
                + REGION_HELP_EN,
                f"도시명 {plan.city!r}에서 지역을 찾지 못해 모든 수치는 전국 기준입니다. "
                + REGION_HELP_KO,
            ),
        )
    return RegionChoice(match.region, (match.how_en, match.how_ko))


def plan_engine(
    plan: Plan, model: IOModel, *, regional_basis: RegionalBasis = "national_2023"
) -> EffectsEngine:
    """The engine for ``plan``'s region on ``model``."""
    return engine_for(model, plan_region(plan).region, regional_basis=regional_basis)


def plan_effects(
    plan: Plan,
    model: IOModel,
    kinds: Sequence[ModelKind] = ("type_i",),
    *,
    local_share: float | None = None,
    field: str = "allocation",
    engine: EffectsEngine | None = None,
    bases: Sequence[Basis] | None = None,
) -> list[PlanEffects]:
    """Effects of ``plan``'s allocated spending, one :class:`PlanEffects` per model kind.

    One batched engine call: ``plan_effects(plan, model, ("type_i", "type_ii"))`` gives
    both models of the same plan with the same numbers underneath. ``bases`` gives each
    column's basis (default purchaser spending for all). ``engine`` (default
    :func:`plan_engine`) must be for ``model``.

    Examples
    --------
    >>> from impact.io import bok_2023_model
    >>> p = Plan.model_validate({"city": "부산", "investment": "500억원",
    ...                          "allocation": {"shares": {"51": 1}}})
    >>> [e] = plan_effects(p, bok_2023_model())
    >>> e.region.key, e.regional.production.total == round(e.totals["output"]["total"])
    ('busan', True)
    """
    y = plan_demand(plan, model.table, field=field)
    engine = engine or plan_engine(plan, model)
    k = len(kinds)
    batch = engine.run(
        np.repeat(y[:, np.newaxis], k, axis=1),
        kinds=kinds,
        local_share=np.full(k, 1.0 if local_share is None else local_share),
        price_years=[plan.price_year] * k,
        import_share=[IMPORT_SHARE[b] for b in bases or ["purchaser"] * k],
    )
    return [plan_effects_of(batch, c, model.table) for c in range(k)]
