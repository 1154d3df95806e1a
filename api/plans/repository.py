"""Saved plans in the database: every query of the ``plans`` table is here.

Every function takes the caller's :class:`AsyncSession`. Reads run in the session's
own (deferred) transaction; each write is one statement inside
:func:`~api.db.session.write_transaction`, so a failed write leaves what was saved
untouched. Other slices (comparisons, scenarios) read a saved plan with
:func:`get_plan`.

Decisions
---------
* New plans get a random UUID4 string as id: unguessable, never colliding, and
  free of the romanisation a slug of a Korean city name would need. The shipped
  plans keep their stable ids (``sejong-2024``, ``daejeon-2018``).
* Seeds are inserted if absent (``INSERT … ON CONFLICT (id) DO NOTHING``), on
  every start: a user's edit of a seed is never overwritten, two processes starting
  at once insert each seed once, and a deleted seed comes back at the next start.
* The city filter is a case-insensitive substring match (``lower(city) LIKE
  '%' || lower(:city) || '%'``, with ``%`` and ``_`` in the filter escaped).
* ``owner`` holds the key id of the API key that created a plan (``None`` for seeds and
  for plans saved while no keys were configured). Replace and delete take a
  ``may_change(owner)`` predicate and check it on the row they lock, inside their own
  write transaction, so that no other write slips in between check and change.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence, Set
from datetime import UTC, datetime
from typing import Any, Final
from uuid import uuid4

from pydantic_core import to_json
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.dml import ReturningInsert

from api.db.base import utc_instant
from api.db.engine import CommitOutcomeUnknown
from api.db.pgdirect import PostgresDirectError, pg_direct_of
from api.db.reader import reader_of, writer_of
from api.db.session import Database, write_transaction
from api.db.storage import (
    ensure_room,
    ensure_room_postgres,
    ensure_room_sqlite,
    fits_in_budget,
    fits_in_page,
    limits_of,
    off_the_loop,
    size_of,
)
from api.plans.models import PlanRow
from api.plans.schemas import PlanPage, PlanRecord
from impact.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from impact.plan import Plan
from impact.regions import names_of_region_named

__all__ = [
    "create_plan",
    "delete_plan",
    "get_plan",
    "get_plan_record",
    "insert_missing_seeds",
    "list_plans",
    "new_plan_id",
    "plan_page_json",
    "replace_plan",
    "saved_plan_json",
]


def new_plan_id() -> str:
    """A fresh id for a plan saved through the API (a UUID4 string)."""
    return str(uuid4())


def _now() -> datetime:
    return datetime.now(UTC)


def _document(plan: Plan) -> str:
    """``Plan.model_dump(mode="json")`` as JSON text."""
    return plan.model_dump_json()


def _not_found(plan_id: str) -> NotFoundError:
    shown = plan_id if len(plan_id) <= 100 else plan_id[:100] + "…"
    return NotFoundError(
        f"no saved plan has the id {shown!r}",
        field="id",
        message_ko=f"id가 {shown!r}인 저장된 계획이 없습니다",
    )


OwnerCheck = Callable[[str | None], bool]
"""``may_change(owner)``: whether the caller may replace or delete a plan with this owner."""


def _anyone(_owner: str | None) -> bool:
    return True


async def _check_owner(
    session: AsyncSession, plan_id: str, may_change: OwnerCheck, versions: Set[int] | None
) -> tuple[str | None, int]:
    """Lock the row of ``plan_id``; its owner and size. :class:`NotFoundError`,
    :class:`PermissionDeniedError`, or :class:`StaleVersionError` when the stored version is
    not one of ``versions`` (those the caller's ``If-Match`` names; ``None``: any)."""
    found = (
        await session.execute(
            select(PlanRow.owner, PlanRow.size, PlanRow.version)
            .where(PlanRow.id == plan_id)
            .with_for_update()
        )
    ).one_or_none()
    if found is None:
        raise _not_found(plan_id)
    if not may_change(found.owner):
        whose = "a shipped plan" if found.owner is None else "saved with another API key"
        msg = f"plan {plan_id!r} is {whose}: only the key that saved a plan may change or delete it"
        ko_whose = "제공된 계획" if found.owner is None else "다른 API 키로 저장된 계획"
        ko = (
            f"계획 {plan_id!r}은(는) {ko_whose}입니다: 계획을 저장한 키만 바꾸거나 지울 수 있습니다"
        )
        raise PermissionDeniedError(msg, field="id", message_ko=ko)
    if versions is not None and found.version not in versions:
        named = ", ".join(map(str, sorted(versions)))
        why = (
            "that version was never stored"
            if min(versions) > found.version
            else "it was changed since you read it; read it again and redo your change"
        )
        why_ko = (
            "그 버전은 저장된 적이 없습니다"
            if min(versions) > found.version
            else "읽은 뒤에 바뀌었습니다. 다시 읽고 변경을 다시 하세요"
        )
        msg = f"plan {plan_id!r} is at version {found.version}, not {named}: {why}"
        ko = f"계획 {plan_id!r}은(는) 버전 {named}이(가) 아니라 {found.version}입니다: {why_ko}"
        raise StaleVersionError(msg, field="If-Match", version=int(found.version), message_ko=ko)
    return found.owner, int(found.size)


async def _stored_document(session: AsyncSession, plan_id: str) -> str | None:
    """The stored document of ``plan_id`` (``None``: no such plan), by PostgreSQL's direct
    pool outside a transaction (:mod:`api.db.pgdirect`); by the session where there is none or
    its read fails."""
    pg_direct = pg_direct_of(session)
    if pg_direct is not None:
        try:
            row = await pg_direct.fetch_one("SELECT document FROM plans WHERE id = $1", plan_id)
        except PostgresDirectError:
            pass  # the session reads it below
        else:
            return None if row is None else str(row[0])
    return await session.scalar(select(PlanRow.document).where(PlanRow.id == plan_id))


def _record(row: PlanRow) -> PlanRecord:
    return PlanRecord(
        id=row.id,
        plan=Plan.model_validate_json(row.document),
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def _city_filter(city: str | None, dialect: str) -> list[ColumnElement[bool]]:
    """Plans whose city contains ``city``, ignoring case, or a name of the region ``city``
    names: ``sejong`` finds ``세종`` too, ``세종시`` finds ``Sejong City``.

    The text as typed goes through ``lower()`` (on SQLite Python's, one call a row); the
    region's names (ASCII letters or Hangul) through SQLite's own ``LIKE``, which ignores
    ASCII case, or PostgreSQL's ``ILIKE``: extra names cost no call. A name containing the
    text or another name finds nothing more, and is left out.
    """
    if not city:
        return []
    typed = city.lower()
    names = {name.lower() for name in names_of_region_named(city)}
    needed = sorted(
        name
        for name in names
        if typed not in name and not any(other in name for other in names - {name})
    )
    match = PlanRow.city.icontains if dialect == "postgresql" else PlanRow.city.contains
    return [
        or_(
            func.lower(PlanRow.city).contains(typed, autoescape=True),
            *(match(name, autoescape=True) for name in needed),
        )
    ]


async def get_plan(session: AsyncSession, plan_id: str) -> Plan:
    """The saved plan ``plan_id``.

    Raises
    ------
    NotFoundError
        No plan has this id (``field="id"``; the API answers 404).
    """
    reader = reader_of(session)
    if reader is not None:  # SQLite, outside a transaction: one trip (api.db.reader)
        found = await reader.fetch_one("SELECT document FROM plans WHERE id = ?", (plan_id,))
        document = None if found is None else str(found[0])
    else:
        document = await _stored_document(session, plan_id)
    if document is None:
        raise _not_found(plan_id)
    return await off_the_loop(len(document), lambda: Plan.model_validate_json(document))


async def get_plan_record(session: AsyncSession, plan_id: str) -> PlanRecord:
    """The saved plan ``plan_id`` with its timestamps and version; :class:`NotFoundError`."""
    row = await session.get(PlanRow, plan_id)
    if row is None:
        raise _not_found(plan_id)
    return await off_the_loop(len(row.document), lambda: _record(row))


_INSERT_SQL = (
    "INSERT INTO plans (id, city, document, created_at, updated_at, version, size, owner) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_PG_SQL = _INSERT_SQL.replace("(?, ?, ?, ?, ?, ?, ?, ?)", "($1, $2, $3, $4, $5, $6, $7, $8)")


def _sqlite_text(instant: datetime) -> str:
    """A ``UTCDateTime`` as the engine stores it on SQLite: naive UTC text, microseconds."""
    return instant.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


_RECORD_SQL = "SELECT document, created_at, updated_at, version FROM plans WHERE id = ?"
"""The columns of :func:`saved_plan_json`, for the SQLite reader (:mod:`api.db.reader`)."""
_RECORD_PG_SQL = _RECORD_SQL.replace("?", "$1")


def _sqlite_instant(value: str) -> datetime:
    """A ``UTCDateTime`` as SQLite keeps it (naive UTC text), as the engine reads it back."""
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


async def saved_plan_json(database: Database, plan_id: str) -> tuple[bytes, int] | None:
    """The JSON of :func:`get_plan_record`'s answer, made from the row without validating
    its document again, and the plan's version; ``None`` if no plan has this id.

    The stored document *is* the plan's JSON (``Plan.model_dump_json()`` of a validated
    plan, and the documents saved by earlier versions are rewritten so by migration 0006),
    so it is written out as it is, between the record's other fields, in
    :class:`~api.plans.schemas.PlanRecord`'s order and encoding. On SQLite the row comes in
    one trip to a reader thread (:mod:`api.db.reader`), on PostgreSQL through its direct pool
    (:mod:`api.db.pgdirect`); elsewhere through one connection of the engine. Raises what
    the reader raises (:class:`sqlite3.Error`, :class:`PostgresDirectError`).
    """
    if database.reader is not None:
        row = await database.reader.fetch_one(_RECORD_SQL, (plan_id,))
        if row is None:
            return None
        document, created, updated, version = row
        created_at, updated_at = _sqlite_instant(created), _sqlite_instant(updated)
    elif database.pg_direct is not None:
        found = await database.pg_direct.fetch_one(_RECORD_PG_SQL, plan_id)
        if found is None:
            return None
        document, created, updated, version = found
        created_at, updated_at = utc_instant(created), utc_instant(updated)
    else:
        columns = (PlanRow.document, PlanRow.created_at, PlanRow.updated_at, PlanRow.version)
        async with database.engine.connect() as connection:
            result = await connection.execute(select(*columns).where(PlanRow.id == plan_id))
            found = result.one_or_none()
        if found is None:
            return None
        document, created_at, updated_at, version = found
    return _record_json(plan_id, document, created_at, updated_at, version), int(version)


def _record_json(
    plan_id: str, document: str, created_at: datetime, updated_at: datetime, version: int
) -> bytes:
    """A :class:`PlanRecord`'s JSON around a stored document (see :func:`saved_plan_json`)."""
    return b"".join(
        (
            b'{"id":', to_json(plan_id), b',"plan":', document.encode(),
            b',"created_at":', to_json(created_at), b',"updated_at":', to_json(updated_at),
            b',"version":', str(int(version)).encode(), b"}",
        )
    )  # fmt: skip


_PAGE_SIZES_SQL = "SELECT id, size FROM plans ORDER BY created_at, id LIMIT ? OFFSET ?"
_PAGE_ROWS_SQL = (
    "SELECT id, document, created_at, updated_at, version FROM plans WHERE id IN ({}) "
    "ORDER BY created_at, id"
)


_PAGE_SIZES_PG_SQL = "SELECT id, size FROM plans ORDER BY created_at, id LIMIT $1 OFFSET $2"
_PAGE_ROWS_PG_SQL = _PAGE_ROWS_SQL.format("SELECT unnest($1::varchar[])")


_PLAN_TOTAL_SQL = "SELECT coalesce(sum(plans), 0) FROM plan_counts"
"""The number of saved plans, from the counts triggers keep per owner
(:class:`api.plans.models.PlanCountRow`): a row per key that saved a plan, where ``count(*)``
walked the whole table (on SQLite 1.75 ms at 100,000 plans with its pages in memory, 3.3 ms
without)."""
INLINE_PAGE_END: Final = 1_000
"""A page is read on the event loop's thread (:meth:`SqliteReader.run` ``inline``) when it
ends within this many rows from the start (``offset + limit``): SQLite walks the skipped
ones (an offset of 10,000 costs 0.3 ms). Past it, in a reader thread. Under ``make load``
the thread cost more than the queries: each row fetched there takes the GIL back from the
busy loop."""
INLINE_PAGE_BYTES: Final = 256 * 1024
"""Nor when the page's documents come to more (fetched and decoded at ≈ 1.5 ms a MiB: a page
holding an 8 MiB plan took 9-15 ms of the loop); such a page is redone in the reader thread."""


class _LargePage(sqlite3.OperationalError):
    """A page tried on the loop whose documents exceed ``INLINE_PAGE_BYTES``: the reader redoes
    it in its thread, as it does a read that meets a lock."""


async def plan_page_json(database: Database, *, limit: int, offset: int) -> bytes | None:
    """The JSON of :func:`list_plans`' answer without a city filter, its documents written
    out as stored (see :func:`saved_plan_json`); ``None`` where there is no reader (the
    caller then uses :func:`list_plans`). The same queries, in one read transaction, in one
    trip to a reader thread (:mod:`api.db.reader`) or on PostgreSQL's direct pool
    (:mod:`api.db.pgdirect`)."""
    budget = database.storage.page_bytes
    on_loop = offset + limit <= INLINE_PAGE_END

    def chosen(sized: Sequence[tuple[Any, ...]]) -> list[str]:
        return [plan_id for plan_id, _ in sized[: fits_in_budget(budget, [s for _, s in sized])]]

    def page(connection: sqlite3.Connection) -> tuple[int, list[tuple[Any, ...]]]:
        nonlocal on_loop
        (total,) = connection.execute(_PLAN_TOTAL_SQL).fetchone()
        sized = connection.execute(_PAGE_SIZES_SQL, (limit, offset)).fetchall()
        ids = chosen(sized)
        if on_loop and sum(size for _, size in sized[: len(ids)]) > INLINE_PAGE_BYTES:
            on_loop = False  # large documents: fetched and decoded in the reader thread
            raise _LargePage
        if not ids:
            return int(total), []
        marks = ", ".join("?" * len(ids))
        rows = connection.execute(_PAGE_ROWS_SQL.format(marks), ids).fetchall()
        return int(total), [
            (i, d, _sqlite_instant(c), _sqlite_instant(u), v) for i, d, c, u, v in rows
        ]

    async def pg_page(connection: Any) -> tuple[int, list[tuple[Any, ...]]]:
        total = await connection.fetchval(_PLAN_TOTAL_SQL)
        ids = chosen(await connection.fetch(_PAGE_SIZES_PG_SQL, limit, offset))
        if not ids:
            return int(total), []
        rows = await connection.fetch(_PAGE_ROWS_PG_SQL, ids)
        return int(total), [(i, d, utc_instant(c), utc_instant(u), v) for i, d, c, u, v in rows]

    if database.reader is not None:
        total, rows = await database.reader.run(page, inline=on_loop)
    elif database.pg_direct is not None:
        total, rows = await database.pg_direct.read(pg_page)
    else:
        return None
    items = b",".join(_record_json(*row) for row in rows)
    after = offset + len(rows)
    next_offset = str(after).encode() if after < total else b"null"
    return b"".join(
        (
            b'{"items":[', items, b'],"total":', str(total).encode(), b',"limit":',
            str(limit).encode(), b',"offset":', str(offset).encode(), b',"next_offset":',
            next_offset, b"}",
        )
    )  # fmt: skip


async def list_plans(
    session: AsyncSession, *, limit: int, offset: int, city: str | None = None
) -> PlanPage:
    """A page of saved plans ordered by ``created_at`` then ``id``, optionally by city:
    at most ``limit`` plans and the page's byte budget (:mod:`api.db.storage`)."""
    where = _city_filter(city, session.get_bind().dialect.name)
    total = await session.scalar(select(func.count()).select_from(PlanRow).where(*where)) or 0
    order = (PlanRow.created_at, PlanRow.id)
    sizes = select(PlanRow.id, PlanRow.size).where(*where).order_by(*order)
    sized = (await session.execute(sizes.limit(limit).offset(offset))).all()
    ids = [plan_id for plan_id, _ in sized[: fits_in_page(session, [s for _, s in sized])]]
    rows: Sequence[PlanRow] = []
    if ids:
        chosen = select(PlanRow).where(PlanRow.id.in_(ids)).order_by(*order)
        rows = (await session.scalars(chosen)).all()
    after = offset + len(ids)
    items = await off_the_loop(sum(r.size for r in rows), lambda: [_record(r) for r in rows])
    return PlanPage(
        items=items, total=total, limit=limit, offset=offset,
        next_offset=after if after < total else None,
    )  # fmt: skip


async def create_plan(session: AsyncSession, plan: Plan, *, owner: str | None = None) -> PlanRecord:
    """Save ``plan`` under a new id, at version 1, owned by ``owner`` (a key id or none)."""
    now = _now()
    document = _document(plan)
    plan_id, size = new_plan_id(), size_of(document)
    writer = writer_of(session)
    if writer is not None:  # SQLite: the whole transaction in one trip (api.db.reader), no ORM row
        quota = limits_of(session).quota_bytes
        stamp = _sqlite_text(now)
        values = (plan_id, plan.city, document, stamp, stamp, 1, size, owner)

        def insert(connection: sqlite3.Connection) -> None:
            ensure_room_sqlite(connection, quota, owner, size)
            connection.execute(_INSERT_SQL, values)

        await writer.run(insert)
    elif not await _saved_directly(session, plan_id, plan.city, document, now, size, owner):
        row = PlanRow(
            id=plan_id, city=plan.city, document=document, created_at=now, updated_at=now,
            version=1, size=size, owner=owner,
        )  # fmt: skip
        async with write_transaction(session):
            await ensure_room(session, owner, size)
            session.add(row)
    return PlanRecord(id=plan_id, plan=plan, created_at=now, updated_at=now, version=1)


async def _saved_directly(  # noqa: PLR0917 -- the row's columns
    session: AsyncSession,
    plan_id: str,
    city: str,
    document: str,
    now: datetime,
    size: int,
    owner: str | None,
) -> bool:
    """Save the row by PostgreSQL's direct pool (:mod:`api.db.pgdirect`): the quota checked
    on the owner's locked row, then the ``INSERT``, in one transaction. ``False`` when there
    is no such pool or it failed before the ``COMMIT`` (nothing saved: the caller saves
    through the session); :class:`CommitOutcomeUnknown` (503) when the connection failed
    during the ``COMMIT``, which may have landed."""
    pg_direct = pg_direct_of(session)
    if pg_direct is None:
        return False
    quota = limits_of(session).quota_bytes

    async def insert(connection: Any) -> None:
        await ensure_room_postgres(connection, quota, owner, size)
        await connection.execute(_INSERT_PG_SQL, plan_id, city, document, now, now, 1, size, owner)

    try:
        await pg_direct.write(insert)
    except PostgresDirectError as exc:
        if exc.committing:
            raise CommitOutcomeUnknown(
                f"connection lost while saving plan {plan_id}: {exc}"
            ) from exc
        return False
    return True


async def replace_plan(
    session: AsyncSession,
    plan_id: str,
    plan: Plan,
    *,
    may_change: OwnerCheck = _anyone,
    versions: Set[int] | None = None,
) -> PlanRecord:
    """Replace the document of ``plan_id`` and bump its version.

    Raises :class:`NotFoundError` (no such plan), :class:`PermissionDeniedError`
    (``may_change(owner)`` is false) or :class:`StaleVersionError` (``versions`` given and
    the stored one not among them); each leaves the plan unchanged.
    """
    now = _now()
    document = _document(plan)
    async with write_transaction(session):
        owner, old_size = await _check_owner(session, plan_id, may_change, versions)
        await ensure_room(session, owner, size_of(document), freeing=old_size)
        result = await session.execute(
            update(PlanRow)
            .where(PlanRow.id == plan_id)
            .values(
                city=plan.city,
                document=document,
                updated_at=now,
                version=PlanRow.version + 1,
                size=size_of(document),
            )
            .returning(PlanRow.created_at, PlanRow.version)
        )
        changed = result.one_or_none()
        if changed is None:
            raise _not_found(plan_id)
    created_at, version = changed
    return PlanRecord(id=plan_id, plan=plan, created_at=created_at, updated_at=now, version=version)


async def delete_plan(
    session: AsyncSession,
    plan_id: str,
    *,
    may_change: OwnerCheck = _anyone,
    versions: Set[int] | None = None,
) -> None:
    """Delete ``plan_id``; :class:`NotFoundError`, :class:`PermissionDeniedError` or
    :class:`StaleVersionError`, as :func:`replace_plan`."""
    async with write_transaction(session):
        await _check_owner(session, plan_id, may_change, versions)
        deleted = await session.scalar(
            delete(PlanRow).where(PlanRow.id == plan_id).returning(PlanRow.id)
        )
        if deleted is None:
            raise _not_found(plan_id)


def _insert_if_absent(dialect: str, rows: list[dict[str, Any]]) -> ReturningInsert[str]:
    if dialect == "postgresql":
        pg = postgresql.insert(PlanRow).values(rows).on_conflict_do_nothing(index_elements=["id"])
        return pg.returning(PlanRow.id)
    if dialect == "sqlite":
        lite = sqlite.insert(PlanRow).values(rows).on_conflict_do_nothing(index_elements=["id"])
        return lite.returning(PlanRow.id)
    msg = f"seeding supports sqlite and postgresql, not {dialect!r}"
    raise NotImplementedError(msg)


async def insert_missing_seeds(session: AsyncSession, seeds: Mapping[str, Plan]) -> list[str]:
    """Insert each of ``seeds`` (id → plan) whose id is not saved yet; the ids inserted."""
    if not seeds:
        return []
    now = _now()
    rows = [
        {
            "id": plan_id,
            "city": plan.city,
            "document": _document(plan),
            "created_at": now,
            "updated_at": now,
            "version": 1,
            "size": size_of(_document(plan)),
            "owner": None,
        }
        for plan_id, plan in seeds.items()
    ]
    async with write_transaction(session):
        statement = _insert_if_absent(session.get_bind().dialect.name, rows)
        inserted = (await session.scalars(statement)).all()
    return sorted(inserted)
