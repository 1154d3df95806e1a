"""Liveness: ``GET /health``."""

from __future__ import annotations

from litestar import get, head
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


@head(
    "/health",
    operation_id="headHealth",
    tags=["service"],
    summary="Liveness check without a body",
    opt={EXEMPT: True},
)
async def health_head() -> None:
    """`GET /health` without the body: 200 while the service is able to handle requests
    (load balancers and uptime monitors often probe with HEAD)."""
