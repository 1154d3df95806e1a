"""IOModel: multipliers, Type I/II, direct/indirect/induced, demand handling."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from impact.errors import DataUnavailableError, InvalidInputError
from impact.io import IOModel, IOTable

Z = [[150.0, 500.0], [200.0, 100.0]]
X = [1000.0, 2000.0]


@pytest.fixture
def mb() -> IOModel:
    """M&B two-sector table with households: row [300, 500], consumption [50, 400]."""
    t = IOTable.from_arrays(
        Z, X, sectors=["1", "2"], compensation=[300.0, 500.0],
        household_consumption=[50.0, 400.0], employment=[10.0, 8.0],
    )  # fmt: skip
    return IOModel(t)


def test_type_i_multipliers_mb(mb: IOModel) -> None:
    mult = mb.multipliers("type_i")
    assert mult.total["output"] is not None
    np.testing.assert_allclose(mult.total["output"].round(3), [1.518, 1.452])
    inc = mult.total["income"]
    assert inc is not None
    np.testing.assert_allclose(inc.round(4), [0.4422, 0.3795])
    ratio = mult.ratio["income"]
    assert ratio is not None
    np.testing.assert_allclose(ratio.round(4), [1.4741, 1.5182])
    emp = mult.total["employment"]
    assert emp is not None
    e = np.array([0.01, 0.004])
    L = np.array([[0.95, 0.25], [0.2, 0.85]]) / 0.7575
    np.testing.assert_allclose(emp, e @ L)
    assert mult.total["product_taxes"] is None


def test_type_ii_closure_mb(mb: IOModel) -> None:
    """Household column c_i = h C_i / Σ C (disposable-income closure, h = KOSTAT 2023 H2's
    consumption per won of income, (280.8 + 283.3) / (503.3 + 502.4)); corner 0."""
    h = (280.8 + 283.3) / (503.3 + 502.4)
    np.testing.assert_allclose(mb.household_column, [h * 50 / 450, h * 400 / 450])
    A = np.array([[0.15, 0.25], [0.2, 0.05]])
    closed = np.zeros((3, 3))
    closed[:2, :2] = A
    closed[2, :2] = [0.3, 0.25]
    closed[:2, 2] = [h * 50 / 450, h * 400 / 450]
    Lbar = np.linalg.solve(np.eye(3) - closed, np.eye(3))
    mult = mb.multipliers("type_ii")
    out = mult.total["output"]
    assert out is not None
    np.testing.assert_allclose(out, Lbar[:2, :2].sum(axis=0), rtol=1e-12)
    inc = mult.total["income"]
    assert inc is not None
    np.testing.assert_allclose(inc, Lbar[2, :2], rtol=1e-12)


def test_multipliers_are_cached(mb: IOModel) -> None:
    assert mb.multipliers() is mb.multipliers("type_i")
    assert mb.economy_wide() is mb.economy_wide("type_i")


def test_economy_wide_weights(mb: IOModel) -> None:
    ew = mb.economy_wide()
    f = np.array([350.0, 1700.0])
    assert ew.weight_total == pytest.approx(2050.0)
    assert ew.average["output"] == pytest.approx(3000.0 / 2050.0)  # Σx / Σf
    assert ew.average["value_added"] == pytest.approx(1.0)  # no imports
    assert "domestic products" in ew.weights
    assert ew.average["employment"] == pytest.approx((18.0 / 2050.0) * f.sum() / f.sum())


def test_impact_split_mb(mb: IOModel) -> None:
    imp = mb.impact({"1": 600, "2": Decimal("1500")}, "type_ii")
    out = imp.effects["output"]
    assert out is not None
    np.testing.assert_allclose(out.direct, [600.0, 1500.0])
    np.testing.assert_allclose((out.direct + out.indirect).round(2), [1247.52, 1841.58])
    assert out.induced is not None
    assert (out.induced > 0).all()
    tot = imp.totals()["output"]
    assert tot is not None
    assert tot["total"] == pytest.approx(float(out.total.sum()))
    jobs = imp.effects["jobs"]
    assert jobs is not None
    np.testing.assert_allclose(jobs.direct, [6.0, 6.0])


def test_type_i_has_no_induced(mb: IOModel) -> None:
    imp = mb.impact({"1": 1.0})
    out = imp.effects["output"]
    assert out is not None
    assert out.induced is None
    totals = imp.totals()["output"]
    assert totals is not None
    assert totals["induced"] is None


def test_batch_totals_equal_by_sector_sums(mb: IOModel) -> None:
    Y = np.array([[600.0, 1.0, 0.0], [1500.0, 0.0, -2.0]])
    b = mb.impact_batch(Y, "type_ii", by_sector=True)
    assert b.by_sector is not None
    for metric, eff in b.totals.items():
        sec = b.by_sector[metric]
        if eff is None:
            assert sec is None
            continue
        assert sec is not None
        np.testing.assert_allclose(eff.total, sec.total.sum(axis=0), rtol=1e-12, atol=1e-9)


def test_unknown_code(mb: IOModel) -> None:
    with pytest.raises(InvalidInputError) as err:
        mb.impact({"99": 1.0})
    assert err.value.field == "demand.99"


@pytest.mark.parametrize("bad", [float("nan"), "12", True])
def test_bad_amount(mb: IOModel, bad: object) -> None:
    with pytest.raises(InvalidInputError) as err:
        mb.impact({"1": bad})  # type: ignore[dict-item]
    assert err.value.field == "demand.1"


def test_bad_array_demand(mb: IOModel) -> None:
    with pytest.raises(InvalidInputError) as err:
        mb.impact(np.ones(3))
    assert err.value.field == "demand"


def test_bad_model_name(mb: IOModel) -> None:
    with pytest.raises(InvalidInputError) as err:
        mb.multipliers("type_iii")  # type: ignore[arg-type]
    assert err.value.field == "model"


def test_type_ii_needs_households() -> None:
    mod = IOModel(IOTable.from_arrays(Z, X))
    with pytest.raises(DataUnavailableError) as err:
        mod.multipliers("type_ii")
    assert err.value.field == "model"
    mult = mod.multipliers()
    assert mult.total["income"] is None
    assert mult.total["employment"] is None
    assert mod.impact({"1": 1.0}).effects["jobs"] is None


def test_ratio_null_when_direct_zero() -> None:
    t = IOTable.from_arrays(Z, X, compensation=[300.0, 0.0])
    rows = IOModel(t).multipliers().rows()
    assert rows[1]["income_ratio"] is None
    assert rows[0]["income_ratio"] is not None
    assert rows[0]["employment"] is None


def test_basis_total_diverts_imports() -> None:
    t = IOTable.from_arrays(Z, X, imports=[100.0, 0.0])
    mod = IOModel(t)
    m = t.import_ratios
    d = np.array([100.0, 50.0])
    tot = mod.impact(d, basis="total")
    dom = mod.impact((1 - m) * d)
    o1, o2 = tot.effects["output"], dom.effects["output"]
    assert o1 is not None
    assert o2 is not None
    np.testing.assert_allclose(o1.total, o2.total)
    i1, i2 = tot.effects["imports"], dom.effects["imports"]
    assert i1 is not None
    assert i2 is not None
    np.testing.assert_allclose(i1.direct - i2.direct, m * d)
    np.testing.assert_allclose(i1.indirect, i2.indirect)
    va = tot.effects["value_added"]
    assert va is not None
    # every won of demand ends up as value added or imports
    assert float(va.total.sum() + i1.total.sum()) == pytest.approx(150.0)
    with pytest.raises(InvalidInputError):
        mod.impact(d, basis="gross")  # type: ignore[arg-type]


def test_basis_total_unavailable_for_domestic_flows_table() -> None:
    t = IOTable.from_arrays(Z, X, imports=[10.0, 10.0], imports_basis="noncompetitive_row")
    with pytest.raises(DataUnavailableError) as err:
        IOModel(t).impact({"1": 1.0}, basis="total")
    assert err.value.field == "basis"


def test_recipe_describes_closure(mb: IOModel) -> None:
    r = mb.recipe
    for key in ("type_ii_closure", "direct", "indirect", "induced", "economy_wide_weights"):
        assert key in r
    assert "Σ_j C_j" in r["type_ii_closure"] and "가계동향조사" in r["type_ii_closure"]
    everything = IOModel(mb.table, respending=None)  # the textbook closure: all wages spent
    assert "Σ_j compensation_j" in everything.recipe["type_ii_closure"]
    np.testing.assert_allclose(everything.household_column, [50 / 800, 400 / 800])
    with pytest.raises(InvalidInputError) as bad:
        IOModel(mb.table, respending=1.5)
    assert bad.value.field == "respending"
