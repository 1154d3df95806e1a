"""``POST /v1/audit`` and ``GET /v1/plans/{id}/audit``: a plan's claims against a table's model."""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import Body, PathParameter, QueryParameter
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.session import provide_session
from api.errors import problem_responses
from api.plans.refs import PlanOrRef, resolve_plan
from api.plans.repository import get_plan
from api.tables.store import TableStore, provide_tables
from impact.audit import AuditReport, audit
from impact.effects import Basis
from impact.errors import ImpactError
from impact.io import BOK_2023_ID, IOModel
from impact.io.results import ModelKind
from impact.plan import Plan

__all__ = ["AuditController", "AuditRequest"]

Session = NamedDependency[AsyncSession]
Tables = NamedDependency[TableStore]


class AuditRequest(BaseModel):
    """The plan to audit and the model to audit it against."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    plan: PlanOrRef = Field(description="an inline plan, or {'id': ...} of a saved plan")
    model: ModelKind = Field(
        default="type_i", description="'type_i' (default) or 'type_ii' for the point estimates"
    )
    table: str = Field(default=BOK_2023_ID, min_length=1, max_length=100, description="table id")
    basis: Basis = Field(
        default="purchaser",
        description="'purchaser' (default: each sector's imports taken out of the purchases) or "
        "'domestic' (every purchase domestic output): the basis of the point estimates; both "
        "are shown",
    )


def _audit(
    plan: Plan, model: IOModel, kind: ModelKind, basis: Basis, prefix: str | None
) -> AuditReport:
    try:
        return audit(plan, model, kind=kind, basis=basis)
    except ImpactError as exc:
        if prefix and (exc.field or "").startswith("allocation"):
            raise exc.with_field_prefix(prefix) from None
        raise


async def _run(
    session: AsyncSession,
    tables: TableStore,
    plan: Plan,
    *,
    prefix: str | None,
    table: str,
    kind: ModelKind,
    basis: Basis,
) -> AuditReport:
    entry = await tables.get(session, table, field="table")
    return await anyio.to_thread.run_sync(_audit, plan, entry.model, kind, basis, prefix)


class AuditController(Controller):
    """Audits of plans against input-output models."""

    path = "/v1"
    tags = ("audit",)
    dependencies = {  # noqa: RUF012
        "session": Provide(provide_session),
        "tables": Provide(provide_tables, sync_to_thread=False),
    }

    @post(
        "/audit",
        operation_id="auditPlan",
        summary="Audit a plan's claims against an input-output model",
        status_code=200,
        responses=problem_responses(400, 404, 422),
    )
    async def audit_plan(
        self,
        session: Session,
        tables: Tables,
        data: Annotated[AuditRequest, Body(description="plan (inline or {id}), model, table")],
    ) -> AuditReport:
        """Judge each claim of the plan against the model: the claimed figure; the model's
        figure for the plan (purchases only, imports taken out on the default purchaser
        basis; both bases and Type II beside it; without an allocation, the public-spending
        average); the band within which the claim is not contradicted (the split by sector and
        the budget basis varied); the range over the sectors a public budget buys and the
        ceiling no allocation exceeds; public-spending and whole-economy averages and BOK's
        published figure with its source; a status (consistent inside the band, conservative
        below, optimistic above it, implausible above the ceiling or when an accounting
        identity fails; a double-counted headline total is not comparable) and an explanation
        in English and Korean quoting the numbers. Jobs are read as job-years and as positions
        held over the period; net taxes on production, the share that stays in the plan's
        region, an overall verdict, the recipe and the data provenance complete the report.
        Unknown plan id: 404 naming `plan.id`; unknown table: 404 naming `table`; an allocated
        code not in the table: 404 naming it."""
        _, plan = await resolve_plan(session, data.plan, "plan")
        return await _run(
            session, tables, plan, prefix="plan", table=data.table, kind=data.model,
            basis=data.basis,
        )  # fmt: skip

    @get(
        "/plans/{id:str}/audit",
        operation_id="getPlanAudit",
        summary="Audit of a saved plan (shareable link)",
        tags=["plans", "audit"],
        responses=problem_responses(400, 404, 422),
    )
    async def audit_saved(  # noqa: PLR0917 -- Litestar binds each query parameter by name
        self,
        session: Session,
        tables: Tables,
        plan_id: Annotated[str, PathParameter(name="id", description="id of a saved plan")],
        model: Annotated[ModelKind, QueryParameter(description="'type_i' or 'type_ii'")] = "type_i",
        table: Annotated[
            str, QueryParameter(min_length=1, max_length=100, description="table id")
        ] = BOK_2023_ID,
        basis: Annotated[
            Basis, QueryParameter(description="'purchaser' (default) or 'domestic'")
        ] = "purchaser",
    ) -> AuditReport:
        """The same report as `POST /v1/audit` for a saved plan, as a link one can share:
        `/v1/plans/sejong-2024/audit`. Unknown id: 404 naming `id`."""
        plan = await get_plan(session, plan_id)
        return await _run(session, tables, plan, prefix=None, table=table, kind=model, basis=basis)
