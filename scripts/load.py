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

Each client holds one keep-alive HTTP/1.1 connection of its own (:class:`Connection`, a
few dozen lines on asyncio's transports, on uvloop as the server) and opens a new
one when the server closes it. The clients share the machine with the server, so what
they cost is taken from it: httpx's AsyncClient sent ~150 requests/s where aiohttp sent
~1,400 (``wrk`` ~1,800), and aiohttp still took 450-510 µs of CPU a request, over half a
core at 1,200 requests/s; this client takes 190-230 µs (README, Performance).
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
from typing import Any, cast
from urllib.parse import urlencode, urlsplit

import uvloop

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


class ProtocolError(Exception):
    """An answer this client cannot read (no ``Content-Length``, a malformed status line)."""


class Connection(asyncio.Protocol):
    """One HTTP/1.1 connection that sends a request at a time and reads each answer by its
    ``Content-Length`` (every answer of the mix has one; chunked answers are refused)."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[tuple[int, bytes]] | None = None
        self.usable = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport, self.usable = cast(asyncio.Transport, transport), True

    def connection_lost(self, exc: Exception | None) -> None:
        self.usable = False
        self._fail(ConnectionResetError("the server closed the connection before answering"))

    def _fail(self, exc: Exception) -> None:
        waiter, self.waiter = self.waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_exception(exc)

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        end = buffer.find(b"\r\n\r\n")
        if end < 0 or self.waiter is None:
            return
        head = bytes(buffer[:end]).lower()
        start = head.find(b"\r\ncontent-length:")
        if not head.startswith(b"http/1.1 ") or start < 0:
            self.usable = False
            self._fail(ProtocolError(head.split(b"\r\n", 1)[0].decode("latin-1")))
            return
        stop = head.find(b"\r\n", start + 2)
        length = head[start + 17 : stop if stop > 0 else len(head)].strip()
        if not length.isdigit():
            self.usable = False
            self._fail(ProtocolError(f"Content-Length {length[:20]!r}"))
            return
        total = end + 4 + int(length)
        if len(buffer) < total:
            return
        body = bytes(buffer[end + 4 : total])
        del buffer[:total]
        if b"\r\nconnection: close" in head:
            self.usable = False
        waiter, self.waiter = self.waiter, None
        if not waiter.done():
            waiter.set_result((int(head[9:12]), body))

    async def exchange(self, request: bytes, timeout: float) -> tuple[int, bytes]:
        """Send ``request`` (its bytes, whole) and wait for the answer: (status, body)."""
        if self.transport is None or not self.usable:
            raise ConnectionResetError("the connection was closed")
        waiter: asyncio.Future[tuple[int, bytes]] = asyncio.get_running_loop().create_future()
        self.waiter = waiter
        self.transport.write(request)
        if self.buffer:  # an answer that came unasked (a refusal before the request)
            self.data_received(b"")
        async with asyncio.timeout(timeout):
            return await waiter


class Client:
    """One client of the load: its connection to ``host:port``, opened again when closed."""

    def __init__(self, netloc: str, headers: bytes, timeout: float) -> None:
        parts = urlsplit(f"http://{netloc}")
        self.host, self.port, self.timeout = parts.hostname or "", parts.port or 80, timeout
        self.head = b"Host: %s\r\n%s" % (netloc.encode(), headers)
        self.connection: Connection | None = None

    async def send(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        """One request; (status, body). A failed exchange closes the connection."""
        connection = self.connection
        if connection is None or not connection.usable:
            if connection is not None and connection.transport is not None:
                connection.transport.close()
            async with asyncio.timeout(self.timeout):
                _, connection = await asyncio.get_running_loop().create_connection(
                    Connection, self.host, self.port
                )
            self.connection = connection
        request = b"%s %s HTTP/1.1\r\n%s" % (method.encode(), path.encode(), self.head)
        if body is not None:
            request += b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (
                len(body),
                body,
            )
        else:
            request += b"\r\n"
        try:
            return await connection.exchange(request, self.timeout)
        except BaseException:
            connection.usable = False
            raise

    def close(self) -> None:
        if self.connection is not None and self.connection.transport is not None:
            self.connection.transport.close()


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


class Load:
    """The request mix, the ids saved so far, and the results."""

    def __init__(self, mix: dict[str, int], seed: int) -> None:
        self.kinds = list(mix)
        self.weights = list(mix.values())
        self.seed = seed
        self.saved: list[str] = ["sejong-2024", "daejeon-2018"]
        self.results = Results()
        self._requests: dict[str, Callable[[Client, random.Random], Awaitable[int]]] = {
            "metrics": self._metrics,
            "compare": self._compare,
            "save": self._save,
            "read": self._read,
        }

    async def _metrics(self, http: Client, rng: random.Random) -> int:
        return (await http.send("POST", "/v1/metrics", _json(_plan(rng))))[0]

    async def _compare(self, http: Client, rng: random.Random) -> int:
        plans = [_plan(rng), _plan(rng), {"id": rng.choice(self.saved)}]
        body = {"plans": plans, "price_year": 2024}
        return (await http.send("POST", "/v1/compare", _json(body)))[0]

    async def _save(self, http: Client, rng: random.Random) -> int:
        status, body = await http.send("POST", "/v1/plans", _json(_plan(rng)))
        if status == EXPECTED["save"]:
            try:
                self.saved.append(str(json.loads(body)["id"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise ProtocolError(f"a saved plan's answer without its id: {exc}") from None
        return status

    async def _read(self, http: Client, rng: random.Random) -> int:
        if rng.random() < 0.8:
            return (await http.send("GET", f"/v1/plans/{rng.choice(self.saved)}"))[0]
        page = urlencode({"limit": 20, "offset": rng.randrange(20)})
        return (await http.send("GET", f"/v1/plans?{page}"))[0]

    async def client(self, http: Client, number: int, deadline: float, max_requests: int) -> None:
        rng = random.Random(self.seed * 1_000 + number)  # noqa: S311 -- a load mix, not secrets
        results = self.results
        try:
            while time.monotonic() < deadline and results.sent < max_requests:
                kind = rng.choices(self.kinds, self.weights)[0]
                results.sent += 1
                started = time.perf_counter()
                try:
                    status = await self._requests[kind](http, rng)
                except (OSError, TimeoutError, ProtocolError) as exc:
                    results.errors[f"{kind}: {type(exc).__name__}"] += 1
                    continue
                results.latencies[kind].append(time.perf_counter() - started)
                results.statuses[f"{kind} {status}"] += 1
                if status == 429:
                    results.rate_limited += 1
                elif status != EXPECTED[kind]:
                    results.errors[f"{kind}: HTTP {status}"] += 1
        finally:
            http.close()


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
    parts = urlsplit(url)
    if parts.scheme != "http":
        msg = f"the load speaks plain HTTP/1.1: give an http:// URL, not {parts.scheme}://"
        raise SystemExit(msg)
    netloc = parts.netloc
    headers = b"X-API-Key: %s\r\n" % api_key.encode() if api_key else b""
    load = Load(weights, seed)
    started = time.monotonic()
    deadline = started + duration
    await asyncio.gather(
        *(
            load.client(Client(netloc, headers, timeout=30.0), n, deadline, max_requests)
            for n in range(clients)
        )
    )
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
        "--max-requests", type=int, default=200_000, help="requests to send at most (200,000)"
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
    max_requests: int = 200_000,
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
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            results = runner.run(
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
