"""A sweep streamed to the client as it is computed: JSON lines or CSV, a slice at a time.

``POST /v1/sweeps`` with ``Accept: application/x-ndjson`` (``?format=ndjson``) or
``text/csv`` (``?format=csv``) answers any sweep up to the 100,000-row limit without
building the whole answer: the rows are computed :data:`runner.work.SWEEP_CHUNK` (5,000)
at a time, one batched :func:`~impact.scenario.sweep.run_sweep` per slice in a worker
thread, off the event loop -- the same slices as the JSON answer and a job, so every row
is the same to the last bit -- and each slice is encoded and handed to the server before
the next is computed. The server's ASGI ``send`` waits while the client is slow to read,
so about one slice is held at a time, whatever the sweep's length. A grid is expanded a
slice at a time too (:class:`~impact.scenario.grid.GridSpace`).

* **JSON lines** (``application/x-ndjson``): one row per line, each exactly the row of
  the JSON answer (the same :class:`~api.sweeps.schemas.SweepRow`, the same encoder);
  then a last line ``{"count": N, "notes": [...]}``: the rest of the JSON answer.
* **CSV** (``text/csv``): byte for byte the CSV export of the same sweep (header from the
  rows' parameters, typed cells, UTF-8 with a byte-order mark, formula-like text
  prefixed), as an attachment.

The first slice is computed before the response starts, so an error in it (and every
error of the request itself) is a normal problem+json 4xx. An error in a later slice
(a row whose adjustment does not fit its plan) cannot change the status any more: the
JSON lines end with a problem document as their last line (it has ``status``, not
``count``), the CSV is cut off -- the connection is closed before the end of the chunked
body, which every HTTP client reports as an incomplete answer. A client that goes away
stops the computation at the end of the slice being computed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import weakref
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any, Final, Literal

import anyio
import anyio.to_thread
import msgspec
from litestar import Request, Response
from litestar.response import Stream

from api.errors import impact_error_handler
from api.exports.negotiate import CSV_MEDIA_TYPE, NDJSON_MEDIA_TYPES, content_disposition
from api.sweeps.schemas import SweepRow
from impact.errors import ImpactError
from impact.export import csv_header, flatten, sweep_columns, sweep_csv_rows
from impact.plan import Plan
from impact.scenario.adjustments import Adjustment
from impact.scenario.grid import GridSpace
from impact.scenario.state import ModelFor
from impact.scenario.sweep import SweepResult, row_parameters, run_sweep, sweep_rows
from runner import work

__all__ = ["NDJSON_MEDIA_TYPE", "RowSource", "StreamFormat", "SweepStream"]

logger = logging.getLogger("impact.api")

NDJSON_MEDIA_TYPE: Final = NDJSON_MEDIA_TYPES[0]
SLICES_AT_ONCE: Final = 2
"""Slices computed at the same time by one process, across all its streams: more streams
wait their turn (holding no rows) rather than each holding a slice in memory."""
_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)


def _limiter() -> anyio.CapacityLimiter:
    """This event loop's limiter of :data:`SLICES_AT_ONCE` (made on first use)."""
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = anyio.CapacityLimiter(SLICES_AT_ONCE)
    return limiter


PART: Final = 1_000
"""Rows encoded and handed to the server at a time (≈ 0.74 MB of JSON lines)."""
StreamFormat = Literal["ndjson", "csv"]
_encoder = msgspec.json.Encoder()

Slice = tuple[
    Sequence[Sequence[Adjustment]], Sequence[Sequence[str]] | None, Sequence[dict[str, Any]] | None
]
"""Rows of a slice, their error paths (a grid's) and their parameters (a grid's)."""
Computed = tuple[
    SweepResult, Sequence[dict[str, Any]] | None, Sequence[Sequence[Adjustment]] | None
]
"""A computed slice: its columns, and its parameters (a grid's) or its rows (a list's)."""


@dataclasses.dataclass(frozen=True)
class RowSource:
    """The rows of a sweep, a slice at a time, and their parameters (for a CSV header)."""

    count: int
    between: Callable[[int, int], Slice]
    parameters: Callable[[], Sequence[dict[str, Any]] | Any]
    """Every row's parameters in order (an iterable read once), or a shorter list that gives
    the same CSV columns."""

    @classmethod
    def of_grid(cls, space: GridSpace) -> RowSource:
        """A grid: its rows expanded a slice at a time."""

        def between(start: int, stop: int) -> Slice:
            grid = space.rows_between(start, stop)
            return grid.rows, grid.paths, grid.parameters

        return cls(len(space), between, lambda: _grid_parameters(space))

    @classmethod
    def of_rows(cls, rows: Sequence[Sequence[Adjustment]]) -> RowSource:
        """An explicit list of rows (each a list of adjustments)."""
        return cls(
            len(rows),
            lambda start, stop: (rows[start:stop], None, None),
            lambda: (row_parameters(row) for row in rows),
        )


def _grid_parameters(space: GridSpace) -> Any:
    """The parameters that decide a grid's CSV columns: the first row's when every value of
    every key flattens to the same columns (numbers, text: the usual grid), else every
    row's, a slice at a time."""

    def shape(value: Any) -> tuple[tuple[str, bool], ...]:
        return tuple((k, v is None) for k, v in flatten(value, "p").items())

    uniform = all(len({shape(chosen) for _, chosen in choices}) == 1 for choices in space.options)
    if uniform:
        return space.rows_between(0, 1).parameters

    def every() -> Any:
        step = work.SWEEP_CHUNK
        for start in range(0, len(space), step):
            yield from space.rows_between(start, start + step).parameters

    return every()


class SweepStream:
    """One streamed sweep: :meth:`response` computes the first slice, then streams the rest."""

    def __init__(
        self,
        *,
        plan: Plan,
        source: RowSource,
        base: Sequence[Adjustment],
        field: str,
        model_for: ModelFor,
        fmt: StreamFormat,
        chunk: int | None = None,
    ) -> None:
        self.plan = plan
        self.source = source
        self.base = base
        self.field = field
        self.model_for = model_for
        self.fmt = fmt
        self.chunk = chunk or work.SWEEP_CHUNK
        self.columns: tuple[str, ...] = ()
        self.notes: dict[str, None] = {}

    def _compute(self, start: int) -> Computed:
        """Rows ``start`` to ``start + chunk - 1`` computed (in a worker thread): their
        columns, their parameters (a grid's) and their rows (for the parameters of a list)."""
        rows, paths, parameters = self.source.between(start, start + self.chunk)
        result = run_sweep(
            self.plan, rows, base=self.base, model_for=self.model_for, paths=paths,
            field=self.field, row_offset=start,
        )  # fmt: skip
        self.notes.update(dict.fromkeys(result.notes))
        return result, parameters, None if parameters is not None else rows

    def _encode(self, computed: Computed, a: int, b: int) -> bytes:
        """Rows ``a`` to ``b - 1`` of a computed slice, encoded (in a worker thread)."""
        result, parameters, rows = computed
        part = SweepResult(
            columns={name: values[a:b] for name, values in result.columns.items()},
            investment=result.investment[a:b],
            notes=result.notes,
        )
        dicts = sweep_rows(
            part,
            parameters=None if parameters is None else parameters[a:b],
            rows=None if rows is None else rows[a:b],
        )
        if self.fmt == "csv":
            return sweep_csv_rows(self.columns, dicts)
        return _encoder.encode_lines([SweepRow(**row) for row in dicts])

    async def _slice(self, start: int) -> AsyncIterator[bytes]:
        """A slice computed in one worker-thread call, then encoded and sent in parts of
        :data:`PART` rows (each part in a worker thread): a part's rows, not the slice's,
        are what is held as Python objects and bytes at a time."""
        computed = await anyio.to_thread.run_sync(self._compute, start, limiter=_limiter())
        count = len(computed[0])
        for a in range(0, count, PART):
            yield await anyio.to_thread.run_sync(self._encode, computed, a, min(a + PART, count))

    async def response(self, request: Request[Any, Any, Any], stem: str) -> Response[Any]:
        """The streamed answer; errors of the request and of the first slice raise here."""
        if self.fmt == "csv":
            self.columns = await anyio.to_thread.run_sync(
                lambda: sweep_columns(self.source.parameters())
            )
        first = await anyio.to_thread.run_sync(self._compute, 0, limiter=_limiter())
        headers: dict[str, str] = {}
        if self.fmt == "csv":
            headers["Content-Disposition"] = content_disposition(stem, "csv")
            media_type = CSV_MEDIA_TYPE  # Litestar adds "; charset=utf-8"
        else:
            media_type = NDJSON_MEDIA_TYPE
        stream: Response[Any] = Stream(
            self._body(request, first), media_type=media_type, headers=headers
        )
        return stream

    async def _body(self, request: Request[Any, Any, Any], first: Computed) -> AsyncIterator[bytes]:
        if self.fmt == "csv":
            yield csv_header(self.columns)
        count = len(first[0])
        for a in range(0, count, PART):
            yield await anyio.to_thread.run_sync(self._encode, first, a, min(a + PART, count))
        del first
        start = self.chunk
        try:
            for start in range(self.chunk, self.source.count, self.chunk):
                async for part in self._slice(start):
                    yield part
        except ImpactError as exc:
            logger.info("sweep stream stopped at row %d: %s", start, exc)
            if self.fmt == "csv":
                raise  # the connection is closed before the end of the body
            problem = impact_error_handler(request, exc).content
            yield _encoder.encode(problem) + b"\n"
            return
        if self.fmt == "ndjson":
            yield _encoder.encode({"count": self.source.count, "notes": list(self.notes)}) + b"\n"
