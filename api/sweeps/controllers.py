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
from api.exports.negotiate import (
    EXPORTS,
    StreamingFormatQuery,
    chosen_streaming_format,
    export_response,
)
from api.jobs.runner import JobRunner, owner_of
from api.jobs.schemas import JobAccepted, accepted, job_route
from api.openapi import STREAMS
from api.plans.refs import resolve_plan
from api.sweeps.schemas import SweepRequest, SweepResponse, sweep_response
from api.sweeps.stream import RowSource, SweepStream
from api.tables.store import TableStore, provide_tables
from impact.errors import InvalidInputError
from impact.export import sweep_sheets
from impact.plan import Plan
from impact.scenario.adjustments import Adjustment
from impact.scenario.grid import Grid, GridSpace, plan_grid
from impact.scenario.state import ModelFor, apply_adjustments
from runner.executors import Executor, Progress
from runner.work import sweep_in_chunks

Session = NamedDependency[AsyncSession]
Jobs = NamedDependency[JobRunner]
Tables = NamedDependency[TableStore]
_ROUTE = job_route("Large sweep")
_ROUTE["dependencies"]["tables"] = Provide(provide_tables, sync_to_thread=False)
_ROUTE["opt"] = {**_ROUTE["opt"], EXPORTS: True, STREAMS: True}  # also CSV, xlsx, JSON lines


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
    export: StreamingFormatQuery = None,
) -> Response[SweepResponse | JobAccepted]:
    """Compute every row, in input order, with one batched model product (the demand
    vectors of all rows as the columns of one matrix times the cached multipliers; the
    regional split as one more matrix product): `scenarios` lists the adjustments of each
    row, or `grid` maps `"<type>.<parameter>"` to values and takes the cartesian product
    (first key slowest). Each row has its parameters, model impacts and claim-based
    metrics as plain numbers, and equals `POST /v1/scenarios` with the same adjustments.
    At most 100,000 rows (more: 422 naming `scenarios`, 413 naming `grid`).
    JSON: more than `IMPACT_JOB_ROWS_THRESHOLD` rows (20,000) or `"async": true` gives 202
    and a job. Streamed, for any number of rows: `Accept: application/x-ndjson` (or
    `?format=ndjson`) sends one row per line as it is computed, each the row of the JSON
    answer, then a last line `{"count", "notes"}`; `Accept: text/csv` (or `?format=csv`)
    sends the rows as CSV (UTF-8 with BOM, an attachment). Errors before the first row are
    problem+json; an error in a later slice of 5,000 rows ends the JSON lines with a
    problem document as the last line and cuts the CSV off (an incomplete body).
    `?format=xlsx`: a workbook with the rows, the notes and the sources, for a sweep
    answered at once. A streamed or xlsx answer with `"async": true`, or xlsx of more
    rows, is a 422 naming `format`."""
    fmt = chosen_streaming_format(request, export)
    label, plan = await resolve_plan(session, data.plan, "plan")
    rows: Sequence[Sequence[Adjustment]]
    paths: Sequence[Sequence[str]] | None
    parameters: Sequence[dict[str, Any]] | None
    space: GridSpace | None = None
    if data.grid is not None:
        space = await anyio.to_thread.run_sync(plan_grid, data.grid)
        count, field = len(space), "grid"
    else:
        assert data.scenarios is not None
        count, field = len(data.scenarios), "scenarios"
    base = data.adjustments
    streamed = fmt in {"ndjson", "csv"}
    if streamed and data.run_async:
        msg = f"a sweep streamed as {fmt} is answered at once; ask for JSON to run it as a job"
        raise InvalidInputError(msg, field="format")
    as_job = data.run_async or count > jobs.rows_threshold
    if as_job and fmt == "xlsx":
        msg = (
            f"an xlsx export is made for a sweep answered at once (at most "
            f"{jobs.rows_threshold:,} rows, not async); ask for CSV or JSON lines to stream "
            "it, or JSON to run it as a job"
        )
        raise InvalidInputError(msg, field="format")
    if streamed:
        named = await anyio.to_thread.run_sync(
            lambda: table_ids(base, data.scenarios or (), data.grid)
        )
        model_for = await resolver_for(tables, session, named, field)
        source = RowSource.of_grid(space) if space else RowSource.of_rows(data.scenarios or [])
        stream = SweepStream(
            plan=plan, source=source, base=base, field=field, model_for=model_for,
            fmt="csv" if fmt == "csv" else "ndjson",
        )  # fmt: skip
        return await stream.response(request, f"sweep-{label}")
    if space is not None:
        grid: Grid = await anyio.to_thread.run_sync(space.rows_between, 0, len(space))
        rows, paths, parameters = grid.rows, grid.paths, grid.parameters
    else:
        assert data.scenarios is not None
        rows, paths, parameters = data.scenarios, None, None
    named = await anyio.to_thread.run_sync(lambda: table_ids(base, rows, data.grid))
    model_for = await resolver_for(tables, session, named, field)

    def compute_inline() -> SweepResponse:  # in the slices of a job and a stream
        result = sweep_in_chunks(
            plan, rows, base=base, paths=paths, field=field, model_for=model_for
        )
        return sweep_response(result, parameters=parameters, rows=rows)

    def compute_job(executor: Executor, progress: Progress) -> SweepResponse:
        result = sweep_in_chunks(
            plan, rows, base=base, paths=paths, field=field, model_for=model_for,
            executor=executor, progress=progress,
        )  # fmt: skip
        return sweep_response(result, parameters=parameters, rows=rows)

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
    return export_response(sheets, "xlsx", f"sweep-{label}")  # CSV is streamed (above)


def _check_base(plan: Plan, data: SweepRequest, model_for: ModelFor) -> None:
    """Errors of the common adjustments answer the request; errors of rows fail the job."""
    apply_adjustments(plan, data.adjustments, model_for=model_for)
