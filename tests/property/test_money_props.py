"""Properties of reading and writing Korean money."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from impact.errors import MoneyParseError
from impact.money import (
    MAX_EXACT_FLOAT,
    format_fixed,
    format_krw,
    format_krw_ko_en,
    is_exact_en,
    parse_krw,
    round_half_even,
)
from tests.strategies import krw_amounts, money_text, parseable_amounts


@settings(deadline=None)
@given(krw_amounts())
@example(0)
@example(10**20 - 1)
def test_ko_round_trip_is_exact(amount: int) -> None:
    assert parse_krw(format_krw(amount, "ko")) == amount


@given(st.integers(-(10**25), 10**25) | st.integers(-(10**6), 10**6))
def test_both_languages_at_once_are_each_language_alone(amount: int) -> None:
    assert format_krw_ko_en(amount) == (format_krw(amount, "ko"), format_krw(amount, "en"))


@settings(deadline=None)
@given(parseable_amounts())
def test_ko_round_trip_up_to_the_cap(amount: int) -> None:
    assert parse_krw(format_krw(amount, "ko")) == amount


@settings(deadline=None)
@given(krw_amounts())
@example(170_400_000_000)
@example(999)
@example(3_148_000_000_000)  # '₩3.148T': three decimals before an English unit are read
def test_en_round_trip_when_exact(amount: int) -> None:
    text = format_krw(amount, "en")
    if is_exact_en(amount):
        assert parse_krw(text) == amount
    else:
        assert parse_krw(text) != amount


@settings(deadline=None)
@given(krw_amounts())
def test_en_rounding_error_is_bounded(amount: int) -> None:
    # ₩170.4B is within half a unit of the fourth significant digit: 0.05 % of the amount
    back = parse_krw(format_krw(amount, "en"))
    assert abs(back - amount) * 2_000 <= max(amount, 1)


@settings(deadline=None)
@given(st.integers(-(10**20), 10**20), st.sampled_from(["ko", "en"]))
def test_negative_format_is_minus_abs(amount: int, lang: str) -> None:
    formatted = format_krw(-abs(amount), lang)  # type: ignore[arg-type]
    expected = format_krw(abs(amount), lang)  # type: ignore[arg-type]
    assert formatted == (f"-{expected}" if amount else expected)


@settings(deadline=None)
@given(st.integers(0, 10**15))
def test_eok_scaling(n: int) -> None:
    assert parse_krw(f"{n}억") == n * 10**8
    assert parse_krw(f"{n:,}억원") == n * 10**8


@settings(deadline=None)
@given(st.integers(0, 10**11), st.sampled_from(["조", "억", "만", "천", "백", "십"]))
def test_every_unit_scales(n: int, unit: str) -> None:
    size = {"조": 10**12, "억": 10**8, "만": 10**4, "천": 10**3, "백": 10**2, "십": 10}[unit]
    assert parse_krw(f"{n}{unit}") == n * size


@settings(deadline=None)
@given(
    st.integers(0, 10**9),
    st.sampled_from([("K", 10**3), ("M", 10**6), ("bn", 10**9), ("trillion", 10**12)]),
)
def test_english_suffix_scaling(n: int, suffix: tuple[str, int]) -> None:
    word, size = suffix
    assert parse_krw(f"₩{n}{word}") == n * size
    assert parse_krw(f"KRW {n:,} {word.upper()}") == n * size


@settings(deadline=None)
@given(st.integers(0, 10**24))
def test_int_str_and_decimal_agree(amount: int) -> None:
    assert parse_krw(amount) == parse_krw(str(amount)) == parse_krw(f"{amount:,}") == amount
    assert parse_krw(Decimal(amount)) == amount


@settings(deadline=None)
@given(st.integers(0, MAX_EXACT_FLOAT - 1))
def test_integral_floats_below_2_53_are_accepted(amount: int) -> None:
    assert parse_krw(float(amount)) == amount


@settings(deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=0, max_value=2.0**52))
def test_floats_are_accepted_only_when_integral(value: float) -> None:
    if value.is_integer():
        assert parse_krw(value) == int(value)
    else:
        with pytest.raises(MoneyParseError, match="a fraction of a won"):
            parse_krw(value)


def _outcome(text: str) -> int | MoneyParseError:
    """The amount, or the MoneyParseError (anything else propagates and fails the test)."""
    try:
        return parse_krw(text)
    except MoneyParseError as err:
        return err


@settings(deadline=None, max_examples=500)
@given(money_text())
def test_parser_raises_only_money_parse_errors(text: str) -> None:
    outcome = _outcome(text)
    if isinstance(outcome, MoneyParseError):
        position = outcome.extra["position"]
        assert outcome.extra["text"] == text
        assert position is None or 0 <= position <= len(text)
        assert outcome.detail
    else:
        assert 0 <= outcome <= 10**24


@settings(deadline=None)
@given(st.integers(1, 10**15), st.sampled_from(["억", "조", "만", "K", "B", ""]))
def test_negative_text_is_rejected_at_the_sign(n: int, unit: str) -> None:
    with pytest.raises(MoneyParseError, match="negative amounts are not allowed") as caught:
        parse_krw(f" -{n}{unit}")
    assert caught.value.extra["position"] == 1


def _format_ko_before(amount: int) -> str:
    """How :func:`format_krw` wrote Korean before it was made faster (the reference)."""
    jo, rest = divmod(amount, 10**12)
    eok, rest = divmod(rest, 10**8)
    man, won = divmod(rest, 10**4)
    groups = ((jo, "조"), (eok, "억"), (man, "만"), (won, ""))
    parts = [f"{value:,}{unit}" for value, unit in groups if value]
    return " ".join(parts or ["0"]) + "원"


def _format_en_reference(amount: int) -> str:
    """English by the rule's words: 4 significant digits (more when the whole units need
    them) rounded half-to-even by ``decimal``, then the largest unit the rounded amount
    reaches, trailing zeros trimmed."""
    if amount < 1000:
        return f"₩{amount:,}"
    places = max(4, len(str(amount)) - 12)
    rounded = int(Context(prec=places, rounding=ROUND_HALF_EVEN).plus(Decimal(amount)))
    size, suffix = next(u for u in ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "K"))
                        if rounded >= u[0])  # fmt: skip
    whole, fraction = divmod(rounded, size)
    decimals = f"{fraction:0{len(str(size)) - 1}d}".rstrip("0")
    return f"₩{whole:,}.{decimals}{suffix}" if decimals else f"₩{whole:,}{suffix}"


@settings(deadline=None)
@given(st.integers(0, 10**25) | st.sampled_from([0, 9_999, 10_000, 999_950, 999_949, 10**12]))
@example(999_960)
@example(999_999_999_950)
@example(9_999_500)
@example(999_999_999_999_999)
def test_money_is_written_as_the_rule_says(amount: int) -> None:
    assert format_krw(amount, "ko") == _format_ko_before(amount)
    assert format_krw(amount, "en") == _format_en_reference(amount)
    assert format_krw(-amount, "en").lstrip("-") == _format_en_reference(amount)


@given(st.integers(-(10**30), 10**30), st.integers(1, 10**15))
@example(15, 10)
@example(25, 10)
@example(-15, 10)
def test_english_rounding_is_round_of_the_exact_fraction(numerator: int, denominator: int) -> None:
    assert round_half_even(numerator, denominator) == round(Fraction(numerator, denominator))


@given(st.integers(0, 99_999), st.integers(1, 9_999), st.sampled_from([("조", "억"), ("억", "만")]))
def test_a_number_after_a_big_unit_counts_what_it_says(
    big: int, last: int, units: tuple[str, str]
) -> None:
    unit, next_unit = units
    size = {"조": 10**12, "억": 10**8, "만": 10**4}
    text = f"{big:,}{unit} {last:,}"
    assert parse_krw(f"{text}원") == big * size[unit] + last
    assert (
        parse_krw(f"{big:,}{unit} {last:,}{next_unit}") == big * size[unit] + last * size[next_unit]
    )
    with pytest.raises(MoneyParseError, match=f"add '{next_unit}' for .* or end it with '원'"):
        parse_krw(text)


@given(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300),
    st.integers(0, 4),
    st.booleans(),
)
@example(999_999_999_999_000_000_000.0, 1, True)
def test_a_fixed_ratio_is_the_value_to_its_places_without_float_noise(
    value: float, places: int, commas: bool
) -> None:
    """Within a half unit of the last place (and a float's precision) of the exact binary
    value, computed here in Decimal; at most the 17 significant digits a float holds; and
    below 10^(15 - places) exactly what Python's format writes, as before."""
    shown = format_fixed(value, places, commas=commas)
    number = Decimal(shown.replace(",", ""))
    exact = Decimal(value)  # the float's exact binary value
    assert (
        abs(number - exact)
        <= Decimal(5) * Decimal(10) ** -(places + 1) + abs(exact) * Decimal(2) ** -52
    )
    assert len(number.normalize().as_tuple().digits) <= max(17, places + 1) or number == 0
    assert ("," in shown) <= commas
    if abs(value) < 10.0 ** (15 - places):
        assert shown == format(value, f"{',' if commas else ''}.{places}f")


# 1.000억: a number whose whole part could be the first group of thousands (1–3 digits, not
# starting with 0; no digit, comma or point before it) and exactly three decimals, right
# before 억 or 만 (spaces between them are skipped, as the parser skips them; before 조 it is
# a decimal)
DOTTED_THOUSANDS = re.compile(r"(?<![0-9,.])([1-9][0-9]{0,2})\.[0-9]{3}(?![0-9.])\s*[억만]")

_WHOLE = st.one_of(
    st.text(alphabet="0123456789", min_size=1, max_size=5),
    st.integers(0, 10**7).map(lambda n: f"{n:,}"),
)
_DECIMALS = st.one_of(st.just(""), st.text(alphabet="0123456789", max_size=5).map(".{}".format))
dotted_texts = st.tuples(
    st.sampled_from(["", "₩", "KRW "]),
    _WHOLE,
    _DECIMALS,
    st.sampled_from(["", " ", "  "]),
    st.sampled_from(["조", "억", "만", "천", "B", "K", "T", "원", ""]),
    st.sampled_from(["", "원", " won", " 5,000만", "억"]),
).map("".join)


def _refused_as_dotted(text: str) -> MoneyParseError | None:
    try:
        parse_krw(text)
    except MoneyParseError as error:
        return error if "separates thousands" in error.detail else None
    return None


@settings(deadline=None, max_examples=500)
@given(dotted_texts | money_text())
@example("1.000억")
@example("0.125억")
@example("1.0000억")
@example("₩3.148T")
def test_a_text_is_refused_as_dotted_thousands_exactly_when_it_has_that_shape(text: str) -> None:
    refused = _refused_as_dotted(text)
    shape = DOTTED_THOUSANDS.search(text)
    if refused is not None:  # every refusal has the shape, and points at its '.'
        assert shape is not None, (text, refused.detail)
        assert refused.extra["position"] == shape.end(1)
    elif shape is not None:  # never read: refused, for another problem found first ('억억')
        with pytest.raises(MoneyParseError):
            parse_krw(text)


@settings(deadline=None)
@given(parseable_amounts(), st.sampled_from(["ko", "en"]))
@example(3_148_000_000_000, "en")
@example(100_000_000_000, "ko")
def test_the_formatter_never_writes_a_dotted_thousand(amount: int, lang: str) -> None:
    text = format_krw(amount, lang)  # type: ignore[arg-type]
    assert _refused_as_dotted(text) is None, text
    parse_krw(text)  # and it reads back
