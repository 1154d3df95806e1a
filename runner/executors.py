"""Executors that map a pure function over chunks and return the results in order.

* :class:`InlineExecutor` runs the chunks one after another in the calling
  thread: no set-up, used for small requests and by the command line.
* :class:`DaskExecutor` submits them to Dask distributed: an in-process cluster
  (``Client(processes=False)``: worker threads in this process, no set-up) by
  default, or the scheduler at ``address`` (``IMPACT_DASK_SCHEDULER``), whose
  workers must have this package installed. The client is created on first use.

Chunk sizes and seeds are fixed by the caller before mapping, so every executor
returns the same numbers for the same input.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
Progress = Callable[[int, int], None]
"""``progress(done, total)``, called after each chunk (from a worker thread)."""

__all__ = ["DaskExecutor", "Executor", "InlineExecutor", "Progress"]


class Executor(Protocol):
    """Maps ``fn`` over argument tuples; results in the order of ``items``."""

    def map(
        self,
        fn: Callable[..., T],
        items: Sequence[tuple[Any, ...]],
        progress: Progress | None = None,
    ) -> list[T]: ...


class InlineExecutor:
    """Every chunk in the calling thread, in order."""

    def map(
        self,
        fn: Callable[..., T],
        items: Sequence[tuple[Any, ...]],
        progress: Progress | None = None,
    ) -> list[T]:
        """``[fn(*args) for args in items]``, reporting progress after each."""
        out = []
        for i, args in enumerate(items):
            out.append(fn(*args))
            if progress is not None:
                progress(i + 1, len(items))
        return out


class DaskExecutor:
    """Chunks as Dask tasks: in-process cluster by default, or a remote scheduler.

    Parameters
    ----------
    address
        ``tcp://host:8786`` of a running scheduler; ``None`` for an in-process
        cluster of worker threads.
    client
        An existing ``distributed.Client`` to use instead (not closed by :meth:`close`).
    """

    def __init__(self, address: str | None = None, *, client: Any = None) -> None:
        self.address = address
        self._client = client
        self._owned = client is None
        self._cluster: Any = None
        self._lock = threading.Lock()

    @property
    def client(self) -> Any:
        """The ``distributed.Client``, created on first use."""
        with self._lock:
            if self._client is None:
                from distributed import Client, LocalCluster  # noqa: PLC0415 -- on first use

                if self.address:
                    self._client = Client(self.address, set_as_default=False)
                else:
                    self._cluster = LocalCluster(
                        processes=False,
                        n_workers=1,
                        threads_per_worker=max(1, os.cpu_count() or 1),
                        dashboard_address="127.0.0.1:0",  # its HTTP routes on a free local port
                    )
                    self._client = Client(self._cluster, set_as_default=False)
            return self._client

    def map(
        self,
        fn: Callable[..., T],
        items: Sequence[tuple[Any, ...]],
        progress: Progress | None = None,
    ) -> list[T]:
        """Submit one task per item, report progress as they finish, gather in order."""
        from distributed import as_completed  # noqa: PLC0415

        if not items:
            return []
        client = self.client
        futures = [client.submit(fn, *args, pure=False) for args in items]
        for done, _ in enumerate(as_completed(futures, loop=client.loop), start=1):
            if progress is not None:
                progress(done, len(futures))
        results: list[T] = client.gather(futures)
        return results

    def close(self) -> None:
        """Close the client (and its in-process cluster) if this executor created it."""
        with self._lock:
            if self._client is not None and self._owned:
                self._client.close()
            if self._cluster is not None:
                self._cluster.close()
            self._client = self._cluster = None
