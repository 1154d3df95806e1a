"""One mapping from errors to RFC 9457 ``application/problem+json`` responses.

The core (:mod:`impact.errors`) knows nothing of HTTP; this module decides the
status of each error class, and turns request-validation failures into
problems that name the offending field, both as a dotted path (``field``) and
as a JSON pointer (``pointer``). No response ever carries a stack trace.

Every problem is in English and Korean: ``detail`` and ``detail_ko``, each field's
``message`` and ``message_ko`` (:mod:`impact.validation` words validation and core
errors, :mod:`api.korean` the HTTP statuses). A 422 lists the invalid fields (the first
:data:`MAX_LISTED_ERRORS`; ``detail`` counts them all), and an unknown key names the closest
field the model accepts there (``did_you_mean``).
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Sequence
from enum import Enum
from http import HTTPStatus
from typing import Any, get_args

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import ParameterKwarg
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_405_METHOD_NOT_ALLOWED,
    HTTP_412_PRECONDITION_FAILED,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
)
from litestar.types import Empty, ExceptionHandlersMap
from litestar.utils.scope.state import ScopeState
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from api.db.engine import CommitOutcomeUnknown, DatabaseUnavailable
from api.korean import status_ko
from api.params import query_names
from api.plans.schemas import etag
from impact.errors import (
    ImpactError,
    LimitExceededError,
    NotFoundError,
    PermissionDeniedError,
    StaleVersionError,
)
from impact.validation import (
    FieldIssue,
    closest_name,
    did_you_mean,
    error_detail_ko,
    error_message_ko,
    field_issues,
    message_ko,
)
from impact.validation import summary as issue_summary

__all__ = [
    "BODY_LIMIT_FIELD",
    "PROBLEM_MEDIA_TYPE",
    "FieldError",
    "Problem",
    "exception_handlers",
    "problem_responses",
]

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:impact:problem:"

BODY_LIMIT_FIELD = "body_limit_field"
"""Key of a route handler's ``opt`` naming the field that makes its bodies large (a 413 for
a body above the size limit names it, e.g. ``intermediate`` for a table upload)."""

logger = logging.getLogger("impact.api")


class FieldError(BaseModel):
    """One offending field of the request."""

    model_config = ConfigDict(frozen=True)

    field: str = Field(
        description="dotted path of the field, e.g. 'claims.jobs'; 'body' for the whole body"
    )
    pointer: str = Field(description="RFC 6901 JSON pointer into the request body")
    message: str
    message_ko: str = Field(default="", description="the message in Korean")
    did_you_mean: str | None = Field(
        default=None,
        description="for an unknown key: the closest field name accepted at that place; for "
        "a query parameter's value not among its accepted ones, the closest of them",
    )


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    model_config = ConfigDict(frozen=True)

    type: str = Field(description="URI identifying the kind of problem")
    title: str
    status: int
    detail: str = Field(description="what is wrong, in English")
    detail_ko: str = Field(default="", description="what is wrong, in Korean")
    instance: str | None = Field(default=None, description="path of the request")
    field: str | None = Field(default=None, description="the (first) offending field")
    errors: list[FieldError] = Field(default_factory=list)


def _pointer(field: str, body: Any = Empty) -> str:
    """The RFC 6901 pointer of ``field`` (a dotted path), read against the decoded ``body``
    when there is one: a key with dots of its own (the sector code ``"C10.1"``) is one step,
    not two. What the body does not hold (a missing field) is split at every dot."""
    if field in {"", "body"}:  # the whole body
        return ""
    steps = _steps(body, field) if body is not Empty else None
    return _json_pointer(steps or field.split("."))


def _json_pointer(steps: Sequence[str]) -> str:
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in steps)


def _steps(node: Any, field: str) -> list[str] | None:
    """``field`` as the keys and indices that lead through ``node`` (the longest key first),
    the rest split at every dot, or the ``id`` of a saved plan's reference the path goes
    into; ``None`` when its first step is not in ``node``. For the
    one field of a core error: linear in the body (each dict's keys are tried by their
    lengths, each length once), never a list index that is not a small ASCII number."""
    if not field:
        return []
    if isinstance(node, dict):
        for size in sorted({len(k) for k in node if isinstance(k, str)}, reverse=True):
            if (size == len(field) or field[size : size + 1] == ".") and field[:size] in node:
                rest = field[size + 1 :] if size < len(field) else ""
                after = _steps(node[field[:size]], rest)
                return [field[:size], *(after if after is not None else _split(rest))]
        return _missing_from(node, field)
    index, _, rest = field.partition(".")
    if isinstance(node, list) and index.isascii() and index.isdecimal() and len(index) < 10:
        if int(index) >= len(node):
            return None
        after = _steps(node[int(index)], rest)
        return [index, *(after if after is not None else _split(rest))]
    return None


def _missing_from(node: dict[Any, Any], field: str) -> list[str] | None:
    """The steps of ``field``, which ``node`` does not hold: {"id": …} names a saved plan (what
    is wrong is in it, and the id is what was sent); in an object whose keys hold dots (a
    grid's ``"shift_allocation.from"``) the missing key is one step, as theirs are."""
    if "id" in node:
        return ["id"]
    return [field] if any("." in k for k in node if isinstance(k, str)) else None


def _split(rest: str) -> list[str]:
    return rest.split(".") if rest else []


def _decoded_body(request: Request[Any, Any, Any]) -> Any:
    """The request's body as its route decoded it; ``Empty`` when it was not decoded. A body
    validated in a worker thread (above 256 KB, :mod:`api.body`) is kept as its model: its
    dump has the body's keys, lists and wire names, which is all a pointer reads (dumped
    only here, on the way to a problem)."""
    body = ScopeState.from_scope(request.scope).json
    return body.model_dump(by_alias=True) if isinstance(body, BaseModel) else body


def _problem(
    request: Request[Any, Any, Any],
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
    detail_ko: str | None = None,
) -> Response[dict[str, Any]]:
    korean = detail_ko or status_ko(status)
    errors = [
        e if e.message_ko else e.model_copy(update={"message_ko": korean}) for e in errors or []
    ]
    body = Problem(
        type=PROBLEM_TYPE_PREFIX + code,
        title=title,
        status=status,
        detail=detail,
        detail_ko=korean,
        instance=request.url.path,
        field=errors[0].field if errors else None,
        errors=errors,
    )
    return Response(
        content=body.model_dump(mode="json"),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _status_of(exc: ImpactError) -> int:
    if isinstance(exc, NotFoundError):
        return HTTP_404_NOT_FOUND
    if isinstance(exc, PermissionDeniedError):
        return HTTP_403_FORBIDDEN
    if isinstance(exc, LimitExceededError):
        return HTTP_413_REQUEST_ENTITY_TOO_LARGE
    if isinstance(exc, StaleVersionError):
        return HTTP_412_PRECONDITION_FAILED
    return HTTP_422_UNPROCESSABLE_ENTITY


def impact_error_handler(
    request: Request[Any, Any, Any], exc: ImpactError
) -> Response[dict[str, Any]]:
    """Core errors: the class decides the status, the error names the field."""
    field = exc.field or ""
    message_ko = error_message_ko(exc)
    version = exc.extra.get("version") if isinstance(exc, StaleVersionError) else None
    return _problem(
        request,
        status=_status_of(exc),
        code=exc.code,
        title=exc.title,
        detail=str(exc),
        detail_ko=error_detail_ko(exc),
        errors=[
            FieldError(
                field=field,
                pointer=_pointer(field, _decoded_body(request)) if _in_body(request, field) else "",
                message=exc.detail,
                message_ko=message_ko,
                did_you_mean=guess
                if isinstance(guess := exc.extra.get("did_you_mean"), str)
                else None,
            )
        ],
        headers=None if version is None else {"ETag": etag(int(version))},  # the stored one
    )


def _in_body(request: Request[Any, Any, Any], field: str) -> bool:
    """Whether ``field`` is a place in the request's body: not on a request without one,
    and not a query, path or header parameter of its route (``ids.1``, ``id``, ``If-Match``)."""
    if request.method in {"GET", "HEAD", "DELETE"}:
        return False
    handler = request.scope.get("route_handler")
    if not isinstance(handler, HTTPRouteHandler):
        return True
    return field.split(".", 1)[0] not in _parameter_names(handler)


def _parameter_names(handler: HTTPRouteHandler) -> frozenset[str]:
    """The names clients give ``handler``'s query, path and header parameters (read on an
    error only: a few microseconds)."""
    dependencies = handler.resolve_dependencies()
    marked = (
        field.kwarg_definition.name or name
        for name, field in handler.parsed_fn_signature.parameters.items()
        if isinstance(field.kwarg_definition, ParameterKwarg) and name not in dependencies
    )
    return frozenset((*marked, *query_names(handler)))


def _field_path(key: object) -> str:
    """Dotted path of a validation error, without tagged-union tags (``<ref>``, ``<plan>``).

    Request models that accept "an inline plan or a reference" are tagged unions
    whose tags are written in angle brackets; pydantic puts the tag in the error
    location, but it is not part of the JSON document the client sent.
    """
    parts = str(key or "").split(".")
    return ".".join(p for p in parts if p and not (p.startswith("<") and p.endswith(">")))


def _body_model(request: Request[Any, Any, Any]) -> object | None:
    """The type the route validates its body as (for "did you mean"), if any."""
    handler = request.scope.get("route_handler")
    if not isinstance(handler, HTTPRouteHandler):
        return None
    data = handler.parsed_fn_signature.parameters.get("data")
    return None if data is None else data.annotation


_OUTSIDE_THE_BODY = frozenset({"query", "path", "header", "cookie"})


def _field_error(request: Request[Any, Any, Any], item: dict[str, Any]) -> FieldError:
    """One of Litestar's error items; a query, path, header or cookie parameter is named as
    the client writes it (``format``, not the handler's ``export``), with no body pointer,
    in plain English and Korean (:func:`_parameter_message`), and with its accepted values
    (and the closest of them) when they are a fixed set."""
    path = _field_path(item.get("key"))
    message = str(item.get("message", "invalid value"))
    pointer = _pointer(path)
    handler = request.scope.get("route_handler")
    accepted: list[str] = []
    if item.get("source") in _OUTSIDE_THE_BODY and isinstance(handler, HTTPRouteHandler):
        pointer = ""
        parameter = handler.parsed_fn_signature.parameters.get(path)
        if parameter is not None:
            path = getattr(parameter.kwarg_definition, "name", None) or path
            accepted = _accepted_values(parameter.annotation)
    english, korean, guess = _parameter_message(message, accepted)
    return FieldError(
        field=path or "body",
        pointer=pointer,
        message=english,
        message_ko=korean,
        did_you_mean=guess,
    )


def _accepted_values(annotation: object) -> list[str]:
    """The values a parameter of ``annotation`` takes when they are a fixed set: a
    ``Literal``'s or an enum's, also inside ``X | None``."""
    found: list[object] = []
    for tp in (annotation, *get_args(annotation)):
        if isinstance(tp, type) and issubclass(tp, Enum):
            found += [member.value for member in tp]
        elif isinstance(tp, str):
            found.append(tp)
        else:
            found += [a for a in get_args(tp) if isinstance(a, str)]
    return list(dict.fromkeys(map(str, found)))


# msgspec's words for a query, path or header value it cannot convert (Litestar reads them with
# it): said again in plain words, the Korean from the same sentences as a body field's
_BOUND = re.compile(r"Expected `[^`]+` (<=|>=|<|>) (-?[\d.]+)$")
_LENGTH = re.compile(r"Expected `str` of length (<=|>=) (\d+)$")
_TYPE = re.compile(r"Expected `(\w+)(?: \| null)?`, got `\w+`$")
_ENUM = re.compile(r"Invalid enum value (.+)$")
_BOUND_WORDS = {
    "<=": ("must be at most {0}", "less_than_equal", "le"),
    ">=": ("must be at least {0}", "greater_than_equal", "ge"),
    "<": ("must be less than {0}", "less_than", "lt"),
    ">": ("must be greater than {0}", "greater_than", "gt"),
}
_LENGTH_WORDS = {
    "<=": ("must be at most {0} character(s)", "string_too_long", "max_length"),
    ">=": ("must be at least {0} character(s)", "string_too_short", "min_length"),
}
_TYPE_WORDS = {
    "int": ("must be a whole number", "int_parsing"),
    "float": ("must be a number", "float_parsing"),
    "bool": ("must be true or false", "bool_parsing"),
    "str": ("must be text", "string_type"),
}


def _parameter_message(message: str, accepted: Sequence[str]) -> tuple[str, str, str | None]:
    """A Litestar error message of a parameter in English and Korean, and for a value not among
    ``accepted`` the closest of them; a message not recognised is quoted in the Korean."""
    kind, ctx, english = "", {}, message
    if (found := _BOUND.match(message)) is not None:
        words, kind, key = _BOUND_WORDS[found[1]]
        english, ctx = words.format(found[2]), {key: found[2]}
    elif (found := _LENGTH.match(message)) is not None:
        words, kind, key = _LENGTH_WORDS[found[1]]
        english, ctx = words.format(found[2]), {key: found[2]}
    elif (found := _TYPE.match(message)) is not None and found[1] in _TYPE_WORDS:
        english, kind = _TYPE_WORDS[found[1]]
    elif (found := _ENUM.match(message)) is not None and accepted:
        return _enum_message(found[1], accepted)
    korean = message_ko(kind, ctx, english) if kind else None
    if accepted:
        english += f"; use one of: {', '.join(accepted)}"
    if korean is None:
        korean = f"{status_ko(HTTP_422_UNPROCESSABLE_ENTITY)}: {english}"
    return english, korean, None


def _enum_message(value: str, accepted: Sequence[str]) -> tuple[str, str, str | None]:
    """``value`` (as msgspec quotes it) not among ``accepted``: both listed, and the closest."""
    guess = closest_name(value.strip("'\""), accepted)
    listed = ", ".join(accepted)
    # the hint as a body's value gets it (impact.validation): after the sentence, not inside it
    hint_en, hint_ko = did_you_mean(guess)
    english = f"{value} is not an accepted value; use one of: {listed}{hint_en}"
    korean = f"{message_ko('enum', {'expected': listed}, english)} (받은 값: {value}){hint_ko}"
    return english, korean, guess


MAX_LISTED_ERRORS = 100
"""A problem lists at most this many invalid fields in ``errors[]``; its ``detail`` counts them
all. Each costs a "did you mean" search, so thousands of bad keys held the event loop for
most of a second (README, *Errors*)."""


def _pydantic_issues(
    request: Request[Any, Any, Any], exc: ValidationException
) -> tuple[list[FieldIssue], int] | None:
    """The first :data:`MAX_LISTED_ERRORS` issues of the pydantic errors behind ``exc``
    (types, context), and how many there are; ``None`` when there are none."""
    raw = getattr(exc.__cause__, "errors", None)
    if not isinstance(raw, list) or not raw:
        return None
    listed = raw[:MAX_LISTED_ERRORS]
    if not all(isinstance(e, dict) and "type" in e and "loc" in e for e in listed):
        return None
    return field_issues(listed, _body_model(request)), len(raw)


# Litestar's words for a missing query parameter or header (litestar/_kwargs/extractors.py); the
# problem names the parameter, as for any other invalid one, not the body.
_MISSING_PARAMETER = re.compile(r"Missing required (\w+) parameter '([^']+)'")
_PARAMETER_KO = {"query": "쿼리", "header": "헤더", "cookie": "쿠키", "path": "경로"}


def validation_error_handler(
    request: Request[Any, Any, Any], exc: ValidationException
) -> Response[dict[str, Any]]:
    """Request validation: 422 naming every bad field (in English and Korean, with "did you
    mean" for a misspelt key); 400 when the body is not JSON at all."""
    found = _pydantic_issues(request, exc)
    if found is not None:
        issues, total = found
        return _problem(
            request,
            status=HTTP_422_UNPROCESSABLE_ENTITY,
            code="validation",
            title="Invalid request",
            detail=issue_summary(issues, "en", total=total),
            detail_ko=issue_summary(issues, "ko", total=total),
            errors=[
                FieldError(
                    field=issue.field or "body",
                    pointer=_json_pointer(issue.location) if issue.location else "",
                    message=issue.message,
                    message_ko=issue.message_ko,
                    did_you_mean=issue.did_you_mean,
                )
                for issue in issues
            ],
        )
    missing = _MISSING_PARAMETER.match(exc.detail)
    if missing is not None:
        kind, name = missing.groups()
        message = f"the {kind} parameter {name!r} is required"
        message_ko = f"{_PARAMETER_KO.get(kind, kind)} 매개변수 {name!r}이(가) 필요합니다"
        return _problem(
            request,
            status=HTTP_422_UNPROCESSABLE_ENTITY,
            code="validation",
            title="Invalid request",
            detail=f"{name}: {message}",
            detail_ko=f"{name}: {message_ko}",
            errors=[FieldError(field=name, pointer="", message=message, message_ko=message_ko)],
        )
    extra = exc.extra if isinstance(exc.extra, list) else []
    items = [item for item in extra if isinstance(item, dict)]
    errors = [_field_error(request, item) for item in items[:MAX_LISTED_ERRORS]]
    if not errors:
        return _problem(
            request,
            status=HTTP_400_BAD_REQUEST,
            code="malformed-request",
            title="Malformed request",
            detail=exc.detail,
            errors=[FieldError(field="body", pointer="", message=exc.detail)],
        )
    summary = "; ".join(f"{e.field or 'body'}: {e.message}" for e in errors[:5])
    summary_ko = "; ".join(f"{e.field or 'body'}: {e.message_ko}" for e in errors[:5])
    return _problem(
        request,
        status=HTTP_422_UNPROCESSABLE_ENTITY,
        code="validation",
        title="Invalid request",
        detail=summary,
        detail_ko=summary_ko,
        errors=errors,
    )


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "HTTP error"


def _named_field(exc: HTTPException) -> str | None:
    """The field an HTTP error names: ``extra={"field": ...}``, else the body for 400/413."""
    if isinstance(exc.extra, dict) and isinstance(exc.extra.get("field"), str):
        return str(exc.extra["field"])
    return "body" if exc.status_code in {400, 413} else None


def http_error_handler(
    request: Request[Any, Any, Any], exc: HTTPException
) -> Response[dict[str, Any]]:
    """Framework and guard HTTP errors (400, 401, 404 route, 405, 413, 415, 429 …) as
    problem documents; the field is the body, or the header named in ``extra["field"]``.

    A 413 names the field its route declares in ``opt[BODY_LIMIT_FIELD]`` (else ``body``).
    """
    headers = dict(exc.headers) if exc.headers else None
    field = _named_field(exc)
    detail = exc.detail
    handler = request.scope.get("route_handler")
    extra = exc.extra if isinstance(exc.extra, dict) else {}
    pointer = ""  # a header, a query parameter or the whole body
    if exc.status_code == 413 and field == "body" and isinstance(handler, HTTPRouteHandler):
        field = str(handler.opt.get(BODY_LIMIT_FIELD, "body"))
        pointer = _pointer(field)
        limit = handler.resolve_request_max_body_size()
        if limit and "limit" not in extra:
            detail = f"{field}: the request body is larger than the limit of {limit:,} bytes"
    detail_ko = extra.get("detail_ko")
    allow = next((v for k, v in (headers or {}).items() if k.lower() == "allow"), None)
    if exc.status_code == HTTP_405_METHOD_NOT_ALLOWED and allow is not None:
        detail, detail_ko = _not_allowed(request.method[:20], allow)
    guess = extra.get("did_you_mean")  # an unknown query parameter's closest name
    error = FieldError(
        field=field or "",
        pointer=pointer,
        message=detail,
        did_you_mean=guess if isinstance(guess, str) else None,
    )
    return _problem(
        request,
        status=exc.status_code,
        code=f"http-{exc.status_code}",
        title=_phrase(exc.status_code),
        detail=detail,
        errors=[error] if field else None,
        headers=headers,
        detail_ko=detail_ko if isinstance(detail_ko, str) else None,
    )


_METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _not_allowed(method: str, allow: str) -> tuple[str, str]:
    """A 405's detail in English and Korean: the methods the path takes (its ``Allow``), and
    for a PATCH where PUT is taken, that PUT replaces the whole document (no partial update)."""
    taken = {m.strip().upper() for m in allow.split(",") if m.strip()}
    listed = ", ".join(sorted(taken, key=lambda m: (*_METHOD_ORDER, m).index(m)))
    english = f"{method} is not allowed on this path; it takes {listed}"
    korean = f"이 경로에서는 {method} 메서드를 쓸 수 없습니다. 쓸 수 있는 것: {listed}"
    if method == "PATCH" and "PUT" in taken:
        english += "; PUT replaces the whole document (GET it, change it, PUT it back)"
        korean += ". PUT은 문서 전체를 바꿉니다 (GET으로 받아 고친 뒤 PUT으로 보내세요)"
    return english, korean


def internal_error_handler(
    request: Request[Any, Any, Any], exc: Exception
) -> Response[dict[str, Any]]:
    """Anything else: logged with its trace, answered without one.

    A pydantic ``ValidationError`` is logged without its message, which quotes the input
    -- parts of a plan or a body -- and with its errors' locations and types only.
    """
    if isinstance(exc, PydanticValidationError):
        errors = exc.errors(include_url=False, include_context=False, include_input=False)
        where = "".join(traceback.format_tb(exc.__traceback__))
        logger.error(
            "unhandled %s on %s %s: %s\n%s",
            type(exc).__name__,
            request.method,
            request.url.path,
            [(e["loc"], e["type"]) for e in errors],
            where,
        )
    else:
        logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _problem(
        request,
        status=HTTP_500_INTERNAL_SERVER_ERROR,
        code="internal",
        title="Internal server error",
        detail="The server failed to handle this request; it has been logged.",
    )


BUSY_RETRY_AFTER_S = 1
_BUSY_MARKERS = ("database is locked", "database table is locked", "could not obtain lock")


def database_busy_handler(
    request: Request[Any, Any, Any], exc: Exception
) -> Response[dict[str, Any]]:
    """Overload, not failure: no pooled connection within the pool's timeout, or SQLite's
    write lock not free within ``busy_timeout``. 503 with ``Retry-After``; nothing was
    written. Any other database error is a 500."""
    message = str(getattr(exc, "orig", exc)).lower()
    if isinstance(exc, OperationalError) and not any(m in message for m in _BUSY_MARKERS):
        return internal_error_handler(request, exc)
    logger.warning(
        "database busy on %s %s: %s", request.method, request.url.path, type(exc).__name__
    )
    return _problem(
        request,
        status=HTTP_503_SERVICE_UNAVAILABLE,
        code="busy",
        title="Service busy",
        detail="The database is busy; nothing was changed. Try again shortly.",
        headers={"Retry-After": str(BUSY_RETRY_AFTER_S)},
    )


UNAVAILABLE_RETRY_AFTER_S = 5


def database_unavailable_handler(
    request: Request[Any, Any, Any], exc: Exception
) -> Response[dict[str, Any]]:
    """The database cannot be reached (PostgreSQL down or restarting, a connection cut):
    503 with ``Retry-After``; the next request connects again. Any other driver error is
    a 500 (a bug, logged)."""
    connection_lost = isinstance(exc, DatabaseUnavailable | InterfaceError) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    )
    if isinstance(exc, OperationalError) and not connection_lost:
        return database_busy_handler(request, exc)
    if not connection_lost:
        return internal_error_handler(request, exc)
    logger.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc)
    return _problem(
        request,
        status=HTTP_503_SERVICE_UNAVAILABLE,
        code="database-unavailable",
        title="Service unavailable",
        detail=(
            "The connection to the database was lost while saving: the save may have landed. "
            "Look for it (GET /v1/plans) before you save again."
            if isinstance(exc, CommitOutcomeUnknown)
            else "The database cannot be reached; nothing was changed. Try again shortly."
        ),
        headers={"Retry-After": str(UNAVAILABLE_RETRY_AFTER_S)},
    )


exception_handlers: ExceptionHandlersMap = {
    ImpactError: impact_error_handler,
    ValidationException: validation_error_handler,
    HTTPException: http_error_handler,
    PoolTimeoutError: database_busy_handler,
    OperationalError: database_unavailable_handler,
    DBAPIError: database_unavailable_handler,
    DatabaseUnavailable: database_unavailable_handler,
    Exception: internal_error_handler,
}


def problem_responses(*statuses: int) -> dict[int, Any]:
    """OpenAPI ``responses`` entries documenting problem documents for ``statuses``."""
    descriptions = {
        400: "Malformed request: a body that is empty, not UTF-8 JSON or nested too deep, "
        "or a query parameter given more than once or that the route does not take",
        401: "Write route and no valid API key in `X-API-Key` (only when keys are configured)",
        403: "The API key may not change this: it belongs to another key, or to no key",
        404: "Unknown id",
        412: "`If-Match` names an older version than the stored one: someone changed it since",
        413: "Request or computation larger than the documented limits",
        415: "Body not sent as `Content-Type: application/json`",
        422: "Invalid field; the problem names it in `field` and `errors`",
        429: "Too many requests from this client; `Retry-After` says when to try again",
        503: "The database is busy (overload); nothing was changed; retry after `Retry-After`",
    }
    return {
        status: ResponseSpec(
            data_container=Problem,
            media_type=PROBLEM_MEDIA_TYPE,
            description=descriptions.get(status, "Problem"),
            generate_examples=False,
        )
        for status in statuses
    }
