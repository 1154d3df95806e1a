"""The load script runs, counts, and refuses any target but loopback."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from scripts.load import _loopback_only, measure, run, summary
from scripts.server import Server

KEY = "load-smoke-key-0123456789abcdef"


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000", "http://127.8.9.10:1/", "http://localhost:9000", "http://[::1]:80"],
)
def test_loopback_targets_are_accepted(url: str) -> None:
    assert _loopback_only(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url", ["http://10.0.0.1:8000", "http://192.168.1.2", "https://example.org", "http://0.0.0.0"]
)
def test_other_targets_are_refused(url: str) -> None:
    with pytest.raises(SystemExit, match="only loopback"):
        _loopback_only(url)


@pytest.mark.slow
def test_a_short_run_against_the_real_server_has_no_errors(tmp_path: Path) -> None:
    env = {"IMPACT_API_KEYS": KEY, "IMPACT_RATE_LIMIT": "0"}
    with Server(tmp_path / "load.db", tmp_path / "server.log", env) as server:
        results = asyncio.run(
            run(
                server.url,
                KEY,
                clients=8,
                duration=1.5,
                max_requests=400,
                mix="metrics=1,compare=1,save=1,read=1",
                seed=1,
            )
        )
    figures = summary(results, 8)
    assert figures["errors"] == 0, figures["error_kinds"]
    assert 0 < figures["answered"] <= 400
    assert set(figures["by_kind"]) == {"metrics", "compare", "save", "read"}
    assert figures["latency"]["p50_ms"] <= figures["latency"]["p99_ms"]


@pytest.mark.slow
def test_the_server_rate_limit_shows_as_429_not_errors(tmp_path: Path) -> None:
    env = {"IMPACT_RATE_LIMIT": "30"}
    with Server(tmp_path / "limited.db", tmp_path / "server.log", env) as server:
        results = asyncio.run(
            run(server.url, None, clients=4, duration=1.0, max_requests=200, mix="read=1", seed=2)
        )
    figures = summary(results, 4)
    assert figures["rate_limited"] > 0
    assert figures["errors"] == 0


@pytest.mark.slow
def test_measure_starts_a_server_of_two_workers_and_counts_its_cpu() -> None:
    figures = measure(
        workers=2, clients=8, duration=1.5, max_requests=300, seed=3, log=lambda _: None
    )
    assert figures["errors"] == 0, figures["error_kinds"]
    assert figures["workers"] == 2 and figures["database"] == "sqlite"
    assert figures["server_cpu_us_per_request"] > 0
    assert figures["client_cpu_us_per_request"] > 0
