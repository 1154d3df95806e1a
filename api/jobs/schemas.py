"""The ``202 Accepted`` answer of a request that became a job."""

from __future__ import annotations

from typing import Any, Final

import msgspec
from litestar import Response
from litestar.di import Provide
from litestar.openapi.datastructures import ResponseSpec

from api.db.session import provide_session
from api.errors import problem_responses
from api.jobs.registry import Job, provide_jobs
from api.openapi import HEADERS, LINKS

__all__ = ["JOB_OPENAPI", "JobAccepted", "accepted", "job_route"]


class JobAccepted(msgspec.Struct, kw_only=True):
    """The request runs as a background job: poll ``location`` for its status and result."""

    id: str
    status: str
    location: str


def accepted(job: Job) -> Response[Any]:
    """202 with the job's id and ``Location: /v1/jobs/{id}``."""
    location = f"/v1/jobs/{job.id}"
    return Response(
        JobAccepted(id=job.id, status=job.status, location=location),
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

    The request's session and the job registry as dependencies, the 202 (``accepted_when``
    says when) and the route's problem statuses as responses, and :data:`JOB_OPENAPI`.
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
            **problem_responses(400, 404, 413, 422),
        },
        "opt": JOB_OPENAPI,
    }
