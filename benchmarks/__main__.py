"""``python -m benchmarks [--quick] [--http-only] [--out PATH]``: benchmarks into one JSON file.

Full run (``make bench``): large tables n = 2,000, 5,000 and 9,800 (three
fresh-process runs per engine, alternated), the what-if batch on the BOK
table, what a new plan costs ``POST /v1/metrics`` in-process, part by part
(:mod:`benchmarks.metrics_cost`), the HTTP load (three rounds of 3 s warm-up +
10 s), the mixed load of ``make load`` at 1 and the default number of workers on SQLite
and PostgreSQL (:mod:`benchmarks.db_load`, 20 s each), a 100,000-row sweep streamed by a real
server (its peak RSS above idle: :mod:`benchmarks.sweep_stream`), and the large sweep and Monte
Carlo run on a Dask cluster of 1 and 2 worker processes (:mod:`benchmarks.dask_cluster`).
Quick run (``make bench-quick``): n = 2,000 only, fewer in-process batches and 1 s + 3 s of
load, one round, 5 s of mixed load, the streamed sweep without its JSON-job contrast, no Dask
cluster. ``--http-only`` (``make bench-http``) skips the large tables, the what-if batch, the
mixed load and the sweeps. Each run ends by printing the headline: a new plan every request
against the bare endpoint (and the mixed load's figures).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import (
    api_load,
    dask_cluster,
    db_load,
    large_table,
    machine,
    metrics_cost,
    quiet,
    sweep_stream,
)

ROOT = Path(__file__).resolve().parents[1]

NOTES = {
    "ratio_time": "pymrio_s / ours_s (higher is better for us; target ≥ 4 at n = 9,800)",
    "ratio_mem": "ours_peak_mib / pymrio_peak_mib (lower is better; target ≤ 1/3)",
    "peak_mib": (
        "peak RSS of a fresh process above its baseline: the baseline (interpreter, the "
        "engine's imports and the input arrays) is taken after resetting the kernel's peak "
        "mark (write 5 to /proc/self/clear_refs); peak = VmHWM after the work"
    ),
    "ours": (
        "IOTable.from_arrays (domestic-flows table, VA given; validation included) + IOModel "
        "(LU of I − A_d) + multipliers('type_i') + impact(y)"
    ),
    "pymrio": (
        "IOSystem(Z, Y, factor_inputs F = VA) + calc_all() (L = inv(I − A)) + 1ᵀL + L y; "
        "pandas DataFrames built from the same arrays (pandas copies them, as from_arrays does)"
    ),
    "kernels": "LAPACK alone on I − A in Fortran order: lu_factor ⅔n³ flops, numpy inv 2n³",
    "timing": "time.perf_counter around the work only; input generation excluded",
    "busy_before": (
        "the machine can be shared: before each run the runner waits (≤ 3 min) until under "
        f"{quiet.THRESHOLD:.0%} of the CPU time is busy over 1 s; the share seen is recorded"
    ),
    "others_cpu_cores": (
        "CPU used by other processes during a run (all busy time minus the benchmark's own); "
        f"a run above {quiet.OTHERS_MAX} cores is redone, up to {quiet.ATTEMPTS} attempts"
    ),
}


def _git_commit() -> str | None:
    proc = subprocess.run(  # noqa: PLW1510
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=ROOT
    )
    return proc.stdout.strip() or None


def _log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _whatif(env: dict[str, str]) -> dict[str, Any]:
    busy = quiet.wait_quiet(_log)
    proc = subprocess.run(  # noqa: PLW1510
        [sys.executable, "-m", "benchmarks.whatif"], capture_output=True, text=True, env=env,
        cwd=ROOT, timeout=600,
    )  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(f"whatif failed:\n{proc.stderr}")
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    out["busy_before"] = busy
    return out


def run(quick: bool, *, http_only: bool = False) -> dict[str, Any]:
    """The benchmarks (all of them unless ``http_only``); the JSON document."""
    t0 = time.perf_counter()
    env = large_table.child_env()
    command = "make bench-quick" if quick else "make bench"
    doc: dict[str, Any] = {
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": command + (" (--http-only)" if http_only else ""),
        "git_commit": _git_commit(),
        "quick": quick,
        "machine": machine.machine(env),
    }
    if not http_only:
        sizes = (2_000,) if quick else (2_000, 5_000, 9_800)
        _log(f"large tables n = {sizes}")
        doc["large_table"] = large_table.large_table(sizes, reps=3, log=_log)
        doc["large_table_notes"] = NOTES
        _log("what-if batch")
        wi = _whatif(env)
        doc["whatif_per_s"] = wi["type_i"]["scenarios_per_s"]
        doc["whatif"] = wi
    _log("POST /v1/metrics in-process, part by part")
    busy = quiet.wait_quiet(_log)
    doc["metrics_cost"] = metrics_cost.measure(
        rounds=2 if quick else 3, repeats=15 if quick else 30
    )
    doc["metrics_cost"]["busy_before"] = busy
    _log("HTTP load")
    load = api_load.api(
        env, seconds=3 if quick else 10, warmup=1 if quick else 3, rounds=1 if quick else 3,
        log=_log,
    )  # fmt: skip
    doc["sweep_rows_per_s"] = load.pop("sweep_rows_per_s", None)
    doc["sweep_note"] = load.pop("sweep_note", "not measured")
    doc["api"] = load
    if not http_only:
        _log("mixed load (make load) at 1 and the default workers, SQLite and PostgreSQL")
        doc["load"] = db_load.load(seconds=5 if quick else 20, log=_log)
        _log("a streamed 100,000-row sweep: the server's peak memory above idle")
        stream = sweep_stream.measure(job=not quick, log=_log)
        doc["sweep_stream"] = stream
        doc["sweep_stream_peak_mib"] = stream["peak_mib"]
        doc["sweep_stream_rows_per_s"] = stream["ndjson"]["rows_per_s"]
    if not http_only and not quick:
        _log("sweeps and Monte Carlo on a Dask cluster of 1 and 2 worker processes")
        doc["dask"] = dask_cluster.measure(log=_log)
    doc["elapsed_s"] = time.perf_counter() - t0
    return doc


def load_headline(doc: dict[str, Any]) -> str | None:
    """The mixed-load figures of a run, in one line; ``None`` if it has none."""
    if "load" not in doc:
        return None
    load = doc["load"]
    by_workers = ", ".join(f"{w} worker(s) {r:,.0f}" for w, r in load["rps_by_workers"].items())
    postgres = ", ".join(
        f"{w} worker(s) {r:,.0f}" for w, r in load["postgresql_rps_by_workers"].items()
    )
    return (
        f"make load, 64 clients, mixed: {load['rps']:,.0f} req/s at {load['workers']} worker(s), "
        f"database-read p50 {load['db_read_p50_ms']} ms, {load['errors']} errors "
        f"(SQLite req/s: {by_workers}; PostgreSQL: {postgres or load['postgresql_note']}); "
        f"a saved-plan read {load['read_cpu_us']:.0f} µs of CPU in-process "
        f"(bare GET {load['bare_get_cpu_us']:.0f} µs)"
    )


def headline(doc: dict[str, Any]) -> str:
    """The unique-plan figures of a run, in one line."""
    api, cost = doc["api"], doc["metrics_cost"]
    inprocess = f"in-process the route costs {cost['route_over_bare']:.1f} bare endpoints"
    if "ratio_unique_rps" not in api:
        return f"POST /v1/metrics, a new plan every request: {inprocess}; HTTP: {api}"
    return (
        f"POST /v1/metrics, a new plan every request: {api['metrics_unique_rps']:,.0f} req/s = "
        f"{api['ratio_unique_rps']:.0%} of the bare endpoint's {api['bare_unique_rps']:,.0f} "
        f"(p50 {api['metrics_unique_p50_ms']:.1f} ms, p99 {api['metrics_unique_p99_ms']:.1f} ms); "
        f"server CPU per request {api['metrics_unique_cpu_us']:.0f} µs against "
        f"{api['bare_unique_cpu_us']:.0f} µs ({api['ratio_unique_cpu']:.0%}); {inprocess}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Run and write ``--out`` (atomically: a .tmp file renamed)."""
    p = argparse.ArgumentParser(description="impact benchmarks")
    p.add_argument("--quick", action="store_true", help="n = 2,000 only, short HTTP load")
    p.add_argument("--http-only", action="store_true", help="no large tables, no what-if batch")
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json")
    a = p.parse_args(argv)
    doc = run(a.quick, http_only=a.http_only)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = a.out.with_name(a.out.name + ".tmp")
    tmp.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, a.out)
    _log(f"wrote {a.out} in {doc['elapsed_s']:.0f} s")
    _log(headline(doc))
    if (line := load_headline(doc)) is not None:
        _log(line)


if __name__ == "__main__":
    main()
