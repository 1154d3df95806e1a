"""Reference tables for reading and writing Korean money."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest

from impact.errors import InvalidInputError, MoneyParseError
from impact.money import MAX_KRW, format_count, format_krw, is_exact_en, parse_krw

ACCEPTED: list[tuple[str | int | float | Decimal, int]] = [
    # plain numbers
    (170_400_000_000, 170_400_000_000),
    (Decimal("170400000000"), 170_400_000_000),
    (Decimal("5E+3"), 5_000),
    (Decimal("12.000"), 12),
    (170_400_000_000.0, 170_400_000_000),
    (0, 0),
    ("170400000000", 170_400_000_000),
    ("170,400,000,000", 170_400_000_000),
    ("  170400000000 \t", 170_400_000_000),
    ("0", 0),
    ("0원", 0),
    # Korean units
    ("1,704억원", 170_400_000_000),
    ("1704억", 170_400_000_000),
    ("1704 억", 170_400_000_000),
    ("2조 8000억원", 2_800_000_000_000),
    ("2조8천억원", 2_800_000_000_000),
    ("6.6조", 6_600_000_000_000),
    ("2,901억 원", 290_100_000_000),
    ("1.5만원", 15_000),
    ("100백만원", 100_000_000),
    ("3천만원", 30_000_000),
    ("3천5백만원", 35_000_000),
    ("3천500만", 35_000_000),
    ("1억 5천만", 150_000_000),
    ("5억 3천원", 500_003_000),
    ("1천2백3십4", 1_234),
    ("8,528만 5,285원", 85_285_285),
    ("1.23456789억", 123_456_789),
    ("₩1,704억", 170_400_000_000),
    ("KRW 1704억원", 170_400_000_000),
    ("1조 2억 3만 4", 1_000_200_030_004),
    ("1억 9999만 9999", 199_999_999),
    ("1억 315570", 100_315_570),  # 315570만 would be 31억: this can only count won
    ("1억 10000", 100_010_000),  # 10000만 is 1억 itself: it can only count won
    ("3억 20000", 300_020_000),  # as above: 20000만 is 2억
    # a last number right after 조 or 억 counts won when 원 says so (format_krw's form)
    ("3억 5천원", 300_005_000),
    ("3억 5,000원", 300_005_000),
    ("3억 5천 won", 300_005_000),
    ("2조 8 KRW", 2_000_000_000_008),
    ("3억 5천만", 350_000_000),
    ("8,528만 5,285", 85_285_285),  # after 만 nothing is skipped
    # English
    ("₩170.4B", 170_400_000_000),
    ("KRW 170.4 billion", 170_400_000_000),
    ("krw170.4 Billion", 170_400_000_000),
    ("170.4bn", 170_400_000_000),
    ("170.4 BN", 170_400_000_000),
    ("2.8T", 2_800_000_000_000),
    ("2.8 trillion", 2_800_000_000_000),
    ("2.8tn", 2_800_000_000_000),
    ("₩85.3M", 85_300_000),
    ("85.3mn", 85_300_000),
    ("3k", 3_000),
    ("3K", 3_000),
    ("3 thousand", 3_000),
    ("1.2 million", 1_200_000),
    ("170.4 billion KRW", 170_400_000_000),
    ("3K won", 3_000),
    ("₩1,000T", 10**15),
    ("₩999", 999),
    ("￦5,000", 5_000),
]


@pytest.mark.parametrize(("value", "expected"), ACCEPTED)
def test_accepted(value: str | int | float | Decimal, expected: int) -> None:
    result = parse_krw(value)
    assert result == expected
    assert type(result) is int


def test_cap_is_inclusive() -> None:
    assert parse_krw(MAX_KRW) == MAX_KRW
    assert parse_krw("1,000,000,000,000조") == MAX_KRW


REJECTED: list[tuple[object, int | None, str]] = [
    # (input, position, message substring)
    ("억억", 1, "unit '억' appears twice (position 1)"),
    ("2조조", 2, "unit '조' appears twice (position 2)"),
    ("5억 3조", 4, "must come before '억'"),
    ("1만 2억", 4, "must come before '만'"),
    ("-5억", 0, "negative amounts are not allowed"),
    ("−5억", 0, "negative amounts are not allowed"),
    ("₩ -5", 2, "negative amounts are not allowed"),
    ("1e400", 1, 'exponent notation is not accepted ("1e400")'),
    ("1E+5억", 1, "exponent notation is not accepted"),
    ("", None, "empty amount"),
    # said aloud, 3억 5천 is 3억 5천만; read literally, 3억 5천 won: ask which
    ("3억 5천", 3, "add '만' for 350,000,000 won, or end it with '원' for 300,005,000 won"),
    ("1억 2천 3백", 3, "add '만' for 123,000,000 won, or end it with '원' for 100,002,300 won"),
    ("170억 5000", 5, "add '만' for 17,050,000,000 won, or end it with '원' for 17,000,005,000"),
    ("2조 8", 3, "follows '조' with no unit of its own: add '억' for 2,000,800,000,000 won"),
    ("2조 5천억 3", 7, "add '만' for 2,500,000,030,000 won"),
    ("₩3억 9,999", 4, "add '만' for 399,990,000 won"),
    ("   ", None, "empty amount"),
    ("₩", None, "empty amount"),
    ("원", None, "empty amount"),
    ("NaN", 0, '"NaN" is not a number'),
    ("inf", 0, '"inf" is not a number'),
    ("₩Infinity", 1, '"Infinity" is not a number'),
    ("12abc", 2, "unexpected character 'a' at position 2 in \"12abc\""),
    ("억", 0, "unit '억' at position 0 has no number before it"),
    ("천만원", 0, "unit '천' at position 0 has no number before it"),
    ("3억천만", 2, "unit '천' at position 2 has no number before it"),
    ("K", 0, "suffix 'K' at position 0 has no number before it"),
    ("1..2억", 2, "unexpected character '.' at position 2"),
    ("1.2.3", 3, "at most one decimal point"),
    ("5.억", 2, "expected a digit after the decimal point"),
    ("5.", 2, "unexpected end of text"),
    (".5억", 0, "unexpected character '.'"),
    ("0.5원", None, "a fraction of a won (0.5) is not allowed"),
    ("1.234567891억", None, "a fraction of a won (0.1) is not allowed"),
    ("1,5억", 1, "misplaced thousands separator ',' at position 1"),
    ("1234,567", 4, "misplaced thousands separator"),
    ("1,23,456", 1, "misplaced thousands separator"),
    ("1,000,", 5, "misplaced thousands separator"),
    ("3KK", 2, "only one magnitude suffix is allowed"),
    ("3K K", 3, "only one magnitude suffix is allowed"),
    ("1억 3K", 4, "cannot be combined with Korean units"),
    ("3K억", 2, "unexpected '억' at position 2"),
    ("3K 5", 3, "unexpected number '5' at position 3"),
    ("5천5천만", 3, "unit '천' appears twice in one group (position 3)"),
    ("5백3천만", 3, "must come before '백'"),
    ("1 2억", 2, "unexpected number '2' at position 2"),
    ("1.5억 3,000만", 0, "must be the only number of the amount"),
    ("1억 20000만", 3, "the part before '만' starting at position 3 is 1억 or more"),
    ("2조 12,000억", 3, "is 1조 or more"),
    ("1만 20000", 3, "the part at the end starting at position 3 is 1만 or more"),
    ("원5", 0, "unexpected '원' at position 0"),
    ("₩₩5", 1, "unexpected '₩' at position 1"),
    ("5원원", 2, "unexpected '원' at position 2"),
    ("5원 3", 3, "unexpected number '3' at position 3"),
    ("5-3", 1, "unexpected character '-' at position 1"),
    ("+5", 0, "unexpected character '+' at position 0"),
    ("５억", 0, "unexpected character '５'"),
    ("1경", 1, "unexpected character '경'"),
    ("3 kilo", 3, "unexpected character 'i' at position 3"),
    ("x" * 201, None, "amount text too long (201 characters; at most 200)"),
    ("1,000,000,000,001조", None, "amount too large"),
    # non-text input
    (True, None, "a boolean (true) is not an amount of money"),
    (False, None, "a boolean"),
    (-5, None, "negative amounts are not allowed"),
    (MAX_KRW + 1, None, "amount too large"),
    (-(10**400), None, "negative amounts are not allowed"),
    (Decimal("1.5"), None, "a fraction of a won (0.5) is not allowed"),
    (Decimal("-1"), None, "negative amounts are not allowed"),
    (Decimal("NaN"), None, '"NaN" is not a number'),
    (Decimal("-Infinity"), None, '"-Infinity" is not a number'),
    (Decimal("1E-999999"), None, "a fraction of a won is not allowed"),
    (Decimal("1E+999999"), None, "amount too large"),
    (0.5, None, "a fraction of a won (0.5) is not allowed"),
    (-1.0, None, "negative amounts are not allowed"),
    (-1, None, "negative amounts are not allowed"),
    (float("nan"), None, '"nan" is not a number'),
    (float("inf"), None, '"inf" is not a number'),
    (2.0**53, None, "floats are accepted below 2^53"),
    ([170], None, "expected text or a whole number of won, got an array"),
    (None, None, "got null"),
]


@pytest.mark.parametrize(("value", "position", "message"), REJECTED)
def test_rejected(value: object, position: int | None, message: str) -> None:
    with pytest.raises(MoneyParseError) as caught:
        parse_krw(value, field="investment")  # type: ignore[arg-type]
    err = caught.value
    assert message in err.detail
    assert err.extra["position"] == position
    assert err.field == "investment"
    assert str(err).startswith("investment: ")


def test_error_carries_original_text() -> None:
    with pytest.raises(MoneyParseError) as caught:
        parse_krw("  12abc ")
    assert caught.value.extra == {"text": "  12abc ", "position": 4}
    assert caught.value.field is None


def test_error_text_of_huge_inputs_is_bounded() -> None:
    with pytest.raises(MoneyParseError) as caught:
        parse_krw(10**5000)
    assert len(caught.value.extra["text"]) < 40
    with pytest.raises(MoneyParseError) as caught:
        parse_krw(Decimal("0." + "1" * 500))
    assert caught.value.extra["text"] == "<Decimal of 500 digits>"


def test_error_survives_pickling() -> None:
    with pytest.raises(MoneyParseError) as caught:
        parse_krw("억억", field="plans.0.investment")
    back = pickle.loads(pickle.dumps(caught.value))
    assert (back.detail, back.field, back.extra) == (
        caught.value.detail,
        caught.value.field,
        caught.value.extra,
    )


def test_allow_zero() -> None:
    assert parse_krw("0원") == 0
    assert parse_krw("5억", allow_zero=False) == 500_000_000
    for zero in ("0", "0억", 0, Decimal(0), 0.0):
        with pytest.raises(MoneyParseError, match="must be greater than zero"):
            parse_krw(zero, allow_zero=False)


def test_errors_are_value_errors() -> None:
    with pytest.raises(ValueError, match="empty amount"):
        parse_krw("")


# ---------------------------------------------------------------------- formatting

FORMATTED: list[tuple[int | Decimal, str, str]] = [
    # (amount, ko, en)
    (170_400_000_000, "1,704억원", "₩170.4B"),
    (2_800_000_000_000, "2조 8,000억원", "₩2.8T"),
    (85_285_285, "8,528만 5,285원", "₩85.29M"),
    (1_950_000_000_000, "1조 9,500억원", "₩1.95T"),
    (3_148_388_790_179, "3조 1,483억 8,879만 179원", "₩3.148T"),
    (1_234, "1,234원", "₩1.234K"),
    (12_345, "1만 2,345원", "₩12.34K"),  # half to even
    (12_355, "1만 2,355원", "₩12.36K"),
    (0, "0원", "₩0"),
    (5_000, "5,000원", "₩5K"),
    (999, "999원", "₩999"),
    (1_000, "1,000원", "₩1K"),
    (10_000, "1만원", "₩10K"),
    (100_000_001, "1억 1원", "₩100M"),
    (1_000_200_030_004, "1조 2억 3만 4원", "₩1T"),  # 4 significant digits: 1.000T
    (999_950, "99만 9,950원", "₩1M"),  # 999.95K rounds up to the next unit
    (10**20, "100,000,000조원", "₩100,000,000T"),
    (-34_100_000_000, "-341억원", "-₩34.1B"),
    (Decimal("170400000000"), "1,704억원", "₩170.4B"),
]


@pytest.mark.parametrize(("amount", "ko", "en"), FORMATTED)
def test_format_krw(amount: int | Decimal, ko: str, en: str) -> None:
    assert format_krw(amount) == ko
    assert format_krw(amount, lang="ko") == ko
    assert format_krw(amount, lang="en") == en


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1_000_500, "₩1M"),  # 1,000.5 thousandths: half to even
        (1_001_500, "₩1.002M"),
        (9_999_500, "₩10M"),  # 9.9995M: 10.00M, trailing zeros trimmed
        (99_995_000, "₩100M"),
        (999_950_000, "₩1B"),  # 999.95M rounds up to the next unit
        (999_949_999, "₩999.9M"),
        (1_234_567_890_123_456, "₩1,235T"),  # past 999T the whole units stay
    ],
)
def test_format_krw_en_keeps_four_significant_digits(amount: int, expected: str) -> None:
    assert format_krw(amount, "en") == expected


@pytest.mark.parametrize(
    ("amount", "exact"),
    [
        (170_400_000_000, True),
        (1_950_000_000_000, True),
        (85_285_285, False),
        (85_280_000, True),
        (999, True),
        (999_950, False),
        (-34_100_000_000, True),
    ],
)
def test_is_exact_en(amount: int, exact: bool) -> None:
    assert is_exact_en(amount) is exact
    if exact:
        assert parse_krw(format_krw(abs(amount), "en")) == abs(amount)


@pytest.mark.parametrize(
    ("call", "message", "field"),
    [
        (lambda: format_krw(Decimal("1.5")), "expected a whole number of won", "amount"),
        (lambda: format_krw(True), "expected a whole number of won", "amount"),
        (lambda: format_krw(1, "fr"), "unknown language 'fr'", "lang"),  # type: ignore[arg-type]
        (lambda: is_exact_en(Decimal("NaN")), "expected a whole number of won", "amount"),
        (lambda: format_count(True, "ko"), "expected a number", "count"),
        (lambda: format_count(float("nan"), "ko"), "must be finite", "count"),
        (lambda: format_count(float("-inf"), "en"), "must be finite", "count"),
        (lambda: format_count(1, "fr"), "unknown language", "lang"),  # type: ignore[arg-type]
    ],
)
def test_format_rejects(call: object, message: str, field: str) -> None:
    assert callable(call)
    with pytest.raises(InvalidInputError, match=message) as caught:
        call()
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("n", "lang", "expected"),
    [
        (1998, "ko", "1,998명"),
        (1998, "en", "1,998"),
        (1998.46, "ko", "1,998.5명"),
        (1998.25, "en", "1,998.2"),  # half to even
        (12.0, "ko", "12명"),
        (-0.04, "en", "0"),
        (-1234.5, "ko", "-1,234.5명"),
        (0, "ko", "0명"),
        (1e30, "en", "1,000,000,000,000,000,000,000,000,000,000"),  # its shortest repr: 1e+30
        (123456789012345680.25, "en", "123,456,789,012,345,680"),  # the float is …680
    ],
)
def test_format_count(n: int | float, lang: str, expected: str) -> None:
    assert format_count(n, lang) == expected  # type: ignore[arg-type]


def test_format_count_units() -> None:
    assert format_count(3, "ko", unit_ko="개") == "3개"
    assert format_count(1998, "en", unit_en="jobs") == "1,998 jobs"


@pytest.mark.parametrize("value", [-1, -1.0, Decimal(-1)])
def test_a_negative_number_is_refused_in_these_words(value: object) -> None:
    with pytest.raises(MoneyParseError) as caught:
        parse_krw(value)  # type: ignore[arg-type]
    assert caught.value.detail == "negative amounts are not allowed"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (2**255, str(2**255)),  # 256 bits: written out
        (2**256, "<int of 257 bits>"),  # beyond: described, so an error stays short
        (Decimal("9" * 100), "9" * 100),
        (Decimal("9" * 101), "<Decimal of 101 digits>"),
        ([170], "<list>"),
        (None, "<NoneType>"),
    ],
)
def test_an_error_quotes_the_input_within_bounds(value: object, text: str) -> None:
    with pytest.raises(MoneyParseError) as caught:
        parse_krw(value)  # type: ignore[arg-type]
    assert caught.value.extra["text"] == text


@pytest.mark.parametrize("value", ["0", 0, "0원", 0.0])
def test_zero_when_it_is_not_allowed(value: object) -> None:
    with pytest.raises(MoneyParseError) as caught:
        parse_krw(value, field="investment", allow_zero=False)  # type: ignore[arg-type]
    err = caught.value
    assert (err.detail, err.field) == ("must be greater than zero", "investment")
    assert (err.extra["text"], err.extra["position"]) == (str(value), None)
