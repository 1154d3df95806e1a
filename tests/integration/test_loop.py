"""The served event loop (:mod:`api.loop`): uvloop that accepts every pending connection.

Stock uvloop (libuv) accepts one connection per turn of the loop: with the 32 connections
of the burst test below pending, it had let in 5 after six turns. The greedy loop, 16 a turn,
must let them all in within those six turns (accept, open the transport,
``connection_made``).
"""

from __future__ import annotations

import asyncio
import errno
import socket
from collections.abc import Callable, Coroutine
from typing import Any

import pytest

import api.loop
from api.loop import AcceptingServer, new_event_loop
from api.serving import GREEDY_UVLOOP, uvicorn_loop


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


def _clients(port: int, n: int) -> list[socket.socket]:
    """``n`` connections to ``port``, established by the kernel, none accepted yet."""
    return [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(n)]


def test_a_burst_of_connections_is_let_in_within_a_few_turns() -> None:
    async def main() -> None:
        made: list[Any] = []
        loop = asyncio.get_running_loop()
        server = await loop.create_server(_protocol(made), "127.0.0.1", 0, backlog=128)
        assert isinstance(server, AcceptingServer)
        port = server.sockets[0].getsockname()[1]
        clients = _clients(port, 32)
        try:
            await _turns(6)
            assert len(made) == 32
            # and each works: what is sent comes back upper-cased
            clients[7].sendall(b"abc")
            await _turns(3)
            assert clients[7].recv(3) == b"ABC"
        finally:
            for client in clients:
                client.close()
            for transport in made:
                transport.close()
            server.close()
            await server.wait_closed()

    _run(main)


def test_a_closed_server_refuses_connections_and_keeps_those_it_has() -> None:
    async def main() -> None:
        made: list[Any] = []
        loop = asyncio.get_running_loop()
        server = await loop.create_server(_protocol(made), "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        [client] = _clients(port, 1)
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
        client.close()
        made[0].close()

    _run(main)


def test_out_of_file_descriptors_pauses_accepting_then_resumes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(api.loop, "RETRY_ACCEPT_S", 0.05)
    failures = [OSError(errno.EMFILE, "Too many open files")]

    async def main() -> None:
        made: list[Any] = []
        loop = asyncio.get_running_loop()
        server = await loop.create_server(_protocol(made), "127.0.0.1", 0)
        assert isinstance(server, AcceptingServer)
        listener = server.sockets[0]
        accept = socket.socket.accept

        def failing_once(self: socket.socket) -> tuple[socket.socket, Any]:
            if self is listener and failures:
                raise failures.pop()
            return accept(self)

        monkeypatch.setattr(socket.socket, "accept", failing_once)
        clients = _clients(listener.getsockname()[1], 3)
        await _turns(4)
        assert made == []  # paused: no accept in the next turns
        await asyncio.sleep(0.2)
        await _turns(4)
        assert len(made) == 3
        for client in clients:
            client.close()
        for transport in made:
            transport.close()
        server.close()

    _run(main)


def test_a_given_socket_is_served_as_uvicorn_workers_pass_it() -> None:
    async def main() -> None:
        made: list[Any] = []
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        loop = asyncio.get_running_loop()
        server = await loop.create_server(_protocol(made), sock=sock)
        assert server.sockets == (sock,)
        [client] = _clients(sock.getsockname()[1], 1)
        await _turns(4)
        assert len(made) == 1
        client.close()
        made[0].close()
        server.close()
        assert sock.fileno() == -1

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


def test_the_setting_chooses_the_loop() -> None:
    assert uvicorn_loop("auto") == GREEDY_UVLOOP  # uvloop is installed here
    assert uvicorn_loop("uvloop") == GREEDY_UVLOOP
    assert uvicorn_loop("asyncio") == "asyncio"
