"""The plans shipped in ``seeds/plans/``: real announcements with their sources.

Each file is ``{"id": "<stable id>", "plan": <Plan>}``; the id is the file's
stem. Loading validates every plan, so a broken seed fails at start-up (and in
the tests), never at request time.

Examples
--------
>>> sorted(load_seed_plans())
['daejeon-2018', 'sejong-2024']
"""

from __future__ import annotations

import json
from functools import cache
from types import MappingProxyType
from typing import Any

from impact.data import seeds_dir
from impact.errors import InvalidInputError
from impact.plan import Plan

__all__ = ["load_seed_plans"]


@cache
def load_seed_plans() -> MappingProxyType[str, Plan]:
    """Every shipped plan keyed by its stable id (``sejong-2024``, ``daejeon-2018``)."""
    plans: dict[str, Plan] = {}
    for path in sorted((seeds_dir() / "plans").glob("*.json")):
        document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        if document.get("id") != path.stem:
            msg = f"seed {path.name} has id {document.get('id')!r}, expected {path.stem!r}"
            raise InvalidInputError(msg, field="id")
        plans[path.stem] = Plan.model_validate(document["plan"])
    return MappingProxyType(plans)
