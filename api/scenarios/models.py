"""The ``scenarios`` table (created by migration ``0003``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.db.base import Base, UTCDateTime

__all__ = ["ScenarioRow"]


class ScenarioRow(Base):
    """One saved scenario: the base plan as it was, and the adjustments, as JSON text.

    The plan is a snapshot (``plan_document``), so a scenario still answers after its
    saved plan is edited or deleted; ``plan_id`` says which saved plan it came from.
    """

    __tablename__ = "scenarios"
    __table_args__ = (
        Index("ix_scenarios_created_at_id", "created_at", "id"),
        Index("ix_scenarios_owner_size", "owner", "size"),  # the quota sum reads the index only
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200), default=None)
    plan_id: Mapped[str | None] = mapped_column(
        String(100), default=None, index=True, doc="id of the saved plan it was made from"
    )
    city: Mapped[str] = mapped_column(String(100))
    plan_document: Mapped[str] = mapped_column(Text, doc="Plan.model_dump_json()")
    adjustments: Mapped[str] = mapped_column(Text, doc="the adjustments as a JSON list")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    size: Mapped[int] = mapped_column(
        Integer,
        server_default="0",
        doc="bytes of plan_document and adjustments (UTF-8), for the quota",
    )
    owner: Mapped[str | None] = mapped_column(
        String(128),
        default=None,
        doc="key id (16 hex of SHA-256) of the API key that saved it; null: no owner",
    )
