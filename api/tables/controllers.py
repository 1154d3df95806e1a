"""``/v1/tables``: list, read, upload and regionalise input-output tables; their multipliers."""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated, Any

import anyio.to_thread
import numpy as np
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency, Provide
from litestar.exceptions import ClientException
from litestar.params import Body, PathParameter, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from api.body import (
    DEFAULT_MAX_JSON_CONTAINERS,
    DEFAULT_MAX_JSON_DEPTH,
    check_json_shape,
    validated_off_the_loop,
)
from api.db.session import provide_session
from api.errors import BODY_LIMIT_FIELD, problem_responses
from api.openapi import LINKS
from api.responses import PydanticJSONResponse
from api.security.keys import WRITE, Caller
from api.tables import repository
from api.tables.documents import (
    TableEntry,
    build_entry,
    derived_document,
    detail,
    finite_or_none,
    summary,
)
from api.tables.multipliers import multipliers_out
from api.tables.schemas import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_OFFSET,
    Derivation,
    LocationQuotients,
    MultipliersOut,
    RegionalizeRequest,
    RegionalizeResponse,
    TableDetail,
    TablePage,
    TableUpload,
)
from api.tables.store import TableStore, provide_tables
from impact.errors import ImpactError, InvalidInputError
from impact.io import load_bok_published, regionalize
from impact.io.iomath import FloatArray
from impact.io.lq import flq_lambda
from impact.io.results import ModelKind

__all__ = ["TableController", "TableUploadRequest"]

TableId = Annotated[
    str,
    PathParameter(name="id", description="'bok-2023', or the UUID4 of an uploaded table"),
]
Session = NamedDependency[AsyncSession]
Tables = NamedDependency[TableStore]
CallerDep = NamedDependency[Caller]

_EMPLOYMENT_FIELDS = {"reg_emp": "regional_employment", "nat_emp": "national_employment"}


def _table_links(expression: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Links from an answer holding a table id at ``expression`` to what takes that id."""
    return {
        "GetTable": ("getTable", {"id": expression}),
        "GetTableMultipliers": ("getTableMultipliers", {"id": expression}),
        "RegionalizeTable": ("regionalizeTable", {"id": expression}),
    }


def _lenient_loads(body: bytes, max_depth: int, max_containers: int) -> Any:
    check_json_shape(body, max_depth, max_containers)  # json.loads recurses per level
    try:
        return json.loads(body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ClientException(f"the body is not JSON: {exc}") from None
    except (ValueError, RecursionError) as exc:  # an integer of more than 4,300 digits
        raise ClientException(f"the body is not JSON this service reads: {exc}") from None


class TableUploadRequest(Request[Any, Any, Any]):
    """Reads the body with Python's ``json`` (off the event loop), which accepts ``NaN`` and
    ``Infinity``: validation then names the offending number (``intermediate.0.1``) instead
    of refusing the whole body as malformed. Tables come from numpy, which writes ``NaN``.
    The app's depth and container limits apply (:func:`api.body.check_json_shape`)."""

    async def json(self) -> Any:
        """The decoded body."""
        limits = self.app.request_class
        depth = getattr(limits, "max_json_depth", DEFAULT_MAX_JSON_DEPTH)
        containers = getattr(limits, "max_json_containers", DEFAULT_MAX_JSON_CONTAINERS)
        body = await self.body()
        value = await anyio.to_thread.run_sync(_lenient_loads, body, depth, containers)
        return await validated_off_the_loop(self, value)


def _upload(table_id: str, data: TableUpload) -> tuple[TableEntry, str]:
    return build_entry(table_id, data, origin="uploaded"), data.model_dump_json()


def _quotients(
    method: str, lq: FloatArray, delta: float, data: RegionalizeRequest
) -> LocationQuotients:
    values: list[float] | list[list[float | None]]
    if lq.ndim == 1:
        values = [float(v) for v in lq]
    else:
        values = [[finite_or_none(float(v)) for v in row] for row in lq]
    lam = None
    if method == "flq":
        lam = flq_lambda(sum(data.regional_employment), sum(data.national_employment), delta)
    return LocationQuotients(
        method=data.method,
        delta=delta if method == "flq" else None,
        flq_lambda=lam,
        values=values,
    )


def _regionalize(
    parent: TableEntry, table_id: str, data: RegionalizeRequest
) -> tuple[TableEntry, str, LocationQuotients]:
    n = parent.table.n
    for field in ("regional_employment", "national_employment"):
        got = len(getattr(data, field))
        if got != n:
            msg = f"has {got} values; table {parent.id!r} has {n} sectors, in its order"
            raise InvalidInputError(msg, field=field)
    try:
        regional, lq = regionalize(
            parent.table,
            data.method,
            np.asarray(data.regional_employment),
            np.asarray(data.national_employment),
            data.delta,
        )
    except ImpactError as exc:
        head, dot, rest = (exc.field or "").partition(".")
        if head in _EMPLOYMENT_FIELDS:
            named = _EMPLOYMENT_FIELDS[head] + dot + rest
            raise type(exc)(exc.detail, field=named, **exc.extra) from None
        raise
    derivation = Derivation(
        table=parent.id,
        method=data.method,
        delta=data.delta if data.method == "flq" else None,
        regional_employment=list(data.regional_employment),
        national_employment=list(data.national_employment),
    )
    name = data.name or f"{parent.name}, regionalised by {data.method.upper()}"
    document = derived_document(regional, name=name, derivation=derivation)
    entry = build_entry(table_id, document, origin="derived")
    return entry, document.model_dump_json(), _quotients(data.method, lq, data.delta, data)


class TableController(Controller):
    """Input-output tables (one database session per request; models cached per table).

    Uploading and regionalising save a table: both are marked ``opt={WRITE: True}`` (with
    ``IMPACT_API_KEYS`` set they need a key) and the table records its key's id. Tables are
    immutable: nothing replaces or deletes one.
    """

    path = "/v1/tables"
    tags = ("tables",)
    dependencies = {  # noqa: RUF012
        "session": Provide(provide_session),
        "tables": Provide(provide_tables, sync_to_thread=False),
    }

    @get(
        "/",
        operation_id="listTables",
        summary="List input-output tables",
        responses=problem_responses(400, 422),
        opt={LINKS: {200: _table_links("$response.body#/items/0/id")}},
    )
    async def list_tables(
        self,
        session: Session,
        tables: Tables,
        limit: Annotated[
            int, QueryParameter(ge=1, le=MAX_LIMIT, description="largest number of tables")
        ] = DEFAULT_LIMIT,
        offset: Annotated[
            int, QueryParameter(ge=0, le=MAX_OFFSET, description="tables to skip")
        ] = 0,
    ) -> TablePage:
        """The shipped `bok-2023` first, then uploaded and regionalised tables, oldest first
        (ties by id); `total` counts them all."""
        shipped = tables.shipped
        items = [summary(e) for e in shipped[offset : offset + limit]]
        items += await repository.list_tables(
            session, limit=limit - len(items), offset=max(0, offset - len(shipped))
        )
        total = len(shipped) + await repository.count_tables(session)
        return TablePage(items=items, total=total, limit=limit, offset=offset)

    @get(
        "/{id:str}",
        operation_id="getTable",
        summary="Read an input-output table's description",
        responses=problem_responses(400, 404),
    )
    async def get_table(self, session: Session, tables: Tables, table_id: TableId) -> TableDetail:
        """A table's sectors, money unit, KRW per unit, provenance, number of sectors, which
        optional parts it has (given, derived as a residual, or absent) and which model types
        it supports. Unknown id: 404 naming `id`."""
        return detail(await tables.get(session, table_id))

    @post(
        "/",
        operation_id="uploadTable",
        summary="Upload an input-output table",
        status_code=201,
        request_class=TableUploadRequest,
        opt={
            WRITE: True,
            BODY_LIMIT_FIELD: "intermediate",
            LINKS: {201: _table_links("$response.body#/id")},
        },
        response_headers=[
            ResponseHeader(
                name="Location",
                description="path of the new table, e.g. /v1/tables/6f1c2b9e-…",
                required=True,
                documentation_only=True,
            )
        ],
        responses=problem_responses(400, 413, 422),
    )
    async def upload_table(
        self,
        session: Session,
        tables: Tables,
        caller: CallerDep,
        data: Annotated[
            TableUpload,
            Body(description="a domestic-flows table: sectors, intermediate (Z), total_output"),
        ],
    ) -> Response[TableDetail]:
        """Validate, factorise and save a table; 201 with its `id` and a `Location` header.

        Checks: at most 500 sectors (413 naming `intermediate`; bodies above the 8 MiB limit
        get the same 413), one row of n numbers per sector, finite numbers (422 naming e.g.
        `intermediate.0.1`), output > 0, balanced columns when `value_added` is given,
        non-negative employment and a productive coefficient matrix (422,
        `table-non-productive`). Missing `value_added` is the column residual
        x − Σ_i z_ij − imports − taxes; missing `final_demand` the row residual. With API
        keys configured, uploading needs one, and the table records which."""
        table_id = repository.new_table_id()
        entry, document = await anyio.to_thread.run_sync(_upload, table_id, data)
        return await _save(session, tables, entry, document, owner=caller.owner)

    @get(
        "/{id:str}/multipliers",
        operation_id="getTableMultipliers",
        summary="Multipliers of an input-output table",
        responses=problem_responses(400, 404, 422),
    )
    async def get_multipliers(
        self,
        session: Session,
        tables: Tables,
        table_id: TableId,
        model: Annotated[
            ModelKind,
            QueryParameter(description="'type_i' (households exogenous) or 'type_ii' (closed)"),
        ] = "type_i",
    ) -> MultipliersOut:
        """Per-sector output, value-added, import, income and employment multipliers (null when
        the table lacks the data), Type I income and employment multipliers, and the
        whole-economy averages weighted by final demand for domestic products. For `bok-2023`
        the Type I averages are shown next to BOK's published 2023 figures (within 1 %).
        `model=type_ii` adds the induced (household) parts; a table without compensation and
        household consumption answers 422 naming `model`."""
        entry = await tables.get(session, table_id)
        published = load_bok_published()
        return await anyio.to_thread.run_sync(multipliers_out, entry, model, published)

    @post(
        "/{id:str}/regionalize",
        operation_id="regionalizeTable",
        summary="Regionalise a table by location quotients",
        status_code=201,
        responses=problem_responses(400, 404, 413, 422),
        opt={WRITE: True, LINKS: {201: _table_links("$response.body#/table/id")}},
    )
    async def regionalize_table(
        self,
        session: Session,
        tables: Tables,
        caller: CallerDep,
        table_id: TableId,
        data: Annotated[RegionalizeRequest, Body(description="method and employment by sector")],
    ) -> Response[RegionalizeResponse]:
        """Derive a regional table, a^R_ij = a_ij · min(LQ_ij, 1), with simple (SLQ),
        cross-industry (CILQ) or Flegg (FLQ, δ default 0.3) location quotients from regional and
        national employment by sector (table order). The regional table is saved like an upload
        (201, `Location`; its multipliers at `/v1/tables/{id}/multipliers`, never above the
        national ones for a non-negative table) and returned with the quotients used: a vector
        for SLQ, a matrix for CILQ and FLQ. With API keys configured, it needs one (it saves
        a table), and the derived table records which."""
        parent = await tables.get(session, table_id)
        derived_id = repository.new_table_id()
        entry, document, quotients = await anyio.to_thread.run_sync(
            _regionalize, parent, derived_id, data
        )
        saved = await _save(session, tables, entry, document, owner=caller.owner)
        assert saved.content is not None
        body = RegionalizeResponse(table=saved.content, location_quotients=quotients)
        return PydanticJSONResponse(body, status_code=201, headers=saved.headers)


async def _save(
    session: AsyncSession,
    tables: TableStore,
    entry: TableEntry,
    document: str,
    *,
    owner: str | None,
) -> Response[TableDetail]:
    created = await repository.insert_table(
        session,
        table_id=entry.id,
        name=entry.name,
        origin=entry.origin,
        unit=entry.table.unit,
        sectors=entry.table.n,
        document=document,
        owner=owner,
    )
    entry = dataclasses.replace(entry, created_at=created)
    tables.add(entry)
    return PydanticJSONResponse(
        detail(entry), status_code=201, headers={"Location": f"/v1/tables/{entry.id}"}
    )
