"""What ``/v1/jobs`` answers, and the ``202 Accepted`` of a request that became a job."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Final

import msgspec
from litestar import Response
from litestar.di import Provide
from litestar.openapi.datastructures import ResponseSpec

from api.db.session import provide_session
from api.errors import problem_responses
from api.jobs.models import JobRow
from api.jobs.runner import provide_jobs
from api.korean import status_ko
from api.openapi import HEADERS, LINKS
from api.responses import PydanticJSONResponse

__all__ = [
    "FORMATS",
    "JOB_OPENAPI",
    "JobAccepted",
    "JobError",
    "JobResult",
    "JobStatus",
    "ResultPage",
    "accepted",
    "job_route",
    "status_of",
]

FORMATS: Final = ("json", "jsonl", "csv")


class JobAccepted(msgspec.Struct, kw_only=True):
    """The request runs as a background job: poll ``location`` for its status and result."""

    id: str
    status: str
    location: str


class JobError(msgspec.Struct, kw_only=True):
    """Why a job failed: the problem document the request would have answered, or why the
    job was lost (its process stopped)."""

    type: str
    title: str
    status: int
    detail: str
    detail_ko: str
    field: str | None = None


class JobResult(msgspec.Struct, kw_only=True):
    """Where a succeeded job's result is, and how large it is."""

    href: str
    rows: int
    bytes: int
    formats: list[str]


class JobStatus(msgspec.Struct, kw_only=True):
    """A background job: its state and, once it succeeded, where its result is."""

    id: str
    kind: str
    status: str
    progress: float
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    expires_at: datetime | None
    error: JobError | None
    result: JobResult | None


class ResultPage(msgspec.Struct, kw_only=True):
    """``limit`` rows of a job's result from ``offset``; ``next_offset``: null on the last page."""

    items: list[Any]
    total: int
    offset: int
    limit: int
    next_offset: int | None


def status_of(row: JobRow) -> JobStatus:
    """The status document of a job's row."""
    result = None
    if row.status == "succeeded":
        rows = row.result_rows or 0
        result = JobResult(
            href=f"/v1/jobs/{row.id}/result",
            rows=rows,
            bytes=row.result_bytes or 0,
            formats=list(FORMATS) if rows else ["json"],
        )
    error = None
    if row.error:
        fields = json.loads(row.error)
        error = JobError(
            **{k: fields.get(k) for k in ("type", "title", "status", "detail", "field")},
            # a job failed before session 21 stored no Korean: its status's sentence
            detail_ko=fields.get("detail_ko") or status_ko(fields["status"]),
        )
    return JobStatus(
        id=row.id, kind=row.kind, status=row.status, progress=row.progress,
        created_at=row.created_at, updated_at=row.updated_at, finished_at=row.finished_at,
        expires_at=row.expires_at, error=error, result=result,
    )  # fmt: skip


def accepted(job_id: str) -> Response[Any]:
    """202 with the job's id and ``Location: /v1/jobs/{id}``."""
    location = f"/v1/jobs/{job_id}"
    return PydanticJSONResponse(
        JobAccepted(id=job_id, status="running", location=location),
        status_code=202,
        headers={"Location": location},
    )


JOB_OPENAPI: Final = {
    HEADERS: {202: {"Location": "path of the job, /v1/jobs/{id}"}},
    LINKS: {202: {"GetJob": ("getJob", {"id": "$response.body#/id"})}},
}
"""``opt`` of a route that may answer 202: the ``Location`` of the 202 and its link to the job."""


def job_route(accepted_when: str) -> dict[str, Any]:
    """Decorator arguments shared by every route that may answer 202 with a job.

    The request's session and the job runner as dependencies, the 202 (``accepted_when``
    says when), the route's problem statuses (429 and 503 past the job caps) and
    :data:`JOB_OPENAPI`.
    """
    return {
        "status_code": 200,
        "dependencies": {
            "session": Provide(provide_session),
            "jobs": Provide(provide_jobs, sync_to_thread=False),
        },
        "responses": {
            202: ResponseSpec(
                data_container=JobAccepted,
                description=f"{accepted_when}: accepted as a job; poll the Location "
                "(GET /v1/jobs/{id})",
                generate_examples=False,
            ),
            **problem_responses(400, 404, 413, 422, 429, 503),
        },
        "opt": JOB_OPENAPI,
    }
