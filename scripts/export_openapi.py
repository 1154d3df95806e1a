"""Write the app's OpenAPI document to ``openapi/openapi.json`` (``make openapi``)."""

from __future__ import annotations

import json
from pathlib import Path

from litestar.serialization import encode_json

from api.app import create_app

TARGET = Path(__file__).resolve().parent.parent / "openapi" / "openapi.json"


def render() -> str:
    """The OpenAPI document of a fresh app, as stable, pretty JSON text."""
    schema = json.loads(encode_json(create_app().openapi_schema.to_schema()))
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
