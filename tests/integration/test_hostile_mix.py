"""``/health`` stays fast while one anonymous client sends every hostile request of issue 14
(``scripts/hostile.py``: a real ``python -m api`` on loopback, bounded in time).

The service's promise: p99 of ``/health`` under 250 ms while one client sends any mix of
requests within the documented limits, and no 5xx. Latency is the machine's too: the run
first times ``/health`` with nothing else going on, and when that alone is beyond
:data:`BUSY_MACHINE_P99_MS` (other processes hold the CPUs), it says so instead of judging
the service.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import hostile

pytestmark = pytest.mark.slow

P99_LIMIT_MS = 250.0
BUSY_MACHINE_P99_MS = 60.0
DURATION_S = 20.0


def test_health_p99_stays_under_250_ms_under_the_hostile_mix(tmp_path: Path) -> None:
    report = hostile.run(DURATION_S, plans=30, directory=tmp_path, rows=50_000)
    print("\n".join(report.lines()))  # noqa: T201 -- the figure, in pytest -s / -rA output
    assert not report.server_errors, report.server_errors[:5]
    assert report.failed_probes == 0
    assert report.probes > DURATION_S * 10  # the prober ran throughout
    hostile_requests = sum(report.statuses.values())
    assert hostile_requests > 20, report.statuses
    if report.idle_p99_ms > BUSY_MACHINE_P99_MS:
        pytest.skip(
            f"the machine is too busy to judge latency: /health p99 is "
            f"{report.idle_p99_ms:.0f} ms with no other request (under the mix: "
            f"{report.p99_ms:.0f} ms; no 5xx)"
        )
    assert report.p99_ms < P99_LIMIT_MS, report.lines()
