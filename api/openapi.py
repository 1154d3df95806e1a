"""OpenAPI generation details: honour pydantic's ``WithJsonSchema`` on fields.

Litestar derives a field's schema from its Python type, so a money field
(``int`` after validation) would be documented as integer-only although it
accepts ``"1,704억원"``. Core types that accept more than their Python type
declare their input schema with :class:`pydantic.WithJsonSchema`; this plugin
publishes exactly that schema.
"""

from __future__ import annotations

from typing import Any

from litestar._openapi.schema_generation import SchemaCreator
from litestar.openapi.spec import OpenAPIType, Schema
from litestar.plugins import OpenAPISchemaPlugin
from litestar.typing import FieldDefinition
from pydantic import WithJsonSchema

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
