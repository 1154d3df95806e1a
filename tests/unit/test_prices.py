"""Price basis: the shipped indices and conversions between price years."""

from __future__ import annotations

import csv
import dataclasses
from decimal import Decimal
from types import MappingProxyType

import pytest

from impact.data import seeds_dir
from impact.errors import DataUnavailableError, InvalidInputError
from impact.prices import (
    PriceIndexName,
    PriceIndices,
    convert_price_year,
    is_projection,
    krw_to_usd,
    load_price_indices,
    price_factor,
    price_indices_path,
)


def test_shipped_file_is_in_seeds() -> None:
    assert price_indices_path() == seeds_dir() / "data" / "prices" / "kor_price_indices.csv"
    assert (price_indices_path().parent / "PROVENANCE.md").is_file()


def test_loaded_values_are_exact_decimals_from_the_csv_text() -> None:
    data = load_price_indices()
    assert data.years == tuple(range(2010, 2026))
    assert data.gdp_deflator[2018] == Decimal("99.056")
    assert data.gdp_deflator[2024] == Decimal("111.381")
    assert data.gdp_deflator[2020] == Decimal("100.0")
    assert data.cpi[2018] == Decimal("99.082")  # chain-linked column
    assert data.cpi[2024] == Decimal("114.18")
    assert data.krw_per_usd[2017] == Decimal("1129.0435")
    for series in (data.gdp_deflator, data.cpi, data.krw_per_usd):
        assert set(series) == set(data.years)
        assert all(type(value) is Decimal for value in series.values())


def test_every_csv_row_is_read_unchanged() -> None:
    with price_indices_path().open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    data = load_price_indices()
    for row in rows:
        year = int(row["year"])
        assert data.gdp_deflator[year] == Decimal(row["gdp_deflator_2020eq100_imf_weo"])
        assert data.cpi[year] == Decimal(row["cpi_2020eq100_chainlinked"])
        assert data.krw_per_usd[year] == Decimal(row["krw_per_usd_annual_avg"])


def test_loaded_data_are_read_only_and_cached() -> None:
    data = load_price_indices()
    assert load_price_indices() is data
    assert isinstance(data.gdp_deflator, MappingProxyType)
    with pytest.raises(TypeError):
        data.cpi[2030] = Decimal(1)  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.source = "elsewhere"  # type: ignore[misc]
    assert "IMF" in data.source


def test_projection_flags() -> None:
    data = load_price_indices()
    assert data.projection_years == frozenset({2025})
    assert data.possibly_projection_years == frozenset({2024})
    assert is_projection(2025)
    assert not is_projection(2024)
    assert is_projection(2024, include_possible=True)
    assert not is_projection(2018, include_possible=True)
    with pytest.raises(DataUnavailableError, match=r"\(2010–2025\)"):
        is_projection(2031)


def test_series_by_name() -> None:
    data = load_price_indices()
    assert data.series(PriceIndexName.GDP_DEFLATOR) is data.gdp_deflator
    assert data.series(PriceIndexName.CPI) is data.cpi
    assert PriceIndexName("cpi") is PriceIndexName.CPI
    assert str(PriceIndexName.GDP_DEFLATOR) == "gdp_deflator"


def test_2018_to_2024_by_gdp_deflator() -> None:
    factor = price_factor(2018, 2024)
    assert abs(factor - Decimal("111.381") / Decimal("99.056")) < Decimal("1e-26")
    assert str(factor).startswith("1.12442456792")
    converted = convert_price_year(2_800_000_000_000, 2018, 2024)
    assert converted == 3_148_388_790_179  # ≈ ₩3.148T
    assert round(converted / 10**9) == 3_148


def test_2018_to_2024_by_cpi() -> None:
    factor = price_factor(2018, 2024, PriceIndexName.CPI)
    assert abs(factor - Decimal("1.1524")) < Decimal("0.0001")
    assert convert_price_year(1_000_000, 2018, 2024, PriceIndexName.CPI) == 1_152_379


def test_index_given_as_string() -> None:
    assert price_factor(2018, 2024, "cpi") == price_factor(  # type: ignore[arg-type]
        2018, 2024, PriceIndexName.CPI
    )
    with pytest.raises(InvalidInputError, match="unknown price index 'ppi'"):
        price_factor(2018, 2024, "ppi", field="index")  # type: ignore[arg-type]


def test_conversion_rounds_half_to_even() -> None:
    indices = _toy_indices({2000: Decimal(2), 2001: Decimal(1)})
    # 2000 won → 2001 won halves the amount: 5 → 2.5 → 2, 7 → 3.5 → 4
    assert convert_price_year(5, 2000, 2001, indices=indices) == 2
    assert convert_price_year(7, 2000, 2001, indices=indices) == 4
    assert convert_price_year(-5, 2000, 2001, indices=indices) == -2


def test_conversion_is_exact_for_huge_amounts() -> None:
    amount = 10**24 + 1
    expected = (amount * 111_381 * 2 + 99_056) // (99_056 * 2)  # ties cannot occur here
    assert convert_price_year(amount, 2018, 2024) == expected


@pytest.mark.parametrize(
    ("source", "target", "bad"),
    [(2031, 2024, 2031), (2018, 2009, 2009), (1999, 1999, 1999)],
)
def test_out_of_range_year_names_the_range(source: int, target: int, bad: int) -> None:
    with pytest.raises(DataUnavailableError) as caught:
        convert_price_year(1_000, source, target, field="price_year")
    err = caught.value
    assert err.detail == f"price year {bad} is outside the data (2010–2025) for gdp_deflator"
    assert err.field == "price_year"
    assert err.extra == {
        "year": bad,
        "available": [2010, 2025],
        "series": "gdp_deflator",
        "message_ko": f"가격 연도 {bad}년은 gdp_deflator 자료의 범위(2010–2025년) 밖입니다",
    }
    assert isinstance(err, LookupError)


def test_out_of_range_cpi_and_usd() -> None:
    with pytest.raises(DataUnavailableError, match=r"price year 2031 .* for cpi"):
        price_factor(2031, 2020, PriceIndexName.CPI)
    with pytest.raises(DataUnavailableError, match=r"\(2010–2025\) for krw_per_usd"):
        krw_to_usd(1_000, 2009, field="fx_year")


def test_krw_to_usd() -> None:
    assert krw_to_usd(170_400_000_000, 2024) == Decimal("124886400.28")
    assert krw_to_usd(1_364_440, 2024) == Decimal("1000.00")
    assert krw_to_usd(0, 2020) == Decimal("0.00")
    assert krw_to_usd(-11_805_554, 2020) == Decimal("-10000.00")
    assert krw_to_usd(1_000, 2020).as_tuple().exponent == -2


@pytest.mark.parametrize("amount", [1.5, True, Decimal(5), "5"])
def test_amounts_must_be_ints(amount: object) -> None:
    with pytest.raises(InvalidInputError, match="expected a whole number of won"):
        convert_price_year(amount, 2018, 2024)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="expected a whole number of won"):
        krw_to_usd(amount, 2024)  # type: ignore[arg-type]


def test_custom_indices_are_used() -> None:
    indices = _toy_indices({2000: Decimal(100), 2001: Decimal(110)})
    assert price_factor(2000, 2001, indices=indices) == Decimal("1.1")
    assert convert_price_year(1_000, 2000, 2001, indices=indices) == 1_100
    with pytest.raises(DataUnavailableError, match=r"\(2000–2001\)"):
        price_factor(2000, 2024, indices=indices)


def _toy_indices(values: dict[int, Decimal]) -> PriceIndices:
    series = MappingProxyType(values)
    return PriceIndices(
        years=tuple(sorted(values)),
        gdp_deflator=series,
        cpi=series,
        krw_per_usd=series,
        projection_years=frozenset(),
        source="test",
    )
