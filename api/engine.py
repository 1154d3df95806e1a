"""The service's ``model_for(table_id)``: which input-output model a table id means.

Scenarios, sweeps and Monte Carlo runs take a resolver from table id to a factorised
:class:`~impact.io.IOModel` (:data:`impact.scenario.state.ModelFor`). The core knows
``bok-2023``; the tables a request names with a ``table`` adjustment -- uploaded or
regionalised, stored in the database -- are looked up here before the core runs
(:func:`resolver_for`), so that the ``table {id}`` adjustment takes them as the README
says. The resolver holds the models themselves (:class:`KnownTables`): it is a plain
picklable object, so a Dask worker in another process gets them with the task.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncSession

from api.tables.store import TableStore
from impact.errors import LimitExceededError, NotFoundError
from impact.io import BOK_2023_ID, IOModel
from impact.scenario.adjustments import Adjustment, TableChoice
from impact.scenario.state import ModelFor, default_model_for

__all__ = ["MAX_TABLES_PER_REQUEST", "KnownTables", "model_for", "resolver_for", "table_ids"]

MAX_TABLES_PER_REQUEST: Final = 8
"""Most distinct stored tables one request may name: each may be built and factorised."""


def model_for(table_id: str) -> IOModel:
    """The model of ``table_id`` the core knows; :class:`NotFoundError` (field ``table``)."""
    return default_model_for(table_id)


@dataclasses.dataclass(frozen=True)
class KnownTables:
    """``model_for`` that knows some stored tables besides the core's (picklable)."""

    models: Mapping[str, IOModel]

    def __call__(self, table_id: str) -> IOModel:
        model = self.models.get(table_id)
        if model is not None:
            return model
        if table_id == BOK_2023_ID:
            return default_model_for(table_id)
        raise NotFoundError(
            f"unknown table {table_id!r}: neither {BOK_2023_ID!r} nor an uploaded or "
            "regionalised table (GET /v1/tables lists them)",
            field="table",
            message_ko=f"알 수 없는 표 {table_id!r}입니다: {BOK_2023_ID!r}도, 올리거나 지역화한 "
            "표도 아닙니다 (GET /v1/tables에 목록이 있습니다)",
        )


def table_ids(
    adjustments: Iterable[Adjustment] = (),
    rows: Iterable[Sequence[Adjustment]] = (),
    grid: Mapping[str, Sequence[Any]] | None = None,
) -> set[str]:
    """The table ids named by ``table`` adjustments, sweep rows and a grid's ``table.id``."""
    found = {a.id for a in adjustments if isinstance(a, TableChoice)}
    found |= {a.id for row in rows for a in row if isinstance(a, TableChoice)}
    if grid is not None:
        found |= {v for v in grid.get("table.id", ()) if isinstance(v, str)}
    found.discard(BOK_2023_ID)
    return found


async def resolver_for(
    store: TableStore, session: AsyncSession, ids: Iterable[str], field: str
) -> ModelFor:
    """A resolver that knows the stored tables among ``ids``; unknown ids are left for the
    core to refuse, naming the adjustment. More than :data:`MAX_TABLES_PER_REQUEST`
    distinct ids: :class:`LimitExceededError` naming ``field``."""
    wanted = sorted(set(ids) - {BOK_2023_ID})
    if not wanted:
        return model_for
    if len(wanted) > MAX_TABLES_PER_REQUEST:
        raise LimitExceededError(
            f"the request names {len(wanted)} tables; at most {MAX_TABLES_PER_REQUEST} "
            "distinct tables per request",
            field=field,
            message_ko=f"요청에 표가 {len(wanted)}개 있습니다. 한 요청에는 서로 다른 표를 "
            f"{MAX_TABLES_PER_REQUEST}개까지 쓸 수 있습니다",
        )
    models: dict[str, IOModel] = {}
    for table_id in wanted:
        try:
            models[table_id] = (await store.get(session, table_id)).model
        except NotFoundError:
            continue
    return KnownTables(models)
