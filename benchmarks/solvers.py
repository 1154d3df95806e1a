"""Dense LU against sparse solvers on synthetic tables of decreasing density.

``python -m benchmarks.solvers [--n 2000,9800] [--density 0.3,0.01,0.002]`` prints one JSON
line per (n, density): the time of the three solves the large-table benchmark needs (the
output multipliers ``1ᵀ(I − A)⁻¹``, the value-added multipliers, the impact of one demand
vector) with

* ``dense``: :func:`scipy.linalg.lu_factor` once, then three ``lu_solve`` (our engine);
* ``splu``: SuperLU with COLAMD ordering on the CSC matrix, then three solves;
* ``gmres``: restarted GMRES (restart 50, relative tolerance 1e-13) on the CSR matrix,
  three independent solves, no factorisation;

plus the conversion to a sparse matrix, SuperLU's fill-in (non-zeros of L + U over those
of I − A) and each method's largest relative difference from the dense answers; and our
engine end to end (the large-table benchmark's "ours": table, model, multipliers, one
impact) with ``solver="lu"`` and with ``"auto"``, which picks GMRES for a large,
mostly-zero table (:mod:`impact.io.solvers`). Not part
of ``make bench``: SuperLU takes minutes at n = 9,800. The README records a run, kept in
``benchmarks/results/solvers.jsonl`` (``python -m benchmarks.solvers > that file``).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import scipy.linalg
import scipy.sparse
import scipy.sparse.linalg

from benchmarks.large_table import run_ours
from benchmarks.synthetic import FloatArray, synthetic_table

GMRES_RTOL = 1e-13


def _timed(work: Callable[[], list[FloatArray]]) -> tuple[float, list[FloatArray]]:
    t0 = time.perf_counter()
    out = work()
    return time.perf_counter() - t0, out


def _rel_diff(got: list[FloatArray], want: list[FloatArray]) -> float:
    return max(float(np.abs(g - w).max() / np.abs(w).max()) for g, w in zip(got, want, strict=True))


def compare(n: int, density: float) -> dict[str, Any]:
    """Seconds of each method for the three solves on one synthetic table."""
    t = synthetic_table(n, density=density)
    a = t.Z / t.x
    m = np.eye(n) - a
    v = t.value_added / t.x
    ones = np.ones(n)

    def dense() -> list[FloatArray]:
        lu = scipy.linalg.lu_factor(m, check_finite=False)
        solve = scipy.linalg.lu_solve
        return [solve(lu, ones, trans=1), solve(lu, v, trans=1), solve(lu, t.demand)]

    dense_s, want = _timed(dense)
    t0 = time.perf_counter()
    csc = scipy.sparse.csc_matrix(m)
    to_sparse_s = time.perf_counter() - t0
    csr, csr_t = csc.tocsr(), csc.T.tocsr()
    fill: list[float] = []

    def splu() -> list[FloatArray]:
        f = scipy.sparse.linalg.splu(csc, permc_spec="COLAMD")
        fill.append((f.L.nnz + f.U.nnz) / csc.nnz)
        return [f.solve(ones, trans="T"), f.solve(v, trans="T"), f.solve(t.demand)]

    def gmres() -> list[FloatArray]:
        out = []
        for matrix, rhs in ((csr_t, ones), (csr_t, v), (csr, t.demand)):
            x, info = scipy.sparse.linalg.gmres(matrix, rhs, rtol=GMRES_RTOL, atol=0, restart=50)
            if info != 0:
                raise RuntimeError(f"GMRES did not converge ({info})")
            out.append(x)
        return out

    splu_s, got_splu = _timed(splu)
    gmres_s, got_gmres = _timed(gmres)
    engine_lu = run_ours(t, solver="lu")
    engine_auto = run_ours(t, solver="auto")
    return {
        "n": n,
        "density": density,
        "nnz": int(csc.nnz),
        "dense_s": dense_s,
        "to_sparse_s": to_sparse_s,
        "splu_s": splu_s,
        "splu_fill": fill[0],
        "gmres_s": gmres_s,
        "splu_rel_diff": _rel_diff(got_splu, want),
        "gmres_rel_diff": _rel_diff(got_gmres, want),
        "engine_lu_s": sum(engine_lu[0].values()),
        "engine_auto_s": sum(engine_auto[0].values()),
        "engine_auto_phases_s": engine_auto[0],
        "engine_auto_solver": "gmres" if _picks_gmres(t.Z) else "lu",
        "engine_rel_diff": _rel_diff(list(engine_auto[1:]), list(engine_lu[1:])),
    }


def _picks_gmres(flows: FloatArray) -> bool:
    """What ``solver="auto"`` chooses: A_d = Z x̂⁻¹ has the non-zeros of Z (``flows``)."""
    from impact.io.solvers import choose_solver

    return choose_solver(int(flows.shape[0]), int(np.count_nonzero(flows))) == "gmres"


def main(argv: Sequence[str] | None = None) -> None:
    """Print one JSON line per (n, density)."""
    p = argparse.ArgumentParser(description="dense LU vs sparse solvers")
    p.add_argument("--n", default="2000,9800", help="comma-separated sizes")
    p.add_argument("--density", default="0.3,0.01,0.002", help="comma-separated densities")
    a = p.parse_args(argv)
    for n in (int(x) for x in a.n.split(",")):
        for density in (float(x) for x in a.density.split(",")):
            print(json.dumps(compare(n, density)), flush=True)


if __name__ == "__main__":
    main()
