"""``POST /v1/uncertainty``: Monte Carlo bands of a plan's model effects."""

from __future__ import annotations

from typing import Annotated, Any

import anyio.to_thread
from litestar import Request, Response, post
from litestar.di import NamedDependency, Provide
from litestar.params import Body
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from api.engine import resolver_for, table_ids
from api.jobs.runner import JobRunner, owner_of
from api.jobs.schemas import JobAccepted, accepted, job_route
from api.plans.refs import PlanOrRef, resolve_plan
from api.responses import PydanticJSONResponse
from api.scenarios.schemas import MAX_ADJUSTMENTS
from api.tables.store import TableStore, provide_tables
from impact.plan import JsonBool, NotBoolean, at_most
from impact.scenario.adjustments import Adjustment
from impact.scenario.state import apply_adjustments
from impact.scenario.uncertainty import (
    MAX_DRAWS,
    UncertaintyResult,
    summarise,
    uncertainty_problem,
)
from runner.executors import Executor, InlineExecutor, Progress
from runner.work import uncertainty_samples

Session = NamedDependency[AsyncSession]
Jobs = NamedDependency[JobRunner]
Tables = NamedDependency[TableStore]
_ROUTE = job_route("Many draws")
_ROUTE["dependencies"]["tables"] = Provide(provide_tables, sync_to_thread=False)


class UncertaintyRequest(BaseModel):
    """A plan (optionally adjusted) and the Monte Carlo settings."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    plan: PlanOrRef = Field(description="an inline plan, or {'id': ...} of a saved plan")
    adjustments: Annotated[list[Adjustment], at_most(MAX_ADJUSTMENTS)] = Field(
        default_factory=list, max_length=MAX_ADJUSTMENTS, description="applied first, in order"
    )
    draws: Annotated[int, NotBoolean] = Field(
        ge=1, le=MAX_DRAWS, description="number of Monte Carlo draws"
    )
    seed: Annotated[int, NotBoolean] = Field(
        ge=0, le=2**63 - 1, description="seed: the same seed, the same answer"
    )
    coefficient_cv: Annotated[float, NotBoolean] = Field(
        ge=0,
        le=2,
        allow_inf_nan=False,
        description="coefficient of variation of the log-normal noise on each coefficient [-]",
    )
    allocation_concentration: Annotated[float, NotBoolean] | None = Field(
        default=None,
        gt=0,
        le=1e6,
        allow_inf_nan=False,
        description="Dirichlet concentration κ around the stated shares; null: shares fixed",
    )
    basis_uncertainty: JsonBool = Field(
        default=True,
        description="draw the share of each purchase's imports taken out uniform on [0, 1] "
        "(between the domestic and purchaser bases); false: the plan's basis",
    )
    local_share_spread: Annotated[float, NotBoolean] = Field(
        default=0.3,
        ge=0,
        le=1,
        allow_inf_nan=False,
        description="a plan in a region: draw ℓ uniform on [ℓ − spread, ℓ] (suppliers outside "
        "the region); 0: ℓ fixed",
    )
    run_async: JsonBool = Field(
        default=False, alias="async", description="true: always run as a job (202)"
    )


@post(
    "/v1/uncertainty",
    operation_id="runUncertainty",
    tags=["scenarios"],
    summary="Monte Carlo uncertainty of a plan's model effects",
    **_ROUTE,
)
async def run_uncertainty(
    request: Request[Any, Any, Any],
    session: Session,
    jobs: Jobs,
    tables: Tables,
    data: Annotated[UncertaintyRequest, Body(description="plan, draws, seed and noise")],
) -> Response[UncertaintyResult | JobAccepted]:
    """Draw the model `draws` times (Type I), varying what is uncertain: each input
    coefficient times log-normal noise with mean 1 and CV `coefficient_cv` (value added
    rebalanced so that value added + imports stay 1 per won of output), with
    `allocation_concentration` κ the shares from Dirichlet(κ·w) around the stated ones, with
    `basis_uncertainty` the share of imports taken out of each purchase, and for a plan in a
    region the local share (`local_share_spread`). Answers the mean, median, 5th and 95th
    percentiles of output, value added [whole KRW], jobs [person-years] and, in a region, the
    in-region output and jobs, next to the point estimate; each source's contribution to the
    bands' width; and the share of draws reaching each claim (restated pro rata when the
    adjustments change the budget, and said so). Draws run in fixed chunks of 250 seeded from
    `seed`, so the answer depends on the seed only (also on a Dask cluster). More than
    `IMPACT_JOB_DRAWS_THRESHOLD` draws (20,000) or `"async": true`: 202 and a job."""
    _, plan = await resolve_plan(session, data.plan, "plan")
    named = table_ids(data.adjustments)
    model_for = await resolver_for(tables, session, named, "adjustments")
    state = apply_adjustments(plan, data.adjustments, model_for=model_for)
    problem = uncertainty_problem(
        state, cv=data.coefficient_cv, concentration=data.allocation_concentration,
        basis_uncertainty=data.basis_uncertainty, local_share_spread=data.local_share_spread,
        model_for=model_for,
    )  # fmt: skip

    def compute(executor: Executor, progress: Progress | None = None) -> UncertaintyResult:
        samples, alone = uncertainty_samples(problem, data.draws, data.seed, executor, progress)
        return summarise(
            state, samples, seed=data.seed, problem=problem, samples_alone=alone,
            announced_investment=plan.investment, model_for=model_for,
        )  # fmt: skip

    if data.run_async or data.draws > jobs.draws_threshold:
        return accepted(await jobs.submit("uncertainty", compute, owner_of(request)))
    return PydanticJSONResponse(await anyio.to_thread.run_sync(compute, InlineExecutor()))
