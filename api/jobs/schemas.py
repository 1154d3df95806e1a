"""The ``202 Accepted`` answer of a request that became a job."""

from __future__ import annotations

from typing import Any, Final

import msgspec
from litestar import Response

from api.jobs.registry import Job
from api.openapi import HEADERS, LINKS

__all__ = ["JOB_OPENAPI", "JobAccepted", "accepted"]


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
