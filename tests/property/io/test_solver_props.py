"""GMRES on the sparse I − A gives the dense LU's answers (:mod:`impact.io.solvers`)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings

from impact.io import IOModel
from impact.io.results import ModelKind
from tests.strategies_io import TableCase, demands, productive_tables

MODELS: tuple[ModelKind, ...] = ("type_i", "type_ii")


def _close(got: object, want: object, scale: float = 1.0) -> None:
    """Equal to 1e-9 relatively, or absolutely to 1e-9 of ``scale``: GMRES stops on a residual
    relative to the whole demand's norm, so an entry 10¹⁰ times smaller than the largest
    demand is only as exact as the largest one (demand [6e-8, 619, 6e-8]: an indirect effect
    of 3e-9 off by 1e-9)."""
    np.testing.assert_allclose(
        np.asarray(got, dtype=float), np.asarray(want, dtype=float), rtol=1e-9,
        atol=1e-9 * scale,
    )  # fmt: skip


@settings(max_examples=60)
@given(productive_tables())
def test_gmres_multipliers_are_the_lu_multipliers(case: TableCase) -> None:
    lu, gmres = IOModel(case.table, solver="lu"), IOModel(case.table, solver="gmres")
    assert (lu.solver, gmres.solver) == ("lu", "gmres")
    for model in MODELS:
        want, got = lu.multipliers(model).total, gmres.multipliers(model).total
        assert want.keys() == got.keys()
        for metric, values in want.items():
            if values is None:
                assert got[metric] is None
            else:
                _close(got[metric], values)


@settings(max_examples=60)
@given(productive_tables(min_n=2).flatmap(lambda c: demands(c.table.n).map(lambda y: (c, y))))
def test_gmres_impacts_by_sector_are_the_lu_impacts(pair: tuple[TableCase, np.ndarray]) -> None:
    case, y = pair
    lu, gmres = IOModel(case.table, solver="lu"), IOModel(case.table, solver="gmres")
    scale = max(1.0, float(np.abs(y).max()))
    for model in MODELS:
        want, got = lu.impact(y, model).effects, gmres.impact(y, model).effects
        for metric, effect in want.items():
            other = got[metric]
            if effect is None:
                assert other is None
                continue
            assert other is not None
            _close(other.total, effect.total, scale)
            _close(other.indirect, effect.indirect, scale)


@given(productive_tables())
def test_the_sparse_domestic_coefficients_are_the_dense_ones_bit_for_bit(case: TableCase) -> None:
    dense = case.table.build_domestic_coefficients()
    sparse = case.table.sparse_domestic_coefficients()
    assert sparse.nnz == np.count_nonzero(dense)
    assert np.array_equal(sparse.toarray(), dense)
