"""How much a client may store, and how much a list may return at once.

* **Quota.** Each owner -- an API key, or, while no keys are configured, everyone together
  (the ``owner`` column is then null) -- may store at most ``IMPACT_STORAGE_QUOTA_BYTES``
  of plans, saved scenarios and tables (the UTF-8 bytes of their documents, kept in each
  row's ``size``, and per owner in ``storage_use``, kept by triggers: :mod:`api.db.usage`).
  A write that would go beyond is refused with 413 naming ``body``; what is saved stays as
  it is; a write that stores no more than it replaces always passes. Checked inside the
  write's transaction.
* **Pages.** A list (``GET /v1/plans``, ``GET /v1/scenarios``) returns at most ``limit``
  items *and* at most ``IMPACT_LIST_PAGE_BYTES`` of documents -- but always one item --
  and says where the next page starts (``next_offset``). One key's 100 plans of 525 KB
  used to make every anonymous ``GET /v1/plans?limit=100`` answer 52.6 MB.

The limits travel with the sessions of the app's database (``session.info``), so that the
repositories need no extra arguments; a session without them (scripts, tests) has none.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar

import anyio.to_thread
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.usage import NO_OWNER
from impact.errors import LimitExceededError

__all__ = [
    "INFO_KEY",
    "OFF_LOOP_BYTES",
    "StorageLimits",
    "ensure_room",
    "ensure_room_postgres",
    "ensure_room_sqlite",
    "fits_in_budget",
    "fits_in_page",
    "limits_of",
    "off_the_loop",
    "size_of",
]

INFO_KEY: Final = "storage"
OFF_LOOP_BYTES: Final = 64 * 1024
"""Documents larger than this are read back (validated) in a worker thread: a plan of
0.5 MB takes 60 ms to validate, which the event loop would not spend on anything else."""

T = TypeVar("T")


async def off_the_loop(size: int, read: Callable[[], T]) -> T:
    """``read()`` -- turning stored documents back into models -- in a worker thread when
    they are larger than :data:`OFF_LOOP_BYTES` in all, else here (a thread hop costs more)."""
    if size <= OFF_LOOP_BYTES:
        return read()
    return await anyio.to_thread.run_sync(read)


@dataclasses.dataclass(frozen=True)
class StorageLimits:
    """``quota_bytes`` per owner, ``page_bytes`` per list page; ``None``: no limit."""

    quota_bytes: int | None = None
    page_bytes: int | None = None


def limits_of(session: AsyncSession) -> StorageLimits:
    """The limits of the database this session belongs to."""
    found = session.info.get(INFO_KEY)
    return found if isinstance(found, StorageLimits) else StorageLimits()


def size_of(*documents: str) -> int:
    """Bytes a row's documents take (UTF-8)."""
    return sum(len(document.encode()) for document in documents)


# The owner's row, created if missing and locked to the end of the transaction: two writes
# by one owner at once would otherwise both read the same total and both pass (PostgreSQL
# runs them side by side; SQLite's one writer never does, and the statement is harmless there).
_USED_LOCKED_SQL: Final = (
    "INSERT INTO storage_use (owner, bytes) VALUES ({}, 0) "
    "ON CONFLICT (owner) DO UPDATE SET bytes = storage_use.bytes RETURNING bytes"
)
_USED_LOCKED: Final = text(_USED_LOCKED_SQL.format(":owner"))


async def _used(session: AsyncSession, owner: str | None) -> int:
    return int(await session.scalar(_USED_LOCKED, {"owner": _owner_key(owner)}) or 0)


def _owner_key(owner: str | None) -> str:
    return NO_OWNER if owner is None else owner


_USED_SQLITE: Final = "SELECT bytes FROM storage_use WHERE owner = ?"


def ensure_room_sqlite(
    connection: sqlite3.Connection,
    quota: int | None,
    owner: str | None,
    adding: int,
    freeing: int = 0,
) -> None:
    """:func:`ensure_room` on a plain SQLite connection (:class:`api.db.reader.SqliteWriter`),
    inside its transaction: the same bytes kept per owner, the same refusal."""
    if quota is None:
        return
    found = connection.execute(_USED_SQLITE, (_owner_key(owner),)).fetchone()
    _check_room(quota, 0 if found is None else int(found[0]), owner, adding, freeing)


async def ensure_room_postgres(
    connection: Any, quota: int | None, owner: str | None, adding: int
) -> None:
    """:func:`ensure_room` on an asyncpg connection (:class:`api.db.pgdirect.PostgresDirect`),
    inside its transaction: the same bytes kept per owner, locked the same way."""
    if quota is None:
        return
    used = await connection.fetchval(_USED_LOCKED_SQL.format("$1"), _owner_key(owner))
    _check_room(quota, int(used or 0), owner, adding, 0)


async def ensure_room(
    session: AsyncSession, owner: str | None, adding: int, freeing: int = 0
) -> None:
    """Refuse (413 naming ``body``) a write of ``adding`` bytes (replacing ``freeing``)
    that would take ``owner`` beyond its quota. Call inside the write's transaction: the
    owner's count stays locked until it ends, so concurrent writes are checked in turn."""
    quota = limits_of(session).quota_bytes
    if quota is None:
        return
    _check_room(quota, await _used(session, owner), owner, adding, freeing)


def _check_room(quota: int, used: int, owner: str | None, adding: int, freeing: int) -> None:
    # A write that stores no more than it replaces is always let through: an owner already
    # over the quota (it was lowered) must be able to shrink what it keeps.
    if adding <= freeing or used - freeing + adding <= quota:
        return
    whose = "this API key" if owner is not None else "the service (no API keys)"
    raise LimitExceededError(
        f"storage quota: {whose} stores {used:,} bytes of plans, scenarios and tables; "
        f"this write would add {adding - freeing:,} more and the quota is {quota:,} "
        "(IMPACT_STORAGE_QUOTA_BYTES): delete a plan or a saved scenario (tables are kept "
        "for good), or save something smaller",
        field="body",
    )


def fits_in_page(session: AsyncSession, sizes: Sequence[int]) -> int:
    """How many of the leading ``sizes`` fit in one page's byte budget (at least one)."""
    return fits_in_budget(limits_of(session).page_bytes, sizes)


def fits_in_budget(budget: int | None, sizes: Sequence[int]) -> int:
    """How many of the leading ``sizes`` fit in ``budget`` bytes (at least one)."""
    if budget is None:
        return len(sizes)
    used = 0
    for count, size in enumerate(sizes):
        used += size
        if used > budget and count > 0:
            return count
    return len(sizes)
