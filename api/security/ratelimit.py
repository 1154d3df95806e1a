"""Rate limiting: a token bucket per client address, 429 with ``Retry-After`` when empty.

Each client address has a bucket of ``IMPACT_RATE_LIMIT`` tokens (default 600) that
refills at ``IMPACT_RATE_LIMIT / 60`` tokens per second; a request takes one token, and
a request that finds the bucket empty is answered 429 (``application/problem+json``)
with ``Retry-After`` set to the whole seconds until a token is back. So a client may
burst up to one minute's allowance and then keeps the average rate.

Decisions
---------
* **Our own ~60 lines, not Litestar's ``RateLimitConfig``.** Litestar's middleware
  keeps every request's timestamp of the window in a store, re-encoded as JSON on each
  request under one lock, and its 429 has no ``Retry-After``. A bucket is two floats.
* **Keyed by the ASGI client address** (``scope["client"]``). Behind a reverse proxy
  that is the proxy's address unless the server rewrites it: run uvicorn with
  ``--proxy-headers --forwarded-allow-ips=<the proxy>``; never trust ``X-Forwarded-For``
  from anyone else.
* **Per process, in memory.** With N worker processes a client gets N times the rate;
  a limit shared between hosts belongs in the proxy. At most :data:`MAX_CLIENTS` buckets
  are kept: full (idle) buckets are dropped first, then the oldest.
* ``GET /health`` and the OpenAPI document (``/schema``) are not limited;
  ``opt={EXEMPT: True}`` (``"rate_limit_exempt"``) exempts a route.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Final

from litestar.enums import ScopeType
from litestar.exceptions import TooManyRequestsException
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

__all__ = ["EXEMPT", "MAX_CLIENTS", "RateLimitMiddleware", "TokenBuckets"]

MAX_CLIENTS: Final = 100_000
EXEMPT: Final = "rate_limit_exempt"
"""Route ``opt`` key: ``opt={EXEMPT: True}`` takes a route out of rate limiting."""


class TokenBuckets:
    """One token bucket per client: ``per_minute`` tokens, refilled continuously."""

    def __init__(
        self,
        per_minute: int,
        *,
        max_clients: int = MAX_CLIENTS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if per_minute < 1:
            msg = f"per_minute must be ≥ 1, not {per_minute}"
            raise ValueError(msg)
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # [tokens/s]
        self.max_clients = max_clients
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, when)

    def take(self, client: str) -> float:
        """Take a token for ``client``: 0.0 if it had one, else the seconds until it has one."""
        now = self._clock()
        tokens, then = self._buckets.pop(client, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - then) * self.rate)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self.rate
        self._buckets[client] = (tokens, now)  # re-inserted: dict order is least recent first
        if len(self._buckets) > self.max_clients:
            self._prune(now)
        return wait

    def _prune(self, now: float) -> None:
        refill = self.capacity / self.rate
        self._buckets = {c: b for c, b in self._buckets.items() if now - b[1] < refill}
        excess = len(self._buckets) - self.max_clients
        for client in list(self._buckets)[: max(excess, 0)]:
            del self._buckets[client]

    def __len__(self) -> int:
        return len(self._buckets)


class RateLimitMiddleware(ASGIMiddleware):
    """429 with ``Retry-After`` for a client whose bucket is empty (see the module doc)."""

    scopes = (ScopeType.HTTP,)
    exclude_opt_key = EXEMPT

    @staticmethod
    def should_bypass_for_scope(scope: Scope) -> bool:
        """The OpenAPI document (``/schema``) is not limited."""
        path: str = scope["path"]
        return path == "/schema" or path.startswith("/schema/")

    def __init__(self, buckets: TokenBuckets) -> None:
        self.buckets = buckets

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        client = scope.get("client")
        wait = self.buckets.take(client[0] if client else "unknown")
        if wait > 0:
            raise TooManyRequestsException(
                detail=f"too many requests: at most {int(self.buckets.capacity)} a minute",
                headers={"Retry-After": str(max(1, math.ceil(wait)))},
            )
        await next_app(scope, receive, send)
