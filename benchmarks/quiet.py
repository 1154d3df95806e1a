"""Wait for an idle machine before each measurement, and say how idle it was.

The machine may be shared (other sessions run test suites on the same two
cores). Before every measurement the runner samples ``/proc/stat`` over one
second and waits, up to a time limit, until less than ``THRESHOLD`` of the
total CPU time was busy; the busy fraction it saw last goes into the record.
During the measurement it counts the CPU time of everything else (all busy
time minus the benchmark's own processes): above ``OTHERS_MAX`` cores on
average the measurement is redone, up to ``ATTEMPTS`` times, and the figure is
recorded either way.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

#: Busy share of all cores (0..1) below which the machine counts as idle.
THRESHOLD = 0.15
#: CPU (cores) used by other processes during a measurement above which it is redone.
OTHERS_MAX = 0.25
#: Attempts per measurement when other processes keep the CPUs busy
#: (``IMPACT_BENCH_ATTEMPTS``: 1 on a machine that will not be idle).
ATTEMPTS = max(1, int(os.environ.get("IMPACT_BENCH_ATTEMPTS", "3")))
#: Longest wait for an idle machine before each measurement [s] (``IMPACT_BENCH_WAIT_S``:
#: 0 measures at once; the busy share is recorded either way).
WAIT_S = max(0.0, float(os.environ.get("IMPACT_BENCH_WAIT_S", "180")))

_CLK_TCK = os.sysconf("SC_CLK_TCK")


def busy_seconds() -> float:
    """CPU-seconds spent busy by all CPUs since boot (compare two readings)."""
    busy, _ = _times()
    return busy / _CLK_TCK


def _times() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    total = sum(fields[:8])  # user nice system idle iowait irq softirq steal
    return total - idle, total


def cpu_busy(interval: float = 1.0) -> float:
    """Busy share of all cores over ``interval`` seconds (0..1)."""
    b0, t0 = _times()
    time.sleep(interval)
    b1, t1 = _times()
    return (b1 - b0) / max(t1 - t0, 1)


def wait_quiet(
    log: Callable[[str], None], threshold: float = THRESHOLD, timeout: float | None = None
) -> float:
    """Block until the machine is idle (or ``timeout`` s, default :data:`WAIT_S`, passed);
    the last busy share."""
    timeout = WAIT_S if timeout is None else timeout
    deadline = time.monotonic() + timeout
    busy = cpu_busy()
    waited = False
    while busy >= threshold and time.monotonic() < deadline:
        if not waited:
            log(f"machine busy ({busy:.0%} of the CPUs): waiting up to {timeout:.0f} s")
            waited = True
        busy = cpu_busy()
    if busy >= threshold:
        log(f"still busy ({busy:.0%}): measuring anyway, noted in the results")
    return busy
