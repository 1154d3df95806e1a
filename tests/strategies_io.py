"""Hypothesis strategies for the input-output engine (shared by unit and property tests)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from impact.io import IOTable
from impact.io.iomath import FloatArray

MAX_N = 8

#: 0 or a "reasonable" positive number: no subnormals (they overflow divisions, not a
#: property of the model) and sparsity from the explicit zero.
unit_floats = st.one_of(st.just(0.0), st.floats(1e-3, 1.0))


@dataclass(frozen=True)
class TableCase:
    """A random productive table and the arrays it was built from."""

    table: IOTable
    A: FloatArray
    m: FloatArray


def _matrix(n: int) -> st.SearchStrategy[FloatArray]:
    return hnp.arrays(np.float64, (n, n), elements=unit_floats)


def _vector(n: int, lo: float = 0.0, hi: float = 1.0) -> st.SearchStrategy[FloatArray]:
    elements = st.floats(lo, hi, allow_nan=False, allow_subnormal=False)
    return hnp.arrays(np.float64, n, elements=elements)


@st.composite
def productive_tables(
    draw: st.DrawFn, min_n: int = 1, max_n: int = MAX_N, imports: bool = True
) -> TableCase:
    """A competitive table with column sums of A < 0.9, compensation, consumption, jobs.

    Column sums of A are < 0.9 and compensation coefficients w_j < 0.95 − Σ_i a_ij,
    so both the open and the household-closed model are productive.
    """
    n = draw(st.integers(min_n, max_n))
    raw = draw(_matrix(n))
    target = draw(_vector(n, 0.0, 0.89))
    col = raw.sum(axis=0)
    scale = np.divide(target, col, out=np.zeros(n), where=col > 0)
    A = raw * scale[np.newaxis, :]
    x = draw(_vector(n, 1.0, 1000.0))
    Z = A * x[np.newaxis, :]
    imp = draw(_vector(n, 0.0, 500.0)) if imports else np.zeros(n)
    w = draw(_vector(n, 0.01, 1.0)) * (0.95 - A.sum(axis=0))
    comp = w * x
    m = imp / (x + imp)
    shares = draw(_vector(n, 0.0, 1.0))
    total_share = draw(st.floats(0.0, 0.8))
    c = shares / shares.sum() * total_share if shares.sum() > 0 else np.zeros(n)
    hh = c * max(float(comp.sum()), 1e-9) / (1.0 - m)
    jobs = draw(hnp.arrays(np.float64, n, elements=st.one_of(st.just(0.0), st.floats(1e-3, 50.0))))
    table = IOTable.from_arrays(
        Z, x, imports=imp, compensation=comp, household_consumption=hh, employment=jobs
    )
    return TableCase(table, A, m)


def demands(n: int) -> st.SearchStrategy[FloatArray]:
    """Final-demand vectors (n,), signed, moderate magnitude."""
    return _vector(n, -1000.0, 1000.0)


@st.composite
def employment_pairs(draw: st.DrawFn, n: int) -> tuple[FloatArray, FloatArray]:
    """(regional, national) employment with 0 < E^R_i ≤ E^N_i and E^R < E^N."""
    nat = draw(_vector(n, 1.0, 1e4))
    share = draw(_vector(n, 0.01, 0.99))
    return share * nat, nat
