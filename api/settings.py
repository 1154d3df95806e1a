"""Service configuration: one ``Settings`` read from ``IMPACT_*`` environment variables."""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SUPPORTED_DATABASE_SCHEMES = ("sqlite+aiosqlite:", "postgresql+asyncpg:")
"""The async drivers the plan store is tested with."""


class Settings(BaseSettings):
    """Every knob of the service, with its default and bounds.

    Set any of them as an environment variable with the ``IMPACT_`` prefix,
    e.g. ``IMPACT_PORT=9000 make serve``.
    """

    model_config = SettingsConfigDict(env_prefix="IMPACT_", frozen=True, extra="ignore")

    host: str = Field(default="127.0.0.1", description="interface to listen on")
    port: int = Field(default=8000, ge=1, le=65535, description="TCP port to listen on")
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        default="info", description="log level of the service"
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

    dask_scheduler: str | None = Field(
        default=None,
        min_length=1,
        description=(
            "address of a Dask distributed scheduler (e.g. 'tcp://10.0.0.5:8786') that runs "
            "large sweeps and Monte Carlo jobs; unset: an in-process Dask cluster"
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
    max_jobs: int = Field(
        default=50,
        ge=1,
        le=10_000,
        description=(
            "jobs kept in memory, results included (a 100,000-row sweep holds ~100 MB); "
            "the oldest finished ones are forgotten first"
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
