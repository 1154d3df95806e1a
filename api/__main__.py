"""``python -m api``: run the service with uvicorn on the configured host and port.

``IMPACT_WORKERS`` processes (default: the machine's CPU cores) share the port; each
builds the app itself (:func:`api.app.create_service`). Their start-up is safe to run at
once on one database: migrations take the write lock (SQLite ``BEGIN IMMEDIATE``) or an
advisory lock (PostgreSQL) and the later ones find nothing to do, the shipped plans are
inserted if absent (``ON CONFLICT DO NOTHING``), and switching a new SQLite file to WAL is
retried (:mod:`api.db.engine`). Jobs live in the database, so any worker answers for any
job. What each process keeps for itself: its rate-limit buckets (a client gets up to
``IMPACT_WORKERS`` times ``IMPACT_RATE_LIMIT``; :mod:`api.security.ratelimit`), its cache
of factorised tables, its SQLite write queue (other processes wait in ``busy_timeout``),
its job threads and its connection cap (``IMPACT_MAX_CONNECTIONS`` per worker).

Logs are JSON lines on stderr (:mod:`api.logs`). The heap built at start-up is frozen
(:func:`api.app.freeze_heap`). Connections get read deadlines and a cap, and proxy headers
are believed only from ``IMPACT_TRUSTED_PROXIES`` (:mod:`api.serving`). The loop is uvloop
accepting up to 16 pending connections at each turn (:mod:`api.loop`), unless ``IMPACT_LOOP`` is
``asyncio``.
"""

from __future__ import annotations

import uvicorn

from api.logs import logging_config
from api.serving import FD_RESERVE, raise_file_limit, served_limits, uvicorn_loop
from api.settings import get_settings


def main() -> None:
    settings = get_settings()
    raise_file_limit(settings.max_connections + FD_RESERVE)  # the workers inherit it
    connections = served_limits().max_connections
    uvicorn.run(
        "api.app:create_service",
        factory=True,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        log_config=logging_config(settings.log_level),
        server_header=False,
        http="api.serving:ServedProtocol",
        workers=settings.workers,
        loop=uvicorn_loop(settings.loop),
        timeout_keep_alive=settings.keep_alive_timeout,
        # a backstop only: the protocol keeps connections at or below `connections`
        limit_concurrency=connections + FD_RESERVE,
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=list(settings.trusted_proxies) or None,
    )


if __name__ == "__main__":
    main()
