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
from impact.scenario.uncertainty import UncertaintyProblem, chunk_plan, draw_chunk
from runner.executors import Executor, InlineExecutor, Progress

__all__ = ["SWEEP_CHUNK", "sweep_in_chunks", "uncertainty_samples"]

SWEEP_CHUNK = 10_000
"""Rows per sweep task."""


def uncertainty_samples(
    problem: UncertaintyProblem,
    draws: int,
    seed: int,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> FloatArray:
    """(3, draws) samples of output, value added and jobs, the same on every executor."""
    items = [(problem, child, size) for child, size in chunk_plan(draws, seed)]
    parts = (executor or InlineExecutor()).map(draw_chunk, items, progress)
    return np.hstack(parts)


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
    chunk: int = SWEEP_CHUNK,
) -> SweepResult:
    """:func:`run_sweep` over slices of ``chunk`` rows, concatenated in order."""
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
