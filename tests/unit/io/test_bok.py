"""The shipped BOK 2023 table: identities, whole-economy figures against BOK's published ones."""

from __future__ import annotations

import numpy as np
import pytest

from impact.io import IOModel, bok_2023_model, load_bok_2023, load_bok_published
from impact.io.table import IOTable


@pytest.fixture(scope="module")
def table() -> IOTable:
    return load_bok_2023()


@pytest.fixture(scope="module")
def model() -> IOModel:
    return bok_2023_model()


def test_loads(table: IOTable) -> None:
    assert table.n == 83
    assert table.id == "bok-2023"
    assert table.unit == "million KRW"
    assert table.krw_per_unit == 1e6
    assert table.codes[0] == "01"
    assert table.codes[-1] == "83"
    assert table.sectors[30] == ("31", "반도체", "Semiconductors")
    assert "출처: 한국은행" in table.provenance
    assert table.imports_basis == "competitive_row"
    assert load_bok_2023() is table


def test_no_employment_vector_is_invented(table: IOTable, model: IOModel) -> None:
    assert table.employment is None
    assert model.multipliers().total["employment"] is None
    assert model.economy_wide().average["employment"] is None
    assert model.impact({"51": 1000}).effects["jobs"] is None


def test_small_negative_cells_are_kept(table: IOTable) -> None:
    assert (table.Z < 0).sum() == 106
    assert table.Z.min() < 0


def test_row_and_column_identities_exact(table: IOTable) -> None:
    row = table.Z.sum(axis=1) + table.final_demand - table.imports - table.x
    col = table.Z.sum(axis=0) + table.value_added - table.x
    assert np.abs(row).max() == 0.0
    assert np.abs(col).max() == 0.0
    assert table.x.sum() == 5_786_694_739
    assert table.value_added.sum() == 2_383_273_581
    assert table.final_demand.sum() - table.imports.sum() == table.value_added.sum()


def test_value_added_parts_sum(table: IOTable) -> None:
    parts = [
        table.compensation,
        table.operating_surplus,
        table.depreciation,
        table.production_taxes,
    ]
    assert all(p is not None for p in parts)
    total = sum(p for p in parts if p is not None)
    np.testing.assert_array_equal(total, table.value_added)


def test_domestic_table_balances(table: IOTable) -> None:
    """With m from imports incl. import taxes, x = A_d x + f_d holds exactly."""
    lhs = table.domestic_coefficients @ table.x + table.domestic_final_demand
    np.testing.assert_allclose(lhs, table.x, rtol=1e-12)


def test_whole_economy_within_one_percent_of_bok(model: IOModel, table: IOTable) -> None:
    pub = load_bok_published()[2023]
    ew = model.economy_wide("type_i")
    prod, va = ew.average["output"], ew.average["value_added"]
    assert prod is not None
    assert va is not None
    assert prod == pytest.approx(pub["production_inducement_avg"].value, rel=0.01)
    assert va == pytest.approx(pub["value_added_inducement_avg"].value, rel=0.01)
    # the weighting is final demand for domestic products; averages are aggregate ratios
    fd = table.domestic_final_demand
    assert prod == pytest.approx(table.x.sum() / fd.sum(), rel=1e-12)
    assert va == pytest.approx(table.value_added.sum() / fd.sum(), rel=1e-12)
    assert round(prod, 3) == 1.816
    assert round(va, 3) == 0.748


def test_output_multipliers_at_least_one(model: IOModel) -> None:
    out = model.multipliers().total["output"]
    assert out is not None
    assert (out >= 1.0).all()


def test_value_added_plus_imports_is_one(model: IOModel) -> None:
    """Σ_i a^d_ij + μ_j + v_j = 1 per column ⇒ (v + μ)ᵀ L = 1ᵀ: every won of domestic final demand
    ends up as domestic value added or intermediate imports (no product-tax row in BOK's table)."""
    mult = model.multipliers()
    va, imp = mult.total["value_added"], mult.total["imports"]
    assert va is not None
    assert imp is not None
    np.testing.assert_allclose(va + imp, 1.0, atol=1e-9, rtol=0)
    ew = model.economy_wide()
    assert ew.average["value_added"] is not None
    assert ew.average["imports"] is not None
    assert ew.average["value_added"] + ew.average["imports"] == pytest.approx(1.0, abs=1e-9)
    rng = np.random.default_rng(0)
    y = rng.random(83) * 1000
    tot = model.impact(y).totals()
    v, i = tot["value_added"], tot["imports"]
    assert v is not None
    assert i is not None
    assert v["total"] is not None
    assert i["total"] is not None
    assert v["total"] + i["total"] == pytest.approx(y.sum(), rel=1e-9)


def test_type_ii_exceeds_type_i(model: IOModel) -> None:
    one = model.multipliers("type_i").total["output"]
    two = model.multipliers("type_ii").total["output"]
    assert one is not None
    assert two is not None
    assert (two > one).all()


def test_dummy_sector_has_null_ratios(model: IOModel) -> None:
    row = model.multipliers().rows()[82]
    assert row["code"] == "83"
    assert row["income_ratio"] is None  # sector 83 has no compensation
    assert row["value_added_ratio"] is None


def test_published_coefficients_carry_sources() -> None:
    pub = load_bok_published()
    assert set(pub) >= {2013, 2015, 2019, 2020, 2021, 2022, 2023}
    fig = pub[2023]["employment_inducement_avg_취업유발계수"]
    assert fig.value == 8.2
    assert fig.source_url.startswith("http")
    assert fig.source_title


@pytest.mark.parametrize("kind", ["type_i", "type_ii"])
def test_type_i_and_ii_pinned_by_a_second_implementation(kind: str) -> None:
    """The engine's BOK multipliers against tests.independent (raw CSVs, numpy.linalg.solve,
    its own household closure): the whole-economy averages and three sectors."""
    from tests import independent  # noqa: PLC0415 -- the test-only second implementation

    model = bok_2023_model()
    if kind == "type_i":
        out, va = independent.domestic_leontief_type_i()
    else:
        out, va = independent.type_ii()
    t = independent.bok_2023()
    m = independent.import_ratios()
    weights = (1 - m) * (t["f"] - t["e"]) + t["e"]  # final demand for domestic products
    economy = model.economy_wide(kind).average  # type: ignore[arg-type]
    assert economy["output"] == pytest.approx(float(out @ weights / weights.sum()), rel=1e-12)
    assert economy["value_added"] == pytest.approx(float(va @ weights / weights.sum()), rel=1e-12)
    mult = model.multipliers(kind).total  # type: ignore[arg-type]
    codes = independent.codes()
    for code in ("62", "51", "77"):  # software, civil engineering, medical services
        k = codes.index(code)
        assert mult["output"][k] == pytest.approx(out[k], rel=1e-12)  # type: ignore[index]
        assert mult["value_added"][k] == pytest.approx(va[k], rel=1e-12)  # type: ignore[index]
    if kind == "type_ii":  # the disposable-income closure: 1.22 of Type I, not 1.49
        one = model.economy_wide("type_i").average["output"]
        assert one is not None and economy["output"] is not None
        assert economy["output"] / one == pytest.approx(1.2214, abs=5e-4)
