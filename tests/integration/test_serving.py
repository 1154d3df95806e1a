"""The served stack's connection limits and deadlines (``api.serving``), on a real server.

Each reproduction of issue 14 that uvicorn alone let through: idle sockets that exhaust
the file limit, headers or a body that never finish, a huge header, bytes that are not
HTTP, and ``X-Forwarded-For`` from loopback choosing the rate-limit bucket.
"""

from __future__ import annotations

import contextlib
import json
import resource
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.serving import MAX_ENCODED_LINE, keep_alive_requests
from api.settings import Settings
from scripts.server import HOST, Server

pytestmark = pytest.mark.slow

IDLE_SOCKETS = 1_100
FILE_LIMIT = 1_024
KEEP_ALIVE_REQUESTS = 3


def _connect(server: Server) -> socket.socket:
    sock = socket.create_connection((HOST, server.port), timeout=5)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    return sock


def _answer(sock: socket.socket, timeout: float = 10.0) -> bytes:
    """Everything the server sends until it closes the connection."""
    sock.settimeout(timeout)
    chunks = []
    with contextlib.suppress(ConnectionResetError):
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _problem(raw: bytes, status: int) -> dict[str, object]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0].startswith(f"HTTP/1.1 {status} "), lines[0]
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    assert headers["content-type"] == "application/problem+json"
    assert headers["x-content-type-options"] == "nosniff"
    problem: dict[str, object] = json.loads(body)
    assert problem["status"] == status
    return problem


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    directory = tmp_path_factory.mktemp("serving")
    env = {
        "IMPACT_RATE_LIMIT": "5",
        "IMPACT_HEADER_TIMEOUT": "1",
        "IMPACT_BODY_TIMEOUT": "1",
        "IMPACT_LOG_LEVEL": "info",
        "IMPACT_KEEP_ALIVE_REQUESTS": str(KEEP_ALIVE_REQUESTS),
    }
    server = Server(directory / "serving.db", directory / "server.log", env, file_limit=FILE_LIMIT)
    with server:
        yield server


def test_idle_sockets_beyond_the_file_limit_do_not_starve_health(served: Server) -> None:
    """1,100 idle connections against a server allowed 1,024 open files."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < IDLE_SOCKETS + 100:
        pytest.skip(f"this test process may open only {hard} files")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, IDLE_SOCKETS + 100), hard))
    sockets: list[socket.socket] = []
    try:
        sockets.extend(_connect(served) for _ in range(IDLE_SOCKETS))
        started = time.perf_counter()
        response = httpx.get(f"{served.url}/health", timeout=5)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200
        assert elapsed < 1.0, f"/health took {elapsed:.2f} s"
    finally:
        for sock in sockets:
            sock.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_a_connection_is_closed_after_its_last_keep_alive_answer(served: Server) -> None:
    """The third answer on a connection says ``connection: close``, and the server closes it
    (the client's next connection may go to another worker)."""
    request = f"GET /health HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode()
    with _connect(served) as sock:
        sock.sendall(request * KEEP_ALIVE_REQUESTS)  # pipelined: answered in order
        raw = _answer(sock)  # returns only once the server has closed the connection
    answers = raw.split(b"HTTP/1.1 ")[1:]
    assert len(answers) == KEEP_ALIVE_REQUESTS
    assert all(answer.startswith(b"200 ") for answer in answers)
    closing = [b"\r\nconnection: close\r\n" in answer.lower() for answer in answers]
    assert closing == [False] * (KEEP_ALIVE_REQUESTS - 1) + [True]


def test_a_connection_that_sends_nothing_is_closed(served: Server) -> None:
    with _connect(served) as sock:
        started = time.perf_counter()
        assert _answer(sock) == b""  # closed, nothing said: no request had begun
        assert 0.5 < time.perf_counter() - started < 5


def test_headers_that_never_end_get_408(served: Server) -> None:
    with _connect(served) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        started = time.perf_counter()
        for _ in range(10):  # a byte every 0.2 s: each resets no deadline
            time.sleep(0.2)
            with contextlib.suppress(OSError):
                sock.sendall(b"a")
        problem = _problem(_answer(sock), 408)
        assert "headers" in str(problem["detail"])
        assert time.perf_counter() - started < 5


def test_a_body_that_never_ends_gets_408(served: Server) -> None:
    with _connect(served) as sock:
        sock.sendall(
            b"POST /v1/metrics HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 1000\r\n\r\n{"city": '
        )
        problem = _problem(_answer(sock), 408)
        assert "body" in str(problem["detail"])


def test_huge_headers_get_431(served: Server) -> None:
    with _connect(served) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n")
        _problem(_answer(sock), 431)


def test_bytes_that_are_not_http_get_a_problem_document(served: Server) -> None:
    with _connect(served) as sock:
        sock.sendall(b"\x16\x03\x01 not http at all\r\n\r\n")
        assert _problem(_answer(sock), 400)["detail_ko"]


@pytest.fixture(scope="module")
def unlimited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server without the rate limit of ``served`` (whose bucket a test counts)."""
    directory = tmp_path_factory.mktemp("unlimited")
    with Server(directory / "unlimited.db", directory / "server.log") as server:
        yield server


def _get(server: Server, target: bytes) -> bytes:
    with _connect(server) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        return _answer(sock)


def test_raw_utf8_in_the_query_string_is_read_as_percent_encoded(unlimited: Server) -> None:
    """curl sends ``?city=세종`` as typed: the answer is the one to ``?city=%EC%84%B8%EC%A2%85``
    (httptools alone refused the bytes: 400 "Invalid HTTP request received.")."""
    raw = _get(unlimited, "/v1/plans?city=세종".encode())
    encoded = _get(unlimited, b"/v1/plans?city=%EC%84%B8%EC%A2%85")
    assert raw.startswith(b"HTTP/1.1 200 "), raw[:300]
    body = json.loads(raw.partition(b"\r\n\r\n")[2])
    assert body == json.loads(encoded.partition(b"\r\n\r\n")[2])
    assert [item["id"] for item in body["items"]] == ["sejong-2024"]
    with _connect(unlimited) as sock:  # a request line sent a byte at a time, after a CRLF
        sent = "\r\nGET /v1/plans?city=세종&limit=1 HTTP/1.1\r\nConnection: close\r\n\r\n"
        for byte in sent.encode():
            sock.sendall(bytes([byte]))
        assert _answer(sock).startswith(b"HTTP/1.1 200 ")


def test_a_space_inside_the_url_is_said_to_need_percent_encoding(unlimited: Server) -> None:
    """httptools ends the target at the space and calls the rest a bad version: the answer
    said "Invalid HTTP request received." (and in Korean, unreadable bytes)."""
    answer = _get(unlimited, "/v1/plans?city=세종 Sejong".encode())
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:300]
    problem = json.loads(answer.partition(b"\r\n\r\n")[2])
    assert "must be percent-encoded, e.g. a space" in problem["detail"]
    assert "공백" in problem["detail_ko"]
    line = b"GET /v1/plans?city=a b HTTP/1.1\r\n"
    for cut in range(4, len(line)):  # the line in two chunks, cut anywhere after the method
        with _connect(unlimited) as sock:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.sendall(line[:cut])
            time.sleep(0.05)
            sock.sendall(line[cut:] + b"Host: x\r\n\r\n")
            split = json.loads(_answer(sock).partition(b"\r\n\r\n")[2])
        assert split["detail"] == problem["detail"], (cut, split)
    for sent in (
        b"HELLO\r\n\r\n",  # bytes that are no HTTP keep the general message
        b"get /a b HTTP/1.1\r\n\r\n",  # no method: not a request line
        # a bad header under a good line, and a line like a spaced one in what follows
        b"POST /v1/metrics HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\nGET /x y HTTP/1.1\r\n",
        b"GET /a HTTP/1.1\r\nHost: x\r\nX: GET /a b HTTP/1.1\r\nBad Header\r\n\r\n",
        b"GET /health HTTP/1.1 \r\nHost: x\r\n\r\n",  # a space after the version, not in the URL
    ):
        with _connect(unlimited) as sock:
            sock.sendall(sent)
            other = json.loads(_answer(sock).partition(b"\r\n\r\n")[2])
        assert "percent" not in other["detail"], sent


def test_only_a_bounded_request_line_is_encoded(unlimited: Server) -> None:
    """Encoding is CPU spent below the rate limit: a line past MAX_ENCODED_LINE bytes is left
    to the parser, which refuses it at once (a red team sent 300,000 bytes of 0xFF a
    connection: 45 ms of CPU each, and /health's p50 went from 5 to 204 ms)."""
    near = "/health?x=" + "가" * ((MAX_ENCODED_LINE - 100) // 3)  # /health ignores extras
    assert _get(unlimited, near.encode()).startswith(b"HTTP/1.1 200 ")
    beyond = _get(unlimited, b"/v1/plans?city=" + b"\xff" * MAX_ENCODED_LINE)
    assert beyond.startswith(b"HTTP/1.1 400 "), beyond[:200]
    assert "percent" in json.loads(beyond.partition(b"\r\n\r\n")[2])["detail"]


def test_a_pipelined_body_in_a_later_chunk_is_not_encoded(unlimited: Server) -> None:
    """Two requests in one chunk, the second's body in the next: that body is no request line."""
    body = json.dumps({"city": "세종", "investment": 1_000_000_000}, ensure_ascii=False).encode()
    first = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
    second = (
        b"POST /v1/metrics HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Connection: close\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n"
    )
    with _connect(unlimited) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(first + second)
        time.sleep(0.3)
        sock.sendall(body)
        raw = _answer(sock)
    answer = json.loads(raw.rpartition(b"\r\n\r\n")[2])
    assert answer["plan"]["city"] == "세종", raw[-400:]


def test_a_url_the_parser_refuses_gets_a_problem_in_both_languages(unlimited: Server) -> None:
    problem = _problem(_get(unlimited, b"/v1/plans?city=a\x01b"), 400)
    assert "percent-encoded" in str(problem["detail"])
    assert "퍼센트 인코딩" in str(problem["detail_ko"])


def test_x_forwarded_for_from_loopback_is_not_believed(served: Server) -> None:
    """Believed, each spoofed address would get a bucket of its own: no 429 ever."""
    statuses = []
    with httpx.Client(base_url=served.url) as client:
        for i in range(12):
            spoofed = {"X-Forwarded-For": f"203.0.113.{i}"}
            statuses.append(client.get("/v1/plans?limit=1", headers=spoofed).status_code)
    assert statuses[0] == 200
    assert 429 in statuses, statuses  # one bucket (5 a minute): the peer's
    log = Path(served.log_path).read_text(encoding="utf-8")
    assert "203.0.113." not in log


def test_connections_are_renewed_by_default_only_when_workers_share_the_port() -> None:
    assert keep_alive_requests(Settings(workers=1)) is None
    assert keep_alive_requests(Settings(workers=2)) == 100
    assert keep_alive_requests(Settings(workers=1, keep_alive_requests=7)) == 7
