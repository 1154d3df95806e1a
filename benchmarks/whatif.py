"""What-if throughput: k demand scenarios at once on the BOK 83-sector table.

``IOModel.impact_batch(Y)`` with Y an (83, k) demand matrix returns the
direct / indirect (/ induced) totals of every metric for each column: two
small matrix products with the cached multipliers, no solve, no Python loop
over scenarios. Timed in a fresh process after one warm-up call (the first
call also pays for faulting in the result arrays); the median of ``reps`` (9), every run
kept in ``runs_s``. On the 2-core EPYC VM the first four calls of a process run at about half
speed whatever the demand (a new 66 MB demand matrix the fifth time runs at full speed, a
3 s pause before the first does not help), so the median of five fell on one of them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from impact.io import bok_2023_model
from impact.io.results import ModelKind

K_SCENARIOS = 100_000


def whatif(k: int = K_SCENARIOS, reps: int = 9, seed: int = 7) -> dict[str, Any]:
    """Scenarios per second of ``impact_batch`` (Type I and Type II) for k scenarios."""
    model = bok_2023_model()
    Y = np.random.default_rng(seed).uniform(0.0, 1_000.0, size=(model.table.n, k))
    out: dict[str, Any] = {"table": model.table.id, "sectors": model.table.n, "k": k}
    kinds: tuple[ModelKind, ...] = ("type_i", "type_ii")
    for kind in kinds:
        t0 = time.perf_counter()
        first = model.impact_batch(Y, kind)
        first_s = time.perf_counter() - t0
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            model.impact_batch(Y, kind)
            times.append(time.perf_counter() - t0)
        # the batch agrees with the one-scenario path on a column
        one = model.impact(Y[:, 0], kind).totals()["value_added"]
        batch = first.totals["value_added"]
        assert one is not None and batch is not None
        assert np.isclose(one["total"] or 0.0, float(batch.total[0]), rtol=1e-10)
        med = statistics.median(times)
        out[kind] = {
            "batch_s": med,
            "first_call_s": first_s,
            "scenarios_per_s": k / med,
            "runs_s": times,
        }
    out["reps"] = reps
    return out


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m benchmarks.whatif [K]``: print one JSON record."""
    p = argparse.ArgumentParser(description="what-if throughput on the BOK table")
    p.add_argument("k", type=int, nargs="?", default=K_SCENARIOS)
    p.add_argument("--reps", type=int, default=9)
    a = p.parse_args(argv)
    print(json.dumps(whatif(a.k, a.reps)))


if __name__ == "__main__":
    main()
