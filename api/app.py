"""The application factory: every route, handler and resource is composed here."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from litestar import Litestar
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.plugins.pydantic import PydanticPlugin

import impact
from api.audit.controllers import AuditController
from api.compare.controllers import CompareController
from api.db.migrate import upgrade
from api.db.session import STATE_KEY, open_database
from api.effects.controllers import compute_impact
from api.errors import exception_handlers
from api.health.controllers import health
from api.jobs.controllers import JobController
from api.jobs.registry import STATE_KEY as JOBS_KEY
from api.jobs.registry import JobRegistry
from api.metrics.controllers import compute_metrics
from api.openapi import WithJsonSchemaPlugin
from api.plans.controllers import PlanController
from api.plans.repository import insert_missing_seeds
from api.scenarios.controllers import ScenarioController
from api.settings import Settings, get_settings
from api.sweeps.controllers import run_sweep_handler
from api.tables.controllers import TableController
from api.tables.store import tables_lifespan
from api.uncertainty.controllers import run_uncertainty
from api.web.controllers import index, static_files
from impact.seeds import load_seed_plans

logger = logging.getLogger("impact.api")


def database_lifespan(
    settings: Settings,
) -> Callable[[Litestar], AbstractAsyncContextManager[None]]:
    """The app's database for as long as it runs.

    On start-up, before the first request: open the engine, migrate the schema to the
    newest revision, save the shipped plans that are absent, and keep the database on
    ``app.state``. On shutdown: close every connection.
    """

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        async with open_database(settings.database_url) as database:
            await upgrade(database.engine)
            async with database.sessions() as session:
                inserted = await insert_missing_seeds(session, load_seed_plans())
            if inserted:
                logger.info("saved the shipped plans %s", ", ".join(inserted))
            app.state[STATE_KEY] = database
            try:
                yield
            finally:
                del app.state[STATE_KEY]

    return lifespan


def jobs_lifespan(
    settings: Settings,
) -> Callable[[Litestar], AbstractAsyncContextManager[None]]:
    """The in-memory job registry (and its Dask client, started by the first job)."""

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        registry = JobRegistry(
            max_jobs=settings.max_jobs,
            scheduler=settings.dask_scheduler,
            rows_threshold=settings.job_rows_threshold,
            draws_threshold=settings.job_draws_threshold,
        )
        app.state[JOBS_KEY] = registry
        try:
            yield
        finally:
            await registry.close()
            del app.state[JOBS_KEY]

    return lifespan


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the Litestar app for ``settings`` (default: from the environment)."""
    settings = settings or get_settings()
    return Litestar(
        route_handlers=[
            health,
            compute_metrics,
            PlanController,
            CompareController,
            TableController,
            compute_impact,
            AuditController,
            ScenarioController,
            run_sweep_handler,
            run_uncertainty,
            JobController,
            index,
            static_files(),
        ],
        lifespan=[
            database_lifespan(settings),
            tables_lifespan(settings.model_cache_size),
            jobs_lifespan(settings),
        ],
        exception_handlers=exception_handlers,
        plugins=[WithJsonSchemaPlugin(), PydanticPlugin(prefer_alias=True)],
        request_max_body_size=settings.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="impact — economic-impact calculator",
            version=impact.__version__,
            description=(
                "Derived metrics, input-output (Leontief) audits, comparisons and what-if "
                "scenarios for public investment plans, on Bank of Korea tables. "
                "Errors are RFC 9457 application/problem+json."
            ),
            path="/schema",
            use_handler_docstrings=True,
            render_plugins=[JsonRenderPlugin(path="/openapi.json")],
        ),
        debug=False,
    )
