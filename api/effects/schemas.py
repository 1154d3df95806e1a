"""What ``POST /v1/impact`` accepts and answers."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from impact.effects import Basis, RegionalBasis, RegionalEffects
from impact.io import BOK_2023_ID
from impact.io.results import ModelKind
from impact.plan import Money, Proportion, RegionName, SectorCode, Year, at_most
from impact.report import Display

__all__ = [
    "EffectOut",
    "ImpactOut",
    "ImpactRequest",
    "SectorEffectOut",
]

MAX_DEMAND_ENTRIES = 10_000

Amount = int | float
"""Integer KRW when the table's money unit is known, else a number in the table's unit."""


class ImpactRequest(BaseModel):
    """A final-demand shock by sector, and the model to run it through."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    table: str = Field(default=BOK_2023_ID, min_length=1, max_length=100, description="table id")
    demand: Annotated[dict[SectorCode, Money], at_most(MAX_DEMAND_ENTRIES)] = Field(
        min_length=1,
        max_length=MAX_DEMAND_ENTRIES,
        description="final demand for domestic products by sector code, in won (e.g. 100억, "
        "'₩10B', 10000000000); in the table's own unit when it has no KRW per unit",
    )
    model: ModelKind = Field(default="type_i", description="'type_i' or 'type_ii'")
    region: RegionName | None = Field(
        default=None,
        description="one of Korea's 17 regions, by key, Korean or English name ('busan', "
        "'부산', '부산광역시', 'Busan Metropolitan City', 'Gyeonggi-do'): splits production, "
        "value added and jobs between the region and the rest of Korea and takes jobs from "
        "its BOK 2020 coefficients (bok-2023 only; GET /v1/regions lists them)",
    )
    regional_basis: RegionalBasis = Field(
        default="national_2023",
        description="'national_2023' (default): the 2023 national totals split by the BOK 2020 "
        "in-region shares; 'bok_2020': the 2020 regional coefficients' own figures, unscaled "
        "(₩1bn in one sector reproduces BOK's coefficients; Type I only)",
    )
    price_year: Year | None = Field(
        default=None,
        description="year of the demand's won, to restate them for the 2020 jobs coefficients "
        "(GDP deflator); absent: taken as they are",
    )
    basis: Basis = Field(
        default="domestic",
        description="'domestic' (default: the demand is final demand for domestic products, "
        "BOK's convention) or 'purchaser' (purchases: each sector's imports taken out first, "
        "as the audit does by default)",
    )
    local_share: Proportion = Field(
        default=1.0,
        ge=0,
        le=1,
        allow_inf_nan=False,
        description="ℓ, share of the spending placed in the region [-] (the rest leaks to the "
        "rest of Korea; national totals unchanged)",
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
    production_taxes: EffectOut | None = Field(
        description="net taxes on production (a part of value added)"
    )
    income: EffectOut | None
    jobs: EffectOut | None = Field(description="[persons]; null without an employment vector")


class ImpactOut(_Out):
    """``POST /v1/impact``: totals and by-sector effects of a demand vector."""

    table: str
    model: ModelKind
    unit: str = Field(description="'KRW' (integers) or the table's money unit")
    demand_total: Amount
    totals: dict[str, EffectOut | None] = Field(
        description="output, value_added, imports, product_taxes, income [unit]; jobs "
        "[persons] from a table's own employment vector; null when the table lacks the data"
    )
    jobs: float | None = Field(
        description="job-years induced [persons]: the table's own employment vector, the "
        "region's BOK 2020 coefficients, or the national proxy; null without coefficients"
    )
    jobs_basis: Display | None = Field(description="which coefficients gave `jobs`")
    display: dict[str, Display] = Field(description="money totals for people (KRW tables)")
    sectors: list[SectorEffectOut]
    regional: RegionalEffects | None = Field(description="null without `region`")
    notes: list[Display]
