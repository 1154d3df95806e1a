"""What ``/v1/scenarios`` accepts and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from api.plans.refs import PlanOrRef
from impact.plan import JsonBool, at_most
from impact.scenario.adjustments import Adjustment
from impact.scenario.result import ScenarioResult

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_ADJUSTMENTS",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "ScenarioPage",
    "ScenarioRecord",
    "ScenarioRequest",
    "ScenarioResponse",
]

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000_000
"""Largest ``offset`` of a page: far beyond any scenario count, far below a 64-bit overflow."""
MAX_ADJUSTMENTS = 100


class ScenarioRequest(BaseModel):
    """A base plan (inline or a saved plan's id) and the adjustments to apply, in order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    plan: PlanOrRef = Field(description="an inline plan, or {'id': ...} of a saved plan")
    adjustments: Annotated[list[Adjustment], at_most(MAX_ADJUSTMENTS)] = Field(
        default_factory=list,
        max_length=MAX_ADJUSTMENTS,
        description="applied first to last; each is tagged by 'type'",
    )
    save: JsonBool = Field(default=False, description="true: save the scenario (201 with its id)")
    name: str | None = Field(
        default=None, min_length=1, max_length=200, description="a name for a saved scenario"
    )


class ScenarioRecord(BaseModel):
    """A saved scenario: its definition, without the computed result."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(description="a UUID4")
    name: str | None
    plan_id: str | None = Field(description="the saved plan it was made from, if any")
    city: str
    adjustments: list[Adjustment]
    created_at: datetime = Field(description="when it was saved (UTC)")


class ScenarioResponse(ScenarioResult):
    """Baseline vs scenario; with the saved scenario's id when it was saved."""

    id: str | None = Field(default=None, description="id of the saved scenario; null if unsaved")
    name: str | None = None
    plan_id: str | None = Field(default=None, description="saved plan the base plan came from")
    adjustments: list[Adjustment] = Field(description="the adjustments applied, in order")
    created_at: datetime | None = Field(default=None, description="when it was saved (UTC)")


class ScenarioPage(BaseModel):
    """One page of saved scenarios, oldest first (then by id)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    items: list[ScenarioRecord]
    total: int = Field(ge=0, description="number of saved scenarios matching, on all pages")
    limit: int = Field(ge=1, le=MAX_LIMIT)
    offset: int = Field(ge=0, le=MAX_OFFSET)
    next_offset: int | None = Field(
        default=None,
        ge=0,
        description="offset of the next page (pages hold about 1 MiB); null: the last page",
    )
