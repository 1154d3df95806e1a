"""Where chunked work runs: in this thread, or on Dask distributed (in-process or remote).

The work itself is pure functions of :mod:`impact.scenario` (a chunk of Monte
Carlo draws, a slice of sweep rows); this package only maps them over chunks and
gathers the results in chunk order, so the answer never depends on the executor.
:mod:`impact` never imports Dask; this package does.
"""
