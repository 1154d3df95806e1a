"""What-if adjustments: typed, validated changes to a plan, applied in order.

A scenario is a base plan plus an ordered list of adjustments. Each adjustment
is a frozen pydantic model tagged by ``type``; its docstring states the
formula it applies. Applying them is :func:`impact.scenario.state.apply_adjustments`.

Unknown ``type`` values are routed to :class:`UnknownAdjustment`, which never
validates and so names the offending field ``adjustments.<i>.type`` with the
list of accepted types (tags in angle brackets are dropped from error paths by
the web layer).

Examples
--------
>>> adjustment = ADJUSTMENT_ADAPTER.validate_python({"type": "scale_investment", "factor": 0.8})
>>> adjustment
ScaleInvestment(type='scale_investment', factor=0.8)
>>> ADJUSTMENT_ADAPTER.validate_python({"type": "shift_allocation", "from": "62", "to": "51",
...                                     "share": 0.5}).from_
'62'
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from impact.plan import (
    MAX_YEAR,
    MIN_YEAR,
    Allocation,
    NotBoolean,
    PositiveMoney,
    Proportion,
    SectorCode,
)

__all__ = [
    "ADJUSTMENT_ADAPTER",
    "ADJUSTMENT_TYPES",
    "Adjustment",
    "BasisChoice",
    "LocalShare",
    "ModelChoice",
    "PeriodChange",
    "PriceYear",
    "Reallocate",
    "ScaleInvestment",
    "SetInvestment",
    "ShiftAllocation",
    "TableChoice",
    "UnknownAdjustment",
    "adjustment_parameters",
]

MAX_FACTOR = 1000.0
"""Largest accepted ``scale_investment.factor`` [-]."""

AdjustmentType = Literal[
    "scale_investment",
    "set_investment",
    "reallocate",
    "shift_allocation",
    "local_share",
    "price_year",
    "period",
    "model",
    "table",
    "basis",
]
ADJUSTMENT_TYPES: tuple[str, ...] = AdjustmentType.__args__  # type: ignore[attr-defined]


class _Adjustment(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True
    )


class ScaleInvestment(_Adjustment):
    """Scale the investment: ``investment' = round(factor × investment)`` [KRW].

    Rounded half-to-even to the won. The allocation keeps its shares (amounts
    become shares), so final demand scales by the same factor,
    ``y' = factor × y``, and so does every model effect (the model is linear).
    **Claims are not scaled**: they are what was announced for the original
    budget, so metrics such as cost per claimed job change with the budget.
    """

    type: Literal["scale_investment"] = "scale_investment"
    factor: Annotated[float, NotBoolean] = Field(
        gt=0, le=MAX_FACTOR, allow_inf_nan=False, description="multiplier of the investment [-]"
    )


class SetInvestment(_Adjustment):
    """Set the investment: ``investment' = amount`` [KRW]; shares kept, claims unchanged."""

    type: Literal["set_investment"] = "set_investment"
    amount: PositiveMoney = Field(description="new investment [KRW]; integer or e.g. '1,000억원'")


class Reallocate(_Adjustment):
    """Replace the allocation: ``y_j = share_j × investment`` with the given shares or amounts.

    Amounts must add up to the investment at this point of the chain (after
    earlier adjustments); every code must be a sector of the current table.
    """

    type: Literal["reallocate"] = "reallocate"
    allocation: Allocation = Field(description="shares or amounts by sector code")


class ShiftAllocation(_Adjustment):
    """Move a share of one sector's spending to another sector.

    With shares w (adding up to 1) and ``s = share``::

        w'_from = (1 − s) w_from        w'_to = w_to + s w_from

    The total is unchanged. ``from`` must have spending; ``to`` must be a sector
    of the current table (it may be new to the allocation).
    """

    type: Literal["shift_allocation"] = "shift_allocation"
    from_: SectorCode = Field(alias="from", description="sector code the spending leaves")
    to: SectorCode = Field(description="sector code the spending goes to")
    share: Proportion = Field(
        ge=0, le=1, allow_inf_nan=False, description="share of the 'from' sector's spending moved"
    )

    @model_validator(mode="after")
    def _different(self) -> ShiftAllocation:
        if self.from_ == self.to:
            raise PydanticCustomError("shift_same", "'from' and 'to' are the same sector")
        return self


class LocalShare(_Adjustment):
    """Share of the spending placed with in-region suppliers, ``ℓ = value`` in [0, 1].

    For Sejong and Daejeon (BOK 2020 regional coefficients ``c^in``, ``c^out``
    per unit of demand placed in the region), with y the final demand::

        in-region      = ℓ · Σ_j c^in_j y_j
        rest of Korea  = ℓ · Σ_j c^out_j y_j + (1 − ℓ) · N(y)

    where N(y) is the national Type I effect of the leaked spending placed as
    final demand in the rest of Korea, all of it outside the region (nothing is
    fed back in-region): production and value added from the national table's
    Type I multipliers (K L y); jobs from the 2020 regional table's national
    total (c^in + c^out), as the national table has no employment vector. So
    ℓ = 1 is the baseline, and lowering ℓ never raises in-region effects.

    National totals do not change: the leaked spending is still spent in
    Korea. For any other city the national figures do not change either and
    the in-region effect is unknown (reported as null); the value is kept and
    noted.
    """

    type: Literal["local_share"] = "local_share"
    value: Proportion = Field(
        ge=0, le=1, allow_inf_nan=False, description="share placed with in-region suppliers [-]"
    )


class PriceYear(_Adjustment):
    """Restate the plan's won in ``year`` prices (:func:`impact.compare.rebase_plan`).

    ``real = nominal × index[year] / index[price_year]`` for the investment and
    every money claim, rounded to the won. Ratios between them do not change.
    """

    type: Literal["price_year"] = "price_year"
    year: Annotated[int, NotBoolean] = Field(
        ge=MIN_YEAR, le=MAX_YEAR, description="target price year"
    )
    index: Literal["gdp_deflator", "cpi"] = Field(
        default="gdp_deflator", description="price index (:class:`impact.prices.PriceIndexName`)"
    )


class PeriodChange(_Adjustment):
    """Spread the spending over ``start``–``end`` (inclusive, T = end − start + 1 years).

    Even phasing: annual spending = investment / T, annual effects = total
    effects / T. Input-output jobs are person-years (job-years) over the whole
    spending; lasting jobs ≈ job-years / T (positions held throughout the
    period). Totals do not change with the period.
    """

    type: Literal["period"] = "period"
    start: Annotated[int, NotBoolean] = Field(
        ge=MIN_YEAR, le=MAX_YEAR, description="first year of spending"
    )
    end: Annotated[int, NotBoolean] = Field(
        ge=MIN_YEAR, le=MAX_YEAR, description="last year of spending, inclusive"
    )

    @field_validator("end")
    @classmethod
    def _ordered(cls, end: int, info: ValidationInfo) -> int:
        start = info.data.get("start")
        if start is not None and end < start:
            raise PydanticCustomError(
                "period_order", "end ({end}) is before start ({start})",
                {"end": end, "start": start},
            )  # fmt: skip
        return end


class ModelChoice(_Adjustment):
    """Use the Type I (households exogenous) or Type II (households endogenous) model.

    Type II adds induced effects, ``K (L̄ [y; 0])[:n] − K L y``. Regional
    splits and jobs coefficients are Type I figures in either case.
    """

    type: Literal["model"] = "model"
    kind: Literal["type_i", "type_ii"] = Field(description="'type_i' or 'type_ii'")


class TableChoice(_Adjustment):
    """Use another input-output table, by id (the engine resolves it with ``model_for``).

    The in-process engine knows ``bok-2023``; the service may supply others.
    Regional splits exist for ``bok-2023`` only.
    """

    type: Literal["table"] = "table"
    id: str = Field(min_length=1, max_length=100, description="table id, e.g. 'bok-2023'")


class BasisChoice(_Adjustment):
    """How purchases become final demand: ``purchaser`` (default) takes each sector's imports
    out first, ``y_d = (1 − m) ∘ y``; ``domestic`` treats every purchase as domestic output."""

    type: Literal["basis"] = "basis"
    value: Literal["purchaser", "domestic"] = Field(description="'purchaser' or 'domestic'")


class UnknownAdjustment(BaseModel):
    """Never valid: what an adjustment with an unknown or missing ``type`` is checked against."""

    model_config = ConfigDict(frozen=True, extra="allow")

    type: AdjustmentType


def _tag(value: Any) -> str:
    kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    return f"<{kind}>" if kind in ADJUSTMENT_TYPES else "<unknown>"


Adjustment = Annotated[
    Annotated[ScaleInvestment, Tag("<scale_investment>")]
    | Annotated[SetInvestment, Tag("<set_investment>")]
    | Annotated[Reallocate, Tag("<reallocate>")]
    | Annotated[ShiftAllocation, Tag("<shift_allocation>")]
    | Annotated[LocalShare, Tag("<local_share>")]
    | Annotated[PriceYear, Tag("<price_year>")]
    | Annotated[PeriodChange, Tag("<period>")]
    | Annotated[ModelChoice, Tag("<model>")]
    | Annotated[TableChoice, Tag("<table>")]
    | Annotated[BasisChoice, Tag("<basis>")]
    | Annotated[UnknownAdjustment, Tag("<unknown>")],
    Discriminator(_tag),
]
"""One adjustment, discriminated by ``type``."""

ADJUSTMENT_ADAPTER: TypeAdapter[Adjustment] = TypeAdapter(Adjustment)


def adjustment_parameters(kind: str) -> tuple[str, ...]:
    """The parameters an adjustment of type ``kind`` takes, as a client writes them
    (``"from"``, not ``from_``); ``()`` for an unknown type.

    >>> adjustment_parameters("shift_allocation"), adjustment_parameters("nope")
    (('from', 'to', 'share'), ())
    """
    for model in _Adjustment.__subclasses__():
        if model.model_fields["type"].default == kind:
            return tuple(
                info.alias or name for name, info in model.model_fields.items() if name != "type"
            )
    return ()
