"""Uploaded and derived tables in the database: every query of ``io_tables`` is here.

Decisions
---------
* Ids are UUID4 strings, as for saved plans; the shipped ``bok-2023`` is not stored.
* The document is the validated upload as JSON text (a 500-sector table is a few MB);
  ``name``, ``origin``, ``unit`` and ``sectors`` are copied into columns so that a list
  of tables never reads documents.
* Tables are immutable once saved (no replace or delete yet), so a factorised model
  cached by id never goes stale.
* ``owner`` holds the key id of the API key that uploaded or derived a table (``None`` when
  no keys were configured), as for saved plans; nothing changes a table, so nothing
  checks it yet.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.session import write_transaction
from api.db.storage import ensure_room, size_of
from api.tables.models import IOTableRow
from api.tables.schemas import Origin, TableSummary
from impact.errors import NotFoundError

__all__ = ["count_tables", "get_document", "insert_table", "list_tables", "new_table_id"]


def new_table_id() -> str:
    """A fresh id for an uploaded or derived table (a UUID4 string)."""
    return str(uuid4())


def not_found(table_id: str, field: str = "id") -> NotFoundError:
    """The error for an unknown table id (the API answers 404)."""
    shown = table_id if len(table_id) <= 100 else table_id[:100] + "…"
    return NotFoundError(
        f"no input-output table has the id {shown!r}",
        field=field,
        message_ko=f"id가 {shown!r}인 산업연관표가 없습니다",
    )


async def insert_table(
    session: AsyncSession,
    *,
    table_id: str,
    name: str,
    origin: Origin,
    unit: str,
    sectors: int,
    document: str,
    owner: str | None = None,
) -> datetime:
    """Save a table document owned by ``owner`` (a key id or none); the time it was saved."""
    now = datetime.now(UTC)
    row = IOTableRow(
        id=table_id,
        name=name,
        origin=origin,
        unit=unit,
        sectors=sectors,
        document=document,
        created_at=now,
        size=size_of(document),
        owner=owner,
    )
    async with write_transaction(session):
        await ensure_room(session, owner, row.size)
        session.add(row)
    return now


async def get_document(
    session: AsyncSession, table_id: str, field: str = "id"
) -> tuple[str, str, datetime]:
    """``(origin, document JSON, created_at)`` of a saved table; :class:`NotFoundError`."""
    found = (
        await session.execute(
            select(IOTableRow.origin, IOTableRow.document, IOTableRow.created_at).where(
                IOTableRow.id == table_id
            )
        )
    ).one_or_none()
    if found is None:
        raise not_found(table_id, field)
    origin, document, created_at = found
    return origin, document, created_at


async def count_tables(session: AsyncSession) -> int:
    """Number of saved tables."""
    return await session.scalar(select(func.count()).select_from(IOTableRow)) or 0


async def list_tables(session: AsyncSession, *, limit: int, offset: int) -> list[TableSummary]:
    """A page of saved tables, oldest first (ties by id), without their documents."""
    if limit <= 0:
        return []
    rows = await session.execute(
        select(
            IOTableRow.id,
            IOTableRow.name,
            IOTableRow.origin,
            IOTableRow.sectors,
            IOTableRow.unit,
            IOTableRow.created_at,
        )
        .order_by(IOTableRow.created_at, IOTableRow.id)
        .limit(limit)
        .offset(offset)
    )
    return [
        TableSummary(id=i, name=name, origin=origin, n=n, unit=unit, created_at=created)
        for i, name, origin, n, unit, created in rows
    ]
