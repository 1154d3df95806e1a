"""The documentation at ``/schema``: Swagger UI from vendored files, no CDN, no inline code.

Litestar's render plugins load their UI from a CDN and start it with an inline script;
both break an offline machine and ``Content-Security-Policy: default-src 'self'``.
:class:`OfflineSwaggerPlugin` renders a page that loads only files this app serves:
``/schema/assets/vendor/swagger-ui-bundle.js`` and ``swagger-ui.css`` (``swagger-ui-dist``,
vendored by ``make assets``) and ``/schema/assets/docs.js``, which starts the UI on
``/schema/openapi.json``. It serves ``/schema`` itself and ``/schema/swagger``.

Unknown paths under ``/schema`` answer a 404 ``application/problem+json`` like every other
unknown path: :func:`openapi_router` gives the documentation's router an ``after_request``
hook that turns Litestar's HTML 404 page into a :class:`~litestar.exceptions.NotFoundException`
for ``api.errors``.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from litestar import Request, Response, Router
from litestar.datastructures import CacheControlHeader
from litestar.exceptions import NotFoundException
from litestar.openapi.plugins import OpenAPIRenderPlugin
from litestar.static_files import create_static_files_router
from litestar.status_codes import HTTP_404_NOT_FOUND

__all__ = ["ASSETS_DIR", "DOCS_PATH", "OfflineSwaggerPlugin", "openapi_router"]

DOCS_PATH = "/schema"
ASSETS_DIR = Path(__file__).resolve().parent / "static"
ASSETS = "/assets"


class OfflineSwaggerPlugin(OpenAPIRenderPlugin):
    """Swagger UI at ``/schema`` and ``/schema/swagger`` from files this app serves."""

    def __init__(self, *, path: str | list[str] = "/swagger") -> None:
        super().__init__(path=path, favicon="", style="")

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        """The page: the vendored stylesheet and bundle, and ``docs.js`` to start them."""
        title = html.escape(str(openapi_schema.get("info", {}).get("title", "API")))
        spec = html.escape(self.get_openapi_json_route(request), quote=True)
        assets = f"{DOCS_PATH}{ASSETS}"
        page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}: API documentation</title>
<link rel="icon" href="{assets}/favicon.svg">
<link rel="stylesheet" href="{assets}/vendor/swagger-ui.css">
<link rel="stylesheet" href="{assets}/docs.css">
</head>
<body>
<header class="docs-header"><a href="/">impact</a><a href="{spec}">openapi.json</a></header>
<noscript>The documentation needs JavaScript; the document itself is
<a href="{spec}">{spec}</a>.</noscript>
<div id="swagger-ui" data-spec-url="{spec}"></div>
<script src="{assets}/vendor/swagger-ui-bundle.js"></script>
<script src="{assets}/docs.js"></script>
</body>
</html>
"""
        return page.encode()

    def receive_router(self, router: Router) -> None:
        """Serve the vendored files under ``/schema/assets``."""
        router.register(
            create_static_files_router(
                path=ASSETS,
                directories=[ASSETS_DIR],
                name="docs-assets",
                include_in_schema=False,
                cache_control=CacheControlHeader(no_cache=True),
            )
        )


def _problem_for_missing_page(response: Response[Any]) -> Response[Any]:
    """Litestar answers an unknown ``/schema/<name>`` with an HTML page: make it a problem."""
    if response.status_code == HTTP_404_NOT_FOUND:
        raise NotFoundException(detail="no documentation page at this path; see /schema")
    return response


def openapi_router() -> Router:
    """The router the documentation is served from (``OpenAPIConfig.openapi_router``)."""
    return Router(
        DOCS_PATH,
        route_handlers=[],
        include_in_schema=False,
        after_request=_problem_for_missing_page,
    )
