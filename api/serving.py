"""How ``python -m api`` serves the app: uvicorn with connection limits and read deadlines.

uvicorn closes a keep-alive connection 5 s after its last answer, but it has no deadline
for the first request of a connection, for headers sent a byte at a time, or for a body
that never ends, and it keeps every connection it accepts: 1,100 idle sockets from one
client used to exhaust the 1,024 file descriptors and make ``/health`` fail for 20 s.
:func:`guarded_protocol` returns uvicorn's httptools protocol with, per connection:

* **a header deadline** (``IMPACT_HEADER_TIMEOUT``, default 10 s) from the moment the
  connection opens or its last answer is sent, until the request's headers are complete;
  a connection that misses it is closed (``408`` if part of a request had arrived);
* **a body deadline** (``IMPACT_BODY_TIMEOUT``, default 30 s) from the end of the headers to
  the end of the body: ``408`` and closed;
* **a header size limit** (``IMPACT_MAX_HEADER_BYTES``, default 64 KiB): ``431``;
* **a connection limit** (``IMPACT_MAX_CONNECTIONS``, default 1,000, at most the file
  limit less 64): a connection beyond it closes the connection that has been idle longest
  (no request in progress: waiting for its first byte or the rest of its headers, or
  between keep-alive requests); when every connection has a request in progress the new
  one is answered ``503`` with ``Retry-After`` and closed;
* **answers per connection** (``IMPACT_KEEP_ALIVE_REQUESTS``, as Apache's
  ``MaxKeepAliveRequests``; default 100 with several workers, no limit with one): the last
  says ``connection: close`` and the connection closes. With ``IMPACT_WORKERS`` > 1 the
  workers share one listening socket, and the split of long-lived connections made at their
  start would otherwise last: in ``make load`` (64 clients, 2 workers, 8 s) one worker often
  served most of them, 911-917 requests/s, and with the connections renewed every 100
  answers 1,182-1,228. A renewed connection's first answer waits a turn or two of a busy
  worker: on one worker, where renewal moves nothing, it doubled the p99 (38 -> 77 ms);
* uvicorn's own answers to bytes that are not HTTP are ``application/problem+json`` with
  the security headers (:func:`raw_problem`), in English and Korean, not ``text/plain``;
* **raw UTF-8 in the request target** (``curl 'localhost:8000/v1/plans?city=세종'`` sends
  the bytes as typed) is percent-encoded before the parser reads it, as a browser would
  have sent it: httptools refuses bytes above 0x7F in a URL and has no leniency for them.
  Only the request line's bytes are touched (one ``isascii`` check per chunk when there are
  none), and only in a line of at most :data:`MAX_ENCODED_LINE` bytes (encoding is CPU spent
  below the rate limit; a longer one is refused by the parser as it came); a pipelined
  request that starts inside another's chunk is parsed as sent.

Under the logging set-up of ``python -m api`` the access log line is written by
:class:`api.logs.AccessLog` (the same line, without the logging module's chain).

Proxy headers (``X-Forwarded-For``, ``X-Forwarded-Proto``) are honoured only from the
addresses in ``IMPACT_TRUSTED_PROXIES``; by default from nobody (uvicorn trusts
127.0.0.1 by default, which let any local client pick its rate-limit bucket).
"""

from __future__ import annotations

import asyncio
import functools
import importlib.util
import json
import logging
import re
import resource
import sys
import time
from http import HTTPStatus
from typing import Any, Final

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from api.korean import status_ko
from api.logs import access_log
from api.security.headers import SECURITY_HEADERS
from api.settings import Settings, get_settings

__all__ = [
    "GREEDY_UVLOOP",
    "ServedProtocol",
    "ServingLimits",
    "file_limit",
    "guarded_protocol",
    "keep_alive_requests",
    "raise_file_limit",
    "raw_problem",
    "served_limits",
    "uvicorn_loop",
]

logger = logging.getLogger("uvicorn.error")

FD_RESERVE: Final = 64
"""File descriptors kept for everything but client connections (database, logs, Dask)."""


GREEDY_UVLOOP: Final = "api.loop:new_event_loop"
"""uvicorn's ``loop`` for uvloop accepting up to 16 pending connections a turn (api.loop)."""


def uvicorn_loop(choice: str) -> str:
    """uvicorn's ``loop`` for ``IMPACT_LOOP``: ``asyncio``, or uvloop with greedy accepts
    (:mod:`api.loop`) for ``uvloop`` and for ``auto`` when uvloop is installed."""
    if choice == "asyncio" or (choice == "auto" and importlib.util.find_spec("uvloop") is None):
        return "asyncio"
    return GREEDY_UVLOOP


def raw_problem(
    status: int, detail: str, detail_ko: str = "", *, retry_after: int | None = None
) -> bytes:
    """A whole HTTP/1.1 response: a problem document with the security headers, closing."""
    phrase = HTTPStatus(status).phrase
    body = json.dumps(
        {
            "type": f"urn:impact:problem:http-{status}",
            "title": phrase,
            "status": status,
            "detail": detail,
            "detail_ko": detail_ko or status_ko(status),
            "field": None,
            "errors": [],
        }
    ).encode()
    headers = {
        "content-type": "application/problem+json",
        "content-length": str(len(body)),
        "connection": "close",
        **{name.lower(): value for name, value in SECURITY_HEADERS.items()},
    }
    if retry_after is not None:
        headers["retry-after"] = str(retry_after)
    head = f"HTTP/1.1 {status} {phrase}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode("latin-1") + b"\r\n" + body


def file_limit() -> int:
    """The soft limit of open files of this process."""
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def raise_file_limit(wanted: int) -> int:
    """Raise the soft limit of open files towards ``wanted`` (never above the hard limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if target > soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            return soft
        return target
    return soft


class ServingLimits:
    """The per-connection limits of :func:`guarded_protocol` (see the module doc)."""

    def __init__(
        self,
        *,
        header_timeout: float,
        body_timeout: float,
        max_header_bytes: int,
        max_connections: int,
        keep_alive_requests: int | None = None,
    ) -> None:
        self.header_timeout = header_timeout
        self.body_timeout = body_timeout
        self.max_header_bytes = max_header_bytes
        self.max_connections = max_connections
        self.keep_alive_requests = keep_alive_requests


MAX_ENCODED_LINE: Final = 8192
"""Longest request line [bytes] whose bytes above 0x7F are percent-encoded: encoding costs
CPU below the rate limit, so a longer one is left to the parser, which refuses it (400)."""
_PERCENT: Final = {byte: f"%{byte:02X}" for byte in range(0x80, 0x100)}
_BAD_URL = (
    "the request target (path and query) holds a character that must be percent-encoded, "
    "e.g. a space or a control character; "
    "with curl: curl -G --data-urlencode 'city=세종' <url>"
)
_SPACED_TARGET: Final = re.compile(rb"(?:\r?\n)*[A-Z]+ [^ \r\n]+ (?!HTTP/)")
"""A request line, whole or as far as it came, whose target has a space in it: a method and a
target, then after the space no version (``HTTP/``). Read only when the parser refused the
bytes, at the start of the chunk that holds the start of the line (with the earlier chunks of
that line), so a header or a body never looks like one."""
_BAD_URL_KO = (
    "요청 경로나 쿼리에 퍼센트 인코딩해야 하는 문자(공백, 제어 문자 등)가 있습니다. "
    "curl에서는 curl -G --data-urlencode 'city=세종' <url>처럼 보내세요"
)


class _GuardedProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the deadlines and limits of the module doc."""

    limits: ServingLimits

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.access_log and (fast := access_log()) is not None:
            self.access_logger = fast  # type: ignore[assignment] # uvicorn calls .info only
        self._deadline: asyncio.TimerHandle | None = None
        self._idle_since = time.monotonic()
        self._header_bytes = 0
        self._head_size = 0
        self._reading_headers = True
        self._requests = 0
        self._in_request_line = True  # the next bytes are (the rest of) a request line
        self._line_bytes = 0  # of that line so far
        self._line_started = False  # a byte other than CR/LF of that line has come
        self._completed_in_chunk = False  # a request ended inside the chunk being parsed
        self._chunk = b""  # the request line being parsed (read only to word a parser error)
        self._line_so_far = b""  # earlier chunks of an unfinished request line (likewise)

    # -- connection ------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.limits.max_connections and not self._evict_idle():
            self._refuse(
                503,
                "too many open connections; try again shortly",
                "열린 연결이 너무 많습니다. 잠시 후 다시 시도하세요",
                retry_after=1,
            )
            return
        self._arm(self.limits.header_timeout, self._header_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _busy(self) -> bool:
        """A request is in progress: its headers are complete and its answer is not."""
        return self.cycle is not None and not self.cycle.response_complete

    def _evict_idle(self) -> bool:
        """Close the connection idle the longest to make room; False if all are busy."""
        idle = [
            c
            for c in self.connections
            if c is not self and isinstance(c, _GuardedProtocol) and not c._busy()
        ]
        if not idle:
            return False
        oldest = min(idle, key=lambda c: c._idle_since)
        oldest.transport.close()
        self.connections.discard(oldest)  # its connection_lost comes on the next loop pass
        return True

    def _refuse(
        self, status: int, detail: str, detail_ko: str = "", *, retry_after: int | None = None
    ) -> None:
        self._disarm()
        if not self.transport.is_closing():
            self.transport.write(raw_problem(status, detail, detail_ko, retry_after=retry_after))
            self.transport.close()

    # -- deadlines -------------------------------------------------------------------------

    def _arm(self, seconds: float, callback: Any) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, callback)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _header_timeout(self) -> None:
        self._deadline = None
        if self._header_bytes:  # part of a request came: say why it is cut off
            self._refuse(
                408,
                "the request headers did not arrive in time",
                "요청 헤더가 제시간에 오지 않았습니다",
            )
        elif not self.transport.is_closing():
            self.transport.close()

    def _body_timeout(self) -> None:
        self._deadline = None
        if self.cycle is not None and not self.cycle.response_started:
            self._refuse(
                408,
                "the request body did not arrive in time",
                "요청 본문이 제시간에 오지 않았습니다",
            )
        elif not self.transport.is_closing():
            self.transport.close()

    # -- parser events ---------------------------------------------------------------------

    def data_received(self, data: bytes) -> None:
        if self._reading_headers:
            self._header_bytes += len(data)
        in_line = self._in_request_line
        if in_line:
            data = self._encode_request_line(data)
        self._completed_in_chunk = False
        earlier, self._line_so_far = self._line_so_far, b""
        # the request line as the parser has it, when this chunk holds (the rest of) it
        self._chunk = (earlier + data if earlier else data) if in_line else b""
        super().data_received(data)
        if self._in_request_line and not self._completed_in_chunk:  # the line goes on
            chunk = self._chunk
            self._line_so_far = chunk if len(chunk) <= MAX_ENCODED_LINE else b""
        # still in the headers after this chunk: every byte so far was request line and
        # headers (a chunk that completes them may carry the body's first bytes too)
        if self._reading_headers and self._header_bytes > self.limits.max_header_bytes:
            self._too_large()

    def _encode_request_line(self, data: bytes) -> bytes:
        """``data`` with the request line's bytes above 0x7F percent-encoded (see the module
        doc); the line ends at its LF, after any CR/LF before it (allowed between requests)."""
        start = 0
        if not self._line_started:
            start = len(data) - len(data.lstrip(b"\r\n"))
            self._line_started = start < len(data)
        end = data.find(b"\n", start)
        if end >= 0:
            self._in_request_line = False
        stop = len(data) if end < 0 else end
        self._line_bytes += stop - start
        if data.isascii() or data[start:stop].isascii():
            return data
        if self._line_bytes > MAX_ENCODED_LINE:  # the parser refuses it as it came, at once
            self._in_request_line = False
            return data
        line = data[start:stop].decode("latin-1").translate(_PERCENT).encode("ascii")
        return data[:start] + line + data[stop:]

    def on_url(self, url: bytes) -> None:
        self._head_size += len(url)
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._head_size += len(name) + len(value) + 4  # ": " and CRLF
        super().on_header(name, value)

    def _too_large(self) -> None:
        limit = self.limits.max_header_bytes
        self._refuse(
            431,
            f"the request line and headers exceed {limit:,} bytes",
            f"요청 줄과 헤더가 {limit:,}바이트를 넘습니다",
        )

    def on_headers_complete(self) -> None:
        self._reading_headers = False
        if self._head_size > self.limits.max_header_bytes:  # all of it came in one chunk
            self._too_large()
            return
        self._arm(self.limits.body_timeout, self._body_timeout)
        super().on_headers_complete()
        self._requests += 1
        limit = self.limits.keep_alive_requests
        if limit is not None and self._requests >= limit and self.cycle is not None:
            self.cycle.keep_alive = False  # answered with "connection: close", then closed

    def on_message_begin(self) -> None:
        if self._completed_in_chunk:  # pipelined in the same chunk: its line went unscanned,
            self._in_request_line = False  # and its headers and body must stay as sent
        super().on_message_begin()

    def on_message_complete(self) -> None:
        self._disarm()
        self._in_request_line, self._line_started, self._line_bytes = True, False, 0
        self._completed_in_chunk = True
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._idle_since = time.monotonic()
        self._header_bytes = 0
        self._head_size = 0
        self._reading_headers = True
        if not self.transport.is_closing():
            self._arm(self.limits.header_timeout, self._header_timeout)

    def send_400_response(self, msg: str) -> None:
        """Bytes that are not HTTP: a problem document instead of uvicorn's plain text (uvicorn
        calls this in its ``except`` of the parser's error: a bad URL is said as such)."""
        error = sys.exc_info()[1]
        # httptools ends the target at its first space and reports what follows as a bad
        # HTTP version: a line with a space inside its target is a bad URL all the same
        spaced = _SPACED_TARGET.match(self._chunk, 0, MAX_ENCODED_LINE) is not None
        if isinstance(error, httptools.HttpParserInvalidURLError) or spaced:
            self._refuse(400, _BAD_URL, _BAD_URL_KO)
        else:
            self._refuse(400, msg, "HTTP 요청으로 읽을 수 없는 바이트를 받았습니다")


@functools.cache
def served_limits() -> ServingLimits:
    """The limits of ``python -m api``: from the settings, connections capped by this
    process's file limit less :data:`FD_RESERVE` (:func:`raise_file_limit` first)."""
    settings = get_settings()
    connections = max(16, min(settings.max_connections, file_limit() - FD_RESERVE))
    return ServingLimits(
        header_timeout=settings.header_timeout,
        body_timeout=settings.body_timeout,
        max_header_bytes=settings.max_header_bytes,
        max_connections=connections,
        keep_alive_requests=keep_alive_requests(settings),
    )


KEEP_ALIVE_REQUESTS_WORKERS = 100
"""Answers on a connection when several workers share the port and no limit is set."""


def keep_alive_requests(settings: Settings) -> int | None:
    """``IMPACT_KEEP_ALIVE_REQUESTS``, or its default: 100 with several workers (to spread
    long-lived clients over them), none with one (where a new connection only costs)."""
    if settings.keep_alive_requests is not None:
        return settings.keep_alive_requests
    return KEEP_ALIVE_REQUESTS_WORKERS if settings.workers > 1 else None


class ServedProtocol(_GuardedProtocol):
    """The protocol ``python -m api`` serves with: :func:`served_limits`.

    Named by import path (``api.serving:ServedProtocol``), so that each worker process
    uvicorn spawns (``IMPACT_WORKERS`` > 1) imports it and reads the same settings from
    the environment; a class built at run time could not be sent to them.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = served_limits()


def guarded_protocol(limits: ServingLimits) -> type[HttpToolsProtocol]:
    """uvicorn's httptools protocol class with ``limits`` (pass it as ``http=``)."""
    return type("GuardedHttpToolsProtocol", (_GuardedProtocol,), {"limits": limits})
