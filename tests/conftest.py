"""Test-wide configuration: hypothesis profiles, and a service without keys or rate limit.

``CI=true`` (set by CI) selects a derandomised profile, so that a given commit
always runs the same examples; locally examples vary from run to run.

Every app a test builds from the environment has no API keys, no rate limit and no
CORS, whatever the developer's shell says; a test that needs them sets them itself
(``tests.integration.conftest.settings_for(..., api_keys=..., rate_limit=...)``).

The core's three memoised functions (:func:`impact.prices.load_price_indices`, the money
parser's ``_parse_text`` and :func:`impact.regions.resolve_city`) start empty in every test,
so that a test sees the function as it is now: mutation testing forks each mutant from a
process whose caches were filled by the unchanged code, and a kept answer would hide the
mutant (docs/testing.md).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from impact import compare, money, prices, regions

os.environ["IMPACT_RATE_LIMIT"] = "0"
for name in ("IMPACT_API_KEYS", "IMPACT_CORS_ORIGINS"):
    os.environ.pop(name, None)

settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _empty_core_caches() -> None:
    """Empty the core's memoised functions before each test (cheap: one small CSV, a few texts)."""
    prices.load_price_indices.cache_clear()
    money._parse_text.cache_clear()
    regions.resolve_city.cache_clear()
    compare._shipped_basis.cache_clear()
