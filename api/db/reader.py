"""One-trip reads of a SQLite file: a plain ``sqlite3`` connection per reader thread.

Through SQLAlchemy's async engine a read of one row takes about nine trips to aiosqlite's
thread (check the connection out, ``BEGIN``, execute, fetch, close the cursor, roll back,
…), each a wake-up of that thread and of the event loop: 1.5 ms of CPU for a saved plan,
where the query itself takes microseconds. :class:`SqliteReader` runs the whole read --
one ``SELECT`` in autocommit mode, a consistent snapshot of its own -- in one call to a
small thread pool, each thread with its own connection. It is for hot single-row reads
that need no transaction with anything else (``GET /v1/plans/{id}``); everything else,
and every write, goes through the engine as before.

The connections are ``query_only`` and wait :data:`~api.db.engine.BUSY_TIMEOUT_MS` for a
lock as the engine's do (in WAL mode readers rarely meet one). A :class:`sqlite3.Error`
is the caller's to handle: the plans route then answers through the engine.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final

from sqlalchemy.engine import make_url

from api.db.engine import BUSY_TIMEOUT_MS

__all__ = ["READER_THREADS", "SqliteReader", "sqlite_file_of"]

READER_THREADS: Final = 2
"""Threads (and connections) of a reader: reads of a few microseconds each, so few."""


def sqlite_file_of(url: str) -> str | None:
    """The file of a ``sqlite…`` URL; ``None`` for another database or an in-memory one."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return database


class SqliteReader:
    """Single-statement reads of one SQLite file, each in one hop to a reader thread."""

    def __init__(self, path: str, *, threads: int = READER_THREADS) -> None:
        self.path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="sqlite-read")

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA query_only = ON")
            self._local.connection = connection
            with self._lock:
                self._connections.append(connection)
        return connection

    def _fetch_one(self, sql: str, parameters: tuple[Any, ...]) -> tuple[Any, ...] | None:
        row: tuple[Any, ...] | None = self._connection().execute(sql, parameters).fetchone()
        return row

    async def fetch_one(self, sql: str, parameters: tuple[Any, ...]) -> tuple[Any, ...] | None:
        """The first row of ``sql`` (a ``SELECT``) with ``parameters``, or ``None``."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._fetch_one, sql, parameters)

    def close(self) -> None:
        """Wait for the reads in progress, then close every connection."""
        self._pool.shutdown(wait=True)
        with self._lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
