"""Peak resident memory of a piece of work, net of what the process already holds.

Method (Linux): after the interpreter, the imports and the input arrays are in
memory, write ``5`` to ``/proc/self/clear_refs``; this resets the process's
peak-RSS mark (VmHWM) to its current RSS. Read VmRSS then (the baseline), do
the work, and read VmHWM: ``peak − baseline`` is the extra memory the work
needed at its high point, whatever it allocated and freed in between (numpy's
large arrays are mmap'ed, so every page touched counts). The baseline —
interpreter, imports and inputs — is subtracted the same way for every engine.

Where ``clear_refs`` cannot be written the fallback is ``ru_maxrss`` of the
whole process (``getrusage(RUSAGE_SELF)``) minus the baseline RSS, which is an
upper bound when setting up the inputs peaked higher than the work.
"""

from __future__ import annotations

import resource
from pathlib import Path

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _status_kib(key: str) -> int:
    for line in _STATUS.read_text().splitlines():
        name, _, value = line.partition(":")
        if name == key:
            return int(value.split()[0])
    raise KeyError(key)


def rss_mib() -> float:
    """Current resident set size [MiB]."""
    return _status_kib("VmRSS") / 1024


class PeakMeter:
    """Usage: ``m = PeakMeter()`` (resets the mark), work, then ``m.extra_mib()``."""

    def __init__(self) -> None:
        try:
            _CLEAR_REFS.write_text("5")
            self.method = "VmHWM after clear_refs=5, minus VmRSS at reset"
            self._reset = True
        except OSError:
            self.method = "ru_maxrss (RUSAGE_SELF) minus VmRSS before the work"
            self._reset = False
        self.baseline_mib = rss_mib()

    def peak_mib(self) -> float:
        """Peak RSS of the process since the reset (or since it started) [MiB]."""
        if self._reset:
            return _status_kib("VmHWM") / 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def extra_mib(self) -> float:
        """Peak RSS above the baseline [MiB] (0 if RSS counters lag by a page or two)."""
        return max(0.0, self.peak_mib() - self.baseline_mib)
