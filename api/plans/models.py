"""The ``plans`` table (created by migration ``0001``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.db.base import Base, UTCDateTime

__all__ = ["PlanRow"]


class PlanRow(Base):
    """One saved plan: the validated document as JSON text, plus columns to find it by."""

    __tablename__ = "plans"
    __table_args__ = (
        Index("ix_plans_created_at_id", "created_at", "id"),
        Index("ix_plans_owner_size", "owner", "size"),  # the quota sum reads the index only
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    city: Mapped[str] = mapped_column(String(100), index=True)
    document: Mapped[str] = mapped_column(Text, doc="Plan.model_dump(mode='json') as JSON text")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, doc="1 when created, +1 on each replacement")
    size: Mapped[int] = mapped_column(
        Integer,
        server_default="0",
        doc="bytes of document (UTF-8): counted against the owner's quota",
    )
    owner: Mapped[str | None] = mapped_column(
        String(128),
        default=None,
        doc="key id (16 hex of SHA-256) of the API key that saved it; null: no owner",
    )
