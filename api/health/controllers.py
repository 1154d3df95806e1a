"""Liveness: ``GET /health``."""

from __future__ import annotations

from litestar import get
from pydantic import BaseModel

import impact
from api.security.ratelimit import EXEMPT


class Health(BaseModel):
    """The service is up."""

    status: str
    version: str


@get(
    "/health",
    operation_id="getHealth",
    tags=["service"],
    summary="Liveness check",
    opt={EXEMPT: True},  # monitors poll it; it does no work
)
async def health() -> Health:
    """Answer 200 while the service is able to handle requests."""
    return Health(status="ok", version=impact.__version__)
