"""Output models of the audit (frozen pydantic, like :mod:`impact.report`)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from impact.audit.status import Status
from impact.effects import RegionalEffects, RegionRef
from impact.io.results import ModelKind
from impact.plan import Plan
from impact.report import Display, FlagReport

__all__ = [
    "AllocatedSector",
    "AllocationReport",
    "AuditReport",
    "Check",
    "CheckCode",
    "Figure",
    "PublishedReference",
    "SectorFigure",
    "SectorRange",
    "Verdict",
]

CheckCode = Literal[
    "arithmetic",
    "value_added_per_won",
    "production_multiplier",
    "value_added_ratio",
    "jobs_per_billion_krw",
    "total_effect",
    "regional_share",
]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Figure(_Out):
    """A figure for the plan: per unit spent and in total."""

    per_unit: float = Field(
        description="per won spent [KRW/KRW], or per ₩1bn spent [persons/₩1bn] for jobs"
    )
    total: int | float = Field(description="integer KRW for money, persons for jobs")
    display: Display


class SectorFigure(Figure):
    """A single sector's figure: what the plan would give if all of it went to this sector."""

    code: str
    name_ko: str
    name_en: str
    note: str | None = None


class SectorRange(_Out):
    """The lowest and highest single-sector figure, and the Type II ceiling."""

    min: SectorFigure
    max: SectorFigure
    ceiling: SectorFigure | None = Field(
        description="highest single-sector figure with household re-spending (Type II): above "
        "it a claim is implausible"
    )


class PublishedReference(_Out):
    """BOK's published whole-economy figure, with its source for citation."""

    coefficient: str
    value: float
    unit: str
    table_year: int
    bok_table: str
    source_title: str
    source_url: str
    note: str
    implied: Figure = Field(description="the published average applied to the plan's spending")


class Check(_Out):
    """One claim against the model."""

    code: CheckCode
    title: Display
    unit: str
    claimed: Figure | None = None
    model: Figure | None = Field(
        default=None, description="the model's figure for the plan's allocation (audit model)"
    )
    model_type_ii: Figure | None = Field(
        default=None, description="the same with induced household spending (Type II)"
    )
    range: SectorRange | None = None
    economy_wide: Figure | None = Field(
        default=None, description="this model's whole-economy average applied to the spending"
    )
    published: PublishedReference | None = None
    claimed_to_model: float | None = Field(default=None, description="claimed ÷ model [-]")
    status: Status | None = Field(description="null when there is nothing to judge")
    basis: str = Field(description="where the model figure comes from")
    explanation: Display


class AllocatedSector(_Out):
    """One sector of the allocation."""

    code: str
    name_ko: str
    name_en: str
    share: float
    amount: int = Field(description="[KRW]")
    display: Display


class AllocationReport(_Out):
    """The allocation the model figures are for."""

    basis: Literal["stated", "assumed", "absent"]
    notes: str | None
    sectors: list[AllocatedSector]


class Verdict(_Out):
    """The overall judgement, quotable as is."""

    status: Status | None
    en: str
    ko: str


class AuditReport(_Out):
    """``POST /v1/audit``: a plan's claims judged against an input-output model."""

    plan: Plan
    table: str
    model: ModelKind
    region: RegionRef | None = Field(
        description="the region the plan is analysed for (named, or resolved from its city)"
    )
    region_how: Display = Field(description="how the region was chosen, or why there is none")
    allocation: AllocationReport
    verdict: Verdict
    checks: list[Check]
    flags: list[FlagReport]
    regional: RegionalEffects | None = Field(
        description="in the plan's region vs the rest of Korea; null without a region or an "
        "allocation"
    )
    thresholds: dict[str, str]
    caveats: list[Display]
    recipe: dict[str, str]
    provenance: dict[str, str]
