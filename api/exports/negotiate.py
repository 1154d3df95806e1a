"""Which format an answer goes out in, and the file response of an export.

``?format=json|csv|xlsx`` decides; without it, the ``Accept`` header does (``text/csv``,
or the xlsx media type, preferred over JSON by its order or quality); anything else,
``*/*`` included, is JSON. CSV is the export's main table (:func:`impact.export.to_csv`:
UTF-8 with a BOM), xlsx every sheet (:func:`api.exports.xlsx.to_xlsx`); both come as an
attachment named after what was exported.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from litestar import Request, Response
from litestar.params import QueryParameter

from api.exports.xlsx import XLSX_MEDIA_TYPE, to_xlsx
from impact.export import Sheet, to_csv

__all__ = [
    "CSV_MEDIA_TYPE",
    "EXPORTS",
    "NDJSON_MEDIA_TYPES",
    "ExportFormat",
    "FormatQuery",
    "StreamingFormat",
    "StreamingFormatQuery",
    "chosen_format",
    "chosen_streaming_format",
    "content_disposition",
    "export_response",
]

ExportFormat = Literal["json", "csv", "xlsx"]
StreamingFormat = Literal["json", "csv", "xlsx", "ndjson"]
CSV_MEDIA_TYPE = "text/csv"
JSON_MEDIA_TYPE = "application/json"
EXPORTS = "exports"
"""Route ``opt`` key: the route also answers CSV and xlsx (documented by
:func:`api.openapi.finish_openapi` next to its JSON answer)."""

FormatQuery = Annotated[
    ExportFormat | None,
    QueryParameter(
        name="format",
        description="'csv' (the main table, UTF-8 with BOM) or 'xlsx' (every sheet, with the "
        "sources and the recipe); default JSON, or what `Accept` asks for (text/csv, the xlsx "
        "media type)",
    ),
]


def chosen_format(request: Request[Any, Any, Any], asked: ExportFormat | None) -> ExportFormat:
    """``asked`` (the query), else the best match of ``Accept``, else JSON."""
    if asked is not None:
        return asked
    fmt = _accepted(request, [JSON_MEDIA_TYPE, CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE])
    return "json" if fmt == "ndjson" else fmt  # not offered here


def _accepted(request: Request[Any, Any, Any], offered: list[str]) -> StreamingFormat:
    if "accept" not in request.headers:
        return "json"
    best = request.accept.best_match(offered, default=JSON_MEDIA_TYPE)
    return _FORMAT_OF.get(best or JSON_MEDIA_TYPE, "json")


NDJSON_MEDIA_TYPES = ("application/x-ndjson", "application/jsonl", "application/json-lines")
"""JSON lines, by the names clients send (the answer is ``application/x-ndjson``)."""
_FORMAT_OF: dict[str, StreamingFormat] = {
    CSV_MEDIA_TYPE: "csv",
    XLSX_MEDIA_TYPE: "xlsx",
    **dict.fromkeys(NDJSON_MEDIA_TYPES, "ndjson"),
}

StreamingFormatQuery = Annotated[
    Literal["json", "csv", "xlsx", "ndjson", "jsonl"] | None,
    QueryParameter(
        name="format",
        description="'ndjson' (or 'jsonl': one row per line, streamed) or 'csv' (the rows, "
        "UTF-8 with BOM, streamed) for any size; 'xlsx' (every sheet, with the sources and "
        "the recipe) for a sweep answered at once; default JSON, or what `Accept` asks for "
        "(application/x-ndjson, text/csv, the xlsx media type)",
    ),
]


def chosen_streaming_format(
    request: Request[Any, Any, Any], asked: Literal["json", "csv", "xlsx", "ndjson", "jsonl"] | None
) -> StreamingFormat:
    """As :func:`chosen_format`, JSON lines too (``ndjson``, ``jsonl`` or their media types)."""
    if asked is not None:
        return "ndjson" if asked == "jsonl" else asked
    offered = [JSON_MEDIA_TYPE, *NDJSON_MEDIA_TYPES, CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE]
    return _accepted(request, offered)


def content_disposition(stem: str, suffix: str) -> str:
    """``attachment`` with an ASCII ``filename`` (letters, digits, ``-``, ``_``, ``.``) and
    the UTF-8 name in ``filename*`` (RFC 6266), e.g. for ``audit-세종``."""
    ascii_name = re.sub(r"[^0-9A-Za-z._-]+", "-", stem).strip("-.") or "export"
    utf8_name = urllib.parse.quote(f"{stem}.{suffix}", safe="")
    return f"attachment; filename=\"{ascii_name}.{suffix}\"; filename*=UTF-8''{utf8_name}"


def export_response(
    sheets: Sequence[Sheet], fmt: Literal["csv", "xlsx"], stem: str
) -> Response[Any]:
    """The file of ``sheets``: CSV of the first, or a workbook of all, as an attachment."""
    if fmt == "csv":
        content, media_type = to_csv(sheets[0]), CSV_MEDIA_TYPE  # Litestar adds the charset
    else:
        content, media_type = to_xlsx(sheets), XLSX_MEDIA_TYPE
    return Response(
        content=content,
        media_type=media_type,
        headers={"Content-Disposition": content_disposition(stem, fmt)},
    )
