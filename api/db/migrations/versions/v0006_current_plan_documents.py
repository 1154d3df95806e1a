"""Saved plan documents in today's form.

Revision ID: 0006
Revises: 0005
Created: performance round 3 (issue 15)

``GET /v1/plans/{id}`` writes a saved plan's document out as it is stored instead of
validating it into a ``Plan`` and dumping it again (``api.plans.repository.saved_plan_json``).
That is the same answer only if the stored text is what today's ``Plan`` dumps: plans saved
by earlier versions lack fields added since (``region``, ``approximate``, …). This revision
rewrites every document whose text differs from ``Plan.model_validate_json(document)
.model_dump_json()``, and its ``size``. A document that no longer validates is left as it
is (reading it through the handler fails as before). Nothing to undo on downgrade.

A change to what ``Plan`` dumps needs a revision like this one:
``tests/unit/test_plan_document_format.py`` fails until its fingerprint is updated.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from pydantic import ValidationError

from impact.plan import Plan

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_plans = sa.table(
    "plans",
    sa.column("id", sa.String),
    sa.column("document", sa.Text),
    sa.column("size", sa.Integer),
)


def upgrade() -> None:
    bind = op.get_bind()
    ids = bind.execute(sa.select(_plans.c.id)).scalars().all()
    for plan_id in ids:
        document = bind.execute(
            sa.select(_plans.c.document).where(_plans.c.id == plan_id)
        ).scalar_one()
        try:
            current = Plan.model_validate_json(document).model_dump_json()
        except ValidationError:
            continue
        if current != document:
            bind.execute(
                _plans.update()
                .where(_plans.c.id == plan_id)
                .values(document=current, size=len(current.encode()))
            )


def downgrade() -> None:
    pass
