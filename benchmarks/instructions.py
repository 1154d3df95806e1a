"""Instructions per request, counted by valgrind's callgrind: a cost that the machine's
neighbours do not move.

``python -m benchmarks.instructions [--base DIR]`` (needs the Debian package ``valgrind``).

On this VM the same in-process measurement can vary threefold between hours (a bare
Litestar request 47 µs one morning, 86 µs the next evening), and a change worth 3 % cannot be
seen in wall-clock time. Instructions executed do not depend on what else runs, so an A/B
of two trees counts each under callgrind and compares the counts: ``--base`` names a
checkout of the other tree (``git worktree add /tmp/base HEAD``), counted at the same time.

What is counted, for each workload: the instructions of the main thread between zeroing
callgrind's counters and dumping them (``callgrind_control -z`` / ``-d``, from inside the
process), for a batch of 40 and a batch of 120 items, per item by difference (so that what
every batch pays once, the control calls among it, cancels). Threads other than the main
one (SQLite's reader and writer) are not counted: the event loop's thread is the one that
saturates. Instructions are not time (a cache miss costs more than an add), but the same
work on the same interpreter executes the same instructions.

Workloads: ``validate_*`` (``Plan.model_validate`` of a decoded body), ``report_sejong``
(:func:`impact.report.report_json`), ``access_log`` (one access line, as served), and
``route_*`` (the service's routes through its ASGI interface, rate limit off, as in
:mod:`benchmarks.metrics_cost`): metrics of the Sejong plan and of ``make load``'s small
plans, a comparison of two inline plans and a saved one, a save and a read.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import logging.config
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any

N1, N2 = 40, 120
WORKLOADS = (
    "validate_sejong",
    "validate_small",
    "report_sejong",
    "access_log",
    "route_metrics_sejong",
    "route_metrics_small",
    "route_compare",
    "route_save",
    "route_read",
)


def _control(*args: str) -> None:
    subprocess.run(["callgrind_control", *args, str(os.getpid())], check=True, capture_output=True)


async def _batches(name: str, run: Callable[[int], Awaitable[None]]) -> None:
    """``run(n)`` for the two batch sizes, each between zeroed counters and a dump."""
    for size, tag in ((N1, "a"), (N2, "b")):
        _control("-z")
        await run(size)
        _control("-d", f"{name}:{tag}:{size}")


def _each(call: Callable[[Any], object], items: list[Any]) -> Callable[[int], Awaitable[None]]:
    async def run(n: int) -> None:
        for item in items[:n]:
            call(item)

    return run


async def _count(names: Iterable[str]) -> None:
    """Inside callgrind: run each workload's batches (the counting child of :func:`main`)."""
    from litestar.serialization import decode_json

    from api import logs
    from benchmarks.metrics_cost import unique_bodies
    from impact.plan import Plan
    from impact.report import report_json
    from scripts.load import _plan

    rng = random.Random(2024)
    count = N1 + N2
    sejong = [decode_json(b) for b in unique_bodies(count)]
    small = [_plan(rng) for _ in range(count)]
    chosen = list(names)
    parts: list[tuple[str, Callable[[Any], object], list[Any]]] = [
        ("validate_sejong", Plan.model_validate, sejong),
        ("validate_small", Plan.model_validate, small),
        ("report_sejong", report_json, [Plan.model_validate(d) for d in sejong]),
    ]
    for name, call, items in parts:
        if name in chosen:
            call(items[0])  # warm
            await _batches(name, _each(call, items))
    if "access_log" in chosen:
        logging.config.dictConfig(logs.logging_config("info"))
        handler = logging.getLogger().handlers[0]
        assert isinstance(handler, logging.StreamHandler)
        with open(os.devnull, "w") as devnull:
            handler.setStream(devnull)
            direct = getattr(logs, "access_log", lambda: None)()  # a tree from before it: None
            line = direct or logging.getLogger("uvicorn.access")
            access = ("127.0.0.1:5000", "POST", "/v1/metrics", "1.1", 200)
            await _batches(
                "access_log",
                _each(lambda a: line.info('%s - "%s %s HTTP/%s" %d', *a), [access] * count),
            )
        logging.disable(logging.WARNING)
    routes = [n for n in chosen if n.startswith("route_")]
    if routes:
        await _routes(routes, rng)


async def _routes(names: list[str], rng: random.Random) -> None:
    from litestar.testing import AsyncTestClient

    import api.app
    from api.settings import Settings
    from benchmarks import asgi
    from benchmarks.metrics_cost import unique_bodies
    from scripts.load import _plan

    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="impact-instr-") as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/instructions.db"
        app = api.app.create_app(Settings(database_url=url, rate_limit=0))
        async with AsyncTestClient(app):
            ids = []
            for _ in range(30):
                body = json.dumps(_plan(rng)).encode()
                ids.append(
                    json.loads(await asgi.request(app, "POST", "/v1/plans", body, status=201))["id"]
                )

            def request(name: str) -> tuple[str, str, bytes, int]:
                if name == "route_read":
                    return ("GET", f"/v1/plans/{rng.choice(ids)}", b"", 200)
                if name == "route_compare":
                    plans = [_plan(rng), _plan(rng), {"id": rng.choice(ids)}]
                    body = {"plans": plans, "price_year": 2024}
                    return ("POST", "/v1/compare", json.dumps(body).encode(), 200)
                if name == "route_save":
                    return ("POST", "/v1/plans", json.dumps(_plan(rng)).encode(), 201)
                if name == "route_metrics_sejong":
                    return ("POST", "/v1/metrics", unique_bodies(1)[0], 200)
                return ("POST", "/v1/metrics", json.dumps(_plan(rng)).encode(), 200)

            gc.collect()
            gc.freeze()  # as the service does after start-up
            for name in names:

                async def run(n: int, name: str = name) -> None:
                    for method, path, body, status in [request(name) for _ in range(n)]:
                        await asgi.request(app, method, path, body, status=status)

                await run(3)  # warm
                await _batches(name, run)


def _per_item(directory: Path) -> dict[str, float]:
    """Instructions per item from the main thread's dumps in ``directory``."""
    found: dict[str, dict[str, tuple[int, int]]] = {}
    for path in directory.glob("cg.*"):
        text = path.read_text(errors="replace")
        trigger = re.search(r"^desc: Trigger: dump (\S+)", text, re.M)
        thread = re.search(r"^thread: (\d+)", text, re.M)
        summary = re.search(r"^summary: (\d+)", text, re.M)
        if not trigger or not summary or (thread and thread.group(1) != "1"):
            continue
        name, tag, size = trigger.group(1).split(":")
        found.setdefault(name, {})[tag] = (int(size), int(summary.group(1)))
    return {
        name: (runs["b"][1] - runs["a"][1]) / (runs["b"][0] - runs["a"][0])
        for name, runs in sorted(found.items())
        if {"a", "b"} <= runs.keys()
    }


def _counting(tree: Path, names: list[str], out: Path) -> subprocess.Popen[bytes]:
    """Start this module's counting child on ``tree`` under callgrind."""
    # this file run in ``tree``: its packages are that tree's (the base may not have this file)
    child = (
        f"import runpy, sys; sys.argv = ['instructions', '--count', *{names!r}]; "
        f"runpy.run_path({str(Path(__file__))!r}, run_name='__main__')"
    )
    command = [
        "valgrind", "--tool=callgrind", "--separate-threads=yes",
        f"--callgrind-out-file={out}/cg.%p", sys.executable, "-c", child,
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.Popen(
        command, cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def measure(names: list[str], base: Path | None = None) -> dict[str, Any]:
    """Instructions per item for ``names`` in this tree (and in ``base``, counted at once)."""
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        return {"skipped": "valgrind is not installed (Debian package valgrind)"}
    trees = {"this": Path(__file__).resolve().parents[1]} | ({"base": base} if base else {})
    with tempfile.TemporaryDirectory(prefix="impact-callgrind-") as tmp:
        outs = {label: Path(tmp) / label for label in trees}
        for out in outs.values():
            out.mkdir()
        children = [_counting(tree, names, outs[label]) for label, tree in trees.items()]
        for child in children:
            if child.wait() != 0:
                raise RuntimeError(f"the counting run exited with {child.returncode}")
        result: dict[str, Any] = {label: _per_item(out) for label, out in outs.items()}
    if base is not None:
        result["change"] = {
            name: result["this"][name] / result["base"][name] - 1
            for name in result["this"]
            if name in result["base"]
        }
    result["method"] = "callgrind, main thread, per item by difference of batches of 40 and 120"
    return result


def main(argv: list[str] | None = None) -> None:
    """Print the counts as JSON (or, with ``--count``, be the counting child)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, help="another checkout to count beside this one")
    parser.add_argument("--count", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("workloads", nargs="*", default=list(WORKLOADS))
    args = parser.parse_args(argv)
    if args.count:
        asyncio.run(_count(args.count))
        return
    print(json.dumps(measure(args.workloads, args.base), indent=2))


if __name__ == "__main__":
    main()
