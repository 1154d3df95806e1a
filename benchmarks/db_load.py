"""The mixed load of ``make load`` at 1 and the default number of workers, on SQLite and
(when a PostgreSQL is given) on PostgreSQL, and what one saved-plan read costs.

``python -m benchmarks.db_load [--quick]`` (also part of ``make bench`` and ``make
bench-quick``, as ``load`` in ``latest.json``).

* ``by_run``: :func:`scripts.load.measure` -- 64 clients, the default mix (35 %
  metrics, 15 % compare, 15 % save, 35 % read: a saved plan, or a page of them), against
  ``python -m api`` with an API key and no rate limit -- for each database and worker
  count: ``sqlite_1w``, ``sqlite_<N>w`` (N: the machine's cores, ``make serve``'s
  default), ``postgresql_1w``, ``postgresql_<N>w``. The clients share the machine with
  the server: ≈ 0.2 ms of CPU a request, a seventh of the two cores at 1,400 requests/s.
* the headline keys (``rps``, ``db_read_p50_ms``, ``errors``, ``workers``) are those of
  SQLite at the default worker count; ``errors_all_runs`` counts every run's.
* ``read_cpu_us``: the CPU time of one ``GET /v1/plans/{id}`` in one process (the app's
  ASGI interface called directly, a saved plan of 4 KB, all threads counted: the SQLite
  reader's too), best of batches; ``bare_get_cpu_us`` a Litestar ``GET`` answering
  constant bytes measured the same way.

PostgreSQL: ``IMPACT_BENCH_POSTGRES_URL`` or ``IMPACT_TEST_POSTGRES_URL`` (a role that may
create databases, on loopback: ``.ci/postgres.sh``); each run gets a fresh database,
dropped afterwards. Without one, ``postgresql`` says why it is missing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from typing import Any
from uuid import uuid4

from litestar import Litestar, MediaType, Response, get
from litestar.testing import AsyncTestClient
from sqlalchemy import make_url
from sqlalchemy.ext.asyncio import create_async_engine

import api.app
from api.settings import Settings, default_workers
from benchmarks import asgi, quiet
from scripts import load as mixed_load

POSTGRES_ENVS = ("IMPACT_BENCH_POSTGRES_URL", "IMPACT_TEST_POSTGRES_URL")
CLIENTS = 64
BATCH = 100


async def _get(app: Litestar, path: str) -> bytes:
    return await asgi.request(app, "GET", path)


async def _cpu_per_call(app: Litestar, path: str, repeats: int) -> float:
    """Best CPU time (all threads) of one ``GET path`` over ``repeats`` batches [µs]."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        for _ in range(BATCH):
            await _get(app, path)
        best = min(best, (time.process_time() - start) / BATCH)
    return best * 1e6


async def _read_cost(repeats: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="impact-read-") as tmp:
        settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp}/read.db", rate_limit=0)
        service = api.app.create_app(settings)
        async with AsyncTestClient(service):
            body = await _get(service, "/v1/plans/sejong-2024")

            @get("/v1/plans/sejong-2024", media_type=MediaType.JSON, sync_to_thread=False)
            def constant() -> Response[bytes]:
                return Response(content=body, media_type=MediaType.JSON)

            bare = Litestar(route_handlers=[constant], debug=False)
            async with AsyncTestClient(bare):
                gc.collect()
                gc.freeze()
                try:
                    result = {"read_cpu_us": float("inf"), "bare_get_cpu_us": float("inf")}
                    for _ in range(3):
                        for key, app in (("read_cpu_us", service), ("bare_get_cpu_us", bare)):
                            took = await _cpu_per_call(app, "/v1/plans/sejong-2024", repeats)
                            result[key] = min(result[key], took)
                finally:
                    gc.unfreeze()
    return result | {"read_bytes": float(len(body))}


def read_cost(repeats: int = 20) -> dict[str, float]:
    """:func:`_read_cost` with the apps' start-up notes silenced."""
    level = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        return asyncio.run(_read_cost(repeats))
    finally:
        logging.disable(level)


@contextlib.contextmanager
def _postgres_database(admin_url: str) -> Iterator[str]:
    """A fresh database next to ``admin_url``'s, dropped afterwards; its URL."""
    name = f"impact_bench_{uuid4().hex[:12]}"

    async def admin(statement: str) -> None:
        engine = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as connection:
                await connection.exec_driver_sql(statement)
        finally:
            await engine.dispose()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _postgres_url() -> str | None:
    return next((os.environ[name] for name in POSTGRES_ENVS if os.environ.get(name)), None)


def _brief(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures of one run, without the per-status tallies."""
    read = figures["by_kind"].get("read", {})
    return {
        "rps": figures["throughput_rps"],
        "db_read_p50_ms": read.get("p50_ms"),
        "db_read_p99_ms": read.get("p99_ms"),
        "p50_ms": figures["latency"]["p50_ms"],
        "p99_ms": figures["latency"]["p99_ms"],
        "errors": figures["errors"],
        "error_kinds": figures["error_kinds"],
        "workers": figures["workers"],
        "database": figures["database"],
        "server_cpu_us_per_request": figures["server_cpu_us_per_request"],
        "client_cpu_us_per_request": figures["client_cpu_us_per_request"],
        "server_cpu_cores": figures["server_cpu_cores"],
        "by_kind": figures["by_kind"],
    }


def load(*, seconds: float, log: Callable[[str], None]) -> dict[str, Any]:
    """The runs of the module doc and the read cost; the ``load`` section of latest.json."""
    counts = sorted({1, default_workers()})
    runs: dict[str, dict[str, Any]] = {}
    for workers in counts:
        busy = quiet.wait_quiet(log)
        figures = mixed_load.measure(workers=workers, duration=seconds, clients=CLIENTS, log=log)
        runs[f"sqlite_{workers}w"] = _brief(figures) | {"busy_before": busy}
        log(f"load sqlite, {workers} worker(s): {figures['throughput_rps']:.0f} req/s")
    postgres = _postgres_url()
    note = None
    if postgres is None:
        note = f"not measured: set {' or '.join(POSTGRES_ENVS)} (.ci/postgres.sh starts one)"
    else:
        for workers in counts:
            with _postgres_database(postgres) as url:
                busy = quiet.wait_quiet(log)
                figures = mixed_load.measure(
                    workers=workers, duration=seconds, clients=CLIENTS, database_url=url, log=log
                )
            runs[f"postgresql_{workers}w"] = _brief(figures) | {"busy_before": busy}
            log(f"load postgresql, {workers} worker(s): {figures['throughput_rps']:.0f} req/s")
    head = runs[f"sqlite_{counts[-1]}w"]
    quiet.wait_quiet(log)
    return {
        "rps": head["rps"],
        "db_read_p50_ms": head["db_read_p50_ms"],
        "errors": head["errors"],
        "workers": head["workers"],
        "errors_all_runs": sum(r["errors"] for r in runs.values()),
        "rps_by_workers": {str(r["workers"]): r["rps"] for k, r in runs.items() if "sqlite" in k},
        "postgresql_rps_by_workers": {
            str(r["workers"]): r["rps"] for k, r in runs.items() if "postgresql" in k
        },
        "postgresql_note": note,
        **read_cost(),
        "clients": CLIENTS,
        "seconds_per_run": seconds,
        "mix": mixed_load.DEFAULT_MIX,
        "by_run": runs,
    }


def main() -> None:
    """Print the measurement as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 s per run instead of 20 s")
    args = parser.parse_args()
    figures = load(seconds=5 if args.quick else 20, log=lambda m: print(m, flush=True))
    print(json.dumps({k: v for k, v in figures.items() if k != "by_run"}, indent=2))


if __name__ == "__main__":
    main()
