"""Jobs survive a restart and are shared by two server processes on one database (issue 14).

Real servers (``python -m api``), on SQLite and -- when ``IMPACT_TEST_POSTGRES_URL`` is
set -- on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from scripts.server import Server
from tests.integration.conftest import BACKENDS, Databases

pytestmark = pytest.mark.slow

PLAN = {"id": "sejong-2024"}
GRID = {
    "scale_investment.factor": [0.5 + i / 1000 for i in range(150)],
    "local_share.value": [0.0, 0.5, 1.0, 0.25, 0.75, 0.1, 0.2, 0.3, 0.4, 0.6],
}
"""1,500 rows: a sweep job with two result parts."""
SLOW = {"plan": PLAN, "draws": 100_000, "seed": 5, "coefficient_cv": 0.1, "async": True}
ENV = {"IMPACT_RATE_LIMIT": "0", "IMPACT_JOB_ROWS_THRESHOLD": "100", "IMPACT_JOB_HEARTBEAT": "1"}


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """``IMPACT_DATABASE_URL`` of a fresh database (absent: the server's SQLite file)."""
    if request.param == "sqlite":
        yield {}
        return
    databases = Databases("postgresql", tmp_path)
    if not databases._admin_url:
        pytest.skip("PostgreSQL case: IMPACT_TEST_POSTGRES_URL is not set (.ci/run sets it)")
    yield {"IMPACT_DATABASE_URL": databases.new()}
    databases.close()


def _settle(url: str, location: str, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, Any] = httpx.get(url + location, timeout=10).json()
        if job["status"] != "running":
            return job
        time.sleep(0.2)
    raise AssertionError(f"{location} still running after {timeout} s")


def test_two_processes_share_their_jobs(tmp_path: Path, database: dict[str, str]) -> None:
    env = {**ENV, **database}
    db = tmp_path / "shared.db"
    with (
        Server(db, tmp_path / "a.log", env) as a,
        Server(db, tmp_path / "b.log", env) as b,
    ):
        accepted = httpx.post(f"{a.url}/v1/sweeps", json={"plan": PLAN, "grid": GRID}, timeout=30)
        assert accepted.status_code == 202
        location = accepted.headers["location"]
        job = _settle(b.url, location)  # B answers for A's job
        assert job["status"] == "succeeded", job
        from_a = httpx.get(f"{a.url}{location}/result", timeout=30)
        from_b = httpx.get(f"{b.url}{location}/result", timeout=30)
        assert from_a.status_code == from_b.status_code == 200
        assert from_a.content == from_b.content
        assert from_b.json()["count"] == 1_500

        running = httpx.post(f"{a.url}/v1/uncertainty", json=SLOW, timeout=30)
        assert running.status_code == 202
        slow = running.headers["location"]
        assert httpx.get(b.url + slow).json()["status"] == "running"
        refused = httpx.post(f"{b.url}/v1/uncertainty", json=SLOW, timeout=30)
        assert refused.status_code == 429  # the same client, whichever process it asks
        assert httpx.delete(b.url + slow).status_code == 204  # cancelled through B
        assert httpx.get(a.url + slow).status_code == 404
        again = httpx.post(f"{b.url}/v1/uncertainty", json=SLOW, timeout=30)
        assert again.status_code == 202
        assert httpx.delete(a.url + again.headers["location"]).status_code == 204


def test_jobs_survive_a_restart_and_a_lost_job_says_why(
    tmp_path: Path, database: dict[str, str]
) -> None:
    env = {**ENV, **database}
    db = tmp_path / "restart.db"
    server = Server(db, tmp_path / "first.log", env).start()
    try:
        done = httpx.post(f"{server.url}/v1/sweeps", json={"plan": PLAN, "grid": GRID})
        finished = _settle(server.url, done.headers["location"])
        assert finished["status"] == "succeeded"
        before = httpx.get(f"{server.url}{done.headers['location']}/result").content
        lost = httpx.post(f"{server.url}/v1/uncertainty", json=SLOW).headers["location"]
        assert httpx.get(server.url + lost).json()["status"] == "running"
    finally:
        server.kill()  # SIGKILL while the Monte Carlo job runs

    with Server(db, tmp_path / "second.log", env) as restarted:
        job = httpx.get(restarted.url + done.headers["location"]).json()
        assert job["status"] == "succeeded"
        after = httpx.get(f"{restarted.url}{done.headers['location']}/result").content
        assert after == before
        started = time.monotonic()
        failed = _settle(restarted.url, lost, timeout=30)
        assert failed["status"] == "failed"
        assert failed["error"]["type"].endswith(":job-lost")
        assert "stopped" in failed["error"]["detail"]
        assert time.monotonic() - started < 10  # same host: the dead pid is seen at once


def test_one_server_with_two_workers_answers_any_job_from_either(tmp_path: Path) -> None:
    """``IMPACT_WORKERS=2`` on a fresh SQLite file: both workers migrate and seed it at
    once, and whichever worker a request reaches answers for a job the other one runs."""
    env = {**ENV, "IMPACT_WORKERS": "2", "IMPACT_LOG_LEVEL": "info"}
    log = tmp_path / "server.log"
    with Server(tmp_path / "workers.db", log, env) as server:
        _wait_for_workers(log, 2)
        accepted = httpx.post(
            f"{server.url}/v1/sweeps", json={"plan": PLAN, "grid": GRID}, timeout=30
        )
        assert accepted.status_code == 202
        location = accepted.headers["location"]
        assert _settle(server.url, location)["status"] == "succeeded"

        def fetch(_: int) -> tuple[int, bytes]:  # a new connection each time
            answer = httpx.get(f"{server.url}{location}/result", timeout=30)
            return answer.status_code, answer.content

        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(fetch, range(64)))
        assert {status for status, _ in answers} == {200}
        assert len({body for _, body in answers}) == 1
        plans = httpx.get(f"{server.url}/v1/plans", timeout=30).json()
        assert sorted(p["id"] for p in plans["items"]) == ["daejeon-2018", "sejong-2024"]
    pids = {
        entry["pid"]
        for entry in _log_entries(log)
        if entry["logger"] == "uvicorn.access" and entry.get("path", "").startswith(location)
    }
    assert len(pids) == 2, f"expected both workers to answer, saw {pids}"


def _log_entries(log: Path) -> list[dict[str, Any]]:
    entries = []
    for line in log.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(ValueError):
            entries.append(json.loads(line))
    return [e for e in entries if isinstance(e, dict) and "logger" in e]


def _wait_for_workers(log: Path, count: int, timeout: float = 60) -> None:
    """Until ``count`` worker processes have finished their start-up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = {
            e["pid"] for e in _log_entries(log) if e["message"] == "Application startup complete."
        }
        if len(started) >= count:
            return
        time.sleep(0.2)
    raise AssertionError(f"fewer than {count} workers started within {timeout} s")
