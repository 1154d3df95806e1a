"""What-if scenarios: a base plan plus ordered, typed adjustments; sweeps; uncertainty.

Public API::

    Adjustment, ADJUSTMENT_ADAPTER          the adjustments (discriminated on ``type``)
    apply_adjustments(plan, adjustments)    fold them into a ScenarioState
    run_scenario(plan, adjustments)         baseline vs scenario: metrics, impacts, delta
    run_sweep(plan, rows)                   k scenarios with one batched model product
    expand_grid(grid)                       a cartesian grid of parameters → rows
    uncertainty_problem, chunk_plan, draw_chunk, summarise   Monte Carlo in seeded chunks

Nothing here imports a web framework, a database or Dask: chunked work is a
pure function of its inputs and a seed, and the caller decides where it runs.
"""

from impact.scenario.adjustments import ADJUSTMENT_ADAPTER, Adjustment
from impact.scenario.grid import expand_grid
from impact.scenario.single import run_scenario
from impact.scenario.state import ScenarioState, apply_adjustments
from impact.scenario.sweep import run_sweep
from impact.scenario.uncertainty import (
    chunk_plan,
    draw_chunk,
    summarise,
    uncertainty_problem,
)

__all__ = [
    "ADJUSTMENT_ADAPTER",
    "Adjustment",
    "ScenarioState",
    "apply_adjustments",
    "chunk_plan",
    "draw_chunk",
    "expand_grid",
    "run_scenario",
    "run_sweep",
    "summarise",
    "uncertainty_problem",
]
