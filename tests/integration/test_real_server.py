"""The served stack (uvicorn + ``python -m api``): limits, headers and logs as deployed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from scripts.server import Server

pytestmark = pytest.mark.slow

KEY = "real-server-key-0123456789abcdef"
PLAN = {"city": "세종", "announced": "2024-01-09", "investment": "1,704억원"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    directory = tmp_path_factory.mktemp("served")
    env = {
        "IMPACT_API_KEYS": KEY,
        "IMPACT_RATE_LIMIT": "0",
        "IMPACT_LOG_LEVEL": "debug",
        "IMPACT_MAX_BODY_BYTES": str(1024 * 1024),
    }
    with Server(directory / "served.db", directory / "server.log", env) as server:
        yield server


def test_a_10_mib_body_is_413_problem_json(served: Server) -> None:
    response = httpx.post(
        f"{served.url}/v1/metrics",
        content=b"[" + b" " * (10 * 1024 * 1024) + b"]",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["field"] == "body"


def test_a_streamed_body_over_the_limit_is_413(served: Server) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"city": "x", "notes": "'
        for _ in range(64):
            yield b"z" * 32_768
        yield b'", "investment": 1}'

    response = httpx.post(
        f"{served.url}/v1/metrics", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert response.status_code == 413
    assert response.json()["field"] == "body"


def test_headers_as_served(served: Server) -> None:
    response = httpx.get(f"{served.url}/health")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "server" not in response.headers  # no "uvicorn" banner


def test_the_log_is_json_lines_without_keys_or_bodies(served: Server) -> None:
    marker = "BODY-MARKER-in-a-saved-plan"
    saved = httpx.post(
        f"{served.url}/v1/plans", json={**PLAN, "title": marker}, headers={"X-API-Key": KEY}
    )
    assert saved.status_code == 201
    refused = httpx.post(
        f"{served.url}/v1/plans?secret=query-marker",
        json={**PLAN, "title": marker},
        headers={"X-API-Key": "wrong-" + KEY},
    )
    assert refused.status_code == 401
    log = Path(served.log_path).read_text(encoding="utf-8")
    assert KEY not in log
    assert marker not in log
    assert "query-marker" not in log
    entries = [json.loads(line) for line in log.splitlines() if line.strip()]
    assert any("IMPACT_API_KEYS" in e["message"] for e in entries) is False  # keys are set
    access = [e for e in entries if e["logger"] == "uvicorn.access"]
    assert {"method": "POST", "path": "/v1/plans", "status": 401} in [
        {k: e[k] for k in ("method", "path", "status")} for e in access
    ]


def test_a_repeated_plan_gets_the_same_bytes_and_headers(served: Server) -> None:
    first, _, third = (httpx.post(f"{served.url}/v1/metrics", json=PLAN) for _ in range(3))
    assert first.status_code == third.status_code == 200
    assert third.content == first.content
    assert third.headers["x-content-type-options"] == "nosniff"
    assert third.headers["content-length"] == str(len(first.content))


def test_a_streamed_sweep_that_fails_in_a_later_slice(served: Server) -> None:
    """Past the first 5,000 rows the status is sent: JSON lines end with the problem, the
    CSV is cut off before the end of its chunked body (the client sees an incomplete one)."""
    rows: list[list[dict[str, object]]] = [[{"type": "local_share", "value": 0.5}]] * 6_000
    request = {"plan": {"id": "sejong-2024"}, "scenarios": [*rows, [{"type": "table", "id": "x"}]]}
    lines = httpx.post(
        f"{served.url}/v1/sweeps", json=request, params={"format": "ndjson"}, timeout=60
    )
    assert lines.status_code == 200
    assert lines.headers["content-type"] == "application/x-ndjson"
    assert lines.headers["x-content-type-options"] == "nosniff"
    *computed, last = (json.loads(line) for line in lines.content.splitlines())
    assert len(computed) == 5_000  # the first slice
    assert (last["status"], last["field"]) == (404, "scenarios.6000.0.id")
    with httpx.stream(
        "POST", f"{served.url}/v1/sweeps", json=request, params={"format": "csv"}, timeout=60
    ) as cut:
        assert cut.status_code == 200
        with pytest.raises(httpx.RemoteProtocolError):
            cut.read()
    assert httpx.get(f"{served.url}/health").status_code == 200  # the server goes on
