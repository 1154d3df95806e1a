"""A plan given inline or by the id of a saved plan, in any request that takes plans.

``{"id": "sejong-2024"}`` refers to a saved plan; any other object is an inline
plan. The two are a tagged union whose tags (``<ref>``, ``<plan>``) never appear
in error paths (see :func:`api.errors._field_path`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag
from sqlalchemy.ext.asyncio import AsyncSession

from api.plans.repository import get_plan
from impact.errors import NotFoundError
from impact.plan import Plan
from impact.validation import suggest_field

__all__ = [
    "MAX_ID_LENGTH",
    "PlanOrRef",
    "PlanRef",
    "names_saved_plan",
    "resolve_plan",
    "resolve_plans",
]

MAX_ID_LENGTH = 100


class PlanRef(BaseModel):
    """A reference to a saved plan."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, max_length=MAX_ID_LENGTH, description="id of a saved plan")


_PLAN_KEYS = frozenset(info.alias or name for name, info in Plan.model_fields.items())
_MAX_REF_KEYS = 4  # a reference with a typo has a key or two; a big object is a plan


def names_saved_plan(value: dict[Any, Any]) -> bool:
    """Whether ``value`` is meant as ``{"id": ...}``: no field of a plan, and ``id`` or a key
    that misspells it (``idd``, ``Id``), whose error then names that key and ``id`` rather
    than the plan's missing ``city`` and ``investment``."""
    if len(value) > _MAX_REF_KEYS or any(key in _PLAN_KEYS for key in value):
        return False
    return any(isinstance(key, str) and suggest_field(PlanRef, (key,)) == "id" for key in value)


def _kind(value: Any) -> str:
    is_ref = isinstance(value, PlanRef) or (
        isinstance(value, dict) and ("id" in value or names_saved_plan(value))
    )
    return "<ref>" if is_ref else "<plan>"


PlanOrRef = Annotated[
    Annotated[PlanRef, Tag("<ref>")] | Annotated[Plan, Tag("<plan>")], Discriminator(_kind)
]
"""An inline plan, or ``{"id": ...}`` naming a saved one."""


async def resolve_plan(session: AsyncSession, item: PlanRef | Plan, field: str) -> tuple[str, Plan]:
    """``(label, plan)``: the label is the saved id, or the city of an inline plan.

    Raises :class:`NotFoundError` naming ``<field>.id`` for an unknown id.
    """
    if isinstance(item, Plan):
        return item.city, item
    try:
        return item.id, await get_plan(session, item.id)
    except NotFoundError as exc:
        raise exc.with_field_prefix(field) from None


async def resolve_plans(
    session: AsyncSession, items: Sequence[PlanRef | Plan], field: str = "plans"
) -> list[tuple[str, Plan]]:
    """Resolve every item of a list, naming ``<field>.<i>.id`` for an unknown id."""
    return [await resolve_plan(session, item, f"{field}.{i}") for i, item in enumerate(items)]
