"""``/v1/jobs/{id}``: a background job's status, its result (whole, in pages, as JSON lines
or CSV), and its cancellation by its owner. See :mod:`api.jobs.runner` for the rules."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated, Any, Final, Literal

from litestar import Controller, Request, Response, delete, get
from litestar.di import NamedDependency, Provide
from litestar.exceptions import HTTPException
from litestar.params import PathParameter, QueryParameter
from litestar.response import Stream
from litestar.status_codes import HTTP_406_NOT_ACCEPTABLE, HTTP_409_CONFLICT

from api.errors import problem_responses
from api.jobs import repository
from api.jobs.encoding import ROWS_PER_PART, jsonl_to_array
from api.jobs.models import JobRow
from api.jobs.runner import JobRunner, owner_of, provide_jobs
from api.jobs.schemas import JobStatus, status_of
from api.openapi import CONTENT, LINKS
from impact.errors import NotFoundError, PermissionDeniedError

__all__ = ["JobController"]

Jobs = NamedDependency[JobRunner]
JobId = Annotated[str, PathParameter(name="id", description="id of the job (a UUID4)")]
Format = Literal["json", "jsonl", "csv"]
MAX_PAGE_ROWS: Final = 10_000
MEDIA_TYPES: Final = {
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "csv": "text/csv",  # Litestar adds "; charset=utf-8" to text/*
}
_ACCEPTED: Final[dict[str, Format]] = {
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/json-lines": "jsonl",
    "text/csv": "csv",
    "application/json": "json",
}


def _not_found(job_id: str, ttl_s: float) -> NotFoundError:
    shown = job_id if len(job_id) <= 100 else job_id[:100] + "…"
    return NotFoundError(
        f"no job has the id {shown!r}: it never existed, was cancelled, or finished more "
        f"than {ttl_s / 3600:g} h ago (results expire)",
        field="id",
        message_ko=f"id가 {shown!r}인 작업이 없습니다: 없었거나, 취소되었거나, 끝난 지 "
        f"{ttl_s / 3600:g}시간이 넘었습니다 (결과는 만료됩니다)",
    )


def _format_of(asked: Format | None, accept: str) -> Format:
    """``?format=`` if given, else the first media type of ``Accept`` we serve, else JSON."""
    if asked is not None:
        return asked
    for item in accept.split(","):
        found = _ACCEPTED.get(item.split(";")[0].strip().lower())
        if found is not None:
            return found
    return "json"


async def _job(jobs: JobRunner, job_id: str) -> JobRow:
    async with jobs.database.sessions() as session:
        row = await repository.get_job(session, job_id)
    if row is None or (row.expires_at is not None and row.expires_at < datetime.now(UTC)):
        raise _not_found(job_id, jobs.ttl.total_seconds())
    if await jobs.settle(row):  # it was running, and its process is gone
        async with jobs.database.sessions() as session:
            row = await repository.get_job(session, job_id)
        if row is None:
            raise _not_found(job_id, jobs.ttl.total_seconds())
    return row


async def _parts(
    jobs: JobRunner, job_id: str, fmt: str, first: int, last: int
) -> AsyncIterator[tuple[int, bytes]]:
    """Parts ``first``…``last`` (inclusive) of a result, each read in a session of its own."""
    for seq in range(first, last + 1):
        async with jobs.database.sessions() as session:
            data = await repository.part(session, job_id, fmt, seq)
        if data is None:  # deleted (expired or cancelled) while being served
            return
        yield seq, data


def _lines(data: bytes, skip: int, keep: int, newline: bytes) -> bytes:
    """Lines ``skip`` … ``skip + keep`` of a part (whole part when it is all wanted)."""
    lines = data.split(newline)[:-1]  # each line ends with ``newline``
    if skip == 0 and keep >= len(lines):
        return data
    return b"".join(line + newline for line in lines[skip : skip + keep])


class JobController(Controller):
    """Background jobs, kept in the database (they survive a restart)."""

    path = "/v1/jobs"
    tags = ("jobs",)
    dependencies = {"jobs": Provide(provide_jobs, sync_to_thread=False)}  # noqa: RUF012

    @get(
        "/{id:str}",
        operation_id="getJob",
        summary="Status of a background job",
        responses=problem_responses(400, 404),
        opt={
            LINKS: {
                200: {
                    "GetJobResult": ("getJobResult", {"id": "$response.body#/id"}),
                    "CancelJob": ("cancelJob", {"id": "$response.body#/id"}),
                }
            }
        },
    )
    async def get_job(self, jobs: Jobs, job_id: JobId) -> JobStatus:
        """A job created by `POST /v1/sweeps` or `POST /v1/uncertainty` (answer 202):
        `status` is running, succeeded or failed; `progress` runs from 0 to 1 as chunks
        finish (as of the last heartbeat when another process runs it); `error` is the
        problem document the request would have answered (or why the job was lost: its
        service process stopped); `result` says where the result is
        (`GET /v1/jobs/{id}/result`), its rows and bytes. Any process of the service
        answers (jobs live in the database) and they survive a restart; a finished job is
        kept `IMPACT_JOB_TTL` seconds (1 h), then 404."""
        status = status_of(await _job(jobs, job_id))
        progress = jobs.local_progress(job_id) if status.status == "running" else None
        if progress is not None:
            status.progress = progress
        return status

    @get(
        "/{id:str}/result",
        operation_id="getJobResult",
        summary="Result of a succeeded job: whole, a page, JSON lines or CSV",
        responses=problem_responses(400, 404, 406, 409, 422),
        opt={
            CONTENT: {
                200: {
                    "application/x-ndjson": "format=jsonl: one row per line, each a JSON object",
                    "text/csv": "format=csv: a header line, then one row per line",
                }
            }
        },
    )
    async def get_result(  # noqa: PLR0917 -- one parameter per query parameter
        self,
        request: Request[Any, Any, Any],
        jobs: Jobs,
        job_id: JobId,
        format: Annotated[  # noqa: A002 -- the query parameter's name
            Format | None,
            QueryParameter(
                description="json (default), jsonl (one row per line) or csv; or send "
                "Accept: application/x-ndjson or text/csv"
            ),
        ] = None,
        offset: Annotated[
            int | None, QueryParameter(ge=0, le=1_000_000, description="first row to send")
        ] = None,
        limit: Annotated[
            int | None,
            QueryParameter(ge=1, le=MAX_PAGE_ROWS, description="most rows to send"),
        ] = None,
    ) -> Response[Any]:
        """The result of a succeeded job, served from what was stored when it finished
        (never encoded again). JSON without `offset`/`limit`: the body the synchronous
        request would have answered. JSON with `offset` or `limit`: a page of rows,
        `{items, total, offset, limit, next_offset}` (`limit` ≤ 10,000, default 1,000).
        `format=jsonl` (or `Accept: application/x-ndjson`): the rows as JSON lines;
        `format=csv` (or `Accept: text/csv`): the rows as CSV with a header line, sweep
        parameters as columns; both stream every row, or `limit` rows from `offset`. A Monte
        Carlo result has no rows: JSON only (406 otherwise). A job not (yet) succeeded:
        409 naming `id`."""
        row = await _job(jobs, job_id)
        if row.status != "succeeded":
            state = "is still running" if row.status == "running" else "failed"
            raise HTTPException(
                status_code=HTTP_409_CONFLICT,
                detail=f"job {job_id!r} {state}: it has no result; GET /v1/jobs/{job_id}",
                extra={"field": "id"},
            )
        fmt = _format_of(format, request.headers.get("accept", ""))
        total = row.result_rows or 0
        paged = offset is not None or limit is not None
        if total == 0 and (fmt != "json" or paged):
            raise HTTPException(
                status_code=HTTP_406_NOT_ACCEPTABLE,
                detail="this job's result has no rows: ask for the whole JSON answer",
                extra={"field": "format" if fmt != "json" else "offset"},
            )
        if fmt == "json" and not paged:
            return self._whole(jobs, row)
        start = min(offset or 0, total)
        default = ROWS_PER_PART if fmt == "json" else total  # a page, or every row
        count = max(min(limit or default, total - start), 0)
        return self._rows(jobs, row, fmt, start, count)

    @staticmethod
    def _whole(jobs: JobRunner, row: JobRow) -> Response[Any]:
        head, tail, total = row.result_head or b"", row.result_tail or b"", row.result_rows or 0

        async def body() -> AsyncIterator[bytes]:
            yield head
            last = (total - 1) // ROWS_PER_PART
            async for seq, data in _parts(jobs, row.id, "jsonl", 0, last if total else -1):
                yield (b"," if seq else b"") + jsonl_to_array(data)
            yield tail

        headers = {"Content-Length": str(row.result_bytes)} if row.result_bytes else {}
        return Stream(body(), media_type=MEDIA_TYPES["json"], headers=headers)

    @staticmethod
    def _rows(jobs: JobRunner, row: JobRow, fmt: Format, start: int, count: int) -> Response[Any]:
        total = row.result_rows or 0
        part_format = "csv" if fmt == "csv" else "jsonl"
        newline = b"\r\n" if fmt == "csv" else b"\n"

        async def rows() -> AsyncIterator[bytes]:
            if count == 0:
                return
            first, last = start // ROWS_PER_PART, (start + count - 1) // ROWS_PER_PART
            async for seq, data in _parts(jobs, row.id, part_format, first, last):
                begins = seq * ROWS_PER_PART
                skip = max(start - begins, 0)
                keep = min(start + count, begins + ROWS_PER_PART) - max(start, begins)
                yield _lines(data, skip, keep, newline)

        async def body() -> AsyncIterator[bytes]:
            if fmt == "csv":
                yield row.csv_header or b""
            if fmt != "json":
                async for chunk in rows():
                    yield chunk
                return
            yield b'{"items":['
            first = True
            async for chunk in rows():
                yield (b"" if first else b",") + jsonl_to_array(chunk)
                first = False
            after = start + count
            following = str(after).encode() if after < total else b"null"
            yield (
                b'],"total":%d,"offset":%d,"limit":%d,"next_offset":%s}'
                % (total, start, count, following)
            )

        return Stream(body(), media_type=MEDIA_TYPES[fmt])

    @delete(
        "/{id:str}",
        operation_id="cancelJob",
        summary="Cancel a job and delete its result",
        status_code=204,
        responses=problem_responses(400, 403, 404),
    )
    async def cancel_job(self, request: Request[Any, Any, Any], jobs: Jobs, job_id: JobId) -> None:
        """Cancel a running job (it stops at its next chunk) or delete a finished one with
        its result; 204. Only its owner may: the API key that created it, or -- for a job
        created without a key -- the same client address (403 naming `id` otherwise)."""
        async with jobs.database.sessions() as session:
            found = await repository.get_job(session, job_id)
            if found is None:
                raise _not_found(job_id, jobs.ttl.total_seconds())
            if found.owner != owner_of(request):
                raise PermissionDeniedError(
                    f"job {job_id!r} belongs to another client: only the API key or "
                    "address that created a job may cancel it",
                    field="id",
                    message_ko=f"작업 {job_id!r}은(는) 다른 클라이언트의 것입니다: 작업을 만든 API "
                    "키나 주소만 취소할 수 있습니다",
                )
            await session.commit()
            await repository.delete_job(session, job_id)
        jobs.cancel_local(job_id)
