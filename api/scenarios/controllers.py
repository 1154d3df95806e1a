"""``/v1/scenarios``: a what-if on a plan, computed and optionally saved.

Saving writes: ``POST /v1/scenarios`` with ``"save": true`` needs an API key when
``IMPACT_API_KEYS`` is set (the handler calls :meth:`Caller.require_key`, since the same
route also computes without saving), the scenario records its key's id, and only that key
may delete it (``DELETE`` is marked ``opt={WRITE: True}``); see :mod:`api.security.keys`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import anyio.to_thread
from litestar import Controller, Response, delete, get, post
from litestar.di import NamedDependency, Provide
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body, PathParameter, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.session import provide_session
from api.engine import resolver_for, table_ids
from api.errors import problem_responses
from api.openapi import API_KEY_SCHEME, HEADERS, LINKS
from api.plans.refs import PlanRef, resolve_plan
from api.responses import PydanticJSONResponse
from api.scenarios import repository
from api.scenarios.schemas import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_OFFSET,
    ScenarioPage,
    ScenarioRecord,
    ScenarioRequest,
    ScenarioResponse,
)
from api.security.keys import WRITE, Caller
from api.tables.store import TableStore, provide_tables
from impact.plan import Plan
from impact.scenario.adjustments import Adjustment
from impact.scenario.single import run_scenario
from impact.scenario.state import ModelFor

Session = NamedDependency[AsyncSession]
CallerDep = NamedDependency[Caller]
Tables = NamedDependency[TableStore]
ScenarioId = Annotated[str, PathParameter(name="id", description="id of a saved scenario")]


def _scenario_links(expression: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Links from an answer holding a scenario id at ``expression`` to what takes that id."""
    return {
        "GetScenario": ("getScenario", {"id": expression}),
        "DeleteScenario": ("deleteScenario", {"id": expression}),
    }


async def _compute(
    plan: Plan,
    adjustments: Sequence[Adjustment],
    model_for: ModelFor,
    record: ScenarioRecord | None = None,
) -> ScenarioResponse:
    result = await anyio.to_thread.run_sync(
        lambda: run_scenario(plan, adjustments, model_for=model_for)
    )
    extra = (
        {} if record is None else record.model_dump(include={"id", "name", "plan_id", "created_at"})
    )
    return ScenarioResponse(**dict(result), adjustments=list(adjustments), **extra)


class ScenarioController(Controller):
    """What-if scenarios, computed on request and optionally saved."""

    path = "/v1/scenarios"
    tags = ("scenarios",)
    dependencies = {  # noqa: RUF012
        "session": Provide(provide_session),
        "tables": Provide(provide_tables, sync_to_thread=False),
    }

    @post(
        "/",
        operation_id="runScenario",
        summary="Compute a what-if scenario (and optionally save it)",
        status_code=200,
        responses={
            201: ResponseSpec(
                data_container=ScenarioResponse,
                description="Saved ('save': true): the same answer with the scenario's id",
                generate_examples=False,
            ),
            **problem_responses(400, 401, 404, 413, 422),
        },
        security=[{}, {API_KEY_SCHEME: []}],  # a key only to save (401 without one)
        opt={
            HEADERS: {201: {"Location": "path of the saved scenario, e.g. /v1/scenarios/6f1c…"}},
            LINKS: {201: _scenario_links("$response.body#/id")},
        },
    )
    async def run(
        self,
        session: Session,
        caller: CallerDep,
        tables: Tables,
        data: Annotated[
            ScenarioRequest, Body(description="base plan (inline or {id}) and adjustments")
        ],
    ) -> Response[ScenarioResponse]:
        """Apply the adjustments to the plan in order (`scale_investment`, `set_investment`,
        `reallocate`, `shift_allocation`, `local_share`, `price_year`, `period`, `model`,
        `table`; each schema states its formula) and answer the baseline and the scenario side
        by side, each with the plan's metrics and flags and the model's impacts (output,
        value added and jobs in person-years; in-region vs the rest of Korea for Sejong and
        Daejeon), and `delta`: the absolute and percent change of every number. Claims are
        never scaled. A plan without an allocation is refused naming `plan.allocation` (give
        one with `reallocate`); a bad adjustment names `adjustments.<i>.<field>`.
        With `save: true` the scenario is saved: 201 with its `id` and a `Location`; with API
        keys configured, saving needs one (401 before anything is computed) and the scenario
        belongs to that key."""
        if data.save:
            caller.require_key()
        label, plan = await resolve_plan(session, data.plan, "plan")
        plan_id = label if isinstance(data.plan, PlanRef) else None
        models = await resolver_for(tables, session, table_ids(data.adjustments), "adjustments")
        await session.commit()  # end the reads' transaction before a write may begin
        response = await _compute(plan, data.adjustments, models)
        if not data.save:
            return PydanticJSONResponse(response)
        record = await repository.create_scenario(
            session,
            plan=plan,
            adjustments=data.adjustments,
            name=data.name,
            plan_id=plan_id,
            owner=caller.owner,
        )
        saved = response.model_copy(
            update=record.model_dump(include={"id", "name", "plan_id", "created_at"})
        )
        return PydanticJSONResponse(
            saved, status_code=201, headers={"Location": f"{self.path}/{record.id}"}
        )

    @get(
        "/",
        operation_id="listScenarios",
        summary="List saved scenarios",
        responses=problem_responses(400, 422),
        opt={LINKS: {200: _scenario_links("$response.body#/items/0/id")}},
    )
    async def list_scenarios(
        self,
        session: Session,
        limit: Annotated[
            int,
            QueryParameter(ge=1, le=MAX_LIMIT, description="largest number of scenarios to return"),
        ] = DEFAULT_LIMIT,
        offset: Annotated[
            int, QueryParameter(ge=0, le=MAX_OFFSET, description="number to skip")
        ] = 0,
    ) -> ScenarioPage:
        """Saved scenarios, oldest first (ties by id), `limit` at a time from `offset`, each
        with its base plan's city, the saved plan it came from and its adjustments; `total`
        counts them all. Read one (`GET /v1/scenarios/{id}`) for its computed result."""
        return await repository.list_scenarios(session, limit=limit, offset=offset)

    @get(
        "/{id:str}",
        operation_id="getScenario",
        summary="A saved scenario with its result",
        responses=problem_responses(400, 404),
    )
    async def get_scenario(
        self, session: Session, tables: Tables, scenario_id: ScenarioId
    ) -> ScenarioResponse:
        """The saved scenario, computed again from its saved base plan (a snapshot taken
        when it was saved) and adjustments: the same answer as `POST /v1/scenarios`.
        Unknown id: 404 naming `id`."""
        record, plan = await repository.get_scenario(session, scenario_id)
        ids = table_ids(record.adjustments)
        models = await resolver_for(tables, session, ids, "adjustments")
        return await _compute(plan, record.adjustments, models, record)

    @delete(
        "/{id:str}",
        operation_id="deleteScenario",
        summary="Delete a saved scenario",
        status_code=204,
        responses=problem_responses(400, 404),
        opt={WRITE: True},
    )
    async def delete_scenario(
        self, session: Session, caller: CallerDep, scenario_id: ScenarioId
    ) -> None:
        """Delete a saved scenario; 204 with no body. Unknown id: 404 naming `id`; a
        scenario saved with another API key (or with none, while keys are configured): 403
        naming `id`."""
        await repository.delete_scenario(session, scenario_id, may_change=caller.may_change)
