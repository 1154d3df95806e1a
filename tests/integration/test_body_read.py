"""The body read of :class:`api.body.JsonBodyRequest` is Litestar's own, faster: the same
bytes or the same error for any split of a body into chunks, any limit, any
``Content-Length`` and a client that disconnects."""

from __future__ import annotations

import asyncio
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st
from litestar import Request

from api.body import JsonBodyRequest


class _Handler:
    """What a request asks its route handler: the body size limit (None: no limit)."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit

    def resolve_request_max_body_size(self) -> int | None:
        return self.limit


def _outcome(
    kind: type[Request[Any, Any, Any]],
    chunks: list[bytes],
    *,
    limit: int | None,
    length: bytes | None,
    disconnect: bool,
) -> object:
    """What ``kind(...).body()`` gives for these events: the bytes, or the error, and
    whether a second read gives the same."""
    events: list[dict[str, Any]] = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1 or disconnect}
        for i, chunk in enumerate(chunks)
    ]
    if disconnect:
        events.append({"type": "http.disconnect"})
    queue = iter(events)

    async def receive() -> dict[str, Any]:
        return next(queue)

    headers = [(b"content-type", b"application/json")]
    if length is not None:
        headers.append((b"content-length", length))
    scope: Any = {
        "type": "http", "method": "POST", "path": "/", "raw_path": b"/", "query_string": b"",
        "headers": headers, "state": {}, "route_handler": _Handler(limit), "app": None,
    }  # fmt: skip
    request = kind(scope, receive)  # type: ignore[arg-type]

    async def read() -> object:
        try:
            first = await request.body()
        except Exception as error:  # the error is the outcome compared
            return type(error).__name__, getattr(error, "status_code", None), str(error)
        return first, await request.body(), request.is_connected

    return asyncio.run(read())


@example(chunks=[b"{}"], limit_off=0, length=0, disconnect=False)  # Content-Length = limit
@given(
    chunks=st.lists(st.binary(max_size=40), min_size=1, max_size=6),
    limit_off=st.none() | st.integers(-3, 3),
    length=st.none()
    | st.integers(-3, 3)
    | st.sampled_from([b"abc", b" 12 ", b"1_0", b"-1", b"", b"\xb2", b"5\xa0", b"\x855"]),
    disconnect=st.booleans(),
)
def test_the_body_and_its_errors_are_litestars(
    chunks: list[bytes], limit_off: int | None, length: int | bytes | None, disconnect: bool
) -> None:
    """Limits and lengths near the body's size (an int: that far from it)."""
    size = sum(map(len, chunks))
    limit = None if limit_off is None else max(0, size + limit_off)
    if isinstance(length, int):
        length = str(max(0, size + length)).encode()
    ours = _outcome(JsonBodyRequest, chunks, limit=limit, length=length, disconnect=disconnect)
    theirs = _outcome(Request, chunks, limit=limit, length=length, disconnect=disconnect)
    assert ours == theirs
