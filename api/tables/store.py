"""Factorised models per table id, kept for the life of the app: ``app.state["tables"]``.

* The shipped ``bok-2023`` is built once in the lifespan, before the first request,
  and pinned (never evicted).
* Uploaded and derived tables are built when saved, or on first use after a restart,
  and kept in an LRU of ``Settings.model_cache_size`` entries: a table is validated and
  its ``I − A`` factorised once, not per request.
* Building runs in a worker thread (:func:`anyio.to_thread.run_sync`): validating and
  factorising a 500-sector table takes a fraction of a second, which must not stall the
  event loop. One lock per id makes concurrent first requests build it once.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime

import anyio
import anyio.to_thread
from litestar import Litestar
from litestar.datastructures import State
from sqlalchemy.ext.asyncio import AsyncSession

from api.tables import repository
from api.tables.documents import TableEntry, build_entry, shipped_entry
from api.tables.schemas import Origin, StoredTable

__all__ = ["STATE_KEY", "TableStore", "provide_tables", "tables_lifespan"]

STATE_KEY = "tables"


class TableStore:
    """Pinned shipped tables and an LRU of uploaded ones, by id."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._pinned: dict[str, TableEntry] = {}
        self._recent: OrderedDict[str, TableEntry] = OrderedDict()
        self._locks: dict[str, anyio.Lock] = {}

    @property
    def shipped(self) -> list[TableEntry]:
        """The pinned (shipped) tables, in the order they were pinned."""
        return list(self._pinned.values())

    def pin(self, entry: TableEntry) -> None:
        """Keep ``entry`` for the life of the store."""
        self._pinned[entry.id] = entry

    def add(self, entry: TableEntry) -> None:
        """Remember ``entry``, evicting the least recently used beyond capacity."""
        self._recent[entry.id] = entry
        self._recent.move_to_end(entry.id)
        while len(self._recent) > self.capacity:
            self._recent.popitem(last=False)

    def cached(self, table_id: str) -> TableEntry | None:
        """The entry if it is in memory (marks it recently used)."""
        if table_id in self._pinned:
            return self._pinned[table_id]
        entry = self._recent.get(table_id)
        if entry is not None:
            self._recent.move_to_end(table_id)
        return entry

    async def get(self, session: AsyncSession, table_id: str, field: str = "id") -> TableEntry:
        """The entry of ``table_id``, loading and building it if needed.

        Raises :class:`~impact.errors.NotFoundError` naming ``field`` for an unknown id.
        """
        entry = self.cached(table_id)
        if entry is not None:
            return entry
        lock = self._locks.setdefault(table_id, anyio.Lock())
        async with lock:
            entry = self.cached(table_id)
            if entry is None:
                origin, document, created_at = await repository.get_document(
                    session, table_id, field
                )
                entry = await anyio.to_thread.run_sync(
                    _rebuild, table_id, document, origin, created_at
                )
                self.add(entry)
        self._locks.pop(table_id, None)
        return entry


def _rebuild(table_id: str, document: str, origin: str, created_at: datetime) -> TableEntry:
    doc = StoredTable.model_validate_json(document)
    kind: Origin = "derived" if origin == "derived" else "uploaded"
    return build_entry(table_id, doc, origin=kind, created_at=created_at)


def tables_lifespan(capacity: int) -> Callable[[Litestar], AbstractAsyncContextManager[None]]:
    """Build the shipped tables before the first request and keep the store on ``app.state``."""

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        store = TableStore(capacity)
        store.pin(await anyio.to_thread.run_sync(shipped_entry))
        app.state[STATE_KEY] = store
        try:
            yield
        finally:
            del app.state[STATE_KEY]

    return lifespan


def provide_tables(state: State) -> TableStore:
    """The app's table store (a dependency)."""
    store = state.get(STATE_KEY)
    if not isinstance(store, TableStore):
        msg = "the table store is opened by the app's lifespan, which is not running"
        raise RuntimeError(msg)
    return store
