"""The served event loop (:mod:`api.loop`): uvloop that accepts every pending connection.

Stock uvloop (libuv) accepts one connection per turn of the loop: with the 32 connections
of the burst test below pending, it had let in 5 after six turns. The greedy loop, 16 a turn,
must let them all in within those six turns (accept, open the transport,
``connection_made``).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import socket
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from typing import Any

import pytest
import uvicorn

import api.__main__
import api.loop
from api.loop import AcceptingServer, GreedyAcceptLoop, new_event_loop
from api.serving import GREEDY_UVLOOP, uvicorn_loop
from api.settings import get_settings


class _Counting(asyncio.Protocol):
    """Counts the connections made and echoes what it is sent, upper-cased."""

    made: list[Any]  # uvloop's transports are not asyncio.Transport subclasses

    def connection_made(self, transport: Any) -> None:
        self.transport = transport
        self.made.append(transport)

    def data_received(self, data: bytes) -> None:
        self.transport.write(data.upper())


def _protocol(made: list[Any]) -> Callable[[], _Counting]:
    def make() -> _Counting:
        protocol = _Counting()
        protocol.made = made
        return protocol

    return make


def _run(main: Callable[[], Coroutine[Any, Any, None]]) -> None:
    with asyncio.Runner(loop_factory=new_event_loop) as runner:
        runner.run(main())


async def _turns(n: int) -> None:
    for _ in range(n):
        await asyncio.sleep(0)


@contextlib.contextmanager
def _clients(port: int, n: int) -> Iterator[list[socket.socket]]:
    """``n`` connections to ``port``, established by the kernel, none accepted yet."""
    clients: list[socket.socket] = []
    try:
        clients.extend(socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(n))
        yield clients
    finally:
        for client in clients:
            client.close()


@contextlib.asynccontextmanager
async def _serving(made: list[Any], *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
    """A server of :class:`_Counting` connections (into ``made``), closed afterwards with
    every connection it made, whatever the test found."""
    server = await asyncio.get_running_loop().create_server(_protocol(made), *args, **kwargs)
    try:
        yield server
    finally:
        for transport in made:
            transport.close()
        server.close()
        await server.wait_closed()


def _port(server: Any) -> int:
    port: int = server.sockets[0].getsockname()[1]
    return port


def test_a_burst_of_connections_is_let_in_within_a_few_turns() -> None:
    async def main() -> None:
        made: list[Any] = []
        async with _serving(made, "127.0.0.1", 0, backlog=128) as server:
            assert isinstance(server, AcceptingServer)
            with _clients(_port(server), 32) as clients:
                await _turns(6)
                assert len(made) == 32
                clients[7].sendall(b"abc")  # and each works: it answers upper-cased
                await _turns(3)
                assert clients[7].recv(3) == b"ABC"

    _run(main)


def test_a_closed_server_refuses_connections_and_keeps_those_it_has() -> None:
    async def main() -> None:
        made: list[Any] = []
        async with _serving(made, "127.0.0.1", 0) as server:
            port = _port(server)
            with _clients(port, 1) as [client]:
                await _turns(4)
                server.close()
                await server.wait_closed()
                assert not server.is_serving()
                assert server.sockets == ()
                with pytest.raises(ConnectionRefusedError):
                    socket.create_connection(("127.0.0.1", port), timeout=2).close()
                client.sendall(b"still open")
                await _turns(3)
                assert client.recv(10) == b"STILL OPEN"

    _run(main)


def _counting_accepts(
    monkeypatch: pytest.MonkeyPatch, listener: socket.socket, fail_first: OSError | None = None
) -> list[int]:
    """Count ``listener``'s accepts (the first raising ``fail_first`` if given)."""
    accept = socket.socket.accept
    calls = [0]

    def counted(self: socket.socket) -> tuple[socket.socket, Any]:
        if self is listener:
            calls[0] += 1
            if calls[0] == 1 and fail_first is not None:
                raise fail_first
        return accept(self)

    monkeypatch.setattr(socket.socket, "accept", counted)
    return calls


def test_out_of_file_descriptors_pauses_accepting_then_resumes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(api.loop, "RETRY_ACCEPT_S", 0.3)

    async def main() -> None:
        made: list[Any] = []
        async with _serving(made, "127.0.0.1", 0) as server:
            listener = server.sockets[0]
            emfile = OSError(errno.EMFILE, "Too many open files")
            calls = _counting_accepts(monkeypatch, listener, fail_first=emfile)
            with _clients(_port(server), 3):
                await _turns(6)
                assert (calls[0], made) == (1, [])  # one failed accept, then none: paused
                await asyncio.sleep(0.5)
                await _turns(6)
                assert len(made) == 3

    _run(main)


def test_no_more_than_max_setting_up_connections_wait_to_be_set_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(api.loop, "MAX_SETTING_UP", 5)  # below the 16 a turn: it must bind

    async def main() -> None:
        made: list[Any] = []
        async with _serving(made, "127.0.0.1", 0, backlog=200) as server:
            calls = _counting_accepts(monkeypatch, server.sockets[0])
            with _clients(_port(server), 100):
                waiting = []
                for _ in range(100):
                    await _turns(1)
                    waiting.append(calls[0] - len(made))
                assert len(made) == 100
                assert max(waiting) == 5

    _run(main)


def test_closing_drops_connections_not_yet_set_up_without_leaking_them() -> None:
    async def main() -> None:
        made: list[Any] = []
        async with _serving(made, "127.0.0.1", 0) as server:
            with _clients(_port(server), 5) as clients:
                await _turns(1)  # accepted, their set-up tasks not run yet
                server.close()
                await _turns(4)
                assert made == []
                for client in clients:  # closed by the server: end of stream (or a reset)
                    with contextlib.suppress(ConnectionResetError):
                        assert client.recv(1) == b""

    _run(main)


def test_an_empty_host_or_several_hosts_listen_as_uvloop_does() -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        for host in ("", ["127.0.0.1", "localhost"]):
            server = await loop.create_server(_protocol([]), host, 0)
            names = {sock.getsockname()[0] for sock in server.sockets}
            assert names & {"0.0.0.0", "127.0.0.1"}, (host, names)
            server.close()
        with pytest.raises(OSError, match="bind on address"):
            await loop.create_server(_protocol([]), "192.0.2.1", 0)  # not this machine's

    _run(main)


def test_a_given_socket_is_served_as_uvicorn_workers_pass_it() -> None:
    async def main() -> None:
        made: list[Any] = []
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        async with _serving(made, sock=sock) as server:
            assert server.sockets == (sock,)
            with _clients(_port(server), 1):
                await _turns(4)
                assert len(made) == 1
        assert sock.fileno() == -1  # closed with the server

    _run(main)


def test_unix_sockets_go_to_uvloops_own_server(tmp_path: Any) -> None:
    async def main() -> None:
        made: list[Any] = []
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(tmp_path / "s"))
        loop = asyncio.get_running_loop()
        server = await loop.create_server(_protocol(made), sock=sock)
        assert not isinstance(server, AcceptingServer)
        server.close()
        await server.wait_closed()

    _run(main)


def test_python_m_api_gives_uvicorn_the_greedy_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """What ``api.__main__`` passes to uvicorn makes uvicorn build a :class:`GreedyAcceptLoop`
    (uvicorn's own ``Config.get_loop_factory``, as its server and its workers call it)."""
    passed: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: passed.update(kw))
    monkeypatch.setenv("IMPACT_WORKERS", "2")
    get_settings.cache_clear()
    try:
        api.__main__.main()
    finally:
        get_settings.cache_clear()
    assert passed["loop"] == GREEDY_UVLOOP
    factory = uvicorn.Config("api.app:create_service", loop=passed["loop"]).get_loop_factory()
    assert factory is not None
    loop = factory()
    try:
        assert isinstance(loop, GreedyAcceptLoop)
    finally:
        loop.close()
    assert uvicorn_loop("uvloop") == GREEDY_UVLOOP
    assert uvicorn_loop("asyncio") == "asyncio"
