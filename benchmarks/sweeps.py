"""End-to-end sweeps: rows of what-if results per second through ``POST /v1/sweeps``.

The endpoint is being built separately. Until it is in the app the result is
``null`` with :data:`NOTE_MISSING`. When it lands, write :func:`sweep_request`
(a request body and the number of result rows it asks for); the load run,
the parsing and the JSON field already exist (:mod:`benchmarks.api_load`).
"""

from __future__ import annotations

SWEEPS_PATH = "/v1/sweeps"
NOTE_MISSING = "end-to-end sweeps endpoint not built yet"
NOTE_NO_REQUEST = (
    "POST /v1/sweeps exists, but benchmarks/sweeps.py:sweep_request() is not written yet"
)


def sweep_request() -> tuple[bytes, int] | None:
    """(JSON body of one ``POST /v1/sweeps``, result rows it produces), or None (not written)."""
    return None


def has_sweeps(openapi: dict[str, object]) -> bool:
    """Whether the running app's OpenAPI document has ``POST /v1/sweeps``."""
    paths = openapi.get("paths")
    if not isinstance(paths, dict):
        return False
    item = paths.get(SWEEPS_PATH)
    return isinstance(item, dict) and "post" in item
