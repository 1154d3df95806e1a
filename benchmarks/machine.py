"""What the benchmarks ran on: cores, memory, CPU, library versions, BLAS kernels.

The BLAS facts come from ``threadpoolctl`` in a fresh process with the same
environment as the benchmark processes (the OpenBLAS overrides removed), after
importing numpy and scipy.linalg: each wheel bundles its own OpenBLAS.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

_PROBE = """
import json, numpy, scipy, scipy.linalg, threadpoolctl
info = [{k: d.get(k) for k in ("internal_api", "version", "architecture", "num_threads",
         "threading_layer", "filepath")} for d in threadpoolctl.threadpool_info()]
print(json.dumps({"numpy": numpy.__version__, "scipy": scipy.__version__, "blas": info}))
"""


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _mem_total_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 2**20
    return float("nan")


def first_touch_mib_per_s(mib: int = 512) -> dict[str, float]:
    """How fast fresh memory is faulted in, against writing memory already mapped [MiB/s].

    On a virtual machine whose host backs guest memory lazily, the first write
    to a page can cost far more than the write itself; every new n×n array pays it.
    """
    import numpy as np

    n = mib * 2**20 // 8
    t0 = time.perf_counter()
    a = np.empty(n)
    a.fill(1.0)
    fresh = time.perf_counter() - t0
    t0 = time.perf_counter()
    a.fill(2.0)
    again = time.perf_counter() - t0
    return {"fresh_mib_per_s": mib / fresh, "mapped_mib_per_s": mib / again}


def machine(env: dict[str, str]) -> dict[str, Any]:
    """Machine description; ``env`` is the benchmark processes' environment."""
    probe = subprocess.run(  # noqa: PLW1510
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, timeout=120
    )
    libs: dict[str, Any] = (
        json.loads(probe.stdout) if probe.returncode == 0 else {"error": probe.stderr[-500:]}
    )
    overrides = {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(_mem_total_gib(), 1),
        "cpu_model": _cpu_model(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        **libs,
        "blas_env_overrides_in_session": overrides,
        "blas_env_overrides_in_benchmarks": "removed (unset) in every benchmark process",
        "memory_first_touch": first_touch_mib_per_s(),
    }
