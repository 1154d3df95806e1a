"""The event loop of ``python -m api``: uvloop, accepting many connections at each turn.

libuv accepts one connection per turn of its loop (libuv pull request 3696, 2022: "don't
accept() connections in a loop"). A saturated worker's turn runs every request that is
ready -- 64 × 0.5 ms under ``make bench`` -- so a burst of 64 new connections took 64 turns,
each longer than the last, to be let in: the last one waited ≈ 0.9 s for its first answer
while the connections already open were answered every 35 ms (p99 585 ms for a p50 of 36 ms).
asyncio's own loop accepts up to the backlog at each turn, but it is slower to answer
``/health`` while jobs compute in threads (README, *Performance*).

:class:`GreedyAcceptLoop` is uvloop with a ``create_server`` that listens on its own
sockets and, whenever one is readable, accepts the pending connections (up to
:data:`ACCEPTS_PER_TURN`, and at most :data:`MAX_SETTING_UP` not yet set up) and hands each
to uvloop (``connect_accepted_socket``).
Everything after the accept -- reading, writing, timers -- is uvloop's. TLS, Unix sockets
and servers that do not start serving at once are left to uvloop's own ``create_server``.

uvicorn is given :func:`new_event_loop` as its loop factory (``api.__main__``).
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import uvloop

__all__ = ["AcceptingServer", "GreedyAcceptLoop", "new_event_loop"]

logger = logging.getLogger("uvicorn.error")

_OUT_OF_RESOURCES = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})
ACCEPTS_PER_TURN = 16
"""Most connections accepted from one listening socket at one turn of the loop."""
MAX_SETTING_UP = 32
"""Most accepted connections not yet set up, for the whole server. Such a connection holds a
file descriptor for two turns before ``connection_made`` lets the connection cap of
:mod:`api.serving` count it, so this stays at half that cap's reserve of 64 descriptors: 1,100
idle connections accepted at once ran the process out of descriptors."""
RETRY_ACCEPT_S = 0.1
"""Out of file descriptors or memory: accepting pauses this long [s] (asyncio's loop: 1 s;
here the connection cap frees descriptors within a turn or two by closing idle ones)."""


class AcceptingServer(asyncio.AbstractServer):
    """Listening sockets whose pending connections are accepted, many at each readiness."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        sockets: Iterable[socket.socket],
        protocol_factory: Callable[[], asyncio.BaseProtocol],
        backlog: int,
    ) -> None:
        self._loop = loop
        self._sockets = tuple(sockets)
        self._factory = protocol_factory
        self._backlog = backlog
        self._serving = False
        self._closed = asyncio.Event()
        self._connecting: set[asyncio.Task[Any]] = set()
        self._unstarted: set[socket.socket] = set()  # accepted, their set-up not begun

    @property
    def sockets(self) -> tuple[socket.socket, ...]:
        """The listening sockets (empty once closed)."""
        return () if self._closed.is_set() else self._sockets

    def _listen(self, listener: socket.socket) -> None:
        if self._serving:
            self._loop.add_reader(listener.fileno(), self._accept, listener)

    async def start_serving(self) -> None:
        """Listen and accept (idempotent)."""
        if self._serving or self._closed.is_set():
            return
        self._serving = True
        for listener in self._sockets:
            listener.setblocking(False)
            listener.listen(self._backlog)
            self._listen(listener)

    def _accept(self, listener: socket.socket) -> None:
        room = min(self._backlog, ACCEPTS_PER_TURN, MAX_SETTING_UP - len(self._connecting))
        for _ in range(room):
            try:
                conn, _ = listener.accept()
            except (BlockingIOError, InterruptedError):
                return  # nothing more pending
            except ConnectionAbortedError:
                continue  # the client gave up before it was accepted
            except OSError as exc:
                if exc.errno not in _OUT_OF_RESOURCES:
                    raise
                logger.error(
                    "cannot accept a connection (%s); accepting again in %g s",
                    exc.strerror,
                    RETRY_ACCEPT_S,
                )
                self._loop.remove_reader(listener.fileno())
                self._loop.call_later(RETRY_ACCEPT_S, self._listen, listener)
                return
            conn.setblocking(False)
            self._unstarted.add(conn)
            task = self._loop.create_task(self._connect(conn))
            self._connecting.add(task)
            task.add_done_callback(self._connecting.discard)

    async def _connect(self, conn: socket.socket) -> None:
        self._unstarted.discard(conn)
        if self._closed.is_set():  # closed before this set-up began: the socket is closed
            return
        try:
            await self._loop.connect_accepted_socket(self._factory, conn)
        except Exception:  # the connection is lost, not the server
            logger.exception("could not set up an accepted connection")
            conn.close()
        except BaseException:  # cancelled (the loop closing): not left to the GC
            conn.close()  # a no-op when uvloop's transport has taken the socket
            raise

    def close(self) -> None:
        """Stop accepting and close the listening sockets; open connections stay, those whose
        set-up has not begun are closed."""
        if self._closed.is_set():
            return
        for conn in self._unstarted:
            conn.close()
        self._unstarted.clear()
        for listener in self._sockets:
            if self._serving:
                self._loop.remove_reader(listener.fileno())
            listener.close()
        self._serving = False
        self._closed.set()

    async def wait_closed(self) -> None:
        """Return once :meth:`close` has been called."""
        await self._closed.wait()

    def get_loop(self) -> asyncio.AbstractEventLoop:
        """The loop the server runs on."""
        return self._loop

    def is_serving(self) -> bool:
        """Whether it is accepting connections."""
        return self._serving

    async def serve_forever(self) -> None:
        """Accept until closed."""
        await self.start_serving()
        await self.wait_closed()


def _bind(
    infos: Iterable[tuple[Any, ...]], reuse_address: bool | None, reuse_port: bool | None
) -> list[socket.socket]:
    """A bound TCP socket per distinct address of ``getaddrinfo``, as asyncio and uvloop bind
    them (an address family this machine cannot open is skipped)."""
    sockets: list[socket.socket] = []
    try:
        for family, kind, proto, _, address in dict.fromkeys(infos):
            try:
                sock = socket.socket(family, kind, proto)
            except OSError:
                continue  # e.g. IPv6 turned off
            sockets.append(sock)
            if reuse_address is not False:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if reuse_port:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            if family == socket.AF_INET6:  # "::" must not also claim the IPv4 port
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                sock.bind(address)
            except OSError as exc:
                raise OSError(
                    exc.errno, f"error while attempting to bind on address {address!r}: {exc}"
                ) from None
    except BaseException:
        for sock in sockets:
            sock.close()
        raise
    if not sockets:
        raise OSError("no address to listen on could be opened")
    return sockets


class GreedyAcceptLoop(uvloop.Loop):
    """uvloop whose TCP servers accept up to :data:`ACCEPTS_PER_TURN` connections a turn."""

    async def create_server(  # type: ignore[override]
        self,
        protocol_factory: Callable[[], asyncio.BaseProtocol],
        host: str | Sequence[str] | None = None,
        port: int | None = None,
        *,
        family: int = socket.AF_UNSPEC,
        flags: int = socket.AI_PASSIVE,
        sock: socket.socket | None = None,
        backlog: int = 100,
        ssl: Any = None,
        reuse_address: bool | None = None,
        reuse_port: bool | None = None,
        **kwargs: Any,
    ) -> asyncio.AbstractServer:
        """As :meth:`asyncio.loop.create_server` (TCP without TLS: an :class:`AcceptingServer`)."""
        tcp = sock is None or sock.family in (socket.AF_INET, socket.AF_INET6)
        if ssl is not None or kwargs or not tcp:
            options: dict[str, Any] = {
                "host": host, "port": port, "family": family, "flags": flags, "sock": sock,
                "backlog": backlog, "ssl": ssl, "reuse_address": reuse_address,
                "reuse_port": reuse_port, **kwargs,
            }  # fmt: skip
            server: asyncio.AbstractServer = await super().create_server(
                protocol_factory, **options
            )
            return server
        if sock is None:
            hosts = [None] if host in (None, "") else [host] if isinstance(host, str) else host
            infos = []
            for name in hosts:  # a host, or several, as asyncio and uvloop take them
                infos += await self.getaddrinfo(
                    name, port, family=family, type=socket.SOCK_STREAM, flags=flags
                )
            if not infos:
                raise OSError(f"getaddrinfo({host!r}) returned an empty list")
            sockets = _bind(infos, reuse_address, reuse_port)
        else:
            sockets = [sock]
        accepting = AcceptingServer(self, sockets, protocol_factory, backlog)
        await accepting.start_serving()
        return accepting


def new_event_loop() -> asyncio.AbstractEventLoop:
    """A new :class:`GreedyAcceptLoop` (uvicorn's loop factory for ``python -m api``)."""
    return GreedyAcceptLoop()
