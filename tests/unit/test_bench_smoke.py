"""The benchmark code runs and computes the right numbers (no timings are checked here)."""

from __future__ import annotations

import numpy as np

from benchmarks import api_load, db_load, metrics_cost, solvers, sweeps
from benchmarks.large_table import EngineRun, measure
from benchmarks.synthetic import synthetic_table

N = 50


def test_large_table_benchmark_runs_our_engine_and_agrees_with_a_dense_solve() -> None:
    run = measure("ours", N)
    assert isinstance(run, EngineRun)
    rec = run.record()
    assert rec["engine"] == "ours" and rec["n"] == N
    assert set(rec["phases_s"]) == {"table", "factorise", "multipliers", "impact"}
    assert set(rec["checksums"]) == {
        "output_multipliers",
        "value_added_multipliers",
        "impact_output",
    }
    assert rec["seconds"] >= 0 and rec["peak_mib"] >= 0 and rec["baseline_mib"] > 0

    t = synthetic_table(N)
    assert np.all(t.value_added > 0) and np.all(t.Z.sum(axis=0) / t.x < 0.6)
    A = t.Z / t.x  # a domestic-flows table: A_d = Z x̂⁻¹
    IA = np.eye(N) - A
    v = t.value_added / t.x
    np.testing.assert_allclose(run.output_multipliers, np.linalg.solve(IA.T, np.ones(N)))
    np.testing.assert_allclose(run.value_added_multipliers, np.linalg.solve(IA.T, v))
    np.testing.assert_allclose(run.impact_output, np.linalg.solve(IA, t.demand))
    # value added plus imports leak every unit of final demand: vᵀL + μᵀL = 1ᵀ
    mu = t.imports / t.x
    np.testing.assert_allclose(run.value_added_multipliers + np.linalg.solve(IA.T, mu), 1.0)


def test_wrk_report_parser() -> None:
    text = """Running 10s test @ http://127.0.0.1:8000/v1/metrics
  1 threads and 64 connections
  Latency Distribution
     50%  812.00us
     75%    1.20ms
     90%    2.50ms
     99%   10.31ms
  52031 requests in 10.00s, 180.40MB read
Requests/sec:   5203.10
Transfer/sec:     18.04MB
"""
    rep = api_load.parse_wrk(text)
    assert rep["rps"] == 5203.1 and rep["requests"] == 52031
    assert rep["p50_ms"] == 0.812 and rep["p99_ms"] == 10.31
    assert rep["non_2xx"] == 0 and rep["socket_errors"] == 0


def test_sweeps_are_detected_from_the_openapi_document() -> None:
    assert not sweeps.has_sweeps({"paths": {"/v1/metrics": {"post": {}}}})
    assert sweeps.has_sweeps({"paths": {"/v1/sweeps": {"post": {}}}})


def test_the_solver_comparison_agrees_with_the_dense_answers() -> None:
    sparse_table = synthetic_table(N, density=0.05)
    assert np.count_nonzero(sparse_table.Z) < 0.2 * N * N
    rec = solvers.compare(N, 0.05)
    assert rec["n"] == N and rec["nnz"] <= N * N
    assert rec["splu_rel_diff"] < 1e-12
    assert rec["gmres_rel_diff"] < 1e-10
    assert rec["splu_fill"] >= 1.0


def test_the_in_process_cost_of_a_new_plan_is_measured_part_by_part() -> None:
    cost = metrics_cost.measure(rounds=1, repeats=1)
    assert set(cost["us_per_request"]) == {"bare", "route", "handler_path"}
    assert set(cost["in_route_us"]) == {"framework", "read_plan", "report"}
    assert all(v > 0 for v in cost["us_per_request"].values())
    assert all(v > 0 for v in cost["alone_us"].values())
    assert cost["route_over_bare"] > 1


def test_the_http_summary_reads_the_servers_cpu_time_per_request() -> None:
    run = {"rps": 1000.0, "p50_ms": 1.0, "p99_ms": 2.0, "server_cpu_cores": 0.5,
           "wrk_cpu_cores": 0.1, "busy_before": 0.0, "others_cpu_cores": 0.0}  # fmt: skip
    runs = {name: [dict(run)] for name in api_load.RUNS}
    runs["bare_unique"][0]["rps"] = 4000.0
    summary = api_load._summary(runs, rounds=1, seconds=1, warmup=1)
    assert summary["metrics_unique_cpu_us"] == 500.0
    assert summary["bare_unique_cpu_us"] == 125.0
    assert summary["ratio_unique_cpu"] == 0.25 == summary["ratio_unique_rps"]


def test_the_scale_benchmarks_ask_for_what_they_report() -> None:
    """The streamed sweep is 100,000 rows; the Dask workload's comparisons see a difference."""
    import json  # noqa: PLC0415

    from benchmarks import dask_cluster, sweep_stream  # noqa: PLC0415
    from runner.executors import InlineExecutor  # noqa: PLC0415

    grid = json.loads(sweep_stream._body())["grid"]
    assert len(grid["scale_investment.factor"]) * len(grid["local_share.value"]) == 100_000
    work = dask_cluster.Workload()
    assert len(work.grid.rows) == dask_cluster.FACTORS * dask_cluster.SHARES
    small = work.sweep(InlineExecutor(), small=True)
    assert dask_cluster._same_sweep(small, work.sweep(InlineExecutor(), small=True))
    changed = type(small)(
        columns={**small.columns, "jobs": small.columns["jobs"] * (1 + 1e-16) + 1e-9},
        investment=small.investment,
        notes=small.notes,
    )
    assert not dask_cluster._same_sweep(small, changed)
    draws = work.uncertainty(InlineExecutor(), draws=300)
    assert dask_cluster._same_draws(draws, work.uncertainty(InlineExecutor(), draws=300))
    assert not dask_cluster._same_draws(draws, work.uncertainty(InlineExecutor(), draws=301))


def test_the_saved_plan_read_cost_measures_the_service_and_a_bare_get() -> None:
    cost = db_load.read_cost(repeats=1)
    assert cost["read_bytes"] > 1000
    assert cost["bare_get_cpu_us"] > 0 and cost["read_cpu_us"] > 0
