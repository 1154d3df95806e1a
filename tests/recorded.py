"""Recorded answers (``tests/data/*.jsonl.gz``): JSON lines, gzip, one record a line."""

from __future__ import annotations

import contextlib
import gzip
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from litestar import Litestar
from litestar.testing import TestClient

from api.app import create_app
from api.settings import Settings


@contextlib.contextmanager
def service_client() -> Iterator[TestClient[Litestar]]:
    """A client of the service on a throw-away SQLite database, with no rate limit."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp}/a.db", rate_limit=0)
        with TestClient(create_app(settings)) as client:
            yield client


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
