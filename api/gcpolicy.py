"""How the served process shares its CPU with the event loop: garbage collection and the GIL.

CPython's automatic full collection walks every tracked object and holds the GIL while
it does, so the event loop stops for as long as it takes. A 100,000-row sweep job holds
about a million objects for seconds (its rows, their parameters, their encodings), and
the automatic rule -- a full pass whenever long-lived objects grew by a quarter --
walked them again and again: 250-450 ms pauses of ``/health``, measured. Objects are
freed by reference counting as soon as they are unused; only garbage in cycles needs the
collector, and little of it lives long. So the service (not the test suite):

* freezes its start-up heap (:func:`api.app.freeze_heap`);
* leaves young-generation collections as they are, but takes full collections out of
  the automatic rule (:data:`FULL_EVERY` gen-1 passes: in effect never);
* runs a full collection itself every :data:`FULL_PERIOD_S` seconds when this process
  runs no job (its heap is then small: a few ms), and after at most
  :data:`LONGEST_DEFERRAL_S` in any case, so that cyclic garbage cannot pile up;
* asks a thread holding the GIL to hand it over after :data:`SWITCH_INTERVAL_S` (1 ms)
  instead of Python's 5 ms: a job's threads (Dask, encoding) compute in Python between
  numpy calls, and the event loop waited up to 5 ms for the GIL at every turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import sys
import time
from collections.abc import Callable
from typing import Final

__all__ = ["FULL_EVERY", "FULL_PERIOD_S", "LONGEST_DEFERRAL_S", "SWITCH_INTERVAL_S", "GcPolicy"]

logger = logging.getLogger("impact.api")

FULL_EVERY: Final = 1_000_000
"""Gen-1 collections before an automatic full one (the default is 10)."""
FULL_PERIOD_S: Final = 30.0
LONGEST_DEFERRAL_S: Final = 600.0
SWITCH_INTERVAL_S: Final = 0.001


class GcPolicy:
    """The collection policy of the module doc; ``busy()`` says whether a job runs here."""

    def __init__(self, busy: Callable[[], bool]) -> None:
        self.busy = busy
        self._task: asyncio.Task[None] | None = None
        self._last_full = time.monotonic()
        self._thresholds = gc.get_threshold()
        self._interval = sys.getswitchinterval()

    def start(self) -> None:
        """Take full collections off the automatic rule and start the periodic one."""
        young, middle, _ = self._thresholds
        gc.set_threshold(young, middle, FULL_EVERY)
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self._task = asyncio.get_running_loop().create_task(self._collect())

    async def stop(self) -> None:
        """Cancel the periodic collection; restore the automatic rule."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        gc.set_threshold(*self._thresholds)
        sys.setswitchinterval(self._interval)

    async def _collect(self) -> None:
        while True:
            await asyncio.sleep(FULL_PERIOD_S)
            overdue = time.monotonic() - self._last_full > LONGEST_DEFERRAL_S
            if self.busy() and not overdue:
                continue
            started = time.perf_counter()
            found = gc.collect()
            self._last_full = time.monotonic()
            logger.debug(
                "full collection: %d unreachable, %.1f ms",
                found,
                (time.perf_counter() - started) * 1000,
            )
