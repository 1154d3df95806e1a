"""Price basis: convert won between price years, and won to US dollars.

Money in different years is not comparable: ₩2.8T spent in 2018 bought more
than ₩2.8T in 2024. To express an amount of one year's won (``source_year``)
in another year's won (``target_year``)::

    real = nominal × index[target_year] / index[source_year]

rounded half-to-even to the won. The default index is the **GDP deflator**
(2020 = 100; IMF World Economic Outlook, series NGDP_D), which covers all
goods and services, investment included; the **CPI** (2020 = 100,
chain-linked from KOSTAT's official series) measures consumer prices only.

The data ship in ``seeds/data/prices/kor_price_indices.csv`` (2010–2025; the
sources are in ``PROVENANCE.md`` next to it). Caveats callers should pass on:

* the **2025 GDP deflator is an IMF projection** and the 2024 value may be an
  IMF estimate (:func:`is_projection`);
* the 2024 KRW/USD rate is an approximation (mean of quarterly averages).

Index values are :class:`~decimal.Decimal` read from the CSV text; amounts
are converted with exact rational arithmetic and rounded once.

Examples
--------
>>> convert_price_year(2_800_000_000_000, 2018, 2024)
3148388790179
>>> is_projection(2025)
True
"""

from __future__ import annotations

import csv
import decimal
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Final

from impact.data import seeds_dir
from impact.errors import DataUnavailableError, InvalidInputError
from impact.money import round_half_even

__all__ = [
    "PriceIndexName",
    "PriceIndices",
    "convert_price_year",
    "is_projection",
    "krw_to_usd",
    "load_price_indices",
    "price_factor",
    "price_indices_path",
]


class PriceIndexName(StrEnum):
    """Which price index converts between price years."""

    GDP_DEFLATOR = "gdp_deflator"
    """GDP deflator, 2020 = 100 (IMF WEO NGDP_D) — the default."""
    CPI = "cpi"
    """Consumer price index, 2020 = 100, chain-linked (column ``cpi_2020eq100_chainlinked``)."""


_COLUMNS: Final = {
    PriceIndexName.GDP_DEFLATOR: "gdp_deflator_2020eq100_imf_weo",
    PriceIndexName.CPI: "cpi_2020eq100_chainlinked",
}
_USD_COLUMN: Final = "krw_per_usd_annual_avg"
_PROJECTION_COLUMN: Final = "gdp_deflator_is_projection"
_USD_SERIES: Final = "krw_per_usd"
_FACTOR_CONTEXT: Final = decimal.Context(prec=34, rounding=decimal.ROUND_HALF_EVEN)
_SOURCE: Final = (
    "seeds/data/prices/kor_price_indices.csv: GDP deflator 2020=100 from IMF WEO NGDP_D "
    "(2025 projection, 2024 possibly an estimate); CPI 2020=100 from KOSTAT, chain-linked "
    "before 2020; KRW/USD annual averages from the Federal Reserve G.5A, the Bank of Korea "
    "and Seoul Money Brokerage (see PROVENANCE.md)"
)


@dataclass(frozen=True)
class PriceIndices:
    """The price indices and exchange rates of the shipped data, by year.

    Attributes
    ----------
    years
        Years covered, ascending and without gaps.
    gdp_deflator
        GDP deflator by year [index, 2020 = 100].
    cpi
        Chain-linked consumer price index by year [index, 2020 = 100].
    krw_per_usd
        Annual average exchange rate by year [KRW/USD].
    projection_years
        Years whose GDP deflator is an IMF projection (flag ``yes``: 2025).
    source
        Where the numbers come from (one line).
    possibly_projection_years
        Years whose GDP deflator may be an IMF estimate rather than an outturn
        (flag ``possibly …``: 2024).
    """

    years: tuple[int, ...]
    gdp_deflator: Mapping[int, Decimal]
    cpi: Mapping[int, Decimal]
    krw_per_usd: Mapping[int, Decimal]
    projection_years: frozenset[int]
    source: str
    possibly_projection_years: frozenset[int] = frozenset()

    def series(self, index: PriceIndexName) -> Mapping[int, Decimal]:
        """Return the series of one price index.

        Parameters
        ----------
        index
            Which index.

        Returns
        -------
        Mapping[int, Decimal]
            Index value by year [index, 2020 = 100].

        Examples
        --------
        >>> load_price_indices().series(PriceIndexName.CPI)[2020]
        Decimal('100.0')
        """
        if PriceIndexName(index) is PriceIndexName.CPI:
            return self.cpi
        return self.gdp_deflator


def price_indices_path() -> Path:
    """Return the path of the shipped price-index CSV.

    Returns
    -------
    Path
        ``seeds/data/prices/kor_price_indices.csv``.

    Examples
    --------
    >>> price_indices_path().name
    'kor_price_indices.csv'
    """
    return seeds_dir() / "data" / "prices" / "kor_price_indices.csv"


@functools.cache
def load_price_indices() -> PriceIndices:
    """Load the shipped price indices (read once, then cached).

    Returns
    -------
    PriceIndices
        GDP deflator, CPI and KRW/USD for 2010–2025.

    Raises
    ------
    DataUnavailableError
        If the shipped file is missing a column or a value, or its years have gaps.

    Examples
    --------
    >>> data = load_price_indices()
    >>> data.years[0], data.years[-1]
    (2010, 2025)
    >>> data.gdp_deflator[2024], data.krw_per_usd[2024]
    (Decimal('111.381'), Decimal('1364.44'))
    >>> sorted(data.projection_years), sorted(data.possibly_projection_years)
    ([2025], [2024])
    """
    return _read_price_indices(price_indices_path())


def _read_price_indices(path: Path) -> PriceIndices:
    """Read and check a price-index CSV (the uncached body of :func:`load_price_indices`)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return _indices_from_rows(rows)


def _indices_from_rows(rows: Sequence[Mapping[str, str]]) -> PriceIndices:
    """Build :class:`PriceIndices` from CSV rows, checking what the code relies on."""
    years = tuple(int(_cell(row, "year", n)) for n, row in enumerate(rows))
    if not years or list(years) != list(range(years[0], years[0] + len(years))):
        raise DataUnavailableError(f"price-index years must be consecutive, got {years}")
    flags = {years[n]: _cell(row, _PROJECTION_COLUMN, n) for n, row in enumerate(rows)}
    return PriceIndices(
        years=years,
        gdp_deflator=_series(years, rows, _COLUMNS[PriceIndexName.GDP_DEFLATOR]),
        cpi=_series(years, rows, _COLUMNS[PriceIndexName.CPI]),
        krw_per_usd=_series(years, rows, _USD_COLUMN),
        projection_years=frozenset(y for y, flag in flags.items() if flag == "yes"),
        source=_SOURCE,
        possibly_projection_years=frozenset(
            y for y, flag in flags.items() if flag.startswith("possibly")
        ),
    )


def _cell(row: Mapping[str, str], column: str, row_number: int) -> str:
    """The stripped text of one cell; a missing cell is a data error."""
    text = (row.get(column) or "").strip()
    if not text:
        raise DataUnavailableError(f"price data row {row_number + 1} has no value for {column}")
    return text


def _series(
    years: tuple[int, ...], rows: Sequence[Mapping[str, str]], column: str
) -> Mapping[int, Decimal]:
    """One positive Decimal column by year, as a read-only mapping."""
    values = {years[n]: _positive(_cell(row, column, n), column) for n, row in enumerate(rows)}
    return MappingProxyType(values)


def _positive(text: str, column: str) -> Decimal:
    """A finite, positive Decimal from CSV text."""
    try:
        value = Decimal(text)
    except decimal.InvalidOperation:
        value = Decimal(0)
    if not value.is_finite() or value <= 0:
        raise DataUnavailableError(f"price data column {column} has a bad value {text!r}")
    return value


def _value(series: Mapping[int, Decimal], year: int, name: str, field: str | None) -> Decimal:
    """The value of ``series`` in ``year``, or an error naming the available range."""
    value = series.get(year)
    if value is None:
        first, last = min(series), max(series)
        raise DataUnavailableError(
            f"price year {year} is outside the data ({first}–{last}) for {name}",
            field=field,
            message_ko=f"가격 연도 {year}년은 {name} 자료의 범위({first}–{last}년) 밖입니다",
            year=year,
            available=[first, last],
            series=name,
        )
    return value


def _index_values(
    source_year: int,
    target_year: int,
    index: PriceIndexName,
    indices: PriceIndices | None,
    field: str | None,
) -> tuple[Decimal, Decimal]:
    """Index values in the source and the target year."""
    try:
        # a member as it is: the Enum call costs ≈ 1 µs, and a comparison makes dozens
        name = index if type(index) is PriceIndexName else PriceIndexName(index)
    except ValueError:
        known = ", ".join(member.value for member in PriceIndexName)
        raise InvalidInputError(
            f"unknown price index {index!r}; use one of {known}", field=field
        ) from None
    series = (indices or load_price_indices()).series(name)
    return _value(series, source_year, name, field), _value(series, target_year, name, field)


def price_factor(
    source_year: int,
    target_year: int,
    index: PriceIndexName = PriceIndexName.GDP_DEFLATOR,
    *,
    indices: PriceIndices | None = None,
    field: str | None = None,
) -> Decimal:
    """Factor that turns ``source_year`` won into ``target_year`` won.

    Parameters
    ----------
    source_year, target_year
        Price years [year].
    index
        Price index used (GDP deflator by default).
    indices
        Data to use instead of the shipped data (tests, what-ifs).
    field
        Dotted path of the input field, copied into errors.

    Returns
    -------
    Decimal
        ``index[target_year] / index[source_year]`` [-], to 34 significant digits.

    Raises
    ------
    DataUnavailableError
        If a year is outside the data; the message names the available range.

    Examples
    --------
    >>> price_factor(2018, 2024)
    Decimal('1.124424567921175900500726861573251')
    >>> price_factor(2020, 2020, PriceIndexName.CPI)
    Decimal('1')
    >>> price_factor(2018, 2031, field="price_year")
    Traceback (most recent call last):
    ...
    impact.errors.DataUnavailableError: price_year: price year 2031 is outside the data (2010–2025) for gdp_deflator
    """  # noqa: E501
    source, target = _index_values(source_year, target_year, index, indices, field)
    return _FACTOR_CONTEXT.divide(target, source)


def convert_price_year(
    amount: int,
    source_year: int,
    target_year: int,
    index: PriceIndexName = PriceIndexName.GDP_DEFLATOR,
    *,
    indices: PriceIndices | None = None,
    field: str | None = None,
) -> int:
    """Express an amount of ``source_year`` won in ``target_year`` won.

    Parameters
    ----------
    amount
        Whole won in ``source_year`` prices [KRW]; negative amounts (differences)
        are converted the same way.
    source_year, target_year
        Price years [year].
    index
        Price index used (GDP deflator by default).
    indices
        Data to use instead of the shipped data.
    field
        Dotted path of the input field, copied into errors.

    Returns
    -------
    int
        ``amount × index[target_year] / index[source_year]`` computed exactly and
        rounded half-to-even to the won [KRW].

    Raises
    ------
    DataUnavailableError
        If a year is outside the data.
    InvalidInputError
        If ``amount`` is not an int.

    Examples
    --------
    >>> convert_price_year(2_800_000_000_000, 2018, 2024)  # ≈ ₩3.148T
    3148388790179
    >>> convert_price_year(1_000_000, 2018, 2024, PriceIndexName.CPI)
    1152379
    >>> convert_price_year(5, 2024, 2024)
    5
    """
    _check_int(amount, field)
    source, target = _index_values(source_year, target_year, index, indices, field)
    (target_num, target_den), (source_num, source_den) = (
        target.as_integer_ratio(),
        source.as_integer_ratio(),
    )
    return round_half_even(amount * target_num * source_den, target_den * source_num)


def krw_to_usd(
    amount: int,
    year: int,
    *,
    indices: PriceIndices | None = None,
    field: str | None = None,
) -> Decimal:
    """Convert won to US dollars at the annual average rate of ``year``.

    Parameters
    ----------
    amount
        Whole won [KRW] (in ``year`` prices: convert first with
        :func:`convert_price_year` if needed).
    year
        Year of the exchange rate [year].
    indices
        Data to use instead of the shipped data.
    field
        Dotted path of the input field, copied into errors.

    Returns
    -------
    Decimal
        ``amount / rate`` rounded half-to-even to the cent [USD].

    Raises
    ------
    DataUnavailableError
        If ``year`` is outside the data.

    Examples
    --------
    >>> krw_to_usd(170_400_000_000, 2024)
    Decimal('124886400.28')
    >>> krw_to_usd(1_000, 2020)
    Decimal('0.85')
    """
    _check_int(amount, field)
    rate = _value((indices or load_price_indices()).krw_per_usd, year, _USD_SERIES, field)
    rate_num, rate_den = rate.as_integer_ratio()
    cents = round_half_even(amount * 100 * rate_den, rate_num)
    return Decimal(f"{cents}e-2")


def is_projection(
    year: int, *, include_possible: bool = False, indices: PriceIndices | None = None
) -> bool:
    """Tell whether the GDP deflator of ``year`` is an IMF projection.

    Parameters
    ----------
    year
        Price year [year].
    include_possible
        Also count years flagged "possibly" a projection (2024, the latest
        year the IMF may still have estimated).
    indices
        Data to use instead of the shipped data.

    Returns
    -------
    bool
        ``True`` for 2025 (and for 2024 when ``include_possible``).

    Raises
    ------
    DataUnavailableError
        If ``year`` is outside the data.

    Examples
    --------
    >>> is_projection(2025), is_projection(2024), is_projection(2024, include_possible=True)
    (True, False, True)
    """
    data = indices or load_price_indices()
    _value(data.gdp_deflator, year, PriceIndexName.GDP_DEFLATOR.value, None)
    possible = data.possibly_projection_years if include_possible else frozenset()
    return year in data.projection_years or year in possible


def _check_int(amount: int, field: str | None) -> None:
    obj: object = amount
    if not isinstance(obj, int) or isinstance(obj, bool):
        raise InvalidInputError(f"expected a whole number of won, got {obj!r}", field=field)
