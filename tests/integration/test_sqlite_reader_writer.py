"""The SQLite reader and writer of :mod:`api.db.reader`.

* Reads of one row, and snapshots asked for ``inline``, run on the event loop's thread, and
  in a reader thread only when a lock is in the way.
* Group commit: writes queued together share one transaction, a failing write costs only
  its caller, a failed commit is everyone's error.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from api.db.reader import GROUP_LIMIT, SqliteReader, SqliteWriter


def _writer(tmp_path: Path) -> tuple[SqliteWriter, list[str]]:
    path = tmp_path / "w.db"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)")
    writer = SqliteWriter(str(path))
    statements: list[str] = []
    writer._connect().set_trace_callback(statements.append)
    return writer, statements


def _saved(writer: SqliteWriter) -> list[int]:
    with sqlite3.connect(writer.path) as reader:
        return [k for (k,) in reader.execute("SELECT k FROM t ORDER BY k")]


def _insert(k: int) -> Callable[[sqlite3.Connection], int]:
    def work(connection: sqlite3.Connection) -> int:
        connection.execute("INSERT INTO t VALUES (?)", (k,))
        return k

    return work


async def _held(writer: SqliteWriter, release: threading.Event) -> None:
    """A write that keeps the writer's thread busy until ``release`` is set."""

    def work(connection: sqlite3.Connection) -> None:
        release.wait(10)
        connection.execute("INSERT INTO t VALUES (0)")

    await writer.run(work)


def test_writes_queued_behind_a_busy_writer_commit_together(tmp_path: Path) -> None:
    writer, statements = _writer(tmp_path)

    async def scenario() -> list[int]:
        release = threading.Event()
        first = asyncio.create_task(_held(writer, release))
        await asyncio.sleep(0.05)  # the first write is running: the others queue
        rest = [asyncio.create_task(writer.run(_insert(k))) for k in range(1, 31)]
        await asyncio.sleep(0.05)
        release.set()
        await first
        return await asyncio.gather(*rest)

    try:
        assert asyncio.run(scenario()) == list(range(1, 31))
    finally:
        writer.close()
    assert _saved(writer) == list(range(31))
    assert statements.count("COMMIT") == 2  # the first write alone, then the 30 queued ones


def test_a_failing_write_is_its_callers_error_and_the_others_are_saved(tmp_path: Path) -> None:
    writer, _ = _writer(tmp_path)

    def fails(connection: sqlite3.Connection) -> None:
        connection.execute("INSERT INTO t VALUES (5)")  # undone with the rest of this write
        raise ValueError("quota exceeded")

    async def scenario() -> list[Any]:
        release = threading.Event()
        first = asyncio.create_task(_held(writer, release))
        await asyncio.sleep(0.05)
        tasks: list[asyncio.Task[Any]] = [
            asyncio.create_task(writer.run(_insert(k))) for k in (1, 2)
        ]
        tasks.append(asyncio.create_task(writer.run(fails)))
        tasks.append(asyncio.create_task(writer.run(_insert(3))))
        tasks.append(asyncio.create_task(writer.run(_insert(1))))  # duplicate key: an error
        await asyncio.sleep(0.05)
        release.set()
        await first
        return await asyncio.gather(*tasks, return_exceptions=True)

    try:
        one, two, failed, three, duplicate = asyncio.run(scenario())
    finally:
        writer.close()
    assert (one, two, three) == (1, 2, 3)
    assert isinstance(failed, ValueError)
    assert isinstance(duplicate, sqlite3.IntegrityError)
    assert _saved(writer) == [0, 1, 2, 3]


class _CommitFails:
    """A connection whose ``COMMIT`` fails as on a full disk."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    @property
    def in_transaction(self) -> bool:
        return self.connection.in_transaction

    def close(self) -> None:
        self.connection.close()

    def execute(self, sql: str, *parameters: Any) -> sqlite3.Cursor:
        if sql == "COMMIT":
            raise sqlite3.OperationalError("database or disk is full")
        return self.connection.execute(sql, *parameters)


def test_a_failed_commit_saves_nothing_and_tells_every_caller(tmp_path: Path) -> None:
    writer, _ = _writer(tmp_path)
    writer._connection = _CommitFails(writer._connect())  # type: ignore[assignment]

    async def scenario() -> list[Any]:
        tasks = [asyncio.create_task(writer.run(_insert(k))) for k in range(1, 6)]
        return await asyncio.gather(*tasks, return_exceptions=True)

    try:
        results = asyncio.run(scenario())
    finally:
        writer.close()
    assert all(isinstance(r, sqlite3.OperationalError) for r in results)
    assert _saved(writer) == []


def test_a_write_cancelled_before_it_began_is_not_made(tmp_path: Path) -> None:
    writer, _ = _writer(tmp_path)

    async def scenario() -> None:
        release = threading.Event()
        first = asyncio.create_task(_held(writer, release))
        await asyncio.sleep(0.05)
        dropped = asyncio.create_task(writer.run(_insert(7)))
        kept = asyncio.create_task(writer.run(_insert(8)))
        await asyncio.sleep(0.05)
        dropped.cancel()
        release.set()
        await first
        assert await kept == 8
        with pytest.raises(asyncio.CancelledError):
            await dropped

    try:
        asyncio.run(scenario())
    finally:
        writer.close()
    assert _saved(writer) == [0, 8]


def test_a_group_is_at_most_the_limit(tmp_path: Path) -> None:
    writer, statements = _writer(tmp_path)
    count = GROUP_LIMIT + 20

    async def scenario() -> None:
        release = threading.Event()
        first = asyncio.create_task(_held(writer, release))
        await asyncio.sleep(0.05)
        rest = [asyncio.create_task(writer.run(_insert(k))) for k in range(1, count + 1)]
        await asyncio.sleep(0.05)
        release.set()
        await first
        await asyncio.gather(*rest)

    try:
        asyncio.run(scenario())
    finally:
        writer.close()
    assert len(_saved(writer)) == count + 1
    assert statements.count("COMMIT") == 3  # 1, then GROUP_LIMIT, then 20


def _reader(tmp_path: Path) -> SqliteReader:
    path = tmp_path / "r.db"
    with sqlite3.connect(path) as setup:
        setup.execute("PRAGMA journal_mode = WAL")
        setup.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)")
        setup.execute("INSERT INTO t VALUES (1, 'one')")
    setup.close()
    return SqliteReader(str(path))


def test_a_read_of_one_row_takes_no_thread_when_nothing_is_locked(tmp_path: Path) -> None:
    reader = _reader(tmp_path)

    async def scenario() -> list[Any]:
        return [await reader.fetch_one("SELECT v FROM t WHERE k = ?", (k,)) for k in (1, 2)]

    try:
        assert asyncio.run(scenario()) == [("one",), None]
        assert not reader._pool._threads  # no reader thread was ever started
    finally:
        reader.close()


class _Locked:
    """A connection that finds the database locked, as SQLite says with ``busy_timeout`` 0."""

    def execute(self, sql: str, *parameters: Any) -> sqlite3.Cursor:
        raise sqlite3.OperationalError("database is locked")


def test_a_read_that_meets_a_lock_waits_for_it_in_a_reader_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = _reader(tmp_path)
    monkeypatch.setattr(reader, "_inline_connection", _Locked)
    try:
        found = asyncio.run(reader.fetch_one("SELECT v FROM t WHERE k = ?", (1,)))
        assert found == ("one",)
        assert len(reader._pool._threads) == 1
    finally:
        reader.close()


def _both(connection: sqlite3.Connection) -> tuple[Any, ...]:
    return (
        connection.execute("SELECT count(*) FROM t").fetchone()[0],
        connection.execute("SELECT v FROM t WHERE k = 1").fetchone()[0],
        connection.in_transaction,
    )


def test_an_inline_snapshot_runs_on_the_loop_and_a_plain_one_in_a_thread(tmp_path: Path) -> None:
    reader = _reader(tmp_path)
    try:
        assert asyncio.run(reader.run(_both, inline=True)) == (1, "one", True)
        assert not reader._pool._threads
        assert asyncio.run(reader.run(_both)) == (1, "one", True)
        assert len(reader._pool._threads) == 1
        assert not reader._inline_connection().in_transaction  # committed
    finally:
        reader.close()


def test_an_inline_snapshot_that_meets_a_lock_is_redone_in_a_thread(tmp_path: Path) -> None:
    reader = _reader(tmp_path)
    loop_thread: list[threading.Thread] = []

    def busy_on_the_loop(connection: sqlite3.Connection) -> tuple[Any, ...]:
        if not loop_thread:  # the first attempt, on the loop: locked after its first query
            loop_thread.append(threading.current_thread())
            connection.execute("SELECT 1").fetchone()
            raise sqlite3.OperationalError("database is locked")
        assert threading.current_thread() is not loop_thread[0]
        return _both(connection)

    try:
        assert asyncio.run(reader.run(busy_on_the_loop, inline=True)) == (1, "one", True)
        assert len(reader._pool._threads) == 1
        assert not reader._inline_connection().in_transaction  # its snapshot ended: usable again
        assert asyncio.run(reader.run(_both, inline=True)) == (1, "one", True)
    finally:
        reader.close()


def test_a_database_that_cannot_be_opened_is_every_callers_error(tmp_path: Path) -> None:
    writer = SqliteWriter(str(tmp_path / "missing-directory" / "w.db"))

    async def scenario() -> None:
        with pytest.raises(sqlite3.OperationalError):
            await asyncio.wait_for(writer.run(_insert(1)), 5)

    try:
        asyncio.run(scenario())
    finally:
        writer.close()
