"""The app's response class: a pydantic model becomes JSON bytes in one step."""

from __future__ import annotations

from typing import Any

from litestar import MediaType, Response
from litestar.serialization import default_serializer
from litestar.types import Serializer
from pydantic import BaseModel


class PydanticJSONResponse(Response[Any]):
    """A :class:`litestar.Response` that renders a pydantic model with pydantic-core.

    Litestar's default path first converts the model to Python objects
    (``model_dump``) and then encodes those with msgspec; ``model_dump_json``
    writes the same JSON document directly (field order, aliases — the app's
    pydantic plugin prefers them — and ``null`` for NaN as before). Anything else
    renders as usual.
    """

    def render(
        self, content: Any, media_type: str, enc_hook: Serializer = default_serializer
    ) -> bytes:
        """JSON bytes of ``content``."""
        if isinstance(content, BaseModel) and media_type == MediaType.JSON:
            return content.model_dump_json(by_alias=True).encode()
        return super().render(content, media_type, enc_hook)
