"""The plan store below the API: migrations, connection set-up, seeding, transactions.

Runs on SQLite, and on PostgreSQL when ``IMPACT_TEST_POSTGRES_URL`` is set.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from pydantic import ValidationError
from sqlalchemy import Connection, delete, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.base import Base
from api.db.engine import BEGIN_IMMEDIATE, _execute_pragma
from api.db.migrate import current_revision, head_revision, upgrade
from api.db.session import open_database, write_transaction
from api.db.storage import _USED_LOCKED_SQL, _USED_SQLITE
from api.plans import repository
from api.plans.models import PlanRow
from api.settings import Settings
from api.tables.models import IOTableRow
from impact.errors import NotFoundError
from impact.plan import Plan
from impact.seeds import load_seed_plans
from tests.integration.conftest import BACKENDS, Databases, sqlite_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _schema_diff(connection: Connection) -> list[object]:
    return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))


def test_migrations_reach_head_and_match_the_models(databases: Databases) -> None:
    url = databases.new()

    async def scenario() -> tuple[str | None, str | None, list[object]]:
        async with open_database(url) as database:
            before = await current_revision(database.engine)
            await upgrade(database.engine)
            await upgrade(database.engine)  # idempotent
            after = await current_revision(database.engine)
            async with database.engine.connect() as connection:
                diff = await connection.run_sync(_schema_diff)
        return before, after, diff

    before, after, diff = asyncio.run(scenario())
    assert before is None
    # 0001 plans, 0002 io_tables, 0003 scenarios, 0004 io_tables.owner, 0005 jobs and sizes,
    # 0006 plan documents in today's form, 0007 owner indexes with the size, 0008 bytes per owner,
    # 0009 plans per owner
    assert after == head_revision() == "0009"
    assert diff == [], "the models and the migrations disagree: write a revision"
    assert {PlanRow.__tablename__, IOTableRow.__tablename__} <= set(Base.metadata.tables)


def test_0004_adds_io_tables_owner_and_keeps_the_saved_tables(databases: Databases) -> None:
    """A database at 0003 with a saved table: after 0004 the table is there, with no owner."""
    url = databases.new()
    row = {
        "id": "t-0003",
        "name": "saved before 0004",
        "origin": "uploaded",
        "unit": "million KRW",
        "sectors": 2,
        "document": "{}",
        "created_at": datetime(2026, 1, 1, tzinfo=UTC),
    }

    async def scenario() -> tuple[str | None, list[tuple[object, ...]]]:
        async with open_database(url) as database:
            await upgrade(database.engine, "0003")
            async with database.engine.begin() as connection:
                await connection.execute(insert(IOTableRow).values(row))
            await upgrade(database.engine, "0004")
            async with database.engine.connect() as connection:
                found = await connection.execute(
                    select(IOTableRow.id, IOTableRow.name, IOTableRow.owner)
                )
                return await current_revision(database.engine), [tuple(r) for r in found]

    revision, rows = asyncio.run(scenario())
    assert revision == "0004"
    assert rows == [("t-0003", "saved before 0004", None)]


def test_0005_measures_what_was_saved_before(databases: Databases) -> None:
    """A database at 0004 with a plan: after 0005 its size is its document's UTF-8 bytes."""
    url = databases.new()
    document = '{"city": "세종"}'
    now = datetime(2026, 1, 1, tzinfo=UTC)
    plan = {"id": "p-0004", "city": "세종", "document": document, "created_at": now,
            "updated_at": now, "version": 1, "owner": None}  # fmt: skip

    async def scenario() -> list[tuple[object, ...]]:
        async with open_database(url) as database:
            await upgrade(database.engine, "0004")
            async with database.engine.begin() as connection:
                columns = ", ".join(plan)
                values = ", ".join(f":{k}" for k in plan)
                await connection.execute(
                    text(f"INSERT INTO plans ({columns}) VALUES ({values})"), plan
                )
            await upgrade(database.engine, "0005")
            async with database.engine.connect() as connection:
                found = await connection.execute(select(PlanRow.id, PlanRow.size))
                return [tuple(r) for r in found]

    assert asyncio.run(scenario()) == [("p-0004", len(document.encode()))]


def test_0006_brings_saved_plans_to_todays_document(databases: Databases) -> None:
    """A database at 0005 with a plan saved in an older form (the seed file's own text: no
    ``region``, money as written): after 0006 it holds ``Plan``'s JSON of it, and its size."""
    url = databases.new()
    old = (ROOT / "seeds" / "plans" / "sejong-2024.json").read_text(encoding="utf-8")
    broken = '{"city": "세종"}'
    now = datetime(2026, 1, 1, tzinfo=UTC)

    def row(plan_id: str, document: str) -> dict[str, object]:
        size = len(document.encode())
        return {"id": plan_id, "city": "세종", "document": document, "created_at": now,
                "updated_at": now, "version": 1, "owner": None, "size": size}  # fmt: skip

    async def scenario() -> dict[str, tuple[str, int]]:
        async with open_database(url) as database:
            await upgrade(database.engine, "0005")
            async with database.engine.begin() as connection:
                await connection.execute(
                    insert(PlanRow), [row("p-old", old), row("p-broken", broken)]
                )
            await upgrade(database.engine)
            async with database.engine.connect() as connection:
                found = await connection.execute(select(PlanRow.id, PlanRow.document, PlanRow.size))
                return {r.id: (r.document, r.size) for r in found}

    rows = asyncio.run(scenario())
    current = Plan.model_validate_json(old).model_dump_json()
    assert current != old
    assert rows["p-old"] == (current, len(current.encode()))
    assert rows["p-broken"] == (broken, len(broken.encode()))  # left as it was


def _plan_row(plan_id: str, owner: str | None, size: int) -> dict[str, object]:
    """A ``plans`` row as the migrations' tests write it in SQL."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return {"id": plan_id, "city": "세종", "document": "{}", "created_at": now,
            "updated_at": now, "version": 1, "owner": owner, "size": size}  # fmt: skip


def test_0008_counts_what_was_saved_before(databases: Databases) -> None:
    """A database at 0007 with plans and a table of two owners and of none: after 0008 the
    bytes kept per owner are their sums, and later writes keep them."""
    url = databases.new()
    now = datetime(2026, 1, 1, tzinfo=UTC)

    table = {"id": "t", "name": "t", "origin": "uploaded", "unit": "KRW", "sectors": 2,
             "document": "{}", "created_at": now, "owner": "a", "size": 1000}  # fmt: skip

    async def scenario() -> tuple[dict[str, int], dict[str, int]]:
        async with open_database(url) as database:
            await upgrade(database.engine, "0007")
            async with database.engine.begin() as connection:
                await connection.execute(
                    insert(PlanRow),
                    [_plan_row("p1", "a", 10), _plan_row("p2", "a", 20), _plan_row("p3", None, 7)],
                )
                await connection.execute(insert(IOTableRow).values(table))
            await upgrade(database.engine, "0008")
            async with database.engine.connect() as connection:
                before = dict(tuple(r) for r in await connection.execute(_USE))
            async with database.engine.begin() as connection:
                await connection.execute(insert(PlanRow), [_plan_row("p4", "b", 5)])
                await connection.execute(delete(PlanRow).where(PlanRow.id == "p1"))
            async with database.engine.connect() as connection:
                return before, dict(tuple(r) for r in await connection.execute(_USE))

    assert asyncio.run(scenario()) == ({"a": 1030, "": 7}, {"a": 1020, "": 7, "b": 5})


_USE = text("SELECT owner, bytes FROM storage_use")


def test_0008_counts_a_row_written_while_it_runs(databases: Databases) -> None:
    """A plan inserted, not yet committed, when 0008 starts: the migration waits for it
    and counts it. (Without the lock on PostgreSQL the count reads the tables before the
    commit, the triggers are made after it, and the plan is counted nowhere.)"""
    url = databases.new()
    plan = _plan_row("p", "a", 10)

    async def scenario() -> dict[str, int]:
        async with open_database(url) as database:
            await upgrade(database.engine, "0007")
            async with database.engine.connect() as writer:
                await writer.execution_options(**BEGIN_IMMEDIATE)
                async with writer.begin():
                    await writer.execute(insert(PlanRow).values(plan))
                    migration = asyncio.create_task(upgrade(database.engine, "0008"))
                    await asyncio.sleep(0.5)  # the migration is waiting for the writer
                    assert not migration.done()
            await migration
            async with database.engine.connect() as connection:
                return dict(tuple(r) for r in await connection.execute(_USE))

    assert asyncio.run(scenario()) == {"a": 10}


_COUNTS = text("SELECT owner, plans FROM plan_counts WHERE plans <> 0")
_COUNTED = text("SELECT coalesce(owner, ''), count(*) FROM plans GROUP BY 1")


def test_0009_counts_the_plans_saved_before_and_writes_keep_the_counts(
    databases: Databases,
) -> None:
    """A database at 0008 with plans of two owners and of none, and a table (which is no
    plan): after 0009 the plans kept per owner are the counts of the rows, and inserts,
    deletions and moves to another owner in SQL keep them so."""
    url = databases.new()
    now = datetime(2026, 1, 1, tzinfo=UTC)

    table = {"id": "t", "name": "t", "origin": "uploaded", "unit": "KRW", "sectors": 2,
             "document": "{}", "created_at": now, "owner": "c", "size": 1000}  # fmt: skip

    async def scenario() -> list[tuple[dict[str, int], dict[str, int]]]:
        seen = []
        async with open_database(url) as database:
            await upgrade(database.engine, "0008")
            async with database.engine.begin() as connection:
                await connection.execute(
                    insert(PlanRow),
                    [_plan_row(f"a{i}", "a", 3) for i in range(3)] + [_plan_row("n", None, 3)],
                )
                await connection.execute(insert(IOTableRow).values(table))
            await upgrade(database.engine, "0009")
            steps = [
                insert(PlanRow).values(_plan_row("b0", "b", 3)),
                delete(PlanRow).where(PlanRow.id == "a0"),
                update(PlanRow).where(PlanRow.id == "a1").values(owner="b"),
                update(PlanRow).where(PlanRow.id == "n").values(size=40),
                update(PlanRow).where(PlanRow.id == "b0").values(owner=None),
            ]
            for step in [None, *steps]:
                async with database.engine.begin() as connection:
                    if step is not None:
                        await connection.execute(step)
                    kept = dict(tuple(r) for r in await connection.execute(_COUNTS))
                    counted = dict(tuple(r) for r in await connection.execute(_COUNTED))
                    seen.append((kept, counted))
        return seen

    seen = asyncio.run(scenario())
    assert seen[0][0] == {"a": 3, "": 1}
    assert seen[-1][0] == {"a": 1, "b": 1, "": 2}
    for kept, counted in seen:
        assert kept == counted


@pytest.mark.parametrize("quota_first", [False, True], ids=["plan-first", "quota-first"])
def test_0009_counts_a_plan_written_while_it_runs(databases: Databases, quota_first: bool) -> None:
    """A save in progress when 0009 starts: the migration waits for it and counts its plan,
    and the save goes through. Either way round: a save holding its plan's row, or, as a save
    under the quota does, its owner's ``storage_use`` row first and the plan after the
    migration began (a first 0009 added a column to ``storage_use`` after locking ``plans``,
    and on PostgreSQL the two deadlocked)."""
    url = databases.new()
    plan = _plan_row("p", "a", 10)
    quota = text(_USED_LOCKED_SQL.format(":owner"))

    async def scenario() -> dict[str, int]:
        async with open_database(url) as database:
            await upgrade(database.engine, "0008")
            async with database.engine.connect() as writer:
                await writer.execution_options(**BEGIN_IMMEDIATE)
                async with writer.begin():
                    if quota_first:  # the owner's bytes, locked as a save under the quota does
                        await writer.execute(quota, {"owner": "a"})
                    else:
                        await writer.execute(insert(PlanRow).values(plan))
                    migration = asyncio.create_task(upgrade(database.engine, "0009"))
                    await asyncio.sleep(0.5)
                    if quota_first:  # 0009 locks plans alone: on PostgreSQL it may be done
                        await writer.execute(insert(PlanRow).values(plan))
                    else:
                        assert not migration.done()  # waiting for the writer's plan
            await migration
            async with database.engine.connect() as connection:
                return dict(tuple(r) for r in await connection.execute(_COUNTS))

    assert asyncio.run(scenario()) == {"a": 1}


def test_the_quota_check_reads_one_row(tmp_path: Path) -> None:
    """A write reads its owner's bytes from ``storage_use`` by its primary key, however much
    the owner has saved (the sum over its rows took 2.3 ms for 20,000 plans)."""
    path = tmp_path / "quota.db"

    async def migrate() -> None:
        async with open_database(sqlite_url(path)) as database:
            await upgrade(database.engine)

    asyncio.run(migrate())
    with sqlite3.connect(path) as connection:
        plan = connection.execute(f"EXPLAIN QUERY PLAN {_USED_SQLITE}", ("k",)).fetchall()
    connection.close()
    assert [row[3] for row in plan] == [
        "SEARCH storage_use USING INDEX sqlite_autoindex_storage_use_1 (owner=?)"
    ]


def test_make_migrate_upgrades_the_configured_database(databases: Databases) -> None:
    url = databases.new()
    env = {**os.environ, "IMPACT_DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "-m", "api.db.migrate", "upgrade"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "database at revision 0009" in done.stdout
    current = subprocess.run(
        [sys.executable, "-m", "api.db.migrate", "current"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert current.stdout.strip() == "0009"
    assert "migrate:" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_two_processes_starting_at_once_migrate_and_seed_once(databases: Databases) -> None:
    url = databases.new()
    seeds = load_seed_plans()

    async def start() -> list[str]:
        async with open_database(url) as database:
            await upgrade(database.engine)
            async with database.sessions() as session:
                return await repository.insert_missing_seeds(session, seeds)

    async def scenario() -> tuple[list[list[str]], int]:
        inserted = await asyncio.gather(*(start() for _ in range(4)))
        async with open_database(url) as database, database.sessions() as session:
            page = await repository.list_plans(session, limit=100, offset=0)
        return list(inserted), page.total

    inserted, total = asyncio.run(scenario())
    assert sorted(plan_id for ids in inserted for plan_id in ids) == sorted(seeds)
    assert total == len(seeds)


def test_rows_hold_the_plan_json_and_aware_utc_times(databases: Databases) -> None:
    url = databases.new()
    plan = load_seed_plans()["sejong-2024"]

    async def scenario() -> PlanRow:
        async with open_database(url) as database:
            await upgrade(database.engine)
            async with database.sessions() as session:
                record = await repository.create_plan(session, plan)
            async with database.sessions() as session:
                row = await session.get(PlanRow, record.id)
                assert row is not None
                return row

    before = datetime.now(UTC)
    row = asyncio.run(scenario())
    assert json.loads(row.document) == plan.model_dump(mode="json")
    assert row.city == plan.city
    assert row.version == 1
    assert row.owner is None
    assert row.created_at.tzinfo is not None and row.created_at.utcoffset() == UTC.utcoffset(None)
    assert before <= row.created_at == row.updated_at <= datetime.now(UTC)


async def clobber_then_fail(session: AsyncSession, plan_id: str) -> None:
    async with write_transaction(session):
        await session.execute(
            text("UPDATE plans SET document = '{}', version = 99 WHERE id = :id"), {"id": plan_id}
        )
        raise RuntimeError("failed half-way")


def test_a_failing_write_transaction_changes_nothing(databases: Databases) -> None:
    url = databases.new()
    plan = load_seed_plans()["daejeon-2018"]

    async def scenario() -> tuple[Plan, int]:
        async with open_database(url) as database:
            await upgrade(database.engine)
            async with database.sessions() as session:
                saved = await repository.create_plan(session, plan)
            async with database.sessions() as session:
                with pytest.raises(RuntimeError, match="half-way"):
                    await clobber_then_fail(session, saved.id)
            async with database.sessions() as session:
                with pytest.raises(NotFoundError):
                    await repository.replace_plan(session, "missing", plan)
            async with database.sessions() as session:
                version = await session.scalar(
                    select(PlanRow.version).where(PlanRow.id == saved.id)
                )
                return await repository.get_plan(session, saved.id), version or 0

    stored, version = asyncio.run(scenario())
    assert stored == plan
    assert version == 1


def test_get_plan_names_the_id_field_when_missing(databases: Databases) -> None:
    url = databases.new()

    async def scenario() -> NotFoundError:
        async with open_database(url) as database:
            await upgrade(database.engine)
            async with database.sessions() as session:
                with pytest.raises(NotFoundError) as caught:
                    await repository.get_plan(session, "nope")
        return caught.value

    error = asyncio.run(scenario())
    assert error.field == "id"
    assert "nope" in error.detail


def test_sqlite_connections_use_wal_full_sync_and_a_busy_timeout(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "pragmas.db")

    async def scenario() -> tuple[object, ...]:
        async with open_database(url) as database, database.engine.connect() as connection:
            pragmas = ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")
            return tuple([await connection.scalar(text(f"PRAGMA {name}")) for name in pragmas])

    assert asyncio.run(scenario()) == ("wal", 2, 5000, 1)


def test_settings_default_to_a_sqlite_file_and_refuse_other_drivers() -> None:
    assert Settings.model_fields["database_url"].default == "sqlite+aiosqlite:///./impact.db"
    assert Settings(database_url="postgresql+asyncpg://u:p@h/db").database_url.startswith("post")
    for url in ("mysql://root@localhost/impact", "postgresql://u@h/db", "sqlite:///x.db"):
        with pytest.raises(ValidationError, match=r"unsupported database URL.*postgresql\+asyncpg"):
            Settings(database_url=url)


def test_a_locked_pragma_is_retried_then_given_up() -> None:

    class Cursor:
        def __init__(self, failures: int, message: str = "database is locked") -> None:
            self.failures, self.message, self.calls = failures, message, 0

        def execute(self, _sql: str) -> None:
            self.calls += 1
            if self.calls <= self.failures:
                raise sqlite3.OperationalError(self.message)

    flaky = Cursor(failures=3)
    _execute_pragma(flaky, "PRAGMA journal_mode = WAL")
    assert flaky.calls == 4
    other = Cursor(failures=1, message="no such table")
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        _execute_pragma(other, "PRAGMA x")
    assert other.calls == 1
