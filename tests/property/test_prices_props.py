"""Properties of conversions between price years."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from impact.errors import DataUnavailableError
from impact.prices import PriceIndexName, convert_price_year, krw_to_usd, price_factor
from tests.strategies import krw_amounts, price_index_names, price_years


@settings(deadline=None)
@given(krw_amounts(), price_years(), price_years(), price_index_names())
def test_there_and_back_within_one_won(
    amount: int, year_a: int, year_b: int, index: PriceIndexName
) -> None:
    there = convert_price_year(amount, year_a, year_b, index)
    back = convert_price_year(there, year_b, year_a, index)
    assert abs(back - amount) <= 1


@settings(deadline=None)
@given(st.integers(-(10**24), 10**24), price_years(), price_index_names())
def test_same_year_is_identity(amount: int, year: int, index: PriceIndexName) -> None:
    assert convert_price_year(amount, year, year, index) == amount
    assert price_factor(year, year, index) == 1


@settings(deadline=None)
@given(price_years(), price_years(), price_index_names())
def test_factors_are_reciprocal(year_a: int, year_b: int, index: PriceIndexName) -> None:
    product = price_factor(year_a, year_b, index) * price_factor(year_b, year_a, index)
    assert abs(product - 1) < Decimal("1e-20")


@settings(deadline=None)
@given(price_years(), price_years(), price_years())
def test_factors_chain(year_a: int, year_b: int, year_c: int) -> None:
    chained = price_factor(year_a, year_b) * price_factor(year_b, year_c)
    assert abs(chained - price_factor(year_a, year_c)) < Decimal("1e-20")


@settings(deadline=None)
@given(krw_amounts(), krw_amounts(), price_years(), price_years(), price_index_names())
def test_monotone_in_amount(
    a: int, b: int, year_a: int, year_b: int, index: PriceIndexName
) -> None:
    low, high = sorted((a, b))
    assert convert_price_year(low, year_a, year_b, index) <= convert_price_year(
        high, year_a, year_b, index
    )


@settings(deadline=None)
@given(krw_amounts(), price_years(), price_years(), price_index_names())
def test_within_half_a_won_of_the_exact_value(
    amount: int, year_a: int, year_b: int, index: PriceIndexName
) -> None:
    converted = convert_price_year(amount, year_a, year_b, index)
    exact = Decimal(amount) * price_factor(year_a, year_b, index)  # 28 significant digits
    assert abs(converted - exact) <= Decimal("0.5") + abs(exact) * Decimal("1e-25")


@settings(deadline=None)
@given(krw_amounts(), price_years(), price_years())
def test_negative_amounts_convert_symmetrically(amount: int, year_a: int, year_b: int) -> None:
    assert convert_price_year(-amount, year_a, year_b) == -convert_price_year(
        amount, year_a, year_b
    )


@settings(deadline=None)
@given(
    st.one_of(st.integers(max_value=2009), st.integers(min_value=2026)),
    price_years(),
    price_index_names(),
)
def test_out_of_range_years_name_the_range(bad: int, good: int, index: PriceIndexName) -> None:
    for source, target in ((bad, good), (good, bad)):
        with pytest.raises(DataUnavailableError, match=r"is outside the data \(2010–2025\)"):
            convert_price_year(1, source, target, index)


@settings(deadline=None)
@given(krw_amounts(), price_years())
def test_usd_is_in_cents_and_monotone(amount: int, year: int) -> None:
    usd = krw_to_usd(amount, year)
    assert usd.as_tuple().exponent == -2
    assert usd <= krw_to_usd(amount + 10**6, year)
