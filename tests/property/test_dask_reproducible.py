"""The same seed gives the same Monte Carlo draws and sweep rows on a Dask cluster of two
worker processes (``LocalCluster(processes=True)``: each worker its own process, spawned
by a nanny, talking to the scheduler over TCP) as in this process, bit for bit.
``python -m benchmarks.dask_cluster`` does the same at full size with ``dask scheduler``
and ``dask worker`` started from the command line."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from impact.scenario.grid import expand_grid
from impact.scenario.state import ScenarioState
from impact.scenario.sweep import run_sweep
from impact.scenario.uncertainty import uncertainty_problem
from runner.executors import DaskExecutor, InlineExecutor
from runner.work import sweep_in_chunks, uncertainty_samples
from tests.strategies_scenario import sejong

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster_executor() -> Iterator[DaskExecutor]:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
        ) as cluster,
        distributed.Client(cluster, set_as_default=False) as client,
    ):
        yield DaskExecutor(client=client)


def test_monte_carlo_is_the_same_in_process_and_on_two_worker_processes(
    cluster_executor: DaskExecutor,
) -> None:
    problem = uncertainty_problem(
        ScenarioState(plan=sejong()), cv=0.1, concentration=40.0, basis_uncertainty=True
    )
    inline = uncertainty_samples(problem, 1_234, seed=2024, executor=InlineExecutor())
    seen: list[tuple[int, int]] = []
    on_cluster = uncertainty_samples(
        problem, 1_234, seed=2024, executor=cluster_executor,
        progress=lambda done, total: seen.append((done, total)),
    )  # fmt: skip
    assert np.array_equal(inline[0], on_cluster[0])
    assert inline[1].keys() == on_cluster[1].keys() == {"coefficients", "allocation", "basis"}
    for source, samples in inline[1].items():
        assert np.array_equal(samples, on_cluster[1][source])
    assert seen[-1] == (20, 20)  # the run's 5 chunks, then each of 3 sources alone


def test_the_in_process_dask_client_gives_the_same_draws() -> None:
    problem = uncertainty_problem(ScenarioState(plan=sejong()), cv=0.3)
    executor = DaskExecutor()
    try:
        threaded = uncertainty_samples(problem, 600, seed=1, executor=executor)
    finally:
        executor.close()
    assert np.array_equal(threaded[0], uncertainty_samples(problem, 600, seed=1)[0])


def test_a_chunked_sweep_on_the_cluster_equals_the_single_batch(
    cluster_executor: DaskExecutor,
) -> None:
    grid = expand_grid({"scale_investment.factor": [0.5, 0.75, 1.0], "local_share.value": [0, 1]})
    whole = run_sweep(sejong(), grid.rows, paths=grid.paths)
    chunked = sweep_in_chunks(
        sejong(), grid.rows, paths=grid.paths, executor=cluster_executor, chunk=4
    )
    assert chunked.investment == whole.investment
    for name, column in whole.columns.items():
        assert np.allclose(chunked.columns[name], column, rtol=1e-12, equal_nan=True), name
    # the same slices in this process: the same bits (a job, the JSON answer and a stream
    # all cut a sweep at the same rows, runner.work.SWEEP_CHUNK)
    inline = sweep_in_chunks(sejong(), grid.rows, paths=grid.paths, chunk=4)
    for name, column in inline.columns.items():
        assert np.array_equal(chunked.columns[name], column, equal_nan=True), name
