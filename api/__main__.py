"""``python -m api``: run the service with uvicorn on the configured host and port.

Logs are JSON lines on stderr (:mod:`api.logs`). The heap built at start-up is frozen
(:func:`api.app.freeze_heap`). Connections get read deadlines and a cap, and proxy headers
are believed only from ``IMPACT_TRUSTED_PROXIES`` (:mod:`api.serving`).
"""

from __future__ import annotations

import uvicorn

from api.logs import logging_config
from api.serving import FD_RESERVE, ServingLimits, guarded_protocol, raise_file_limit
from api.settings import get_settings


def main() -> None:
    settings = get_settings()
    files = raise_file_limit(settings.max_connections + FD_RESERVE)
    connections = max(16, min(settings.max_connections, files - FD_RESERVE))
    limits = ServingLimits(
        header_timeout=settings.header_timeout,
        body_timeout=settings.body_timeout,
        max_header_bytes=settings.max_header_bytes,
        max_connections=connections,
    )
    uvicorn.run(
        "api.app:create_service",
        factory=True,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        log_config=logging_config(settings.log_level),
        server_header=False,
        http=guarded_protocol(limits),
        timeout_keep_alive=settings.keep_alive_timeout,
        # a backstop only: the protocol keeps connections at or below `connections`
        limit_concurrency=connections + FD_RESERVE,
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=list(settings.trusted_proxies) or None,
    )


if __name__ == "__main__":
    main()
