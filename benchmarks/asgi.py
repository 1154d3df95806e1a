"""One request straight through an app's ASGI interface, for the in-process benchmarks
(:mod:`benchmarks.metrics_cost`, :mod:`benchmarks.db_load`): no server, no sockets."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Litestar
from litestar.types import Scope


def scope(method: str, path: str, body: bytes = b"") -> Scope:
    """The ASGI scope of ``method path`` from a local client, with a JSON ``body`` if any."""
    headers = [(b"host", b"127.0.0.1:8000")]
    if body:
        headers += [(b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode())]  # fmt: skip
    return {  # type: ignore[return-value]
        "type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1", "method": method, "scheme": "http",
        "path": path, "raw_path": path.encode(), "root_path": "", "query_string": b"",
        "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000),
        "headers": headers, "state": {}, "extensions": {},
    }  # fmt: skip


async def request(
    app: Litestar, method: str, path: str, body: bytes = b"", *, status: int = 200
) -> bytes:
    """The answer's body; ``RuntimeError`` unless the status is ``status``."""
    received = False
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal received
        if received and body:  # pragma: no cover - a handler never reads past the body
            await asyncio.sleep(3600)
        received = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope(method, path, body), receive, send)  # type: ignore[arg-type]
    if sent[0]["status"] != status:
        raise RuntimeError(f"{method} {path} answered {sent[0]['status']}: {sent[1:]}")
    return b"".join(bytes(m.get("body", b"")) for m in sent[1:])
