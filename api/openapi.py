"""OpenAPI generation details: schemas Litestar gets wrong, statuses every route may answer.

* Litestar derives a field's schema from its Python type, so a money field
  (``int`` after validation) would be documented as integer-only although it
  accepts ``"1,704억원"``. Core types that accept more than their Python type
  declare their input schema with :class:`pydantic.WithJsonSchema`;
  :class:`WithJsonSchemaPlugin` publishes exactly that schema.
* Litestar documents a pydantic ``RootModel`` as an object with a ``root`` property;
  :class:`RootModelPlugin` documents it as its root type (``POST /v1/audit`` takes a
  request or a bare plan).
* Litestar 2.25 documents a constrained ``tuple[X, ...]`` field as an array of
  ``oneOf: [X, {}]`` (the ellipsis becomes ``{}``), which every item matches twice --
  so every response with such a list violated its own schema.
  :class:`VariadicTuplePlugin` documents it as an array of ``X``.
* :func:`document_common_responses` adds to every operation the problem responses that
  the app-wide machinery may answer (body checks, API keys, rate limit), so that a route
  added later is documented truthfully without a line of its own.
* :func:`finish_openapi` publishes the OpenAPI links a handler declares in its ``opt``
  (``opt={LINKS: {201: {"GetPlan": ("getPlan", {"id": "$response.body#/id"})}}}``):
  what a client -- or a stateful fuzzer -- may call next with a value of the answer;
  the response headers of statuses other than the handler's own
  (``opt={HEADERS: {201: {"Location": "path of the saved scenario"}}}``: Litestar documents
  ``response_headers`` on the default status only, and a ``ResponseSpec`` has none);
  the CSV and xlsx answers of a route that exports (``opt={EXPORTS: True}``);
  and it documents unions as ``anyOf``: Litestar writes every Python union as
  ``oneOf``, so ``int | float`` (a metric's value) became ``oneOf: [integer, number]``,
  which no integer satisfies (it matches both).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from litestar import Litestar
from litestar._openapi.schema_generation import SchemaCreator
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.spec import (
    Link,
    OpenAPIFormat,
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    PathItem,
    Schema,
    SecurityScheme,
)
from litestar.params import KwargDefinition
from litestar.plugins import OpenAPISchemaPlugin
from litestar.routes import HTTPRoute
from litestar.typing import FieldDefinition
from pydantic import RootModel, WithJsonSchema

from api.errors import problem_responses
from api.exports.negotiate import CSV_MEDIA_TYPE, EXPORTS, NDJSON_MEDIA_TYPES
from api.exports.xlsx import XLSX_MEDIA_TYPE
from api.params import refuses_unknown_query
from api.security.keys import API_KEY_HEADER, WRITE
from api.security.ratelimit import EXEMPT

_SCALAR_KEYS = {
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusiveMinimum": "exclusive_minimum",
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "description": "description",
    "examples": "examples",
}


def schema_from_json(document: dict[str, Any]) -> Schema:
    """Build a Litestar :class:`Schema` from a JSON-Schema dict (the subset we use)."""
    kwargs: dict[str, Any] = {
        attr: document[key] for key, attr in _SCALAR_KEYS.items() if key in document
    }
    if "type" in document:
        kwargs["type"] = OpenAPIType(document["type"])
    if "anyOf" in document:
        kwargs["any_of"] = [schema_from_json(sub) for sub in document["anyOf"]]
    return Schema(**kwargs)


class WithJsonSchemaPlugin(OpenAPISchemaPlugin):
    """Use the ``WithJsonSchema`` metadata of an annotated field as its OpenAPI schema."""

    @staticmethod
    def _declared(field_definition: FieldDefinition) -> WithJsonSchema | None:
        return next((m for m in field_definition.metadata if isinstance(m, WithJsonSchema)), None)

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        declared = self._declared(field_definition)
        return declared is not None and declared.json_schema is not None

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        declared = self._declared(field_definition)
        assert declared is not None and declared.json_schema is not None
        return schema_from_json(dict(declared.json_schema))


class RootModelPlugin(OpenAPISchemaPlugin):
    """Document a pydantic ``RootModel`` as its root type (Litestar writes an object with a
    ``root`` property, which is not what a client sends)."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        annotation = field_definition.annotation
        return isinstance(annotation, type) and issubclass(annotation, RootModel)

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        root = field_definition.annotation.model_fields["root"].annotation
        schema = schema_creator.for_field_definition(FieldDefinition.from_annotation(root))
        assert isinstance(schema, Schema)
        return schema


class VariadicTuplePlugin(OpenAPISchemaPlugin):
    """Document ``tuple[X, ...]`` as an array of ``X`` (not of ``oneOf: [X, {}]``)."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        inner = field_definition.inner_types
        return (
            field_definition.origin is tuple and len(inner) == 2 and inner[1].annotation is Ellipsis
        )

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        schema = Schema(
            type=OpenAPIType.ARRAY,
            items=schema_creator.for_field_definition(field_definition.inner_types[0]),
        )
        kwargs = field_definition.kwarg_definition
        if isinstance(kwargs, KwargDefinition):
            schema.min_items = kwargs.min_items
            schema.max_items = kwargs.max_items
        return schema


_RESERVED = frozenset(
    {"data", "request", "socket", "state", "scope", "headers", "cookies", "query", "body"}
)


def _common_statuses(handler: HTTPRouteHandler, *, api: bool) -> list[int]:
    parameters = set(handler.parsed_fn_signature.parameters)
    takes_body = "data" in parameters
    has_parameters = bool(parameters - _RESERVED - set(handler.resolve_dependencies()))
    statuses: list[int] = []
    if takes_body or has_parameters or api:  # the API's routes refuse unknown query parameters
        statuses.append(400)
    if takes_body:
        statuses += [413, 415]
    if handler.opt.get(WRITE):
        statuses.append(401)
        if handler.http_methods & {"PUT", "PATCH", "DELETE"}:
            statuses.append(403)  # changing what another key saved
    if not handler.opt.get(EXEMPT):
        statuses.append(429)
    if "session" in handler.resolve_dependencies():
        statuses.append(503)  # the database is busy: api.errors.database_busy_handler
    return statuses


def document_common_responses(app: Litestar) -> None:
    """Document on every operation of ``app`` the problems the app-wide checks may answer.

    400 (malformed body or parameters, or on ``/v1/`` a query parameter the route does not
    take -- replacing Litestar's own 400 schema, which is not what we send), 413 and 415
    where there is a body, 401 and the API-key security requirement on write routes (and
    403 on those that change or delete), 429 unless exempt from rate limiting, 503 where the
    handler takes a database ``session``. A status the handler documents itself keeps the
    handler's description. Call it on a new app, before the schema is first built.
    """
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            if not handler.resolve_include_in_schema():
                continue
            common = problem_responses(
                *_common_statuses(handler, api=refuses_unknown_query(route.path))
            )
            handler.responses = {**common, **(handler.responses or {})}
            if handler.opt.get(WRITE):
                handler.security = [*(handler.security or []), {API_KEY_SCHEME: []}]


LINKS = "links"
"""Route ``opt`` key: ``{status: {link name: (operationId, {parameter: runtime expression})}}``."""

LinkSpec = dict[int, dict[str, tuple[str, dict[str, str]]]]

HEADERS = "headers"
"""Route ``opt`` key: ``{status: {header name: description}}``, headers that a response of
another status than the handler's own always carries (e.g. ``Location`` on a 201 or 202)."""

HeaderSpec = dict[int, dict[str, str]]


STREAMS = "streams"
"""Route ``opt`` key: the route also streams its rows as JSON lines (``application/x-ndjson``,
documented next to its JSON answer)."""

CONTENT = "content"
"""Route ``opt`` key: ``{status: {media type: description}}``, media types other than JSON
that a response may have (e.g. CSV); documented as text."""

ContentSpec = dict[int, dict[str, str]]


def finish_openapi(app: Litestar) -> None:
    """Build the app's document (≈ 50 ms); add declared links and headers; unions as ``anyOf``.

    Call it last, after :func:`document_common_responses`.
    """
    document = app.openapi_schema
    _add_links(app, document.paths or {})
    _add_headers(app, document.paths or {})
    _add_exports(app, document.paths or {})
    _add_streams(app, document.paths or {})
    _add_content(app, document.paths or {})
    _unions_as_any_of(document)


def _unions_as_any_of(node: object, seen: set[int] | None = None) -> None:
    """Every ``oneOf`` in the document tree under ``node`` becomes ``anyOf``."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, Schema) and node.one_of is not None and node.any_of is None:
        node.any_of, node.one_of = node.one_of, None
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        children: Iterable[object] = (getattr(node, f.name) for f in dataclasses.fields(node))
    elif isinstance(node, dict):
        children = node.values()
    elif isinstance(node, list | tuple):
        children = node
    else:
        return
    for child in children:
        _unions_as_any_of(child, seen)


def _declaring(
    app: Litestar, paths: dict[str, PathItem], key: str
) -> Iterable[tuple[HTTPRouteHandler, Operation]]:
    """Each handler whose ``opt`` has ``key``, with each of its documented operations."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            if not handler.opt.get(key):
                continue
            for method in handler.http_methods:
                operation = getattr(paths[route.path_format], method.lower())
                if isinstance(operation, Operation) and operation.responses is not None:
                    yield handler, operation


def _add_links(app: Litestar, paths: dict[str, PathItem]) -> None:
    for handler, operation in _declaring(app, paths, LINKS):
        assert operation.responses is not None
        links: LinkSpec = handler.opt[LINKS]
        for status, named in links.items():
            response = operation.responses[str(status)]
            response.links = {  # type: ignore[union-attr]
                name: Link(operation_id=target, parameters=dict(parameters))
                for name, (target, parameters) in named.items()
            }


def _add_headers(app: Litestar, paths: dict[str, PathItem]) -> None:
    for handler, operation in _declaring(app, paths, HEADERS):
        assert operation.responses is not None
        headers: HeaderSpec = handler.opt[HEADERS]
        for status, named in headers.items():
            response = operation.responses[str(status)]
            assert isinstance(response, OpenAPIResponse)
            response.headers = {
                **(response.headers or {}),
                **{
                    name: OpenAPIHeader(
                        schema=Schema(type=OpenAPIType.STRING), description=text, required=True
                    )
                    for name, text in named.items()
                },
            }


def _add_media(response: OpenAPIResponse, schemas: Mapping[str, Schema]) -> None:
    """Document ``response`` as also coming in each media type of ``schemas``."""
    response.content = {
        **(response.content or {}),
        **{media: OpenAPIMediaType(schema=schema) for media, schema in schemas.items()},
    }


def _ok(operation: Operation) -> OpenAPIResponse | None:
    assert operation.responses is not None
    response = operation.responses.get("200")
    return response if isinstance(response, OpenAPIResponse) else None


def _add_exports(app: Litestar, paths: dict[str, PathItem]) -> None:
    """The 200 of a route that exports (``opt={EXPORTS: True}``) also comes as CSV and xlsx."""
    for _, operation in _declaring(app, paths, EXPORTS):
        if (response := _ok(operation)) is None:
            continue
        _add_media(
            response,
            {
                CSV_MEDIA_TYPE: Schema(
                    type=OpenAPIType.STRING,
                    description="the main table as CSV, UTF-8 with a byte-order mark",
                ),
                XLSX_MEDIA_TYPE: Schema(
                    type=OpenAPIType.STRING,
                    format=OpenAPIFormat.BINARY,
                    description="an Excel workbook: every sheet, the sources and the recipe",
                ),
            },
        )
        response.headers = {
            **(response.headers or {}),
            "Content-Disposition": OpenAPIHeader(
                schema=Schema(type=OpenAPIType.STRING),
                description="with ?format=csv|xlsx: attachment and the file name",
            ),
        }


_STREAM_TEXT = (
    "streamed as computed: one row per line (each a row of the JSON answer), then a last "
    "line {count, notes}; or, after an error in a later slice of rows, a problem document "
    "(with status) as the last line"
)


def _add_streams(app: Litestar, paths: dict[str, PathItem]) -> None:
    """The 200 of a route that streams (``opt={STREAMS: True}``) also comes as JSON lines."""
    for _, operation in _declaring(app, paths, STREAMS):
        if (response := _ok(operation)) is not None:
            schema = Schema(type=OpenAPIType.STRING, description=_STREAM_TEXT)
            _add_media(response, {NDJSON_MEDIA_TYPE: schema})


def _add_content(app: Litestar, paths: dict[str, PathItem]) -> None:
    for handler, operation in _declaring(app, paths, CONTENT):
        assert operation.responses is not None
        content: ContentSpec = handler.opt[CONTENT]
        for status, media_types in content.items():
            response = operation.responses[str(status)]
            assert isinstance(response, OpenAPIResponse)
            _add_media(
                response,
                {
                    media: Schema(type=OpenAPIType.STRING, description=text)
                    for media, text in media_types.items()
                },
            )


NDJSON_MEDIA_TYPE = NDJSON_MEDIA_TYPES[0]

API_KEY_SCHEME = "apiKey"
SECURITY_SCHEMES = {
    API_KEY_SCHEME: SecurityScheme(
        type="apiKey",
        name=API_KEY_HEADER,
        security_scheme_in="header",
        description=(
            "Needed by write routes when the server is configured with IMPACT_API_KEYS; "
            "a key may replace or delete only what it saved. Reads and calculations are open."
        ),
    )
}
"""The ``components.securitySchemes`` of the document."""
