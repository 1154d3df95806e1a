"""Test-wide configuration: hypothesis profiles.

``CI=true`` (set by CI) selects a derandomised profile, so that a given commit
always runs the same examples; locally examples vary from run to run.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
