"""Saved scenarios in the database: every query of the ``scenarios`` table is here.

A scenario is saved as its definition (a snapshot of the base plan and the
adjustments); its result is computed again whenever it is read, by the same
engine as ``POST /v1/scenarios``.

``owner`` holds the key id of the API key that saved a scenario (``None`` when no keys
were configured). Delete takes a ``may_change(owner)`` predicate and checks it on the row
it locks, inside its own write transaction, as for saved plans.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from uuid import uuid4

from pydantic import TypeAdapter
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.session import write_transaction
from api.db.storage import ensure_room, fits_in_page, off_the_loop, size_of
from api.scenarios.models import ScenarioRow
from api.scenarios.schemas import ScenarioPage, ScenarioRecord
from impact.errors import NotFoundError, PermissionDeniedError
from impact.plan import Plan
from impact.scenario.adjustments import Adjustment

__all__ = ["create_scenario", "delete_scenario", "get_scenario", "list_scenarios"]

_ADJUSTMENTS: TypeAdapter[list[Adjustment]] = TypeAdapter(list[Adjustment])

OwnerCheck = Callable[[str | None], bool]
"""``may_change(owner)``: whether the caller may delete a scenario with this owner."""


def _anyone(_owner: str | None) -> bool:
    return True


def _not_found(scenario_id: str) -> NotFoundError:
    shown = scenario_id if len(scenario_id) <= 100 else scenario_id[:100] + "…"
    return NotFoundError(
        f"no saved scenario has the id {shown!r}",
        field="id",
        message_ko=f"id가 {shown!r}인 저장된 시나리오가 없습니다",
    )


def _record(row: ScenarioRow) -> ScenarioRecord:
    return ScenarioRecord(
        id=row.id,
        name=row.name,
        plan_id=row.plan_id,
        city=row.city,
        adjustments=_ADJUSTMENTS.validate_json(row.adjustments),
        created_at=row.created_at,
    )


async def create_scenario(
    session: AsyncSession,
    *,
    plan: Plan,
    adjustments: Sequence[Adjustment],
    name: str | None,
    plan_id: str | None,
    owner: str | None = None,
) -> ScenarioRecord:
    """Save a scenario under a new id (a UUID4), owned by ``owner`` (a key id or none)."""
    document = plan.model_dump_json()
    listed = _ADJUSTMENTS.dump_json(list(adjustments), by_alias=True).decode()
    row = ScenarioRow(
        id=str(uuid4()),
        name=name,
        plan_id=plan_id,
        city=plan.city,
        plan_document=document,
        adjustments=listed,
        created_at=datetime.now(UTC),
        size=size_of(document, listed),
        owner=owner,
    )
    if session.in_transaction():  # the read of a referenced plan; nothing to write
        await session.commit()
    async with write_transaction(session):
        await ensure_room(session, owner, row.size)
        session.add(row)
    return _record(row)


async def get_scenario(session: AsyncSession, scenario_id: str) -> tuple[ScenarioRecord, Plan]:
    """The saved scenario and its base plan; :class:`NotFoundError` naming ``id``."""
    row = await session.get(ScenarioRow, scenario_id)
    if row is None:
        raise _not_found(scenario_id)
    return await off_the_loop(
        row.size, lambda: (_record(row), Plan.model_validate_json(row.plan_document))
    )


async def list_scenarios(session: AsyncSession, *, limit: int, offset: int) -> ScenarioPage:
    """A page of saved scenarios ordered by ``created_at`` then ``id``: at most ``limit``
    and the page's byte budget (:mod:`api.db.storage`)."""
    total = await session.scalar(select(func.count()).select_from(ScenarioRow)) or 0
    order = (ScenarioRow.created_at, ScenarioRow.id)
    sized = (
        await session.execute(
            select(ScenarioRow.id, ScenarioRow.size).order_by(*order).limit(limit).offset(offset)
        )
    ).all()
    ids = [found for found, _ in sized[: fits_in_page(session, [s for _, s in sized])]]
    rows: Sequence[ScenarioRow] = []
    if ids:
        chosen = select(ScenarioRow).where(ScenarioRow.id.in_(ids)).order_by(*order)
        rows = (await session.scalars(chosen)).all()
    after = offset + len(ids)
    items = await off_the_loop(sum(r.size for r in rows), lambda: [_record(r) for r in rows])
    return ScenarioPage(
        items=items, total=total, limit=limit, offset=offset,
        next_offset=after if after < total else None,
    )  # fmt: skip


async def _check_owner(session: AsyncSession, scenario_id: str, may_change: OwnerCheck) -> None:
    """Lock the row of ``scenario_id``; :class:`NotFoundError` or :class:`PermissionDeniedError`."""
    found = (
        await session.execute(
            select(ScenarioRow.owner).where(ScenarioRow.id == scenario_id).with_for_update()
        )
    ).one_or_none()
    if found is None:
        raise _not_found(scenario_id)
    if not may_change(found.owner):
        whose = "saved with no API key" if found.owner is None else "saved with another API key"
        msg = f"scenario {scenario_id!r} is {whose}: only the key that saved it may delete it"
        ko_whose = "API 키 없이" if found.owner is None else "다른 API 키로"
        ko = (
            f"시나리오 {scenario_id!r}은(는) {ko_whose} 저장되었습니다: 저장한 키만 지울 수 "
            "있습니다"
        )
        raise PermissionDeniedError(msg, field="id", message_ko=ko)


async def delete_scenario(
    session: AsyncSession, scenario_id: str, *, may_change: OwnerCheck = _anyone
) -> None:
    """Delete a saved scenario; :class:`NotFoundError` or :class:`PermissionDeniedError`."""
    async with write_transaction(session):
        await _check_owner(session, scenario_id, may_change)
        deleted = await session.scalar(
            delete(ScenarioRow).where(ScenarioRow.id == scenario_id).returning(ScenarioRow.id)
        )
        if deleted is None:
            raise _not_found(scenario_id)
