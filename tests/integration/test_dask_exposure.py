"""The in-process Dask cluster listens on loopback only and serves no dashboard (issue 14, 12).

Dask starts an HTTP server for the scheduler and one for each worker even without a
dashboard; the worker's used to listen on 0.0.0.0 and [::] after the first job, and the
scheduler's served its log and call-stack pages.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from runner.executors import DaskExecutor

pytestmark = pytest.mark.slow

LISTEN = "0A"


def _listening() -> list[tuple[str, int]]:
    """(address, port) of every TCP socket this process listens on (Linux /proc)."""
    inodes = set()
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table, size in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state != LISTEN or inode not in inodes:
                continue
            address, port = local.split(":")
            raw = bytes.fromhex(address)
            if size == 8:
                host = ".".join(str(b) for b in raw[::-1])
            else:  # four little-endian 32-bit words
                words = [raw[i : i + 4][::-1] for i in range(0, 16, 4)]
                host = b"".join(words).hex()
            found.append((host, int(port, 16)))
    return found


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


def _square(x: int) -> int:
    return x * x


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc/net/tcp")
def test_the_in_process_cluster_listens_on_loopback_only_and_has_no_dashboard() -> None:
    before = set(_listening())
    executor = DaskExecutor()
    try:
        assert executor.map(_square, [(2,), (3,)]) == [4, 9]  # after the first job
        opened = set(_listening()) - before
        assert opened, "Dask opened no HTTP server at all?"
        assert {host for host, _ in opened} == {"127.0.0.1"}, opened
        for _, port in opened:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as ok:
                assert ok.status == 200
            for page in ("/info/main/workers.html", "/info/logs/x", "/individual-plots.json"):
                assert _status(f"http://127.0.0.1:{port}{page}") == 404
    finally:
        executor.close()
