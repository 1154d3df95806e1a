"""One anonymous client sends every hostile request of issue 14 while ``/health`` is timed.

Usage::

    .venv/bin/python -m scripts.hostile                   # a server of its own, 30 s
    .venv/bin/python -m scripts.hostile --duration 60 --json hostile.json

The script starts ``python -m api`` (``scripts/server.py``) on loopback with its defaults
-- the rate limit on, one API key configured, at most 1,024 open files -- and, before the
clock starts, saves 100 plans of ≈ 0.5 MB with the key and runs a 100,000-row sweep job
(a 70 MB result). Then, for ``--duration`` seconds, one anonymous client (no key, one
address, as a single attacker would be) keeps sending, within the documented limits
(it waits ``Retry-After`` when told):

* a 155-byte Monte Carlo request with a share of ``1E-10000000`` (and a scenario);
* 8 MiB of 2.7 million empty arrays; JSON 10,000 levels deep; 300,000 arrays just
  under the limit; a head count of ``1e308``; table uploads 10,000 levels deep;
* large jobs (100,000-row sweeps, 100,000-draw Monte Carlo runs: most refused past
  the per-client cap) and downloads of the 70 MB result, whole, in pages and as CSV,
  two at a time;
* ``GET /v1/plans?limit=100`` over the big plans;
* 1,100 idle sockets, 50 connections that send their headers a byte a second, bytes
  that are not HTTP, paths like ``/static/%00``, ``X-Forwarded-For`` to dodge the limit.

Meanwhile a separate process asks ``GET /health`` every 20 ms on its own connection and
records each latency (a failure counts as its timeout). The report gives the latency
percentiles, the statuses the hostile requests got, and any 5xx -- there must be none.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import io
import json
import multiprocessing
import secrets
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import aiohttp
import httpx

from scripts.server import HOST, Server

PLAN = {"id": "sejong-2024"}


def big_grid(rows: int = 100_000) -> dict[str, list[float]]:
    """A grid of ``rows`` sweep rows (a multiple of 100)."""
    return {
        "scale_investment.factor": [0.5 + i / 10_000 for i in range(rows // 100)],
        "local_share.value": [i / 100 for i in range(100)],
    }


BIG_GRID = big_grid()
PROBE_EVERY_S = 0.02
PARTS = frozenset({"bodies", "reads", "sockets"})
"""The hostile client's loops (``--only`` runs some of them)."""
PROBE_TIMEOUT_S = 5.0


@dataclass
class Report:
    """What one run measured."""

    duration_s: float
    idle_p99_ms: float
    probes: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    failed_probes: int
    statuses: dict[str, int] = field(default_factory=dict)
    server_errors: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"/health with no other request: p99 {self.idle_p99_ms:.1f} ms",
            (
                f"/health under the hostile mix, {self.duration_s:.0f} s: {self.probes} "
                f"probes, p50 {self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms, max "
                f"{self.max_ms:.1f} ms, {self.failed_probes} failed"
            ),
            "hostile requests: " + ", ".join(f"{k} {v}" for k, v in sorted(self.statuses.items())),
            f"5xx: {len(self.server_errors)}",
        ]


# -- the /health prober (a process of its own) --------------------------------------------


def _probe(port: int, seconds: float, out: Connection) -> None:
    latencies: list[float] = []
    failures = 0
    connection: http.client.HTTPConnection | None = None
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            if connection is None:
                connection = http.client.HTTPConnection(HOST, port, timeout=PROBE_TIMEOUT_S)
            connection.request("GET", "/health")
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise OSError(response.status)
            latencies.append(time.perf_counter() - started)
        except (OSError, http.client.HTTPException):
            failures += 1
            latencies.append(max(time.perf_counter() - started, PROBE_TIMEOUT_S))
            with contextlib.suppress(Exception):
                if connection is not None:
                    connection.close()
            connection = None
        time.sleep(max(0.0, PROBE_EVERY_S - (time.perf_counter() - started)))
    out.send((latencies, failures))
    out.close()


# -- the hostile client -------------------------------------------------------------------


class Hostile:
    """The anonymous attacker: several loops sharing one rate-limit budget (its address)."""

    def __init__(self, url: str, port: int, until: float, big_job: str) -> None:
        self.url = url
        self.port = port
        self.until = until
        self.big_job = big_job
        self.statuses: Counter[str] = Counter()
        self.errors: list[str] = []
        self._pause_until = 0.0

    def _running(self) -> bool:
        return time.monotonic() < self.until

    async def _send(
        self, session: aiohttp.ClientSession, label: str, method: str, path: str, **kw: Any
    ) -> bytes:
        wait = self._pause_until - time.monotonic()
        if wait > 0:  # within the limits: the server said when to come back
            await asyncio.sleep(min(wait, max(0.0, self.until - time.monotonic())))
        if not self._running():
            return b""
        if isinstance(kw.get("data"), bytes):  # aiohttp wants large bodies as a stream
            kw = {**kw, "data": io.BytesIO(kw["data"])}
        try:
            async with session.request(method, self.url + path, **kw) as response:
                body = b""
                async for chunk in response.content.iter_chunked(1 << 20):
                    if len(body) < 65536:
                        body += chunk[:65536]
                status = response.status
                if status == 429:
                    self._pause_until = time.monotonic() + float(
                        response.headers.get("Retry-After", "1")
                    )
        except (aiohttp.ClientError, TimeoutError) as exc:
            self.statuses[f"{label}:{type(exc).__name__}"] += 1
            return b""
        self.statuses[f"{label}:{status}"] += 1
        if status >= 500 and status != 503:
            self.errors.append(f"{label} {method} {path[:60]} -> {status}: {body[:200]!r}")
        return body

    async def bodies(self, session: aiohttp.ClientSession) -> None:
        json_headers = {"Content-Type": "application/json"}
        bomb = {"plan": {"city": "x", "investment": 170400000000,
                         "allocation": {"shares": {"62": "1", "70": "1E-10000000"}}},
                "draws": 10, "seed": 1, "coefficient_cv": 0.1}  # fmt: skip
        empty_arrays = b"[" + b",".join([b"[]"] * 2_700_000) + b"]"
        just_under = b"[" + b",".join([b"[]"] * 299_990) + b"]"
        deep = b"[" * 10_000 + b"]" * 10_000
        jobs_1e308 = b'{"city": "x", "investment": 170400000000, "claims": {"jobs": 1e308}}'
        spoofed = {"X-Forwarded-For": "203.0.113.7"}
        cases: list[tuple[str, str, str, dict[str, Any]]] = [
            ("decimal-bomb", "POST", "/v1/uncertainty", {"json": bomb}),
            ("decimal-bomb-scenario", "POST", "/v1/scenarios",
             {"json": {"plan": bomb["plan"], "adjustments": []}}),
            ("empty-arrays-8MiB", "POST", "/v1/metrics",
             {"data": empty_arrays, "headers": json_headers}),
            ("arrays-just-under", "POST", "/v1/metrics",
             {"data": just_under, "headers": json_headers}),
            ("deep-10000", "POST", "/v1/metrics", {"data": deep, "headers": json_headers}),
            ("jobs-1e308", "POST", "/v1/metrics", {"data": jobs_1e308, "headers": json_headers}),
            ("table-deep", "POST", "/v1/tables", {"data": deep, "headers": json_headers}),
            ("sweep-100k-job", "POST", "/v1/sweeps", {"json": {"plan": PLAN, "grid": BIG_GRID}}),
            ("mc-100k-job", "POST", "/v1/uncertainty",
             {"json": {"plan": PLAN, "draws": 100_000, "seed": 2, "coefficient_cv": 0.1}}),
            ("spoofed-xff", "GET", "/v1/plans?limit=1", {"headers": spoofed}),
            ("static-nul", "GET", "/static/%00", {}),
            ("static-long", "GET", "/static/" + "a" * 300, {}),
        ]  # fmt: skip
        while self._running():
            for label, method, path, kw in cases:
                await self._send(session, label, method, path, **kw)

    async def reads(self, session: aiohttp.ClientSession) -> None:
        result = f"/v1/jobs/{self.big_job}/result"
        cases = [
            ("plans-limit-100", "GET", "/v1/plans?limit=100"),
            ("big-result-whole", "GET", result),
            ("big-result-page", "GET", result + "?offset=50000&limit=10000"),
            ("big-result-csv", "GET", result + "?format=csv"),
            ("job-status", "GET", f"/v1/jobs/{self.big_job}"),
        ]
        while self._running():
            for label, method, path in cases:
                await self._send(session, label, method, path)

    async def sockets(self) -> None:
        idle: list[asyncio.StreamWriter] = []
        slow: list[asyncio.StreamWriter] = []
        try:
            for _ in range(1_100):
                with contextlib.suppress(OSError):
                    idle.append((await asyncio.open_connection(HOST, self.port))[1])
            for _ in range(50):
                with contextlib.suppress(OSError):
                    _, writer = await asyncio.open_connection(HOST, self.port)
                    writer.write(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                    slow.append(writer)
            while self._running():
                await asyncio.sleep(1.0)
                for writer in slow:
                    if not writer.transport.is_closing():
                        writer.write(b"a")
                with contextlib.suppress(OSError):
                    _, junk = await asyncio.open_connection(HOST, self.port)
                    junk.write(b"\x16\x03\x01 not http\r\n\r\n")
                    slow.append(junk)
        finally:
            for writer in idle + slow:
                writer.transport.abort()

    async def run(self, parts: frozenset[str] = PARTS) -> None:
        timeout = aiohttp.ClientTimeout(total=60)
        async with (
            aiohttp.ClientSession(timeout=timeout) as one,
            aiohttp.ClientSession(timeout=timeout) as two,
        ):
            loops = {
                "bodies": [self.bodies(one)],
                "reads": [self.reads(two), self.reads(one)],
                "sockets": [self.sockets()],
            }
            await asyncio.gather(*(loop for part in parts for loop in loops[part]))


# -- set-up and the whole run ------------------------------------------------------------


def _big_plan(number: int) -> dict[str, Any]:
    """A valid plan of ≈ 0.5 MB: long industries, many sources, a wide allocation."""
    url = "https://example.org/" + "u" * 1900
    sources = [
        {"outlet": f"outlet {number}-{i} " + "o" * 150, "title": "t" * 480, "url": url}
        for i in range(50)
    ]
    shares = {f"s{i:05d}": "0.0001" for i in range(10_000)}
    return {
        "city": f"Big city {number}",
        "investment": 1_000_000_000,
        "industries": [f"industry {i:03d} " + "i" * 1980 for i in range(100)],
        "sources": sources,
        "allocation": {"shares": shares},
        "notes": "n" * 4000,
    }


def prepare(url: str, key: str, plans: int, rows: int = 100_000) -> str:
    """Save ``plans`` big plans with ``key``; run a sweep job of ``rows`` rows; its id."""
    with httpx.Client(base_url=url, timeout=120) as client:
        for number in range(plans):
            saved = client.post("/v1/plans", json=_big_plan(number), headers={"X-API-Key": key})
            saved.raise_for_status()
        accepted = client.post("/v1/sweeps", json={"plan": PLAN, "grid": big_grid(rows)})
        if accepted.status_code != 202:
            msg = f"the big sweep was not accepted as a job: {accepted.status_code}"
            raise RuntimeError(msg)
        location = accepted.headers["location"]
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            job = client.get(location).json()
            if job["status"] == "succeeded":
                return str(job["id"])
            if job["status"] == "failed":
                msg = f"the big sweep failed: {job['error']}"
                raise RuntimeError(msg)
            time.sleep(0.5)
    msg = "the big sweep did not finish in 300 s"
    raise RuntimeError(msg)


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


class _Prober:
    """``GET /health`` every 20 ms from a process of its own, for ``seconds``."""

    def __init__(self, port: int, seconds: float) -> None:
        context = multiprocessing.get_context("spawn")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_probe, args=(port, seconds, send), daemon=True)
        self._seconds = seconds
        self._process.start()

    def result(self) -> tuple[list[float], int]:
        found = self._receive.recv() if self._receive.poll(self._seconds + 60) else ([], -1)
        self._process.join(timeout=10)
        latencies, failures = found
        return sorted(latencies), failures


def idle_p99(port: int, seconds: float = 3.0) -> float:
    """p99 of ``/health`` with nothing else sent [s]: what the machine allows at best."""
    latencies, _ = _Prober(port, seconds).result()
    return _percentile(latencies, 0.99)


def measure(
    url: str, port: int, big_job: str, duration: float, parts: frozenset[str] = PARTS
) -> Report:
    """The hostile mix for ``duration`` seconds against ``url``, ``/health`` timed."""
    idle = idle_p99(port)
    prober = _Prober(port, duration)
    started = time.monotonic()
    hostile = Hostile(url, port, started + duration, big_job)
    asyncio.run(hostile.run(parts))
    ordered, failures = prober.result()
    return Report(
        duration_s=time.monotonic() - started,
        idle_p99_ms=idle * 1000,
        probes=len(ordered),
        p50_ms=statistics.median(ordered or [float("nan")]) * 1000,
        p99_ms=_percentile(ordered, 0.99) * 1000,
        max_ms=(ordered[-1] if ordered else float("nan")) * 1000,
        failed_probes=failures,
        statuses=dict(hostile.statuses),
        server_errors=hostile.errors,
    )


def run(
    duration: float,
    plans: int = 100,
    directory: Path | None = None,
    parts: frozenset[str] = PARTS,
    rows: int = 100_000,
) -> Report:
    """Start a server of its own, prepare it, measure; stop it."""
    key = secrets.token_urlsafe(24)
    env = {"IMPACT_API_KEYS": key, "IMPACT_LOG_LEVEL": "warning"}
    with contextlib.ExitStack() as stack:
        where = directory or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        server = stack.enter_context(
            Server(where / "hostile.db", where / "server.log", env, file_limit=1024)
        )
        big_job = prepare(server.url, key, plans, rows)
        return measure(server.url, server.port, big_job, duration, parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m scripts.hostile", description=__doc__)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of hostile mix")
    parser.add_argument("--plans", type=int, default=100, help="big plans saved first")
    parser.add_argument("--json", type=Path, help="also write the report here")
    parser.add_argument(
        "--only", default=",".join(sorted(PARTS)), help="loops to run: bodies,reads,sockets"
    )
    args = parser.parse_args(argv)
    report = run(args.duration, args.plans, parts=frozenset(args.only.split(",")))
    for line in report.lines():
        print(line)
    for error in report.server_errors[:20]:
        print("  5xx:", error)
    if args.json:
        args.json.write_text(json.dumps(report.__dict__, indent=2), encoding="utf-8")
    sys.exit(1 if report.server_errors else 0)


if __name__ == "__main__":
    main()
