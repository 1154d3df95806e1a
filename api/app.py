"""The application factory: every route, handler and resource is composed here."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import timedelta

from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware import ASGIMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components
from litestar.plugins.pydantic import PydanticPlugin
from litestar.routes import HTTPRoute

import impact
from api.audit.controllers import AuditController
from api.body import JsonBodyRequest
from api.checks import RequestChecks
from api.compare.controllers import CompareController
from api.db.migrate import upgrade
from api.db.session import STATE_KEY, database_of, open_database
from api.db.storage import StorageLimits
from api.docs.plugin import OfflineSwaggerPlugin, openapi_router
from api.effects.controllers import compute_impact
from api.errors import exception_handlers
from api.gcpolicy import GcPolicy
from api.health.controllers import health, health_head
from api.jobs.controllers import JobController
from api.jobs.runner import STATE_KEY as JOBS_KEY
from api.jobs.runner import Caps, JobRunner
from api.logs import skip_record_extras
from api.metrics.controllers import compute_metrics
from api.openapi import (
    SECURITY_SCHEMES,
    RootModelPlugin,
    VariadicTuplePlugin,
    WithJsonSchemaPlugin,
    document_common_responses,
    finish_openapi,
)
from api.plans.controllers import PlanController
from api.plans.repository import insert_missing_seeds
from api.regions.controllers import list_regions
from api.responses import PydanticJSONResponse
from api.scenarios.controllers import ScenarioController
from api.security import keys
from api.security.headers import ResponseHeaders, cors_config
from api.security.ratelimit import RateLimitMiddleware, TokenBuckets
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
        storage = StorageLimits(
            quota_bytes=settings.storage_quota_bytes, page_bytes=settings.list_page_bytes
        )
        async with open_database(settings.database_url, storage) as database:
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
    """The job runner of this process (its Dask client starts with the first job); after
    the database, which keeps the jobs (:mod:`api.jobs.runner`)."""

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        runner = JobRunner(
            database_of(app.state),
            caps=Caps(
                running=settings.jobs_running,
                running_per_client=settings.jobs_running_per_client,
                kept_per_client=settings.jobs_kept_per_client,
                store_bytes=settings.job_store_bytes,
            ),
            ttl=timedelta(seconds=settings.job_ttl),
            heartbeat=settings.job_heartbeat,
            scheduler=settings.dask_scheduler,
            dashboard=settings.dask_dashboard,
            rows_threshold=settings.job_rows_threshold,
            draws_threshold=settings.job_draws_threshold,
        )
        await runner.start()
        app.state[JOBS_KEY] = runner
        try:
            yield
        finally:
            await runner.close()
            del app.state[JOBS_KEY]

    return lifespan


def _warn_if_open(api_keys: keys.ApiKeys) -> None:
    if not api_keys.required:
        logger.warning(
            "IMPACT_API_KEYS is not set: every client may create, replace and delete saved "
            "plans; set it to comma-separated keys to require one for writes"
        )


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the Litestar app for ``settings`` (default: from the environment).

    Security and limits (see :mod:`api.security`, :mod:`api.body`): write routes
    (``opt={"write": True}``) need an API key when ``IMPACT_API_KEYS`` is set; every
    route but ``/health`` and the schema is rate-limited per client unless
    ``IMPACT_RATE_LIMIT=0``; bodies are checked for size, media type and JSON depth, query
    parameters for repeats (:mod:`api.params`); every response carries the security headers;
    CORS only for ``IMPACT_CORS_ORIGINS``.
    """
    settings = settings or get_settings()
    api_keys = keys.ApiKeys(settings.api_keys)
    _warn_if_open(api_keys)
    middleware: list[ASGIMiddleware] = []
    if settings.rate_limit:
        middleware.append(RateLimitMiddleware(TokenBuckets(settings.rate_limit)))
    middleware.append(RequestChecks())  # after the rate limit: a throttled client is told so
    app = Litestar(
        route_handlers=[
            health,
            health_head,
            compute_metrics,
            PlanController,
            CompareController,
            TableController,
            compute_impact,
            list_regions,
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
        response_class=PydanticJSONResponse,
        plugins=[
            WithJsonSchemaPlugin(),
            VariadicTuplePlugin(),
            RootModelPlugin(),
            PydanticPlugin(prefer_alias=True),
        ],
        request_max_body_size=settings.max_body_bytes,
        request_class=JsonBodyRequest.with_depth(
            settings.max_json_depth, settings.max_json_containers
        ),
        dependencies={"caller": Provide(keys.provide_caller)},
        middleware=middleware,
        before_send=[ResponseHeaders()],
        cors_config=cors_config(settings.cors_origins),
        state=State({keys.STATE_KEY: api_keys}),
        logging_config=None,
        openapi_config=OpenAPIConfig(
            title="impact — economic-impact calculator",
            version=impact.__version__,
            description=(
                "Derived metrics, input-output (Leontief) audits, comparisons and what-if "
                "scenarios for public investment plans, on Bank of Korea tables. "
                "Errors are RFC 9457 application/problem+json."
            ),
            use_handler_docstrings=True,
            render_plugins=[
                OfflineSwaggerPlugin(path=["/", "/swagger"]),
                JsonRenderPlugin(path="/openapi.json"),
            ],
            openapi_router=openapi_router(),
            components=Components(security_schemes=dict(SECURITY_SCHEMES)),
        ),
        debug=False,
    )
    document_common_responses(app)
    finish_openapi(app)
    resolve_dependencies_in_turn(app)
    return app


def resolve_dependencies_in_turn(app: Litestar) -> None:
    """Make every route resolve its dependencies one after another.

    Litestar resolves the dependencies of one level of a handler's dependency graph
    concurrently, each in a task of an anyio task group, whenever there are two or more
    (``session`` and ``caller`` for a save, ``session`` and ``tables`` for an audit). Ours
    do no I/O when they are resolved (a session opens its connection on first use), so the
    tasks only cost time: they start on a later turn of the event loop, which a busy loop
    makes long (measured in the README, *Saved plans, the database and workers*). One
    dependency per level is what Litestar awaits directly
    (:meth:`KwargsModel.resolve_dependencies`); the order within a level is by name, and
    each level still comes after the ones it depends on. Only the routes registered by then
    (all of :func:`create_app`'s) are changed.
    """
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for _, model in route.route_handler_map.values():
            model.dependency_batches = [
                {dependency}
                for batch in model.dependency_batches
                for dependency in sorted(batch, key=lambda d: d.key)
            ]


def freeze_heap() -> None:
    """Move every object alive after start-up out of the garbage collector's sight.

    A full collection walks the whole heap: ≈ 40 ms for the ≈ 150,000 objects of the
    started app (modules, schemas, the BOK model), a pause that every request waiting at
    the time adds to its latency. What start-up builds lives as long as the process, so
    it is frozen (:func:`gc.freeze`) and later collections walk only what requests leave
    behind. Only the service does this (:func:`create_service`): a process that builds
    many apps, such as the test suite, would keep each one's objects for good.
    """
    gc.collect()
    gc.freeze()


def _gc_policy(app: Litestar) -> GcPolicy:
    runner = app.state.get(JOBS_KEY)
    return GcPolicy(busy=lambda: isinstance(runner, JobRunner) and runner.busy)


def create_service() -> Litestar:
    """The app ``python -m api`` serves: :func:`create_app`, its heap frozen once started,
    full garbage collections only when no job runs (:mod:`api.gcpolicy`), log records
    without the caller's file and line (:func:`api.logs.skip_record_extras`)."""
    skip_record_extras()
    app = create_app()
    policies: list[GcPolicy] = []

    def start_gc_policy(app: Litestar) -> None:
        policies.append(_gc_policy(app))
        policies[-1].start()

    async def stop_gc_policy() -> None:
        for policy in policies:
            await policy.stop()

    app.on_startup.extend([freeze_heap, start_gc_policy])
    app.on_shutdown.insert(0, stop_gc_policy)
    return app
