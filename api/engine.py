"""The service's ``model_for(table_id)``: which input-output model a table id means.

Scenarios, sweeps and Monte Carlo runs take a resolver from table id to a
factorised :class:`~impact.io.IOModel` (:data:`impact.scenario.state.ModelFor`).
The in-process engine knows ``bok-2023``; tables the service learns about
elsewhere (uploaded or stored tables) are added here, in one place. The
resolver is a module-level function so that it pickles to Dask workers.
"""

from __future__ import annotations

from impact.io import IOModel
from impact.scenario.state import default_model_for

__all__ = ["model_for"]


def model_for(table_id: str) -> IOModel:
    """The model of ``table_id``; :class:`~impact.errors.NotFoundError` (field ``table``)."""
    return default_model_for(table_id)
