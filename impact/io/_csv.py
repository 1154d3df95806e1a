"""Minimal CSV reading for the shipped seed files (stdlib :mod:`csv`, no pandas)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from impact.errors import DataUnavailableError, TableError
from impact.io.iomath import FloatArray


def read_rows(path: Path) -> list[dict[str, str]]:
    """All rows of a UTF-8 CSV file with a header, as dicts."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh))
    except FileNotFoundError:
        raise DataUnavailableError(f"data file not found: {path}", field="data") from None


def read_matrix(path: Path) -> tuple[list[str], list[str], FloatArray]:
    """A CSV whose first column labels rows: (row labels, column labels, values)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            labels: list[str] = []
            values: list[list[float]] = []
            for row in reader:
                labels.append(row[0])
                values.append([float(c) for c in row[1:]])
    except FileNotFoundError:
        raise DataUnavailableError(f"data file not found: {path}", field="data") from None
    except (ValueError, StopIteration) as exc:
        raise TableError(f"malformed CSV {path.name}: {exc}", field="data") from None
    return labels, header[1:], np.array(values, dtype=np.float64)


def column(rows: Sequence[dict[str, str]], name: str, source: str) -> FloatArray:
    """One numeric column of :func:`read_rows` output."""
    try:
        return np.array([float(r[name]) for r in rows], dtype=np.float64)
    except (KeyError, ValueError) as exc:
        raise TableError(f"bad column {name!r} in {source}: {exc}", field="data") from None
