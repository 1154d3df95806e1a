"""End-to-end sweeps: rows of what-if results per second through ``POST /v1/sweeps``.

One request asks for a 100 × 100 grid (budget factor × local share) on the
saved Sejong plan: 10,000 rows, below the 20,000 rows that would turn it into a
job, so the answer is the rows themselves. Without the endpoint the result is
``null`` with :data:`NOTE_MISSING`.
"""

from __future__ import annotations

import json

SWEEPS_PATH = "/v1/sweeps"
NOTE_MISSING = "end-to-end sweeps endpoint not built yet"
NOTE_NO_REQUEST = (
    "POST /v1/sweeps exists, but benchmarks/sweeps.py:sweep_request() is not written yet"
)


GRID_SIDE = 100
CONNECTIONS = 4
"""Connections of the sweep load: a request takes ≈ 0.2 s, so 64 would queue for ≈ 13 s,
beyond wrk's 5 s timeout; 4 keep the worker busy (rows/s is the measure, not latency)."""


def sweep_request() -> tuple[bytes, int] | None:
    """(JSON body of one ``POST /v1/sweeps``, result rows it produces)."""
    factors = [round(0.5 + i / GRID_SIDE, 4) for i in range(GRID_SIDE)]
    shares = [round((i + 1) / GRID_SIDE, 4) for i in range(GRID_SIDE)]
    body = {
        "plan": {"id": "sejong-2024"},
        "grid": {"scale_investment.factor": factors, "local_share.value": shares},
    }
    return json.dumps(body).encode(), GRID_SIDE * GRID_SIDE


def has_sweeps(openapi: dict[str, object]) -> bool:
    """Whether the running app's OpenAPI document has ``POST /v1/sweeps``."""
    paths = openapi.get("paths")
    if not isinstance(paths, dict):
        return False
    item = paths.get(SWEEPS_PATH)
    return isinstance(item, dict) and "post" in item
