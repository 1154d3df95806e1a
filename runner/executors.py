"""Executors that map a pure function over chunks and return the results in order.

* :class:`InlineExecutor` runs the chunks one after another in the calling
  thread: no set-up, used for small requests and by the command line.
* :class:`DaskExecutor` submits them to Dask distributed: an in-process cluster
  (``Client(processes=False)``: worker threads in this process, no set-up) by
  default, or the scheduler at ``address`` (``IMPACT_DASK_SCHEDULER``), whose
  workers must have this package installed. The client is created on first use.

The in-process cluster listens on nothing but the loopback interface: its scheduler
and worker HTTP servers (Dask starts one each, even without a dashboard) bind
``127.0.0.1`` on a free port and serve ``/health`` only -- no dashboard, no log or
call-stack pages -- unless ``dashboard_address`` (``IMPACT_DASK_DASHBOARD``) asks for
the dashboard there. (The worker's server used to listen on ``0.0.0.0`` and ``[::]``.)

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


HEALTH_ONLY: dict[str, Any] = {
    "distributed.scheduler.http.routes": ["distributed.http.health"],
    "distributed.worker.http.routes": ["distributed.http.health"],
}
"""Dask configuration of the HTTP servers without a dashboard: ``/health`` only."""


def _local_cluster(dashboard_address: str | None) -> Any:
    """An in-process cluster whose HTTP servers listen on loopback (see the module doc)."""
    import dask  # noqa: PLC0415 -- on first use
    from distributed import LocalCluster  # noqa: PLC0415

    options: dict[str, Any] = {
        "processes": False,
        "n_workers": 1,
        "threads_per_worker": max(1, os.cpu_count() or 1),
        "worker_dashboard_address": "127.0.0.1:0",
    }
    if dashboard_address is None:
        with dask.config.set(HEALTH_ONLY):
            return LocalCluster(
                **options, dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False}
            )
    return LocalCluster(**options, dashboard_address=dashboard_address)


class DaskExecutor:
    """Chunks as Dask tasks: in-process cluster by default, or a remote scheduler.

    Parameters
    ----------
    address
        ``tcp://host:8786`` of a running scheduler; ``None`` for an in-process
        cluster of worker threads.
    client
        An existing ``distributed.Client`` to use instead (not closed by :meth:`close`).
    dashboard_address
        ``host:port`` of the in-process cluster's dashboard (all of Dask's pages);
        ``None`` (the default): no dashboard, ``/health`` only, on a loopback port.
    """

    def __init__(
        self,
        address: str | None = None,
        *,
        client: Any = None,
        dashboard_address: str | None = None,
    ) -> None:
        self.address = address
        self.dashboard_address = dashboard_address
        self._client = client
        self._owned = client is None
        self._cluster: Any = None
        self._lock = threading.Lock()

    @property
    def client(self) -> Any:
        """The ``distributed.Client``, created on first use."""
        with self._lock:
            if self._client is None:
                from distributed import Client  # noqa: PLC0415 -- on first use

                if self.address:
                    self._client = Client(self.address, set_as_default=False)
                else:
                    self._cluster = _local_cluster(self.dashboard_address)
                    self._client = Client(self._cluster, set_as_default=False)
            return self._client

    def map(
        self,
        fn: Callable[..., T],
        items: Sequence[tuple[Any, ...]],
        progress: Progress | None = None,
    ) -> list[T]:
        """Submit one task per item, report progress as they finish, gather in order.

        If ``progress`` (or anything) raises, the chunks not finished are cancelled.
        """
        from distributed import as_completed  # noqa: PLC0415

        if not items:
            return []
        client = self.client
        futures = [client.submit(fn, *args, pure=False) for args in items]
        try:
            for done, _ in enumerate(as_completed(futures, loop=client.loop), start=1):
                if progress is not None:
                    progress(done, len(futures))  # may raise to stop the work (a cancelled job)
            results: list[T] = client.gather(futures)
        except BaseException:
            client.cancel(futures)  # do not leave the other chunks running for nobody
            raise
        return results

    def close(self) -> None:
        """Close the client (and its in-process cluster) if this executor created it."""
        with self._lock:
            if self._client is not None and self._owned:
                self._client.close()
            if self._cluster is not None:
                self._cluster.close()
            self._client = self._cluster = None
