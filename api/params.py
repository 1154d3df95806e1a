"""Query parameters take one value each: a repeated one is a 400 naming it; under ``/v1/``
one the route does not take is a 400 naming it too.

Every query parameter of this API is a scalar (``limit``, ``offset``, ``city``, ``model``,
``ids`` as one comma-separated string, ...). Litestar quietly keeps the last of repeated
values, so ``?offset=abc&offset=0`` used to answer as if the client had sent ``offset=0``:
an ambiguous request accepted, which the contract fuzzer reports. :func:`check_query`, one of
the app-wide checks (:mod:`api.checks`), refuses it before the handler runs, for routes added
later too. Litestar also ignores a parameter the route does not take, so a misspelt
``?modle=type_ii`` answered with the default model, as if it had been understood: on the API's
routes (``/v1/``) it is refused, naming it and the closest name the route takes. The page,
its assets and the schema routes keep ignoring extra parameters (cache-busting, tracking).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from litestar.connection import ASGIConnection
from litestar.enums import ParamType
from litestar.exceptions import ClientException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import BodyKwarg, ParameterKwarg, PathParameter

from impact.validation import closest_name, did_you_mean

__all__ = ["check_query", "query_names", "refuses_unknown_query"]

_RESERVED = frozenset(
    {"data", "request", "socket", "state", "scope", "headers", "cookies", "query", "body"}
)
"""Names Litestar fills itself (never from the query string)."""


def refuses_unknown_query(path: str) -> bool:
    """Whether the route at ``path`` refuses query parameters it does not take: the API's
    (``/v1/``), not the page's, its assets' or the schema's."""
    return path.startswith("/v1/")


def query_names(route_handler: BaseRouteHandler) -> list[str]:
    """The query parameters ``route_handler`` declares, by the name a client sends.

    An unmarked parameter that is neither reserved nor a dependency is a query parameter,
    as for Litestar; a path parameter marked as such, a header or a cookie is not.
    """
    skip = _RESERVED | set(route_handler.resolve_dependencies())
    names: list[str] = []
    for name, field in route_handler.parsed_fn_signature.parameters.items():
        kwarg = field.kwarg_definition
        if name in skip or isinstance(kwarg, BodyKwarg | PathParameter):
            continue
        if isinstance(kwarg, ParameterKwarg):
            if kwarg.param_type is not ParamType.QUERY or kwarg.header or kwarg.cookie:
                continue  # HeaderParameter(...) sets param_type; Parameter(header=...) header
            names.append(kwarg.query or kwarg.name or name)
        else:
            names.append(name)
    return names


def check_query(
    connection: ASGIConnection[Any, Any, Any, Any], names: Sequence[str], *, strict: bool
) -> None:
    """App-wide check: 400 naming a query parameter of ``names`` given more than once, or,
    when ``strict``, one that is not in ``names``."""
    params = connection.query_params
    if strict:
        for name in params:
            if name not in names:
                raise _unknown(name, names)
    for name in names:
        count = len(params.getall(name, []))
        if count > 1:
            raise ClientException(
                detail=f"give the query parameter {name!r} once, not {count} times",
                extra={
                    "field": name,
                    "detail_ko": f"쿼리 매개변수 {name!r}은(는) 한 번만 주세요 "
                    f"({count}번 왔습니다)",
                },
            )


def _unknown(name: str, names: Sequence[str]) -> ClientException:
    shown = name[:40]
    close = closest_name(name, names)
    hint_en, hint_ko = did_you_mean(close)
    takes_en = f"it takes {', '.join(names)}" if names else "it takes none"
    takes_ko = f"받는 것: {', '.join(names)}" if names else "받는 쿼리 매개변수가 없습니다"
    return ClientException(
        detail=f"this route has no query parameter {shown!r}{hint_en} ({takes_en})",
        extra={
            "field": shown,
            # the hint starts with the sentence's '.'
            "detail_ko": f"이 경로에는 쿼리 매개변수 {shown!r}이(가) 없습니다{hint_ko or '.'} "
            f"({takes_ko})",
            "did_you_mean": close,
        },
    )
