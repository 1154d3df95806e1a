"""Plan validation: what is accepted, what is refused, and which field is named."""

from __future__ import annotations

import time
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from impact.money import split_approximate
from impact.plan import APPROXIMABLE, MAX_SHARE_PLACES, Plan, Share, _written_approximate
from impact.validation import field_issues

read_share = TypeAdapter(Share).validate_python


def errors_of(document: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        Plan.model_validate(document)
    return {".".join(map(str, e["loc"])): e["msg"] for e in info.value.errors()}


def test_money_strings_and_counts_are_read() -> None:
    plan = Plan.model_validate(
        {
            "city": "  대전 ",
            "investment": "2조 8000억원",
            "announced": "2018-09-20",
            "claims": {"jobs": "3만6000명", "startups": "2,000개", "total_effect": "6.6조"},
        }
    )
    assert plan.city == "대전"
    assert plan.investment == 2_800_000_000_000
    assert plan.claims.jobs == 36_000
    assert plan.claims.startups == 2_000
    assert plan.price_year == 2018


def test_explicit_price_year_wins() -> None:
    plan = Plan.model_validate(
        {"city": "X", "investment": 1, "announced": "2018-01-01", "price_year": 2020}
    )
    assert plan.price_year == 2020


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ({"city": "X", "investment": 0}, "investment"),
        ({"city": "X", "investment": "-5억"}, "investment"),
        ({"city": "X", "investment": True}, "investment"),
        ({"city": "X", "investment": [1]}, "investment"),
        ({"city": "", "investment": 1}, "city"),
        ({"city": "a\u0000b", "investment": 1}, "city"),
        ({"city": "X" * 101, "investment": 1}, "city"),
        ({"investment": 1}, "city"),
        ({"city": "X"}, "investment"),
        ({"city": "X", "investment": 1, "claims": {"jobs": -1}}, "claims.jobs"),
        ({"city": "X", "investment": 1, "claims": {"jobs": 1.5}}, "claims.jobs"),
        ({"city": "X", "investment": 1, "claims": {"bogus": 1}}, "claims.bogus"),
        ({"city": "X", "investment": 1, "period": {"start": 2026, "end": 2024}}, "period"),
        ({"city": "X", "investment": 1, "price_year": 1800}, "price_year"),
        ({"city": "X", "investment": 1, "invesment": 1}, "invesment"),
    ],
)
def test_bad_input_names_the_field(document: dict[str, Any], field: str) -> None:
    assert field in errors_of(document)


def _max_length(schema: dict[str, Any]) -> int:
    return int(next(s["maxLength"] for s in schema.get("anyOf", [schema]) if "maxLength" in s))


def test_text_limits_are_the_documented_ones() -> None:
    """Each text field accepts exactly the length its schema states: notes 4,000, not less."""
    schema = Plan.model_json_schema()
    allocation = schema["$defs"]["Allocation"]["properties"]
    limits = {
        "notes": _max_length(schema["properties"]["notes"]),
        "allocation.notes": _max_length(allocation["notes"]),
        "industries.0": _max_length(schema["properties"]["industries"]["items"]),
    }
    assert limits == {"notes": 4000, "allocation.notes": 4000, "industries.0": 2000}

    def document(field: str, text: str) -> dict[str, Any]:
        base: dict[str, Any] = {"city": "X", "investment": 1}
        if field == "notes":
            return {**base, "notes": text}
        if field == "allocation.notes":
            return {**base, "allocation": {"shares": {"62": 1}, "notes": text}}
        return {**base, "industries": [text]}

    for field, limit in limits.items():
        Plan.model_validate(document(field, "n" * limit))
        assert field in errors_of(document(field, "n" * (limit + 1)))


def test_period_years_are_inclusive() -> None:
    plan = Plan.model_validate(
        {"city": "X", "investment": 1, "period": {"start": 2024, "end": 2026}}
    )
    assert plan.period is not None
    assert plan.period.years == 3


def test_plan_is_immutable() -> None:
    plan = Plan.model_validate({"city": "X", "investment": 1})
    with pytest.raises(ValidationError):
        plan.investment = 2  # type: ignore[misc]


def test_allocation_shares_are_exact_and_add_up_to_one() -> None:
    plan = Plan.model_validate(
        {
            "city": "X",
            "investment": 300,
            "allocation": {"shares": {"62": "0.3333333", "70": 0.6666667}},
        }
    )
    assert plan.allocation is not None
    shares = plan.allocation.shares_of(plan.investment)
    assert sum(shares.values()) == 1


def test_allocation_amounts_give_shares_of_the_investment() -> None:
    plan = Plan.model_validate(
        {
            "city": "X",
            "investment": "1억",
            "allocation": {"amounts": {"62": "6천만", "50": "4천만"}},
        }
    )
    assert plan.allocation is not None
    assert plan.allocation.shares_of(plan.investment) == {
        "62": Fraction(3, 5),
        "50": Fraction(2, 5),
    }


@pytest.mark.parametrize(
    ("allocation", "field"),
    [
        ({"shares": {"62": 0.5, "70": 0.4}}, "allocation"),
        ({"shares": {"62": 1.5}}, "allocation.shares.62"),
        ({"shares": {"62": -0.1, "70": 1.1}}, "allocation.shares.62"),
        ({"shares": {"62": "NaN"}}, "allocation.shares.62"),
        ({"shares": {}}, "allocation"),
        ({"shares": {"62": 1}, "amounts": {"62": 1}}, "allocation"),
        ({}, "allocation"),
        ({"amounts": {"62": "5천만"}}, "allocation"),
        ({"shares": {"6 2": 1}}, "allocation.shares.6 2.[key]"),
    ],
)
def test_bad_allocations_name_the_field(allocation: dict[str, Any], field: str) -> None:
    document = {"city": "X", "investment": "1억", "allocation": allocation}
    assert field in errors_of(document), errors_of(document)


@pytest.mark.parametrize(
    ("city", "bad"),
    [
        ("대전\u200b", "U+200B"),  # zero-width space: format (Cf)
        ("대\n전", "U+000A"),  # control (Cc)
        ("대전\ue000", "U+E000"),  # private use (Co)
        ("대전\U000e0001", "U+E0001"),  # language tag: format (Cf)
    ],
)
def test_control_and_format_characters_are_refused(city: str, bad: str) -> None:
    msg = errors_of({"city": city, "investment": 1})["city"]
    assert bad in msg


@pytest.mark.parametrize("city", ["대전\u00a0광역시", "Sejong\u3000City", "세종 Sejong"])
def test_spaces_that_are_not_printable_are_still_accepted(city: str) -> None:
    """No-break and ideographic spaces are separators (Z*), not control characters."""
    assert Plan.model_validate({"city": city, "investment": 1}).city == city


@pytest.mark.parametrize(
    ("city", "bad"),
    [
        ("세종\u2028Sejong", "U+2028"),  # line separator (Zl): breaks a line wherever shown
        ("세종\u2029Sejong", "U+2029"),  # paragraph separator (Zp)
        ("\u0301\u0301", "U+0301"),  # nothing but combining marks: renders as stray accents
        ("\u0308x", "U+0308"),  # a mark with no letter before it
    ],
)
def test_separators_and_lone_marks_are_refused(city: str, bad: str) -> None:
    assert bad in errors_of({"city": city, "investment": 1})["city"]


def test_a_letter_with_its_combining_mark_is_accepted() -> None:
    assert Plan.model_validate({"city": "Se\u0301jong", "investment": 1}).city == "Séjong"


SHARES = "allocation.shares.70"


@pytest.mark.parametrize(
    "share",
    [
        "1E-10000000",  # a valid Decimal whose exact fraction has ten million digits
        "1e-31",
        "0." + "0" * 30 + "1",  # 31 decimal places
        "1" * 32,
        "١",  # ARABIC-INDIC DIGIT ONE: Decimal reads it as 1
        "1_0",  # Decimal reads it as 10
        "-0",
        "+0.5",
        " ",
        "0x1",
        1e-300,
        True,
    ],
)
def test_shares_are_bounded_by_digits_and_exponent(share: object) -> None:
    started = time.perf_counter()
    errors = errors_of(
        {"city": "X", "investment": 1, "allocation": {"shares": {"62": 1, "70": share}}}
    )
    assert SHARES in errors, errors
    assert time.perf_counter() - started < 0.05  # used to take 19.9 s of CPU downstream


@given(st.floats(min_value=0.0, max_value=1.0, exclude_min=True))
def test_a_float_share_is_the_decimal_of_its_repr_within_the_bounds(share: float) -> None:
    exact = Decimal(repr(share))
    digits, exponent = exact.as_tuple()[1:]
    assert isinstance(exponent, int)
    if len(digits) <= MAX_SHARE_PLACES and -exponent <= MAX_SHARE_PLACES:
        assert TypeAdapter(Share).validate_python(share) == exact
    else:
        with pytest.raises(ValidationError, match="at most 30 decimal places"):
            TypeAdapter(Share).validate_python(share)


@pytest.mark.parametrize(
    "share", ["0.25", ".25", "2.5e-1", "25E-2", 0.25, "0.250000000000000000000000000000"]
)
def test_ordinary_shares_are_exact(share: object) -> None:
    allocation = {"shares": {"62": "0.75", "70": share}}
    plan = Plan.model_validate({"city": "X", "investment": 4, "allocation": allocation})
    assert plan.allocation is not None
    assert plan.allocation.shares_of(4)["70"] == Fraction(1, 4)


@pytest.mark.parametrize(
    ("share", "exact"),
    [("25%", "0.25"), ("12.5 %", "0.125"), ("100%", "1"), ("0%", "0"), (" 2.5e1% ", "0.25")],
)
def test_a_share_may_be_written_as_a_percentage(share: str, exact: str) -> None:
    """As the page's form takes it ('40%'): the number before '%' by the share rule, / 100."""
    assert read_share(share) == Decimal(exact)


@given(st.integers(0, 10**28), st.integers(0, 28))
def test_a_percentage_is_the_hundredth_of_its_number(digits: int, places: int) -> None:
    """Exactly, to the 30 places a share may have (Decimal's scaleb rounded past 28 digits:
    '99.999999999999999999999999999%' was stored as 1)."""
    number = Decimal(digits).scaleb(-places)
    if number > 100:
        return
    share = read_share(f"{number:f}%")
    assert Fraction(share) == Fraction(number) / 100
    with localcontext() as context:
        context.prec = 100  # enough for the quotient to be exact
        assert share == read_share(f"{number / 100:f}")


def test_a_percentage_beyond_the_places_of_a_share_is_refused() -> None:
    with pytest.raises(ValidationError, match="at most 30 decimal places"):
        read_share("0.123456789012345678901234567891%")  # 0.00123…: 32 places
    assert read_share("99.999999999999999999999999999%") < 1


@pytest.mark.parametrize(
    ("share", "kind"),
    [("-5%", "share_negative"), ("%", "share_text"), ("50%%", "share_text"),
     ("101%", "less_than_equal"), ("half", "share_text")],
)  # fmt: skip
def test_a_bad_percentage_is_named_as_a_bad_share(share: str, kind: str) -> None:
    with pytest.raises(ValidationError) as info:
        read_share(share)
    assert [e["type"] for e in info.value.errors()] == [kind]


@pytest.mark.parametrize(
    ("jobs", "why"),
    [
        (1e308, "2^53"),  # a float: exact only below 2^53
        (10**25, "10^24"),  # an integer: bounded like money
        (True, "boolean"),
    ],
)
def test_head_counts_are_bounded_whatever_their_json_type(jobs: object, why: str) -> None:
    assert why in errors_of({"city": "X", "investment": 1, "claims": {"jobs": jobs}})["claims.jobs"]


@pytest.mark.parametrize(
    ("jobs", "position"),
    [("1,998명.", 6), ("1998명분", 5), ("1,998명 이상", 7), ("2000 Jobs total", 10), ("3개사!", 3)],
)
def test_text_after_a_counts_unit_is_what_is_blamed(jobs: str, position: int) -> None:
    """The unit ends a count: '1,998명.' blamed the accepted '명' at 5, not the '.' at 6."""
    with pytest.raises(ValidationError) as info:
        Plan.model_validate({"city": "X", "investment": 1, "claims": {"jobs": jobs}})
    [issue] = field_issues(info.value.errors())
    assert f"unexpected character {jobs[position]!r} at position {position}" in issue.message
    assert f"단위 뒤에 다른 글자가 있습니다 (인원·개수는 단위로 끝납니다) (위치 {position}," in (
        issue.message_ko
    )


def test_a_word_that_starts_like_a_unit_is_no_unit() -> None:
    with pytest.raises(ValidationError) as info:
        Plan.model_validate({"city": "X", "investment": 1, "claims": {"jobs": "1998 jobsite"}})
    [issue] = field_issues(info.value.errors())
    assert "unexpected character 'j' at position 5" in issue.message
    assert "unit" not in issue.message


def test_integral_floats_still_count() -> None:
    plan = Plan.model_validate({"city": "X", "investment": 1, "claims": {"jobs": 1998.0}})
    assert plan.claims.jobs == 1998


@pytest.mark.parametrize(
    ("share", "kind"),
    [
        (-1, "share_negative"),
        (Decimal("-0.000001"), "share_negative"),
        (Decimal("1.000001"), "less_than_equal"),
        ("1.0000001", "less_than_equal"),
        (3, "less_than_equal"),
        (1.5, "less_than_equal"),
        (-0.5, "share_negative"),
        (float("inf"), "share_text"),
    ],
)
def test_a_share_outside_zero_to_one_is_named(share: object, kind: str) -> None:
    with pytest.raises(ValidationError) as info:
        read_share(share)
    assert [e["type"] for e in info.value.errors()] == [kind]


@pytest.mark.parametrize(
    ("share", "exact"),
    [
        (0, "0"),
        (0.0, "0.0"),
        (-0.0, "0.0"),  # zero: it was refused for its text's sign ("ASCII digits")
        (1, "1"),
        (1.0, "1.0"),
        ("1", "1"),
        (Decimal(0), "0"),
        (1e-30, "1E-30"),
    ],
)
def test_the_ends_of_zero_to_one_are_shares(share: object, exact: str) -> None:
    assert read_share(share) == Decimal(exact)
    assert str(read_share(share)) == exact


_NEGATIVE = st.integers(max_value=-1)


@given(
    amount=st.one_of(
        _NEGATIVE,
        _NEGATIVE.map(Decimal),
        _NEGATIVE.map(float),
        _NEGATIVE.map(str),
        _NEGATIVE.map(lambda n: f"약 {n:,}원"),
    ),
    where=st.sampled_from(
        [
            ("investment",),
            ("claims", "production_inducement"),
            ("claims", "value_added_inducement"),
            ("claims", "total_effect"),
            ("claims", "jobs"),
            ("projects",),
            ("allocation", "amounts", "62"),
        ]
    ),
)
def test_no_amount_or_count_is_negative_however_written(
    amount: object, where: tuple[str, ...]
) -> None:
    document: dict[str, Any] = {"city": "X", "investment": 10**9}
    node = document
    for key in where[:-1]:
        node = node.setdefault(key, {})
    node[where[-1]] = amount
    assert ".".join(where) in errors_of(document)


_PLACES = st.sampled_from(
    [
        ("investment",),
        ("claims", "production_inducement"),
        ("claims", "value_added_inducement"),
        ("claims", "total_effect"),
        ("claims", "jobs"),
        ("claims", "startups"),
        ("projects",),
        ("allocation", "amounts", "62"),
    ]
)


def _outcome(document: dict[str, Any], where: tuple[str, ...]) -> object:
    """The figure at ``where`` as validated, or the places refused (dotted)."""
    try:
        plan = Plan.model_validate(document)
    except ValidationError as error:
        return sorted(".".join(map(str, e["loc"])) for e in error.errors())
    node: Any = plan
    for key in where:
        node = node[key] if isinstance(node, dict) else getattr(node, key)
    return node


def _placed(amount: object, where: tuple[str, ...]) -> dict[str, Any]:
    investment = amount if where == ("investment",) else 10**9
    document: dict[str, Any] = {"city": "X", "investment": investment}
    if where[0] == "allocation":  # the amounts must add up to the investment
        document["investment"] = amount
        document["allocation"] = {"amounts": {"62": amount}}
        return document
    node = document
    for key in where[:-1]:
        node = node.setdefault(key, {})
    node[where[-1]] = amount
    return document


@example(amount=0, where=("allocation", "amounts", "62"))  # refused as an investment of 0
@given(
    amount=st.one_of(
        st.integers(-3, 3),
        st.integers(-(10**30), 10**30),
        st.integers(10**24 - 3, 10**24 + 3),
        st.sampled_from([2**53, 2**63, 2**64, -(2**63)]),
    ),
    where=_PLACES,
)
def test_an_integer_reads_as_its_decimal_text_does(amount: int, where: tuple[str, ...]) -> None:
    """Every amount and count read from an int is the one read from its digits: the same
    figure, or an error at the same place (integers take a shorter way in)."""
    as_int = _outcome(_placed(amount, where), where)
    as_text = _outcome(_placed(str(amount), where), where)
    if isinstance(as_text, int):
        assert as_int == as_text and type(as_int) is int
    else:  # refused at the same places (the int by pydantic's own ge=0, the text by ours)
        assert as_int == as_text


@given(
    texts=st.dictionaries(
        st.sampled_from(["investment", "projects", "jobs", "startups", "total_effect"]),
        st.one_of(
            st.lists(
                st.sampled_from(
                    ["약 ", "~", "1,704", "억", "여", "원", " 내외", "명", "about ", "x"]
                ),
                max_size=5,
            ).map("".join),
            st.integers(0, 10**6),
            st.none(),
        ),
    )
)
def test_the_estimates_found_are_the_texts_that_mark_one(texts: dict[str, object]) -> None:
    claims = {k: v for k, v in texts.items() if k in ("jobs", "startups", "total_effect")}
    top = {k: texts.get(k) for k in ("investment", "projects")}
    written = {**top, **{f"claims.{name}": text for name, text in claims.items()}}
    expected = [
        path
        for path in APPROXIMABLE
        if isinstance(text := written.get(path), str) and split_approximate(text)[1]
    ]
    data = {**top, "claims": claims}
    assert _written_approximate(data) == expected
