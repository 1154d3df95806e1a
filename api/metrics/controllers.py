"""``POST /v1/metrics``: a stated plan in, its derived metrics and flags out.

The handler is the definition: ``evaluate(data)``, with the body read, checked and
validated by Litestar like every other route (and documented from its signature). Every
request is first offered to :func:`answer_valid_plan`, a ``before_request`` hook that
reads the body the same way (Litestar's JSON decoder, then the same ``Plan`` validation)
but answers a valid plan at once, writing the report as JSON without building its models
(:func:`impact.report.report_json`: the same bytes). It skips what costs and decides
nothing: anything it cannot read is left to the handler's path, so a bad body gets
exactly the problem it got before. The app-wide guards (body size, media type, …) have
run before either.

Not ``Plan.model_validate_json``: pydantic's own JSON parser reads a share written
``1.0`` as ``Decimal("1")`` where the decoded float gives ``Decimal("1.0")``, so the
plan echoed in the answer would differ from the handler path's.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import MediaType, Request, Response, post
from litestar.exceptions import SerializationException
from litestar.params import Body
from litestar.serialization import decode_json
from pydantic import ValidationError

from api.errors import problem_responses
from impact.plan import Plan
from impact.report import PlanReport, evaluate, report_json


async def answer_valid_plan(request: Request[Any, Any, Any]) -> Response[bytes] | None:
    """The answer to a body that is a valid plan; ``None`` (the handler decides) otherwise.

    The body is decoded as the handler's path decodes it (:meth:`api.body.JsonBodyRequest.json`
    without the depth check: a valid plan nests three levels, and the limit is at least
    four) and validated as its signature model validates ``data`` (``Plan.model_validate``,
    lax): the same plan, or no answer.
    """
    try:
        plan = Plan.model_validate(decode_json(await request.body()))
    except (SerializationException, UnicodeDecodeError, RecursionError, ValidationError):
        return None
    return Response(content=report_json(plan), media_type=MediaType.JSON)


@post(
    "/v1/metrics",
    operation_id="computeMetrics",
    tags=["plans"],
    summary="Derived metrics and arithmetic flags of a plan",
    status_code=200,
    responses=problem_responses(400, 422),
    before_request=answer_valid_plan,
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
