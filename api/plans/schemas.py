"""What the ``/v1/plans`` endpoints answer."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from impact.plan import Plan

__all__ = ["PlanPage", "PlanRecord", "etag"]

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000_000
"""Largest ``offset`` of a page: far beyond any plan count, far below a 64-bit overflow."""


def etag(version: int) -> str:
    """The ``ETag`` of a saved plan at ``version``: the version, quoted (``"3"``). One
    version is one document, so the tag is strong."""
    return f'"{version}"'


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PlanRecord(_Out):
    """A saved plan with its id, timestamps and version."""

    id: str = Field(
        description="'sejong-2024', 'daejeon-2018' for the shipped plans; a UUID4 for saved ones",
        examples=["sejong-2024", "6f1c2b9e-4d0a-4c7e-9a51-2f0e8b3d7c10"],
    )
    plan: Plan
    created_at: datetime = Field(description="when the plan was first saved (UTC)")
    updated_at: datetime = Field(description="when the plan was last replaced (UTC)")
    version: int = Field(ge=1, description="1 when created, +1 each time the plan is replaced")


class PlanPage(_Out):
    """One page of saved plans, oldest first (then by id): at most ``limit`` plans and about
    1 MiB of them (``IMPACT_LIST_PAGE_BYTES``, at least one plan); ``next_offset`` is where
    the next page starts (null on the last)."""

    items: list[PlanRecord]
    total: int = Field(ge=0, description="number of plans matching the filter, on all pages")
    limit: int = Field(ge=1, le=MAX_LIMIT, description="largest number of items on a page")
    offset: int = Field(
        ge=0, le=MAX_OFFSET, description="number of matching plans skipped before this page"
    )
    next_offset: int | None = Field(
        default=None, ge=0, description="offset of the next page; null: this is the last page"
    )
