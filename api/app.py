"""The application factory: every route, handler and resource is composed here."""

from __future__ import annotations

from litestar import Litestar
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin

import impact
from api.errors import exception_handlers
from api.health.controllers import health
from api.metrics.controllers import compute_metrics
from api.openapi import WithJsonSchemaPlugin
from api.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the Litestar app for ``settings`` (default: from the environment)."""
    settings = settings or get_settings()
    return Litestar(
        route_handlers=[health, compute_metrics],
        exception_handlers=exception_handlers,
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
