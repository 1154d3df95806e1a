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
    SectorEffectOut,
)
from api.errors import problem_responses
from api.tables.documents import TableEntry
from api.tables.store import TableStore, provide_tables
from impact.effects import (
    IMPORT_SHARE,
    MONEY_METRICS,
    Parts,
    engine_for,
    regional_effects,
    whole_won_parts,
)
from impact.errors import InvalidInputError
from impact.io import Effect
from impact.io.bok import is_bok_2023
from impact.regions import get_region
from impact.report import Display, display_model_money

__all__ = ["compute_impact", "impact_of"]

Session = NamedDependency[AsyncSession]
Tables = NamedDependency[TableStore]


def _scaler(unit: float | None) -> tuple[str | None, float]:
    return (None, 1.0) if unit is None else ("KRW", unit)


def _amount(value: float, krw: bool) -> Amount:
    return round(value) if krw else value


def _sector(e: Effect | None, k: int, scale: float, krw: bool) -> EffectOut | None:
    """Sector ``k``'s effect (where output is produced), scaled to KRW when known."""
    if e is None:
        return None
    direct, indirect = float(e.direct[k]) * scale, float(e.indirect[k]) * scale
    induced = None if e.induced is None else float(e.induced[k]) * scale
    return _out(direct, indirect, induced, direct + indirect + (induced or 0.0), krw)


def _out(
    direct: float, indirect: float, induced: float | None, total: float, krw: bool
) -> EffectOut:
    """The parts as floats in the table's unit, or as whole won that add up exactly."""
    if krw:
        d, i, n, t = whole_won_parts(direct, indirect, induced, total)
        return EffectOut(direct=d, indirect=i, induced=n, total=t)
    return EffectOut(direct=direct, indirect=indirect, induced=induced, total=total)


def _total(p: Parts | None, type_ii: bool, krw: bool) -> EffectOut | None:
    """The engine's national total of one effect (column 0)."""
    if p is None:
        return None
    induced = float(p.induced[0]) if type_ii else None
    return _out(float(p.direct[0]), float(p.indirect[0]), induced, float(p.total[0]), krw)


def impact_of(entry: TableEntry, request: ImpactRequest) -> ImpactOut:
    """Effects of ``request.demand`` on ``entry``'s model (numpy work: call off the loop).

    Totals, jobs and the regional split come from the effects engine, the same call every
    route makes; the by-sector breakdown (where output is produced) from the model.
    """
    table = entry.table
    if request.region is not None and not is_bok_2023(table):
        msg = "regional splits use the BOK 2020 coefficients, for table 'bok-2023' only"
        ko = "지역 배분은 한국은행 2020 계수를 쓰므로 'bok-2023' 표에만 쓸 수 있습니다"
        raise InvalidInputError(msg, field="region", message_ko=ko)
    unit_name, scale = _scaler(table.krw_per_unit)
    krw = unit_name is not None
    region = None if request.region is None else get_region(request.region)
    engine = engine_for(entry.model, region, regional_basis=request.regional_basis)
    y = entry.model.demand_vector(dict(request.demand))  # [KRW, or the table's unit]
    batch = engine.run(
        y[:, np.newaxis],
        kinds=[request.model],
        local_share=[request.local_share],
        price_years=[request.price_year],
        import_share=[IMPORT_SHARE[request.basis]],
    )
    type_ii = request.model == "type_ii"
    totals: dict[str, EffectOut | None] = {
        m: _total(p, type_ii, krw) for m, p in batch.money.items()
    }
    result = entry.model.impact(
        y / scale, request.model, basis="total" if request.basis == "purchaser" else "domestic"
    )
    own_jobs = result.effects["jobs"]
    totals["jobs"] = None
    if own_jobs is not None:
        totals["jobs"] = EffectOut.model_validate(own_jobs.totals())
    sectors = [
        SectorEffectOut.model_validate(
            {
                "code": code,
                "name_ko": name_ko,
                "name_en": name_en,
                "demand": _amount(float(result.demand[k]) * scale, krw),
                "jobs": _sector(own_jobs, k, 1.0, krw=False),
                **{m: _sector(result.effects[m], k, scale, krw) for m in MONEY_METRICS},
            }
        )
        for k, (code, name_ko, name_en) in enumerate(table.sectors)
    ]
    display = {}
    if krw:
        for metric, effect in totals.items():
            if metric != "jobs" and effect is not None:
                display[metric] = display_model_money(int(effect.total))
    jobs = float(batch.jobs[0])
    notes = [
        Display(
            en=f"money in {'KRW' if krw else table.unit}; jobs in persons (job-years)",
            ko=f"금액 단위 {'원' if krw else table.unit}; 취업은 명(연인원)",
        ),
        *(Display(en=en, ko=ko) for en, ko in batch.notes),
    ]
    basis = None
    if batch.jobs_rule is not None:
        en, ko = batch.jobs_basis(0)
        basis = Display(en=en, ko=ko)
    return ImpactOut(
        table=entry.id,
        model=request.model,
        unit=unit_name or table.unit,
        demand_total=_amount(float(result.demand.sum()) * scale, krw),
        totals=totals,
        jobs=jobs if np.isfinite(jobs) else None,
        jobs_basis=basis,
        display=display,
        sectors=sectors,
        regional=None if batch.regional is None else regional_effects(batch.regional, 0, table),
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
    indirect / induced (Type II), in total and by sector, and jobs. Money is integer KRW when
    the table has a KRW per unit (demand accepts '100억', '₩10B' like plans); otherwise the
    table's unit. `region` (any of the 17, `GET /v1/regions`) adds the split between the region
    and the rest of Korea and takes jobs from its coefficients (bok-2023 only; otherwise 422
    naming `region`); `regional_basis: "bok_2020"` gives the 2020 coefficients' own figures.
    An unknown table is 404 naming `table`; a sector code the table lacks is 422 naming
    `demand.<code>` (the table exists; the demand does not fit it)."""
    entry = await tables.get(session, data.table, field="table")
    return await anyio.to_thread.run_sync(impact_of, entry, data)
