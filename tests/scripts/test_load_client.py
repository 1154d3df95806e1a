"""The load script's HTTP client (:class:`scripts.load.Client`) against a scripted server:
what it sends, answers in pieces, closed and broken connections, timeouts."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from scripts.load import Client, Connection, ProtocolError, run

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def _request(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    """One request read off ``reader``: its head and its body (by ``Content-Length``)."""
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.lower().split(b"\r\n"):
        if line.startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return head, await reader.readexactly(length)


def _answer(status: int, body: bytes, *extra: bytes) -> bytes:
    head = [b"HTTP/1.1 %d X" % status, b"Content-Length: %d" % len(body), *extra]
    return b"\r\n".join(head) + b"\r\n\r\n" + body


def _run(handler: Handler, scenario: Callable[[Client], Awaitable[None]]) -> int:
    """Run ``scenario`` with a client of a server answering with ``handler``; how many
    connections the server accepted."""
    accepted = 0

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal accepted
        accepted += 1
        try:
            await handler(reader, writer)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        client = Client(f"127.0.0.1:{port}", b"X-API-Key: k\r\n", timeout=2.0)
        try:
            await scenario(client)
        finally:
            client.close()
            server.close()
            await server.wait_closed()

    asyncio.run(main())
    return accepted


def test_it_sends_the_request_and_reads_an_answer_that_comes_in_pieces() -> None:
    seen: list[tuple[bytes, bytes]] = []

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            seen.append(await _request(reader))
            answer = _answer(201, b'{"id": "x"}' * 1000)
            for start in range(0, len(answer), 997):  # the head split too
                writer.write(answer[start : start + 997])
                await writer.drain()
                await asyncio.sleep(0)

    async def scenario(client: Client) -> None:
        for _ in range(3):
            assert await client.send("POST", "/v1/plans", b'{"a": 1}') == (
                201,
                b'{"id": "x"}' * 1000,
            )
        assert await client.send("GET", "/v1/plans?limit=2") == (201, b'{"id": "x"}' * 1000)

    assert _run(handler, scenario) == 1  # one keep-alive connection for all four
    head, body = seen[0]
    assert head.startswith(b"POST /v1/plans HTTP/1.1\r\n")
    assert b"\r\nX-API-Key: k\r\n" in head and b"\r\nContent-Type: application/json\r\n" in head
    assert body == b'{"a": 1}'
    assert seen[3] == (seen[3][0], b"") and seen[3][0].startswith(b"GET /v1/plans?limit=2 ")


def test_connection_close_and_a_dropped_connection_open_a_new_one() -> None:
    connections = 0

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        number = connections
        while True:
            head, _ = await _request(reader)
            if number == 2:
                return  # dropped unanswered
            close = (b"Connection: close",) if number == 1 else ()
            writer.write(_answer(200, head.split(b" ")[1], *close))
            await writer.drain()
            if close:  # as uvicorn, the connection closes after the answer; not at once
                await reader.read()
                return

    async def scenario(client: Client) -> None:
        assert await client.send("GET", "/a") == (200, b"/a")
        with pytest.raises(ConnectionResetError):
            await client.send("GET", "/b")  # on a new connection, which is dropped
        assert await client.send("GET", "/c") == (200, b"/c")  # on a third
        assert await client.send("GET", "/d") == (200, b"/d")  # on the same

    assert _run(handler, scenario) == 3


def test_an_answer_without_a_length_is_an_error_and_its_connection_is_not_reused() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
        await writer.drain()
        await reader.read()

    async def scenario(client: Client) -> None:
        with pytest.raises(ProtocolError, match="200"):
            await client.send("GET", "/chunked")
        with pytest.raises(ProtocolError):
            await client.send("GET", "/chunked")

    assert _run(handler, scenario) == 2


def test_a_server_that_never_answers_times_out() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _request(reader)
        await reader.read()

    async def scenario(client: Client) -> None:
        client.timeout = 0.05
        with pytest.raises(TimeoutError):
            await client.send("GET", "/slow")

    assert _run(handler, scenario) == 1


def test_a_malformed_length_is_an_error_and_its_connection_is_not_reused() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: -3\r\n\r\nabc")
        await writer.drain()
        await reader.read()

    async def scenario(client: Client) -> None:
        for _ in range(2):
            with pytest.raises(ProtocolError, match="-3"):
                await client.send("GET", "/x")

    assert _run(handler, scenario) == 2


def test_a_refusal_sent_before_the_request_is_the_answer() -> None:
    """The server's connection cap answers 503 and closes as soon as it accepts."""

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(_answer(503, b"busy", b"Connection: close"))
        await writer.drain()
        await reader.read()

    async def scenario(client: Client) -> None:
        client.connection = None
        _, client.connection = await asyncio.get_running_loop().create_connection(
            Connection, client.host, client.port
        )
        await asyncio.sleep(0.05)  # the refusal arrives before anything is sent
        assert await client.send("GET", "/x") == (503, b"busy")

    assert _run(handler, scenario) == 1


def test_only_plain_http_is_spoken() -> None:
    with pytest.raises(SystemExit, match="http://"):
        asyncio.run(
            run("https://127.0.0.1:1", None, clients=1, duration=1, max_requests=1,
                mix="read=1", seed=1)
        )  # fmt: skip
