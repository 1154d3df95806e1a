"""The app-wide checks of every request, in order: the write key, the body, the query.

Each check is kept with what it checks (:func:`api.security.keys.require_write_key`,
:func:`api.body.check_body`, :func:`api.params.check_query`); :class:`RequestChecks` runs them
for every route, added later ones too, after routing and the rate limit and before the handler
reads anything.

A middleware, not a Litestar guard: Litestar copies the route handler for every guard call
(``copy(self)``: ≈ 14 µs of 66 attributes), and the checks read the handler's signature for
its query parameters on every request. Here what a handler declares -- whether it writes,
takes a body, which query parameters it has -- is read once per handler, and a request only
pays for what applies to it (the framework's part of a new-plan ``/v1/metrics`` 113 → 83 µs;
README, *What a new plan costs*)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from api.body import check_body, takes_body
from api.params import check_query, query_names, refuses_unknown_query
from api.security.keys import WRITE, require_write_key

__all__ = ["RequestChecks"]


@dataclass(frozen=True, slots=True)
class _Declared:
    """What a route handler declares that the checks depend on."""

    write: bool
    body: bool
    query: tuple[str, ...]


class RequestChecks(ASGIMiddleware):
    """Runs the app-wide checks (module doc); a failing one raises its 4xx problem."""

    scopes = (ScopeType.HTTP,)

    def __init__(self) -> None:
        # by handler identity; the handler is kept with its facts, so its id is never reused
        self._declared: dict[int, tuple[BaseRouteHandler, _Declared]] = {}

    def declared(self, handler: BaseRouteHandler) -> _Declared:
        """What ``handler`` declares, read on its first request."""
        entry = self._declared.get(id(handler))
        if entry is None:
            facts = _Declared(
                write=bool(handler.opt.get(WRITE)),
                body=takes_body(handler),
                query=tuple(query_names(handler)),
            )
            entry = self._declared[id(handler)] = (handler, facts)
        return entry[1]

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        handler: Any = scope["route_handler"]
        facts = self.declared(handler)
        strict = refuses_unknown_query(scope["path"])
        query = (facts.query or strict) and scope.get("query_string")
        if facts.write or facts.body or query:
            # the handler's own request class: the body read here is kept in the scope
            # state, where the handler's request finds it
            connection: ASGIConnection[Any, Any, Any, Any] = handler.resolve_request_class()(
                scope, receive, send
            )
            if facts.write:
                require_write_key(connection)
            if facts.body:
                await check_body(connection)
            if query:
                check_query(connection, facts.query, strict=strict)
        await next_app(scope, receive, send)
