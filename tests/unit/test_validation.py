"""Validation errors for people: every field listed, English and Korean, "did you mean"."""

from __future__ import annotations

import difflib
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, ValidationError

from impact.errors import InvalidInputError, MoneyParseError, NotFoundError
from impact.money import parse_krw
from impact.plan import Claims, Plan
from impact.scenario.adjustments import Adjustment
from impact.validation import (
    FieldIssue,
    error_detail_ko,
    error_message_ko,
    field_issues,
    money_message_ko,
    suggest_field,
    summary,
)

HANGUL = re.compile(r"[가-힣]")


def _issues(document: Any, model: Any = Plan) -> list[FieldIssue]:
    with pytest.raises(ValidationError) as caught:
        Plan.model_validate(document) if model is Plan else model.model_validate(document)
    return field_issues(caught.value.errors(), model)


def test_every_invalid_field_is_listed_in_both_languages() -> None:
    issues = _issues(
        {
            "city": "",
            "investmnet": "1,704억원",
            "announced": "soon",
            "claims": {"jbos": 5, "production_inducement": "억억"},
            "period": {"start": 2026, "end": 2024},
        }
    )
    assert [i.field for i in issues] == [
        "city", "announced", "period", "investment", "claims.production_inducement",
        "claims.jbos", "investmnet",
    ]  # fmt: skip
    for issue in issues:
        assert issue.message and HANGUL.search(issue.message_ko), issue
        assert "{" not in issue.message_ko, issue  # every template was filled
    by_field = {i.field: i for i in issues}
    assert by_field["investmnet"].did_you_mean == "investment"
    assert by_field["claims.jbos"].did_you_mean == "jobs"
    assert "'investmnet' was given" in by_field["investment"].message
    assert "잘못 쓴" in by_field["investment"].message_ko
    assert by_field["period"].message_ko == "period.end(2024)가 period.start(2026)보다 앞섭니다"


@pytest.mark.parametrize("investment", [0, "0", "0원"])
def test_a_zero_investment_is_refused_in_korean_words(investment: object) -> None:
    """It was ``값이 올바르지 않습니다: must be greater than zero``: the English quoted."""
    [issue] = _issues({"city": "세종", "investment": investment})
    assert issue.field == "investment"
    assert issue.message_ko == "0보다 커야 합니다"


def test_an_unknown_key_without_a_close_name_lists_the_fields() -> None:
    [issue] = _issues({"city": "x", "investment": 1, "colour": "red"})
    assert issue.did_you_mean is None
    assert "city" in issue.message and "investment" in issue.message
    assert "쓸 수 있는 항목" in issue.message_ko


def _one_typo(name: str) -> list[str]:
    """Every string one deletion or one adjacent transposition away from ``name``."""
    deletions = [name[:i] + name[i + 1 :] for i in range(len(name))]
    swaps = [name[:i] + name[i + 1] + name[i] + name[i + 2 :] for i in range(len(name) - 1)]
    return [t for t in deletions + swaps if t != name]


@pytest.mark.parametrize(("model", "loc"), [(Plan, ()), (Claims, ())])
def test_one_typo_of_any_field_suggests_the_field(model: type[BaseModel], loc: tuple[()]) -> None:
    names = list(model.model_fields)
    for name in names:
        for typo in _one_typo(name):
            if typo in names or len(name) < 5:
                continue
            expected = difflib.get_close_matches(typo, names, n=1, cutoff=0.6)
            assert suggest_field(model, (*loc, typo)) == (expected[0] if expected else None)
            assert expected == [name] or len(name) <= 6, (typo, expected)


class _Document(BaseModel):
    model_config = ConfigDict(extra="forbid")

    adjustments: list[Adjustment]
    plans: dict[str, Plan] = {}


def test_suggestions_inside_tagged_unions_lists_and_dicts() -> None:
    issues = _issues(
        {
            "adjustments": [{"type": "shift_allocation", "from": "62", "too": "51", "share": 1}],
            "plans": {"a": {"city": "x", "investment": 1, "sourcse": []}},
        },
        _Document,
    )
    suggested = {i.field: i.did_you_mean for i in issues if i.did_you_mean}
    assert suggested == {"adjustments.0.too": "to", "plans.a.sourcse": "sources"}
    assert suggest_field(_Document, ("adjustments", 0, "<shift_allocation>", "form")) == "from"


BAD_MONEY = [
    "억억", "1억 2억", "-5억", "1.5억원 3천만", "1,5억", "1e9", "nan", "천만원", "2억 1조",
    "5B억", "12abc", "", "1.", "1억 20,000만", "0.5", "1조조", "3억 5천", "1.000억",
]  # fmt: skip


def test_a_dotted_thousand_says_what_to_write_in_korean() -> None:
    with pytest.raises(MoneyParseError) as caught:
        parse_krw("12.500억")
    korean = money_message_ko(caught.value.detail, caught.value.extra.get("position"))
    assert korean == (
        "금액을 읽을 수 없습니다: '.' 뒤에 세 자리가 있어 천 단위 구분인지 소수점인지 알 수 "
        '없습니다: 천 단위면 1조 2,500억, 소수면 12억 5,000만처럼 쓰세요 (위치 2, "12.500억")'
    )


def test_an_ambiguous_last_number_gets_both_readings_in_korean() -> None:
    with pytest.raises(MoneyParseError) as caught:
        parse_krw("3억 5천")
    korean = money_message_ko(caught.value.detail, caught.value.extra.get("position"))
    assert "'만'을(를) 붙이면 350,000,000원, '원'으로 끝내면 300,005,000원" in korean
    assert korean.endswith('(위치 3, "3억 5천")')


@pytest.mark.parametrize("text", BAD_MONEY)
def test_every_money_error_has_a_specific_korean_reason(text: str) -> None:
    with pytest.raises(MoneyParseError) as caught:
        parse_krw(text)
    korean = money_message_ko(caught.value.detail, caught.value.extra.get("position"))
    assert korean.startswith("금액을 읽을 수 없습니다: ")
    assert "형식이 올바르지 않습니다" not in korean, (text, caught.value.detail)


def test_core_errors_and_summaries_in_korean() -> None:
    assert error_detail_ko(NotFoundError("no plan 'x'", field="plan.id")) == (
        "plan.id: 찾을 수 없습니다: no plan 'x'"
    )
    assert error_detail_ko(NotFoundError("no plan 'x'")) == "찾을 수 없습니다: no plan 'x'"
    money = MoneyParseError('unit \'억\' appears twice (position 1) in "억억"', field="investment",
                            text="억억", position=1)  # fmt: skip
    assert error_detail_ko(money).startswith("investment: 금액을 읽을 수 없습니다: 같은 단위")
    grid = InvalidInputError("Input should be less than or equal to 1 (value 2)", field="grid.x",
                             message_ko="1 이하여야 합니다 (받은 값: 2)")  # fmt: skip
    assert error_message_ko(grid) == "1 이하여야 합니다 (받은 값: 2)"
    assert error_detail_ko(grid) == "grid.x: 1 이하여야 합니다 (받은 값: 2)"
    issues = [FieldIssue(f"f{i}", f"bad {i}", f"나쁨 {i}") for i in range(7)]
    assert summary(issues, "en").endswith("f4: bad 4; and 2 more")
    assert summary(issues, "ko").endswith("f4: 나쁨 4; 외 2건")


@pytest.mark.parametrize(
    ("claims", "english", "korean"),
    [
        ({"jobs": "1.5명"}, "a count is a whole number, got 1.5명", "인원·개수는 정수여야 합니다"),
        ({"startups": 2.5}, "a count is a whole number, got 2.5", "인원·개수는 정수여야 합니다"),
        ({"jobs": True}, "a boolean (true) is not a number", "참/거짓 값(true)은 숫자가 아닙니다"),
        # the money reader's rules, in a count's words (they said "amounts", "금액")
        ({"jobs": "-3"}, 'negative counts are not allowed (sign at position 0) in "-3"',
         "인원·개수를 읽을 수 없습니다: 음수 인원·개수는 받지 않습니다 (위치 0"),
        ({"jobs": "3만6x00명"}, "unexpected character 'x' at position 3 in \"3만6x00명\"",
         "인원·개수를 읽을 수 없습니다: 인원·개수로 읽을 수 없는 글자가 있습니다"),
        ({"startups": ""}, "empty count",
         "인원·개수를 읽을 수 없습니다: 인원·개수가 비어 있습니다"),
        # a count's limit is a number, not won (it said "… won" / "(한도 10^24원)")
        ({"jobs": 10**30}, f"count too large (the limit is 10^24 = {10**24:,})",
         "인원·개수를 읽을 수 없습니다: 인원·개수가 너무 큽니다 (한도 10^24)"),
        # the text is quoted as written, whatever words it holds
        ({"jobs": "amount 5"}, "unexpected character 'a' at position 0 in \"amount 5\"",
         "인원·개수를 읽을 수 없습니다: 인원·개수로 읽을 수 없는 글자가 있습니다"),
        ({"jobs": "금액 5"}, "unexpected character '금' at position 0 in \"금액 5\"",
         ("인원·개수를 읽을 수 없습니다: 인원·개수로 읽을 수 없는 글자가 있습니다 "
          '(위치 0, "금액 5")')),
        # an amount pasted into a count: the money reader would read it as a number of persons
        ({"jobs": "1,998억원"}, ("'1,998억원' is written as money ('억' at position 5): give a "
         "count as a number of persons or units, such as 1998 or '1,998명'"),
         "'1,998억원'은(는) 금액처럼 쓰였습니다(위치 5의 '억')"),
        ({"startups": "₩2,000"}, ("'₩2,000' is written as money ('₩' at position 0): give a "
         "count as a number of persons or units, such as 1998 or '1,998명'"),
         "'₩2,000'은(는) 금액처럼 쓰였습니다(위치 0의 '₩')"),
    ],
)  # fmt: skip
def test_a_count_is_refused_in_its_own_words(
    claims: dict[str, object], english: str, korean: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        Plan.model_validate({"city": "x", "investment": 1, "claims": claims})
    [issue] = field_issues(caught.value.errors(), Plan)
    assert (issue.message, issue.message_ko.startswith(korean)) == (english, True)


def test_a_text_too_long_counts_characters() -> None:
    with pytest.raises(ValidationError) as caught:
        Plan.model_validate({"city": "x", "investment": 1, "notes": "가" * 4001})
    [issue] = field_issues(caught.value.errors(), Plan)
    assert issue.message == "Value should have at most 4000 characters after validation, not 4001"
    assert issue.message_ko == "4000자 이하여야 합니다"


@given(
    st.integers(0, 10**9),
    st.sampled_from(
        [
            "{n:,}원",
            "₩{n:,}",
            "KRW {n}",
            "{n} won",
            "{n:,}억원",
            "약 {n:,}원",
            "{n} Won",
            "{n}won",
            "KRW{n:,}",
            "{n}Bwon",
            "{n:,}억",
            "{n}조명",
        ]
    ),
    st.sampled_from(["jobs", "startups"]),
)
def test_a_count_written_as_money_is_refused_and_as_a_count_is_read(
    n: int, money: str, name: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        Plan.model_validate({"city": "x", "investment": 1, "claims": {name: money.format(n=n)}})
    [error] = caught.value.errors()
    assert (error["type"], error["loc"]) == ("count_currency", ("claims", name))
    for count in (f"{n:,}명", f"{n}", f"약 {n:,}개"):
        plan = Plan.model_validate({"city": "x", "investment": 1, "claims": {name: count}})
        assert getattr(plan.claims, name) == n


@pytest.mark.parametrize("share", [-0.5, "-0.5", "-1e-3", -1, -3, -(10**30)])
def test_a_negative_share_is_said_to_be_negative(share: object) -> None:
    """It said "a share is a decimal number in ASCII digits …, got '-0.5'" (the sign is not
    among the digits a share's text may have)."""
    with pytest.raises(ValidationError) as caught:
        Plan.model_validate(
            {"city": "x", "investment": 1, "allocation": {"shares": {"62": share, "41": 0.5}}}
        )
    [issue] = field_issues(caught.value.errors(), Plan)
    assert issue.field == "allocation.shares.62"
    assert issue.message == f"a share cannot be negative, got '{share}'"
    assert issue.message_ko == f"배분 비율은 음수일 수 없습니다 (받은 값: '{share}')"


def test_a_negative_zero_share_is_zero() -> None:
    plan = Plan.model_validate(
        {"city": "x", "investment": 1, "allocation": {"shares": {"62": -0.0, "41": 1}}}
    )
    assert plan.allocation is not None
    assert plan.allocation.shares == {"62": Decimal(0), "41": Decimal(1)}
