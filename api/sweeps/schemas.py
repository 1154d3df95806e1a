"""What ``POST /v1/sweeps`` accepts and answers.

Rows are msgspec structs, not pydantic models: 100,000 rows of plain numbers are
built and encoded without per-row validation (measured in
``benchmarks/bench_sweeps.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import msgspec
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from api.plans.refs import PlanOrRef
from api.scenarios.schemas import MAX_ADJUSTMENTS
from impact.plan import JsonBool, at_most
from impact.scenario.adjustments import Adjustment
from impact.scenario.sweep import MAX_SWEEP_ROWS, SweepResult, sweep_rows

__all__ = ["SweepRequest", "SweepResponse", "SweepRow", "sweep_response"]

MAX_GRID_KEYS = 20


class SweepRequest(BaseModel):
    """A plan and its rows: explicit lists of adjustments, or a grid of parameters."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    plan: PlanOrRef = Field(description="an inline plan, or {'id': ...} of a saved plan")
    adjustments: Annotated[list[Adjustment], at_most(MAX_ADJUSTMENTS)] = Field(
        default_factory=list,
        max_length=MAX_ADJUSTMENTS,
        description="applied to every row first",
    )
    scenarios: (
        Annotated[
            list[
                Annotated[
                    list[Adjustment], at_most(MAX_ADJUSTMENTS), Field(max_length=MAX_ADJUSTMENTS)
                ]
            ],
            at_most(MAX_SWEEP_ROWS),
            Field(min_length=1, max_length=MAX_SWEEP_ROWS),
        ]
        | None
    ) = Field(default=None, description="one list of adjustments per row (at most 100,000 rows)")
    grid: Annotated[dict[str, list[Any]], at_most(MAX_GRID_KEYS)] | None = Field(
        default=None,
        max_length=MAX_GRID_KEYS,
        description=(
            "'<type>.<parameter>' → values, e.g. {'scale_investment.factor': [0.5, 1], "
            "'local_share.value': [0.6, 1]}: the cartesian product, first key slowest "
            "(at most 100,000 combinations)"
        ),
    )
    run_async: JsonBool = Field(
        default=False, alias="async", description="true: always run as a job (202)"
    )

    @model_validator(mode="after")
    def _one_form(self) -> SweepRequest:
        if (self.scenarios is None) == (self.grid is None):
            raise PydanticCustomError("sweep_form", "give exactly one of 'scenarios' and 'grid'")
        return self


class SweepRow(msgspec.Struct, kw_only=True, gc=False):
    """One row: its parameters, model impacts [KRW, person-years] and claim-based metrics.

    Null where a figure does not exist (no claim, no regional split, no period). Not
    tracked by the garbage collector (``gc=False``: a row holds no cycle), so that 100,000
    rows add nothing to the collector's passes.
    """

    parameters: dict[str, Any]
    investment_krw: int
    output_krw: int | None
    value_added_krw: int | None
    jobs: float | None
    output_in_region_krw: int | None
    output_rest_of_korea_krw: int | None
    value_added_in_region_krw: int | None
    value_added_rest_of_korea_krw: int | None
    jobs_in_region: float | None
    jobs_rest_of_korea: float | None
    model_output_multiplier: float | None
    model_value_added_ratio: float | None
    model_cost_per_job_krw: int | None
    lasting_jobs: float | None
    cost_per_job_krw: int | None
    jobs_per_billion_krw: float | None
    production_multiplier: float | None
    value_added_ratio: float | None


class SweepResponse(msgspec.Struct, kw_only=True):
    """Every row in input order."""

    count: int
    notes: list[str]
    rows: list[SweepRow]


def sweep_response(
    result: SweepResult,
    *,
    parameters: Sequence[dict[str, Any]] | None = None,
    rows: Sequence[Sequence[Adjustment]] | None = None,
) -> SweepResponse:
    """Rows of ``result`` (typed by :func:`impact.scenario.sweep.sweep_rows`); parameters as
    given (grid) or flattened from ``rows``."""
    out = [SweepRow(**row) for row in sweep_rows(result, parameters=parameters, rows=rows)]
    return SweepResponse(count=len(out), notes=result.notes, rows=out)
