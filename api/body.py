"""What a request body must be before any handler sees it.

Every route that takes a body (a ``data`` parameter) gets, in this order:

1. **size** -- at most ``IMPACT_MAX_BODY_BYTES`` (default 8 MiB), by ``Content-Length``
   and by the bytes actually received (Litestar's ``request_max_body_size``): 413;
2. **not empty**: 400 naming ``body``;
3. **media type** ``application/json`` or ``application/<…>+json``, UTF-8 if a charset
   is given: 415 naming ``Content-Type``;
4. **shape**, before anything is decoded -- at most ``IMPACT_MAX_JSON_CONTAINERS``
   (default 300,000) ``[``/``{`` bytes, counted in strings too: 413 naming ``body``;
   arrays and objects nested at most ``IMPACT_MAX_JSON_DEPTH`` (default 32) levels:
   400 naming ``body``. The deepest request we take (a comparison of plans with
   allocations) is 5 levels deep;
5. **JSON**, UTF-8, with no ``NaN``/``Infinity`` and no number beyond a double: 400.

1--3 run in :func:`check_body`, one of the app-wide checks (:mod:`api.checks`: they run
before a handler's arguments are read, for every route that :func:`takes_body`, so routes
added later are covered without a line of their own); 4--5 run where Litestar decodes the body,
:meth:`JsonBodyRequest.json`. Each failure is an ``application/problem+json`` answer,
never a 500: a body 10,000 levels deep used to overflow the decoder's recursion.

Why the shape is checked on the bytes (:func:`check_json_shape`)
----------------------------------------------------------------
Decoding builds one Python object per array and object, and walking the result for its
depth costs a Python step for each: an 8 MiB body of 2.7 million empty arrays took 3.7 s
of the event loop, during which nothing else, not even ``/health``, was answered. The
bytes are scanned instead, vectorised with numpy: ``[``/``{`` are counted (two
``bytes.count``: 5–20 ms for 8 MiB), and only when they could nest too deep are their
positions found and those inside strings dropped, to a running depth (≈ 25 ms for a body
at the container limit, in a worker thread for bodies above :data:`OFF_LOOP_BYTES`).
What is then decoded has at most 300,000 containers, decoded with the garbage collector
paused (its passes over millions of fresh lists made decoding 5 times slower), and a body
above :data:`OFF_LOOP_VALIDATION_BYTES` is validated against the route's model in a
worker thread (:func:`validated_off_the_loop`).
"""

from __future__ import annotations

import gc
import math
import re
from typing import Any, Final

import anyio.to_thread
import numpy as np
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import (
    ClientException,
    HTTPException,
    InternalServerException,
    SerializationException,
    ValidationException,
)
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.handlers.base import BaseRouteHandler
from litestar.serialization import decode_json
from litestar.status_codes import (
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_415_UNSUPPORTED_MEDIA_TYPE,
)
from litestar.types import Empty, Scope
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from api.korean import json_error_ko

__all__ = [
    "DEFAULT_MAX_JSON_CONTAINERS",
    "DEFAULT_MAX_JSON_DEPTH",
    "JsonBodyRequest",
    "check_body",
    "check_json_shape",
    "decode_without_gc",
    "json_depth",
    "takes_body",
    "validated_off_the_loop",
]

DEFAULT_MAX_JSON_DEPTH: Final = 32
DEFAULT_MAX_JSON_CONTAINERS: Final = 300_000
OFF_LOOP_BYTES: Final = 256 * 1024
"""Bodies larger than this are scanned in a worker thread (numpy releases the GIL)."""
BODY: Final = {"field": "body"}

_BRACKETS = np.zeros(256, dtype=np.int8)
_BRACKETS[[ord("["), ord("{")]] = 1
_BRACKETS[[ord("]"), ord("}")]] = -1
_QUOTE: Final = ord('"')


def json_depth(body: bytes) -> int:
    """How deep the arrays and objects of the JSON text ``body`` nest (``[]`` is 1).

    Exact for well-formed JSON: brackets inside strings are skipped. Linear and
    vectorised (numpy); never recursive, whatever the depth.

    >>> json_depth(b'{"a": [1, {"b": "[[[[ \\\\\\" ]"}]}'), json_depth(b'1')
    (3, 0)
    """
    # escaped backslashes, then escaped quotes: what is left of '"' delimits strings
    clean = body.replace(b"\\\\", b"").replace(b'\\"', b"") if b"\\" in body else body
    octets = np.frombuffer(clean, dtype=np.uint8)
    marks = _BRACKETS[octets]
    where = np.flatnonzero(marks)
    quotes = np.flatnonzero(octets == _QUOTE)
    if quotes.size:  # a bracket after an odd number of quotes is inside a string
        where = where[(np.searchsorted(quotes, where) & 1) == 0]
    running = np.cumsum(marks[where], dtype=np.int32)
    return int(running.max()) if running.size else 0


def check_json_shape(body: bytes, max_depth: int, max_containers: int) -> None:
    """413 above ``max_containers`` ``[``/``{`` bytes (strings included), 400 deeper than
    ``max_depth``; both name ``body``. The depth is looked for only when the brackets are
    more than ``max_depth`` (fewer cannot nest deeper).
    """
    containers = body.count(b"[") + body.count(b"{")
    if containers > max_containers:
        raise HTTPException(
            status_code=HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            detail=(
                f"the JSON body has more than {max_containers:,} arrays and objects "
                "('[' and '{' characters, in strings too)"
            ),
            extra={**BODY, "limit": "json_containers"},  # not the byte limit (api.errors)
        )
    if containers > max_depth and json_depth(body) > max_depth:
        raise _too_deep(max_depth)


OFF_LOOP_VALIDATION_BYTES: Final = 256 * 1024
"""Bodies larger than this are validated against the route's model in a worker thread."""


def _data_model(request: Request[Any, Any, Any]) -> type[BaseModel] | None:
    """The pydantic model the route's ``data`` parameter is declared as, if any."""
    handler: BaseRouteHandler = request.scope["route_handler"]
    data = handler.parsed_fn_signature.parameters.get("data")
    model = getattr(data, "annotation", None)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


class _BodyValidationError(Exception):
    """pydantic's errors of a body, carried as Litestar's own validation errors carry them
    (``errors``, a list of dicts with ``loc`` and ``type``): the problem then says the same,
    in both languages and with "did you mean", whichever thread validated the body."""

    def __init__(self, errors: list[Any]) -> None:
        super().__init__("invalid body")
        self.errors = errors


def _validate(request: Request[Any, Any, Any], model: type[BaseModel], value: Any) -> BaseModel:
    """``model.model_validate(value)``, its errors as Litestar reports a body's (422)."""
    try:
        return model.model_validate(value)
    except PydanticValidationError as exc:
        raw = exc.errors(include_url=False)
        errors = [
            {
                "key": ".".join(str(part) for part in error["loc"]),
                "message": error["msg"].split(" - ", maxsplit=1)[0],
                "source": "body",
            }
            for error in raw
        ]
        detail = f"Validation failed for {request.method} {request.url.path}"
        raise ValidationException(detail=detail, extra=errors) from _BodyValidationError(raw)


async def validated_off_the_loop(request: Request[Any, Any, Any], value: Any) -> Any:
    """The decoded body of a large request, validated in a worker thread.

    Litestar validates ``data`` on the event loop: a 100,000-row sweep took 1.2 s there,
    a 500-sector table 0.1 s, during which nothing else was answered. Above
    :data:`OFF_LOOP_VALIDATION_BYTES` the route's model validates the body in a worker
    thread (its validators call Python, so the loop gets the GIL back every switch
    interval) and the model instance is handed to Litestar, which takes an instance of
    its model as it is. Errors are the 422 Litestar would have answered.
    """
    model = _data_model(request)
    if model is None:
        return value
    return await anyio.to_thread.run_sync(_validate, request, model, value)


async def check_json_shape_async(body: bytes, max_depth: int, max_containers: int) -> None:
    """:func:`check_json_shape`, in a worker thread for bodies above :data:`OFF_LOOP_BYTES`."""
    if len(body) <= OFF_LOOP_BYTES:
        check_json_shape(body, max_depth, max_containers)
    else:
        await anyio.to_thread.run_sync(check_json_shape, body, max_depth, max_containers)


def decode_without_gc(body: bytes) -> Any:
    """:func:`decode_json` with the cyclic garbage collector paused (see the module doc).

    Decoding makes no reference cycles; the pause lasts one C call on this thread.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return decode_json(body)
    finally:
        if enabled:
            gc.enable()


def _too_deep(limit: int) -> ClientException:
    return ClientException(
        detail=f"the JSON body nests arrays or objects more than {limit} levels deep",
        extra={**BODY, "detail_ko": f"JSON 본문의 배열·객체가 {limit}단계보다 깊게 중첩되었습니다"},
    )


_LONE_HIGH_SURROGATE: Final = re.compile(
    rb"(?<!\\)(?:\\\\)*\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
)
"""A ``\\uD800``–``\\uDBFF`` escape (after an even run of backslashes, so not an escaped
backslash's ``u``) not followed by a low surrogate's escape. Searched for in the body's last
:data:`_SURROGATE_TAIL` bytes only: msgspec calls it a body cut short only when it is within a
few bytes of the end, and the search costs ≈ 50 ms a MB."""
_SURROGATE_TAIL: Final = 4096


def _malformed(body: bytes, message: str) -> tuple[str, str]:
    """What is wrong with a body msgspec could not decode, in English and Korean."""
    if body.startswith(b"\xef\xbb\xbf"):  # Windows tools write one; JSON has none
        return (
            "the body starts with a UTF-8 byte-order mark (EF BB BF): send the JSON without it",
            "본문이 UTF-8 바이트 순서 표시(EF BB BF)로 시작합니다: 빼고 보내세요",
        )
    tail = max(0, len(body) - _SURROGATE_TAIL)
    if message == "Input data was truncated" and (lone := _LONE_HIGH_SURROGATE.search(body, tail)):
        # near the body's end msgspec calls a high surrogate without its low half a body cut
        # short; further in, it says what follows (its words, at the byte after the escape)
        cause = "unexpected end of escaped utf-16 surrogate pair"
        message = f"JSON is malformed: {cause} (byte {lone.end()})"
    if message.startswith("Number out of range"):  # msgspec adds a path of `$[...]` only
        english = (
            "JSON is malformed: a number is beyond what a JSON number can hold (±1.8 × 10³⁰⁸); "
            'write a large amount as text, e.g. "2조 8000억원"'
        )
        korean = (
            "JSON 형식이 잘못되었습니다: 숫자가 JSON 숫자의 범위(±1.8 × 10³⁰⁸)를 넘습니다. "
            '큰 금액은 "2조 8000억원"처럼 문자열로 쓰세요'
        )
        return english, korean
    return message, json_error_ko(message)


def _not_utf8(body: bytes, exc: UnicodeDecodeError) -> tuple[str, str]:
    """A body that is not UTF-8: where, in the body (msgspec's error counts from the start of
    the string that holds it), and which bytes, in English and Korean."""
    try:
        body.decode()
    except UnicodeDecodeError as found:
        exc = found
    at, raw = exc.start, exc.object
    first = raw[at]
    if exc.reason == "invalid continuation byte" and exc.end < len(raw):
        after = raw[exc.end]  # the sequence starting at `at` is valid up to the byte at `end`
        english = (
            f"byte {exc.end} (0x{after:02X}) does not continue the UTF-8 character started "
            f"by 0x{first:02X} at byte {at}"
        )
        korean = (
            f"바이트 위치 {at}의 0x{first:02X}(으)로 시작한 UTF-8 문자를 바이트 위치 {exc.end}의 "
            f"0x{after:02X}이(가) 잇지 않습니다"
        )
    else:  # an invalid start byte (a body cut inside a character is "truncated" JSON first)
        english = f"byte {at} (0x{first:02X}) cannot start a UTF-8 character ({exc.reason})"
        korean = f"바이트 위치 {at}의 0x{first:02X}은(는) UTF-8 문자를 시작할 수 없습니다"
    return (
        f"the body is not UTF-8: {english}; send text as UTF-8",
        f"본문이 UTF-8이 아닙니다: {korean}. UTF-8로 보내세요",
    )


class JsonBodyRequest(Request[Any, Any, Any]):
    """A request whose JSON body is decoded safely (see the module doc, steps 4--5)."""

    max_json_depth: int = DEFAULT_MAX_JSON_DEPTH
    max_json_containers: int = DEFAULT_MAX_JSON_CONTAINERS

    async def json(self) -> Any:
        """The decoded body; 400 for bytes that are not UTF-8 JSON or that nest too deep."""
        if self._json is not Empty:
            return self._json
        if (cached := self._connection_state.json) is not Empty:
            self._json = cached
            return cached
        body = await self.body()
        await check_json_shape_async(body, self.max_json_depth, self.max_json_containers)
        try:
            value = decode_without_gc(body or b"null")
        except RecursionError:
            raise _too_deep(self.max_json_depth) from None
        except SerializationException as exc:
            detail, korean = _malformed(body, str(exc))
            raise ClientException(detail=detail, extra={**BODY, "detail_ko": korean}) from None
        except UnicodeDecodeError as exc:
            detail, korean = _not_utf8(body, exc)
            raise ClientException(detail=detail, extra={**BODY, "detail_ko": korean}) from None
        if len(body) > OFF_LOOP_VALIDATION_BYTES:
            value = await validated_off_the_loop(self, value)
        self._json = self._connection_state.json = value
        return value

    async def body(self) -> bytes:
        """The whole body, read as :meth:`Request.stream` reads it, with its limits and errors
        (413 by ``Content-Length`` and by bytes received, 400 for a bad ``Content-Length``,
        500 for a disconnect), without an async generator and a headers object per request."""
        if self._body is Empty:
            state = self._connection_state
            if state.body is Empty:
                state.body = await self._receive_body()
            self._body = state.body
        return self._body

    async def _receive_body(self) -> bytes:
        if not self.is_connected:
            raise InternalServerException("stream consumed")
        announced = self._content_length
        if announced is Empty:  # ASGI header names are lower-case
            raw = next((v for k, v in self.scope["headers"] if k == b"content-length"), None)
            text = None if raw is None else raw.decode("latin-1")  # as Litestar's Headers
            try:
                announced = self._content_length = None if text is None else int(text)
            except ValueError:
                raise ClientException(f"Invalid content-length: {text!r}") from None
        limit = self.route_handler.resolve_request_max_body_size() or math.inf
        if announced is not None and announced > limit:
            raise RequestEntityTooLarge
        chunks: list[bytes] = []
        received = 0
        while event := await self.receive():
            if event["type"] == "http.request":
                chunk = event["body"]
                if chunk:
                    received += len(chunk)
                    if received > limit:
                        raise RequestEntityTooLarge
                    chunks.append(chunk)
                if not event.get("more_body", False):
                    break
            if event["type"] == "http.disconnect":
                raise InternalServerException("client disconnected prematurely")
        self.is_connected = False
        return b"".join(chunks)

    @classmethod
    def with_depth(
        cls, max_json_depth: int, max_json_containers: int = DEFAULT_MAX_JSON_CONTAINERS
    ) -> type[JsonBodyRequest]:
        """This class with other limits (``IMPACT_MAX_JSON_DEPTH``, ``…_CONTAINERS``)."""
        limits = {"max_json_depth": max_json_depth, "max_json_containers": max_json_containers}
        return type(cls.__name__, (cls,), limits)


def _is_json(media_type: str, options: dict[str, str]) -> bool:
    kind, _, subtype = media_type.lower().partition("/")
    json_type = kind == "application" and (subtype == "json" or subtype.endswith("+json"))
    return json_type and options.get("charset", "utf-8").lower() in {"utf-8", "utf8"}


def _content_type(scope: Scope) -> bytes | None:
    """The raw ``Content-Type`` of a request (the first one), as sent."""
    return next((value for name, value in scope["headers"] if name == b"content-type"), None)


def takes_body(route_handler: BaseRouteHandler) -> bool:
    """Whether ``route_handler`` reads a body (has a ``data`` parameter)."""
    return "data" in route_handler.parsed_fn_signature.parameters


async def check_body(connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    """App-wide check of a route that :func:`takes_body`: size, emptiness and media type of
    the body (module doc, steps 1--3)."""
    if not isinstance(connection, Request):
        return
    body = await connection.body()  # 413 above the size limit
    if not body.strip():
        raise ClientException(
            detail="the request body is empty: send a JSON document",
            extra={**BODY, "detail_ko": "요청 본문이 비었습니다: JSON 문서를 보내세요"},
        )
    if _content_type(connection.scope) == b"application/json":
        return  # what clients send; anything else is parsed as Litestar parses it
    media_type, options = connection.content_type
    if not _is_json(media_type, options):
        shown = connection.headers.get("Content-Type") or "none"
        raise HTTPException(
            status_code=HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            detail=f"send the body as Content-Type: application/json (UTF-8), not {shown[:100]!r}",
            extra={"field": "Content-Type"},
        )
