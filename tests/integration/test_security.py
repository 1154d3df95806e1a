"""API keys for writes, ownership, rate limits, CORS and security headers, on the real app."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar, get
from litestar.testing import TestClient
from pydantic import ValidationError
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from api.app import create_app
from api.errors import exception_handlers
from api.logs import JsonFormatter, logging_config
from api.security.headers import SECURITY_HEADERS
from api.security.keys import ApiKeys
from api.security.ratelimit import TokenBuckets
from api.settings import Settings, sha256_hex
from impact.plan import Plan
from tests.integration.conftest import Databases, settings_for

Client = TestClient[Litestar]

KEY_A = "key-a-0123456789abcdef"
KEY_B = "key-b-fedcba9876543210"
PLAN = {
    "city": "부산 Busan",
    "announced": "2024-03-01",
    "investment": "1,000억원",
    "claims": {"jobs": 500},
}
PROBLEM = "application/problem+json"


def _as(key: str | None) -> dict[str, str]:
    return {"X-API-Key": key} if key else {}


@pytest.fixture(scope="module")
def keyed(databases: Databases) -> Iterator[Client]:
    """An app with two API keys configured."""
    app = create_app(settings_for(databases.new(), api_keys=f"{KEY_A}, {KEY_B}"))
    with TestClient(app) as client:
        yield client


def _create(client: Client, key: str | None, plan: dict[str, Any] | None = None) -> Any:
    return client.post("/v1/plans", json=plan or PLAN, headers=_as(key))


# --- API keys -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "detail"), [(None, "send an API key"), ("not-a-configured-key-123", "not hold a valid")]
)
def test_writes_without_a_valid_key_are_401_naming_the_header(
    keyed: Client, key: str | None, detail: str
) -> None:
    before = keyed.get("/v1/plans").json()
    for response in (
        _create(keyed, key),
        keyed.put("/v1/plans/sejong-2024", json=PLAN, headers=_as(key)),
        keyed.delete("/v1/plans/sejong-2024", headers=_as(key)),
    ):
        assert response.status_code == 401
        assert response.headers["content-type"] == PROBLEM
        assert response.headers["www-authenticate"] == 'APIKey header="X-API-Key"'
        problem = response.json()
        assert problem["field"] == "X-API-Key"
        assert detail in problem["detail"]
    assert keyed.get("/v1/plans").json() == before


def test_the_key_is_checked_before_the_body_is_read(keyed: Client) -> None:
    response = keyed.post("/v1/plans", content=b"{not json", headers={"content-type": "text/x"})
    assert response.status_code == 401


def test_reads_and_calculations_need_no_key(keyed: Client) -> None:
    assert keyed.get("/v1/plans").status_code == 200
    assert keyed.get("/v1/plans/sejong-2024").status_code == 200
    assert keyed.get("/v1/plans/sejong-2024/metrics").status_code == 200
    assert keyed.post("/v1/metrics", json=PLAN).status_code == 200
    assert (
        keyed.post("/v1/compare", json={"plans": [PLAN, {"id": "sejong-2024"}]}).status_code == 200
    )
    assert keyed.get("/v1/compare?ids=sejong-2024,daejeon-2018").status_code == 200


def test_the_owner_is_the_key_id_not_the_key(keyed: Client) -> None:
    plan_id = _create(keyed, KEY_B).json()["id"]
    app: Litestar = keyed.app
    url = str(app.state["database"].engine.url).replace("+aiosqlite", "")
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            owner = connection.execute(
                text("SELECT owner FROM plans WHERE id = :id"), {"id": plan_id}
            ).scalar_one()
    finally:
        engine.dispose()
    assert owner == sha256_hex(KEY_B)[:16]
    assert KEY_B not in owner


def test_without_keys_writes_are_open_and_the_start_up_warns(
    databases: Databases, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="impact.api"):
        app = create_app(settings_for(databases.new()))
    assert "IMPACT_API_KEYS is not set" in caplog.text
    with TestClient(app) as client:
        plan_id = _create(client, None).json()["id"]
        assert client.put(f"/v1/plans/{plan_id}", json=PLAN).status_code == 200
        assert client.delete(f"/v1/plans/{plan_id}").status_code == 204


def test_settings_keep_digests_only_and_never_echo_a_rejected_key() -> None:
    settings = Settings(api_keys=f"{KEY_A},{KEY_B}", database_url="sqlite+aiosqlite:///x.db")
    assert settings.api_keys == {sha256_hex(KEY_A), sha256_hex(KEY_B)}
    assert KEY_A not in repr(settings) and KEY_A not in settings.model_dump_json()
    with pytest.raises(ValidationError) as caught:
        Settings(api_keys="tooshort-secret", database_url="sqlite+aiosqlite:///x.db")
    assert "tooshort-secret" not in str(caught.value)
    assert "≥ 16" in str(caught.value)


def test_identify_compares_every_digest() -> None:
    keys = ApiKeys({sha256_hex(KEY_A), sha256_hex(KEY_B)})
    assert keys.identify(KEY_A) == sha256_hex(KEY_A)[:16]
    assert keys.identify(KEY_B) == sha256_hex(KEY_B)[:16]
    assert keys.identify(KEY_A + "x") is None
    assert keys.identify("") is None
    assert keys.identify(None) is None
    assert not ApiKeys(()).required


# --- rate limits ----------------------------------------------------------------------


def test_token_bucket_bursts_then_refills() -> None:
    now = [1000.0]
    buckets = TokenBuckets(60, clock=lambda: now[0])  # one token a second, burst 60
    assert all(buckets.take("a") == 0.0 for _ in range(60))
    assert buckets.take("a") == pytest.approx(1.0)
    assert buckets.take("b") == 0.0  # clients are independent
    now[0] += 2.5
    assert buckets.take("a") == 0.0
    assert buckets.take("a") == 0.0
    assert buckets.take("a") > 0.0


def test_token_buckets_keep_at_most_max_clients() -> None:
    now = [0.0]
    buckets = TokenBuckets(600, max_clients=100, clock=lambda: now[0])
    for client in range(1_000):
        buckets.take(f"10.0.{client // 256}.{client % 256}")
        now[0] += 0.001
    assert len(buckets) <= 100


def test_too_many_requests_is_429_with_retry_after(databases: Databases) -> None:
    app = create_app(settings_for(databases.new(), rate_limit=3))
    with TestClient(app) as client:
        answers = [client.get("/v1/plans") for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        limited = answers[-1]
        assert limited.headers["content-type"] == PROBLEM
        assert 1 <= int(limited.headers["retry-after"]) <= 20
        assert limited.json()["status"] == 429
        assert all(a.headers["x-content-type-options"] == "nosniff" for a in answers)
        # writes are limited as well; liveness and the schema are not
        assert client.post("/v1/metrics", json=PLAN).status_code == 429
        assert all(client.get("/health").status_code == 200 for _ in range(10))
        assert client.get("/schema/openapi.json").status_code == 200


def test_a_throttled_client_is_told_so_before_its_body_is_checked(databases: Databases) -> None:
    app = create_app(settings_for(databases.new(), rate_limit=2))
    with TestClient(app) as client:
        empty = [client.post("/v1/metrics", content=b" ") for _ in range(3)]
        assert [a.status_code for a in empty] == [400, 400, 429]


# --- CORS and headers -----------------------------------------------------------------


def test_cors_is_off_by_default(client: Client) -> None:
    response = client.get("/v1/plans", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/v1/plans",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_allows_only_the_configured_origins(databases: Databases) -> None:
    app = create_app(settings_for(databases.new(), cors_origins="https://impact.example.org"))
    with TestClient(app) as client:
        good = {"Origin": "https://impact.example.org"}
        response = client.get("/v1/plans", headers=good)
        assert response.headers["access-control-allow-origin"] == "https://impact.example.org"
        preflight = client.options(
            "/v1/plans/x",
            headers={
                **good,
                "Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": "content-type, x-api-key, if-match",
            },
        )
        assert preflight.status_code in {200, 204}, preflight.text
        assert "PUT" in preflight.headers["access-control-allow-methods"]
        allowed = preflight.headers["access-control-allow-headers"].lower()
        assert {"x-api-key", "if-match"} <= {h.strip() for h in allowed.split(",")}
        exposed = response.headers["access-control-expose-headers"].lower()
        assert "etag" in {h.strip() for h in exposed.split(",")}  # a page reads it for If-Match
        other = client.get("/v1/plans", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_security_headers_are_on_every_response(client: Client) -> None:
    responses = [
        client.get("/health"),
        client.get("/v1/plans"),
        client.get("/v1/plans/no-such-plan"),
        client.get("/no/such/route"),
        client.post("/v1/metrics", json={"city": ""}),
        client.post("/v1/metrics", content=b"{", headers={"content-type": "application/json"}),
        client.patch("/v1/metrics", json={}),
        client.options("/v1/plans"),
        client.get("/schema/openapi.json"),
    ]
    for response in responses:
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (response.url, name)
        assert "server" not in response.headers or "uvicorn" not in response.headers["server"]


def test_csp_keeps_everything_on_our_own_origin(client: Client) -> None:
    csp = client.get("/health").headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "http" not in csp  # no CDN


@pytest.mark.parametrize(
    ("path", "allow"),
    [
        ("/v1/plans", "GET, OPTIONS, POST"),
        ("/v1/plans/sejong-2024", "DELETE, GET, OPTIONS, PUT"),
        ("/v1/compare", "GET, OPTIONS, POST"),
        ("/v1/metrics", "OPTIONS, POST"),
    ],
)
def test_options_lists_every_method_of_the_path(client: Client, path: str, allow: str) -> None:
    response = client.options(path)
    assert response.status_code == 204
    assert response.headers["allow"] == allow


def test_errors_carry_no_stack_trace(client: Client) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    response = client.post(
        "/v1/metrics", content=deep, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert "Traceback" not in response.text and 'File "' not in response.text


# --- logs -----------------------------------------------------------------------------


@pytest.fixture
def debug_logging_as_served() -> Iterator[None]:
    """The logger levels ``python -m api`` sets with IMPACT_LOG_LEVEL=debug (handlers aside)."""
    config = logging_config("debug")
    saved = {name: logging.getLogger(name).level for name in config["loggers"]}
    for name, spec in config["loggers"].items():
        logging.getLogger(name).setLevel(spec["level"])
    yield
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)


@pytest.mark.usefixtures("debug_logging_as_served")
def test_logs_hold_neither_keys_nor_bodies(keyed: Client, caplog: pytest.LogCaptureFixture) -> None:
    marker = "부산-BODY-MARKER-7f3a"
    with caplog.at_level(logging.DEBUG):
        _create(keyed, KEY_A, {**PLAN, "title": marker})
        _create(keyed, "wrong-key-0123456789-secret", {**PLAN, "title": marker})
        keyed.post("/v1/metrics", json={**PLAN, "city": "\u202e" + marker}, headers=_as(KEY_B))
        keyed.post("/v1/metrics", content=b"[" * 50 + marker.encode(), headers=_as(KEY_B))
    formatter = JsonFormatter()
    lines = [formatter.format(record) for record in caplog.records]
    text = "\n".join(lines) + caplog.text
    for secret in (KEY_A, KEY_B, "wrong-key-0123456789-secret", marker):
        assert secret not in text


def test_json_formatter_writes_one_object_per_line() -> None:
    record = logging.LogRecord(
        "impact.api", logging.WARNING, __file__, 1, "writes %s", ("open",), None
    )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "warning" and entry["message"] == "writes open"
    assert entry["time"].endswith("Z")
    access = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5123", "GET", "/v1/plans?city=x", "1.1", 200),
        None,
    )
    entry = json.loads(JsonFormatter().format(access))
    assert entry == {
        "time": entry["time"],
        "level": "info",
        "logger": "uvicorn.access",
        "pid": os.getpid(),
        "message": "request",
        "client": "127.0.0.1",
        "method": "GET",
        "path": "/v1/plans",
        "status": 200,
    }


# --- overload -------------------------------------------------------------------------


def _raises(exc: Exception) -> Litestar:
    @get("/boom", sync_to_thread=False)
    def boom() -> None:
        raise exc

    return Litestar([boom], exception_handlers=exception_handlers, logging_config=None)


@pytest.mark.parametrize(
    "exc",
    [
        OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked")),
        PoolTimeoutError("QueuePool limit of size 5 overflow 10 reached, connection timed out"),
    ],
)
def test_a_busy_database_is_503_with_retry_after(exc: Exception) -> None:
    with TestClient(_raises(exc)) as client:
        response = client.get("/boom")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.headers["content-type"] == PROBLEM
    assert "nothing was changed" in response.json()["detail"]


def test_other_database_errors_stay_500() -> None:
    exc = OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: plans"))
    with TestClient(_raises(exc)) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    assert "no such table" not in response.text


def test_an_unexpected_validation_error_is_logged_without_its_input(
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = {"city": "-".join(["secret", "city"]), "investment": "-".join(["secret", "억억"])}
    try:
        Plan.model_validate(body)  # the traceback shows this line, not the values
    except ValidationError as caught:
        exc = caught
    with caplog.at_level(logging.ERROR), TestClient(_raises(exc)) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    assert "ValidationError" in caplog.text and "investment" in caplog.text
    assert "secret" not in caplog.text
