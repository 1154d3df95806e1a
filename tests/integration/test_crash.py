"""Crash safety: SIGKILL the real server while clients save plans; every 201 survives intact.

The server (``python -m api``, uvicorn, SQLite in WAL mode with ``synchronous=FULL``)
runs in a subprocess on a temporary file. Sixty-four clients create plans and replace each
once, as fast as they can; after 120 acknowledged creations the server is killed with
SIGKILL while requests are in flight. Restarted on the same file it must hold

* every plan whose creation was answered 201, byte for byte what the answer said;
* for every replacement answered 200, that version and document;
* for a write cut off by the kill, either the old or the new state -- nothing in between;
* a database that passes ``PRAGMA integrity_check``, with no duplicate seeds.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from scripts.server import Server

pytestmark = pytest.mark.slow

KEY = "crash-test-key-0123456789abcdef"
CLIENTS = 64
KILL_AFTER = 120
"""Acknowledged creations before the kill."""
MAX_ATTEMPTS = 2_000
"""Bound on the requests all clients send before the kill, whatever happens."""


def _plan(client: int, number: int, *, replaced: bool = False) -> dict[str, Any]:
    return {
        "city": f"Crash city {client}",
        "title": f"plan {client}-{number}" + (" (replaced)" if replaced else ""),
        "announced": "2024-05-01",
        "investment": 1_000_000_000 + client * 1_000 + number,
        "claims": {"jobs": number + (1 if replaced else 0)},
        "notes": "ㄱ" * 200,
    }


@dataclass
class Ledger:
    """What the server acknowledged, and what was cut off."""

    created: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> 201 body
    replaced: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> 200 body
    unanswered_replacements: dict[str, dict[str, Any]] = field(default_factory=dict)
    unanswered: int = 0
    attempts: int = 0


async def _client(
    number: int, url: str, ledger: Ledger, enough: asyncio.Event, dead: asyncio.Event
) -> None:
    headers = {"X-API-Key": KEY}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=10.0) as http:
        sequence = 0
        while not dead.is_set() and ledger.attempts < MAX_ATTEMPTS:
            sequence += 1
            ledger.attempts += 1
            try:
                created = await http.post("/v1/plans", json=_plan(number, sequence))
            except httpx.TransportError:
                ledger.unanswered += 1
                return
            assert created.status_code == 201, created.text
            record = created.json()
            ledger.created[record["id"]] = record
            if len(ledger.created) >= KILL_AFTER:
                enough.set()
            replacement = _plan(number, sequence, replaced=True)
            try:
                replaced = await http.put(f"/v1/plans/{record['id']}", json=replacement)
            except httpx.TransportError:
                ledger.unanswered += 1
                ledger.unanswered_replacements[record["id"]] = replacement
                return
            assert replaced.status_code == 200, replaced.text
            ledger.replaced[record["id"]] = replaced.json()


async def _save_until_killed(server: Server) -> Ledger:
    ledger = Ledger()
    enough, dead = asyncio.Event(), asyncio.Event()
    clients = [
        asyncio.create_task(_client(n, server.url, ledger, enough, dead)) for n in range(CLIENTS)
    ]
    await asyncio.wait_for(enough.wait(), timeout=120)
    server.kill()  # mid-stream: the other clients' requests are in flight
    dead.set()
    await asyncio.wait_for(asyncio.gather(*clients), timeout=60)
    return ledger


def _same_plan(saved: dict[str, Any], acknowledged: dict[str, Any]) -> bool:
    return {k: saved[k] for k in ("id", "plan", "created_at", "version")} == {
        k: acknowledged[k] for k in ("id", "plan", "created_at", "version")
    }


def test_every_acknowledged_save_survives_a_sigkill(tmp_path: Path) -> None:
    database = tmp_path / "crash.db"
    env = {"IMPACT_API_KEYS": KEY, "IMPACT_RATE_LIMIT": "0"}
    server = Server(database, tmp_path / "server.log", env).start()
    try:
        ledger = asyncio.run(_save_until_killed(server))
    finally:
        server.kill()

    assert len(ledger.created) >= KILL_AFTER
    assert ledger.unanswered > 0, "the kill came between requests, not in the middle of any"

    with Server(database, tmp_path / "server.log", env) as restarted:
        saved = httpx.get(f"{restarted.url}/v1/plans", params={"limit": 1}).json()
        for plan_id, created in ledger.created.items():
            response = httpx.get(f"{restarted.url}/v1/plans/{plan_id}")
            assert response.status_code == 200, f"acknowledged plan {plan_id} is lost"
            record = response.json()
            if plan_id in ledger.replaced:
                assert _same_plan(record, ledger.replaced[plan_id])
            elif plan_id in ledger.unanswered_replacements:
                cut_off = ledger.unanswered_replacements[plan_id]
                assert _same_plan(record, created) or (
                    record["version"] == 2 and record["plan"]["title"] == cut_off["title"]
                )
            else:
                assert _same_plan(record, created)

    # creations cut off by the kill may or may not be there; nothing else is
    assert len(ledger.created) + 2 <= saved["total"] <= len(ledger.created) + 2 + ledger.unanswered
    with contextlib.closing(sqlite3.connect(database)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        seeds = connection.execute(
            "SELECT count(*) FROM plans WHERE id IN ('sejong-2024', 'daejeon-2018')"
        ).fetchone()
    assert seeds == (2,)
