"""The ``storage_use`` table (created by migration ``0008``): bytes stored per owner.

A write's quota check (:mod:`api.db.storage`) used to sum its owner's ``size`` over
``plans``, ``scenarios`` and ``io_tables``: a cost that grew with everything the owner had
saved (2.3 ms for 20,000 plans, from the index alone). Triggers of the database keep this
one row per owner up to date on every insert, update and delete of those tables, in the
same transaction, whichever code path writes; the check reads one row.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from api.db.base import Base

__all__ = ["NO_OWNER", "StorageUseRow"]

NO_OWNER: Final = ""
"""``owner`` of what is stored without an owner (a null ``owner`` in the tables)."""


class StorageUseRow(Base):
    """The bytes of documents one owner stores: the sum of ``size`` of its rows."""

    __tablename__ = "storage_use"

    owner: Mapped[str] = mapped_column(
        String(128), primary_key=True, doc="key id, or '' for rows without an owner"
    )
    bytes: Mapped[int] = mapped_column(BigInteger, doc="sum of size over its rows [bytes]")
