"""Jobs: work longer than a request should last, run in the background.

A job is created by a request that would take too long (a sweep of more than
``IMPACT_JOB_ROWS_THRESHOLD`` rows, a Monte Carlo run of more than
``IMPACT_JOB_DRAWS_THRESHOLD`` draws, or ``"async": true``): the request
answers ``202`` with the job's id and ``Location: /v1/jobs/{id}``, and the
work runs on the :class:`~runner.executors.DaskExecutor` (an in-process Dask
cluster, or ``IMPACT_DASK_SCHEDULER``) from a worker thread, off the event loop.

Decisions
---------
* The registry is **in memory**: jobs do not survive a restart of the service,
  and each service process has its own. At most ``IMPACT_MAX_JOBS`` are kept;
  the oldest finished jobs are forgotten first.
* A job's result is the body the synchronous request would have answered; a
  failed job carries the problem document it would have answered instead.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Literal
from uuid import uuid4

import anyio.to_thread
import msgspec
from litestar.datastructures import State

from api.errors import PROBLEM_TYPE_PREFIX, _status_of
from impact.errors import ImpactError, NotFoundError
from runner.executors import DaskExecutor, Executor, Progress

__all__ = ["STATE_KEY", "Job", "JobRegistry", "Work", "provide_jobs"]

logger = logging.getLogger("impact.api")

STATE_KEY = "jobs"
JobKind = Literal["sweep", "uncertainty"]
JobState = Literal["queued", "running", "succeeded", "failed"]
Work = Callable[[Executor, Progress], Any]
"""What a job runs (in a worker thread): ``work(executor, progress) -> result body``."""


class JobError(msgspec.Struct, kw_only=True):
    """Why a job failed: the problem document the request would have answered."""

    type: str
    title: str
    status: int
    detail: str
    field: str | None = None


class Job(msgspec.Struct, kw_only=True):
    """A background computation and, once done, its result."""

    id: str
    kind: JobKind
    status: JobState
    progress: float
    created_at: datetime
    updated_at: datetime
    result: Any = None
    error: JobError | None = None


def _now() -> datetime:
    return datetime.now(UTC)


class JobRegistry:
    """Jobs of this process (see the module doc)."""

    def __init__(
        self,
        *,
        max_jobs: int,
        scheduler: str | None = None,
        dashboard: str | None = None,
        rows_threshold: int = 20_000,
        draws_threshold: int = 20_000,
    ) -> None:
        self.max_jobs = max_jobs
        self.scheduler = scheduler
        self.dashboard = dashboard
        self.rows_threshold = rows_threshold
        self.draws_threshold = draws_threshold
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._tasks: set[asyncio.Task[None]] = set()
        self._executor: DaskExecutor | None = None

    @property
    def executor(self) -> DaskExecutor:
        """The Dask executor of every job (its client starts on the first job)."""
        if self._executor is None:
            self._executor = DaskExecutor(self.scheduler, dashboard_address=self.dashboard)
        return self._executor

    def get(self, job_id: str) -> Job:
        """The job ``job_id``; :class:`NotFoundError` naming ``id``."""
        job = self._jobs.get(job_id)
        if job is None:
            shown = job_id if len(job_id) <= 100 else job_id[:100] + "…"
            raise NotFoundError(
                f"no job has the id {shown!r} (jobs do not survive a restart)", field="id"
            )
        return job

    def submit(self, kind: JobKind, work: Work) -> Job:
        """Create a queued job and start ``work`` in the background; return the job."""
        now = _now()
        job = Job(id=str(uuid4()), kind=kind, status="queued", progress=0.0,
                  created_at=now, updated_at=now)  # fmt: skip
        self._jobs[job.id] = job
        self._forget_old()
        task = asyncio.get_running_loop().create_task(self._run(job, work))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return job

    def _forget_old(self) -> None:
        finished = [j.id for j in self._jobs.values() if j.status in {"succeeded", "failed"}]
        while len(self._jobs) > self.max_jobs and finished:
            del self._jobs[finished.pop(0)]

    async def _run(self, job: Job, work: Work) -> None:
        def progress(done: int, total: int) -> None:
            job.progress = done / total if total else 1.0
            job.updated_at = _now()

        job.status, job.updated_at = "running", _now()
        try:
            result = await anyio.to_thread.run_sync(work, self.executor, progress)
        except ImpactError as exc:
            job.error = JobError(
                type=PROBLEM_TYPE_PREFIX + exc.code,
                title=exc.title,
                status=_status_of(exc),
                detail=str(exc),
                field=exc.field,
            )
            job.status = "failed"
        except Exception:
            logger.exception("job %s (%s) failed", job.id, job.kind)
            job.error = JobError(
                type=PROBLEM_TYPE_PREFIX + "internal",
                title="Internal server error",
                status=500,
                detail="The job failed; it has been logged.",
            )
            job.status = "failed"
        else:
            job.result, job.progress, job.status = result, 1.0, "succeeded"
        job.updated_at = _now()

    async def close(self) -> None:
        """Cancel running jobs and close the Dask client."""
        for task in list(self._tasks):
            task.cancel()
        if self._executor is not None:
            await anyio.to_thread.run_sync(self._executor.close)


def provide_jobs(state: State) -> JobRegistry:
    """The registry the app's lifespan keeps on ``app.state``."""
    registry = state.get(STATE_KEY)
    if not isinstance(registry, JobRegistry):
        msg = "the job registry is opened by the app's lifespan, which is not running"
        raise RuntimeError(msg)
    return registry
