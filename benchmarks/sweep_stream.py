"""A 100,000-row sweep streamed by a real server: its peak memory above idle, and rows/s.

``python -m benchmarks.sweep_stream`` starts the service (``python -m api``: uvicorn, one
worker, loopback, a fresh SQLite database), warms it (a small sweep of each kind, so the
model's factorisation and the code paths are in memory), waits for its RSS to settle and
takes that as idle. Then, for JSON lines and for CSV in turn, it resets the server's
peak-RSS mark (``5`` written to ``/proc/PID/clear_refs``), streams ``POST /v1/sweeps`` of
a 1,000 × 100 grid (budget factor × local share) on the saved Sejong plan, reading the
body as it comes (64 KiB at a time, nothing kept), and reads the server's ``VmHWM``:
``peak − idle`` is what the streamed sweep cost the server at its high point; then the
JSON lines again with a client that reads 64 KiB every 10 ms (the server must wait for it,
not buffer the rows). A thread
also samples ``VmRSS`` every 5 ms as a cross-check. For contrast (not ``--quick``), the
same sweep asked for as JSON becomes a job whose result is built whole: its peak too.

Prints one JSON record; :mod:`benchmarks.__main__` puts it under ``sweep_stream`` and
``sweep_stream_peak_mib`` in ``latest.json``.
"""

from __future__ import annotations

import argparse
import functools
import http.client
import json
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks import api_load, large_table, quiet

FACTORS = 1_000
SHARES = 100
ROWS = FACTORS * SHARES
NDJSON = "application/x-ndjson"
TARGET_MIB = 50.0
"""Issue 15's bound on the server's peak above idle for a streamed 100,000-row sweep."""


def _body() -> bytes:
    factors = [round(0.5 + i / FACTORS, 6) for i in range(FACTORS)]
    shares = [i / (SHARES - 1) for i in range(SHARES)]
    grid = {"scale_investment.factor": factors, "local_share.value": shares}
    return json.dumps({"plan": {"id": "sejong-2024"}, "grid": grid}).encode()


def _status_kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name == key:
            return int(value.split()[0])
    raise KeyError(key)


def _rss_mib(pid: int) -> float:
    return _status_kib(pid, "VmRSS") / 1024


def _settled_rss(pid: int, seconds: float = 1.0) -> float:
    """The server's RSS once it stopped changing (the idle baseline) [MiB]."""
    last = _rss_mib(pid)
    for _ in range(20):
        time.sleep(seconds / 4)
        now = _rss_mib(pid)
        if abs(now - last) < 0.1:
            return now
        last = now
    return last


def _post(
    port: int, body: bytes, accept: str, query: str = "", pause: float = 0.0
) -> tuple[int, int, int, float]:
    """(status, bytes read, lines, seconds) of one request, its body read and dropped
    (``pause`` seconds after each 64 KiB: a slow reader)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    start = time.perf_counter()
    conn.request(
        "POST", f"/v1/sweeps{query}", body,
        {"Content-Type": "application/json", "Accept": accept},
    )  # fmt: skip
    response = conn.getresponse()
    size = lines = 0
    while chunk := response.read(65_536):
        size += len(chunk)
        lines += chunk.count(b"\n")
        if pause:
            time.sleep(pause)
    seconds = time.perf_counter() - start
    conn.close()
    return response.status, size, lines, seconds


class _Sampler(threading.Thread):
    """Samples a process's VmRSS every ``every`` seconds until stopped; keeps the highest."""

    def __init__(self, pid: int, every: float = 0.005) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak = pid, every, 0.0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak = max(self.peak, _rss_mib(self.pid))
            time.sleep(self.every)

    def stop(self) -> float:
        self._stop_event.set()
        self.join()
        return self.peak


def _reset_peak(pid: int) -> bool:
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _measure(pid: int, idle: float, fn: Callable[[], Any]) -> dict[str, Any]:
    reset = _reset_peak(pid)
    sampler = _Sampler(pid)
    sampler.start()
    cpu0 = api_load._cpu_s(pid)
    out = fn()
    cpu = api_load._cpu_s(pid) - cpu0
    sampled = sampler.stop()
    hwm = _status_kib(pid, "VmHWM") / 1024
    return {
        "peak_mib": round((hwm if reset else sampled) - idle, 1),
        "sampled_peak_mib": round(sampled - idle, 1),
        "server_cpu_s": round(cpu, 2),
        "peak_method": "VmHWM after clear_refs=5" if reset else "VmRSS sampled every 5 ms",
        **out,
    }


def _stream(port: int, body: bytes, accept: str, pause: float = 0.0) -> dict[str, Any]:
    status, size, lines, seconds = _post(port, body, accept, pause=pause)
    if status != 200:
        raise RuntimeError(f"streamed sweep answered {status}")
    rows = lines - 1  # JSON lines: the last line is {count, notes}; CSV: the header
    return {
        "rows": rows,
        "bytes": size,
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
    }


def _job(port: int, body: bytes) -> dict[str, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    start = time.perf_counter()
    conn.request("POST", "/v1/sweeps", body, {"Content-Type": "application/json"})
    response = conn.getresponse()
    location = response.getheader("Location") or ""
    response.read()
    if response.status != 202:
        raise RuntimeError(f"a 100,000-row JSON sweep answered {response.status}, not 202")
    while True:
        conn.request("GET", location)
        job = json.loads(conn.getresponse().read())
        if job["status"] != "running":
            break
        time.sleep(0.1)
    conn.close()
    if job["status"] != "succeeded":
        raise RuntimeError(f"the sweep job {job['status']}: {job.get('error')}")
    return {
        "seconds": round(time.perf_counter() - start, 2),
        "result_bytes": job["result"]["bytes"],
    }


def measure(*, job: bool = True, log: Callable[[str], None] = print) -> dict[str, Any]:
    """The record (see the module doc)."""
    import tempfile

    body = _body()
    with tempfile.TemporaryDirectory(prefix="impact-stream-") as tmp:
        d = Path(tmp)
        port = api_load._free_port()
        env = {
            **large_table.child_env(),
            "IMPACT_LOG_LEVEL": "warning",
            "IMPACT_HOST": "127.0.0.1",
            "IMPACT_PORT": str(port),
            "IMPACT_RATE_LIMIT": "0",
            "IMPACT_DATABASE_URL": f"sqlite+aiosqlite:///{d / 'bench.db'}",
            "IMPACT_WORKERS": "1",  # one process, the one measured (else the supervisor's)
        }
        url = f"http://127.0.0.1:{port}/health"
        with api_load._server(["-m", "api"], env, url, None, d / "api.log") as srv:
            small = json.dumps(
                {"plan": {"id": "sejong-2024"}, "grid": {"local_share.value": [0.5, 1]}}
            ).encode()
            for accept in ("application/json", "application/x-ndjson", "text/csv"):
                _post(port, small, accept)
            idle = _settled_rss(srv.pid)
            record: dict[str, Any] = {
                "rows": ROWS,
                "grid": f"{FACTORS} budget factors × {SHARES} local shares, saved Sejong plan",
                "server": "python -m api (uvicorn, 1 worker, uvloop + httptools), loopback",
                "idle_rss_mib": round(idle, 1),
                "target_mib": TARGET_MIB,
            }
            for name, accept in (("ndjson", "application/x-ndjson"), ("csv", "text/csv")):
                busy = quiet.wait_quiet(log)
                record[name] = _measure(
                    srv.pid, idle, functools.partial(_stream, port, body, accept)
                )
                record[name]["busy_before"] = round(busy, 2)
                log(f"sweep stream {name}: peak +{record[name]['peak_mib']} MiB, "
                    f"{record[name]['rows_per_s']:,} rows/s")  # fmt: skip
                idle = _settled_rss(srv.pid)
                record[f"idle_after_{name}_mib"] = round(idle, 1)
            # a slow reader (64 KiB every 10 ms, ≈ 6 MB/s): the server waits, it does not buffer
            record["ndjson_slow_reader"] = _measure(
                srv.pid, idle, functools.partial(_stream, port, body, NDJSON, 0.01)
            )
            log(f"sweep stream, slow reader: peak +{record['ndjson_slow_reader']['peak_mib']} MiB")
            idle = _settled_rss(srv.pid)
            if job:
                record["job_json"] = _measure(srv.pid, idle, lambda: _job(port, body))
                log(f"sweep as a JSON job: peak +{record['job_json']['peak_mib']} MiB")
    record["peak_mib"] = max(
        record[name]["peak_mib"] for name in ("ndjson", "csv", "ndjson_slow_reader")
    )
    record["met"] = record["peak_mib"] < TARGET_MIB
    return record


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m benchmarks.sweep_stream [--no-job]``: print one JSON record."""
    p = argparse.ArgumentParser(description="a streamed 100,000-row sweep: server peak RSS")
    p.add_argument("--no-job", action="store_true", help="skip the JSON job for contrast")
    a = p.parse_args(argv)
    print(json.dumps(measure(job=not a.no_job, log=lambda m: None)))


if __name__ == "__main__":
    main()
