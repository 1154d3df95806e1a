"""``/v1/plans``: save, list, read, replace and delete plans; metrics of a saved plan.

Writes are marked ``opt={WRITE: True}``: with ``IMPACT_API_KEYS`` set they need a key,
a saved plan records its key's id, and only that key may replace or delete it (403
for any other key, and for the shipped plans); see :mod:`api.security.keys`.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Annotated, Any

from litestar import Controller, MediaType, Request, Response, delete, get, post, put
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency, Provide
from litestar.params import Body, HeaderParameter, PathParameter, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.pgdirect import PostgresDirectError
from api.db.session import database_of, provide_session
from api.errors import problem_responses
from api.openapi import LINKS
from api.plans import repository
from api.plans.schemas import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, PlanPage, PlanRecord, etag
from api.responses import PydanticJSONResponse
from api.security.keys import WRITE, Caller
from impact.errors import InvalidInputError
from impact.plan import Plan, read_text
from impact.report import PlanReport, evaluate

PlanId = Annotated[
    str,
    PathParameter(
        name="id",
        description="id of a saved plan: 'sejong-2024', 'daejeon-2018' or a UUID4",
    ),
]
PlanBody = Annotated[
    Plan, Body(description="A plan; money as integer won or e.g. '1,704억원', '₩170.4B'")
]
Session = NamedDependency[AsyncSession]
CallerDep = NamedDependency[Caller]
IfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        max_length=1000,
        description='the plan\'s `ETag` (its `version`, quoted: `"3"`) as read: the change is '
        "refused (412) if someone changed the plan since; a list matches any of its tags; "
        "absent or `*`: any version (last writer wins)",
    ),
]
_ENTITY_TAG = re.compile(r'\s*(?:W/)?"(\d{1,18})"\s*|\s*(\d{1,18})\s*')


def _versions(if_match: str | None) -> frozenset[int] | None:
    """The versions an ``If-Match`` header names: a comma-separated list of entity tags
    (RFC 9110), ours being ``"3"``. ``W/"3"`` counts as ``"3"`` (a proxy that compresses
    weakens the tags it passes on) and a bare ``3`` is read too. ``None`` for ``*`` or no
    header; anything else is a 422 naming the header."""
    if if_match is None or if_match.strip() == "*":
        return None
    found = [_ENTITY_TAG.fullmatch(tag) for tag in if_match.split(",")]
    if all(found):
        return frozenset(int(m[1] or m[2]) for m in found if m is not None)
    shown = if_match[:40].encode("ascii", "backslashreplace").decode()
    msg = f'give the ETag read with the plan, e.g. "3" (a list, or *); got {shown!r}'
    raise InvalidInputError(msg, field="If-Match")


def _with_etag(record: PlanRecord) -> Response[PlanRecord]:
    return PydanticJSONResponse(record, headers={"ETag": etag(record.version)})


def _plan_links(expression: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Links from an answer holding a plan id at ``expression`` to what takes that id."""
    return {
        "GetPlan": ("getPlan", {"id": expression}),
        "GetPlanMetrics": ("getPlanMetrics", {"id": expression}),
        "ReplacePlan": ("replacePlan", {"id": expression}),
        "DeletePlan": ("deletePlan", {"id": expression}),
        "CompareSavedPlans": ("compareSavedPlans", {"ids": expression}),
    }


SAVED = _plan_links("$response.body#/id")


async def answer_saved_plan(request: Request[Any, Any, Any]) -> Response[bytes] | None:
    """``GET /v1/plans/{id}`` of a saved plan, answered before the handler: one read of
    the row and its document written out as stored (:func:`repository.saved_plan_json`,
    the same bytes as the handler's ``PlanRecord``); ``None`` -- the handler answers, with
    its 404 or its error -- when there is no such plan or the fast read fails."""
    plan_id = request.path_params.get("id")
    if not isinstance(plan_id, str):
        return None
    try:
        found = await repository.saved_plan_json(database_of(request.app.state), plan_id)
    except (sqlite3.Error, PostgresDirectError):
        return None
    if found is None:
        return None
    body, version = found
    return Response(content=body, media_type=MediaType.JSON, headers={"ETag": etag(version)})


def _whole_number(text: str, lowest: int, highest: int) -> int | None:
    """``text`` as the handler's integer parameter reads it, if plainly digits in bounds
    (no leading zero: the handler refuses ``05``)."""
    if not (text.isascii() and text.isdigit() and len(text) <= 12):
        return None
    if text.startswith("0") and text != "0":
        return None
    value = int(text)
    return value if lowest <= value <= highest else None


async def answer_plan_page(request: Request[Any, Any, Any]) -> Response[bytes] | None:
    """``GET /v1/plans`` without a city filter, answered before the handler: the same
    queries in one trip, documents written out as stored (:func:`repository.plan_page_json`).
    Only for a query of at most ``limit`` and ``offset``, each plain digits within their
    bounds; anything else, or a failing read, is the handler's (``None``)."""
    query = request.query_params
    if not set(query) <= {"limit", "offset"}:
        return None
    limit = _whole_number(query.get("limit", str(DEFAULT_LIMIT)), 1, MAX_LIMIT)
    offset = _whole_number(query.get("offset", "0"), 0, MAX_OFFSET)
    if limit is None or offset is None:
        return None
    database = database_of(request.app.state)
    try:
        body = await repository.plan_page_json(database, limit=limit, offset=offset)
    except (sqlite3.Error, PostgresDirectError):
        return None
    return None if body is None else Response(content=body, media_type=MediaType.JSON)


class PlanController(Controller):
    """Saved plans (one database session per request)."""

    path = "/v1/plans"
    tags = ("plans",)
    dependencies = {"session": Provide(provide_session)}  # noqa: RUF012

    @post(
        "/",
        operation_id="createPlan",
        summary="Save a plan",
        status_code=201,
        response_headers=[
            ResponseHeader(
                name="Location",
                description="path of the saved plan, e.g. /v1/plans/6f1c2b9e-…",
                required=True,
                documentation_only=True,
            )
        ],
        responses=problem_responses(400, 413, 422),
        opt={WRITE: True, LINKS: {201: SAVED}},
    )
    async def create_plan(
        self, session: Session, caller: CallerDep, data: PlanBody
    ) -> Response[PlanRecord]:
        """Validate and save a plan under a new id (a UUID4). Answers 201 with the saved
        plan, its id, timestamps and version 1, and a `Location` header naming it. With API
        keys configured, the plan belongs to the key that saved it."""
        record = await repository.create_plan(session, data, owner=caller.owner)
        headers = {"Location": f"{self.path}/{record.id}", "ETag": etag(record.version)}
        return PydanticJSONResponse(record, status_code=201, headers=headers)

    @get(
        "/",
        operation_id="listPlans",
        summary="List saved plans",
        responses=problem_responses(400, 422),
        before_request=answer_plan_page,
        opt={LINKS: {200: _plan_links("$response.body#/items/0/id")}},
    )
    async def list_plans(
        self,
        session: Session,
        limit: Annotated[
            int,
            QueryParameter(ge=1, le=MAX_LIMIT, description="largest number of plans to return"),
        ] = DEFAULT_LIMIT,
        offset: Annotated[
            int,
            QueryParameter(ge=0, le=MAX_OFFSET, description="number of matching plans to skip"),
        ] = 0,
        city: Annotated[
            str | None,
            QueryParameter(
                min_length=1,
                max_length=100,
                description="only plans whose city contains this text, ignoring case, or a "
                "name of the region it names: 'sejong' finds '세종' too, '부산시' 'Busan'",
            ),
        ] = None,
    ) -> PlanPage:
        """List saved plans, oldest first (ties by id), `limit` at a time from `offset`;
        `total` counts every plan that matches `city`. The shipped plans `sejong-2024` and
        `daejeon-2018` are always saved on start-up unless already present."""
        if city is not None:
            city = read_text(city, "city")
        return await repository.list_plans(session, limit=limit, offset=offset, city=city)

    @get(
        "/{id:str}",
        operation_id="getPlan",
        summary="Read a saved plan",
        responses=problem_responses(400, 404),
        before_request=answer_saved_plan,
    )
    async def get_plan(self, session: Session, plan_id: PlanId) -> Response[PlanRecord]:
        """Read a saved plan with its timestamps and version (also as `ETag: "<version>"`,
        for `If-Match`). Unknown id: 404 naming `id`."""
        return _with_etag(await repository.get_plan_record(session, plan_id))

    @put(
        "/{id:str}",
        operation_id="replacePlan",
        summary="Replace a saved plan",
        responses=problem_responses(400, 404, 412, 413, 422),
        opt={WRITE: True, LINKS: {200: SAVED}},
    )
    async def replace_plan(
        self,
        session: Session,
        caller: CallerDep,
        plan_id: PlanId,
        data: PlanBody,
        if_match: IfMatch = None,
    ) -> Response[PlanRecord]:
        """Replace the whole plan document of a saved plan and increase its version by one.
        With `If-Match: "<version>"` (the `version` read), a plan changed since is refused
        with 412 naming `If-Match`, so two editors cannot silently overwrite each other. An
        invalid body (422), an unknown id (404), another key's plan (403) or a stale version
        (412) leaves every saved plan unchanged."""
        record = await repository.replace_plan(
            session, plan_id, data, may_change=caller.may_change, versions=_versions(if_match)
        )
        return _with_etag(record)

    @delete(
        "/{id:str}",
        operation_id="deletePlan",
        summary="Delete a saved plan",
        status_code=204,
        responses=problem_responses(400, 404, 412, 422),
        opt={WRITE: True},
    )
    async def delete_plan(
        self, session: Session, caller: CallerDep, plan_id: PlanId, if_match: IfMatch = None
    ) -> None:
        """Delete a saved plan; 204 with no body. Unknown id: 404 naming `id`; another key's
        plan: 403; `If-Match` naming a version other than the stored one: 412. A deleted
        shipped plan (`sejong-2024`, `daejeon-2018`) is saved again at the next start-up."""
        await repository.delete_plan(
            session, plan_id, may_change=caller.may_change, versions=_versions(if_match)
        )

    @get(
        "/{id:str}/metrics",
        operation_id="getPlanMetrics",
        summary="Derived metrics and arithmetic flags of a saved plan",
        responses=problem_responses(400, 404),
    )
    async def get_plan_metrics(self, session: Session, plan_id: PlanId) -> PlanReport:
        """The same report as `POST /v1/metrics` for the saved plan: derived metrics, flags
        and display strings. Unknown id: 404 naming `id`."""
        return evaluate(await repository.get_plan(session, plan_id))
