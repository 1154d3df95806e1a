"""What one ``POST /v1/metrics`` of a new plan costs, part by part, measured in one process.

``python -m benchmarks.metrics_cost`` (also part of ``make bench`` and ``make bench-quick``).

Wall-clock HTTP figures move with whatever else the machine runs; these do much less,
because every figure is taken in the same process, interleaved with the others, as the
best of many short batches, and read against the bare endpoint measured the same way in
the same run. Every request carries a plan no earlier request carried (the Sejong plan
with a jobs claim counting up), as in the HTTP load.

* ``bare``: the bare Litestar app of :mod:`benchmarks.bare_app` (constant bytes);
* ``route``: the service's ``POST /v1/metrics`` (:func:`api.app.create_app`, rate limit
  off as in the HTTP load), each request a direct ASGI call;
* ``handler_path``: the same route without its ``before_request`` answer, i.e. Litestar
  reading the body into the handler's ``data`` and encoding the ``PlanReport`` it
  returns -- what every other route with a body does;
* in the route, by difference between twins of it whose hook stops early: ``framework``
  (the hook reads the body and answers constant bytes: Litestar's routing, request and
  response, the app-wide guard and hooks), ``read_plan`` (decoding and validating the
  plan) and ``report`` (the rest: metrics, flags, display strings, JSON);
* the parts alone, on the same plans: decoding, validation, metrics, flags, the report
  document, its encoding, the whole report, and the former way to the same bytes
  (``evaluate`` building the pydantic models, then ``model_dump_json``). Alone they cost
  less than inside the route, where the framework's code and data share the caches.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import itertools
import json
import logging
import os
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

from litestar import Litestar, MediaType, Request, Response, post
from litestar.handlers import HTTPRouteHandler
from litestar.serialization import decode_json
from litestar.testing import AsyncTestClient
from pydantic_core import to_json

import api.app
from api.metrics.controllers import compute_metrics
from api.settings import Settings
from benchmarks import asgi, bare_app
from impact.flags import check_claims
from impact.metrics import compute_metrics as metric_values
from impact.plan import Plan
from impact.report import evaluate, report_document, report_json

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "seeds" / "plans" / "sejong-2024.json"
BATCH = 50
_jobs = itertools.count(10_000_000)


def unique_bodies(n: int) -> list[bytes]:
    """``n`` request bodies: the Sejong plan, each with a jobs claim never sent before."""
    head, tail = PLAN.read_bytes().split(b'"jobs": 1998')
    return [head + b'"jobs": ' + str(next(_jobs)).encode() + tail for _ in range(n)]


async def post_metrics(app: Litestar, body: bytes) -> bytes:
    """One ``POST /v1/metrics`` straight through ``app``'s ASGI interface; the body sent."""
    return await asgi.request(app, "POST", "/v1/metrics", body)


async def _best_async(call: Callable[[bytes], Awaitable[Any]], repeats: int) -> float:
    """Best mean over ``repeats`` batches of :data:`BATCH` new-plan requests [µs]."""
    best = float("inf")
    for _ in range(repeats):
        bodies = unique_bodies(BATCH)
        start = time.perf_counter()
        for body in bodies:
            await call(body)
        best = min(best, (time.perf_counter() - start) / BATCH)
    return best * 1e6


def _best(call: Callable[[Any], Any], inputs: list[Any], repeats: int) -> float:
    """Best mean over ``repeats`` batches of :data:`BATCH` calls on ``inputs`` [µs]."""
    best = float("inf")
    for r in range(repeats):
        batch = [inputs[(r * BATCH + i) % len(inputs)] for i in range(BATCH)]
        start = time.perf_counter()
        for item in batch:
            call(item)
        best = min(best, (time.perf_counter() - start) / BATCH)
    return best * 1e6


def _route(hook: Callable[[Request[Any, Any, Any]], Awaitable[Any]] | None) -> HTTPRouteHandler:
    """``POST /v1/metrics`` with the service's handler and ``hook`` as its ``before_request``."""
    return post("/v1/metrics", operation_id="computeMetrics", status_code=200, before_request=hook)(
        compute_metrics.fn
    )


def _app(directory: Path, name: str, route: HTTPRouteHandler | None = None) -> Litestar:
    """The service's app (rate limit off), with ``route`` for ``POST /v1/metrics`` if given."""
    settings = Settings(database_url=f"sqlite+aiosqlite:///{directory / name}.db", rate_limit=0)
    if route is None:
        return api.app.create_app(settings)
    original = api.app.__dict__["compute_metrics"]
    setattr(api.app, "compute_metrics", route)  # noqa: B010 - create_app composes by name
    try:
        return api.app.create_app(settings)
    finally:
        setattr(api.app, "compute_metrics", original)  # noqa: B010


@contextlib.contextmanager
def _quiet_and(variable: str, value: str) -> Iterator[None]:
    """No log records below ERROR (the apps' start-up notes), and ``variable`` set, for a
    while; both as they were afterwards."""
    level, before = logging.root.manager.disable, os.environ.get(variable)
    logging.disable(logging.WARNING)
    os.environ[variable] = value
    try:
        yield
    finally:
        logging.disable(level)
        if before is None:
            del os.environ[variable]
        else:
            os.environ[variable] = before


async def _measure(rounds: int, repeats: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="impact-cost-") as tmp:
        directory = Path(tmp)
        answer = directory / "answer.json"
        service = _app(directory, "service")
        async with AsyncTestClient(service):
            body = await post_metrics(service, PLAN.read_bytes())
        answer.write_bytes(body)

        async def constant(request: Request[Any, Any, Any]) -> Response[bytes]:
            await request.body()
            return Response(content=body, media_type=MediaType.JSON)

        async def read_only(request: Request[Any, Any, Any]) -> Response[bytes]:
            Plan.model_validate(decode_json(await request.body()))
            return Response(content=body, media_type=MediaType.JSON)

        with _quiet_and(bare_app.BODY_ENV, str(answer)):
            bare = bare_app.create_app()
        apps = {
            "bare": bare,
            "route": service,
            "handler_path": _app(directory, "handler", _route(None)),
            "framework": _app(directory, "framework", _route(constant)),
            "framework_and_read": _app(directory, "read", _route(read_only)),
        }
        async with contextlib.AsyncExitStack() as stack:
            for app in apps.values():
                await stack.enter_async_context(AsyncTestClient(app))
            gc.collect()
            gc.freeze()  # as the service does after start-up (api.app.freeze_heap)
            for app in apps.values():  # warm up
                await _best_async(functools.partial(post_metrics, app), 2)
            result = dict.fromkeys(apps, float("inf"))
            for _ in range(rounds):
                for name, app in apps.items():
                    took = await _best_async(functools.partial(post_metrics, app), repeats)
                    result[name] = min(result[name], took)
            gc.unfreeze()
    return result


def parts(repeats: int) -> dict[str, float]:
    """Each part of the route's work on its own [µs per request]."""
    bodies = unique_bodies(200)
    decoded = [decode_json(b) for b in bodies]
    plans = [Plan.model_validate(d) for d in decoded]
    documents = [report_document(p) for p in plans[:BATCH]]
    return {
        "decode_json": _best(decode_json, bodies, repeats),
        "validate_plan": _best(Plan.model_validate, decoded, repeats),
        "metrics": _best(metric_values, plans, repeats),
        "flags": _best(check_claims, plans, repeats),
        "report_document": _best(report_document, plans, repeats),
        "encode_json": _best(lambda d: to_json(d, by_alias=True), documents, repeats),
        "report_json": _best(report_json, plans, repeats),
        "former_models_and_dump": _best(
            lambda p: evaluate(p).model_dump_json(by_alias=True), plans, repeats
        ),
    }


def measure(*, rounds: int = 3, repeats: int = 30) -> dict[str, Any]:
    """The in-process costs [µs per request] and the route's cost in bare endpoints."""
    with _quiet_and("IMPACT_LOG_LEVEL", "warning"):
        requests = asyncio.run(_measure(rounds, repeats))
    framework, read = requests.pop("framework"), requests.pop("framework_and_read")
    bare = requests["bare"]
    return {
        "us_per_request": requests,
        "in_route_us": {
            "framework": framework,
            "read_plan": read - framework,
            "report": requests["route"] - read,
        },
        "alone_us": parts(repeats),
        "route_over_bare": requests["route"] / bare,
        "handler_path_over_bare": requests["handler_path"] / bare,
        "method": (
            "one process; direct ASGI calls, a new plan every request (the Sejong plan, jobs "
            f"claim counting up); best mean of {repeats} batches of {BATCH}, {rounds} rounds "
            "interleaved; in the route by difference between twins whose hook stops early"
        ),
    }


def main() -> None:
    """Print the measurement as JSON."""
    print(json.dumps(measure(), indent=2))


if __name__ == "__main__":
    main()
