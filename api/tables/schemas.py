"""What the ``/v1/tables`` endpoints accept and answer."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from impact.io.lq import LQMethod
from impact.io.results import ModelKind
from impact.plan import NotBoolean, SectorCode

__all__ = [
    "MAX_OFFSET",
    "MAX_UPLOAD_SECTORS",
    "Derivation",
    "EconomyWideOut",
    "LocationQuotients",
    "MultipliersOut",
    "Origin",
    "Part",
    "PublishedComparison",
    "RegionalizeRequest",
    "RegionalizeResponse",
    "SectorIn",
    "SectorMultipliersOut",
    "StoredTable",
    "TableDetail",
    "TablePage",
    "TableSummary",
    "TableUpload",
]

MAX_UPLOAD_SECTORS = 500
"""Largest uploaded table [sectors]. A 500 × 500 matrix is 250,000 numbers: about 5 MB of JSON
at full precision, within the 8 MiB body limit; its LU factorisation takes milliseconds."""

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000_000
"""Largest ``offset`` of a page: far beyond any table count, far below a 64-bit overflow."""

Finite = Annotated[float, NotBoolean, Field(allow_inf_nan=False)]
"""A number; NaN and ±Infinity are refused (they would poison every multiplier), and so are
booleans. (Not pydantic's ``strict``: Litestar validates with ``strict=False``, which
overrides it.)"""
NonNegative = Annotated[float, NotBoolean, Field(allow_inf_nan=False, ge=0)]
Vector = list[Finite]
Origin = Literal["shipped", "uploaded", "derived"]
Part = Literal["given", "derived", "absent"]


class _In(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SectorIn(_In):
    """One sector of an uploaded table."""

    code: SectorCode = Field(description="unique code, e.g. '62'")
    name: str = Field(min_length=1, max_length=200)
    name_en: str | None = Field(default=None, max_length=200, description="default: name")


class TableUpload(_In):
    """An input-output table in domestic flows (non-competitive imports), all money in ``unit``.

    Rows of ``intermediate`` are supplying sectors, columns purchasing sectors, both in the
    order of ``sectors``. Vectors have one entry per sector, in the same order.
    """

    name: str = Field(min_length=1, max_length=200)
    unit: str = Field(min_length=1, max_length=100, description="money unit, e.g. 'million KRW'")
    sectors: list[SectorIn] = Field(min_length=1)
    intermediate: list[Vector] = Field(
        description=f"Z, n × n [unit]: domestic intermediate flows; n ≤ {MAX_UPLOAD_SECTORS}"
    )
    total_output: Vector = Field(description="x > 0 [unit]")
    value_added: Vector | None = Field(
        default=None,
        description="[unit]; default x − Σ_i z_ij − imports_j − taxes_j (the column residual); "
        "when given, columns must balance within 0.01 %",
    )
    imports: Vector | None = Field(
        default=None, description="imported intermediates bought by each sector [unit]; default 0"
    )
    taxes: Vector | None = Field(
        default=None, description="net taxes on products paid by each sector [unit]; default none"
    )
    compensation: Vector | None = Field(
        default=None, description="compensation of employees [unit]; needed for income and Type II"
    )
    employment: list[NonNegative] | None = Field(
        default=None, description="persons employed by sector [persons]; needed for jobs"
    )
    household_consumption: Vector | None = Field(
        default=None,
        description="household consumption of domestic products [unit]; needed for Type II",
    )
    final_demand: Vector | None = Field(
        default=None, description="final demand for domestic products [unit]; default x − Σ_j z_ij"
    )
    krw_per_unit: Annotated[float, NotBoolean] | None = Field(
        default=None,
        gt=0,
        allow_inf_nan=False,
        description="won per unit (1e6 for million KRW); needed for won amounts and audits",
    )
    provenance: str | None = Field(
        default=None, max_length=4000, description="source and modifications, shown to users"
    )


class Derivation(_Out):
    """How a derived table was made from another."""

    table: str = Field(description="id of the national table")
    method: LQMethod
    delta: float | None = Field(description="FLQ δ; null for SLQ and CILQ")
    regional_employment: list[float]
    national_employment: list[float]


class StoredTable(TableUpload):
    """The document saved for an uploaded or derived table."""

    derived_from: Derivation | None = None


class TableSummary(_Out):
    """One table in a list."""

    id: str = Field(examples=["bok-2023", "6f1c2b9e-4d0a-4c7e-9a51-2f0e8b3d7c10"])
    name: str
    origin: Origin
    n: int = Field(description="number of sectors")
    unit: str
    created_at: datetime | None = Field(description="null for shipped tables")


class TablePage(_Out):
    """A page of tables: the shipped ones first, then uploads oldest first."""

    items: list[TableSummary]
    total: int = Field(ge=0)
    limit: int = Field(ge=1, le=MAX_LIMIT)
    offset: int = Field(ge=0, le=MAX_OFFSET)


class SectorOut(_Out):
    """One sector of a table."""

    code: str
    name: str
    name_en: str


class TableDetail(_Out):
    """A table's sectors, unit, provenance and which optional parts it has."""

    id: str
    name: str
    origin: Origin
    n: int
    unit: str
    krw_per_unit: float | None
    imports_basis: Literal["competitive_row", "noncompetitive_row"]
    sectors: list[SectorOut]
    parts: dict[str, Part] = Field(
        description="value_added, imports, taxes, compensation, employment, "
        "household_consumption, final_demand: given, derived (computed as a residual) or absent"
    )
    models: list[ModelKind] = Field(description="model types this table supports")
    provenance: str
    created_at: datetime | None
    derived_from: Derivation | None
    multipliers: str = Field(description="path of the table's multipliers")


class SectorMultipliersOut(_Out):
    """Multipliers of one sector: effects per unit of final demand for its product."""

    code: str
    name: str
    name_en: str
    output: float
    value_added: float
    imports: float
    product_taxes: float | None
    production_taxes: float | None = Field(
        description="net taxes on production (a part of value added) per unit of final demand"
    )
    income: float | None
    employment: float | None = Field(description="persons per unit of final demand")
    income_type_i: float | None = Field(description="Type I income multiplier (wᵀL)_j / w_j")
    employment_type_i: float | None = Field(description="Type I employment multiplier")
    output_type_ii: float | None = Field(
        default=None, description="Type II (total) output multiplier; type_ii only"
    )
    income_type_ii: float | None = Field(default=None, description="Type II income multiplier")
    employment_type_ii: float | None = Field(default=None)
    induced: dict[str, float | None] | None = Field(
        default=None, description="Type II − Type I by metric (household re-spending); type_ii"
    )


class PublishedComparison(_Out):
    """This model's whole-economy figure next to BOK's published one."""

    coefficient: str
    published: float
    model: float
    difference_pct: float
    table_year: int
    source_title: str
    source_url: str


class EconomyWideOut(_Out):
    """Whole-economy averages of the multipliers, weighted by final demand."""

    output: float | None
    value_added: float | None
    imports: float | None
    product_taxes: float | None
    production_taxes: float | None
    income: float | None
    employment: float | None
    weights: str
    weight_total: float = Field(description="Σ weights [unit]")
    published: list[PublishedComparison] = Field(
        description="BOK's published Type I figures for the table year (bok-2023, type_i)"
    )


class MultipliersOut(_Out):
    """``GET /v1/tables/{id}/multipliers``."""

    table: str
    model: ModelKind
    unit: str
    units: dict[str, str]
    sectors: list[SectorMultipliersOut]
    economy_wide: EconomyWideOut
    recipe: dict[str, str]


class RegionalizeRequest(_In):
    """A regional table from a national one by location quotients."""

    method: LQMethod = Field(description="'slq', 'cilq' or 'flq'")
    regional_employment: list[NonNegative] = Field(
        min_length=1, description="persons by sector in the region, table order"
    )
    national_employment: list[NonNegative] = Field(
        min_length=1, description="persons by sector in the nation, table order"
    )
    delta: Annotated[float, NotBoolean] = Field(
        default=0.3, ge=0, le=1, description="FLQ δ (Flegg & Webber: ≈ 0.3)"
    )
    name: str | None = Field(default=None, min_length=1, max_length=200)


class LocationQuotients(_Out):
    """The location quotients applied: a^R_ij = a_ij · min(LQ_ij, 1)."""

    method: LQMethod
    delta: float | None
    flq_lambda: float | None = Field(description="λ* = [log₂(1 + E^R/E^N)]^δ (FLQ)")
    values: list[float] | list[list[float | None]] = Field(
        description="SLQ by sector (vector); CILQ or FLQ by (row i, column j) (matrix), null "
        "where infinite (no sector j in the region)"
    )


class RegionalizeResponse(_Out):
    """``POST /v1/tables/{id}/regionalize``: the derived table, saved, and the LQs used."""

    table: TableDetail
    location_quotients: LocationQuotients
