"""``POST /v1/audit`` and ``GET /v1/plans/{id}/audit``: a plan's claims against a table's model."""

from __future__ import annotations

from typing import Annotated, Any

import anyio.to_thread
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import Body, PathParameter, QueryParameter
from pydantic import BaseModel, ConfigDict, Discriminator, Field, RootModel, Tag
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.session import provide_session
from api.errors import problem_responses
from api.exports.negotiate import EXPORTS, FormatQuery, chosen_format, export_response
from api.plans.refs import PlanOrRef, names_saved_plan, resolve_plan
from api.plans.repository import get_plan
from api.responses import PydanticJSONResponse
from api.tables.store import TableStore, provide_tables
from impact.audit import AuditReport, audit
from impact.effects import Basis
from impact.errors import ImpactError
from impact.export import audit_sheets
from impact.io import BOK_2023_ID, IOModel
from impact.io.results import ModelKind
from impact.plan import Plan

__all__ = ["AuditBody", "AuditController", "AuditRequest"]

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


def _request_or_plan(value: Any) -> str:
    # {"id": ...} at the top is a saved plan's id put outside "plan": its error says so
    is_request = isinstance(value, AuditRequest) or (
        isinstance(value, dict) and ("plan" in value or names_saved_plan(value))
    )
    return "<request>" if is_request else "<plan>"


class AuditBody(
    RootModel[
        Annotated[
            Annotated[AuditRequest, Tag("<request>")] | Annotated[Plan, Tag("<plan>")],
            Discriminator(_request_or_plan),
        ]
    ]
):
    """An :class:`AuditRequest` (``{"plan": ..., "model": ..., "table": ...}``), or a bare plan
    (as ``POST /v1/metrics`` takes it), audited with the defaults: Type I, ``bok-2023``."""

    model_config = ConfigDict(frozen=True)

    def request(self) -> AuditRequest | None:
        """The request, or ``None`` for a bare plan."""
        return self.root if isinstance(self.root, AuditRequest) else None


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
    basis: Basis = "purchaser",
) -> AuditReport:
    entry = await tables.get(session, table, field="table")
    return await anyio.to_thread.run_sync(_audit, plan, entry.model, kind, basis, prefix)


def _answer(
    request: Request[Any, Any, Any], export: FormatQuery, report: AuditReport, label: str
) -> Response[AuditReport]:
    """The report as JSON, or as the CSV or workbook asked for."""
    fmt = chosen_format(request, export)
    if fmt == "json":
        return PydanticJSONResponse(report)
    return export_response(audit_sheets(report), fmt, f"audit-{label}")


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
        opt={EXPORTS: True},
    )
    async def audit_plan(
        self,
        request: Request[Any, Any, Any],
        session: Session,
        tables: Tables,
        data: Annotated[
            AuditBody,
            Body(description="{plan (inline or {id}), model, table}, or a bare plan"),
        ],
        export: FormatQuery = None,
    ) -> Response[AuditReport]:
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
        region, an overall verdict, the recipe and the data provenance complete it. The body
        is `{"plan": ..., "model": ..., "table": ..., "basis": ...}`, or a bare plan as
        `POST /v1/metrics` takes it (then Type I, purchaser basis, on `bok-2023`). Unknown
        plan id: 404 naming `plan.id`; unknown table: 404 naming `table`; an allocated code
        not in the table: 422 naming it. `?format=csv` (or `Accept: text/csv`) answers the
        checks as CSV, `?format=xlsx` a workbook with the summary, flags, allocation,
        regional split, caveats, sources and recipe."""
        asked = data.request()
        if asked is None:
            assert isinstance(data.root, Plan)
            report = await _run(
                session, tables, data.root, prefix=None, table=BOK_2023_ID, kind="type_i"
            )
            return _answer(request, export, report, data.root.city)
        label, plan = await resolve_plan(session, asked.plan, "plan")
        report = await _run(
            session, tables, plan, prefix="plan", table=asked.table, kind=asked.model,
            basis=asked.basis,
        )  # fmt: skip
        return _answer(request, export, report, label)

    @get(
        "/plans/{id:str}/audit",
        operation_id="getPlanAudit",
        summary="Audit of a saved plan (shareable link)",
        tags=["plans", "audit"],
        responses=problem_responses(400, 404, 422),
        opt={EXPORTS: True},
    )
    async def audit_saved(
        self,
        *,
        request: Request[Any, Any, Any],
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
        export: FormatQuery = None,
    ) -> Response[AuditReport]:
        """The same report as `POST /v1/audit` for a saved plan, as a link one can share:
        `/v1/plans/sejong-2024/audit`, or as a file: `…/audit?format=xlsx`. Unknown id: 404
        naming `id`."""
        plan = await get_plan(session, plan_id)
        report = await _run(
            session, tables, plan, prefix=None, table=table, kind=model, basis=basis
        )
        return _answer(request, export, report, plan_id)
