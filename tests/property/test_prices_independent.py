"""Price conversions against the raw price-index CSV, read here with :mod:`csv`."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from impact.prices import PriceIndexName, convert_price_year, krw_to_usd, price_factor
from tests import independent
from tests.strategies import krw_amounts, price_years


def _raw(year: int) -> Fraction:
    return Fraction(str(independent.gdp_deflator()[year]))


@settings(deadline=None)
@given(krw_amounts(), price_years(), price_years())
def test_conversion_is_the_csvs_deflator_ratio_rounded_half_to_even(
    amount: int, source: int, target: int
) -> None:
    exact = Fraction(amount) * _raw(target) / _raw(source)
    assert convert_price_year(amount, source, target, PriceIndexName.GDP_DEFLATOR) == round(exact)
    factor = price_factor(source, target, PriceIndexName.GDP_DEFLATOR)
    assert abs(Fraction(factor) - _raw(target) / _raw(source)) < Fraction(1, 10**25)


@settings(deadline=None)
@given(krw_amounts(), st.sampled_from(sorted(independent.krw_per_usd())))
def test_dollars_are_won_over_the_csvs_rate_rounded_half_to_even_to_the_cent(
    amount: int, year: int
) -> None:
    cents = round(Fraction(amount) * 100 / Fraction(independent.krw_per_usd()[year]))
    assert krw_to_usd(amount, year) * 100 == cents
