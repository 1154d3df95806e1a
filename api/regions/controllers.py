"""``GET /v1/regions``: Korea's 17 regions, the names a plan may give, and their data."""

from __future__ import annotations

from functools import cache

from litestar import get

from impact.effects import RegionInfo, region_catalogue
from impact.io import load_bok_2023

__all__ = ["list_regions"]


@cache
def _catalogue() -> list[RegionInfo]:
    return region_catalogue(load_bok_2023())


@get(
    "/v1/regions",
    operation_id="listRegions",
    tags=["regions"],
    summary="Korea's 17 regions (시·도) and their regional coefficients",
)
async def list_regions() -> list[RegionInfo]:
    """The 17 regions a plan's `region` (or `POST /v1/impact`'s) may name, in KOSTAT code
    order: key, 2-digit code (as in the page's map), short and official names in Korean and
    English, the vintage of their BOK regional coefficients (2020) and the sectors each
    region does not make (source placeholders: spending on them is counted in the rest of
    Korea). A plan without `region` is placed by its `city` (a region, or one of its cities
    and counties: 창원 → 경남, 수원 → 경기); a city that names no region is analysed nationally."""
    return _catalogue()
