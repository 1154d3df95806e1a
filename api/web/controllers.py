"""``GET /`` (the page) and ``/static/*`` (its scripts, styles, strings, vendored chart library
and the map of Korea's 17 regions).

The page is plain HTML, CSS and JavaScript modules with no build step and no CDN, so it
works offline. It calls only the public API, and holds no inline scripts or styles (a
``Content-Security-Policy: default-src 'self'`` header does not break it). The map's
boundary file is served from where it ships, ``seeds/data/maps/`` (with its provenance),
at ``/static/maps/``: one copy, no tile server.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Annotated

from litestar import MediaType, Response, Router, get
from litestar.datastructures import CacheControlHeader
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter
from litestar.response import File

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


def _assets() -> dict[str, Path]:
    """Every file under :data:`STATIC_DIR` by its path below ``/static/``, and the boundary
    files of :data:`MAPS_DIR` below ``/static/maps/``."""
    return {
        prefix + path.relative_to(root).as_posix(): path
        for prefix, root in (("/", STATIC_DIR), ("/maps/", MAPS_DIR))
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def static_files() -> Router:
    """``/static/...``: the page's assets and ``/static/maps/...`` the boundary file of the
    17 regions (revalidated on each load; they are small).

    The request path is looked up in the list of files made at start-up, never handed
    to the file system: ``/static/%00``, a 300-character name or ``/static/favicon.svg/x``
    used to raise from ``open()`` (500); anything not in the list is 404.
    """
    assets = _assets()

    @get(
        "/{path:path}",
        include_in_schema=False,
        cache_control=CacheControlHeader(no_cache=True),
        name="static",
    )
    async def asset(path: Annotated[str, PathParameter(description="file below /static")]) -> File:
        """One asset of the page."""
        found = assets.get(path if path.startswith("/") else "/" + path)
        if found is None:
            raise NotFoundException(
                detail=f"no asset at /static{path[:100]}", extra={"field": "path"}
            )
        media_type = (
            "application/geo+json"
            if found.suffix == ".geojson"
            else mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        )
        return File(path=found, media_type=media_type, content_disposition_type="inline")

    return Router(path="/static", route_handlers=[asset])
