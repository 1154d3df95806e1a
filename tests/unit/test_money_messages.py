"""The money parser's refusals, word for word, and the boundaries of its grammar.

``test_money.REJECTED`` checks that each refusal names the right problem (a part of the
message) at the right position; here every message the parser can give is compared whole,
since it is what a user reads in a 422 answer, and each boundary of the grammar (the end of
the text, 1e5 against 1e400, a part worth exactly one unit) gets an input on either side.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from impact.errors import MoneyParseError
from impact.money import MAX_TEXT_LENGTH, format_krw, is_exact_en, parse_krw

EXACT: list[tuple[object, int | None, str]] = [
    # (input, position, the whole detail)
    (-1.0, None, "negative amounts are not allowed"),
    (Decimal("-1"), None, "negative amounts are not allowed"),
    ("5.억", 2,
     ("unexpected character '억' at position 2 (expected a digit after the decimal point) "
      "in \"5.억\"")),
    ("1.2.3", 3,
     ("unexpected character '.' at position 3 (a number has at most one decimal point) "
      "in \"1.2.3\"")),
    ("1234,567", 4,
     ("misplaced thousands separator ',' at position 4 (digits go in groups of three, "
      "as in 1,234,567; use '.' for decimals) in \"1234,567\"")),
    (2.0**53, None,
     ("a float this large is not exact (floats are accepted below 2^53); "
      "pass the amount as an int or as text")),
    ("", None, "empty amount"),
    ("1,5억", 1,
     ("misplaced thousands separator ',' at position 1 (digits go in groups of three, "
      "as in 1,234,567; use '.' for decimals) in \"1,5억\"")),
    ("1.000억", 1,
     ("'1.000억' is ambiguous: write 1,000억 if '.' separates thousands, or 1억 if it is a "
      "decimal point in \"1.000억\"")),
    ("₩12.500 억원", 3,
     ("'12.500억' is ambiguous: write 1조 2,500억 if '.' separates thousands, or 12억 5,000만 "
      "if it is a decimal point in \"₩12.500 억원\"")),
    ("1.234만", 1,
     ("'1.234만' is ambiguous: write 1,234만 if '.' separates thousands, or 1만 2,340 if it "
      "is a decimal point in \"1.234만\"")),
    ("1.5억 3,000만", 0,
     ("a number with a decimal point ('1.5' at position 0) must be the only number of the "
      "amount (write 1.5억 or 1억 5,000만) in \"1.5억 3,000만\"")),
    ("5백3천만", 3,
     ("unit '천' at position 3 must come before '백' (천, 백, 십 go from largest to smallest) "
      "in \"5백3천만\"")),
    ("1억 10000만", 3,
     ("the part before '만' starting at position 3 is 1억 or more; fold it into '억' or a "
      "bigger unit in \"1억 10000만\"")),
    ("1만 10000", 3,
     ("the part at the end starting at position 3 is 1만 or more; fold it into '만' or a "
      "bigger unit in \"1만 10000\"")),
    # a currency word in the wrong place is named with its position
    ("won 5", 0, "unexpected 'won' at position 0 in \"won 5\""),
    ("5won won", 5, "unexpected 'won' at position 5 in \"5won won\""),
    # a unit after a finished group, or a second small unit, has no number of its own
    ("3조 억", 3, "unit '억' at position 3 has no number before it in \"3조 억\""),
    ("1천천", 2, "small unit '천' at position 2 has no number before it in \"1천천\""),
    # an English amount has one number: the second is named, not taken for a Korean unit
    ("3 5K", 2, "unexpected number '5' at position 2 in \"3 5K\""),
    # exponents: one digit is enough to be refused; an 'e' not followed by digits is a letter
    ("1e5", 1, 'exponent notation is not accepted ("1e5") in "1e5"'),
    ("1e-5", 1, 'exponent notation is not accepted ("1e-5") in "1e-5"'),
    ("₩1e5", 2, 'exponent notation is not accepted ("1e5") in "₩1e5"'),  # the number only
    ("5e", 1, "unexpected character 'e' at position 1 in \"5e\""),
    ("5e+", 1, "unexpected character 'e' at position 1 in \"5e+\""),
    ("5eX5", 1, "unexpected character 'e' at position 1 in \"5eX5\""),
    ("5X5", 1, "unexpected character 'X' at position 1 in \"5X5\""),
]  # fmt: skip


@pytest.mark.parametrize(("value", "position", "detail"), EXACT)
def test_refusal_says_exactly(value: object, position: int | None, detail: str) -> None:
    with pytest.raises(MoneyParseError) as caught:
        parse_krw(value)  # type: ignore[arg-type]
    assert caught.value.detail == detail
    assert caught.value.extra["position"] == position


# A fraction of a won is shown in the message while the amount is short: at most 40 digits
# and at most 40 decimals (a Decimal's exponent ≥ −40); beyond, the message stays brief.
FORTY_ONES = "1" * 40
FRACTIONS: list[tuple[Decimal, str]] = [
    (Decimal("1.50"), "a fraction of a won (0.5) is not allowed; the amount is 1.5 won"),
    (Decimal("0." + FORTY_ONES),  # 40 digits, exponent −40: shown
     f"a fraction of a won (0.{FORTY_ONES}) is not allowed; the amount is 0.{FORTY_ONES} won"),
    (Decimal("1." + FORTY_ONES), "a fraction of a won is not allowed"),  # 41 digits
    (Decimal("0." + "0" * 40 + "1"), "a fraction of a won is not allowed"),  # exponent −41
    (Decimal("2.25E-39"),  # 3 digits, exponent −41
     "a fraction of a won is not allowed"),
]  # fmt: skip


@pytest.mark.parametrize(("value", "detail"), FRACTIONS)
def test_fraction_of_a_won_is_shown_only_while_short(value: Decimal, detail: str) -> None:
    with pytest.raises(MoneyParseError) as caught:
        parse_krw(value)
    assert caught.value.detail == detail


def test_a_text_may_end_right_after_a_number_or_a_unit() -> None:
    # the end of the text is a boundary of every loop of the tokenizer
    assert parse_krw("7") == 7
    assert parse_krw("7.5만") == 75_000
    assert parse_krw("12,345") == 12_345
    assert parse_krw("3K") == 3_000


def test_a_text_of_the_longest_length_is_read() -> None:
    assert MAX_TEXT_LENGTH == 200
    assert parse_krw(" " * 199 + "1") == 1  # 200 characters; 201 are refused (test_money)


def test_a_part_just_below_its_unit_is_accepted() -> None:
    # 9,999만 is the most a 만 group may hold after 억; 10,000만 (= 1억) is refused above
    assert parse_krw("1억 9999만") == 199_990_000
    assert parse_krw("1만 9999") == 19_999


def test_english_format_keeps_four_significant_digits() -> None:
    # ₩85,250,000 is ₩85.25M exactly; ₩85,255,000 needs a fifth digit (half to even: ₩85.26M)
    assert is_exact_en(85_250_000) is True
    assert format_krw(85_250_000, "en") == "₩85.25M"
    assert is_exact_en(85_255_000) is False
    assert format_krw(85_255_000, "en") == "₩85.26M"


def test_a_dot_before_three_digits_and_a_unit_is_refused_only_in_that_shape() -> None:
    """``1.000억`` is 1억 or, with '.' between thousands, 1,000억: refused (as ``1,5억`` is for
    a decimal comma); a decimal that cannot be thousands is read."""
    for text, won in [("0.125억", 12_500_000), ("1.5억", 150_000_000), ("1.25억", 125_000_000),
                      ("12.5억", 1_250_000_000), ("1.0000억", 100_000_000), ("1.000", 1),
                      ("1,000억", 100_000_000_000), ("1,234.567억", 123_456_700_000),
                      ("012.500억", 1_250_000_000), ("1.000원", 1),
                      ("₩3.148T", 3_148_000_000_000), ("1.000B", 1_000_000_000),
                      ("1.125조원", 1_125_000_000_000),  # 1,125조 would be beyond any budget
                      ("999.999조", 999_999_000_000_000)]:  # fmt: skip
        assert parse_krw(text) == won, text
    for text in ["1.000억", "1.000억원", "999.999억", "1.000 만원", "KRW 1.200억", "1.000억 5천만"]:
        with pytest.raises(MoneyParseError, match="separates thousands"):
            parse_krw(text)
