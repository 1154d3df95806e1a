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
    "Band",
    "BenchmarkFigure",
    "Check",
    "CheckCode",
    "Figure",
    "PublishedReference",
    "Reading",
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
    "taxes",
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


class Band(_Out):
    """Where the model's figure for the plan lies when what the audit cannot know varies."""

    low: Figure
    high: Figure
    sources: list[str] = Field(
        description="what varies: the allocation (Dirichlet, concentration κ) and the budget "
        "basis (share θ of each purchase's imports, uniform on [0, 1])"
    )
    draws: int
    margin: float = Field(description="the model's own error added on both sides [-]")


class BenchmarkFigure(_Out):
    """An average figure per unit spent, and what it is weighted by."""

    key: str = Field(description="economy, government_consumption, government_gfcf or public")
    title: Display
    figure: Figure


class Reading(_Out):
    """One reading of an announced jobs figure: job-years, or positions held on average."""

    name: Literal["job_years", "positions"]
    model: Figure | None
    band: Band | None
    ceiling: Figure | None
    status: Status | None
    explanation: Display


class Check(_Out):
    """One claim against the model."""

    code: CheckCode
    title: Display
    unit: str
    claimed: Figure | None = None
    model: Figure | None = Field(
        default=None,
        description="the model's figure for the plan (audit model and basis); without an "
        "allocation, the public-spending benchmark",
    )
    model_type_ii: Figure | None = Field(
        default=None, description="the same with induced household spending (Type II)"
    )
    model_by_basis: dict[str, Figure] = Field(
        default_factory=dict,
        description="the audit model's figure (Type I or II, as ``model``) on each budget basis: "
        "'purchaser' (each sector's imports taken out) and 'domestic' (every purchase domestic "
        "output)",
    )
    band: Band | None = None
    range: SectorRange | None = None
    benchmarks: list[BenchmarkFigure] = Field(default_factory=list)
    economy_wide: Figure | None = Field(
        default=None, description="this model's whole-economy average applied to the spending"
    )
    published: PublishedReference | None = None
    readings: list[Reading] = Field(
        default_factory=list, description="jobs: against job-years and against positions"
    )
    likely_reading: Literal["job_years", "positions"] | None = Field(
        default=None, description="jobs: the reading nearer the claim (ratio on a log scale)"
    )
    claimed_to_model: float | None = Field(default=None, description="claimed ÷ model [-]")
    status: Status | None = Field(description="null when there is nothing to judge")
    basis: str = Field(description="where the model figure comes from")
    explanation: Display


class AllocatedSector(_Out):
    """One sector of the allocation, or one budget item that buys no output."""

    code: str
    name_ko: str
    name_en: str
    share: float
    amount: int = Field(description="[KRW]")
    display: Display
    purchase: bool = Field(
        default=True,
        description="false for land, transfers, wages, reserves and other items the model does "
        "not count as final demand",
    )


class AllocationReport(_Out):
    """The allocation the model figures are for."""

    basis: Literal["stated", "assumed", "absent"]
    notes: str | None
    sectors: list[AllocatedSector]
    purchases: int = Field(description="the investment less the non-purchase items [KRW]")
    non_purchases: int = Field(description="land, transfers, wages, reserves, other [KRW]")


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
    basis: Literal["purchaser", "domestic"] = Field(
        description="the budget basis of the point estimates: 'purchaser' (default; each "
        "sector's imports taken out of the purchases) or 'domestic'"
    )
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
