"""The bare baseline: a Litestar app whose ``POST /v1/metrics`` returns constant bytes.

Started exactly like the real service (:mod:`api.__main__`: uvicorn, one
worker, the same loop -- ``IMPACT_LOOP``, default auto: uvloop with greedy accepts -- and HTTP
implementation), it answers with the bytes of a real ``/v1/metrics`` response
read from the file named by ``IMPACT_BENCH_BARE_BODY``: same size, same content,
no work. Like the service
(:func:`api.app.freeze_heap`) it freezes its start-up heap.

``python -m benchmarks.bare_app`` (port from ``IMPACT_PORT``, log level from
``IMPACT_LOG_LEVEL``, as the service).
"""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path

import uvicorn
from litestar import Litestar, MediaType, Response, post

from api.serving import uvicorn_loop
from api.settings import get_settings

BODY_ENV = "IMPACT_BENCH_BARE_BODY"
BUSY_ENV = "IMPACT_BENCH_BUSY_US"
"""If set, the bare endpoint first spins this many microseconds of CPU (a control: a
trivial endpoint as slow as a computed answer, to tell the app's latency from the
server's under saturation)."""


def create_app() -> Litestar:
    """The bare app; its answer is the file ``$IMPACT_BENCH_BARE_BODY``."""
    body = Path(os.environ[BODY_ENV]).read_bytes()
    busy_s = int(os.environ.get(BUSY_ENV, "0")) / 1e6

    @post("/v1/metrics", status_code=200, media_type=MediaType.JSON, sync_to_thread=False)
    def constant() -> Response[bytes]:
        """The same bytes every time (after ``busy_s`` of CPU)."""
        if busy_s:
            start = time.perf_counter()
            while time.perf_counter() - start < busy_s:
                pass
        return Response(content=body, media_type=MediaType.JSON)

    return Litestar(route_handlers=[constant], on_startup=[gc.freeze], debug=False)


def main() -> None:
    """Serve :func:`create_app` the way ``python -m api`` serves the real one."""
    uvicorn.run(
        "benchmarks.bare_app:create_app",
        factory=True,
        host=os.environ.get("IMPACT_HOST", "127.0.0.1"),
        port=int(os.environ.get("IMPACT_PORT", "8001")),
        log_level=os.environ.get("IMPACT_LOG_LEVEL", "info"),
        loop=uvicorn_loop(get_settings().loop),  # the service's loop (api.serving)
    )


if __name__ == "__main__":
    main()
