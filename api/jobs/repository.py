"""Jobs in the database: every query of ``jobs`` and ``job_parts`` is here.

Writes go through :func:`~api.db.session.write_transaction`; the caps of
:func:`insert_job` are counted inside that transaction (on PostgreSQL after taking an
advisory lock), so two processes submitting at once cannot both take the last place.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement

from api.db.session import write_transaction
from api.jobs.encoding import ROWS_PER_PART, EncodedResult
from api.jobs.models import JobPartRow, JobRow

__all__ = [
    "UNFINISHED",
    "CapExceeded",
    "Caps",
    "delete_job",
    "fail_job",
    "get_job",
    "heartbeat",
    "insert_job",
    "part",
    "reap",
    "store_result",
]

UNFINISHED = ("queued", "running")
SUBMIT_LOCK_KEY = 0x6A6F_6273  # "jobs": serialises submissions on PostgreSQL
PARTS_PER_TRANSACTION = 8
"""Result parts written per transaction: other writers get a turn in between."""


@dataclasses.dataclass(frozen=True)
class Caps:
    """How many jobs may run and be kept (``IMPACT_JOBS_*``)."""

    running: int
    running_per_client: int
    kept_per_client: int
    store_bytes: int


class CapExceeded(Exception):  # noqa: N818 -- a refusal, answered 429 or 503
    """A cap of :class:`Caps` is reached: ``per_client`` (429) or for everyone (503)."""

    def __init__(self, detail: str, *, per_client: bool, retry_after: int) -> None:
        super().__init__(detail)
        self.detail = detail
        self.per_client = per_client
        self.retry_after = retry_after


async def _count(session: AsyncSession, *where: ColumnElement[bool]) -> int:
    found = await session.scalar(select(func.count()).select_from(JobRow).where(*where))
    return int(found or 0)


async def insert_job(
    session: AsyncSession,
    *,
    job_id: str,
    kind: str,
    owner: str,
    worker: str,
    caps: Caps,
    now: datetime,
) -> None:
    """Record a running job, or raise :class:`CapExceeded`.

    Past ``kept_per_client`` finished jobs, the owner's oldest are deleted -- its own,
    never another client's.
    """
    async with write_transaction(session):
        if session.get_bind().dialect.name == "postgresql":
            await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SUBMIT_LOCK_KEY})
        running = JobRow.status.in_(UNFINISHED)
        if await _count(session, running, JobRow.owner == owner) >= caps.running_per_client:
            raise CapExceeded(
                f"this client already runs {caps.running_per_client} job(s): wait for one "
                "to finish, or cancel it (DELETE /v1/jobs/{id})",
                per_client=True,
                retry_after=5,
            )
        if await _count(session, running) >= caps.running:
            raise CapExceeded(
                f"the service runs its most jobs at once ({caps.running}); try again shortly",
                per_client=False,
                retry_after=5,
            )
        stored = await session.scalar(select(func.coalesce(func.sum(JobRow.result_bytes), 0)))
        if int(stored or 0) >= caps.store_bytes:
            raise CapExceeded(
                "the results kept for all clients fill the job store; old ones expire "
                "(IMPACT_JOB_TTL); try again later",
                per_client=False,
                retry_after=60,
            )
        finished = (
            await session.scalars(
                select(JobRow.id)
                .where(JobRow.owner == owner, JobRow.status.not_in(UNFINISHED))
                .order_by(JobRow.created_at.desc(), JobRow.id)
                .offset(max(caps.kept_per_client - 1, 0))
            )
        ).all()
        if finished:
            await session.execute(delete(JobRow).where(JobRow.id.in_(finished)))
        session.add(
            JobRow(
                id=job_id, kind=kind, status="running", progress=0.0, owner=owner,
                worker=worker, heartbeat_at=now, created_at=now, updated_at=now,
            )
        )  # fmt: skip


async def get_job(session: AsyncSession, job_id: str) -> JobRow | None:
    """The job ``job_id``, or ``None``."""
    return await session.get(JobRow, job_id)


async def heartbeat(
    session: AsyncSession, worker: str, progress: dict[str, float], now: datetime
) -> set[str]:
    """Record that ``worker`` still runs these jobs, with their progress; return those that
    are still its own (a job deleted or failed by another process is not)."""
    alive: set[str] = set()
    if not progress:
        return alive
    async with write_transaction(session):
        for job_id, done in progress.items():
            found = await session.scalar(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.worker == worker, JobRow.status == "running")
                .values(heartbeat_at=now, updated_at=now, progress=done)
                .returning(JobRow.id)
            )
            if found is not None:
                alive.add(found)
    return alive


async def _still_mine(session: AsyncSession, job_id: str, worker: str) -> bool:
    found = await session.scalar(
        select(JobRow.id).where(
            JobRow.id == job_id, JobRow.worker == worker, JobRow.status == "running"
        )
    )
    return found is not None


async def store_result(
    session: AsyncSession,
    *,
    job_id: str,
    worker: str,
    result: EncodedResult,
    now: datetime,
    ttl: timedelta,
) -> bool:
    """Write the parts of ``result``, then mark the job succeeded; False if the job was
    deleted or taken from ``worker`` meanwhile (its parts go with it)."""
    parts = [("jsonl", i, p) for i, p in enumerate(result.jsonl)]
    parts += [("csv", i, p) for i, p in enumerate(result.csv)]
    try:
        for start in range(0, len(parts), PARTS_PER_TRANSACTION):
            async with write_transaction(session):
                if not await _still_mine(session, job_id, worker):
                    return False
                for fmt, seq, data in parts[start : start + PARTS_PER_TRANSACTION]:
                    rows = min(ROWS_PER_PART, result.rows - seq * ROWS_PER_PART)
                    session.add(
                        JobPartRow(job_id=job_id, format=fmt, seq=seq, rows=rows, data=data)
                    )
        async with write_transaction(session):
            done = await session.scalar(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.worker == worker, JobRow.status == "running")
                .values(
                    status="succeeded", progress=1.0, updated_at=now, finished_at=now,
                    expires_at=now + ttl, result_rows=result.rows, result_bytes=result.size,
                    result_head=result.head, result_tail=result.tail,
                    csv_header=result.csv_header,
                )
                .returning(JobRow.id)
            )  # fmt: skip
    except IntegrityError:  # the job row went between the check and the insert
        return False
    return done is not None


async def fail_job(
    session: AsyncSession,
    job_id: str,
    *,
    error: str,
    now: datetime,
    ttl: timedelta,
    worker: str | None = None,
) -> bool:
    """Mark a running job failed with ``error`` (a problem document as JSON)."""
    where = [JobRow.id == job_id, JobRow.status.in_(UNFINISHED)]
    if worker is not None:
        where.append(JobRow.worker == worker)
    async with write_transaction(session):
        found = await session.scalar(
            update(JobRow)
            .where(*where)
            .values(status="failed", error=error, updated_at=now, finished_at=now,
                    expires_at=now + ttl)
            .returning(JobRow.id)
        )  # fmt: skip
    return found is not None


async def delete_job(session: AsyncSession, job_id: str) -> None:
    """Delete a job and its result."""
    async with write_transaction(session):
        await session.execute(delete(JobRow).where(JobRow.id == job_id))


async def part(session: AsyncSession, job_id: str, fmt: str, seq: int) -> bytes | None:
    """Part ``seq`` of a result in ``fmt`` ('jsonl' or 'csv'), or ``None`` if gone."""
    data: bytes | None = await session.scalar(
        select(JobPartRow.data).where(
            JobPartRow.job_id == job_id, JobPartRow.format == fmt, JobPartRow.seq == seq
        )
    )
    return data


async def reap(
    session: AsyncSession,
    *,
    now: datetime,
    stale_before: datetime,
    dead_workers: Iterable[str],
    error_for: dict[str, str],
    ttl: timedelta,
    alive: Collection[str] = (),
) -> tuple[int, int]:
    """Fail the jobs whose process is gone, delete the expired ones: ``(failed, deleted)``.

    A running job's process is gone when its heartbeat is older than ``stale_before`` or
    its worker is in ``dead_workers``; ``error_for`` holds the problem document (JSON)
    for each reason, under ``"stale"`` and ``"dead"``. The jobs in ``alive`` (those the
    calling process is running, as it knows) are never stale. Reads first, and writes
    only when there is something to do: every process calls this every heartbeat.
    """
    dead = list(dead_workers)
    unfinished = JobRow.status.in_(UNFINISHED)
    stale = [unfinished, JobRow.heartbeat_at < stale_before]
    if alive:
        stale.append(JobRow.id.not_in(list(alive)))
    lost_dead = await _ids(session, unfinished, JobRow.worker.in_(dead)) if dead else []
    lost_stale = await _ids(session, *stale)
    expired = await _ids(session, JobRow.expires_at < now)
    await session.commit()  # end the reads' transaction before the write's
    if not (lost_dead or lost_stale or expired):
        return 0, 0
    failed = 0
    async with write_transaction(session):
        for ids, error in ((lost_dead, error_for["dead"]), (lost_stale, error_for["stale"])):
            if not ids:
                continue
            result = await session.execute(
                update(JobRow)
                .where(JobRow.id.in_(ids), unfinished)
                .values(status="failed", error=error, updated_at=now, finished_at=now,
                        expires_at=now + ttl)
                .returning(JobRow.id)
            )  # fmt: skip
            failed += len(result.all())
        deleted = 0
        if expired:
            gone = await session.execute(
                delete(JobRow).where(JobRow.id.in_(expired)).returning(JobRow.id)
            )
            deleted = len(gone.all())
    return failed, deleted


async def _ids(session: AsyncSession, *where: ColumnElement[bool]) -> list[str]:
    return list((await session.scalars(select(JobRow.id).where(*where).limit(1000))).all())


async def running_workers(session: AsyncSession) -> list[str]:
    """The distinct workers of unfinished jobs."""
    found = await session.scalars(
        select(JobRow.worker).where(JobRow.status.in_(UNFINISHED)).distinct()
    )
    return [w for w in found.all() if w]
