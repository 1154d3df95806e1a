"""The ``plans`` table (created by migration ``0001``) and ``plan_counts`` (``0009``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.db.base import Base, UTCDateTime

__all__ = ["PlanCountRow", "PlanRow"]


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


class PlanCountRow(Base):
    """The number of plans one owner has saved, kept by triggers of the database on every
    insert, delete and change of ``owner`` in ``plans``, whichever code path writes: a page
    of plans sums these rows for its total where ``count(*)`` walked the table (README,
    *Performance*)."""

    __tablename__ = "plan_counts"

    owner: Mapped[str] = mapped_column(
        String(128), primary_key=True, doc="key id, or '' for plans without an owner"
    )
    plans: Mapped[int] = mapped_column(BigInteger, doc="number of its rows in plans")
