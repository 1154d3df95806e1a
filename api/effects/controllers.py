"""``POST /v1/impact``: a final-demand shock through a table's Leontief model."""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
import numpy as np
from litestar import post
from litestar.di import NamedDependency, Provide
from litestar.params import Body
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.session import provide_session
from api.effects.schemas import (
    Amount,
    EffectOut,
    ImpactOut,
    ImpactRequest,
    RegionalOut,
    RegionalPartOut,
    SectorEffectOut,
)
from api.errors import problem_responses
from api.tables.documents import TableEntry
from api.tables.store import TableStore, provide_tables
from impact.errors import InvalidInputError
from impact.io import BOK_2023_ID, Effect, regional_split
from impact.io.iomath import FloatArray
from impact.report import display_money

__all__ = ["compute_impact", "impact_of"]

Session = NamedDependency[AsyncSession]
Tables = NamedDependency[TableStore]

_MONEY_METRICS = ("output", "value_added", "imports", "product_taxes", "income")


def _scaler(unit: float | None) -> tuple[str | None, float]:
    return (None, 1.0) if unit is None else ("KRW", unit)


def _amount(value: float, krw: bool) -> Amount:
    return round(value) if krw else value


def _effect(e: Effect | None, k: int | None, scale: float, krw: bool) -> EffectOut | None:
    """Effect totals (``k`` None) or sector ``k``, scaled to KRW when known."""
    if e is None:
        return None

    def pick(a: FloatArray) -> float:
        return float(np.sum(a)) if k is None else float(a[k])

    direct, indirect = pick(e.direct) * scale, pick(e.indirect) * scale
    induced = None if e.induced is None else pick(e.induced) * scale
    total = direct + indirect + (induced or 0.0)
    return EffectOut(
        direct=_amount(direct, krw),
        indirect=_amount(indirect, krw),
        induced=None if induced is None else _amount(induced, krw),
        total=_amount(total, krw),
    )


def _regional(region: str, y_krw: FloatArray) -> RegionalOut:
    split = regional_split(region, y_krw, krw_per_unit=1.0)

    def part(values: dict[str, float], krw: bool) -> RegionalPartOut:
        total = values["total"]
        return RegionalPartOut(
            in_region=_amount(values["in_region"], krw),
            rest_of_korea=_amount(values["rest_of_korea"], krw),
            total=_amount(total, krw),
            in_region_share=values["in_region"] / total if total else None,
        )

    return RegionalOut(
        region=split.region,
        production=part(dict(split.production), krw=True),
        value_added=part(dict(split.value_added), krw=True),
        jobs=part(dict(split.jobs), krw=False),
        excluded={code: round(v) for code, v in split.excluded.items()},
        caveat=split.caveat,
    )


def impact_of(entry: TableEntry, request: ImpactRequest) -> ImpactOut:
    """Effects of ``request.demand`` on ``entry``'s model (numpy work: call off the loop)."""
    table = entry.table
    if request.region is not None and entry.id != BOK_2023_ID:
        msg = f"regional splits use the BOK 2020 coefficients, for table {BOK_2023_ID!r} only"
        raise InvalidInputError(msg, field="region")
    unit_name, scale = _scaler(table.krw_per_unit)
    krw = unit_name is not None
    demand = {code: amount / scale for code, amount in request.demand.items()}
    result = entry.model.impact(demand, request.model)
    money = {m: result.effects[m] for m in _MONEY_METRICS}
    jobs = result.effects["jobs"]
    totals: dict[str, EffectOut | None] = {
        m: _effect(e, None, scale, krw) for m, e in money.items()
    }
    totals["jobs"] = _effect(jobs, None, 1.0, krw=False)
    sectors = [
        SectorEffectOut.model_validate(
            {
                "code": code,
                "name_ko": name_ko,
                "name_en": name_en,
                "demand": _amount(float(result.demand[k]) * scale, krw),
                "jobs": _effect(jobs, k, 1.0, krw=False),
                **{m: _effect(e, k, scale, krw) for m, e in money.items()},
            }
        )
        for k, (code, name_ko, name_en) in enumerate(table.sectors)
    ]
    display = {}
    if krw:
        for metric, effect in totals.items():
            if metric != "jobs" and effect is not None:
                display[metric] = display_money(int(effect.total))
    notes = [f"money in {'KRW' if krw else table.unit}; jobs in persons"]
    if jobs is None:
        notes.append(f"table {entry.id!r} has no employment vector: jobs are null")
    regional = None
    if request.region is not None:
        regional = _regional(request.region, result.demand * scale)
    return ImpactOut(
        table=entry.id,
        model=request.model,
        unit=unit_name or table.unit,
        demand_total=_amount(float(result.demand.sum()) * scale, krw),
        totals=totals,
        display=display,
        sectors=sectors,
        regional=regional,
        notes=notes,
    )


@post(
    "/v1/impact",
    operation_id="computeImpact",
    tags=["tables"],
    summary="Effects of final demand by sector",
    status_code=200,
    dependencies={
        "session": Provide(provide_session),
        "tables": Provide(provide_tables, sync_to_thread=False),
    },
    responses=problem_responses(400, 404, 422),
)
async def compute_impact(
    session: Session,
    tables: Tables,
    data: Annotated[ImpactRequest, Body(description="table, demand by sector, model, region")],
) -> ImpactOut:
    """Run final demand for domestic products through a table's Leontief model: output, value
    added, intermediate imports, income and (with an employment vector) jobs, split direct /
    indirect / induced (Type II), in total and by sector. Money is integer KRW when the table
    has a KRW per unit (demand accepts '100억', '₩10B' like plans); otherwise the table's unit.
    `region` adds the Sejong or Daejeon split (bok-2023 only; otherwise 422 naming `region`).
    An unknown table is 404 naming `table`; an unknown sector code is 404 naming
    `demand.<code>`, as every unknown id in this API."""
    entry = await tables.get(session, data.table, field="table")
    return await anyio.to_thread.run_sync(impact_of, entry, data)
