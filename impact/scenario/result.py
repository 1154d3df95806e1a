"""What a scenario answers: each side's metrics and model impacts, and the changes.

Plain numbers travel in pydantic models: model money effects are computed in
floating point and reported rounded half-to-even to whole won [KRW, int]
(:data:`ModelKRW`); persons stay floats; display strings come with the plan
metrics only (:func:`impact.report.evaluate`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from impact.effects import RegionalEffects, RegionRef
from impact.report import Display, PlanReport

__all__ = [
    "Annual",
    "Change",
    "EffectTotals",
    "Impacts",
    "ModelKRW",
    "ScenarioResult",
    "Side",
]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _whole_won(value: object) -> object:
    return round(value) if isinstance(value, float) else value


ModelKRW = Annotated[int, BeforeValidator(_whole_won)]
"""A model-estimated amount [KRW]: a float from the solver, rounded half-to-even to the won."""


class EffectTotals(_Out):
    """One model effect summed over sectors [KRW]."""

    direct: ModelKRW
    indirect: ModelKRW
    induced: ModelKRW | None = Field(description="Type II only; null for Type I")
    total: ModelKRW


class Annual(_Out):
    """Even phasing over the plan's period: totals divided by the number of years."""

    start: int
    end: int
    years: int
    investment_krw: ModelKRW = Field(description="investment / years [KRW/year]")
    output_krw: ModelKRW = Field(description="total output effect / years [KRW/year]")
    value_added_krw: ModelKRW = Field(description="total value-added effect / years [KRW/year]")
    job_years_per_year: float | None = Field(description="jobs / years [persons]")
    lasting_jobs: float | None = Field(
        description="≈ job-years / years: positions held throughout the period [persons]"
    )
    note: str


class Impacts(_Out):
    """Model-implied effects of the spending (the effects engine, :mod:`impact.effects`)."""

    table: str
    model: Literal["type_i", "type_ii"]
    basis: Literal["purchaser", "domestic"] = Field(
        description="'purchaser': each sector's imports taken out of the purchases first; "
        "'domestic': every purchase taken as domestic output"
    )
    purchases_krw: ModelKRW = Field(
        description="purchases of output counted by the model [KRW]: the investment less the "
        "non-purchase items (land, transfers, wages, reserves, other)"
    )
    demand_krw: ModelKRW = Field(
        description="final demand for domestic products [KRW]: purchases less the imports bought"
    )
    output: EffectTotals
    value_added: EffectTotals
    output_multiplier: float = Field(
        description="output per won of the investment [-]: the unrounded model total ÷ the "
        "investment, the audit's production_multiplier model figure and a sweep's "
        "model_output_multiplier"
    )
    value_added_ratio: float = Field(
        description="value added per won of the investment [-]: the unrounded model total ÷ "
        "the investment, the audit's value_added_ratio model figure and a sweep's "
        "model_value_added_ratio"
    )
    imports: EffectTotals | None
    income: EffectTotals | None
    jobs: float | None = Field(description="employment over the whole spending [person-years]")
    jobs_unit: Literal["person-years"] = "person-years"
    jobs_basis: str = Field(description="which coefficients gave the jobs, for citation")
    jobs_basis_ko: str = Field(description="jobs_basis in Korean")
    local_share: float | None = Field(description="ℓ when a local_share adjustment was given")
    region: RegionRef | None = Field(description="the plan's region (named or from its city)")
    regional: RegionalEffects | None = Field(
        description="in the region vs the rest of Korea, with the local share applied; null "
        "without a region"
    )
    annual: Annual | None = Field(description="when the plan has a period")
    notes: list[Display]


class Side(PlanReport):
    """One side of a scenario: the plan, its metrics and flags, and its model impacts."""

    impacts: Impacts | None = Field(
        description="null when this side has no allocation (a baseline without one)"
    )


class Change(_Out):
    """How one number changed from baseline to scenario."""

    baseline: int | float | None = Field(description="integer won for money, else a float")
    scenario: int | float | None
    change: int | float | None = Field(description="scenario − baseline (exact for won)")
    percent: float | None = Field(
        description="100 × change / |baseline|, unrounded; null when the baseline is 0 or missing"
    )
    percent_display: str | None = Field(
        default=None,
        description="the percent for people, signed and rounded half-to-even to one decimal: "
        "'+25.0%', '-20.0%' (null with percent)",
    )


class ScenarioResult(_Out):
    """Baseline and scenario side by side, with the change of every number."""

    baseline: Side
    scenario: Side
    delta: dict[str, Change] = Field(
        description="dotted path of every number (plan.investment, metrics.<name>, "
        "impacts.output.total, …) → change"
    )
