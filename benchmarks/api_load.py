"""HTTP load: ``POST /v1/metrics`` of the real service against a bare Litestar endpoint.

Both servers run on loopback with the same settings: uvicorn, one worker,
the same event loop (``IMPACT_LOOP``, default uvloop) and HTTP implementation
(httptools), log level ``warning`` (no access log). The real
one is started as ``python -m api`` on a throw-away SQLite file; the bare one
(:mod:`benchmarks.bare_app`) answers with the bytes of a real response.

The load tool is wrk (Debian package ``wrk``), one thread, 64 connections,
each run a warm-up then a measured run, the body posted by a Lua script: the
Sejong plan every time, or (``*_unique``) with a jobs claim that no earlier
request of the benchmark carried, so that every answer is computed;
the servers' and wrk's CPU time are recorded. wrk shares the machine's two
cores with the server: a single-worker server uses at most one core, wrk
takes most of the other.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks import quiet, sweeps
from benchmarks.bare_app import BODY_ENV, BUSY_ENV

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "seeds" / "plans" / "sejong-2024.json"
CONNECTIONS = 64
RUNS = ("metrics", "bare", "metrics_unique", "bare_unique", "busy_unique")
"""Each round: a new plan every request (``*_unique``, the headline) and the same plan every
request (``metrics``: computed every time as well -- the service keeps no answers -- so it
should match ``metrics_unique``), each against the bare endpoint under the same wrk script;
and ``busy_unique``, a control: the bare endpoint spinning :data:`BUSY_US` of CPU first."""
BUSY_US = 500

_LUA = """-- POST the file named by $IMPACT_BENCH_BODY as JSON
local f = assert(io.open(os.getenv("IMPACT_BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
"""
_LUA_UNIQUE = """-- POST the file named by $IMPACT_BENCH_BODY, each time with another jobs claim:
-- no two requests of a run, nor of two runs, carry the same bytes
local f = assert(io.open(os.getenv("IMPACT_BENCH_BODY"), "rb"))
local body = f:read("*a")
f:close()
local head, tail = body:match('^(.-"jobs": )%d+(.*)$')
assert(head, "no jobs claim in the body")
local n = tonumber(os.getenv("IMPACT_BENCH_SEQ"))
local headers = {["Content-Type"] = "application/json"}
request = function()
  n = n + 1
  return wrk.format("POST", nil, headers, head .. tostring(n) .. tail)
end
"""
_SEQ_STEP = 10_000_000
"""Jobs claims of one wrk run start at a new multiple of this (more than a run sends)."""
_runs = itertools.count(1)
_UNIT_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _request(url: str, body: bytes | None = None) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    req = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return int(r.status), bytes(r.read())
    except urllib.error.HTTPError as e:
        return int(e.code), e.read()


def _wait_ready(url: str, body: bytes | None, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}):\n{log.read_text()[-2000:]}")
        with contextlib.suppress(OSError):
            if _request(url, body)[0] == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"server not ready at {url}:\n{log.read_text()[-2000:]}")


@contextlib.contextmanager
def _server(
    args: list[str], env: dict[str, str], ready: str, body: bytes | None, log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, *args], env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT
        )
    try:
        _wait_ready(ready, body, proc, log)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _cpu_s(pid: int) -> float:
    """User + system CPU time of a process [s] (from /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _ms(value: str, unit: str) -> float:
    return float(value) * _UNIT_MS[unit]


def parse_wrk(text: str) -> dict[str, Any]:
    """Requests/s, latency percentiles [ms], request count and errors from wrk's report."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if rps is None:
        raise ValueError(f"no Requests/sec in wrk output:\n{text}")
    pct = {
        f"p{p}_ms": _ms(v, u)
        for p, v, u in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
    }
    total = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    return {
        "rps": float(rps.group(1)),
        **pct,
        "requests": int(total.group(1)) if total else None,
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(int(g) for g in sock.groups()) if sock else 0,
    }


def run_wrk(
    url: str, body_file: Path, lua: Path, seconds: float, connections: int = CONNECTIONS
) -> tuple[dict[str, Any], float]:
    """One wrk run; returns its parsed report and wrk's own CPU time [s]."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(  # noqa: PLW1510 - checked below
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency", "--timeout", "5s",
         "-s", str(lua), url],
        capture_output=True, text=True, timeout=seconds + 60,
        env={**os.environ, "IMPACT_BENCH_BODY": str(body_file),
             "IMPACT_BENCH_SEQ": str(next(_runs) * _SEQ_STEP)},
    )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"wrk failed ({proc.returncode}): {proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return parse_wrk(proc.stdout), cpu


@dataclasses.dataclass(frozen=True)
class Load:
    """One load setting: the POST body file, the wrk script, warm-up and measured seconds."""

    body_file: Path
    lua: Path
    warmup: float
    seconds: float
    connections: int = CONNECTIONS

    def measure(self, url: str, pid: int, log: Callable[[str], None]) -> dict[str, Any]:
        """Warm up, then measure ``url`` served by ``pid``; redone while others took the CPUs."""
        for attempt in range(1, quiet.ATTEMPTS + 1):
            rep = self._measure_once(url, pid, log)
            rep["attempt"] = attempt
            if rep["others_cpu_cores"] <= quiet.OTHERS_MAX:
                break
            log(f"other processes used {rep['others_cpu_cores']:.2f} cores: redo {url}")
        return rep

    def _measure_once(self, url: str, pid: int, log: Callable[[str], None]) -> dict[str, Any]:
        busy = quiet.wait_quiet(log)
        run_wrk(url, self.body_file, self.lua, self.warmup, self.connections)
        srv0, all0 = _cpu_s(pid), quiet.busy_seconds()
        rep, wrk_cpu = run_wrk(url, self.body_file, self.lua, self.seconds, self.connections)
        srv = _cpu_s(pid) - srv0
        others = max(0.0, quiet.busy_seconds() - all0 - srv - wrk_cpu)
        rep["server_cpu_cores"] = srv / self.seconds
        rep["wrk_cpu_cores"] = wrk_cpu / self.seconds
        rep["others_cpu_cores"] = others / self.seconds
        rep["busy_before"] = busy
        if rep["non_2xx"] or rep["socket_errors"]:
            raise RuntimeError(f"errors under load at {url}: {rep}")
        return rep


def _loop_and_http() -> dict[str, str]:
    import importlib.util

    from api.serving import GREEDY_UVLOOP, uvicorn_loop
    from api.settings import get_settings

    loop = uvicorn_loop(get_settings().loop)
    if loop == GREEDY_UVLOOP:
        loop = "uvloop, accepting up to 16 connections a turn (api.loop)"
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return {"loop": loop, "http": http}


def api(
    env: dict[str, str],
    *,
    seconds: float = 10,
    warmup: float = 3,
    rounds: int = 3,
    log: Callable[[str], None],
) -> dict[str, Any]:
    """Throughput and p99 latency of /v1/metrics and of the bare endpoint (medians of rounds)."""
    if shutil.which("wrk") is None:
        return {"error": "wrk not found: apt-get install -y wrk (make bench-tools)"}
    plan = PLAN.read_bytes()
    with tempfile.TemporaryDirectory(prefix="impact-bench-") as tmp:
        d = Path(tmp)
        lua, lua_unique = d / "post.lua", d / "post_unique.lua"
        lua.write_text(_LUA)
        lua_unique.write_text(_LUA_UNIQUE)
        body_file = d / "plan.json"
        body_file.write_bytes(plan)
        base = {
            **env,
            "IMPACT_LOG_LEVEL": "warning",
            "IMPACT_HOST": "127.0.0.1",
            "IMPACT_RATE_LIMIT": "0",
            "IMPACT_WORKERS": "1",
        }  # measure the service, not its rate limiter
        p_api = _free_port()
        api_env = {
            **base,
            "IMPACT_PORT": str(p_api),
            "IMPACT_DATABASE_URL": f"sqlite+aiosqlite:///{d / 'bench.db'}",
        }
        api_url = f"http://127.0.0.1:{p_api}"
        with _server(["-m", "api"], api_env, f"{api_url}/health", None, d / "api.log") as srv:
            status, answer = _request(f"{api_url}/v1/metrics", plan)
            if status != 200:
                raise RuntimeError(f"/v1/metrics answered {status}: {answer[:500]!r}")
            (d / "answer.json").write_bytes(answer)
            openapi = json.loads(_request(f"{api_url}/schema/openapi.json")[1])
            bare_env = {**base, BODY_ENV: str(d / "answer.json")}
            with contextlib.ExitStack() as servers:
                bare_url, bare = _bare_server(servers, bare_env, plan, d / "bare.log", 0)
                busy_url, busy = _bare_server(servers, bare_env, plan, d / "busy.log", BUSY_US)
                load = Load(body_file, lua, warmup, seconds)
                unique = dataclasses.replace(load, lua=lua_unique)
                runs: dict[str, list[dict[str, Any]]] = {name: [] for name in RUNS}
                for r in range(rounds):
                    for name, url, pid, how in (
                        ("metrics", f"{api_url}/v1/metrics", srv.pid, load),
                        ("bare", bare_url, bare.pid, load),
                        ("metrics_unique", f"{api_url}/v1/metrics", srv.pid, unique),
                        ("bare_unique", bare_url, bare.pid, unique),
                        ("busy_unique", busy_url, busy.pid, unique),
                    ):
                        rep = how.measure(url, pid, log)
                        runs[name].append(rep)
                        log(f"api round {r + 1}/{rounds} {name}: {rep['rps']:.0f} req/s, "
                            f"p99 {rep['p99_ms']:.1f} ms")  # fmt: skip
            sweep = _sweeps(openapi, api_url, load, srv.pid, log)
    summary = _summary(runs, rounds=rounds, seconds=seconds, warmup=warmup)
    return summary | {"request_bytes": len(plan), "response_bytes": len(answer)} | sweep


def _bare_server(
    servers: contextlib.ExitStack, env: dict[str, str], plan: bytes, log: Path, busy_us: int
) -> tuple[str, subprocess.Popen[bytes]]:
    """Start the bare app (spinning ``busy_us`` first when > 0); its URL and process."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/v1/metrics"
    env = {**env, "IMPACT_PORT": str(port), BUSY_ENV: str(busy_us)}
    proc = servers.enter_context(_server(["-m", "benchmarks.bare_app"], env, url, plan, log))
    return url, proc


def _sweeps(
    openapi: dict[str, Any], api_url: str, load: Load, pid: int, log: Callable[[str], None]
) -> dict[str, Any]:
    if not sweeps.has_sweeps(openapi):
        return {"sweep_rows_per_s": None, "sweep_note": sweeps.NOTE_MISSING}
    req = sweeps.sweep_request()
    if req is None:
        return {"sweep_rows_per_s": None, "sweep_note": sweeps.NOTE_NO_REQUEST}
    body, rows = req
    body_file = load.body_file.with_name("sweep.json")
    body_file.write_bytes(body)
    sweep_load = dataclasses.replace(load, body_file=body_file, connections=sweeps.CONNECTIONS)
    rep = sweep_load.measure(f"{api_url}{sweeps.SWEEPS_PATH}", pid, log)
    return {
        "sweep_rows_per_s": rep["rps"] * rows,
        "sweep_p99_ms": rep["p99_ms"],
        "sweep_note": f"{rows} rows per request, {sweeps.CONNECTIONS} connections",
    }


def _summary(
    runs: dict[str, list[dict[str, Any]]], *, rounds: int, seconds: float, warmup: float
) -> dict[str, Any]:
    med = statistics.median

    def m(name: str, key: str) -> float:
        return float(med(r[key] for r in runs[name]))

    def cpu_us(name: str) -> float:
        """The server's CPU time per request [µs]: what throughput would be on a core of its
        own, read where other processes take CPU time from the server (a shared machine)."""
        return float(med(r["server_cpu_cores"] / r["rps"] * 1e6 for r in runs[name]))

    return {
        "metrics_rps": m("metrics", "rps"),
        "bare_rps": m("bare", "rps"),
        "metrics_p99_ms": m("metrics", "p99_ms"),
        "bare_p99_ms": m("bare", "p99_ms"),
        "connections": CONNECTIONS,
        "ratio_rps": m("metrics", "rps") / m("bare", "rps"),
        "metrics_unique_rps": m("metrics_unique", "rps"),
        "bare_unique_rps": m("bare_unique", "rps"),
        "ratio_unique_rps": m("metrics_unique", "rps") / m("bare_unique", "rps"),
        "metrics_unique_p50_ms": m("metrics_unique", "p50_ms"),
        "metrics_unique_p99_ms": m("metrics_unique", "p99_ms"),
        "bare_unique_p50_ms": m("bare_unique", "p50_ms"),
        "bare_unique_p99_ms": m("bare_unique", "p99_ms"),
        "metrics_unique_cpu_us": cpu_us("metrics_unique"),
        "bare_unique_cpu_us": cpu_us("bare_unique"),
        "ratio_unique_cpu": cpu_us("bare_unique") / cpu_us("metrics_unique"),
        "busy_unique_rps": m("busy_unique", "rps"),
        "busy_unique_p50_ms": m("busy_unique", "p50_ms"),
        "busy_unique_p99_ms": m("busy_unique", "p99_ms"),
        "busy_us": BUSY_US,
        "metrics_p50_ms": m("metrics", "p50_ms"),
        "bare_p50_ms": m("bare", "p50_ms"),
        "server_cpu_cores": {name: m(name, "server_cpu_cores") for name in RUNS},
        "wrk_cpu_cores": {name: m(name, "wrk_cpu_cores") for name in RUNS},
        "rounds": rounds,
        "seconds_per_run": seconds,
        "warmup_s": warmup,
        "busy_before_max": max(r["busy_before"] for rs in runs.values() for r in rs),
        "others_cpu_cores_max": max(r["others_cpu_cores"] for rs in runs.values() for r in rs),
        "load_tool": "wrk -t1 -c64 --latency (Debian package), Lua script for the POST body",
        "server": {"launcher": "uvicorn, 1 worker, log_level=warning", **_loop_and_http()},
        "runs": runs,
    }  # fmt: skip
