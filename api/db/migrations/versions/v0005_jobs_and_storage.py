"""Jobs in the database; document sizes and owner indexes for storage quotas.

Revision ID: 0005
Revises: 0004
Created: reliability round 2 (issue 14)

* ``jobs`` and ``job_parts``: background jobs used to live in one process's memory. Each
  row now records its owner, the process running it and that process's heartbeat; a
  succeeded job's result is stored once, in parts of rows as JSON lines and as CSV
  (``job_parts``, deleted with the job).
* ``size`` on ``plans``, ``scenarios`` and ``io_tables`` -- the UTF-8 bytes of the
  documents, filled in for the rows already saved -- and an index on each ``owner``: a
  key's storage is summed on every write (``api.db.storage``) and pages of lists are cut
  by bytes without reading documents.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_SIZES = {
    "plans": ("document",),
    "scenarios": ("plan_document", "adjustments"),
    "io_tables": ("document",),
}


def _bytes(column: str, dialect: str) -> str:
    return (
        f"octet_length({column})" if dialect == "postgresql" else f"length(CAST({column} AS BLOB))"
    )


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table, columns in _SIZES.items():
        op.add_column(table, sa.Column("size", sa.Integer(), server_default="0", nullable=False))
        total = " + ".join(_bytes(c, dialect) for c in columns)
        op.execute(f"UPDATE {table} SET size = {total}")  # noqa: S608 -- names from _SIZES
        op.create_index(op.f(f"ix_{table}_owner"), table, ["owner"])
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("owner", sa.String(length=128), nullable=False),
        sa.Column("worker", sa.String(length=200), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("result_rows", sa.Integer(), nullable=True),
        sa.Column("result_bytes", sa.BigInteger(), nullable=True),
        sa.Column("result_head", sa.LargeBinary(), nullable=True),
        sa.Column("result_tail", sa.LargeBinary(), nullable=True),
        sa.Column("csv_header", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_index(op.f("ix_jobs_owner_status"), "jobs", ["owner", "status"])
    op.create_index(op.f("ix_jobs_status_heartbeat_at"), "jobs", ["status", "heartbeat_at"])
    op.create_index(op.f("ix_jobs_expires_at"), "jobs", ["expires_at"])
    op.create_table(
        "job_parts",
        sa.Column("job_id", sa.String(length=36), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_job_parts_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("job_id", "format", "seq", name=op.f("pk_job_parts")),
    )


def downgrade() -> None:
    op.drop_table("job_parts")
    op.drop_index(op.f("ix_jobs_expires_at"), table_name="jobs")
    op.drop_index(op.f("ix_jobs_status_heartbeat_at"), table_name="jobs")
    op.drop_index(op.f("ix_jobs_owner_status"), table_name="jobs")
    op.drop_table("jobs")
    for table in _SIZES:
        op.drop_index(op.f(f"ix_{table}_owner"), table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("size")
