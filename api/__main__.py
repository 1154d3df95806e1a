"""``python -m api``: run the service with uvicorn on the configured host and port.

Logs are JSON lines on stderr (:mod:`api.logs`). The heap built at start-up is frozen
(:func:`api.app.freeze_heap`).
"""

from __future__ import annotations

import uvicorn

from api.logs import logging_config
from api.settings import get_settings


def main() -> None:
    settings = get_settings()
    uvicorn.run(
        "api.app:create_service",
        factory=True,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        log_config=logging_config(settings.log_level),
        server_header=False,
    )


if __name__ == "__main__":
    main()
