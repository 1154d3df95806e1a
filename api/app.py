"""The application factory: every route, handler and resource is composed here."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from litestar import Litestar
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin

import impact
from api.db.migrate import upgrade
from api.db.session import STATE_KEY, open_database
from api.errors import exception_handlers
from api.health.controllers import health
from api.metrics.controllers import compute_metrics
from api.openapi import WithJsonSchemaPlugin
from api.plans.controllers import PlanController
from api.plans.repository import insert_missing_seeds
from api.responses import PydanticJSONResponse
from api.settings import Settings, get_settings
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


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the Litestar app for ``settings`` (default: from the environment)."""
    settings = settings or get_settings()
    return Litestar(
        route_handlers=[health, compute_metrics, PlanController],
        lifespan=[database_lifespan(settings)],
        exception_handlers=exception_handlers,
        response_class=PydanticJSONResponse,
        plugins=[WithJsonSchemaPlugin()],
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
