"""A tripwire: what ``Plan`` dumps is what saved plans hold.

``GET /v1/plans/{id}`` writes a saved document out as stored
(``api.plans.repository.saved_plan_json``), which is the handler's answer only while the
stored text is today's ``Plan.model_dump_json()``. Migration 0006 brought every saved
document to today's form. If this fingerprint changes, ``Plan``'s JSON changed: add a
migration that rewrites ``plans.document`` as 0006 does
(``api/db/migrations/versions/v0006_current_plan_documents.py``), then record the new
fingerprint here.
"""

from __future__ import annotations

import hashlib
import json

from impact.plan import Plan

FINGERPRINT = "024ae642b1141b511d93468bae9793b77169c936ab4f819489ee89b0b501c80a"


def test_plan_documents_keep_the_form_saved_plans_hold() -> None:
    schema = json.dumps(
        Plan.model_json_schema(mode="serialization"), sort_keys=True, ensure_ascii=False
    )
    assert hashlib.sha256(schema.encode()).hexdigest() == FINGERPRINT, (
        "Plan's JSON changed: saved plans are served as stored, so add a migration that "
        "rewrites plans.document (as 0006 does), then update FINGERPRINT"
    )
