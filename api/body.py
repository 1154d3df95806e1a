"""What a request body must be before any handler sees it.

Every route that takes a body (a ``data`` parameter) gets, in this order:

1. **size** -- at most ``IMPACT_MAX_BODY_BYTES`` (default 8 MiB), by ``Content-Length``
   and by the bytes actually received (Litestar's ``request_max_body_size``): 413;
2. **not empty**: 400 naming ``body``;
3. **media type** ``application/json`` or ``application/<…>+json``, UTF-8 if a charset
   is given: 415 naming ``Content-Type``;
4. **JSON**, UTF-8, with no ``NaN``/``Infinity`` and no number beyond a double: 400;
5. **depth** -- arrays and objects nested at most ``IMPACT_MAX_JSON_DEPTH`` (default 32)
   levels: 400 naming ``body``. The deepest request we take (a comparison of plans with
   allocations) is 5 levels deep.

1--3 run in :func:`check_body`, an app-wide guard (guards run before a handler's
arguments are read, and every layer's guards add up, so routes added later are covered
without a line of their own); 4--5 run where Litestar decodes the body,
:meth:`JsonBodyRequest.json`. Each failure is an ``application/problem+json`` answer,
never a 500: a body 10,000 levels deep used to overflow the decoder's recursion.
"""

from __future__ import annotations

from typing import Any, Final

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import ClientException, HTTPException, SerializationException
from litestar.handlers.base import BaseRouteHandler
from litestar.serialization import decode_json
from litestar.status_codes import HTTP_415_UNSUPPORTED_MEDIA_TYPE
from litestar.types import Empty

__all__ = ["DEFAULT_MAX_JSON_DEPTH", "JsonBodyRequest", "check_body", "json_depth_exceeds"]

DEFAULT_MAX_JSON_DEPTH: Final = 32
BODY: Final = {"field": "body"}


def json_depth_exceeds(value: Any, limit: int) -> bool:
    """Whether ``value`` nests arrays/objects more than ``limit`` levels deep (``[]`` is 1).

    Iterative, so that it cannot itself run out of stack.

    >>> json_depth_exceeds({"a": [1, {"b": []}]}, 3), json_depth_exceeds([[[[]]]], 3)
    (False, True)
    """
    if not isinstance(value, dict | list):
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return False


def _too_deep(limit: int) -> ClientException:
    return ClientException(
        detail=f"the JSON body nests arrays or objects more than {limit} levels deep",
        extra=BODY,
    )


class JsonBodyRequest(Request[Any, Any, Any]):
    """A request whose JSON body is decoded safely (see the module doc, steps 4--5)."""

    max_json_depth: int = DEFAULT_MAX_JSON_DEPTH

    async def json(self) -> Any:
        """The decoded body; 400 for bytes that are not UTF-8 JSON or that nest too deep."""
        if self._json is not Empty:
            return self._json
        if (cached := self._connection_state.json) is not Empty:
            self._json = cached
            return cached
        body = await self.body()
        try:
            value = decode_json(body or b"null")
        except RecursionError:
            raise _too_deep(self.max_json_depth) from None
        except SerializationException as exc:
            raise ClientException(detail=str(exc), extra=BODY) from None
        except UnicodeDecodeError as exc:
            detail = f"the body is not UTF-8 (byte {exc.start}: {exc.reason})"
            raise ClientException(detail=detail, extra=BODY) from None
        if isinstance(value, dict | list) and json_depth_exceeds(value, self.max_json_depth):
            raise _too_deep(self.max_json_depth)
        self._json = self._connection_state.json = value
        return value

    @classmethod
    def with_depth(cls, max_json_depth: int) -> type[JsonBodyRequest]:
        """This class with another depth limit (``IMPACT_MAX_JSON_DEPTH``)."""
        return type(cls.__name__, (cls,), {"max_json_depth": max_json_depth})


def _is_json(media_type: str, options: dict[str, str]) -> bool:
    kind, _, subtype = media_type.lower().partition("/")
    json_type = kind == "application" and (subtype == "json" or subtype.endswith("+json"))
    return json_type and options.get("charset", "utf-8").lower() in {"utf-8", "utf8"}


def _takes_body(route_handler: BaseRouteHandler) -> bool:
    return "data" in route_handler.parsed_fn_signature.parameters


async def check_body(
    connection: ASGIConnection[Any, Any, Any, Any], route_handler: BaseRouteHandler
) -> None:
    """App-wide guard: size, emptiness and media type of the body (module doc, steps 1--3)."""
    if not _takes_body(route_handler) or not isinstance(connection, Request):
        return
    body = await connection.body()  # 413 above the size limit
    if not body.strip():
        raise ClientException(detail="the request body is empty: send a JSON document", extra=BODY)
    media_type, options = connection.content_type
    if not _is_json(media_type, options):
        shown = connection.headers.get("Content-Type") or "none"
        raise HTTPException(
            status_code=HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            detail=f"send the body as Content-Type: application/json (UTF-8), not {shown[:100]!r}",
            extra={"field": "Content-Type"},
        )
