"""Properties of the Leontief engine on random small productive tables (n = 1..8)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from impact.errors import InvalidInputError, NonProductiveTableError, TableError
from impact.io import IOModel, IOTable, cross_industry_lq, flq, iomath, regionalize
from impact.io.model import DemandBasis
from impact.io.results import ModelKind
from tests.strategies_io import TableCase, demands, employment_pairs, productive_tables

MODELS: tuple[ModelKind, ...] = ("type_i", "type_ii")


@given(productive_tables())
def test_leontief_inverse_by_solves(case: TableCase) -> None:
    Ad = case.table.domestic_coefficients
    n = case.table.n
    L = iomath.leontief_solve(iomath.leontief_factor(Ad), np.eye(n))
    np.testing.assert_allclose(L @ (np.eye(n) - Ad), np.eye(n), atol=1e-9)
    np.testing.assert_allclose((np.eye(n) - Ad) @ L, np.eye(n), atol=1e-9)


@given(productive_tables())
def test_output_multipliers_at_least_one(case: TableCase) -> None:
    out = IOModel(case.table).multipliers().total["output"]
    assert out is not None
    assert (out >= 1.0 - 1e-12).all()


@given(productive_tables())
def test_value_added_plus_imports_is_one(case: TableCase) -> None:
    mult = IOModel(case.table).multipliers()
    va, imp = mult.total["value_added"], mult.total["imports"]
    assert va is not None
    assert imp is not None
    np.testing.assert_allclose(va + imp, 1.0, atol=1e-9)


@st.composite
def table_and_two_demands(
    draw: st.DrawFn,
) -> tuple[TableCase, np.ndarray, np.ndarray, float, float]:
    case = draw(productive_tables())
    n = case.table.n
    a = draw(st.floats(-10, 10, allow_nan=False))
    b = draw(st.floats(-10, 10, allow_nan=False))
    return case, draw(demands(n)), draw(demands(n)), a, b


@given(table_and_two_demands(), st.sampled_from(MODELS))
def test_linear_in_demand(
    args: tuple[TableCase, np.ndarray, np.ndarray, float, float], model: ModelKind
) -> None:
    case, y1, y2, a, b = args
    mod = IOModel(case.table)
    f1 = mod.impact(y1, model)
    f2 = mod.impact(y2, model)
    f12 = mod.impact(a * y1 + b * y2, model)
    for metric, eff in f12.effects.items():
        e1, e2 = f1.effects[metric], f2.effects[metric]
        if eff is None:
            assert e1 is None
            assert e2 is None
            continue
        assert e1 is not None
        assert e2 is not None
        for part in ("direct", "indirect", "total"):
            got = getattr(eff, part)
            want = a * getattr(e1, part) + b * getattr(e2, part)
            np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-6)


@given(productive_tables())
def test_type_ii_at_least_type_i(case: TableCase) -> None:
    mod = IOModel(case.table)
    one, two = mod.multipliers("type_i"), mod.multipliers("type_ii")
    for metric in ("output", "value_added", "imports", "income", "employment"):
        t1, t2 = one.total[metric], two.total[metric]
        assert t1 is not None
        assert t2 is not None
        assert (t2 >= t1 - 1e-12).all()


@given(productive_tables(), st.data())
def test_batch_equals_column_by_column(case: TableCase, data: st.DataObject) -> None:
    n = case.table.n
    k = data.draw(st.integers(1, 5))
    Y = data.draw(hnp.arrays(np.float64, (n, k), elements=st.floats(-1e3, 1e3)))
    model = data.draw(st.sampled_from(MODELS))
    mod = IOModel(case.table)
    batch = mod.impact_batch(Y, model, by_sector=True)
    assert batch.by_sector is not None
    for j in range(k):
        single = mod.impact(Y[:, j], model)
        for metric, eff in single.effects.items():
            tot, sec = batch.totals[metric], batch.by_sector[metric]
            if eff is None:
                assert tot is None
                assert sec is None
                continue
            assert tot is not None
            assert sec is not None
            np.testing.assert_allclose(sec.total[:, j], eff.total, rtol=1e-9, atol=1e-9)
            np.testing.assert_allclose(tot.total[j], eff.total.sum(), rtol=1e-9, atol=1e-6)
            np.testing.assert_allclose(tot.direct[j], eff.direct.sum(), rtol=1e-9, atol=1e-6)


@given(productive_tables(), st.data())
def test_batch_totals_equal_the_by_sector_solves_with_imports(
    case: TableCase, data: st.DataObject
) -> None:
    """The totals' parts (products with the cached multipliers, computed in place) equal the
    sums of the by-sector parts (solves of their own), every part and model, with a share of
    purchases imported: the leak counts in direct and indirect imports, never as induced."""
    n = case.table.n
    k = data.draw(st.integers(1, 4))
    Y = data.draw(hnp.arrays(np.float64, (n, k), elements=st.floats(0.0, 1e3)))
    theta = data.draw(hnp.arrays(np.float64, (k,), elements=st.floats(0.0, 1.0)))
    model = data.draw(st.sampled_from(MODELS))
    batch = IOModel(case.table).impact_batch(Y, model, import_share=theta, by_sector=True)
    assert batch.by_sector is not None
    for metric, tot in batch.totals.items():
        sec = batch.by_sector[metric]
        if tot is None:
            assert sec is None
            continue
        assert sec is not None
        for part in ("direct", "indirect", "induced"):
            got, want = getattr(tot, part), getattr(sec, part)
            if got is None:
                assert want is None
                continue
            np.testing.assert_allclose(got, want.sum(axis=0), rtol=1e-9, atol=1e-6)


@given(productive_tables(), st.data())
def test_batch_refuses_any_non_finite_demand_and_leaves_it_unchanged(
    case: TableCase, data: st.DataObject
) -> None:
    """The batch reads its demand without copying it and scans it only when a column's
    output is not finite: a NaN or an infinity anywhere is still refused, finite amounts whose
    sum overflows are not, and the caller's array is never written (also with imports)."""
    n = case.table.n
    k = data.draw(st.integers(1, 6))
    big = data.draw(st.booleans())  # amounts near the float limit: the sums overflow
    bound = 1.7e308 if big else 1e3
    Y = data.draw(hnp.arrays(np.float64, (n, k), elements=st.floats(0.0, bound)))
    bad = data.draw(st.sampled_from([None, np.nan, np.inf, -np.inf]))
    if bad is not None:
        Y[data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, k - 1))] = bad
    before = Y.copy()
    model = data.draw(st.sampled_from(MODELS))
    mod = IOModel(case.table)
    basis: DemandBasis = data.draw(st.sampled_from(["domestic", "total"]))
    if basis == "total" and case.table.imports_basis != "competitive_row":
        basis = "domestic"  # purchaser spending needs import ratios by product
    if bad is None:
        with np.errstate(over="ignore", invalid="ignore"):  # sums past the float limit: inf
            mod.impact_batch(Y, model, basis=basis)  # no error, whatever the sums come to
    else:  # refused, and no numpy warning first (warnings are errors in the test suite)
        with pytest.raises(InvalidInputError) as err:
            mod.impact_batch(Y, model, basis=basis, by_sector=data.draw(st.booleans()))
        assert err.value.field == "demand"
    np.testing.assert_array_equal(Y, before)


@given(productive_tables(), st.sampled_from(["slq", "cilq", "flq"]), st.data())
def test_regionalised_multipliers_at_most_national(
    case: TableCase, method: str, data: st.DataObject
) -> None:
    reg_emp, nat_emp = data.draw(employment_pairs(case.table.n))
    reg, _ = regionalize(case.table, method, reg_emp, nat_emp)  # type: ignore[arg-type]
    out_r = IOModel(reg).multipliers().total["output"]
    out_n = IOModel(case.table).multipliers().total["output"]
    assert out_r is not None
    assert out_n is not None
    assert (out_r <= out_n + 1e-9).all()


@given(st.integers(1, 8).flatmap(employment_pairs), st.floats(0.01, 1.0))
def test_flq_at_most_cilq(pair: tuple[np.ndarray, np.ndarray], delta: float) -> None:
    reg_emp, nat_emp = pair
    assume(reg_emp.sum() < nat_emp.sum())
    f = flq(reg_emp, nat_emp, delta)
    c = cross_industry_lq(reg_emp, nat_emp)
    assert (f <= c).all()


@st.composite
def non_productive(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(1, 8))
    raw = draw(hnp.arrays(np.float64, (n, n), elements=st.floats(0.01, 1.0)))
    target = draw(hnp.arrays(np.float64, n, elements=st.floats(1.0, 2.0)))
    A = raw * (target / raw.sum(axis=0))[np.newaxis, :]  # column sums ≥ 1 ⇒ ρ(A) ≥ 1
    x = draw(hnp.arrays(np.float64, n, elements=st.floats(1.0, 1000.0)))
    return A * x[np.newaxis, :], x


@given(non_productive())
def test_non_productive_rejected(zx: tuple[np.ndarray, np.ndarray]) -> None:
    Z, x = zx
    with pytest.raises(NonProductiveTableError) as err:
        IOTable.from_arrays(Z, x)
    assert err.value.extra["spectral_radius"] >= 1.0 - iomath.PRODUCTIVE_MARGIN


@st.composite
def malformed(draw: st.DrawFn) -> dict[str, object]:
    case = draw(productive_tables(imports=False))
    t = case.table
    Z, x = np.array(t.Z), np.array(t.x)
    kind = draw(
        st.sampled_from(["nan_z", "inf_x", "neg_x", "zero_x", "shape_z", "shape_x", "ragged"])
    )
    k = draw(st.integers(0, t.n - 1))
    if kind == "nan_z":
        Z[k, draw(st.integers(0, t.n - 1))] = np.nan
    elif kind == "inf_x":
        x[k] = np.inf
    elif kind == "neg_x":
        x[k] = -draw(st.floats(1e-6, 1e6))
    elif kind == "zero_x":
        x[k] = 0.0
    elif kind == "shape_z":
        return {"Z": np.zeros((t.n, t.n + 1)), "x": x}
    elif kind == "shape_x":
        return {"Z": Z, "x": np.append(x, 1.0)}
    else:
        return {"Z": [list(r) for r in Z] + [[1.0]], "x": x}
    return {"Z": Z, "x": x}


@settings(max_examples=200)
@given(malformed())
def test_malformed_inputs_raise_table_error_only(kw: dict[str, object]) -> None:
    """pytest.raises(TableError) lets any other exception through, failing the test."""
    with pytest.raises(TableError):
        IOTable.from_arrays(kw["Z"], kw["x"])  # type: ignore[arg-type]
