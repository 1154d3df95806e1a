"""A public investment plan as announced: the spending and the effects it claims.

The plan is the boundary model of the whole service: the REST layer accepts it
as a request body, the seeds in ``seeds/plans/`` are stored in its shape, and
every calculation starts from it. It is immutable (``frozen=True``) and
rejects unknown keys (``extra="forbid"``) so that a misspelt field is an error
that names the field rather than a silently ignored input.

Money fields accept an integer number of won or any string
:func:`impact.money.parse_krw` reads (``"1,704억원"``, ``"₩170.4B"``, …) and are
stored as exact integers [KRW]; see :mod:`impact.money`. The plan's own figures --
``investment``, ``projects`` and every claim -- also accept an amount as the press
writes an estimate (``"약 500억원"``, ``"500억여원"``, ``"~₩50B"``,
:func:`impact.money.read_krw`): the amount is still exact whole won, and its dotted
path is listed in ``approximate``.

Decisions
---------
* ``price_year`` defaults to the year of ``announced``: a plan's won amounts are
  taken to be in the prices of the year it was announced unless stated.
* ``period`` is inclusive: ``{"start": 2024, "end": 2026}`` is three years.
* ``jobs`` and ``startups`` are counts (integers ≥ 0); strings such as
  ``"1,998명"`` or ``"3만6000개"`` are accepted and read with the same Korean
  units as money.
* City names are NFC-normalised and stripped; control characters are refused.
* ``approximate`` lists the figures written as estimates (``약 500억원``); a saved plan
  keeps the list, and a client may state it too. Allocation amounts and what-if amounts
  must be exact (they must add up, or are chosen, to the won).

Examples
--------
>>> plan = Plan.model_validate({"city": "세종", "investment": "1,704억원",
...                             "announced": "2024-01-09", "claims": {"jobs": "1,998명"}})
>>> plan.investment, plan.claims.jobs, plan.price_year
(170400000000, 1998, 2024)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Final, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError, PydanticKnownError

from impact.errors import AmbiguousRegionError, InvalidInputError, MoneyParseError, json_kind
from impact.money import (
    MAX_KRW,
    format_krw,
    may_be_approximate,
    parse_krw,
    read_krw,
    split_approximate,
)
from impact.regions import resolve_region
from impact.validation import SECTOR_CODE_PATTERN, json_text, message_ko

__all__ = [
    "APPROXIMABLE",
    "MAX_SHARE_PLACES",
    "NON_PURCHASES",
    "Allocation",
    "ApproximablePath",
    "Claims",
    "JsonBool",
    "Money",
    "NotBoolean",
    "Period",
    "Plan",
    "PositiveMoney",
    "RegionName",
    "SectorCode",
    "Share",
    "Source",
    "StatedMoney",
]

MIN_YEAR = 1900
MAX_YEAR = 2200
_COUNT_SUFFIXES = ("명", "개", "건", "개사", "persons", "people", "jobs")


def _read(value: Any, info: ValidationInfo, *, approximate: bool) -> int:
    if type(value) is int and 0 <= value <= MAX_KRW:  # what parse_krw gives back unchanged
        return value
    if isinstance(value, int | str | Decimal | float):
        try:
            if approximate:
                return read_krw(value, field=info.field_name)[0]
            return parse_krw(value, field=info.field_name)
        except MoneyParseError as exc:
            if not approximate and isinstance(value, str) and split_approximate(value)[1]:
                raise PydanticCustomError(
                    "money_approximate",
                    "an approximate amount ('{text}') is accepted for a plan's investment, "
                    "projects and claims only; give the exact amount here",
                    {"text": value},
                ) from None
            raise PydanticCustomError(
                "money_parse",
                "{detail}",
                {"detail": exc.detail, "position": exc.extra.get("position")},
            ) from None
    raise PydanticCustomError(
        "money_type",
        "expected a number of won or a string such as '1,704억원' or '₩170.4B', got {kind}",
        {"kind": json_kind(value)},
    )


def _money(value: Any, info: ValidationInfo) -> int:
    return _read(value, info, approximate=False)


def _stated_money(value: Any, info: ValidationInfo) -> int:
    return _read(value, info, approximate=True)


def _not_boolean(value: Any) -> Any:
    if isinstance(value, bool):  # pydantic's lax numbers would read true as 1, false as 0
        raise PydanticCustomError(
            "number_type", "a boolean ({value}) is not a number", {"value": str(value).lower()}
        )
    return value


NotBoolean = BeforeValidator(_not_boolean)
"""Put in the ``Annotated`` of a number field: ``true``/``false`` are refused, not read as 1/0."""


def _only_boolean(value: Any) -> Any:
    if not isinstance(value, bool):  # lax booleans read "yes", "on", 1 as true: a typo saves
        shown = json_text(value)
        raise PydanticCustomError(
            "bool_type", "must be JSON true or false, not {value}", {"value": shown}
        )
    return value


JsonBool = Annotated[bool, BeforeValidator(_only_boolean)]
"""A boolean field: JSON ``true`` or ``false`` only. pydantic's ``StrictBool`` does not hold
under Litestar, which validates bodies with ``strict=False``; a validator before it does."""


def at_most(limit: int, kind: str = "List") -> BeforeValidator:
    """Put in the ``Annotated`` of a list or object field with ``max_length=limit``: a longer one
    is refused before its items are validated, with pydantic's own ``too_long`` error. pydantic
    checks the length after the items, one error per bad item: a long list held the event loop
    for seconds (measured in the README, *Limits*)."""

    def check(value: Any) -> Any:
        if isinstance(value, list | tuple | dict) and len(value) > limit:
            named = "Dictionary" if isinstance(value, dict) else kind  # as pydantic names it
            raise PydanticKnownError(
                "too_long", {"field_type": named, "max_length": limit, "actual_length": len(value)}
            )
        return value

    return BeforeValidator(check)


def _count(value: Any, info: ValidationInfo) -> Any:
    """Read a head count: whatever its JSON type, by the rules and bounds of money.

    Strings may carry commas, Korean units and a suffix; numbers -- integers, or floats
    that hold an integer exactly (below 2⁵³) -- are bounded by 10²⁴ like a string is:
    ``1e308`` as a number used to be read as a 309-digit head count.
    """
    if type(value) is int and 0 <= value <= MAX_KRW:  # as the path below reads it
        return value
    value = _not_boolean(value)
    text: Any = value
    if isinstance(value, str):
        # markers ("약 2,000명", "2,000명 내외") are blanked and only the end is cut, so a
        # position in an error is a position in the text as written
        text = split_approximate(value)[0].rstrip()
        for suffix in _COUNT_SUFFIXES:
            if text.lower().endswith(suffix):
                text = text[: -len(suffix)]
                break
    elif not isinstance(value, int | float):
        return value
    try:
        count = _money(text, info)
    except PydanticCustomError as exc:
        context = exc.context or {}
        detail = str(context.get("detail", ""))
        if exc.type == "money_parse" and detail.startswith("a fraction of a won"):
            raise PydanticCustomError(
                "count_fraction", "a count is a whole number, got {text}", {"text": str(value)}
            ) from None
        if exc.type != "money_parse":
            raise
        quoted = f' in "{text}"'
        if text != value and detail.endswith(quoted):
            detail = f'{detail.removesuffix(quoted)} in "{value}"'  # the text as written
        detail, context = _after_unit(value, detail, context)
        # the money reader's words, about a count (Korean: impact.validation.count_message_ko)
        raise PydanticCustomError(
            "count_parse",
            "{detail}",
            {**context, "detail": _count_words(detail), "money_detail": detail},
        ) from None
    marker = _CURRENCY.search(value) if isinstance(value, str) else None
    if marker:  # "1,998억원" in a jobs field is an amount pasted into the wrong place
        raise PydanticCustomError(
            "count_currency",
            "'{text}' is written as money ('{marker}' at position {position}): give a count "
            "as a number of persons or units, such as 1998 or '1,998명'",
            {"text": value, "marker": marker.group(), "position": marker.start()},
        )
    return count


def _after_unit(
    written: object, detail: str, context: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """The money reader stops at a count's unit that text follows (``"1,998명."``,
    ``"1998명분"``): the unit is the end of a count, so what follows it is what is wrong."""
    position = context.get("position")
    if not (isinstance(written, str) and isinstance(position, int)):
        return detail, context
    units = sorted(_COUNT_SUFFIXES, key=len, reverse=True)  # 개사 before 개
    unit = next((u for u in units if written.lower().startswith(u, position)), None)
    after = position + len(unit or "")
    if unit is not None and unit.isascii() and written[after : after + 1].isalpha():
        return detail, context  # "jobsite" is a word, not the unit "jobs" and then "ite"
    after += len(written[after:]) - len(written[after:].lstrip())
    if unit is None or after >= len(written) or not detail.startswith("unexpected character"):
        return detail, context
    said = written[position : position + len(unit)]
    detail = (
        f"unexpected character {written[after]!r} at position {after} after the unit "
        f"'{said}' (a count ends with its unit) in \"{written}\""
    )
    return detail, {**context, "position": after}


_CURRENCY = re.compile(r"[₩￦$원억조]|krw|won|usd", flags=re.IGNORECASE)
"""What marks money, which a head count read by the money reader's rules would let pass: a
currency, glued to a number or not (``1.998Bwon``: in a text the reader accepted, these
letters are no part of another word), and 억 or 조 (no plan counts 10⁸ jobs, startups or
projects; ``"1,998억"`` is an amount in the wrong field). 만 counts people."""


# the money reader's own phrases about an amount (impact.money), as said of a count
_COUNT_PHRASES = (
    ("negative amounts", "negative counts"),
    # a count's limit is a number, not won
    (
        f"amount too large (the limit is 10^24 = {MAX_KRW:,} won)",
        f"count too large (the limit is 10^24 = {MAX_KRW:,})",
    ),
    ("amount too large", "count too large"),
    ("amount text too long", "count text too long"),
    ("pass the amount as", "pass the count as"),
    ("empty amount", "empty count"),
    ("number of the amount", "number of the count"),
)


def _count_words(detail: str) -> str:
    """A money reader's message about a count: ``negative amounts are not allowed`` →
    ``negative counts are not allowed``. Only the reader's phrase changes (it comes first),
    never the text quoted as written."""
    for amount, count in _COUNT_PHRASES:
        if amount in detail:
            return detail.replace(amount, count, 1)
    return detail


def _positive(value: int) -> int:
    if value <= 0:
        raise PydanticCustomError("greater_than", "must be greater than zero", {"gt": 0})
    return value


# control, format, surrogate, private use, unassigned; line and paragraph separators (U+2028,
# U+2029), which break a line wherever the text is shown
_BAD = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def _clean_text(value: str) -> str:
    if value.isascii():
        text = value.strip()
        # printable ASCII is NFC, has no mark and nothing the checks below refuse; deleting
        # the printable bytes tests that 3-4 x faster than str.isprintable
        if text and not text.encode("ascii").translate(None, _PRINTABLE_ASCII):
            return text
    text = unicodedata.normalize("NFC", value).strip()
    # isprintable() is False for every character of category C* (and for separators other
    # than ' '): when it holds, the per-character scan below can only come out empty.
    bad = [] if text.isprintable() else [ch for ch in text if unicodedata.category(ch) in _BAD]
    if bad:
        raise PydanticCustomError(
            "text_control",
            "contains control, format, separator or unassigned characters ({chars}); remove them",
            {"chars": ", ".join(f"U+{ord(ch):04X}" for ch in bad[:5])},
        )
    if not text:
        raise PydanticCustomError("text_empty", "must not be empty")
    if unicodedata.category(text[0]).startswith("M"):
        # a combining mark has nothing to combine with: alone it renders as a stray accent
        raise PydanticCustomError(
            "text_mark",
            "starts with a combining mark ({code}) that has no letter to combine with",
            {"code": f"U+{ord(text[0]):04X}"},
        )
    return text


def read_text(value: str, field: str) -> str:
    """``value`` by a plan's text rule (NFC, stripped; no control, format or unassigned
    characters, no lone combining mark), for a text that is not in a plan (a query's
    ``city``: ``"%00"`` matched every plan); otherwise an error naming ``field``."""
    try:
        return _clean_text(value)
    except PydanticCustomError as exc:
        english, context = exc.message(), exc.context or {}
        korean = message_ko(exc.type, context, english)
        raise InvalidInputError(english, field=field, message_ko=korean) from None


def _input_schema(minimum: int, examples: list[Any]) -> WithJsonSchema:
    """What a client may send: an integer, or a string read by :func:`parse_krw`."""
    return WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": minimum},
                {"type": "string", "minLength": 1, "maxLength": 200, "examples": examples},
            ]
        }
    )


_MONEY_EXAMPLES = ["1,704억원", "2조 8000억원", "₩170.4B", "170400000000"]

# no Field(ge=0) on Money: its reader refuses negative amounts, and the bound ran as one more
# Python call per figure
Money = Annotated[int, BeforeValidator(_money), _input_schema(0, _MONEY_EXAMPLES)]
"""An exact amount of won [KRW] ≥ 0: an integer or a string such as ``"1,704억원"``."""

PositiveMoney = Annotated[
    int, BeforeValidator(_money), AfterValidator(_positive), _input_schema(1, _MONEY_EXAMPLES)
]
"""An exact amount of won [KRW] > 0."""

_STATED_EXAMPLES = [*_MONEY_EXAMPLES[:3], "약 500억원", "500억여원", "~₩50B", "170400000000"]

StatedMoney = Annotated[int, BeforeValidator(_stated_money), _input_schema(0, _STATED_EXAMPLES)]
"""A figure a plan states [KRW] ≥ 0: as :data:`Money`, or approximate (``"약 500억원"``)."""

StatedPositiveMoney = Annotated[
    int,
    BeforeValidator(_stated_money),
    AfterValidator(_positive),
    _input_schema(1, _STATED_EXAMPLES),
]
"""A figure a plan states [KRW] > 0, exact or approximate."""


def _region(value: Any) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= 100:
        got = f"{len(value)} characters" if isinstance(value, str) else json_kind(value)
        raise PydanticCustomError(
            "region_type", "expected a region name of 1 to 100 characters, got {kind}",
            {"kind": got},
        )  # fmt: skip
    try:
        return resolve_region(value).key
    except InvalidInputError as exc:  # impact.regions words both in Korean too
        # '충청' is ambiguous (more than one region), not unknown
        kind = "region_ambiguous" if isinstance(exc, AmbiguousRegionError) else "region_unknown"
        ctx = {"detail": exc.detail, "message_ko": exc.extra["message_ko"]}
        raise PydanticCustomError(kind, "{detail}", ctx) from None


RegionName = Annotated[
    str,
    BeforeValidator(_region),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "maxLength": 100,
            "examples": ["busan", "부산", "부산광역시", "Busan Metropolitan City", "Gyeonggi-do"],
        }
    ),
]
"""One of Korea's 17 regions (시·도) by key, Korean or English name; stored as its key."""

Count = Annotated[
    int,
    BeforeValidator(_count),
    Field(ge=0),  # a type _count passes on (a Decimal from Python) meets pydantic's int here
    _input_schema(0, ["1,998명", "3만6000", "2000", "약 2,000명"]),
]
Year = Annotated[int, NotBoolean, Field(ge=MIN_YEAR, le=MAX_YEAR)]
Text = Annotated[str, AfterValidator(_clean_text)]


class _Frozen(BaseModel):
    # No model-wide ``str_max_length``: it silently capped every text field, also those that
    # document a larger ``max_length`` (notes: 4,000). Every text field states its own bound.
    model_config = ConfigDict(frozen=True, extra="forbid")


class Period(_Frozen):
    """Years over which the investment is spent, both ends inclusive."""

    start: Year = Field(description="first year of spending [year]")
    end: Year = Field(description="last year of spending, inclusive [year]")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise PydanticCustomError(
                "period_order",
                "period.end ({end}) is before period.start ({start})",
                {"end": self.end, "start": self.start},
            )
        return self

    @property
    def years(self) -> int:
        """Number of years in the period, ends inclusive [years]."""
        return self.end - self.start + 1


class Claims(_Frozen):
    """Effects the plan claims. Every claim is optional."""

    production_inducement: StatedMoney | None = Field(
        default=None, description="claimed production (output) inducement effect [KRW]"
    )
    value_added_inducement: StatedMoney | None = Field(
        default=None, description="claimed value-added inducement effect [KRW]"
    )
    jobs: Count | None = Field(default=None, description="claimed jobs created [persons]")
    total_effect: StatedMoney | None = Field(
        default=None, description="headline 'total economic effect' as announced [KRW]"
    )
    startups: Count | None = Field(default=None, description="claimed startups fostered [firms]")

    def is_empty(self) -> bool:
        """True when no claim at all is stated."""
        return all(value is None for value in self.model_dump().values())


class Source(_Frozen):
    """Where a figure of the plan was published (for citation)."""

    outlet: Text = Field(max_length=200, description="publisher, e.g. '중도일보 (Joongdo Ilbo)'")
    title: Text = Field(max_length=500, description="headline or document title")
    published: date | None = Field(default=None, description="publication date")
    url: str | None = Field(default=None, max_length=2000)
    author: Text | None = Field(default=None, max_length=200)


SectorCode = Annotated[str, StringConstraints(pattern=SECTOR_CODE_PATTERN, max_length=20)]
"""A sector code of an input-output table, e.g. BOK's ``"62"`` (software); a key that cannot
be one is answered with the codes to use (:func:`impact.validation.field_issues`)."""

MAX_SHARE_PLACES = 30
"""Most decimal places (and significant digits) of a share [-]."""

_SHARE_TEXT = re.compile(r"[0-9]{1,31}(?:\.[0-9]{0,31})?(?:[eE][+-]?[0-9]{1,3})?|\.[0-9]{1,31}")
"""A decimal number in ASCII digits: no ``_`` (``"1_0"`` would be 10), no other script's
digits (``"١"`` would be 1), no sign, at most 31 digits before and after the point."""
_LONG_SHARE_TEXT = re.compile(r"(?:[0-9]++(?:\.[0-9]*+)?|\.[0-9]++)(?:[eE][+-]?[0-9]{1,3})?")
"""The same without a bound on the digits (a share written with too many); possessive, so a
long run of digits is read once, not backtracked."""


def _too_precise() -> PydanticCustomError:
    return PydanticCustomError(
        "share_precision",
        "a share has at most {places} decimal places and {places} significant digits",
        {"places": MAX_SHARE_PLACES},
    )


def _negative_share(text: str) -> PydanticCustomError:
    return PydanticCustomError(
        "share_negative", "a share cannot be negative, got '{text}'", {"text": text[:40]}
    )


def _share_text(text: str) -> Decimal:
    """A share written as text (or a float's repr): ASCII digits, no sign; ``"25%"`` is
    0.25, exactly."""
    written, percent = text, text.endswith("%")
    if percent:
        text = text[:-1].rstrip(" ")
    if text[:1] == "-" and _SHARE_TEXT.fullmatch(text[1:]) and Decimal(text[1:]) != 0:
        raise _negative_share(written)  # a number below 0: say that, not "ASCII digits"
    if not _SHARE_TEXT.fullmatch(text):
        if _LONG_SHARE_TEXT.fullmatch(text):  # digits, only too many of them
            raise _too_precise()
        raise PydanticCustomError(
            "share_text",
            "a share is a decimal number in ASCII digits such as '0.25', '1e-3' or '25%', "
            "got '{text}'",
            {"text": written[:40]},
        )
    value = Decimal(text)
    if percent:  # the hundredth, exactly: the exponent less 2 (scaleb rounds to 28 digits)
        sign, digits, exponent = value.as_tuple()
        assert isinstance(exponent, int)  # the text rule admits finite numbers only
        value = Decimal((sign, digits, exponent - 2))
    return value


def _share(value: Any) -> Decimal:
    """Read a share as an exact decimal, bounded by digits and exponent before it is built.

    ``"1E-10000000"`` is a valid :class:`~decimal.Decimal`, but the exact fraction the
    model later makes of it has ten million digits (20 s of CPU): a share has at most
    :data:`MAX_SHARE_PLACES` decimal places and significant digits.
    """
    if type(value) is float and 0.0 < value <= 1.0:
        # finite and positive: its repr (the shortest text that reads back as this float)
        # is a decimal the text rule below accepts. Without an exponent it has at most 17
        # significant digits and 4 zeros after the point: within every bound below.
        text = repr(value)
        if "e" not in text:
            return Decimal(text)
        value = Decimal(text)
    elif isinstance(value, float):
        value = "0.0" if value == 0 else repr(value)  # -0.0 reads as 0.0 does
    value = _not_boolean(value)
    if isinstance(value, str):
        value = _share_text(value.strip())
    if isinstance(value, int):
        if value < 0:  # as written (text[:40]: a 4,000-digit int is not printed whole)
            raise _negative_share(str(value) if value > -(10**40) else f"{value:.3e}")
        value = Decimal(min(value, 2))  # a huge int is bounded before it is built
    if not isinstance(value, Decimal):
        raise PydanticCustomError(
            "share_type", "a share is a number or a decimal string, got {kind}",
            {"kind": json_kind(value), "kind_ko": json_kind(value, "ko")},
        )  # fmt: skip
    if not value.is_finite():
        raise PydanticCustomError("share_finite", "a share must be a finite number")
    digits, exponent = value.as_tuple()[1:]
    assert isinstance(exponent, int)  # finite
    if len(digits) > MAX_SHARE_PLACES or -exponent > MAX_SHARE_PLACES:
        raise _too_precise()
    # the bounds here, with pydantic's own errors: as Field(ge=0, le=1) they cost 1.5 µs a share
    if value < 0:
        raise _negative_share(str(value))
    if value > 1:
        raise PydanticKnownError("less_than_equal", {"le": 1})
    return value


def _proportion(value: Any) -> Any:
    """A proportion written as text, read by the share rule (:func:`_share`: its texts, bounds
    and errors) as the float nearest it (``"25%"`` is 0.25; ``"0.2_5"`` and ``"-0"`` are
    refused); ``-0.0`` as 0.0; any other value as sent, to the float's own checks."""
    if isinstance(value, str):
        try:
            return float(_share(value))
        except PydanticCustomError as exc:  # worded as a proportion in Korean (비율, not 배분 비율)
            context = {**(exc.context or {}), "proportion": True}
            raise PydanticCustomError(exc.type, exc.message_template, context) from None
    if type(value) is float and value == 0:
        return 0.0
    return value


_SHARE_SCHEMA: Final = WithJsonSchema(
    {
        "anyOf": [
            {"type": "number", "minimum": 0, "maximum": 1},
            {
                "type": "string",
                "pattern": r"^[0-9.]+([eE][+-]?[0-9]{1,3})?( *%)?$",
                "maxLength": 70,
            },
        ]
    }
)
"""What a client may send as a share: a number in [0, 1] or a decimal text (``"25%"``)."""

Proportion = Annotated[
    float,
    NotBoolean,
    BeforeValidator(_proportion),
    _SHARE_SCHEMA,
]
"""A what-if's proportion in [0, 1] (bounds set where it is used): a number, or a decimal text,
``"25%"`` included, read as a plan's share is."""


Share = Annotated[
    Decimal,
    BeforeValidator(_share),
    _SHARE_SCHEMA,
]
"""A share of the investment [-], 0 ≤ share ≤ 1, at most 30 decimal places."""

SHARE_TOLERANCE = Decimal("0.000001")
"""Shares must add up to 1 within this tolerance [-]; they are then rescaled exactly."""

MAX_ALLOCATION_ENTRIES = 10_000

NON_PURCHASES: dict[str, tuple[str, str]] = {
    "land": (
        "land purchase and compensation (보상비): an existing asset changes hands",
        "토지 매입·보상비",
    ),
    "transfers": (
        (
            "grants, subsidies, loans and other transfers passed on (보조금·출연금·융자): "
            "their use is not a purchase by the plan"
        ),
        "보조금·출연금·융자 등 이전지출",
    ),
    "wages": ("the plan's own staff costs (인건비): income paid, not output bought", "자체 인건비"),
    "reserves": ("contingency and reserves not yet spent (예비비)", "예비비"),
    "other": ("anything else that buys no domestic output", "기타 비구매 지출"),
}
"""Budget items that are not a purchase of output: allocation keys that are never sector codes
(English description, Korean name). The model counts purchases only."""


class Allocation(_Frozen):
    """How the investment is spent: by sector, and on items that buy no output.

    Exactly one of ``shares`` (adding up to 1 ± 10⁻⁶) and ``amounts`` (adding up
    to the plan's investment exactly) is given. Keys are sector codes of the
    input-output table (checked when the allocation is used, not here) or one of
    the budget items of :data:`NON_PURCHASES` (``land``, ``transfers``, ``wages``,
    ``reserves``, ``other``), which the model does not count as final demand.
    """

    shares: Annotated[dict[SectorCode, Share], at_most(MAX_ALLOCATION_ENTRIES)] | None = Field(
        default=None,
        description="share of the investment per sector code or non-purchase item (land, "
        "transfers, wages, reserves, other) [-]; sum 1; a number, or text such as '0.25' or "
        "'25%'",
    )
    amounts: Annotated[dict[SectorCode, Money], at_most(MAX_ALLOCATION_ENTRIES)] | None = Field(
        default=None,
        description="won per sector code or non-purchase item (land, transfers, wages, "
        "reserves, other) [KRW]; sum = investment",
    )
    basis: Literal["stated", "assumed"] = Field(
        default="stated",
        description="'stated' by the plan, or 'assumed' by the analyst (then say how in notes)",
    )
    notes: Text | None = Field(default=None, max_length=4000, description="assumptions made")

    @model_validator(mode="after")
    def _one_form(self) -> Allocation:
        given = [name for name in ("shares", "amounts") if getattr(self, name) is not None]
        if len(given) != 1:
            raise PydanticCustomError(
                "allocation_form", "give exactly one of 'shares' and 'amounts' (got {given})",
                {"given": ", ".join(given) or "neither", "given_ko": ", ".join(given) or "없음"},
            )  # fmt: skip
        entries: dict[str, Any] = getattr(self, given[0])
        if not entries or len(entries) > MAX_ALLOCATION_ENTRIES:
            raise PydanticCustomError(
                "allocation_size", "{name} must have 1 to {limit} entries",
                {"name": given[0], "limit": MAX_ALLOCATION_ENTRIES},
            )  # fmt: skip
        if self.shares is not None:
            total = sum(self.shares.values(), Decimal(0))
            if abs(total - 1) > SHARE_TOLERANCE:
                raise PydanticCustomError(
                    "allocation_sum",
                    "shares add up to {total} ({percent}), not 1 (100%)",
                    {
                        "total": str(total),
                        "percent": f"{(total * 100).normalize():f}%",
                    },
                )
        return self

    def shares_of(self, investment: int) -> dict[str, Fraction]:
        """Exact share of the investment per key (sectors and non-purchase items) [-], adding
        up to exactly 1."""
        if self.amounts is not None:
            return {code: Fraction(amount, investment) for code, amount in self.amounts.items()}
        assert self.shares is not None
        total = Fraction(sum(self.shares.values(), Decimal(0)))
        return {code: Fraction(share) / total for code, share in self.shares.items()}

    def spending(self, investments: Sequence[int]) -> dict[str, list[float]]:
        """Won per key (sectors and non-purchase items) for each of ``investments``, each
        its exact share of the investment rounded once to the nearest float [KRW]:
        ``float(share × investment)`` for the :meth:`shares_of` share, in integer
        arithmetic (Python's ``int / int`` is correctly rounded), as the effects engine's
        demand needs it. The shares are read once, however many investments."""
        if self.amounts is not None:
            m = len(investments)
            return {code: [float(amount)] * m for code, amount in self.amounts.items()}
        assert self.shares is not None
        total_num, total_den = sum(self.shares.values(), Decimal(0)).as_integer_ratio()
        spent = {}
        for code, share in self.shares.items():
            num, den = share.as_integer_ratio()
            a, b = num * total_den, den * total_num  # the exact share is a / b
            spent[code] = [(a * investment) / b for investment in investments]
        return spent


ApproximablePath = Literal[
    "investment",
    "projects",
    "claims.production_inducement",
    "claims.value_added_inducement",
    "claims.jobs",
    "claims.total_effect",
    "claims.startups",
]

APPROXIMABLE: tuple[str, ...] = get_args(ApproximablePath)
"""Dotted paths of the figures a plan may state as estimates (in this order)."""


_TOP_APPROXIMABLE = tuple(path for path in APPROXIMABLE if "." not in path)
_CLAIMS_APPROXIMABLE = tuple(path for path in APPROXIMABLE if path.startswith("claims."))
_CLAIM_NAMES = tuple(path.removeprefix("claims.") for path in _CLAIMS_APPROXIMABLE)
_READ_ORDER = _TOP_APPROXIMABLE + _CLAIMS_APPROXIMABLE


def _written_approximate(data: Mapping[str, Any]) -> list[str]:
    """The paths of :data:`APPROXIMABLE` whose raw input is text marking an estimate, in
    that order (``investment`` and ``projects`` first, then the claims)."""
    claims = data.get("claims")
    if not isinstance(claims, dict | Mapping):
        claims = {}
    texts = [*map(data.get, _TOP_APPROXIMABLE), *map(claims.get, _CLAIM_NAMES)]
    # one scan of all the texts for a marker: most plans have none
    if not may_be_approximate("\n".join([text for text in texts if isinstance(text, str)])):
        return []
    return [p for p, text in zip(_READ_ORDER, texts, strict=True) if _is_approximate_text(text)]


def _stated(plan: Plan, path: str) -> bool:
    """The plan states the figure at ``path`` (one of :data:`APPROXIMABLE`)."""
    head, _, tail = path.partition(".")
    return getattr(plan.claims if tail else plan, tail or head) is not None


def _is_approximate_text(value: Any) -> bool:
    return isinstance(value, str) and split_approximate(value)[1]


class Plan(_Frozen):
    """A public investment plan and its claimed effects.

    Money is exact integer won [KRW]; counts are integers.
    """

    city: Text = Field(max_length=100, description="city or region, Korean or English")
    region: RegionName | None = Field(
        default=None,
        description="the region (시·도) the plan is for, e.g. 'busan', '부산', 'Gyeonggi-do'; "
        "absent: resolved from `city` (GET /v1/regions lists them)",
    )
    title: Text | None = Field(default=None, max_length=500)
    announced: date | None = Field(default=None, description="date the plan was announced")
    price_year: Year | None = Field(
        default=None,
        description="year whose prices the won amounts are in; defaults to the announced year",
    )
    period: Period | None = Field(default=None, description="spending period, inclusive")
    investment: StatedPositiveMoney = Field(
        description="total public investment [KRW]; a number or e.g. '1,704억원', '₩170.4B'",
    )
    projects: Count | None = Field(default=None, description="number of projects or tasks")
    industries: Annotated[
        tuple[Annotated[Text, StringConstraints(max_length=2000)], ...], at_most(100, "Tuple")
    ] = Field(default=(), max_length=100, description="industries or programme lines named")
    claims: Claims = Field(default_factory=Claims)
    allocation: Allocation | None = Field(
        default=None, description="spending by input-output sector; absent: not stated"
    )
    sources: Annotated[tuple[Source, ...], at_most(50, "Tuple")] = Field(default=(), max_length=50)
    notes: Text | None = Field(default=None, max_length=4000)
    approximate: Annotated[tuple[ApproximablePath, ...], at_most(len(APPROXIMABLE), "Tuple")] = (
        Field(
            default=(),
            max_length=len(APPROXIMABLE),
            exclude_if=lambda paths: not paths,
            description="figures written as estimates ('약 500억원', '500억여원', '~₩50B'): "
            "found in the text, or stated; the amounts are still exact won. Absent when none",
        )
    )

    @model_validator(mode="before")
    @classmethod
    def _find_approximate(cls, data: Any) -> Any:
        """Add to ``approximate`` every figure whose text marks it as an estimate."""
        if not isinstance(data, Mapping):
            return data
        found = _written_approximate(data)
        if not found:
            return data
        stated = data.get("approximate")
        given = list(stated) if isinstance(stated, list | tuple) else []
        if stated is not None and not isinstance(stated, list | tuple):
            return data  # let the field's own validation name the bad value
        # the stated entries first, where they were (an unknown one is named at its index)
        return {**data, "approximate": given + [p for p in found if p not in given]}

    @field_validator("announced")
    @classmethod
    def _announced_in_range(cls, announced: date | None) -> date | None:
        # price_year defaults to this year: it must be a valid price year itself, or the
        # plan would validate once and never again (a saved plan that cannot be read)
        if announced is not None and not MIN_YEAR <= announced.year <= MAX_YEAR:
            raise PydanticCustomError(
                "announced_year",
                "year {year} is outside {low}–{high}",
                {"year": announced.year, "low": MIN_YEAR, "high": MAX_YEAR},
            )
        return announced

    @field_validator("approximate")
    @classmethod
    def _canonical_order(cls, paths: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(p for p in APPROXIMABLE if p in paths)

    @model_validator(mode="after")
    def _default_price_year(self) -> Plan:
        if self.price_year is None and self.announced is not None:
            object.__setattr__(self, "price_year", self.announced.year)
        if self.approximate:  # an estimate of a figure the plan does not state means nothing
            stated = tuple(p for p in self.approximate if _stated(self, p))
            if stated != self.approximate:
                object.__setattr__(self, "approximate", stated)
        return self

    @field_validator("allocation")
    @classmethod
    def _amounts_add_up(cls, allocation: Allocation | None, info: ValidationInfo) -> Any:
        investment = info.data.get("investment")  # absent when investment itself was invalid
        amounts = allocation.amounts if allocation is not None else None
        if amounts is not None and investment is not None and sum(amounts.values()) != investment:
            raise amounts_mismatch(sum(amounts.values()), investment)
        return allocation


def amounts_mismatch(total: int, investment: int, where: str = "") -> PydanticCustomError:
    """An allocation's amounts that do not add up to the investment, by how much, in won a
    reader can check (``₩9,000,000,000``, ``90억원``)."""
    gap = abs(total - investment)
    return PydanticCustomError(
        "amounts_sum",
        "amounts add up to ₩{total_en}, not the investment of ₩{investment_en}{where}: "
        "₩{gap_en} {side}",
        {
            "total_en": f"{total:,}", "investment_en": f"{investment:,}", "gap_en": f"{gap:,}",
            "side": "short" if total < investment else "over", "where": where,
            "where_ko": "이 단계의 " if where else "",
            "total_ko": format_krw(total), "investment_ko": format_krw(investment),
            "gap_ko": format_krw(gap), "side_ko": "부족" if total < investment else "초과",
        },
    )  # fmt: skip
