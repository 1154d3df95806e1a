"""Test-wide configuration: hypothesis profiles, and a service without keys or rate limit.

``CI=true`` (set by CI) selects a derandomised profile, so that a given commit
always runs the same examples; locally examples vary from run to run.

Every app a test builds from the environment has no API keys, no rate limit and no
CORS, whatever the developer's shell says; a test that needs them sets them itself
(``tests.integration.conftest.settings_for(..., api_keys=..., rate_limit=...)``).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

os.environ["IMPACT_RATE_LIMIT"] = "0"
for name in ("IMPACT_API_KEYS", "IMPACT_CORS_ORIGINS"):
    os.environ.pop(name, None)

settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
