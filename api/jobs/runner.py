"""Jobs: work longer than a request should last, run in the background, kept in the database.

A job is created by a request that would take too long (a sweep of more than
``IMPACT_JOB_ROWS_THRESHOLD`` rows, a Monte Carlo run of more than
``IMPACT_JOB_DRAWS_THRESHOLD`` draws, or ``"async": true``): the request answers ``202``
with the job's id and ``Location: /v1/jobs/{id}``. The job's row is in the database
(``jobs``, migration ``0005``), so every process of the service answers for it and it
outlives the process; the work runs in the process that accepted it, in a thread of its
own pool (not the request threads), on the :class:`~runner.executors.DaskExecutor`.

Decisions
---------
* **Owner.** The key id when the request carried a valid API key (``key:<id>``), else the
  client address (``addr:<ip>``; the peer's, or the proxy's ``X-Forwarded-For`` only from
  ``IMPACT_TRUSTED_PROXIES``). Anyone with a job's id may read it (ids are unguessable
  UUID4s); only its owner may cancel it (``DELETE``, 403 for anyone else).
* **Caps** (counted in the database, across processes): at most
  ``IMPACT_JOBS_RUNNING_PER_CLIENT`` unfinished jobs per owner (429 + ``Retry-After``),
  ``IMPACT_JOBS_RUNNING`` in all (503 + ``Retry-After``), and no new job while kept
  results fill ``IMPACT_JOB_STORE_BYTES`` (503). An owner keeps at most
  ``IMPACT_JOBS_KEPT_PER_CLIENT`` finished jobs: its own oldest are deleted to make room,
  never another client's.
* **Results** are encoded once, when the job finishes, in its thread
  (:mod:`api.jobs.encoding`), and stored in the database in parts; they are served from
  there, a part at a time, never encoded again. They expire ``IMPACT_JOB_TTL`` seconds
  after the job finished (default one hour): deleted by the next sweep of any process.
* **A process that dies.** A running job's process writes a heartbeat every
  ``IMPACT_JOB_HEARTBEAT`` seconds (default 5). A job is reported failed, with the
  reason, when its process is gone: at once if that process ran on this host and its pid
  is no longer alive; after six missed heartbeats (30 s) from any host. Every process
  sweeps for such jobs at start-up and every heartbeat; a ``GET`` of a running job
  checks its own. Jobs are not resumed: submit again.
* **Cancel.** ``DELETE`` removes the job and its result. Its process notices at the next
  heartbeat (at once if it is the same process) and stops at the next chunk.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any, Final, Literal

from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.exceptions import ServiceUnavailableException, TooManyRequestsException

from api.db.session import Database
from api.errors import PROBLEM_TYPE_PREFIX, _status_of
from api.jobs import repository
from api.jobs.encoding import encode_result
from api.jobs.models import JobRow
from api.jobs.repository import CapExceeded, Caps
from api.security.keys import caller_of
from impact.errors import ImpactError
from impact.validation import error_detail_ko
from runner.executors import DaskExecutor, Executor, Progress

__all__ = [
    "STATE_KEY",
    "CapExceeded",
    "Caps",
    "JobCancelled",
    "JobRunner",
    "Work",
    "owner_of",
    "provide_jobs",
]

logger = logging.getLogger("impact.api")

STATE_KEY = "jobs"
JobKind = Literal["sweep", "uncertainty"]
Work = Callable[[Executor, Progress], Any]
"""What a job runs (in a worker thread): ``work(executor, progress) -> result body``."""
STALE_BEATS: Final = 6
"""Missed heartbeats after which a running job's process is taken for dead."""


class JobCancelled(Exception):  # noqa: N818 -- a signal, not an error
    """Raised in a job's thread when the job was deleted: its work stops."""


def owner_of(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """Who owns the jobs a request creates (see the module doc)."""
    caller = caller_of(connection)
    if caller.key_id is not None:
        return f"key:{caller.key_id}"
    client = connection.client
    return f"addr:{client.host if client else 'unknown'}"


def _now() -> datetime:
    return datetime.now(UTC)


def _problem(
    code: str, title: str, status: int, detail: str, detail_ko: str, *, field: str | None = None
) -> str:
    return json.dumps(
        {"type": PROBLEM_TYPE_PREFIX + code, "title": title, "status": status,
         "detail": detail, "detail_ko": detail_ko, "field": field}, ensure_ascii=False,
    )  # fmt: skip


DEAD = _problem(
    "job-lost", "Job lost", 500,
    "the service process running this job stopped before it finished (it is no longer "
    "running on its host); submit the request again",
    "이 작업을 실행하던 서비스 프로세스가 끝나기 전에 멈췄습니다(호스트에서 더 이상 실행되지 "
    "않습니다). 요청을 다시 보내 주세요",
)  # fmt: skip
STALE = _problem(
    "job-lost", "Job lost", 500,
    "the service process running this job stopped sending heartbeats before it finished "
    "(it stopped or lost the database); submit the request again",
    "이 작업을 실행하던 서비스 프로세스가 끝나기 전에 응답 신호를 멈췄습니다(멈췄거나 "
    "데이터베이스 연결을 잃었습니다). 요청을 다시 보내 주세요",
)  # fmt: skip
STOPPED = _problem(
    "job-lost", "Job lost", 500,
    "the service process running this job was shut down before it finished; submit the "
    "request again",
    "이 작업을 실행하던 서비스 프로세스가 끝나기 전에 종료되었습니다. 요청을 다시 보내 주세요",
)  # fmt: skip


def _worker_alive(worker: str, host: str) -> bool | None:
    """Whether the process ``worker`` ('host:pid:token') is alive; ``None``: not this host's."""
    parts = worker.rsplit(":", 2)
    if len(parts) != 3 or parts[0] != host or not parts[1].isdigit():
        return None
    try:
        os.kill(int(parts[1]), 0)  # signal 0: is there such a process?
    except ProcessLookupError:
        return False
    except PermissionError:  # there is, under another user
        return True
    return True


@dataclasses.dataclass
class _Running:
    progress: float = 0.0
    cancelled: threading.Event = dataclasses.field(default_factory=threading.Event)


class JobRunner:
    """This process's share of the jobs: it runs what it accepted and keeps the table tidy."""

    def __init__(
        self,
        database: Database,
        *,
        caps: Caps,
        ttl: timedelta,
        heartbeat: float,
        scheduler: str | None = None,
        dashboard: str | None = None,
        rows_threshold: int = 20_000,
        draws_threshold: int = 20_000,
    ) -> None:
        self.database = database
        self.caps = caps
        self.ttl = ttl
        self.heartbeat = heartbeat
        self.scheduler = scheduler
        self.dashboard = dashboard
        self.rows_threshold = rows_threshold
        self.draws_threshold = draws_threshold
        self.host = socket.gethostname()
        self.worker = f"{self.host}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
        self._running: dict[str, _Running] = {}
        self._pool = ThreadPoolExecutor(max_workers=caps.running, thread_name_prefix="job")
        self._tasks: set[asyncio.Task[None]] = set()
        self._executor: DaskExecutor | None = None
        self._executor_lock = threading.Lock()
        self._ticker: asyncio.Task[None] | None = None

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Sweep for lost and expired jobs now, then every heartbeat."""
        await self.sweep()
        self._ticker = asyncio.get_running_loop().create_task(self._tick())

    async def close(self) -> None:
        """Stop: this process's running jobs are failed (shut down), their threads told to
        stop, the Dask client closed."""
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
        for job_id, running in list(self._running.items()):
            running.cancelled.set()
            with contextlib.suppress(Exception):
                async with self.database.sessions() as session:
                    await repository.fail_job(
                        session, job_id, error=STOPPED, now=_now(), ttl=self.ttl,
                        worker=self.worker,
                    )  # fmt: skip
        for task in list(self._tasks):
            task.cancel()
        self._pool.shutdown(wait=False, cancel_futures=True)
        if self._executor is not None:
            await asyncio.get_running_loop().run_in_executor(None, self._executor.close)

    @property
    def busy(self) -> bool:
        """Whether this process runs a job now."""
        return bool(self._running)

    @property
    def executor(self) -> DaskExecutor:
        """The Dask executor of every job (its client starts with the first job)."""
        with self._executor_lock:
            if self._executor is None:
                self._executor = DaskExecutor(self.scheduler, dashboard_address=self.dashboard)
            return self._executor

    # -- submit and run --------------------------------------------------------------------

    async def submit(self, kind: JobKind, work: Work, owner: str) -> str:
        """Record a job and start ``work``; the job's id. Past a cap: 429 (this client's)
        or 503 (everyone's), with ``Retry-After``."""
        job_id = str(uuid.uuid4())
        try:
            async with self.database.sessions() as session:
                await repository.insert_job(
                    session, job_id=job_id, kind=kind, owner=owner, worker=self.worker,
                    caps=self.caps, now=_now(),
                )  # fmt: skip
        except CapExceeded as exc:
            refusal = TooManyRequestsException if exc.per_client else ServiceUnavailableException
            raise refusal(
                detail=exc.detail,
                headers={"Retry-After": str(exc.retry_after)},
                extra={"field": "body"},
            ) from None
        running = self._running[job_id] = _Running()
        task = asyncio.get_running_loop().create_task(self._run(job_id, kind, work, running))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return job_id

    def _compute(self, work: Work, running: _Running) -> Any:
        """In the job's thread: the work, then its result encoded once."""

        def progress(done: int, total: int) -> None:
            if running.cancelled.is_set():
                raise JobCancelled
            running.progress = done / total if total else 1.0

        result = work(self.executor, progress)
        if running.cancelled.is_set():
            raise JobCancelled
        return encode_result(result)

    async def _run(self, job_id: str, kind: str, work: Work, running: _Running) -> None:
        loop = asyncio.get_running_loop()
        error: str | None = None
        try:
            encoded = await loop.run_in_executor(self._pool, self._compute, work, running)
        except JobCancelled:
            self._running.pop(job_id, None)
            return
        except ImpactError as exc:
            error = _problem(
                exc.code,
                exc.title,
                _status_of(exc),
                str(exc),
                error_detail_ko(exc),
                field=exc.field,
            )
        except Exception:
            logger.exception("job %s (%s) failed", job_id, kind)
            error = _problem(
                "internal",
                "Internal server error",
                500,
                "The job failed; it has been logged.",
                "작업이 실패했습니다. 기록해 두었습니다.",
            )
        try:
            async with self.database.sessions() as session:
                if error is not None:
                    await repository.fail_job(
                        session, job_id, error=error, now=_now(), ttl=self.ttl, worker=self.worker
                    )
                else:
                    await repository.store_result(
                        session, job_id=job_id, worker=self.worker, result=encoded,
                        now=_now(), ttl=self.ttl,
                    )  # fmt: skip
        except Exception:
            logger.exception("job %s: its outcome could not be stored", job_id)
        finally:
            self._running.pop(job_id, None)

    def local_progress(self, job_id: str) -> float | None:
        """The progress of ``job_id`` if this process runs it (fresher than the database's,
        which the heartbeat updates)."""
        running = self._running.get(job_id)
        return None if running is None else running.progress

    def cancel_local(self, job_id: str) -> None:
        """Tell this process's thread of ``job_id`` (if any) to stop."""
        running = self._running.get(job_id)
        if running is not None:
            running.cancelled.set()

    # -- heartbeat and sweep ---------------------------------------------------------------

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat)
            try:
                await self.beat()
                await self.sweep()
            except Exception:  # the database may be down for a while: keep beating
                logger.warning("job heartbeat or sweep failed", exc_info=True)

    async def beat(self) -> None:
        """Record this process's running jobs as alive; stop those deleted elsewhere."""
        progress = {job_id: r.progress for job_id, r in self._running.items()}
        if not progress:
            return
        async with self.database.sessions() as session:
            alive = await repository.heartbeat(session, self.worker, progress, _now())
        for job_id in progress.keys() - alive:
            self.cancel_local(job_id)

    async def sweep(self) -> None:
        """Fail jobs whose process is gone; delete expired jobs."""
        now = _now()
        async with self.database.sessions() as session:
            workers = await repository.running_workers(session)
            dead = [w for w in workers if _worker_alive(w, self.host) is False]
            failed, deleted = await repository.reap(
                session, now=now, stale_before=now - timedelta(seconds=self.stale_after),
                dead_workers=dead, error_for={"dead": DEAD, "stale": STALE}, ttl=self.ttl,
                alive=list(self._running),
            )  # fmt: skip
        if failed or deleted:
            logger.info("jobs: %d lost job(s) failed, %d expired deleted", failed, deleted)

    async def settle(self, row: JobRow) -> bool:
        """Fail ``row`` now if it runs and its process is gone; whether it was lost (the
        stored job has changed: ``row`` is stale)."""
        if row.status not in repository.UNFINISHED or row.id in self._running:
            return False  # finished, or running here: alive, as this process knows
        now = _now()
        beat = row.heartbeat_at
        if row.worker and _worker_alive(row.worker, self.host) is False:
            error = DEAD
        elif beat is None or beat < now - timedelta(seconds=self.stale_after):
            error = STALE
        else:
            return False
        async with self.database.sessions() as session:
            await repository.fail_job(session, row.id, error=error, now=now, ttl=self.ttl)
        return True  # failed now, by this call or by a sweep that came first: read it again

    @property
    def stale_after(self) -> float:
        """Seconds without a heartbeat after which a running job is failed."""
        return STALE_BEATS * self.heartbeat


def provide_jobs(state: State) -> JobRunner:
    """The runner the app's lifespan keeps on ``app.state``."""
    runner = state.get(STATE_KEY)
    if not isinstance(runner, JobRunner):
        msg = "the job runner is started by the app's lifespan, which is not running"
        raise RuntimeError(msg)
    return runner
