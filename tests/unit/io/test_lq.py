"""Location quotients (SLQ, CILQ, FLQ) and regionalisation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from impact.errors import InvalidInputError
from impact.io import IOModel, IOTable, cross_industry_lq, flq, regionalize, simple_lq
from impact.io.lq import flq_lambda

Z = [[150.0, 500.0], [200.0, 100.0]]
X = [1000.0, 2000.0]


def test_slq_cilq_flq_by_hand() -> None:
    reg, nat = [10.0, 30.0], [100.0, 100.0]
    np.testing.assert_allclose(simple_lq(reg, nat), [0.5, 1.5])
    np.testing.assert_allclose(cross_industry_lq(reg, nat), [[0.5, 1 / 3], [3.0, 1.5]])
    lam = math.log2(1 + 40 / 200) ** 0.3
    assert flq_lambda(40, 200, 0.3) == pytest.approx(lam)
    np.testing.assert_allclose(flq(reg, nat, 0.3), lam * np.array([[0.5, 1 / 3], [3.0, 1.5]]))
    np.testing.assert_allclose(flq(reg, nat, 0.0), cross_industry_lq(reg, nat))


def test_zero_regional_sector() -> None:
    c = cross_industry_lq([0.0, 30.0], [100.0, 100.0])
    assert c[0, 1] == 0.0  # region cannot supply product 1
    assert c[1, 0] == math.inf  # sector 1 absent: its column keeps national coefficients
    assert c[0, 0] == 0.0


def test_regionalize_slq() -> None:
    t = IOTable.from_arrays(Z, X, compensation=[300.0, 500.0], household_consumption=[50.0, 400.0])
    reg, lq = regionalize(t, "slq", [10.0, 30.0], [100.0, 100.0])
    np.testing.assert_allclose(lq, [0.5, 1.5])
    np.testing.assert_allclose(reg.domestic_coefficients, [[0.075, 0.125], [0.2, 0.05]])
    assert reg.imports_basis == "noncompetitive_row"
    np.testing.assert_allclose(reg.import_coefficients, [0.075, 0.125])
    assert reg.household_consumption is not None
    np.testing.assert_allclose(reg.household_consumption, [25.0, 400.0])
    out_r = IOModel(reg).multipliers().total["output"]
    out_n = IOModel(t).multipliers().total["output"]
    assert out_r is not None
    assert out_n is not None
    assert (out_r <= out_n).all()
    assert "SLQ" in reg.provenance


@pytest.mark.parametrize("method", ["cilq", "flq"])
def test_regionalize_matrix_methods(method: str) -> None:
    t = IOTable.from_arrays(Z, X)
    reg, lq = regionalize(t, method, [10.0, 30.0], [100.0, 100.0])  # type: ignore[arg-type]
    assert lq.shape == (2, 2)
    np.testing.assert_allclose(
        reg.domestic_coefficients, t.domestic_coefficients * np.minimum(lq, 1.0)
    )


@pytest.mark.parametrize(
    ("reg", "nat", "field"),
    [
        ([1.0], [1.0, 2.0], "reg_emp"),
        ([1.0, -1.0], [1.0, 2.0], "reg_emp.1"),
        ([1.0, 1.0], [1.0, float("nan")], "nat_emp.1"),
        ([2.0, 1.0], [1.0, 2.0], "reg_emp.0"),
        ([0.0, 0.0], [1.0, 2.0], "reg_emp"),
    ],
)
def test_invalid_employment(reg: list[float], nat: list[float], field: str) -> None:
    with pytest.raises(InvalidInputError) as err:
        simple_lq(reg, nat)
    assert err.value.field == field


def test_regionalize_checks_length_and_method() -> None:
    t = IOTable.from_arrays(Z, X)
    with pytest.raises(InvalidInputError) as err:
        regionalize(t, "slq", [1.0, 2.0, 3.0], [3.0, 3.0, 3.0])
    assert err.value.field == "reg_emp"
    with pytest.raises(InvalidInputError) as err:
        regionalize(t, "xlq", [1.0, 2.0], [3.0, 3.0])  # type: ignore[arg-type]
    assert err.value.field == "method"
    with pytest.raises(InvalidInputError) as err:
        flq([1.0, 2.0], [3.0, 3.0], delta=-0.1)
    assert err.value.field == "delta"
