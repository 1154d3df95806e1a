"""What-if scenarios: a base plan plus ordered, typed adjustments; sweeps; uncertainty.

Public API::

    Adjustment, ADJUSTMENT_ADAPTER          the adjustments (discriminated on ``type``)
    apply_adjustments(plan, adjustments)    fold them into a ScenarioState
    run_scenario(plan, adjustments)         baseline vs scenario: metrics, impacts, delta
    run_sweep(plan, rows)                   k scenarios with one batched model product
    expand_grid(grid)                       a cartesian grid of parameters → rows
    uncertainty_problem / draw_chunk / summarise   Monte Carlo in fixed, seeded chunks

Nothing here imports a web framework, a database or Dask: chunked work is a
pure function of its inputs and a seed, and the caller decides where it runs.
"""
