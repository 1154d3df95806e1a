"""``GET /`` (the page) and ``/static/*`` (its scripts, styles, strings, vendored chart library
and the map of Korea's 17 regions).

The page is plain HTML, CSS and JavaScript modules with no build step and no CDN, so it
works offline. It calls only the public API, and holds no inline scripts or styles (a
``Content-Security-Policy: default-src 'self'`` header does not break it). The map's
boundary file is served from where it ships, ``seeds/data/maps/`` (with its provenance),
at ``/static/maps/``: one copy, no tile server.
"""

from __future__ import annotations

from pathlib import Path

from litestar import MediaType, Response, Router, get
from litestar.datastructures import CacheControlHeader
from litestar.static_files import create_static_files_router

from impact.data import seeds_dir

__all__ = ["INDEX_HTML", "MAPS_DIR", "STATIC_DIR", "index", "static_files"]

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
INDEX_HTML = WEB_DIR / "index.html"
MAPS_DIR = seeds_dir() / "data" / "maps"


@get("/", include_in_schema=False, cache_control=CacheControlHeader(no_cache=True))
async def index() -> Response[bytes]:
    """The web page: plans, audit, comparison and what-ifs as charts."""
    return Response(INDEX_HTML.read_bytes(), media_type=MediaType.HTML)  # Litestar adds the charset


def static_files() -> Router:
    """``/static/...``: the page's assets, and ``/static/maps/...`` the boundary file of the
    17 regions (revalidated on each load; they are small)."""
    cache = CacheControlHeader(no_cache=True)
    return Router(
        path="/static",
        route_handlers=[
            create_static_files_router(
                path="/maps",
                directories=[MAPS_DIR],
                name="maps",
                include_in_schema=False,
                cache_control=cache,
            ),
            create_static_files_router(
                path="/",
                directories=[STATIC_DIR],
                name="static",
                include_in_schema=False,
                cache_control=cache,
            ),
        ],
    )
