"""The ``202 Accepted`` answer of a request that became a job."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Response

from api.jobs.registry import Job

__all__ = ["JobAccepted", "accepted"]


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
