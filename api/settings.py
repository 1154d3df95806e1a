"""Service configuration: one ``Settings`` read from ``IMPACT_*`` environment variables."""

from __future__ import annotations

import hashlib
import ipaddress
import os
import re
from collections.abc import Iterable
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

SUPPORTED_DATABASE_SCHEMES = ("sqlite+aiosqlite:", "postgresql+asyncpg:")
"""The async drivers the plan store is tested with."""

MIN_API_KEY_LENGTH = 16
"""Shortest accepted API key [characters]; use e.g. ``python -c 'import secrets;
print(secrets.token_urlsafe(32))'``."""


def default_workers() -> int:
    """The CPU cores this process may run on: the default of ``IMPACT_WORKERS``."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


_API_KEY_CHARS = re.compile(r"^[\x21-\x7e]+$")  # printable ASCII, no spaces: safe in a header
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.\-\[\]:]+$")


def sha256_hex(text: str) -> str:
    """The SHA-256 digest of ``text`` (UTF-8) as 64 hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _comma_separated(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, Iterable):
        return [str(part).strip() for part in value if str(part).strip()]
    msg = "expected a comma-separated string"
    raise ValueError(msg)


class Settings(BaseSettings):
    """Every knob of the service, with its default and bounds.

    Set any of them as an environment variable with the ``IMPACT_`` prefix,
    e.g. ``IMPACT_PORT=9000 make serve``.
    """

    # hide_input_in_errors: a rejected IMPACT_API_KEYS must not be echoed in the start-up error
    model_config = SettingsConfigDict(
        env_prefix="IMPACT_", frozen=True, extra="ignore", hide_input_in_errors=True
    )

    host: str = Field(default="127.0.0.1", description="interface to listen on")
    port: int = Field(default=8000, ge=1, le=65535, description="TCP port to listen on")
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        default="info", description="log level of the service"
    )
    loop: Literal["auto", "asyncio", "uvloop"] = Field(
        default="auto",
        description=(
            "event loop of the server: 'auto' (uvloop when installed; the default), 'asyncio' "
            "or 'uvloop'. uvloop here accepts up to 16 pending connections at each turn of the "
            "loop (api.loop; libuv alone accepts one, which kept a burst of new connections "
            "waiting up to 0.9 s on a busy worker). While a job computes in "
            "threads asyncio's loop kept /health's p99 at 0.45-1.6 s where uvloop kept 74 ms"
        ),
    )
    workers: int = Field(
        default_factory=default_workers,
        ge=1,
        le=256,
        description=(
            "server processes sharing the port (default: the machine's CPU cores); each "
            "keeps its own rate-limit buckets, model cache and job threads"
        ),
    )
    max_body_bytes: int = Field(
        default=8 * 1024 * 1024,
        ge=1024,
        le=256 * 1024 * 1024,
        description="largest accepted request body [bytes]; larger bodies get 413",
    )
    model_cache_size: int = Field(
        default=16,
        ge=1,
        le=1024,
        description=(
            "uploaded or regionalised tables whose validated, factorised model is kept in memory "
            "(least recently used evicted first); the shipped bok-2023 is always kept"
        ),
    )
    database_url: str = Field(
        default="sqlite+aiosqlite:///./impact.db",
        min_length=1,
        description=(
            "SQLAlchemy URL of the plan store: 'sqlite+aiosqlite:///./impact.db' (a file, "
            "relative to the working directory) or 'postgresql+asyncpg://user:pass@host/db'"
        ),
    )
    max_json_depth: int = Field(
        default=32,
        ge=4,
        le=512,
        description="deepest accepted nesting of arrays and objects in a JSON body; deeper: 400",
    )
    max_json_containers: int = Field(
        default=300_000,
        ge=100,
        le=10_000_000,
        description=(
            "most arrays and objects in a JSON body ('[' and '{' characters, also inside "
            "strings); more: 413. Bounds the work of decoding a body"
        ),
    )
    api_keys: Annotated[frozenset[str], NoDecode] = Field(
        default=frozenset(),
        description=(
            "IMPACT_API_KEYS: comma-separated API keys (each ≥ 16 printable ASCII characters). "
            "When set, write routes need one in the X-API-Key header. Only their SHA-256 "
            "digests are kept: this field holds the digests, never the keys."
        ),
    )
    rate_limit: int = Field(
        default=600,
        ge=0,
        le=1_000_000,
        description="requests per minute per client address (token bucket); 0 turns it off",
    )
    cors_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description=(
            "comma-separated origins allowed to call the API from a browser, e.g. "
            "'https://impact.example.org'; '*' for any; empty (the default): CORS off"
        ),
    )

    storage_quota_bytes: int = Field(
        default=256 * 1024 * 1024,
        ge=1024,
        le=1024**4,
        description=(
            "bytes of plans, saved scenarios and tables one API key may store (without keys: "
            "everything saved together); a write beyond: 413"
        ),
    )
    list_page_bytes: int = Field(
        default=1024 * 1024,
        ge=1024,
        le=256 * 1024 * 1024,
        description=(
            "bytes of documents one page of GET /v1/plans or /v1/scenarios holds at most (and "
            "always one item); next_offset says where the next page starts"
        ),
    )
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description=(
            "comma-separated addresses or networks (e.g. '10.0.0.7,10.1.0.0/16') of reverse "
            "proxies whose X-Forwarded-For/-Proto are believed; empty (the default): no one's, "
            "so the client address is the peer's (rate limit, job owner, access log)"
        ),
    )
    header_timeout: float = Field(
        default=10.0,
        ge=0.5,
        le=600,
        description=(
            "seconds a connection has to send a request's headers, from when it opens or "
            "its last answer was sent; then it is closed (408 if a request had begun)"
        ),
    )
    body_timeout: float = Field(
        default=30.0,
        ge=0.5,
        le=3600,
        description="seconds from the end of a request's headers to the end of its body; then 408",
    )
    keep_alive_timeout: int = Field(
        default=5, ge=1, le=600, description="seconds an idle keep-alive connection is kept open"
    )
    keep_alive_requests: int | None = Field(
        default=None,
        ge=1,
        le=1_000_000,
        description=(
            "answers on one connection, the last with 'Connection: close' (as Apache's "
            "MaxKeepAliveRequests); default 100 with several workers, no limit with one. The "
            "client's next connection goes to whichever worker accepts it first, so long-lived "
            "clients spread over the workers; its first answer waits a turn or two of a busy "
            "worker for the new connection (one worker: the p99 doubled, 38 -> 77 ms)"
        ),
    )
    max_header_bytes: int = Field(
        default=64 * 1024,
        ge=8 * 1024,
        le=1024 * 1024,
        description="largest request line and headers [bytes]; more: 431",
    )
    max_connections: int = Field(
        default=1000,
        ge=16,
        le=1_000_000,
        description=(
            "open client connections at most (and at most the open-file limit less 64); a "
            "new one beyond closes the longest idle one, or gets 503 when all are busy"
        ),
    )

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxies(cls, value: Any) -> tuple[str, ...]:
        proxies = tuple(_comma_separated(value))
        for proxy in proxies:
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError:
                msg = f"{proxy!r} is not an IP address or network such as '10.0.0.0/8'"
                raise ValueError(msg) from None
        return proxies

    @field_validator("api_keys", mode="before")
    @classmethod
    def _hash_keys(cls, value: Any) -> frozenset[str]:
        keys = _comma_separated(value)
        for number, key in enumerate(keys, start=1):
            if len(key) < MIN_API_KEY_LENGTH or not _API_KEY_CHARS.match(key):
                msg = (
                    f"API key number {number} is too short or has spaces or non-ASCII "
                    f"characters: use ≥ {MIN_API_KEY_LENGTH} printable ASCII characters"
                )
                raise ValueError(msg)
        return frozenset(sha256_hex(key) for key in keys)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins(cls, value: Any) -> tuple[str, ...]:
        origins = tuple(_comma_separated(value))
        for origin in origins:
            if origin != "*" and not _ORIGIN.match(origin):
                msg = f"{origin!r} is not an origin such as 'https://impact.example.org' or '*'"
                raise ValueError(msg)
        return origins

    dask_scheduler: str | None = Field(
        default=None,
        min_length=1,
        description=(
            "address of a Dask distributed scheduler (e.g. 'tcp://10.0.0.5:8786') that runs "
            "large sweeps and Monte Carlo jobs; unset: an in-process Dask cluster"
        ),
    )
    dask_dashboard: str | None = Field(
        default=None,
        min_length=3,
        description=(
            "host:port for the dashboard of the in-process Dask cluster (e.g. "
            "'127.0.0.1:8787'); unset (the default): no dashboard, and Dask's HTTP servers "
            "answer /health only, on loopback"
        ),
    )
    job_rows_threshold: int = Field(
        default=20_000,
        ge=1,
        le=100_000,
        description="sweeps with more rows than this answer 202 and run as a job",
    )
    job_draws_threshold: int = Field(
        default=20_000,
        ge=1,
        le=100_000,
        description="Monte Carlo runs with more draws than this answer 202 and run as a job",
    )
    jobs_running: int = Field(
        default=2,
        ge=1,
        le=1_000,
        description=(
            "jobs running at once, all clients and all processes on the database together; "
            "a new job past it: 503 with Retry-After"
        ),
    )
    jobs_running_per_client: int = Field(
        default=1,
        ge=1,
        le=1_000,
        description="jobs one client (API key, else address) may run at once; past it: 429",
    )
    jobs_kept_per_client: int = Field(
        default=20,
        ge=1,
        le=10_000,
        description=(
            "finished jobs kept per client: a new one deletes that client's oldest (never "
            "another client's)"
        ),
    )
    job_store_bytes: int = Field(
        default=2 * 1024**3,
        ge=1024 * 1024,
        le=1024**4,
        description=(
            "bytes of job results kept in the database for all clients; while full, new jobs "
            "get 503 until results expire"
        ),
    )
    job_ttl: int = Field(
        default=3600,
        ge=10,
        le=30 * 24 * 3600,
        description="seconds a finished job and its result are kept; then deleted (404)",
    )
    job_heartbeat: float = Field(
        default=5.0,
        ge=0.2,
        le=300,
        description=(
            "seconds between a running job's heartbeats; a job whose process missed six is "
            "reported failed (at once when the process ran on this host and is gone)"
        ),
    )

    @field_validator("database_url")
    @classmethod
    def _supported_driver(cls, url: str) -> str:
        if not url.startswith(SUPPORTED_DATABASE_SCHEMES):
            msg = (
                f"unsupported database URL scheme in {url.split(':', 1)[0]!r}: use "
                + " or ".join(repr(s + "//…") for s in SUPPORTED_DATABASE_SCHEMES)
            )
            raise ValueError(msg)
        return url


@cache
def get_settings() -> Settings:
    """The settings of this process, read once from the environment."""
    return Settings()
