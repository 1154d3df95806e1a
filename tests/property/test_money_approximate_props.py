"""Properties of the approximate reader: it never changes how an exact text is read."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from impact.errors import MoneyParseError
from impact.money import format_krw, parse_krw, read_krw, split_approximate
from tests.strategies import krw_amounts, money_text

PREFIXES = ["", "약 ", "약", "대략 ", "~", "～", "≈ ", "about ", "around ", "approx. ", "roughly "]
SUFFIXES = ["", " 가량", "가량", " 정도", " 내외", " 안팎", " 규모", " 남짓"]


@given(money_text())
def test_text_the_exact_parser_reads_reads_the_same(text: str) -> None:
    try:
        exact = parse_krw(text)
    except MoneyParseError:
        return
    assert split_approximate(text) == (text, False)
    assert read_krw(text) == (exact, False)


@given(money_text())
def test_the_reader_raises_only_money_parse_errors(text: str) -> None:
    try:
        amount, _ = read_krw(text)
    except MoneyParseError as exc:
        position = exc.extra["position"]
        assert position is None or 0 <= position <= len(text)
        return
    assert amount >= 0


@given(
    krw_amounts(),
    st.sampled_from(["ko", "en"]),
    st.sampled_from(PREFIXES),
    st.sampled_from(SUFFIXES),
)
def test_any_marked_amount_reads_as_the_amount(
    amount: int, lang: str, prefix: str, suffix: str
) -> None:
    written = format_krw(amount, "ko") if lang == "ko" else f"{amount:,}"
    text = f"{prefix}{written}{suffix}"
    assert read_krw(text) == (amount, bool(prefix or suffix))


@given(st.integers(1, 10**6), st.sampled_from(["조", "억", "만"]))
def test_yeo_after_a_unit_or_a_number(n: int, unit: str) -> None:
    value = n * {"조": 10**12, "억": 10**8, "만": 10**4}[unit]
    assert read_krw(f"{n}{unit}여원") == (value, True)
    assert read_krw(f"{n}여{unit}원") == (value, True)
