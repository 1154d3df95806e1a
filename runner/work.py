"""Sweeps and Monte Carlo runs cut into chunks and mapped over an :class:`Executor`.

* Monte Carlo: the chunks of :func:`impact.scenario.uncertainty.chunk_plan`
  (fixed size, one ``SeedSequence`` child each) → :func:`draw_chunk` each.
* Sweeps: consecutive slices of :data:`SWEEP_CHUNK` rows → :func:`run_sweep`
  each (one batched model product per slice), concatenated in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from impact.io.iomath import FloatArray
from impact.plan import Plan
from impact.scenario.adjustments import Adjustment
from impact.scenario.state import ModelFor, default_model_for
from impact.scenario.sweep import SweepResult, concat_sweeps, run_sweep
from impact.scenario.uncertainty import (
    Source,
    UncertaintyProblem,
    chunk_plan,
    contribution_plan,
    draw_chunk,
)
from runner.executors import Executor, InlineExecutor, Progress

__all__ = ["SWEEP_CHUNK", "sweep_in_chunks", "uncertainty_samples"]

SWEEP_CHUNK = 5_000
"""Rows per slice of a sweep, on every path: a job's tasks, the JSON answer computed at once
and the streamed answer all cut the rows at the same places, so each row is computed in the
same batched product with the same neighbours and is the same to the last bit everywhere.
(BLAS picks its kernel by the shape of a product -- a matrix-vector product, small-matrix
kernels, how columns are split among threads -- and the kernels round differently: a
row's floats may differ in the last bit between a slice of 2 rows and one of 8.)"""


def uncertainty_samples(
    problem: UncertaintyProblem,
    draws: int,
    seed: int,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> tuple[FloatArray, dict[Source, FloatArray]]:
    """(5, draws) samples (:data:`~impact.scenario.uncertainty.METRICS`) and, for each source
    that varies, its samples alone over the first draws — the same on every executor."""
    plan = chunk_plan(draws, seed)
    items = [(problem, child, size) for child, size in plan]
    active = problem.active
    alone_plan = contribution_plan(draws, seed) if len(active) > 1 else []
    for source in active if alone_plan else ():
        items += [(problem.alone(source), child, size) for child, size in alone_plan]
    parts = (executor or InlineExecutor()).map(draw_chunk, items, progress)
    samples = np.hstack(parts[: len(plan)])
    alone: dict[Source, FloatArray] = {}
    if len(active) == 1:  # one source: the joint draws are its own
        alone[active[0]] = samples[:, : sum(size for _, size in contribution_plan(draws, seed))]
    for i, source in enumerate(active if alone_plan else ()):
        start = len(plan) + i * len(alone_plan)
        alone[source] = np.hstack(parts[start : start + len(alone_plan)])
    return samples, alone


def sweep_in_chunks(
    plan: Plan,
    rows: Sequence[Sequence[Adjustment]],
    *,
    base: Sequence[Adjustment] = (),
    paths: Sequence[Sequence[str]] | None = None,
    field: str = "scenarios",
    model_for: ModelFor = default_model_for,
    executor: Executor | None = None,
    progress: Progress | None = None,
    chunk: int | None = None,
) -> SweepResult:
    """:func:`run_sweep` over slices of ``chunk`` rows (default :data:`SWEEP_CHUNK`),
    concatenated in order."""
    chunk = chunk or SWEEP_CHUNK
    items = [
        (
            plan,
            list(rows[a : a + chunk]),
            {
                "base": list(base),
                "paths": None if paths is None else list(paths[a : a + chunk]),
                "field": field,
                "row_offset": a,
                "model_for": model_for,
            },
        )
        for a in range(0, len(rows), chunk)
    ]
    parts = (executor or InlineExecutor()).map(_sweep_slice, items, progress)
    return concat_sweeps(parts)


def _sweep_slice(
    plan: Plan, rows: Sequence[Sequence[Adjustment]], options: dict[str, Any]
) -> SweepResult:
    return run_sweep(plan, rows, **options)
