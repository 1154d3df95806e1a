"""Sweeps and Monte Carlo on a real multi-process Dask cluster: throughput at 1 and 2 workers.

``python -m benchmarks.dask_cluster`` starts ``dask scheduler`` on loopback, then one
``dask worker`` process (``--nthreads 1``, no nanny, no dashboard), then a second, and
runs through :class:`runner.executors.DaskExecutor` -- the executor a server uses when
``IMPACT_DASK_SCHEDULER`` names a scheduler -- the same two runs as in this process with
:class:`runner.executors.InlineExecutor`:

* **sweep**: a 100,000-row grid (1,000 budget factors × 100 local shares) on the Sejong seed
  plan, :func:`runner.work.sweep_in_chunks` (20 tasks of 5,000 rows, as a job runs it);
* **uncertainty**: 20,000 Monte Carlo draws (seed 1, coefficient CV 10 %, allocation
  concentration 50, basis uncertainty, local share spread 0.3: the README's example),
  :func:`runner.work.uncertainty_samples` (80 tasks of 250 draws, plus 2,000 draws for
  each of the four sources alone: 112 tasks).

Each configuration is warmed first (a small run: the workers import the code and factorise
the table), then timed (best of ``--repeat``). Every result is compared bit for bit
(``numpy.array_equal``, NaN equal) with the in-process run. Rows/s and draws/s count what
the request asked for (100,000 rows, 20,000 draws). Prints one JSON record;
:mod:`benchmarks.__main__` puts it under ``dask`` in ``latest.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import large_table, quiet
from impact.scenario.grid import expand_grid
from impact.scenario.state import ScenarioState
from impact.scenario.sweep import SweepResult
from impact.scenario.uncertainty import UncertaintyProblem, uncertainty_problem
from impact.seeds import load_seed_plans
from runner.executors import DaskExecutor, Executor, InlineExecutor
from runner.work import sweep_in_chunks, uncertainty_samples

ROOT = Path(__file__).resolve().parents[1]
FACTORS, SHARES = 1_000, 100
DRAWS = 20_000
WORKERS = (1, 2)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _dask(*args: str) -> list[str]:
    return [sys.executable, "-m", "dask", *args]


@contextlib.contextmanager
def _process(cmd: list[str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    env = {**large_table.child_env(), "PYTHONPATH": str(ROOT)}
    with log.open("ab") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_workers(executor: DaskExecutor, n: int, timeout: float = 90) -> None:
    executor.client.wait_for_workers(n, timeout=timeout)


class Workload:
    """The two runs, their inputs built once."""

    def __init__(self) -> None:
        plan = load_seed_plans()["sejong-2024"]
        factors = [round(0.5 + i / FACTORS, 6) for i in range(FACTORS)]
        shares = [i / (SHARES - 1) for i in range(SHARES)]
        self.plan = plan
        self.grid = expand_grid({"scale_investment.factor": factors, "local_share.value": shares})
        self.small = expand_grid(
            {"scale_investment.factor": factors[:10], "local_share.value": [1]}
        )
        self.problem: UncertaintyProblem = uncertainty_problem(
            ScenarioState(plan=plan), cv=0.1, concentration=50.0, basis_uncertainty=True,
            local_share_spread=0.3,
        )  # fmt: skip

    def sweep(self, executor: Executor, *, small: bool = False) -> SweepResult:
        grid = self.small if small else self.grid
        return sweep_in_chunks(
            self.plan, grid.rows, paths=grid.paths, field="grid", executor=executor
        )

    def uncertainty(self, executor: Executor, *, draws: int = DRAWS) -> Any:
        return uncertainty_samples(self.problem, draws, seed=1, executor=executor)


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def _same_sweep(a: SweepResult, b: SweepResult) -> bool:
    return a.investment == b.investment and all(
        np.array_equal(a.columns[name], b.columns[name], equal_nan=True) for name in a.columns
    )


def _same_draws(a: Any, b: Any) -> bool:
    (sa, alone_a), (sb, alone_b) = a, b
    return bool(
        np.array_equal(sa, sb)
        and alone_a.keys() == alone_b.keys()
        and all(np.array_equal(alone_a[k], alone_b[k]) for k in alone_a)
    )


def _measure(
    work: Workload, executor: Executor, reference: dict[str, Any], repeat: int
) -> dict[str, Any]:
    work.sweep(executor, small=True)  # warm: imports, the table's factorisation
    work.uncertainty(executor, draws=500)
    sweep_s, sweep = _timed(lambda: work.sweep(executor), repeat)
    draws_s, draws = _timed(lambda: work.uncertainty(executor), repeat)
    out = {
        "sweep_s": round(sweep_s, 3),
        "sweep_rows_per_s": round(len(sweep) / sweep_s),
        "uncertainty_s": round(draws_s, 3),
        "uncertainty_draws_per_s": round(DRAWS / draws_s),
    }
    if reference:
        out["sweep_identical"] = _same_sweep(sweep, reference["sweep"])
        out["uncertainty_identical"] = _same_draws(draws, reference["draws"])
    else:
        reference.update(sweep=sweep, draws=draws)
    return out


def measure(*, repeat: int = 2, log: Callable[[str], None] = print) -> dict[str, Any]:
    """The record (see the module doc)."""
    work = Workload()
    reference: dict[str, Any] = {}
    busy = quiet.wait_quiet(log)
    record: dict[str, Any] = {
        "sweep_rows": len(work.grid.rows),
        "uncertainty_draws": DRAWS,
        "cluster": "dask scheduler + N × dask worker --nthreads 1 --no-nanny, loopback",
        "in_process": _measure(work, InlineExecutor(), reference, repeat),
        "busy_before": round(busy, 2),
        "cpus": os.cpu_count(),
    }
    log(f"dask: in-process {record['in_process']}")
    by_workers: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="impact-dask-") as tmp:
        logs = Path(tmp)
        port = _free_port()
        address = f"tcp://127.0.0.1:{port}"
        scheduler = _dask("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")
        with contextlib.ExitStack() as procs:
            procs.enter_context(_process(scheduler, logs / "scheduler.log"))
            executor = DaskExecutor(address)
            procs.callback(executor.close)
            deadline = time.monotonic() + 60
            while True:  # the scheduler takes a moment to listen
                try:
                    executor.client  # noqa: B018 -- connects
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.5)
            for n in WORKERS:
                while len(executor.client.scheduler_info()["workers"]) < n:
                    worker = _dask(
                        "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                        "--host", "127.0.0.1", "--memory-limit", "0",
                    )  # fmt: skip
                    procs.enter_context(_process(worker, logs / f"worker-{n}.log"))
                    _wait_workers(executor, len(executor.client.scheduler_info()["workers"]) + 1)
                quiet.wait_quiet(log)
                by_workers[str(n)] = _measure(work, executor, reference, repeat)
                log(f"dask: {n} worker(s) {by_workers[str(n)]}")
    record["workers"] = by_workers
    record["sweep_rows_per_s"] = {n: r["sweep_rows_per_s"] for n, r in by_workers.items()}
    record["uncertainty_draws_per_s"] = {
        n: r["uncertainty_draws_per_s"] for n, r in by_workers.items()
    }
    record["identical"] = all(
        r["sweep_identical"] and r["uncertainty_identical"] for r in by_workers.values()
    )
    return record


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m benchmarks.dask_cluster [--repeat N]``: print one JSON record."""
    p = argparse.ArgumentParser(description="sweeps and Monte Carlo on a local Dask cluster")
    p.add_argument("--repeat", type=int, default=2)
    a = p.parse_args(argv)
    print(json.dumps(measure(repeat=a.repeat, log=lambda m: print(m, file=sys.stderr))))


if __name__ == "__main__":
    main()
