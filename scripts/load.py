"""Load test: many concurrent clients on the real server, on loopback, for a bounded time.

Usage::

    .venv/bin/python -m scripts.load                        # start a server, 64 clients, 20 s
    .venv/bin/python -m scripts.load --clients 128 --duration 60 --max-requests 100000
    .venv/bin/python -m scripts.load --url http://127.0.0.1:8000 --api-key "$KEY"
    .venv/bin/python -m scripts.load --json results.json    # the figures, as JSON
    .venv/bin/python -m scripts.load --workers 2            # a server of 2 worker processes
    .venv/bin/python -m scripts.load --database-url postgresql+asyncpg://u:p@127.0.0.1/db

Without ``--url`` the script starts ``python -m api`` itself (``scripts/server.py``) on a
free port with a temporary SQLite file (or ``--database-url``, a loopback PostgreSQL whose
plans it adds to), ``--workers`` worker processes (1), an API key of its own and no rate
limit (every client is 127.0.0.1, so a per-address limit would measure the limiter), and
stops it at the end; it then also reports the CPU time the server's processes and the
clients used per request. With ``--url`` it drives a server already running -- only on a
loopback address (127.0.0.0/8, ::1, localhost): anything else is refused. The server's own
rate limit then applies and 429s are counted separately; saves need ``--api-key`` if it
has keys.

Each client loops, picking a request at random (seeded) by the weights of ``--mix``:

``metrics``  ``POST /v1/metrics`` of a varied plan (stateless)
``compare``  ``POST /v1/compare`` of two inline plans and a saved one
``save``     ``POST /v1/plans`` (a write, synced to disk before it is answered)
``read``     ``GET /v1/plans/{id}`` of a saved plan, or a page of ``GET /v1/plans``

until ``--duration`` seconds have passed or ``--max-requests`` were sent. It prints
throughput, latency percentiles (p50, p90, p99, max; per kind too) and every status or
error that is not the expected one; the exit status is 1 if there was any error.

The clients are aiohttp, not httpx: on this 2-core machine httpx's AsyncClient with 64
connections sent ~150 requests/s where aiohttp sent ~1,400 against the same server
(measured; ``wrk`` got ~1,800), so httpx would have measured itself.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import random
import resource
import secrets
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from scripts.server import Server

EXPECTED = {"metrics": 200, "compare": 200, "save": 201, "read": 200}
DEFAULT_MIX = "metrics=35,compare=15,save=15,read=35"


@dataclass
class Results:
    """Latencies per kind of request, statuses and errors."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    rate_limited: int = 0
    sent: int = 0
    elapsed: float = 0.0


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


def _plan(rng: random.Random) -> dict[str, Any]:
    investment = rng.randrange(10**9, 10**13)
    return {
        "city": rng.choice(["세종 Sejong", "대전 Daejeon", "부산 Busan", "Gwangju"]),
        "title": f"load test plan {rng.randrange(10**6)}",
        "announced": f"{rng.randrange(2012, 2025)}-0{rng.randrange(1, 10)}-15",
        "investment": investment,
        "claims": {
            "jobs": rng.randrange(0, 50_000),
            "production_inducement": investment * rng.randrange(100, 250) // 100,
            "value_added_inducement": investment * rng.randrange(30, 90) // 100,
        },
    }


class Load:
    """The request mix, the ids saved so far, and the results."""

    def __init__(self, http: aiohttp.ClientSession, mix: dict[str, int], seed: int) -> None:
        self.http = http
        self.kinds = list(mix)
        self.weights = list(mix.values())
        self.seed = seed
        self.saved: list[str] = ["sejong-2024", "daejeon-2018"]
        self.results = Results()
        self._requests: dict[str, Callable[[random.Random], Awaitable[int]]] = {
            "metrics": self._metrics,
            "compare": self._compare,
            "save": self._save,
            "read": self._read,
        }

    async def _send(self, method: str, path: str, **kwargs: Any) -> tuple[int, bytes]:
        async with self.http.request(method, path, **kwargs) as response:
            return response.status, await response.read()

    async def _metrics(self, rng: random.Random) -> int:
        return (await self._send("POST", "/v1/metrics", json=_plan(rng)))[0]

    async def _compare(self, rng: random.Random) -> int:
        plans = [_plan(rng), _plan(rng), {"id": rng.choice(self.saved)}]
        body = {"plans": plans, "price_year": 2024}
        return (await self._send("POST", "/v1/compare", json=body))[0]

    async def _save(self, rng: random.Random) -> int:
        status, body = await self._send("POST", "/v1/plans", json=_plan(rng))
        if status == EXPECTED["save"]:
            self.saved.append(json.loads(body)["id"])
        return status

    async def _read(self, rng: random.Random) -> int:
        if rng.random() < 0.8:
            return (await self._send("GET", f"/v1/plans/{rng.choice(self.saved)}"))[0]
        page = {"limit": 20, "offset": rng.randrange(20)}
        return (await self._send("GET", "/v1/plans", params=page))[0]

    async def client(self, number: int, deadline: float, max_requests: int) -> None:
        rng = random.Random(self.seed * 1_000 + number)  # noqa: S311 -- a load mix, not secrets
        results = self.results
        while time.monotonic() < deadline and results.sent < max_requests:
            kind = rng.choices(self.kinds, self.weights)[0]
            results.sent += 1
            started = time.perf_counter()
            try:
                status = await self._requests[kind](rng)
            except (aiohttp.ClientError, TimeoutError) as exc:
                results.errors[f"{kind}: {type(exc).__name__}"] += 1
                continue
            results.latencies[kind].append(time.perf_counter() - started)
            results.statuses[f"{kind} {status}"] += 1
            if status == 429:
                results.rate_limited += 1
            elif status != EXPECTED[kind]:
                results.errors[f"{kind}: HTTP {status}"] += 1


async def run(
    url: str,
    api_key: str | None,
    *,
    clients: int,
    duration: float,
    max_requests: int,
    mix: str,
    seed: int,
) -> Results:
    """Drive ``url`` with ``clients`` concurrent clients; the results."""
    weights = {kind: int(weight) for kind, _, weight in (p.partition("=") for p in mix.split(","))}
    unknown = set(weights) - set(EXPECTED)
    if unknown:
        msg = f"unknown kinds of request in --mix: {sorted(unknown)}"
        raise SystemExit(msg)
    headers = {"X-API-Key": api_key} if api_key else {}
    async with aiohttp.ClientSession(
        base_url=url,
        headers=headers,
        connector=aiohttp.TCPConnector(limit=clients),
        timeout=aiohttp.ClientTimeout(total=30.0),
    ) as http:
        load = Load(http, weights, seed)
        started = time.monotonic()
        deadline = started + duration
        await asyncio.gather(*(load.client(n, deadline, max_requests) for n in range(clients)))
        load.results.elapsed = time.monotonic() - started
    return load.results


def summary(results: Results, clients: int) -> dict[str, Any]:
    """The figures of a run, as a JSON-able dict (latencies in milliseconds)."""
    every = sorted(x for values in results.latencies.values() for x in values)

    def figures(values: list[float]) -> dict[str, float]:
        ordered = sorted(values)
        return {
            "count": len(ordered),
            **{
                name: round(1_000 * _percentile(ordered, q), 1)
                for name, q in (("p50_ms", 0.5), ("p90_ms", 0.9), ("p99_ms", 0.99), ("max_ms", 1.0))
            },
        }

    answered = len(every)
    return {
        "clients": clients,
        "requests": results.sent,
        "answered": answered,
        "seconds": round(results.elapsed, 2),
        "throughput_rps": round(answered / results.elapsed, 1) if results.elapsed else 0.0,
        "latency": figures(every),
        "by_kind": {kind: figures(values) for kind, values in sorted(results.latencies.items())},
        "statuses": dict(sorted(results.statuses.items())),
        "rate_limited": results.rate_limited,
        "errors": sum(results.errors.values()),
        "error_kinds": dict(results.errors),
    }


def process_group_cpu_s(group: int) -> float:
    """User + system CPU time of every live process in process group ``group`` [s]
    (the server and its workers: :class:`scripts.server.Server` starts a group)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp, then utime and stime at 12 and 13
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _client_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _print(figures: dict[str, Any]) -> None:
    latency = figures["latency"]
    print(
        f"{figures['answered']} requests answered in {figures['seconds']} s by "
        f"{figures['clients']} clients: {figures['throughput_rps']} requests/s"
    )
    print(
        f"latency: p50 {latency['p50_ms']} ms, p90 {latency['p90_ms']} ms, "
        f"p99 {latency['p99_ms']} ms, max {latency['max_ms']} ms"
    )
    for kind, values in figures["by_kind"].items():
        print(
            f"  {kind:8} {values['count']:7} requests, p50 {values['p50_ms']} ms, "
            f"p99 {values['p99_ms']} ms"
        )
    if "server_cpu_us_per_request" in figures:
        server, client = figures["server_cpu_us_per_request"], figures["client_cpu_us_per_request"]
        print(
            f"CPU per request: server {server:.0f} µs ({figures['workers']} worker(s)), "
            f"clients {client:.0f} µs"
        )
    print(f"rate-limited (429): {figures['rate_limited']}")
    print(f"errors: {figures['errors']} {figures['error_kinds'] or ''}")


def _loopback_only(url: str) -> str:
    host = urlsplit(url).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        msg = f"refusing to load {host!r}: only loopback addresses (127.0.0.0/8, ::1, localhost)"
        raise SystemExit(msg)
    return url.rstrip("/")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.load", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--url", help="a running server on loopback (default: start one)")
    parser.add_argument("--api-key", help="X-API-Key for saves, with --url")
    parser.add_argument("--clients", type=int, default=64, help="concurrent clients (64)")
    parser.add_argument(
        "--duration", type=float, default=20.0, help="seconds to run, at most 600 (20)"
    )
    parser.add_argument(
        "--max-requests", type=int, default=50_000, help="requests to send at most (50,000)"
    )
    parser.add_argument("--mix", default=DEFAULT_MIX, help=f"weights of the kinds ({DEFAULT_MIX})")
    parser.add_argument("--seed", type=int, default=2024, help="seed of the request mix (2024)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--workers", type=int, default=1, help="worker processes of the server it starts (1)"
    )
    parser.add_argument(
        "--database-url",
        help="the database of the server it starts (default: a temporary SQLite file); "
        "PostgreSQL on loopback only",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 1_000 or not 0 < args.duration <= 600 or args.max_requests < 1:
        parser.error("use 1-1000 clients, a duration of at most 600 s and at least one request")
    if not 1 <= args.workers <= 64:
        parser.error("use 1-64 workers")
    if args.database_url and not args.database_url.startswith("postgresql+asyncpg://"):
        parser.error("--database-url: a postgresql+asyncpg:// URL (SQLite is the default)")
    if args.database_url:
        _loopback_only("http://" + args.database_url.rsplit("@", 1)[-1].split("/", 1)[0])
    figures = measure(
        url=args.url,
        api_key=args.api_key,
        workers=args.workers,
        database_url=args.database_url,
        clients=args.clients,
        duration=args.duration,
        max_requests=args.max_requests,
        mix=args.mix,
        seed=args.seed,
    )
    _print(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if figures["errors"] else 0


def measure(
    *,
    url: str | None = None,
    api_key: str | None = None,
    workers: int = 1,
    database_url: str | None = None,
    clients: int = 64,
    duration: float = 20.0,
    max_requests: int = 50_000,
    mix: str = DEFAULT_MIX,
    seed: int = 2024,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """One load run (against ``url``, or a server it starts); the figures of :func:`summary`,
    with the server's and the clients' CPU time per request when it started the server."""
    with ExitStack() as stack:
        server: Server | None = None
        if url:
            url, key = _loopback_only(url), api_key
        else:
            directory = Path(
                stack.enter_context(tempfile.TemporaryDirectory(prefix="impact-load-"))
            )
            key = secrets.token_urlsafe(24)
            env = {
                "IMPACT_API_KEYS": key,
                "IMPACT_RATE_LIMIT": "0",
                "IMPACT_LOG_LEVEL": "info",
                "IMPACT_WORKERS": str(workers),
                **({"IMPACT_DATABASE_URL": database_url} if database_url else {}),
            }
            server = stack.enter_context(
                Server(directory / "load.db", directory / "server.log", env)
            )
            url = server.url
            where = "PostgreSQL" if database_url else f"SQLite in {directory}"
            log(f"started python -m api on {url} (pid {server.pid}, {workers} worker(s)), {where}")
        server_cpu = process_group_cpu_s(server.pid) if server else 0.0
        client_cpu = _client_cpu_s()
        results = asyncio.run(
            run(url, key, clients=clients, duration=duration, max_requests=max_requests,
                mix=mix, seed=seed)
        )  # fmt: skip
        client_cpu = _client_cpu_s() - client_cpu
        if server is not None:
            server_cpu = process_group_cpu_s(server.pid) - server_cpu
    figures = summary(results, clients)
    answered = figures["answered"] or 1
    if server is not None:
        figures["workers"] = workers
        figures["database"] = "postgresql" if database_url else "sqlite"
        figures["server_cpu_us_per_request"] = round(server_cpu / answered * 1e6, 1)
        figures["client_cpu_us_per_request"] = round(client_cpu / answered * 1e6, 1)
        figures["server_cpu_cores"] = round(server_cpu / results.elapsed, 2)
    return figures


if __name__ == "__main__":
    sys.exit(main())
