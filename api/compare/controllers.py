"""``/v1/compare``: plans of different years on one price basis, ranked per metric."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from litestar import Controller, MediaType, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import Body, QueryParameter
from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import to_json
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.session import provide_session
from api.errors import problem_responses
from api.exports.negotiate import EXPORTS, FormatQuery, chosen_format, export_response
from api.plans.refs import MAX_ID_LENGTH, PlanOrRef, PlanRef, resolve_plans
from impact.compare import Comparison, comparison_document
from impact.effects import Basis
from impact.errors import ImpactError, InvalidInputError
from impact.export import comparison_sheets
from impact.plan import MAX_YEAR, MIN_YEAR, NotBoolean, at_most
from impact.prices import PriceIndexName

MAX_PLANS = 50
Session = NamedDependency[AsyncSession]
Currency = Literal["KRW", "USD"]
INDEX_DESCRIPTION = "price index: GDP deflator or CPI"
"""One description for the index in the body and in the query: Litestar documents the enum
once, as a component, with the description of whichever use it meets first."""


class CompareRequest(BaseModel):
    """Plans to compare and the price basis to compare them on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    plans: Annotated[list[PlanOrRef], at_most(MAX_PLANS)] = Field(
        min_length=1,
        max_length=MAX_PLANS,
        description="inline plans or {'id': ...} of saved ones",
    )
    price_year: Annotated[int, NotBoolean] | None = Field(
        default=None,
        ge=MIN_YEAR,
        le=MAX_YEAR,
        description="price year of the comparison; default the latest price year of the plans",
    )
    index: PriceIndexName = Field(
        default=PriceIndexName.GDP_DEFLATOR, description=INDEX_DESCRIPTION
    )
    currency: Currency = Field(default="KRW", description="'USD' adds dollar figures")
    basis: Basis = Field(
        default="purchaser", description="budget basis of the in-region shares (see the audit)"
    )


def _answer(
    request: Request[Any, Any, Any], export: FormatQuery, comparison: dict[str, Any]
) -> Response[Any]:
    """The comparison (:func:`~impact.compare.comparison_document`) as JSON, written by
    pydantic-core as the :class:`Comparison` model writes it, or as the CSV or workbook asked
    for."""
    fmt = chosen_format(request, export)
    if fmt == "json":
        # NaN as null, as the model writes it (ser_json_inf_nan): never invalid JSON
        body = to_json(comparison, by_alias=True, inf_nan_mode="null")
        return Response(content=body, media_type=MediaType.JSON)
    model = Comparison.model_validate(comparison)
    stem = "comparison-" + "-".join(row.label for row in model.rows[:5])
    return export_response(comparison_sheets(model), fmt, stem)


class CompareController(Controller):
    """Comparisons on a common price basis."""

    path = "/v1/compare"
    tags = ("compare",)
    dependencies = {"session": Provide(provide_session)}  # noqa: RUF012

    @post(
        "/",
        operation_id="comparePlans",
        summary="Compare plans on one price basis",
        status_code=200,
        responses=problem_responses(400, 404, 422),
        opt={EXPORTS: True},
    )
    async def compare(
        self,
        request: Request[Any, Any, Any],
        session: Session,
        data: Annotated[CompareRequest, Body(description="plans and the price basis")],
        export: FormatQuery = None,
    ) -> Response[Comparison]:
        """Restate every plan's won amounts in `price_year` prices
        (`real = nominal × index[target] / index[source]`, GDP deflator by default), recompute
        every metric on that basis and rank the plans per metric (competition ranks, 1 = best,
        with the direction stated). Plans are inline or `{"id": ...}` of saved plans.
        `?format=csv` (or `Accept: text/csv`): one row per plan; `?format=xlsx`: also the
        metric definitions and rankings and the sources."""
        plans = await resolve_plans(session, data.plans)
        comparison = comparison_document(
            plans,
            target_year=data.price_year,
            index=data.index,
            currency=data.currency,
            basis=data.basis,
        )
        return _answer(request, export, comparison)

    @get(
        "/",
        operation_id="compareSavedPlans",
        summary="Compare saved plans (shareable link)",
        responses=problem_responses(400, 404, 422),
        opt={EXPORTS: True},
    )
    async def compare_saved(
        self,
        *,
        request: Request[Any, Any, Any],
        session: Session,
        ids: Annotated[
            str,
            QueryParameter(
                min_length=1,
                max_length=5000,
                description="comma-separated ids of saved plans, e.g. sejong-2024,daejeon-2018",
            ),
        ],
        price_year: Annotated[
            int | None, QueryParameter(ge=MIN_YEAR, le=MAX_YEAR, description="price year")
        ] = None,
        index: Annotated[
            PriceIndexName, QueryParameter(description=INDEX_DESCRIPTION)
        ] = PriceIndexName.GDP_DEFLATOR,
        currency: Annotated[Currency, QueryParameter(description="'USD' adds dollars")] = "KRW",
        export: FormatQuery = None,
    ) -> Response[Comparison]:
        """The same comparison as `POST /v1/compare` for saved plans, as a link one can share:
        `/v1/compare?ids=sejong-2024,daejeon-2018&price_year=2024`."""
        wanted = [part.strip() for part in ids.split(",") if part.strip()]
        if not wanted or len(wanted) > MAX_PLANS:
            msg = f"give 1 to {MAX_PLANS} comma-separated plan ids"
            ko = f"쉼표로 나눈 계획 id를 1개에서 {MAX_PLANS}개까지 주세요"
            raise InvalidInputError(msg, field="ids", message_ko=ko)
        for number, plan_id in enumerate(wanted):
            if len(plan_id) > MAX_ID_LENGTH:
                msg = f"a plan id has at most {MAX_ID_LENGTH} characters, not {len(plan_id)}"
                ko = f"계획 id는 {MAX_ID_LENGTH}자까지입니다 (받은 것: {len(plan_id)}자)"
                raise InvalidInputError(msg, field=f"ids.{number}", message_ko=ko)
        try:
            plans = await resolve_plans(session, [PlanRef(id=i) for i in wanted], field="ids")
            comparison = comparison_document(
                plans, target_year=price_year, index=index, currency=currency
            )
        except ImpactError as exc:
            raise _naming_the_id(exc, wanted) from None
        return _answer(request, export, comparison)


def _naming_the_id(exc: ImpactError, wanted: list[str]) -> ImpactError:
    """An error about the N-th plan of a link as its reader sees it: naming ``ids.N``. An
    unknown id (``ids.1.id``) keeps its message; an error inside a saved plan
    (``plans.1.price_year``) says the plan's id and its field (a GET has no body)."""
    parts = (exc.field or "").split(".", 2)
    if len(parts) < 2 or parts[0] not in {"plans", "ids"} or not parts[1].isdigit():
        return exc
    number = int(parts[1])
    detail, extra = exc.detail, dict(exc.extra)
    if parts[0] == "plans":
        inside = f"{parts[2]}: " if len(parts) == 3 else ""
        detail = f"saved plan {wanted[number]!r}: {inside}{detail}"
        if isinstance(korean := extra.get("message_ko"), str):  # the same prefix in Korean
            extra["message_ko"] = f"저장된 계획 {wanted[number]!r}: {inside}{korean}"
    return type(exc)(detail, field=f"ids.{number}", **extra)
