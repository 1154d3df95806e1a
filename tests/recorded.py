"""Recorded answers (``tests/data/*.jsonl.gz``): JSON lines, gzip, one record a line."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any


def read_records(path: Path) -> list[dict[str, Any]]:
    """The records of ``path``, in order."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def write_records(path: Path, records: list[dict[str, Any]]) -> None:
    """Write ``records`` to ``path`` (the same bytes for the same records) and say so."""
    path.parent.mkdir(exist_ok=True)
    text = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    path.write_bytes(gzip.compress(text.encode(), compresslevel=9, mtime=0))
    sys.stdout.write(f"recorded {len(records)} answers in {path}\n")
