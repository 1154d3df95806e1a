"""``POST /v1/sweeps``: many what-ifs of one plan, computed as one batched product."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import anyio.to_thread
import msgspec
from litestar import Request, Response, post
from litestar.di import NamedDependency, Provide
from litestar.params import Body
from sqlalchemy.ext.asyncio import AsyncSession

from api.engine import resolver_for, table_ids
from api.exports.negotiate import EXPORTS, FormatQuery, chosen_format, export_response
from api.jobs.runner import JobRunner, owner_of
from api.jobs.schemas import JobAccepted, accepted, job_route
from api.plans.refs import resolve_plan
from api.sweeps.schemas import SweepRequest, SweepResponse, sweep_response
from api.tables.store import TableStore, provide_tables
from impact.errors import InvalidInputError
from impact.export import sweep_sheets
from impact.plan import Plan
from impact.scenario.adjustments import Adjustment
from impact.scenario.grid import expand_grid
from impact.scenario.state import ModelFor, apply_adjustments
from impact.scenario.sweep import run_sweep
from runner.executors import Executor, Progress
from runner.work import sweep_in_chunks

Session = NamedDependency[AsyncSession]
Jobs = NamedDependency[JobRunner]
Tables = NamedDependency[TableStore]
_ROUTE = job_route("Large sweep")
_ROUTE["dependencies"]["tables"] = Provide(provide_tables, sync_to_thread=False)
_ROUTE["opt"] = {**_ROUTE["opt"], EXPORTS: True}  # also CSV and xlsx


@post(
    "/v1/sweeps",
    operation_id="runSweep",
    tags=["scenarios"],
    summary="Many what-ifs of one plan (a list of scenarios or a grid)",
    **_ROUTE,
)
async def run_sweep_handler(
    request: Request[Any, Any, Any],
    *,
    session: Session,
    jobs: Jobs,
    tables: Tables,
    data: Annotated[SweepRequest, Body(description="plan and rows (scenarios or grid)")],
    export: FormatQuery = None,
) -> Response[SweepResponse | JobAccepted]:
    """Compute every row, in input order, with one batched model product (the demand
    vectors of all rows as the columns of one matrix times the cached multipliers; the
    regional split as one more matrix product): `scenarios` lists the adjustments of each
    row, or `grid` maps `"<type>.<parameter>"` to values and takes the cartesian product
    (first key slowest). Each row has its parameters, model impacts and claim-based
    metrics as plain numbers, and equals `POST /v1/scenarios` with the same adjustments.
    At most 100,000 rows (more: 422 naming `scenarios`, 413 naming `grid`). More than
    `IMPACT_JOB_ROWS_THRESHOLD` rows (20,000) or `"async": true`: 202 and a job.
    `?format=csv` (or `Accept: text/csv`): the rows as CSV; `?format=xlsx`: a workbook with
    the rows, the notes and the sources; for a sweep answered at once (not a job: more
    rows or `"async": true` with an export is a 422 naming `format`)."""
    fmt = chosen_format(request, export)
    label, plan = await resolve_plan(session, data.plan, "plan")
    rows: Sequence[Sequence[Adjustment]]
    paths: Sequence[Sequence[str]] | None
    parameters: Sequence[dict[str, Any]] | None
    if data.grid is not None:
        grid = await anyio.to_thread.run_sync(expand_grid, data.grid)
        rows, paths, parameters = grid.rows, grid.paths, grid.parameters
        field = "grid"
    else:
        assert data.scenarios is not None
        rows, paths, parameters, field = data.scenarios, None, None, "scenarios"
    base = data.adjustments
    named = await anyio.to_thread.run_sync(lambda: table_ids(base, rows, data.grid))
    model_for = await resolver_for(tables, session, named, field)

    def compute_inline() -> SweepResponse:
        result = run_sweep(plan, rows, base=base, paths=paths, field=field, model_for=model_for)
        return sweep_response(result, parameters=parameters, rows=rows)

    def compute_job(executor: Executor, progress: Progress) -> SweepResponse:
        result = sweep_in_chunks(
            plan, rows, base=base, paths=paths, field=field, model_for=model_for,
            executor=executor, progress=progress,
        )  # fmt: skip
        return sweep_response(result, parameters=parameters, rows=rows)

    as_job = data.run_async or len(rows) > jobs.rows_threshold
    if as_job and fmt != "json":
        msg = (
            f"a {fmt} export is made for a sweep answered at once (at most "
            f"{jobs.rows_threshold:,} rows, not async); ask for JSON to run this one as a job"
        )
        raise InvalidInputError(msg, field="format")
    if as_job:
        _check_base(plan, data, model_for)
        return accepted(await jobs.submit("sweep", compute_job, owner_of(request)))
    answer = await anyio.to_thread.run_sync(compute_inline)
    if fmt == "json":
        return Response(answer)
    recipe = {
        "plan": label,
        "adjustments": data.model_dump(mode="json", by_alias=True)["adjustments"],
        "grid": data.grid,
        "scenarios": None if data.scenarios is None else len(data.scenarios),
    }
    sheets = sweep_sheets(
        msgspec.to_builtins(answer.rows), answer.notes, sources=plan.sources, recipe=recipe
    )
    return export_response(sheets, fmt, f"sweep-{label}")


def _check_base(plan: Plan, data: SweepRequest, model_for: ModelFor) -> None:
    """Errors of the common adjustments answer the request; errors of rows fail the job."""
    apply_adjustments(plan, data.adjustments, model_for=model_for)
