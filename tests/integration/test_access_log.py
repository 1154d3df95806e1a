"""The access log's direct line (:class:`api.logs.AccessLog`) is the line the logging chain
writes (:class:`api.logs.JsonFormatter`), byte for byte, and is used only where the logging
set-up is :func:`api.logs.logging_config`'s."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import logging.config
import time
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from uvicorn.config import Config
from uvicorn.server import ServerState

from api.logs import AccessLog, access_log, logging_config
from api.serving import ServingLimits, guarded_protocol

ACCESS = '%s - "%s %s HTTP/%s" %d'
NAMES = ("", "uvicorn", "uvicorn.access", "uvicorn.error", "impact", "alembic")


@contextlib.contextmanager
def ours() -> Iterator[io.StringIO]:
    """``logging_config("info")`` alone (no pytest capture handler), its stderr handler
    writing to a buffer; the loggers as they were afterwards."""
    saved = {
        name: (lg.handlers[:], lg.filters[:], lg.level, lg.propagate, lg.disabled)
        for name in NAMES
        for lg in [logging.getLogger(name)]
    }
    logging.config.dictConfig(logging_config("info"))
    buffer = io.StringIO()
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(buffer)
    try:
        yield buffer
    finally:
        for name, (handlers, filters, level, propagate, disabled) in saved.items():
            lg = logging.getLogger(name)
            lg.handlers[:], lg.filters[:] = handlers, filters
            lg.level, lg.propagate, lg.disabled = level, propagate, disabled


def _both(buffer: io.StringIO, args: tuple[object, ...], message: str = ACCESS) -> tuple[str, str]:
    """The line of the logging chain and the direct line for ``args``, at one instant."""
    fast = access_log()
    assert isinstance(fast, AccessLog)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(time, "time", lambda: 1_764_000_000.123456)
        patch.setattr(time, "time_ns", lambda: 1_764_000_000_123_456_000)
        logging.getLogger("uvicorn.access").info(message, *args)
        chained = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        fast.info(message, *args)
        direct = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return chained, direct


@given(
    client=st.text(max_size=60),
    method=st.text(max_size=10),
    path=st.text(max_size=200),
    version=st.sampled_from(["1.0", "1.1"]),
    status=st.integers(100, 599),
)
def test_the_direct_line_is_the_chains_line(
    client: str, method: str, path: str, version: str, status: int
) -> None:
    with ours() as buffer:
        chained, direct = _both(buffer, (client, method, path, version, status))
    assert chained.endswith("\n") and chained.count("\n") == 1
    assert direct == chained


def test_text_json_cannot_hold_goes_down_the_chain() -> None:
    with ours() as buffer:
        chained, direct = _both(buffer, ("127.0.0.1:5", "GET", "/v1/\udcff", "1.1", 200))
    assert direct == chained and "\\udcff" in chained


def test_other_messages_and_levels_are_the_loggers() -> None:
    with ours() as buffer:
        chained, direct = _both(buffer, ("only", "three", "args"), "%s %s %s")
        assert direct == chained != ""
        logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
        assert _both(buffer, ("127.0.0.1:5", "GET", "/", "1.1", 200)) == ("", "")


@pytest.mark.parametrize(
    "change",
    [
        lambda: logging.getLogger("uvicorn.access").addFilter(lambda r: True),
        lambda: logging.getLogger("uvicorn").addHandler(logging.NullHandler()),
        lambda: setattr(logging.getLogger("uvicorn.access"), "propagate", False),
        lambda: logging.getLogger().addHandler(logging.NullHandler()),
        lambda: logging.getLogger().handlers[0].setFormatter(logging.Formatter()),
        lambda: logging.getLogger().handlers[0].addFilter(lambda r: True),
    ],
)
def test_any_other_set_up_keeps_the_chain(change: object) -> None:
    with ours():
        assert access_log() is not None
        change()  # type: ignore[operator]
        assert access_log() is None


def test_a_set_up_changed_later_is_followed_line_by_line() -> None:
    with ours() as buffer:
        fast = access_log()
        assert fast is not None
        logging.getLogger("uvicorn.access").addFilter(lambda record: False)
        fast.info(ACCESS, "127.0.0.1:5", "GET", "/", "1.1", 200)
        assert buffer.getvalue() == ""


def test_the_served_protocol_logs_directly_only_under_our_set_up() -> None:
    limits = ServingLimits(
        header_timeout=1, body_timeout=1, max_header_bytes=1024, max_connections=1,
        keep_alive_requests=None,
    )  # fmt: skip
    config = Config(app=_app, log_config=None)
    loop = asyncio.new_event_loop()
    try:

        def access_logger() -> object:
            protocol = guarded_protocol(limits)(config, ServerState(), {}, loop)
            return protocol.access_logger

        with ours():
            assert isinstance(access_logger(), AccessLog)
            logging.getLogger().handlers[0].setFormatter(logging.Formatter())
            assert isinstance(access_logger(), logging.Logger)
    finally:
        loop.close()


async def _app(scope: object, receive: object, send: object) -> None:  # pragma: no cover
    return None


def test_a_broken_stream_is_the_handlers_problem_not_the_requests() -> None:
    with ours() as buffer:
        fast = access_log()
        assert fast is not None
        buffer.close()  # as stderr whose reader is gone
        fast.info(ACCESS, "127.0.0.1:5", "GET", "/", "1.1", 200)  # no exception
