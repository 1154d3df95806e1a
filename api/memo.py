"""Answers from memory for pure routes: the same request, the same response bytes.

A route whose answer is a function of its request alone declares ``opt={PURE: True}``:
no saved data, no clock, no randomness, no caller identity, only the method, path, query
string, ``Content-Type`` and body. ``POST /v1/metrics`` is such a route (a plan in, its
metrics out). The first time a request comes, it is answered as usual; if the answer is
a 200 and the request was seen once before, its status, headers and body are kept, and
every later identical request is answered with those bytes without decoding, validating
or computing anything again.

Decisions
---------
* **Keyed by a BLAKE2b-256 digest** of method, path, query string, ``Content-Type`` and
  body -- everything a pure route may read. Another media type, a byte more of
  whitespace or another query is another key, so a request the guards would refuse
  (415, 400) is never answered from memory. A collision needs 2¹²⁸ requests.
* **Only 200s are kept, from the second time a request comes.** Errors are cheap and carry
  the request's own detail. Most requests come once (a journalist's one plan, a generated
  what-if): the first time only the digest is noted, so they cost no memory and do not
  push out answers that are asked for again (a cache "second-hit" admission rule).
* **The body is read once.** The middleware reads it (at most ``IMPACT_MAX_BODY_BYTES``
  and 1 MiB) and hands it to Litestar's request, which does not read it again; a larger
  or unfinished body is passed through as it came, and Litestar answers it (413).
* **Inside the rate limiter, outside everything else a route has.** A remembered answer
  still costs the client a token; the security headers, CORS and the ``before_send``
  hooks are added by the app around every answer, so a remembered answer gets them
  fresh, exactly as a computed one.
* **Bounded by bytes** (``IMPACT_RESPONSE_CACHE_BYTES``, default 32 MiB; 0 turns it off),
  least recently used dropped first; a response above an eighth of the budget is not kept.
  The digests noted once are bounded too: one per 4 KiB of budget (8,192 digests, ≈ 1.6 MB
  at the default), oldest forgotten first.
* **Never a write route** (``opt={"write": True}``): its guard must see the caller's key,
  so it is passed through whatever its ``opt`` says.
* **Per process, in memory, lost on restart.** Nothing is stale: an answer depends only
  on the code, which a restart is needed to change.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Final, cast

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, HTTPScope, Message, Receive, ReceiveMessage, Scope, Send
from litestar.utils.scope.state import ScopeState

from api.security.keys import WRITE

__all__ = ["MAX_BODY", "PURE", "MemoMiddleware", "Remembered", "ResponseMemo"]

PURE: Final = "pure"
"""Route ``opt`` key: ``opt={PURE: True}`` declares the answer a function of the request."""

MAX_BODY: Final = 1024 * 1024
"""Largest request body [bytes] whose answer is remembered."""

_OVERHEAD: Final = 256
"""Bytes counted per entry on top of its key, headers and body (the objects holding them)."""


@dataclass(frozen=True, slots=True)
class Remembered:
    """One answer: its status, raw headers and body."""

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes

    @property
    def size(self) -> int:
        """The bytes this entry is counted as."""
        return _OVERHEAD + len(self.body) + sum(len(k) + len(v) for k, v in self.headers)


class ResponseMemo:
    """Answers by request digest, at most ``max_bytes`` of them, least recently used out first;
    an answer larger than ``max_entry`` (default: an eighth of ``max_bytes``) is not kept.

    >>> memo = ResponseMemo(max_bytes=1000)
    >>> memo.admit(b"k"), memo.admit(b"k")  # kept from the second time on
    (False, True)
    >>> memo.put(b"k", Remembered(200, (), b"x" * 100))
    >>> memo.get(b"k").body == b"x" * 100, len(memo), memo.get(b"other")
    (True, 1, None)
    """

    def __init__(self, max_bytes: int, max_entry: int | None = None) -> None:
        if max_bytes < 1:
            msg = f"max_bytes must be ≥ 1, not {max_bytes}"
            raise ValueError(msg)
        self.max_bytes = max_bytes
        self.max_entry = min(max_bytes, max_bytes // 8 if max_entry is None else max_entry)
        self.max_seen = max(16, max_bytes // 4096)
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[bytes, Remembered] = OrderedDict()
        self._seen: OrderedDict[bytes, None] = OrderedDict()

    def get(self, key: bytes) -> Remembered | None:
        """The answer kept for ``key``, now the most recently used; ``None`` if there is none."""
        found = self._entries.get(key)
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        self._entries.move_to_end(key)
        return found

    def admit(self, key: bytes) -> bool:
        """Whether to keep the answer to ``key``: only if it was asked for once before.

        The first request of a kind is only noted (a digest among the last
        :attr:`max_seen`); most requests never come back, and keeping their answers
        would cost memory, and time, for nothing. The second is computed and kept.
        """
        if key in self._seen:
            del self._seen[key]
            return True
        self._seen[key] = None
        if len(self._seen) > self.max_seen:
            self._seen.popitem(last=False)
        return False

    def put(self, key: bytes, answer: Remembered) -> None:
        """Keep ``answer`` for ``key`` (unless larger than :attr:`max_entry`), evicting the
        least recently used answers until the total fits in :attr:`max_bytes`."""
        size = answer.size + len(key)
        if size > self.max_entry:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self.bytes -= old.size + len(key)
        self._entries[key] = answer
        self.bytes += size
        while self.bytes > self.max_bytes:
            evicted_key, evicted = self._entries.popitem(last=False)
            self.bytes -= evicted.size + len(evicted_key)

    def __len__(self) -> int:
        return len(self._entries)


def request_key(scope: HTTPScope, body: bytes) -> bytes:
    """The digest of everything a pure route may read of a request."""
    content_type = b""
    for name, value in scope["headers"]:
        if name.lower() == b"content-type":
            content_type = value
            break
    digest = hashlib.blake2b(digest_size=32)
    for part in (
        scope["method"].encode(),
        scope["path"].encode("utf-8", "surrogateescape"),
        scope.get("query_string", b""),
        content_type,
    ):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    digest.update(body)
    return digest.digest()


def _declared_length(scope: HTTPScope) -> int | None:
    for name, value in scope["headers"]:
        if name.lower() == b"content-length":
            return int(value) if value.isdigit() else None
    return None


class MemoMiddleware(ASGIMiddleware):
    """Answer a pure route's repeated request from a :class:`ResponseMemo` (module doc)."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, memo: ResponseMemo, max_body: int = MAX_BODY) -> None:
        self.memo = memo
        self.max_body = min(max_body, MAX_BODY)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        route = scope.get("route_handler")
        if route is None or not route.opt.get(PURE) or route.opt.get(WRITE):
            await next_app(scope, receive, send)
            return
        scope = cast("HTTPScope", scope)  # ``scopes`` above: HTTP only
        declared = _declared_length(scope)
        if declared is not None and declared > self.max_body:
            await next_app(scope, receive, send)
            return
        received, body = await _read_body(receive, self.max_body)
        if body is None:  # too large, or the client left: Litestar decides what to answer
            await next_app(scope, _replaying(received, receive), send)
            return
        ScopeState.from_scope(scope).body = body  # what Request.body() returns, unread again
        key = request_key(scope, body)
        found = self.memo.get(key)
        if found is not None:
            await send({"type": "http.response.start", "status": found.status,
                        "headers": list(found.headers)})  # fmt: skip
            await send({"type": "http.response.body", "body": found.body, "more_body": False})
        elif self.memo.admit(key):
            await next_app(scope, receive, _recording(send, self.memo, key))
        else:
            await next_app(scope, receive, send)


async def _read_body(receive: Receive, limit: int) -> tuple[list[ReceiveMessage], bytes | None]:
    """The messages read and the body they hold: ``None`` unless whole and ≤ ``limit`` bytes."""
    received: list[ReceiveMessage] = []
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        received.append(message)
        if message["type"] != "http.request":
            return received, None
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if size > limit:
            return received, None
        if not message.get("more_body", False):
            return received, b"".join(chunks)


def _replaying(received: list[ReceiveMessage], receive: Receive) -> Receive:
    """A ``receive`` that gives back the messages already read, then reads on."""
    pending = list(received)

    async def replay() -> ReceiveMessage:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


def _recording(send: Send, memo: ResponseMemo, key: bytes) -> Send:
    """A ``send`` that passes every message on and keeps a whole 200 answer in ``memo``
    (unless it grows beyond ``memo.max_entry``)."""
    status = 0
    headers: tuple[tuple[bytes, bytes], ...] = ()
    chunks: list[bytes] = []
    size = 0

    async def record(message: Message) -> None:
        nonlocal status, headers, size
        if message["type"] == "http.response.start":
            status = message["status"]
            headers = tuple((bytes(k), bytes(v)) for k, v in message.get("headers", ()))
        elif message["type"] == "http.response.body" and status == 200:
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > memo.max_entry:
                status = 0  # too large to keep: stop recording
            else:
                chunks.append(chunk)
                if not message.get("more_body", False):
                    memo.put(key, Remembered(status, headers, b"".join(chunks)))
        await send(message)

    return record
