"""Properties of the approximate reader: it never changes how an exact text is read."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from impact.errors import MoneyParseError
from impact.money import (
    _APPROX_AFTER,
    _APPROX_PREFIXES,
    _APPROX_SUFFIXES,
    format_krw,
    parse_krw,
    read_krw,
    split_approximate,
)
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


def _blank_markers_one_by_one(text: str) -> tuple[str, bool]:
    """The marker scan without its one-pass pre-check: every marker tried in turn."""
    chars, found = list(text), False
    start = len(text) - len(text.lstrip(" \t\n\r\u00a0\u3000"))
    for marker in _APPROX_PREFIXES:
        end = start + len(marker)
        following = text[end : end + 1]
        if text[start:end].lower() == marker and not (following.isascii() and following.isalpha()):
            chars[start:end], found = " " * len(marker), True
            break
    stripped = text.rstrip()
    for marker in _APPROX_SUFFIXES:
        begin = len(stripped) - len(marker)
        if begin > 0 and stripped.endswith(marker) and chars[begin] != " ":
            chars[begin : len(stripped)], found = " " * len(marker), True
            break
    for i, char in enumerate(text):
        if char == "여" and i > 0 and text[i - 1] in _APPROX_AFTER and chars[i] == "여":
            chars[i], found = " ", True
            break
    return ("".join(chars), True) if found else (text, False)


_PIECES = [
    *PREFIXES,
    *SUFFIXES,
    "여",
    "About",
    "APPROX",
    "İ",
    "K",
    "1,704",
    "억",
    "원",
    "₩",
    "B",
    " ",
    "x",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=6).map("".join) | st.text(max_size=20))
def test_the_pre_check_skips_no_marker(text: str) -> None:
    assert split_approximate(text) == _blank_markers_one_by_one(text)
