"""One-trip reads and writes of a SQLite file: plain ``sqlite3`` connections, off the loop.

Through SQLAlchemy's async engine a read of one row takes about nine trips to aiosqlite's
thread (check the connection out, ``BEGIN``, execute, fetch, close the cursor, roll back,
…), each a wake-up of that thread and of the event loop: 1.5 ms of CPU for a saved plan,
where the query itself takes microseconds. :class:`SqliteReader` runs the whole read --
one ``SELECT`` in autocommit mode, a consistent snapshot of its own -- in one call to a
small thread pool, each thread with its own connection. It is for hot single-row reads
that need no transaction with anything else (``GET /v1/plans/{id}``, a plan a comparison
names); everything else goes through the engine as before. A read of one row by its key
(:meth:`SqliteReader.fetch_one`) first runs on the event loop's own thread, with a
connection that never waits for a lock: it takes the query's microseconds (WAL readers
meet a lock only in rare moments of a checkpoint), where the hop to a thread and back
cost a turn of the loop each way -- under ``make load`` the read p50 went 28-36 → 18-19 ms
at two workers, throughput unchanged. A read that meets a lock goes to a reader thread,
which waits for it. A snapshot of a few queries (:meth:`SqliteReader.run` ``inline``: a page
of plans near the front) is tried there the same way: in a reader thread each row
fetched takes the GIL back from the busy loop (README, Performance).

:class:`SqliteWriter` does the same for a write transaction: ``BEGIN IMMEDIATE``, the
statements, ``COMMIT``, all in one call to its one thread -- which is also the process's
queue of such writes (saving a plan). Under load a write through the engine holds the
SQLite write lock across a dozen round trips, each waiting for a turn of a busy event loop:
64 clients managed 60 saves/s, most of them waiting in the write queue. Its connection has
the engine's pragmas (WAL, ``synchronous = FULL``: a committed plan is on disk); writes
through the engine, and other processes, wait for the lock in ``busy_timeout`` as before.
A write already begun finishes (commits) even if its request is cancelled meanwhile; one
cancelled before it began is not made. The writes queued while the thread commits are
committed together next (group commit): with ``synchronous = FULL`` every ``COMMIT`` waits for
the disk (≈ 5 ms here), and one transaction per write held one worker to ≈ 185 saves/s, with
most of ``make load``'s 64 clients waiting on a save (p50 300 ms).

Sessions carry both (``session.info``, :func:`reader_of`, :func:`writer_of`), so that the
repositories need no extra arguments; a session inside a transaction gets neither, as its
reads must see its own writes.

The connections are ``query_only`` and wait :data:`~api.db.engine.BUSY_TIMEOUT_MS` for a
lock as the engine's do (in WAL mode readers rarely meet one). A :class:`sqlite3.Error`
is the caller's to handle: the plans route then answers through the engine.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import sqlite3
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final, Generic, TypeVar

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.engine import BUSY_TIMEOUT_MS, prepare_sqlite_connection

__all__ = [
    "GROUP_LIMIT",
    "READER_KEY",
    "READER_THREADS",
    "WRITER_KEY",
    "SqliteReader",
    "SqliteWriter",
    "reader_of",
    "sqlite_file_of",
    "writer_of",
]

READER_KEY: Final = "sqlite_reader"
WRITER_KEY: Final = "sqlite_writer"
T = TypeVar("T")

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

    def _connection(
        self, name: str = "connection", busy_timeout_ms: int = BUSY_TIMEOUT_MS
    ) -> sqlite3.Connection:
        """The calling thread's read-only connection ``name``, waiting ``busy_timeout_ms`` for
        a lock."""
        connection: sqlite3.Connection | None = getattr(self._local, name, None)
        if connection is None:
            connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            connection.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
            connection.execute("PRAGMA query_only = ON")
            setattr(self._local, name, connection)
            with self._lock:
                self._connections.append(connection)
        return connection

    def _fetch_one(self, sql: str, parameters: tuple[Any, ...]) -> tuple[Any, ...] | None:
        row: tuple[Any, ...] | None = self._connection().execute(sql, parameters).fetchone()
        return row

    async def fetch_one(self, sql: str, parameters: tuple[Any, ...]) -> tuple[Any, ...] | None:
        """The first row of ``sql`` (a ``SELECT`` of one row by key) with ``parameters``, or
        ``None``: here on the event loop's thread when no lock is in the way, else in a
        reader thread, which waits for the lock."""
        try:
            row: tuple[Any, ...] | None = (
                self._inline_connection().execute(sql, parameters).fetchone()
            )
        except sqlite3.OperationalError:  # busy (or worse): the thread waits, or raises
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._pool, self._fetch_one, sql, parameters)
        return row

    def _inline_connection(self) -> sqlite3.Connection:
        """The calling (event loop's) thread's connection for reads there: it never waits
        for a lock (``busy_timeout`` 0), so a read on the loop takes the query's
        microseconds or fails."""
        return self._connection("inline", busy_timeout_ms=0)

    def _snapshot(
        self, work: Callable[[sqlite3.Connection], T], connection: sqlite3.Connection | None = None
    ) -> T:
        connection = connection or self._connection()
        connection.execute("BEGIN")
        try:
            return work(connection)
        finally:
            connection.execute("COMMIT")

    async def run(self, work: Callable[[sqlite3.Connection], T], *, inline: bool = False) -> T:
        """``work(connection)``, its statements in one read transaction (one snapshot): in a
        reader thread, or with ``inline`` (for work of microseconds) first on the event loop's
        thread, as :meth:`fetch_one` does, and in the thread only if a lock is in the way."""
        if inline:
            with contextlib.suppress(sqlite3.OperationalError):  # busy: the thread waits
                return self._snapshot(work, self._inline_connection())
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._snapshot, work)

    def close(self) -> None:
        """Wait for the reads in progress, then close every connection."""
        self._pool.shutdown(wait=True)
        with self._lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()


class SqliteWriter:
    """Write transactions on one SQLite file, committed by the writer's one thread in groups.

    Each :meth:`run` queues its work; the thread takes every write queued by then (at most
    :data:`GROUP_LIMIT`) and runs them in one ``BEGIN IMMEDIATE`` transaction, each inside a
    savepoint, then commits once: one sync of the WAL for the group (group commit), where a
    transaction per write paid one each. A write's caller hears back only after that
    ``COMMIT``, as before, so what it is told is saved is on disk. A write that raises is
    rolled back to its savepoint and its caller gets the error; the others are unaffected.
    If the ``COMMIT`` fails, nothing of the group is saved and every caller gets the error.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self._queue: deque[_Write[Any]] = deque()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-write")

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            prepare_sqlite_connection(connection)
            self._connection = connection
        return self._connection

    def _commit_group(self) -> None:
        """Run the writes queued so far in one transaction (the writer's thread)."""
        group: list[_Write[Any]] = []
        while self._queue and len(group) < GROUP_LIMIT:
            write = self._queue.popleft()
            if not write.future.cancelled():  # a write not begun is dropped with its request
                group.append(write)
        if not group:
            return
        try:
            connection = self._connect()
            connection.execute("BEGIN IMMEDIATE")
        except BaseException as exc:  # its callers hear of it; nobody awaits this thread
            _answer_all(group, exc)
            return
        done: list[tuple[_Write[Any], Any]] = []
        try:
            for write in group:
                connection.execute("SAVEPOINT one_write")
                try:
                    result = write.work(connection)
                except Exception as exc:  # its caller's error, raised there
                    connection.execute("ROLLBACK TO one_write")
                    connection.execute("RELEASE one_write")
                    write.answer(exc)
                    continue
                connection.execute("RELEASE one_write")
                done.append((write, result))
            connection.execute("COMMIT")
        except BaseException as exc:  # nothing of the group is saved: every caller is told
            with contextlib.suppress(sqlite3.Error):
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
            _answer_all([write for write in group if not write.answered], exc)
            return
        for write, result in done:
            write.answer(None, result)

    async def run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """``work(connection)`` in a ``BEGIN IMMEDIATE`` transaction, maybe with other writes:
        committed when it returns, rolled back if it raises (and the error raised here)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        write = _Write(work, future, loop)
        self._queue.append(write)
        loop.run_in_executor(self._pool, self._commit_group)
        return await future

    def close(self) -> None:
        """Wait for the writes in progress, then close the connection."""
        self._pool.shutdown(wait=True)
        if self._connection is not None:
            self._connection.close()
            self._connection = None


GROUP_LIMIT: Final = 100
"""Writes one transaction of :class:`SqliteWriter` takes at most."""


@dataclasses.dataclass
class _Write(Generic[T]):
    """One queued write: its work, and the future its caller awaits on its loop."""

    work: Callable[[sqlite3.Connection], T]
    future: asyncio.Future[T]
    loop: asyncio.AbstractEventLoop
    answered: bool = False

    def answer(self, error: BaseException | None, result: Any = None) -> None:
        """Tell the caller (from the writer's thread): the result, or the error."""
        self.answered = True
        with contextlib.suppress(RuntimeError):  # its loop is closed: nobody is waiting
            self.loop.call_soon_threadsafe(_settle, self.future, error, result)


def _settle(future: asyncio.Future[Any], error: BaseException | None, result: Any) -> None:
    if future.cancelled():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


def _answer_all(writes: list[_Write[Any]], error: BaseException) -> None:
    for write in writes:
        write.answer(error)


def reader_of(session: AsyncSession) -> SqliteReader | None:
    """The session's SQLite reader; ``None`` on PostgreSQL or inside a transaction."""
    found = session.info.get(READER_KEY)
    if not isinstance(found, SqliteReader) or session.in_transaction():
        return None
    return found


def writer_of(session: AsyncSession) -> SqliteWriter | None:
    """The session's SQLite writer; ``None`` on PostgreSQL or inside a transaction."""
    found = session.info.get(WRITER_KEY)
    if not isinstance(found, SqliteWriter) or session.in_transaction():
        return None
    return found
