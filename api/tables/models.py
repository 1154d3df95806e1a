"""The ``io_tables`` table (created by migration ``0002``; ``owner`` since ``0004``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.db.base import Base, UTCDateTime

__all__ = ["IOTableRow"]


class IOTableRow(Base):
    """One uploaded or derived input-output table: its document as JSON text.

    ``unit``, ``sectors`` and ``origin`` repeat what the document says, so that the
    list of tables is read without parsing documents of up to a few megabytes.
    """

    __tablename__ = "io_tables"
    __table_args__ = (
        Index("ix_io_tables_created_at_id", "created_at", "id"),
        Index("ix_io_tables_owner_size", "owner", "size"),  # the quota sum reads the index only
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    origin: Mapped[str] = mapped_column(String(16), doc="'uploaded' or 'derived'")
    unit: Mapped[str] = mapped_column(String(100))
    sectors: Mapped[int] = mapped_column(Integer, doc="number of sectors n")
    document: Mapped[str] = mapped_column(Text, doc="StoredTable.model_dump_json()")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
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
