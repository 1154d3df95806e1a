"""``GET /`` (the page) and ``/static/*`` (its scripts, styles, strings and vendored chart library).

The page is plain HTML, CSS and JavaScript modules with no build step and no CDN, so it
works offline. It calls only the public API, and holds no inline scripts or styles (a
``Content-Security-Policy: default-src 'self'`` header does not break it).
"""

from __future__ import annotations

from pathlib import Path

from litestar import MediaType, Response, Router, get
from litestar.datastructures import CacheControlHeader
from litestar.static_files import create_static_files_router

__all__ = ["INDEX_HTML", "STATIC_DIR", "index", "static_files"]

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
INDEX_HTML = WEB_DIR / "index.html"


@get("/", include_in_schema=False, cache_control=CacheControlHeader(no_cache=True))
async def index() -> Response[bytes]:
    """The web page: plans, audit, comparison and what-ifs as charts."""
    return Response(INDEX_HTML.read_bytes(), media_type=MediaType.HTML)  # Litestar adds the charset


def static_files() -> Router:
    """``/static/...``: the page's assets (revalidated on each load; they are small)."""
    return create_static_files_router(
        path="/static",
        directories=[STATIC_DIR],
        name="static",
        include_in_schema=False,
        cache_control=CacheControlHeader(no_cache=True),
    )
