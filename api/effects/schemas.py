"""What ``POST /v1/impact`` accepts and answers."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from impact.io import BOK_2023_ID
from impact.io.regional import Region
from impact.io.results import ModelKind
from impact.plan import Money, SectorCode
from impact.report import Display

__all__ = [
    "EffectOut",
    "ImpactOut",
    "ImpactRequest",
    "RegionalOut",
    "RegionalPartOut",
    "SectorEffectOut",
]

MAX_DEMAND_ENTRIES = 10_000

Amount = int | float
"""Integer KRW when the table's money unit is known, else a number in the table's unit."""


class ImpactRequest(BaseModel):
    """A final-demand shock by sector, and the model to run it through."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    table: str = Field(default=BOK_2023_ID, min_length=1, max_length=100, description="table id")
    demand: dict[SectorCode, Money] = Field(
        min_length=1,
        max_length=MAX_DEMAND_ENTRIES,
        description="final demand for domestic products by sector code, in won (e.g. 100억, "
        "'₩10B', 10000000000); in the table's own unit when it has no KRW per unit",
    )
    model: ModelKind = Field(default="type_i", description="'type_i' or 'type_ii'")
    region: Region | None = Field(
        default=None,
        description="'sejong' or 'daejeon': split production, value added and jobs between the "
        "city and the rest of Korea (BOK 2020 regional coefficients; bok-2023 only)",
    )


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EffectOut(_Out):
    """One effect split direct / indirect / induced (induced null for Type I)."""

    direct: Amount
    indirect: Amount
    induced: Amount | None
    total: Amount


class SectorEffectOut(_Out):
    """Effects in one sector (where output is produced, not where demand was placed)."""

    code: str
    name_ko: str = Field(description="the table's (Korean) name of the sector")
    name_en: str = Field(description="English name (the table's name when it has none)")
    demand: Amount
    output: EffectOut
    value_added: EffectOut
    imports: EffectOut
    product_taxes: EffectOut | None
    income: EffectOut | None
    jobs: EffectOut | None = Field(description="[persons]; null without an employment vector")


class RegionalPartOut(_Out):
    """One effect in the city and in the rest of Korea."""

    in_region: Amount
    rest_of_korea: Amount
    total: Amount
    in_region_share: float | None


class RegionalOut(_Out):
    """BOK 2020 regional coefficients applied to the demand placed in the city."""

    region: Region
    production: RegionalPartOut = Field(description="[KRW]")
    value_added: RegionalPartOut = Field(description="[KRW]")
    jobs: RegionalPartOut = Field(description="[persons]")
    excluded: dict[str, int] = Field(
        description="demand in sectors with no output in the city [KRW]; not counted"
    )
    caveat: str


class ImpactOut(_Out):
    """``POST /v1/impact``: totals and by-sector effects of a demand vector."""

    table: str
    model: ModelKind
    unit: str = Field(description="'KRW' (integers) or the table's money unit")
    demand_total: Amount
    totals: dict[str, EffectOut | None] = Field(
        description="output, value_added, imports, product_taxes, income [unit]; jobs "
        "[persons]; null when the table lacks the data"
    )
    display: dict[str, Display] = Field(description="money totals for people (KRW tables)")
    sectors: list[SectorEffectOut]
    regional: RegionalOut | None
    notes: list[str]
