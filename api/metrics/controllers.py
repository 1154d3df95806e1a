"""``POST /v1/metrics``: a stated plan in, its derived metrics and flags out."""

from __future__ import annotations

from typing import Annotated

from litestar import post
from litestar.params import Body

from api.errors import problem_responses
from impact.plan import Plan
from impact.report import PlanReport, evaluate


@post(
    "/v1/metrics",
    operation_id="computeMetrics",
    tags=["plans"],
    summary="Derived metrics and arithmetic flags of a plan",
    status_code=200,
    responses=problem_responses(400, 422),
)
async def compute_metrics(
    data: Annotated[
        Plan, Body(description="A plan; money as integer won or e.g. '1,704억원', '₩170.4B'")
    ],
) -> PlanReport:
    """Compute a plan's derived metrics (cost per job, jobs per ₩1B, production multiplier,
    value-added ratio, …) and the flags its claims raise (double counting, value added above
    spending, …). Money in the answer is integer KRW; every figure also has a Korean and an
    English `display` string. A metric whose inputs are missing is null with a `reason`."""
    return evaluate(data)
