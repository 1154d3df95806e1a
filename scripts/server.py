"""Run the real service (``python -m api``) in a subprocess on a free loopback port.

Used by the load script (``scripts/load.py``) and the crash test
(``tests/integration/test_crash.py``): the same uvicorn server, the same start-up
(migrations, seeds), a SQLite file of the caller's choosing. Only 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import IO

import httpx

__all__ = ["Server", "free_port"]

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port nothing listens on at the moment, on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


class Server:
    """``python -m api`` on ``database`` (a SQLite file), until :meth:`stop` or :meth:`kill`.

    One worker process unless ``env`` sets ``IMPACT_WORKERS``; the server runs in a process
    group of its own, which :meth:`kill` ends whole.

    ``env`` adds ``IMPACT_*`` settings (e.g. ``IMPACT_API_KEYS``); the server's log goes
    to ``log`` (a file path) so that a full pipe can never stall it. ``file_limit`` caps
    the server's open files (soft and hard), as a small ``ulimit -n`` would.
    """

    def __init__(
        self,
        database: Path,
        log: Path,
        env: Mapping[str, str] | None = None,
        *,
        start_timeout: float = 60.0,
        file_limit: int | None = None,
    ) -> None:
        self.database = database
        self.log_path = log
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.start_timeout = start_timeout
        self.file_limit = file_limit
        self._env = {
            **os.environ,
            "IMPACT_HOST": HOST,
            "IMPACT_PORT": str(self.port),
            "IMPACT_DATABASE_URL": f"sqlite+aiosqlite:///{database}",
            "IMPACT_LOG_LEVEL": "warning",
            "IMPACT_WORKERS": "1",
            **(env or {}),
        }
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def pid(self) -> int:
        """The server's process id."""
        if self._process is None:
            msg = "the server is not running"
            raise RuntimeError(msg)
        return self._process.pid

    def start(self) -> Server:
        """Start the server and wait until ``GET /health`` answers 200."""
        self._log = self.log_path.open("ab")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "api"],
            cwd=ROOT,
            env=self._env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill() reaches every worker
            # runs in the child between fork and exec; the test process starts no threads
            # that could hold a lock then (subprocess has no other way to set a limit)
            preexec_fn=None if self.file_limit is None else self._limit_files,  # noqa: PLW1509
        )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                msg = f"the server exited with {self._process.returncode}; see {self.log_path}"
                raise RuntimeError(msg)
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/health", timeout=1.0).status_code == 200:
                    return self
            time.sleep(0.1)
        self.kill()
        msg = f"the server did not answer /health within {self.start_timeout} s"
        raise TimeoutError(msg)

    def _limit_files(self) -> None:
        """In the child, before exec: at most ``file_limit`` open files, soft and hard."""
        assert self.file_limit is not None
        resource.setrlimit(resource.RLIMIT_NOFILE, (self.file_limit, self.file_limit))

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, no goodbye -- as a crash or the OOM killer."""
        if self._process is not None and self._process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._process.pid, signal.SIGKILL)  # the server and its workers
            self._process.wait(timeout=30)
        self._close_log()

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM (uvicorn shuts down gracefully), SIGKILL if it is still up after ``timeout``."""
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
