"""Hypothesis strategies shared by the test suites (append new ones below)."""

from __future__ import annotations

from hypothesis import strategies as st

from impact.money import MAX_KRW
from impact.prices import PriceIndexName, load_price_indices

# ---------------------------------------------------------------------------- money

MONEY_ALPHABET = "0123456789,.억조만천백십원₩ KRWBbnTMK"
"""Characters that money text is made of, for fuzzing the parser."""

_MONEY_PIECES = st.sampled_from(
    ["억", "조", "만", "천", "백", "십", "원", "₩", "KRW", "won", "bn", "million", ",", ".", " "]
)


def krw_amounts(max_value: int = 10**20 - 1) -> st.SearchStrategy[int]:
    """Whole won in ``[0, max_value]``, biased towards round budget-like numbers."""
    round_amounts = st.builds(
        lambda mantissa, exponent: mantissa * 10**exponent,
        st.integers(1, 9999),
        st.integers(0, 16),
    ).filter(lambda amount: amount <= max_value)
    return st.one_of(st.integers(0, max_value), round_amounts)


def parseable_amounts() -> st.SearchStrategy[int]:
    """Whole won that :func:`impact.money.parse_krw` accepts (up to the cap)."""
    return st.integers(0, MAX_KRW)


def money_text() -> st.SearchStrategy[str]:
    """Arbitrary text: money-like characters, Korean units, digits and any unicode, mixed."""
    money_like = st.text(alphabet=MONEY_ALPHABET, max_size=40)
    pieces = st.one_of(
        _MONEY_PIECES,
        st.integers(0, 10**15).map(str),
        st.integers(0, 10**15).map(lambda n: f"{n:,}"),
        st.text(max_size=3),
    )
    mixed = st.lists(pieces, max_size=12).map("".join)
    return st.one_of(money_like, mixed, st.text())


# --------------------------------------------------------------------------- prices


def price_years() -> st.SearchStrategy[int]:
    """Years covered by the shipped price data."""
    return st.sampled_from(load_price_indices().years)


def price_index_names() -> st.SearchStrategy[PriceIndexName]:
    """Every price index."""
    return st.sampled_from(list(PriceIndexName))
