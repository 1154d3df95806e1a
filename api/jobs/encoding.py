"""A job's result encoded once, in parts, so that it is served without being encoded again.

A result is the body the synchronous request would have answered. When it has rows (a
sweep's ``rows``) it is cut into the bytes before them (``head``), the rows, and the
bytes after them (``tail``); the rows are encoded in parts of :data:`ROWS_PER_PART`, as
JSON lines (one compact JSON object per line) and as CSV (one line per row: a line
break inside text becomes a space). Then:

* the whole body is ``head`` + the JSON-lines parts with their newlines made commas +
  ``tail`` -- byte for byte what ``msgspec`` encodes for the whole response;
* a page of rows, the JSON lines and the CSV are slices of the stored parts.

A result without rows (a Monte Carlo summary) is its ``head`` alone. Everything here runs
in the job's worker thread, off the event loop; rows are encoded one at a time, so the
thread gives the loop the GIL between them.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterator, Sequence
from typing import Any, Final

import msgspec
from pydantic import BaseModel

__all__ = ["ROWS_PER_PART", "EncodedResult", "encode_result", "jsonl_to_array"]

ROWS_PER_PART: Final = 1_000
"""Rows per stored part (≈ 0.7 MB of JSON for a sweep)."""

ROWS_KEY: Final = b'"rows":['
_encoder = msgspec.json.Encoder()


@dataclasses.dataclass(frozen=True)
class EncodedResult:
    """A result as stored: its frame and its rows in parts (see the module doc)."""

    head: bytes
    tail: bytes
    rows: int
    jsonl: list[bytes]
    csv_header: bytes | None
    csv: list[bytes]

    @property
    def size(self) -> int:
        """Bytes of the whole JSON body."""
        commas = max(self.rows - 1, 0)
        lines = sum(len(part) for part in self.jsonl) - self.rows  # less their newlines
        return len(self.head) + lines + commas + len(self.tail)


def jsonl_to_array(part: bytes) -> bytes:
    """The rows of a JSON-lines part as array elements: ``a\\nb\\n`` → ``a,b``.

    Compact JSON never holds a raw newline (strings escape it), so this is exact.
    """
    return part.rstrip(b"\n").replace(b"\n", b",")


def _cell(value: Any) -> Any:
    """A CSV cell: numbers and text as they are, null empty, anything else as JSON.

    A line break inside text becomes a space, so that every CSV row is one line and a
    page of rows is a slice of lines.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r", " ").replace("\n", " ")
    if isinstance(value, int | float):
        return value
    return _encoder.encode(value).decode()


def _fields(row: Any) -> dict[str, Any]:
    return msgspec.structs.asdict(row) if isinstance(row, msgspec.Struct) else dict(row)


def _flat(row: Any) -> dict[str, Any]:
    """A row as one level of columns: ``parameters`` spread out as their own columns."""
    fields = _fields(row)
    parameters = fields.pop("parameters", None) or {}
    return {**parameters, **fields}


def _columns(rows: Sequence[Any]) -> list[str]:
    """Every parameter name in order of appearance, then the row's own fields."""
    seen: dict[str, None] = {}
    for row in rows:
        for key in getattr(row, "parameters", None) or {}:
            seen.setdefault(key, None)
    own = [k for k in _fields(rows[0]) if k != "parameters"] if rows else []
    return [*seen, *own]


def _slices(total: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, ROWS_PER_PART):
        yield start, min(start + ROWS_PER_PART, total)


def _csv_text(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return out.getvalue().encode()


def encode_result(body: msgspec.Struct | BaseModel) -> EncodedResult:
    """``body`` encoded once: its frame, and its ``rows`` (if a list) in parts."""
    if isinstance(body, BaseModel):
        whole = body.model_dump_json().encode()
        return EncodedResult(whole, b"", 0, [], None, [])
    rows = getattr(body, "rows", None)
    if not isinstance(rows, list):
        return EncodedResult(_encoder.encode(body), b"", 0, [], None, [])
    frame = _encoder.encode(msgspec.structs.replace(body, rows=[]))
    cut = frame.index(ROWS_KEY) + len(ROWS_KEY)
    head, tail = frame[:cut], frame[cut:]  # tail: the "]" of the empty list and what follows
    jsonl = [
        b"".join(_encoder.encode(row) + b"\n" for row in rows[a:b]) for a, b in _slices(len(rows))
    ]
    columns = _columns(rows)
    header = _csv_text([dict(zip(columns, columns, strict=True))], columns)
    # a part's flat rows at a time: short-lived objects, freed by reference counting
    parts = [_csv_text([_flat(row) for row in rows[a:b]], columns) for a, b in _slices(len(rows))]
    return EncodedResult(head, tail, len(rows), jsonl, header, parts)
