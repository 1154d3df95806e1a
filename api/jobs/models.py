"""The ``jobs`` and ``job_parts`` tables (created by migration ``0005``).

A job's row says who owns it, which process runs it and when that process last said so
(``worker``, ``heartbeat_at``), and, once it succeeded, where its result is: the bytes of
the answer before and after its rows (``result_head``, ``result_tail``) and the rows
themselves in :class:`JobPartRow` parts of :data:`~api.jobs.encoding.ROWS_PER_PART`
rows each, once as JSON lines and once as CSV -- encoded once, when the job finished.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from api.db.base import Base, UTCDateTime

__all__ = ["JobPartRow", "JobRow"]


class JobRow(Base):
    """One background job: its state, its owner, its running process, its result's frame."""

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_owner_status", "owner", "status"),
        Index("ix_jobs_status_heartbeat_at", "status", "heartbeat_at"),
        Index("ix_jobs_expires_at", "expires_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), doc="'sweep' or 'uncertainty'")
    status: Mapped[str] = mapped_column(
        String(16), doc="'queued', 'running', 'succeeded' or 'failed'"
    )
    progress: Mapped[float] = mapped_column(Float, doc="0 to 1, as chunks finish")
    owner: Mapped[str] = mapped_column(
        String(128), doc="'key:<key id>' or 'addr:<client address>' (api.jobs.runner)"
    )
    worker: Mapped[str | None] = mapped_column(
        String(200), default=None, doc="'<host>:<pid>:<token>' of the process running it"
    )
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    expires_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime(), default=None, doc="finished_at + IMPACT_JOB_TTL: deleted after"
    )
    error: Mapped[str | None] = mapped_column(Text, default=None, doc="problem document (JSON)")
    result_rows: Mapped[int | None] = mapped_column(Integer, default=None)
    result_bytes: Mapped[int | None] = mapped_column(
        BigInteger, default=None, doc="bytes of the whole JSON answer"
    )
    result_head: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    result_tail: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    csv_header: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)


class JobPartRow(Base):
    """Consecutive rows of a job's result in one format ('jsonl' or 'csv')."""

    __tablename__ = "job_parts"

    job_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True
    )
    format: Mapped[str] = mapped_column(String(8), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, doc="0, 1, … in row order")
    rows: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
