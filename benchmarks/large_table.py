"""Large tables: our engine against pymrio on the same synthetic table.

Each measurement runs in a fresh Python process (``python -m
benchmarks.large_table ENGINE N``), which builds the synthetic table, imports
its engine, resets the peak-memory mark (:mod:`benchmarks.memory`) and then
times the work; it prints one JSON record. The parent alternates the engines
and keeps the median of the repetitions.

What is timed, from the same in-memory arrays Z, x, f, imports, VA, y:

``ours``
    ``IOTable.from_arrays`` (validation included) → ``IOModel`` (LU of I − A)
    → ``multipliers("type_i")`` (output, value added and import multipliers)
    → ``impact(y)`` (direct / indirect output, value added, imports by sector).
``pymrio``
    ``IOSystem(Z, Y, factor_inputs=F=VA)`` → ``calc_all()`` (x, A, L = inv(I − A),
    value-added multipliers M = S L and the accounts) → output multipliers
    1ᵀL → impact L y. The last two are matrix-vector products on L.
``kernels``
    The LAPACK kernels alone on I − A: ``scipy.linalg.lu_factor`` (⅔ n³ flops)
    and ``numpy.linalg.inv`` (2 n³ flops), for achieved GFLOP/s.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from benchmarks import quiet
from benchmarks.memory import PeakMeter
from benchmarks.synthetic import FloatArray, SyntheticTable, synthetic_table

if TYPE_CHECKING:  # the engine is imported inside the measured process only
    from impact.io.solvers import SolverKind

ENGINES = ("ours", "pymrio")
#: Environment variables dropped for the benchmark processes (see machine.py).
BLAS_OVERRIDES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")

Record = dict[str, Any]


@dataclasses.dataclass(frozen=True)
class EngineRun:
    """One engine's run on one table: time, memory and the numbers it produced."""

    engine: str
    n: int
    seconds: float
    phases: dict[str, float]
    extra_mib: float
    baseline_mib: float
    memory_method: str
    output_multipliers: FloatArray  # 1ᵀL, (n,)
    value_added_multipliers: FloatArray  # vᵀL, (n,)
    impact_output: FloatArray  # L y, (n,)

    def record(self) -> Record:
        """JSON-able summary; the arrays enter as sums so that engines can be compared."""
        return {
            "engine": self.engine,
            "n": self.n,
            "seconds": self.seconds,
            "phases_s": self.phases,
            "peak_mib": self.extra_mib,
            "baseline_mib": self.baseline_mib,
            "memory_method": self.memory_method,
            "checksums": {
                "output_multipliers": float(self.output_multipliers.sum()),
                "value_added_multipliers": float(self.value_added_multipliers.sum()),
                "impact_output": float(self.impact_output.sum()),
            },
        }


Runner = Callable[[SyntheticTable], tuple[dict[str, float], FloatArray, FloatArray, FloatArray]]


def run_ours(
    t: SyntheticTable, solver: SolverKind = "auto"
) -> tuple[dict[str, float], FloatArray, FloatArray, FloatArray]:
    """Table → model → Type I multipliers → impact of ``t.demand``; phase times [s]."""
    from impact.io import IOModel, IOTable

    t0 = time.perf_counter()
    table = IOTable.from_arrays(
        t.Z, t.x, final_demand=t.final_demand, imports=t.imports,
        imports_basis="noncompetitive_row", value_added=t.value_added,
        id="synthetic", unit="money",
    )  # fmt: skip
    t1 = time.perf_counter()
    model = IOModel(table, solver=solver)
    t2 = time.perf_counter()
    mult = model.multipliers("type_i")
    t3 = time.perf_counter()
    effect = model.impact(t.demand).effects["output"]
    t4 = time.perf_counter()
    out, va = mult.total["output"], mult.total["value_added"]
    assert out is not None and va is not None and effect is not None
    phases = {"table": t1 - t0, "factorise": t2 - t1, "multipliers": t3 - t2, "impact": t4 - t3}
    return phases, out, va, effect.total


def run_pymrio(t: SyntheticTable) -> tuple[dict[str, float], FloatArray, FloatArray, FloatArray]:
    """IOSystem(Z, Y, VA extension).calc_all(), then 1ᵀL and L y; phase times [s]."""
    import pandas as pd
    import pymrio

    t0 = time.perf_counter()
    idx = pd.MultiIndex.from_product(
        [["R"], [f"s{k}" for k in range(t.n)]], names=["region", "sector"]
    )
    cat = pd.MultiIndex.from_tuples([("R", "final demand")], names=["region", "category"])
    io = pymrio.IOSystem(
        Z=pd.DataFrame(t.Z, index=idx, columns=idx),
        Y=pd.DataFrame(t.final_demand[:, np.newaxis], index=idx, columns=cat),
        factor_inputs={
            "name": "factor_inputs",
            "F": pd.DataFrame(
                t.value_added[np.newaxis, :],
                index=pd.Index(["value added"], name="stressor"),
                columns=idx,
            ),
        },
    )
    t1 = time.perf_counter()
    io.calc_all()
    t2 = time.perf_counter()
    L = io.L.to_numpy()
    out = np.asarray(L.sum(axis=0), dtype=np.float64)
    va = np.asarray(io.factor_inputs.M.to_numpy()[0], dtype=np.float64)
    impact = np.asarray(L @ t.demand, dtype=np.float64)
    t3 = time.perf_counter()
    phases = {"build": t1 - t0, "calc_all": t2 - t1, "multipliers_impact": t3 - t2}
    return phases, out, va, impact


def _import_engine(engine: str) -> Runner:
    if engine == "ours":
        import impact.io  # noqa: F401 - imported before the memory mark is reset

        return run_ours
    import pandas as pd  # noqa: F401
    import pymrio  # noqa: F401

    return run_pymrio


def measure(engine: str, n: int, seed: int = 20250101) -> EngineRun:
    """Build the table, import the engine, reset the memory mark, run and time it.

    Run it in a fresh process for a clean measurement (:func:`run_child`); the
    smoke test calls it in-process with a small ``n``.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}")
    t = synthetic_table(n, seed)
    runner = _import_engine(engine)
    gc.collect()
    meter = PeakMeter()
    t0 = time.perf_counter()
    phases, out, va, impact = runner(t)
    seconds = time.perf_counter() - t0
    extra = meter.extra_mib()
    return EngineRun(
        engine, n, seconds, phases, extra, meter.baseline_mib, meter.method, out, va, impact
    )


def kernels(n: int, seed: int = 20250101, *, with_inv: bool = True) -> Record:
    """Time LAPACK alone on I − A: lu_factor (⅔ n³ flops) and, optionally, inv (2 n³)."""
    import scipy.linalg

    t = synthetic_table(n, seed)
    M = np.asfortranarray(-(t.Z / t.x[np.newaxis, :]))
    del t
    M[np.diag_indices(n)] += 1.0
    scipy.linalg.lu_factor(np.eye(256) * 2.0, check_finite=False)  # BLAS threads up, code loaded
    work = M.copy(order="F")
    t0 = time.perf_counter()
    scipy.linalg.lu_factor(work, overwrite_a=True, check_finite=False)
    lu_s = time.perf_counter() - t0
    del work
    rec: Record = {"n": n, "lu_factor_s": lu_s, "lu_gflops": 2 * n**3 / 3 / lu_s / 1e9}
    if with_inv:
        t0 = time.perf_counter()
        np.linalg.inv(M)  # noqa: TID251 - timing pymrio's kernel; its result is discarded
        inv_s = time.perf_counter() - t0
        rec |= {"inv_s": inv_s, "inv_gflops": 2 * n**3 / inv_s / 1e9}
    return rec


# -- the parent: fresh processes, alternating engines, medians ---------------------------------


def child_env() -> dict[str, str]:
    """The environment of benchmark processes: ours, without the OpenBLAS overrides."""
    env = {k: v for k, v in os.environ.items() if k not in BLAS_OVERRIDES}
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def _child(args: Sequence[str], timeout: float, log: Callable[[str], None]) -> Record:
    """Run one measurement process; redo it while other processes took the CPUs."""
    for attempt in range(1, quiet.ATTEMPTS + 1):
        rec = _child_once(args, timeout, log)
        rec["attempt"] = attempt
        if rec["others_cpu_cores"] <= quiet.OTHERS_MAX:
            break
        log(f"other processes used {rec['others_cpu_cores']:.2f} cores during {args}: redo")
    return rec


def _child_once(args: Sequence[str], timeout: float, log: Callable[[str], None]) -> Record:
    busy = quiet.wait_quiet(log)
    cmd = [sys.executable, "-m", "benchmarks.large_table", *args]
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu0, t0 = quiet.busy_seconds(), time.monotonic()
    proc = subprocess.run(  # noqa: PLW1510 - checked below with the output shown
        cmd, capture_output=True, text=True, timeout=timeout, env=child_env()
    )
    wall = time.monotonic() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    others = max(0.0, quiet.busy_seconds() - cpu0 - own) / wall
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    rec: Record = json.loads(proc.stdout.strip().splitlines()[-1])
    rec["busy_before"] = busy
    rec["others_cpu_cores"] = others
    return rec


def _agree(a: Record, b: Record) -> float:
    """Largest relative difference of the two runs' checksums."""
    ca, cb = a["checksums"], b["checksums"]
    return float(max(abs(ca[k] - cb[k]) / max(abs(cb[k]), 1e-300) for k in ca))


def _median_phases(records: list[Record]) -> dict[str, float]:
    keys = records[0]["phases_s"]
    return {k: statistics.median(r["phases_s"][k] for r in records) for k in keys}


def large_table(
    sizes: Sequence[int], reps: int = 3, *, timeout: float = 1800, log: Callable[[str], None]
) -> list[Record]:
    """One row per n: medians of ``reps`` fresh-process runs of each engine, alternated."""
    rows: list[Record] = []
    for n in sizes:
        runs: dict[str, list[Record]] = {e: [] for e in ENGINES}
        kern: list[Record] = []
        for rep in range(reps):
            for engine in ENGINES:
                rec = _child([engine, str(n)], timeout, log)
                runs[engine].append(rec)
                log(f"n={n} rep={rep + 1}/{reps} {engine}: {rec['seconds']:.2f} s, "
                    f"{rec['peak_mib']:.0f} MiB")  # fmt: skip
            kern.append(_child(["kernels", str(n)], timeout, log))
            log(f"n={n} rep={rep + 1}/{reps} kernels: lu {kern[-1]['lu_factor_s']:.2f} s, "
                f"inv {kern[-1]['inv_s']:.2f} s")  # fmt: skip
        rows.append(_row(n, runs["ours"], runs["pymrio"], kern))
    return rows


def _row(n: int, ours: list[Record], pym: list[Record], kern: list[Record]) -> Record:
    med = statistics.median
    ours_s, pym_s = med(r["seconds"] for r in ours), med(r["seconds"] for r in pym)
    ours_m, pym_m = med(r["peak_mib"] for r in ours), med(r["peak_mib"] for r in pym)
    lu_s, inv_s = med(k["lu_factor_s"] for k in kern), med(k["inv_s"] for k in kern)
    flops_lu = 2 * n**3 / 3
    return {
        "n": n,
        "ours_s": ours_s,
        "pymrio_s": pym_s,
        "ours_peak_mib": ours_m,
        "pymrio_peak_mib": pym_m,
        "ratio_time": pym_s / ours_s,
        "ratio_mem": ours_m / pym_m,
        "reps": len(ours),
        "ours_runs_s": [r["seconds"] for r in ours],
        "pymrio_runs_s": [r["seconds"] for r in pym],
        "ours_phases_s": _median_phases(ours),
        "pymrio_phases_s": _median_phases(pym),
        "baseline_mib": {
            "ours": med(r["baseline_mib"] for r in ours),
            "pymrio": med(r["baseline_mib"] for r in pym),
        },
        "lu_factor_s": lu_s,
        "lu_gflops": flops_lu / lu_s / 1e9,
        "ours_end_to_end_gflops": flops_lu / ours_s / 1e9,
        "lu_share_of_ours": lu_s / ours_s,
        "inv_s": inv_s,
        "inv_gflops": 2 * n**3 / inv_s / 1e9,
        "dense_matrix_mib": 8 * n * n / 2**20,
        "results_max_rel_diff": max(_agree(a, b) for a, b in zip(ours, pym, strict=True)),
        "memory_method": ours[0]["memory_method"],
        "busy_before_max": max(r["busy_before"] for r in [*ours, *pym, *kern]),
        "others_cpu_cores_max": max(r["others_cpu_cores"] for r in [*ours, *pym, *kern]),
        "attempts_max": max(r["attempt"] for r in [*ours, *pym, *kern]),
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Child entry point: ``python -m benchmarks.large_table {ours,pymrio,kernels} N``."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("engine", choices=[*ENGINES, "kernels"])
    p.add_argument("n", type=int)
    p.add_argument("--seed", type=int, default=20250101)
    a = p.parse_args(argv)
    rec = kernels(a.n, a.seed) if a.engine == "kernels" else measure(a.engine, a.n, a.seed).record()
    print(json.dumps(rec))


if __name__ == "__main__":
    main()
