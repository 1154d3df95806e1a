"""IOTable validation: every failure is a TableError with a precise field."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from impact.errors import LimitExceededError, NonProductiveTableError, TableError
from impact.io import IOModel, IOTable
from impact.io._validate import MAX_SECTORS

Z = [[150.0, 500.0], [200.0, 100.0]]
X = [1000.0, 2000.0]


def test_defaults_from_arrays() -> None:
    t = IOTable.from_arrays(Z, X, sectors=[("A", "농업", "Agriculture"), ("M", "제조", "Manuf.")])
    assert t.n == 2
    assert t.codes == ("A", "M")
    assert t.index["M"] == 1
    np.testing.assert_allclose(t.value_added, [650.0, 1400.0])
    np.testing.assert_allclose(t.final_demand, [350.0, 1700.0])
    np.testing.assert_allclose(t.exports, [0.0, 0.0])
    assert t.employment is None
    assert t.employment_coefficients is None
    assert t.compensation_coefficients is None


def test_arrays_are_read_only_and_copied() -> None:
    z = np.array(Z)
    t = IOTable.from_arrays(z, X)
    z[0, 0] = 999.0
    assert t.Z[0, 0] == 150.0
    for arr in (t.Z, t.x, t.final_demand, t.value_added, t.domestic_coefficients, t.import_ratios):
        assert not arr.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        t.x[0] = 1.0


def test_a_table_and_its_model_keep_no_coefficient_matrix() -> None:
    """Only Z and the LU factors are n×n: A_d is computed on demand, not during validation."""
    t = IOTable.from_arrays(Z, X, imports=[10.0, 20.0])
    IOModel(t).multipliers()
    assert "domestic_coefficients" not in t.__dict__
    fresh = t.build_domestic_coefficients()
    assert fresh.flags.writeable and fresh.flags.f_contiguous
    np.testing.assert_array_equal(fresh, t.domestic_coefficients)
    assert "domestic_coefficients" in t.__dict__


def test_finite_cells_whose_sum_overflows_are_accepted() -> None:
    big = np.finfo(np.float64).max * 0.3  # every row and column sum is finite, the total not
    t = IOTable.from_arrays([[big, big], [big, big]], [3 * big, 3 * big])
    with np.errstate(over="ignore"):
        assert np.isinf(t.Z.sum())


def test_wrong_shape_intermediate() -> None:
    with pytest.raises(TableError) as err:
        IOTable.from_arrays([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], X)
    assert err.value.field == "intermediate"


def test_wrong_shape_vector() -> None:
    with pytest.raises(TableError) as err:
        IOTable.from_arrays(Z, [1000.0, 2000.0, 3.0])
    assert err.value.field == "total_output"


def test_nan_in_intermediate_names_cell() -> None:
    with pytest.raises(TableError, match="row 2, column 1") as err:
        IOTable.from_arrays([[150.0, 500.0], [np.nan, 100.0]], X)
    assert err.value.field == "intermediate"


def test_inf_in_vector_names_sector() -> None:
    with pytest.raises(TableError) as err:
        IOTable.from_arrays(Z, X, exports=[0.0, np.inf])
    assert err.value.field == "exports.2"


@pytest.mark.parametrize("bad", [0.0, -5.0])
def test_zero_or_negative_output_names_sectors(bad: float) -> None:
    with pytest.raises(TableError, match="17") as err:
        IOTable.from_arrays(np.zeros((2, 2)), [1.0, bad], sectors=["01", "17"])
    assert err.value.field == "total_output.17"
    assert err.value.extra["sectors"] == ["17"]


def test_duplicate_codes() -> None:
    with pytest.raises(TableError, match="duplicate sector code") as err:
        IOTable.from_arrays(Z, X, sectors=["01", "01"])
    assert err.value.field == "sectors"


def test_ragged_or_non_numeric_input_is_table_error() -> None:
    with pytest.raises(TableError):
        IOTable.from_arrays([[1.0, 2.0], [3.0]], X)
    with pytest.raises(TableError):
        IOTable.from_arrays([["a", "b"], ["c", "d"]], X)


def test_size_limit() -> None:
    codes = [str(k) for k in range(MAX_SECTORS + 1)]
    with pytest.raises(LimitExceededError) as err:
        IOTable.from_arrays([[0.1]], [1.0], sectors=codes)
    assert err.value.field == "sectors"


def test_non_productive_reports_radius() -> None:
    with pytest.raises(NonProductiveTableError) as err:
        IOTable.from_arrays([[600.0, 1500.0], [500.0, 1000.0]], X)
    rho = err.value.extra["spectral_radius"]
    assert rho >= 1.0
    assert err.value.field == "intermediate"
    back = pickle.loads(pickle.dumps(err.value))
    assert back.extra["spectral_radius"] == rho


def test_unbalanced_value_added() -> None:
    with pytest.raises(TableError, match="does not balance") as err:
        IOTable.from_arrays(Z, X, value_added=[650.0, 1300.0], sectors=["a", "b"])
    assert err.value.field == "value_added.b"


def test_imports_exceeding_domestic_use() -> None:
    with pytest.raises(TableError) as err:
        IOTable.from_arrays(Z, X, imports=[0.0, 5000.0], final_demand=[350.0, 1700.0])
    assert err.value.field == "imports.2"


def test_negative_employment_rejected() -> None:
    with pytest.raises(TableError) as err:
        IOTable.from_arrays(Z, X, employment=[1.0, -1.0])
    assert err.value.field == "employment.2"


def test_negative_cells_are_kept() -> None:
    t = IOTable.from_arrays([[150.0, -5.0], [200.0, 100.0]], X)
    assert t.Z[0, 1] == -5.0


def test_competitive_imports_give_domestic_coefficients() -> None:
    # 10 of product 1 imported; final demand 350 + 10 so that the row still balances
    t = IOTable.from_arrays(Z, X, imports=[10.0, 0.0])
    m = 10.0 / (650.0 + 360.0)
    np.testing.assert_allclose(t.import_ratios, [m, 0.0])
    np.testing.assert_allclose(t.domestic_coefficients[0], (1 - m) * np.array([0.15, 0.25]))
    np.testing.assert_allclose(t.domestic_coefficients @ t.x + t.domestic_final_demand, t.x)


def test_noncompetitive_import_row() -> None:
    t = IOTable.from_arrays(Z, X, imports=[50.0, 100.0], imports_basis="noncompetitive_row")
    np.testing.assert_allclose(t.value_added, [600.0, 1300.0])
    np.testing.assert_allclose(t.import_coefficients, [0.05, 0.05])
    np.testing.assert_allclose(t.import_ratios, [0.0, 0.0])
    np.testing.assert_allclose(t.domestic_final_demand, [350.0, 1700.0])


def test_product_taxes_row_outside_value_added() -> None:
    t = IOTable.from_arrays(Z, X, product_taxes=[50.0, 0.0])
    np.testing.assert_allclose(t.value_added, [600.0, 1400.0])
    assert t.product_tax_coefficients is not None


def test_bad_imports_basis() -> None:
    with pytest.raises(TableError) as err:
        IOTable.from_arrays(Z, X, imports_basis="sideways")  # type: ignore[arg-type]
    assert err.value.field == "imports_basis"


def test_constructor_validates_too() -> None:
    t = IOTable.from_arrays(Z, X)
    with pytest.raises(TableError) as err:
        IOTable(
            id="x", sectors=t.sectors, unit="u", Z=t.Z, x=np.array([1000.0, -1.0]),
            final_demand=t.final_demand, exports=t.exports, imports=t.imports,
            value_added=t.value_added,
        )  # fmt: skip
    assert err.value.field == "total_output.2"
