"""The plans shipped in ``seeds/plans/``: real announcements with their sources.

Each file is a plan document exactly as a client would POST it (so
``curl -d @seeds/plans/sejong-2024.json …`` works); its stable id is the file's
stem. Loading validates every plan, so a broken seed fails at start-up (and in
the tests), never at request time.

Examples
--------
>>> sorted(load_seed_plans())
['daejeon-2018', 'sejong-2024']
"""

from __future__ import annotations

from functools import cache
from types import MappingProxyType

from impact.data import seeds_dir
from impact.plan import Plan

__all__ = ["load_seed_plans"]


@cache
def load_seed_plans() -> MappingProxyType[str, Plan]:
    """Every shipped plan keyed by its stable id (``sejong-2024``, ``daejeon-2018``)."""
    plans: dict[str, Plan] = {}
    for path in sorted((seeds_dir() / "plans").glob("*.json")):
        plans[path.stem] = Plan.model_validate_json(path.read_bytes())
    return MappingProxyType(plans)
