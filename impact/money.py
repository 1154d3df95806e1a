"""Korean money amounts, read and written exactly.

Amounts of money are whole won held in a Python ``int``; they are never binary
floats. :func:`parse_krw` reads what people type (``"1,704억원"``,
``"2조 8천억"``, ``"₩170.4B"``, ``"KRW 2.8 trillion"``) with
:class:`decimal.Decimal` arithmetic, and :func:`format_krw` writes amounts back
either exactly in Korean (``"2조 8,000억원"``) or rounded in English
(``"₩2.8T"``).

Accepted text
-------------
* optional ``₩`` / ``￦`` / ``KRW`` before the amount, optional ``원`` / ``won`` /
  ``KRW`` after it, whitespace anywhere between parts;
* numbers with ASCII digits, an optional decimal point and thousands
  separators in groups of three (``1,704``; ``1,5`` is rejected so that a
  European decimal comma is never read as a thousands separator);
* Korean units: the big units 조 (10^12), 억 (10^8), 만 (10^4), each at most once and
  from largest to smallest, and inside each group the small multipliers
  천 (10^3), 백 (10^2), 십 (10^1) after a number (``2조8천억`` = 2조 + 8×1천억,
  ``100백만원`` = 100×100×1만). Every unit needs a number before it
  (``1천만원``, not ``천만원``);
* or one English suffix: ``K``/``thousand``, ``M``/``mn``/``million``,
  ``B``/``bn``/``billion``, ``T``/``tn``/``trillion`` (any case);
* a number with a decimal point must be the only number of the amount
  (``1.5억`` is fine, ``1.5억 3,000만`` is rejected as ambiguous);
* a number right before 억 or 만 whose whole part is one to three digits (not 0) and that
  has exactly three decimals is rejected: ``1.250억`` is 1억 2,500만, or 1,250억 where '.'
  separates thousands (``1.125조``, ``0.125억``, ``1.5억``, ``1.0000억`` and ``1,000억`` are
  read);
* a last number right after 조 or 억 says what it counts when it could count either:
  ``3억 5천`` is refused (3억 5천만 said aloud, 3억 5천 won read literally), ``3억 5천만``,
  ``3억 5천원`` and ``1억 315570`` are read.

Approximate amounts
-------------------
:func:`parse_krw` reads exact amounts only. :func:`read_krw` also reads an amount
as the press writes an estimate, and says it was approximate: one marker before it
(``약``, ``대략``, ``~``/``～``/``∼``/``≈``, ``about``, ``around``, ``approx.``,
``approximately``, ``roughly``), ``여`` right after a number or a unit
(``500억여원``, ``50여억원``) and one word after it (``가량``, ``정도``, ``내외``,
``안팎``, ``규모``, ``남짓``): ``약 500억원``, ``500억 원 규모``, ``~₩50B``. The
markers are blanked and the rest is read by :func:`parse_krw`, so the amount is still
an exact integer of won and every text :func:`parse_krw` accepts reads the same.
``500억+`` is refused: a lower bound is not an estimate.

The result must be a whole number of won between 0 and :data:`MAX_KRW`
(10^24 won, far above any public budget; the cap stops abusive input), and the
text at most :data:`MAX_TEXT_LENGTH` characters. Every failure is a
:class:`~impact.errors.MoneyParseError` carrying ``text`` and ``position``.

Examples
--------
>>> parse_krw("2조 8천억원")
2800000000000
>>> format_krw(2_800_000_000_000)
'2조 8,000억원'
>>> format_krw(2_800_000_000_000, lang="en")
'₩2.8T'
"""

from __future__ import annotations

import decimal
import functools
import itertools
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Final, Literal

from impact.errors import InvalidInputError, MoneyParseError, json_kind

__all__ = [
    "MAX_EXACT_FLOAT",
    "MAX_KRW",
    "MAX_TEXT_LENGTH",
    "format_count",
    "format_fixed",
    "format_krw",
    "format_krw_ko_en",
    "is_exact_en",
    "may_be_approximate",
    "parse_krw",
    "read_krw",
    "round_half_even",
    "split_approximate",
]

MAX_KRW: Final = 10**24
"""Largest amount :func:`parse_krw` accepts [KRW] (10^24 won = 1조조)."""

MAX_TEXT_LENGTH: Final = 200
"""Longest text :func:`parse_krw` reads [characters]."""

MAX_EXACT_FLOAT: Final = 2**53
"""Python floats are accepted only below this bound, where every integer is exact."""

_DIGITS: Final = frozenset("0123456789")
_MINUS_SIGNS: Final = frozenset("-−－")  # hyphen-minus, U+2212, fullwidth
_BIG_UNITS: Final = {"조": 10**12, "억": 10**8, "만": 10**4}
_SMALL_UNITS: Final = {"천": 10**3, "백": 10**2, "십": 10}
_PREFIX_CURRENCY: Final = frozenset({"₩", "￦", "krw"})
_SUFFIX_CURRENCY: Final = frozenset({"원", "won", "krw"})
_SUFFIXES: Final = {
    "k": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "million": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "billion": 10**9,
    "t": 10**12,
    "tn": 10**12,
    "trillion": 10**12,
}
_WORDS: Final = frozenset(_SUFFIXES) | {"krw", "won"}
_NOT_A_NUMBER: Final = frozenset({"nan", "snan", "inf", "infinity"})
_EN_UNITS: Final = ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "K"))
_TOO_LARGE: Final = f"amount too large (the limit is 10^24 = {MAX_KRW:,} won)"

# Exact arithmetic for parsing: a MAX_TEXT_LENGTH-character text has at most
# 200 digits, times at most 10^16, so 600 digits never round; Inexact traps anyway.
_EXACT: Final = decimal.Context(
    prec=600,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.Inexact, decimal.InvalidOperation, decimal.Overflow, decimal.DivisionByZero],
)
# Rounding counts: wide enough for any finite float, never traps on rounding.
_COUNT: Final = decimal.Context(prec=800, rounding=decimal.ROUND_HALF_EVEN)


class _Kind(Enum):
    NUMBER = "number"
    SMALL = "small unit"
    BIG = "unit"
    SUFFIX = "suffix"
    CURRENCY = "currency"


@dataclass(frozen=True, slots=True)
class _Token:
    kind: _Kind
    text: str
    pos: int
    value: Decimal


class _ReadError(Exception):
    """Internal: what went wrong and where; turned into MoneyParseError by parse_krw."""

    def __init__(self, detail: str, position: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.position = position


# --------------------------------------------------------------------------- parsing


def parse_krw(
    value: str | int | float | Decimal,
    *,
    field: str | None = None,
    allow_zero: bool = True,
) -> int:
    """Read an amount of money and return it in whole won.

    Parameters
    ----------
    value
        Text such as ``"1,704억원"``, ``"2조8천억"``, ``"₩170.4B"``,
        ``"KRW 2.8 trillion"`` (see the module docstring for the grammar); an
        ``int`` or an integral :class:`~decimal.Decimal` [KRW]; or a ``float``
        that is integral and below 2^53 (as JSON numbers arrive, e.g.
        ``170400000000.0``) [KRW]. Booleans are rejected.
    field
        Dotted path of the input field, copied into the error.
    allow_zero
        When false, zero is rejected with "must be greater than zero".

    Returns
    -------
    int
        The amount [KRW], ``0 <= amount <= MAX_KRW``.

    Raises
    ------
    MoneyParseError
        For anything that is not a whole, non-negative number of won within
        the cap; ``extra["text"]`` is the input and ``extra["position"]`` the
        0-based index of the offending character (``None`` when the problem is
        the amount as a whole).

    Examples
    --------
    >>> parse_krw("1,704억원")
    170400000000
    >>> parse_krw("₩170.4B")
    170400000000
    >>> parse_krw("100백만원")
    100000000
    >>> parse_krw(170400000000.0)
    170400000000
    >>> parse_krw("12abc")
    Traceback (most recent call last):
    ...
    impact.errors.MoneyParseError: unexpected character 'a' at position 2 in "12abc"
    >>> parse_krw("0", field="investment", allow_zero=False)
    Traceback (most recent call last):
    ...
    impact.errors.MoneyParseError: investment: must be greater than zero
    """
    obj: object = value
    text = _describe(obj)
    try:
        amount = _parse_text(obj) if isinstance(obj, str) else _parse_number(obj)
    except _ReadError as failure:
        detail = failure.detail
        if failure.position is not None:
            detail = f'{detail} in "{text}"'
        raise MoneyParseError(detail, field=field, text=text, position=failure.position) from None
    if amount == 0 and not allow_zero:
        raise MoneyParseError("must be greater than zero", field=field, text=text, position=None)
    return amount


def _describe(obj: object) -> str:
    """Text of the input for error messages (JSON-serialisable, bounded)."""
    if isinstance(obj, str):
        return obj
    if isinstance(obj, int) and obj.bit_length() > 256:
        return f"<int of {obj.bit_length()} bits>"
    if isinstance(obj, Decimal) and len(obj.as_tuple().digits) > 100:
        return f"<Decimal of {len(obj.as_tuple().digits)} digits>"
    if isinstance(obj, int | float | Decimal):
        return str(obj)
    return f"<{type(obj).__name__}>"


def _parse_number(obj: object) -> int:
    """Check a non-text input (int, float or Decimal) and return whole won."""
    if isinstance(obj, bool):
        raise _ReadError(f"a boolean ({str(obj).lower()}) is not an amount of money")
    if isinstance(obj, int):
        return _whole_won_int(obj)
    if isinstance(obj, float):
        return _whole_won(_float_to_decimal(obj))
    if isinstance(obj, Decimal):
        if not obj.is_finite():
            raise _ReadError(f'"{obj}" is not a number')
        return _whole_won(obj)
    raise _ReadError(f"expected text or a whole number of won, got {json_kind(obj)}")


def _whole_won_int(amount: int) -> int:
    """Check the sign and the cap of an int amount."""
    if amount < 0:
        raise _ReadError("negative amounts are not allowed")
    if amount > MAX_KRW:
        raise _ReadError(_TOO_LARGE)
    return amount


def _float_to_decimal(number: float) -> Decimal:
    """Accept a float only when it is an integer that a float holds exactly."""
    if not math.isfinite(number):
        raise _ReadError(f'"{number}" is not a number')
    if number < 0:
        raise _ReadError("negative amounts are not allowed")
    if number >= MAX_EXACT_FLOAT:
        raise _ReadError(
            "a float this large is not exact (floats are accepted below 2^53); "
            "pass the amount as an int or as text"
        )
    return Decimal(number)


def _whole_won(total: Decimal) -> int:
    """Check sign, cap and wholeness of an exact total; return it as an int."""
    if total < 0:
        raise _ReadError("negative amounts are not allowed")
    if total > MAX_KRW:
        raise _ReadError(_TOO_LARGE)
    whole = int(total)
    if total != whole:
        raise _ReadError(_fraction_message(total))
    return whole


def _fraction_message(total: Decimal) -> str:
    """Say which fraction of a won is left over (briefly, however long the input)."""
    detail = "a fraction of a won is not allowed"
    _, digits, exponent = total.as_tuple()
    if len(digits) > 40 or not isinstance(exponent, int) or exponent < -40:
        return detail
    whole, _, decimals = f"{total:f}".partition(".")
    decimals = decimals.rstrip("0")
    return (
        f"a fraction of a won (0.{decimals}) is not allowed; the amount is {whole}.{decimals} won"
    )


@functools.lru_cache(maxsize=4096)
def _parse_text(text: str) -> int:
    """:func:`_read_text`, memoised.

    The same few amounts ('1,704억원') come back with every request about a plan, and the
    answer is a pure function of the text (a refused text is not kept). The parsing itself
    stays in the undecorated :func:`_read_text`, which mutation testing can change.
    """
    return _read_text(text)


def _read_text(text: str) -> int:
    """Parse text into whole won (raises _ReadError)."""
    if len(text) > MAX_TEXT_LENGTH:
        raise _ReadError(
            f"amount text too long ({len(text)} characters; at most {MAX_TEXT_LENGTH})"
        )
    tokens = _tokenize(text)
    _check_big_units(tokens)
    return _whole_won(_evaluate(tokens))


# ------------------------------------------------------------------------ tokenizing


def _tokenize(text: str) -> list[_Token]:
    """Split text into tokens; reject characters that cannot be part of an amount."""
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char in _DIGITS:
            token, i = _read_number(text, i)
            tokens.append(token)
        elif char.isascii() and char.isalpha():
            words, i = _read_words(text, i)
            tokens.extend(words)
        else:
            tokens.append(_read_symbol(text, i, tokens))
            i += 1
    return tokens


def _read_symbol(text: str, i: int, tokens: list[_Token]) -> _Token:
    """Read one non-digit, non-letter character: a Korean unit or a currency sign."""
    char = text[i]
    if char in _BIG_UNITS:
        return _Token(_Kind.BIG, char, i, Decimal(_BIG_UNITS[char]))
    if char in _SMALL_UNITS:
        return _Token(_Kind.SMALL, char, i, Decimal(_SMALL_UNITS[char]))
    if char in {"₩", "￦", "원"}:
        return _Token(_Kind.CURRENCY, char, i, Decimal(0))
    if char in _MINUS_SIGNS and not any(t.kind is _Kind.NUMBER for t in tokens):
        raise _ReadError(f"negative amounts are not allowed (sign at position {i})", i)
    raise _ReadError(_unexpected_char(text, i), i)


def _unexpected_char(text: str, i: int, hint: str = "") -> str:
    """Message for an unexpected character (or for the end of the text)."""
    suffix = f" ({hint})" if hint else ""
    if i >= len(text):
        return f"unexpected end of text at position {i}{suffix}"
    return f"unexpected character {text[i]!r} at position {i}{suffix}"


def _read_number(text: str, start: int) -> tuple[_Token, int]:
    """Read digits with thousands separators and an optional decimal fraction."""
    i = _skip(text, start, _DIGITS | {","})
    _check_grouping(text[start:i], start)
    if i < len(text) and text[i] == ".":
        fraction_start = i + 1
        i = _skip(text, fraction_start, _DIGITS)
        if i == fraction_start:
            hint = "expected a digit after the decimal point"
            raise _ReadError(_unexpected_char(text, i, hint), i)
        if i < len(text) and text[i] == ".":
            hint = "a number has at most one decimal point"
            raise _ReadError(_unexpected_char(text, i, hint), i)
    _reject_exponent(text, start, i)
    literal = text[start:i]
    return _Token(_Kind.NUMBER, literal, start, Decimal(literal.replace(",", ""))), i


def _skip(text: str, i: int, allowed: frozenset[str]) -> int:
    """Index of the first character at or after ``i`` that is not in ``allowed``."""
    while i < len(text) and text[i] in allowed:
        i += 1
    return i


def _check_grouping(integer_part: str, start: int) -> None:
    """Thousands separators must split the digits into groups of three."""
    groups = integer_part.split(",")
    if len(groups) == 1:
        return
    comma = start + len(groups[0])
    if not 1 <= len(groups[0]) <= 3:
        raise _ReadError(_misplaced_comma(comma), comma)
    for group in groups[1:]:
        if len(group) != 3:
            raise _ReadError(_misplaced_comma(comma), comma)
        comma += len(group) + 1


def _misplaced_comma(position: int) -> str:
    return (
        f"misplaced thousands separator ',' at position {position} "
        "(digits go in groups of three, as in 1,234,567; use '.' for decimals)"
    )


def _reject_exponent(text: str, start: int, end: int) -> None:
    """Reject ``1e400``-style input right after a number."""
    if end >= len(text) or text[end] not in "eE":
        return
    i = end + 1
    if i < len(text) and text[i] in "+-":
        i += 1
    if i < len(text) and text[i] in _DIGITS:
        literal = text[start : _skip(text, i, _DIGITS)]
        raise _ReadError(f'exponent notation is not accepted ("{literal}")', end)


def _read_words(text: str, start: int) -> tuple[list[_Token], int]:
    """Read a run of ASCII letters as suffix and currency words (longest match first)."""
    end = start
    while end < len(text) and text[end].isascii() and text[end].isalpha():
        end += 1
    run = text[start:end]
    if run.lower() in _NOT_A_NUMBER:
        raise _ReadError(f'"{run}" is not a number', start)
    tokens: list[_Token] = []
    i = start
    while i < end:
        word = _longest_word(text[i:end].lower())
        if word is None:
            raise _ReadError(_unexpected_char(text, i), i)
        tokens.append(_word_token(text[i : i + len(word)], i))
        i += len(word)
    return tokens, end


def _longest_word(letters: str) -> str | None:
    """The longest known word that ``letters`` starts with, if any."""
    matches = [word for word in _WORDS if letters.startswith(word)]
    return max(matches, key=len) if matches else None


def _word_token(word: str, position: int) -> _Token:
    multiplier = _SUFFIXES.get(word.lower())
    if multiplier is None:
        return _Token(_Kind.CURRENCY, word, position, Decimal(0))
    return _Token(_Kind.SUFFIX, word, position, Decimal(multiplier))


def _check_big_units(tokens: list[_Token]) -> None:
    """조, 억, 만 appear at most once each and from largest to smallest."""
    previous: _Token | None = None
    seen: set[str] = set()
    for token in tokens:
        if token.kind is not _Kind.BIG:
            continue
        if token.text in seen:
            raise _ReadError(f"unit '{token.text}' appears twice (position {token.pos})", token.pos)
        if previous is not None and token.value > previous.value:
            raise _ReadError(
                f"unit '{token.text}' at position {token.pos} must come before "
                f"'{previous.text}' (units go from largest to smallest: 조, 억, 만)",
                token.pos,
            )
        seen.add(token.text)
        previous = token


# ------------------------------------------------------------------------ evaluating


def _evaluate(tokens: list[_Token]) -> Decimal:
    """Strip the currency marks, then evaluate the Korean or English amount."""
    start = 1 if tokens and _is_currency(tokens[0], _PREFIX_CURRENCY) else 0
    if start == 0 and len(tokens) > 1 and tokens[0].kind is _Kind.CURRENCY:
        raise _unexpected(tokens[0])  # 원 or won in front of the amount
    end = start
    while end < len(tokens) and tokens[end].kind is not _Kind.CURRENCY:
        end += 1
    _check_trailing(tokens[end:])
    body = tokens[start:end]
    if not any(token.kind is _Kind.NUMBER for token in body):
        if body:
            raise _no_number_before(body[0])
        raise _ReadError("empty amount")
    if any(token.kind is _Kind.SUFFIX for token in body):
        return _evaluate_english(body)
    return _evaluate_korean(body, in_won=end < len(tokens))


def _is_currency(token: _Token, allowed: frozenset[str]) -> bool:
    return token.kind is _Kind.CURRENCY and token.text.lower() in allowed


def _check_trailing(rest: list[_Token]) -> None:
    """After the amount only one currency word (원, won, KRW) may follow."""
    if not rest:
        return
    if not _is_currency(rest[0], _SUFFIX_CURRENCY):
        raise _unexpected(rest[0])
    if len(rest) > 1:
        raise _unexpected(rest[1])


def _unexpected(token: _Token) -> _ReadError:
    if token.kind is _Kind.NUMBER:
        return _ReadError(f"unexpected number '{token.text}' at position {token.pos}", token.pos)
    return _ReadError(f"unexpected '{token.text}' at position {token.pos}", token.pos)


def _no_number_before(token: _Token) -> _ReadError:
    return _ReadError(
        f"{token.kind.value} '{token.text}' at position {token.pos} has no number before it",
        token.pos,
    )


def _evaluate_english(body: list[_Token]) -> Decimal:
    """``<number> <suffix>``: exactly one number and one suffix."""
    first, second = body[0], body[1] if len(body) > 1 else None
    if first.kind is not _Kind.NUMBER:
        raise _no_number_before(first)
    if second is None or second.kind is not _Kind.SUFFIX:
        suffix = next(token for token in body if token.kind is _Kind.SUFFIX)
        if any(token.kind in {_Kind.BIG, _Kind.SMALL} for token in body):
            raise _ReadError(
                f"suffix '{suffix.text}' at position {suffix.pos} cannot be combined "
                "with Korean units",
                suffix.pos,
            )
        raise _unexpected(body[1])
    if len(body) > 2:
        extra = body[2]
        if extra.kind is _Kind.SUFFIX:
            raise _ReadError(
                f"only one magnitude suffix is allowed ('{extra.text}' at position {extra.pos})",
                extra.pos,
            )
        raise _unexpected(extra)
    return _EXACT.multiply(first.value, second.value)


def _evaluate_korean(body: list[_Token], *, in_won: bool) -> Decimal:
    """Groups ``<terms> 조 <terms> 억 <terms> 만 <terms>``; a term is ``<number> [천|백|십]``.

    ``in_won``: the amount ends with 원 (won, KRW); without it a last group that skips a
    unit (``3억 5천``) is refused, see :func:`_check_skipped_unit`.
    """
    _check_dotted_thousands(body)
    _check_single_decimal(body)
    total = Decimal(0)
    group = _Group()
    previous_unit: _Token | None = None
    i = 0
    while i < len(body):
        token = body[i]
        following = body[i + 1] if i + 1 < len(body) else None
        if token.kind is _Kind.NUMBER:
            i += group.add_term(token, following)
            continue
        if token.kind is _Kind.SMALL or not group.has_terms:
            raise _no_number_before(token)
        total = _EXACT.add(total, group.value_below(token, previous_unit))
        group, previous_unit = _Group(), token
        i += 1
    if not group.has_terms:
        return total
    if not in_won:
        _check_skipped_unit(total, group, previous_unit)
    return _EXACT.add(total, group.value_below(None, previous_unit))


_NEXT_UNIT: Final = {"조": "억", "억": "만"}


def _check_skipped_unit(total: Decimal, group: _Group, previous_unit: _Token | None) -> None:
    """Refuse ``3억 5천``: said aloud it means 3억 5천만, read literally 3억 5천 won.

    A last group straight after 조 or 억, with no unit of its own and no 원 to say that it
    counts won, is ambiguous when it could count the next unit; ``3억 5천만``, ``3억 5천원``,
    ``3억 5,000원`` (as :func:`format_krw` writes it) and ``1억 315570`` are not.
    """
    if previous_unit is None or group.first is None or previous_unit.text not in _NEXT_UNIT:
        return
    unit = _NEXT_UNIT[previous_unit.text]
    as_unit = _EXACT.multiply(group.coefficient, _BIG_UNITS[unit])
    if as_unit >= previous_unit.value:
        return  # 1억 315570: 315570만 would be 31억, so it can only count won
    as_won = _EXACT.add(total, group.coefficient)
    raise _ReadError(
        f"the last number (position {group.first.pos}) follows '{previous_unit.text}' with "
        f"no unit of its own: add '{unit}' for {_EXACT.add(total, as_unit):,f} won, or end "
        f"it with '원' for {as_won:,f} won",
        group.first.pos,
    )


def _check_dotted_thousands(body: list[_Token]) -> None:
    """Refuse ``1.250억``: 1억 2,500만 with a decimal point, but 1,250억 where '.' separates
    thousands (as in Europe, and as some Koreans write it), a 1,000× difference.

    A number right before 억 or 만 whose whole part is one to three digits not starting with
    0 and that has exactly three digits after its decimal point is read neither way, as
    ``1,5억`` is refused for a decimal comma; the error gives both readings as Korean amounts.
    Before 조 it is a decimal (``1.125조``: 1,125조 is beyond any budget), and ``0.125억``,
    ``1.5억``, ``1.0000억``, ``1,000억``, ``1.000`` (no unit) and the English ``₩3.148T`` (as
    :func:`format_krw` writes it; '.' is a decimal point in English) are read.
    """
    for token, following in itertools.pairwise(body):
        if token.kind is not _Kind.NUMBER or following.kind is not _Kind.BIG:
            continue
        whole, dot, decimals = token.text.partition(".")
        unit = following.text
        if not dot or len(decimals) != 3 or unit == "조" or not _THOUSANDS_LEAD.fullmatch(whole):
            continue
        scale = _BIG_UNITS[unit]
        thousands = format_krw(int(whole + decimals) * scale).removesuffix("원")
        decimal = format_krw(int(whole + decimals) * scale // 1000).removesuffix("원")
        raise _ReadError(
            f"'{token.text}{unit}' is ambiguous: write {thousands} if '.' separates "
            f"thousands, or {decimal} if it is a decimal point",
            token.pos + len(whole),
        )


_THOUSANDS_LEAD: Final = re.compile("[1-9][0-9]{0,2}")
"""The first group of a number written with thousands separators."""


def _check_single_decimal(body: list[_Token]) -> None:
    """A decimal number must be the only number (``1.5억 3,000만`` is ambiguous)."""
    numbers = [token for token in body if token.kind is _Kind.NUMBER]
    for token in numbers:
        if "." in token.text and len(numbers) > 1:
            raise _ReadError(
                f"a number with a decimal point ('{token.text}' at position {token.pos}) "
                "must be the only number of the amount (write 1.5억 or 1억 5,000만)",
                token.pos,
            )


class _Group:
    """The number in front of one big unit (or of the final, unit-less group)."""

    def __init__(self) -> None:
        self.coefficient = Decimal(0)
        self.first: _Token | None = None
        self.closed_by: _Token | None = None  # a bare number ends the group's terms
        self.last_small: _Token | None = None

    def add_term(self, number: _Token, following: _Token | None) -> int:
        """Add ``number`` (times ``following`` if it is 천/백/십); return tokens used."""
        if self.closed_by is not None:
            raise _ReadError(
                f"unexpected number '{number.text}' at position {number.pos} "
                f"(the number '{self.closed_by.text}' before it has no unit)",
                number.pos,
            )
        if self.first is None:
            self.first = number
        if following is not None and following.kind is _Kind.SMALL:
            self._check_small_order(following)
            self.last_small = following
            term = _EXACT.multiply(number.value, following.value)
            self.coefficient = _EXACT.add(self.coefficient, term)
            return 2
        self.closed_by = number
        self.coefficient = _EXACT.add(self.coefficient, number.value)
        return 1

    @property
    def has_terms(self) -> bool:
        return self.first is not None

    def value_below(self, unit: _Token | None, previous_unit: _Token | None) -> Decimal:
        """The group's value in won (``unit`` is ``None`` for the final group).

        After a big unit, a group must stay below it: ``1억 5,000만`` is fine,
        ``1억 20,000만`` (which would be 3억) is rejected as a likely typo.
        """
        size = unit.value if unit is not None else Decimal(1)
        value = _EXACT.multiply(self.coefficient, size)
        if previous_unit is not None and self.first is not None and value >= previous_unit.value:
            name = f"before '{unit.text}'" if unit is not None else "at the end"
            raise _ReadError(
                f"the part {name} starting at position {self.first.pos} is 1{previous_unit.text} "
                f"or more; fold it into '{previous_unit.text}' or a bigger unit",
                self.first.pos,
            )
        return value

    def _check_small_order(self, unit: _Token) -> None:
        previous = self.last_small
        if previous is None or unit.value < previous.value:
            return
        if unit.value == previous.value:
            raise _ReadError(
                f"unit '{unit.text}' appears twice in one group (position {unit.pos})", unit.pos
            )
        raise _ReadError(
            f"unit '{unit.text}' at position {unit.pos} must come before '{previous.text}' "
            "(천, 백, 십 go from largest to smallest)",
            unit.pos,
        )


# --------------------------------------------------------------- approximate amounts

_APPROX_PREFIXES: Final = (
    "approximately", "approx.", "approx", "roughly", "around", "about",
    "대략", "약", "~", "～", "∼", "≈",
)  # fmt: skip
_APPROX_SUFFIXES: Final = ("가량", "정도", "내외", "안팎", "규모", "남짓")
_APPROX_AFTER: Final = _DIGITS | frozenset(_BIG_UNITS) | frozenset(_SMALL_UNITS)
_ANY_MARKER: Final = re.compile(
    "|".join(re.escape(m) for m in (*_APPROX_PREFIXES, *_APPROX_SUFFIXES, "여"))
)
"""Every marker a text may carry, found in the lower-cased text (a marker matched by the
checks below is a substring of it: lower-casing maps character by character)."""


def may_be_approximate(text: str) -> bool:
    """``text`` holds an approximation marker somewhere: false for every text that
    :func:`split_approximate` finds no marker in (the converse need not hold: ``"여"`` alone).

    >>> may_be_approximate("1,704억원"), may_be_approximate("약 500억원")
    (False, True)
    """
    return _ANY_MARKER.search(text.lower()) is not None


def split_approximate(text: str) -> tuple[str, bool]:
    """Blank the approximation markers of ``text``; say whether it had any.

    Markers (see the module docstring) are replaced by spaces, so the result has the
    same length and every position in it is a position in ``text``. Text without
    markers comes back unchanged; in particular every text :func:`parse_krw` accepts.

    Parameters
    ----------
    text
        An amount as written, e.g. ``"약 500억원"``.

    Returns
    -------
    tuple[str, bool]
        The text with its markers blanked, and whether there was at least one.

    Examples
    --------
    >>> split_approximate("약 500억원")
    ('  500억원', True)
    >>> split_approximate("500억여 원 규모")
    ('500억  원   ', True)
    >>> split_approximate("1,704억원")
    ('1,704억원', False)
    """
    if not may_be_approximate(text):  # most amounts: one scan, not one per marker
        return text, False
    chars = list(text)
    found = False
    start = _skip(text, 0, _SPACES)
    for marker in _APPROX_PREFIXES:
        end = start + len(marker)
        if text[start:end].lower() == marker and not _is_letter(text[end : end + 1]):
            chars[start:end] = " " * len(marker)
            found = True
            break
    stripped = text.rstrip()
    for marker in _APPROX_SUFFIXES:
        begin = len(stripped) - len(marker)
        if begin > 0 and stripped.endswith(marker) and chars[begin] != " ":
            chars[begin : len(stripped)] = " " * len(marker)
            found = True
            break
    for i, char in enumerate(text):
        if char == "여" and i > 0 and text[i - 1] in _APPROX_AFTER and chars[i] == "여":
            chars[i] = " "
            found = True
            break
    return ("".join(chars), True) if found else (text, False)


_SPACES: Final = frozenset(" \t\n\r\u00a0\u3000")


def _is_letter(char: str) -> bool:
    return bool(char) and char.isascii() and char.isalpha()


def read_krw(
    value: str | int | float | Decimal,
    *,
    field: str | None = None,
    allow_zero: bool = True,
) -> tuple[int, bool]:
    """Read an amount that may be approximate: ``(won, approximate)``.

    Like :func:`parse_krw`, and also reads the approximate forms of the module
    docstring (``약 500억원``, ``500억여원``, ``~₩50B``). The amount is exact whole won
    either way; ``approximate`` says that the text marked it as an estimate. Numbers
    (int, float, Decimal) are never approximate.

    Parameters
    ----------
    value, field, allow_zero
        As for :func:`parse_krw`.

    Returns
    -------
    tuple[int, bool]
        The amount [KRW] and whether it was written as approximate.

    Raises
    ------
    MoneyParseError
        As :func:`parse_krw`; an error quotes the text as given, and its position is a
        position in that text.

    Examples
    --------
    >>> read_krw("약 500억원")
    (50000000000, True)
    >>> read_krw("~₩50B")
    (50000000000, True)
    >>> read_krw("1억2천만원")
    (120000000, False)
    """
    if not isinstance(value, str):
        return parse_krw(value, field=field, allow_zero=allow_zero), False
    blanked, approximate = split_approximate(value)
    if not approximate:
        return parse_krw(value, field=field, allow_zero=allow_zero), False
    try:
        return parse_krw(blanked, field=field, allow_zero=allow_zero), True
    except MoneyParseError as exc:
        detail = exc.detail.replace(f'in "{blanked}"', f'in "{value}"')
        position = exc.extra.get("position")
        raise MoneyParseError(detail, field=field, text=value, position=position) from None


# ------------------------------------------------------------------------ formatting


def format_krw(amount: int | Decimal, lang: Literal["ko", "en"] = "ko") -> str:
    """Write an amount of money for people.

    Parameters
    ----------
    amount
        Whole won [KRW]; may be negative (differences between scenarios).
    lang
        ``"ko"``: exact, grouped by 조/억/만 with thousands separators inside each
        group, zero groups omitted, ``원`` at the end. ``"en"``: ``₩`` and the
        largest of T/B/M/K that the amount reaches, with 4 significant digits
        (never fewer than the whole units), rounded half-to-even, trailing zeros
        trimmed (use :func:`is_exact_en` to know whether the result is exact).

    Returns
    -------
    str
        The formatted amount; negative amounts get a leading ``-``.

    Raises
    ------
    InvalidInputError
        If ``amount`` is not a whole number of won or ``lang`` is unknown.

    Examples
    --------
    >>> format_krw(170_400_000_000)
    '1,704억원'
    >>> format_krw(85_285_285)
    '8,528만 5,285원'
    >>> format_krw(0)
    '0원'
    >>> format_krw(170_400_000_000, lang="en"), format_krw(1_950_000_000_000, "en")
    ('₩170.4B', '₩1.95T')
    >>> format_krw(85_285_285, "en"), format_krw(3_148_388_790_179, "en")
    ('₩85.29M', '₩3.148T')
    >>> format_krw(999, "en"), format_krw(1_000, "en"), format_krw(999_950, "en")
    ('₩999', '₩1K', '₩1M')
    >>> format_krw(-34_100_000_000, "ko"), format_krw(-34_100_000_000, "en")
    ('-341억원', '-₩34.1B')
    """
    whole = _as_whole_won(amount)
    language: str = lang
    if language == "ko":
        body = _format_ko(abs(whole))
    elif language == "en":
        body = _format_en(abs(whole))[0]
    else:
        raise InvalidInputError(f"unknown language {lang!r}; use 'ko' or 'en'", field="lang")
    return f"-{body}" if whole < 0 else body


def format_krw_ko_en(amount: int | Decimal) -> tuple[str, str]:
    """``(format_krw(amount, "ko"), format_krw(amount, "en"))``, the amount checked once
    (a report shows every amount in both languages).

    >>> format_krw_ko_en(-85_285_285)
    ('-8,528만 5,285원', '-₩85.29M')
    """
    whole = _as_whole_won(amount)
    size, sign = abs(whole), "-" if whole < 0 else ""
    return sign + _format_ko(size), sign + _format_en(size)[0]


def is_exact_en(amount: int | Decimal) -> bool:
    """Tell whether ``format_krw(amount, "en")`` is exact.

    When it is, ``parse_krw`` of that text gives back ``abs(amount)``.

    Parameters
    ----------
    amount
        Whole won [KRW].

    Returns
    -------
    bool
        ``True`` when no rounding happened.

    Examples
    --------
    >>> is_exact_en(170_400_000_000)
    True
    >>> is_exact_en(85_285_285)
    False
    """
    return _format_en(abs(_as_whole_won(amount)))[1]


def _as_whole_won(amount: int | Decimal) -> int:
    """An int from an int or integral Decimal (rejects bools and fractions)."""
    obj: object = amount
    if isinstance(obj, int) and not isinstance(obj, bool):
        return obj
    if isinstance(obj, Decimal) and obj.is_finite() and obj == obj.to_integral_value():
        return int(obj)
    raise InvalidInputError(f"expected a whole number of won, got {obj!r}", field="amount")


_GROUPED: Final = tuple(f"{n:,}" for n in range(10**4))
"""``f"{n:,}"`` for 0 ≤ n < 10⁴: the groups of a Korean amount after the first, and most
English whole parts. Every amount shown is formatted, and a lookup costs a small part of
formatting (README, *Performance*)."""


def _format_ko(amount: int) -> str:
    """Exact Korean format of a non-negative amount."""
    if amount < 10**4:
        return _GROUPED[amount] + "원"
    jo, rest = divmod(amount, 10**12)
    eok, rest = divmod(rest, 10**8)
    man, won = divmod(rest, 10**4)
    parts = []
    if jo:
        parts.append(f"{jo:,}조")
    if eok:
        parts.append(_GROUPED[eok] + "억")
    if man:
        parts.append(_GROUPED[man] + "만")
    if won:
        parts.append(_GROUPED[won])
    return " ".join(parts) + "원"


def _format_en(amount: int) -> tuple[str, bool]:
    """English format of a non-negative amount, and whether it is exact.

    :func:`round_half_even` written out, as is the fixed-point text: every amount a report
    shows comes here, and the calls were a third of its cost.
    """
    if amount < 1000:
        return f"₩{_GROUPED[amount]}", True
    k = 0
    while amount < _EN_UNITS[k][0]:
        k += 1
    while True:
        size, suffix = _EN_UNITS[k]
        units = amount // size
        # the decimals 4 significant digits need (0 from 1,000 units up: whole units stay)
        digits = 3 if units < 10 else 2 if units < 100 else 1 if units < 1000 else 0
        scale = _SCALES[digits]
        scaled, remainder = divmod(amount * scale, size)
        twice = 2 * remainder
        if twice > size or (twice == size and scaled & 1):
            scaled += 1
        if scaled < 1000 * scale or k == 0:
            break
        k -= 1  # 999.95K rounds to 1,000.0K: say 1M
    whole, fraction = divmod(scaled, scale)
    number = _GROUPED[whole] if whole < 10**4 else f"{whole:,}"
    if fraction:
        number = f"{number}.{str(fraction).rjust(digits, '0').rstrip('0')}"
    return f"₩{number}{suffix}", not remainder


_SCALES: Final = (1, 10, 100, 1000)


def round_half_even(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half-to-even, for ``denominator > 0``.

    The integer form of ``round(Fraction(numerator, denominator))`` (the same result,
    without building and reducing a fraction: this runs for every English amount shown and
    every amount restated in another year's prices).

    >>> [round_half_even(n, 10) for n in (14, 15, 25, 26, -15)]
    [1, 2, 2, 3, -2]
    """
    quotient, remainder = divmod(numerator, denominator)
    twice = 2 * remainder
    if twice > denominator or (twice == denominator and quotient % 2 == 1):
        return quotient + 1
    return quotient


def format_count(
    n: int | float,
    lang: Literal["ko", "en"],
    unit_ko: str = "명",
    unit_en: str = "",
) -> str:
    """Write a count (jobs, persons) with thousands separators.

    Parameters
    ----------
    n
        The count [persons or ``unit``]; a float is rounded half-to-even to one
        decimal and a trailing ``.0`` is dropped.
    lang
        ``"ko"`` appends ``unit_ko`` directly; ``"en"`` appends ``unit_en``
        after a space (nothing when it is empty).
    unit_ko, unit_en
        Unit words for each language.

    Returns
    -------
    str
        The formatted count.

    Raises
    ------
    InvalidInputError
        For booleans, NaN, infinities or an unknown ``lang``.

    Examples
    --------
    >>> format_count(1998, "ko"), format_count(1998, "en")
    ('1,998명', '1,998')
    >>> format_count(1998.46, "ko"), format_count(12.0, "en", unit_en="jobs")
    ('1,998.5명', '12 jobs')
    """
    text = _format_number(n)
    language: str = lang
    if language == "ko":
        return f"{text}{unit_ko}"
    if language == "en":
        return f"{text} {unit_en}" if unit_en else text
    raise InvalidInputError(f"unknown language {lang!r}; use 'ko' or 'en'", field="lang")


def format_fixed(value: float, places: int, *, commas: bool = True) -> str:
    """A ratio with ``places`` decimals (and thousands separators unless ``commas=False``).
    Past the 15 significant digits a float holds, its shortest form is written out, so the
    float's binary noise never shows.

    Examples
    --------
    >>> format_fixed(1.70246, 4)
    '1.7025'
    >>> format_fixed(9.99999999999e20, 3, commas=False), f"{9.99999999999e20:.3f}"
    ('999999999999000000000.000', '999999999999000051712.000')
    """
    spec = f"{',' if commas else ''}.{places}f"
    if abs(value) < 10.0 ** (15 - places) or not math.isfinite(value):
        return format(value, spec)
    return format(Decimal(repr(value)), spec)


def _format_number(n: int | float) -> str:
    """Thousands separators; floats rounded half-to-even to at most one decimal."""
    obj: object = n
    if isinstance(obj, bool):
        raise InvalidInputError(f"expected a number, got {obj!r}", field="count")
    if not isinstance(obj, float):
        return f"{int(n):,}"
    if not math.isfinite(obj):
        raise InvalidInputError(f"a count must be finite, got {obj!r}", field="count")
    rounded = Decimal(repr(obj)).quantize(Decimal("0.1"), context=_COUNT)
    if rounded == rounded.to_integral_value():
        return f"{int(rounded):,}"
    return f"{rounded:,.1f}"
