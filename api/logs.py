"""Structured logs: one JSON object per line, without secrets.

``python -m api`` configures every logger (ours, uvicorn's, alembic's) with
:func:`logging_config`, so that each record is a line such as::

    {"time":"2026-11-22T09:14:03.512Z","level":"info","logger":"uvicorn.access","pid":4211,
     "client":"127.0.0.1","method":"POST","path":"/v1/plans","status":201,"message":"request"}

(one line; wrapped here).

What is never logged: API keys (they are not even kept, see :mod:`api.security.keys`),
request or response bodies, and query strings (the access log records the path only).
The database drivers' loggers stay at WARNING whatever ``IMPACT_LOG_LEVEL`` says:
at DEBUG, aiosqlite logs every statement with its parameters -- whole plan documents.
A 500's traceback is logged, but not returned to the client (:mod:`api.errors`).
"""

from __future__ import annotations

import json
import logging
import math
import os
import time
from typing import Any, Final

import msgspec

__all__ = ["AccessLog", "JsonFormatter", "access_log", "logging_config", "skip_record_extras"]

_ACCESS_LOGGER: Final = "uvicorn.access"
_FIELDS: Final = ("method", "path", "status", "client", "key_id", "plan_id")


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON (time in UTC, level, logger, message, fields)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": _utc_milliseconds(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,  # which worker, when IMPACT_WORKERS > 1
        }
        if record.name == _ACCESS_LOGGER and _is_uvicorn_access(record.args):
            entry.update(_access_fields(record.args))
            entry["message"] = "request"
        else:
            entry["message"] = record.getMessage()
        entry.update({name: getattr(record, name) for name in _FIELDS if hasattr(record, name)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        try:
            return _encode(entry).decode()
        except UnicodeEncodeError:  # a lone surrogate (a file name read as bytes): escaped
            return json.dumps(entry, default=str)


_encode = msgspec.json.Encoder(enc_hook=str).encode
"""JSON in UTF-8 (no ``\\u`` escapes for Hangul), anything else as its ``str``."""

_second: tuple[int, str] = (-1, "")
"""The last second written and its text: one ``strftime`` a second, not one a record."""


def _utc_milliseconds(created: float) -> str:
    """``2026-11-22T09:14:03.512Z``: UTC, as ``datetime`` writes it (the time rounded to the
    microsecond, then cut to the millisecond)."""
    global _second  # noqa: PLW0603 - a tuple swapped whole, safe across threads
    fraction, seconds = math.modf(created)  # datetime's own steps, so the same millisecond
    micro = round(fraction * 1e6)
    whole = int(seconds) + (micro >= 1_000_000) - (micro < 0)
    micro %= 1_000_000
    second, text = _second
    if second != whole:
        text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole))
        _second = (whole, text)
    return f"{text}.{micro // 1000:03d}Z"


def skip_record_extras() -> None:
    """Records skip what no line of ours shows: the caller's file and line (a walk up the
    stack for every record), the thread and the multiprocessing name -- the logging HOWTO's
    "Optimization" settings (what they save: README, *Performance*)."""
    logging._srcfile = None  # the HOWTO's documented switch
    logging.logThreads = False
    logging.logMultiprocessing = False


def _is_uvicorn_access(args: Any) -> bool:
    # uvicorn logs '%s - "%s %s HTTP/%s" %d' with (client, method, path+query, version, status)
    return isinstance(args, tuple) and len(args) == 5


def _access_fields(args: Any) -> dict[str, Any]:
    client, method, full_path, _version, status = args
    return {
        "client": str(client).rsplit(":", 1)[0],
        "method": str(method),
        "path": str(full_path).split("?", 1)[0],
        "status": status,
    }


class AccessLog:
    """uvicorn's access logger, for the connection protocol (:mod:`api.serving`): the line
    :class:`JsonFormatter` writes for the record, written straight to the stream of the one
    handler :func:`logging_config` sets up, without building the record and passing it down
    the loggers (what that saves: README, *Performance*). The set-up is checked again for
    every line; what it does not expect goes to the logger as before: another set-up (changed
    since, too), another message, a handler set above INFO, text JSON cannot hold."""

    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger
        self._pid = os.getpid()

    def info(self, msg: str, *args: Any) -> None:
        """Log uvicorn's access line ``msg % args`` (client, method, path, version, status)."""
        if not self._logger.isEnabledFor(logging.INFO):
            return
        handler = _direct_handler(self._logger)
        if handler is None or handler.level > logging.INFO or not _is_uvicorn_access(args):
            self._logger.info(msg, *args)
            return
        entry = {
            "time": _utc_milliseconds(time.time()),
            "level": "info",
            "logger": _ACCESS_LOGGER,
            "pid": self._pid,
            **_access_fields(args),
            "message": "request",
        }
        try:
            line = _encode(entry).decode()
        except UnicodeEncodeError:
            self._logger.info(msg, *args)
            return
        handler.acquire()
        try:
            handler.stream.write(line + handler.terminator)
            handler.flush()
        except Exception:  # a broken stream (reader gone): the handler's own error handling
            self._logger.info(msg, *args)
        finally:
            handler.release()


def _direct_handler(logger: logging.Logger) -> logging.StreamHandler[Any] | None:
    """The root's one handler when the set-up is :func:`logging_config`'s: no handler or filter
    on the way from ``logger`` to the root, and that handler a stream handler with a
    :class:`JsonFormatter` and no filter. ``None`` otherwise."""
    node: logging.Logger | None = logger
    while node is not None and node.parent is not None:  # up to the root
        if node.handlers or node.filters or not node.propagate:
            return None
        node = node.parent
    root = logging.root
    if root.filters or len(root.handlers) != 1:
        return None
    [handler] = root.handlers
    if (
        type(handler) is not logging.StreamHandler
        or handler.filters
        or type(handler.formatter) is not JsonFormatter
    ):
        return None
    return handler


def access_log() -> AccessLog | None:
    """An :class:`AccessLog` for ``uvicorn.access`` when the set-up is :func:`logging_config`'s
    (:func:`_direct_handler`), ``None`` otherwise."""
    logger = logging.getLogger(_ACCESS_LOGGER)
    return AccessLog(logger) if _direct_handler(logger) is not None else None


QUIET_LOGGERS: Final = ("aiosqlite", "asyncpg", "sqlalchemy", "httpx", "httpcore")
"""Loggers kept at WARNING: at lower levels they log statements' parameters or bodies."""


def logging_config(level: str = "info") -> dict[str, Any]:
    """A :func:`logging.config.dictConfig` dict: JSON lines on stderr for every logger."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    level_name = level.upper()
    loggers = {
        name: {"handlers": [], "level": level_name, "propagate": True}
        for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "impact", "alembic")
    }
    loggers |= {name: {"handlers": [], "level": "WARNING"} for name in QUIET_LOGGERS}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"stderr": handler},
        "root": {"handlers": ["stderr"], "level": level_name},
        "loggers": loggers,
    }
