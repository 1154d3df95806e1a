"""``GET /v1/jobs/{id}``: status, progress and result of a background job."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency, Provide
from litestar.params import PathParameter

from api.errors import problem_responses
from api.jobs.registry import Job, JobRegistry, provide_jobs

Jobs = NamedDependency[JobRegistry]


class JobController(Controller):
    """Background jobs (in memory: they do not survive a restart)."""

    path = "/v1/jobs"
    tags = ("jobs",)
    dependencies = {"jobs": Provide(provide_jobs, sync_to_thread=False)}  # noqa: RUF012

    @get(
        "/{id:str}",
        operation_id="getJob",
        summary="Status and result of a background job",
        responses=problem_responses(400, 404),
    )
    async def get_job(
        self,
        jobs: Jobs,
        job_id: Annotated[str, PathParameter(name="id", description="id of the job (a UUID4)")],
    ) -> Job:
        """A job created by `POST /v1/sweeps` or `POST /v1/uncertainty` (answer 202):
        `status` is queued, running, succeeded or failed; `progress` runs from 0 to 1 as
        chunks finish; `result` is the body the synchronous request would have answered,
        `error` the problem document it would have answered instead. Jobs live in the
        memory of the service process and do not survive a restart: unknown id → 404."""
        return jobs.get(job_id)
