"""What the price-index reader refuses, and the field and series its errors name.

The reader is the uncached body of :func:`impact.prices.load_price_indices`; these tests give
it small CSV files written here, one defect each, next to a good file whose values are the
shipped ones for 2023–2025 (seeds/data/prices/kor_price_indices.csv).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from impact.errors import DataUnavailableError, InvalidInputError
from impact.prices import (
    PriceIndexName,
    _read_price_indices,
    convert_price_year,
    is_projection,
    krw_to_usd,
    price_factor,
)

HEADER = (
    "year,cpi_2020eq100_chainlinked,gdp_deflator_2020eq100_imf_weo,"
    "gdp_deflator_is_projection,krw_per_usd_annual_avg"
)
GOOD_ROWS = (
    "2023,111.59,107.042,no,1306.7637",
    "2024,114.18,111.381,possibly (latest actual),1364.44",
    "2025,116.61,112.862,yes,1422.16",
)


def write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "indices.csv"
    path.write_text("\n".join((header, *rows)) + "\n", encoding="utf-8")
    return path


def test_a_good_file_is_read_as_written(tmp_path: Path) -> None:
    data = _read_price_indices(write(tmp_path, *GOOD_ROWS))
    assert data.years == (2023, 2024, 2025)
    assert dict(data.gdp_deflator) == {
        2023: Decimal("107.042"), 2024: Decimal("111.381"), 2025: Decimal("112.862")
    }  # fmt: skip
    assert dict(data.cpi) == {
        2023: Decimal("111.59"), 2024: Decimal("114.18"), 2025: Decimal("116.61")
    }  # fmt: skip
    assert data.krw_per_usd[2024] == Decimal("1364.44")
    assert data.projection_years == frozenset({2025})
    assert data.possibly_projection_years == frozenset({2024})
    # 2024 over 2023 by the GDP deflator: 111.381 / 107.042 = 1.04053549074…
    assert round(price_factor(2023, 2024, indices=data), 11) == Decimal("1.04053549074")


def test_a_tiny_positive_value_is_a_value(tmp_path: Path) -> None:
    rows = ("2023,0.001,107.042,no,1306.7637",)
    assert _read_price_indices(write(tmp_path, *rows)).cpi[2023] == Decimal("0.001")


@pytest.mark.parametrize("bad", ["0", "0.000", "-1.5", "NaN", "sNaN", "Infinity", "-inf", "abc"])
@pytest.mark.parametrize(
    ("column", "template"),
    [
        ("cpi_2020eq100_chainlinked", "2023,{},107.042,no,1306.7637"),
        ("gdp_deflator_2020eq100_imf_weo", "2023,111.59,{},no,1306.7637"),
        ("krw_per_usd_annual_avg", "2023,111.59,107.042,no,{}"),
    ],
)
def test_a_zero_negative_or_non_finite_value_is_refused(
    tmp_path: Path, column: str, template: str, bad: str
) -> None:
    with pytest.raises(DataUnavailableError) as caught:
        _read_price_indices(write(tmp_path, template.format(bad)))
    assert caught.value.detail == f"price data column {column} has a bad value {bad!r}"


def test_an_empty_cell_names_its_row_and_column(tmp_path: Path) -> None:
    rows = (GOOD_ROWS[0], "2024,114.18,  ,possibly,1364.44")
    with pytest.raises(DataUnavailableError) as caught:
        _read_price_indices(write(tmp_path, *rows))
    assert caught.value.detail == (
        "price data row 2 has no value for gdp_deflator_2020eq100_imf_weo"
    )


def test_an_empty_year_names_its_row(tmp_path: Path) -> None:
    rows = (GOOD_ROWS[0], " ,114.18,113.9,possibly,1364.44")
    with pytest.raises(DataUnavailableError) as caught:
        _read_price_indices(write(tmp_path, *rows))
    assert caught.value.detail == "price data row 2 has no value for year"


def test_a_missing_column_is_refused(tmp_path: Path) -> None:
    header = "year,cpi_2020eq100_chainlinked,gdp_deflator_2020eq100_imf_weo,krw_per_usd_annual_avg"
    with pytest.raises(DataUnavailableError) as caught:
        _read_price_indices(write(tmp_path, "2023,111.59,107.042,1306.7637", header=header))
    assert caught.value.detail == "price data row 1 has no value for gdp_deflator_is_projection"


@pytest.mark.parametrize(
    ("rows", "years"),
    [
        ((GOOD_ROWS[0], GOOD_ROWS[2]), "(2023, 2025)"),  # a gap
        ((GOOD_ROWS[1], GOOD_ROWS[0]), "(2024, 2023)"),  # descending
        ((GOOD_ROWS[0], GOOD_ROWS[0]), "(2023, 2023)"),  # repeated
        ((), "()"),  # no rows
    ],
)
def test_years_must_be_consecutive(tmp_path: Path, rows: tuple[str, ...], years: str) -> None:
    with pytest.raises(DataUnavailableError) as caught:
        _read_price_indices(write(tmp_path, *rows))
    assert caught.value.detail == f"price-index years must be consecutive, got {years}"


def test_only_yes_is_a_projection_and_only_possibly_is_possible(tmp_path: Path) -> None:
    rows = (
        "2023,111.59,107.042,YES,1306.7637",
        "2024,114.18,111.381,maybe possibly,1364.44",
        "2025,116.61,112.862,possibly,1422.16",
    )
    data = _read_price_indices(write(tmp_path, *rows))
    assert data.projection_years == frozenset()
    assert data.possibly_projection_years == frozenset({2025})


def test_errors_carry_the_callers_field() -> None:
    with pytest.raises(InvalidInputError) as caught:
        convert_price_year(1.5, 2018, 2024, field="plans.0.investment")  # type: ignore[arg-type]
    assert caught.value.field == "plans.0.investment"
    with pytest.raises(InvalidInputError) as caught:
        krw_to_usd(True, 2024, field="budget")
    assert caught.value.field == "budget"
    with pytest.raises(DataUnavailableError) as unavailable:
        krw_to_usd(5, 2031, field="year")
    assert unavailable.value.field == "year"
    assert (
        unavailable.value.detail
        == "price year 2031 is outside the data (2010–2025) for krw_per_usd"
    )
    with pytest.raises(InvalidInputError) as caught:
        price_factor(2018, 2024, "ppi", field="index")  # type: ignore[arg-type]
    assert caught.value.field == "index"
    assert caught.value.detail == "unknown price index 'ppi'; use one of gdp_deflator, cpi"


def test_a_year_outside_the_data_names_the_series_and_the_range() -> None:
    with pytest.raises(DataUnavailableError) as caught:
        is_projection(2009)
    assert caught.value.detail == "price year 2009 is outside the data (2010–2025) for gdp_deflator"
    assert caught.value.extra == {
        "year": 2009,
        "available": [2010, 2025],
        "series": "gdp_deflator",
        "message_ko": "가격 연도 2009년은 gdp_deflator 자료의 범위(2010–2025년) 밖입니다",
    }
    with pytest.raises(DataUnavailableError) as caught:
        price_factor(2024, 2026, PriceIndexName.CPI)
    assert caught.value.extra["series"] == "cpi"
