"""Amounts as the press writes an estimate: ``약 500억원``, ``500억여원``, ``~₩50B``.

Each expected amount is written out by hand (the independent computation); the
approximate reader must give the exact integer and say it was approximate, and every
exact form must read as :func:`impact.money.parse_krw` reads it.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from impact.errors import MoneyParseError
from impact.money import parse_krw, read_krw, split_approximate
from impact.plan import APPROXIMABLE, Plan
from impact.report import evaluate
from impact.scenario.adjustments import SetInvestment
from impact.scenario.state import apply_adjustments

EOK = 100_000_000

APPROXIMATE = [
    ("약 500억원", 500 * EOK),
    ("약500억원", 500 * EOK),
    ("500억여원", 500 * EOK),
    ("500억여 원", 500 * EOK),
    ("50여억원", 50 * EOK),
    ("1조여원", 10_000 * EOK),
    ("500억 원 규모", 500 * EOK),
    ("500억원 규모", 500 * EOK),
    ("500억원 가량", 500 * EOK),
    ("500억원가량", 500 * EOK),
    ("약 5천억", 5_000 * EOK),
    ("약 5천억 원 정도", 5_000 * EOK),
    ("1조 원 안팎", 10_000 * EOK),
    ("2,000억원 내외", 2_000 * EOK),
    ("300억원 남짓", 300 * EOK),
    ("대략 1.5조", 15_000 * EOK),
    ("~₩50B", 50_000_000_000),
    ("～500억원", 500 * EOK),
    ("≈ ₩170.4B", 170_400_000_000),
    ("about ₩50 billion", 50_000_000_000),
    ("About KRW 2.8 trillion", 2_800_000_000_000),
    ("around 170.4bn", 170_400_000_000),
    ("approx. ₩85.3M", 85_300_000),
    ("approximately 3K", 3_000),
    ("roughly ₩1T", 1_000_000_000_000),
]


@pytest.mark.parametrize(("text", "won"), APPROXIMATE)
def test_approximate_forms_read_exactly_and_are_flagged(text: str, won: int) -> None:
    assert read_krw(text) == (won, True)
    blanked, found = split_approximate(text)
    assert found and len(blanked) == len(text)
    assert parse_krw(blanked) == won


EXACT = [
    "1억2천만원", "1,704억원", "2조 8000억원", "2조8천억원", "6.6조", "100백만원",
    "₩170.4B", "KRW 170.4 billion", "170.4bn", "2.8T", "₩85.3M", "3K", "170400000000",
]  # fmt: skip


@pytest.mark.parametrize("text", EXACT)
def test_exact_forms_read_as_today(text: str) -> None:
    assert read_krw(text) == (parse_krw(text), False)
    assert split_approximate(text) == (text, False)


@pytest.mark.parametrize(
    ("text", "blanked", "found"),
    [
        # a word marker ends where the letters end: "aboutx" is no "about"
        ("aboutx 5억", "aboutx 5억", False),
        ("aboutx5억", "aboutx5억", False),
        ("approximatelyish 3K", "approximatelyish 3K", False),
        ("about5억", "     5억", True),  # a digit, not a letter, follows
        ("About₩5B", "     ₩5B", True),
        ("about", "     ", True),  # the text ends with the marker
        # a suffix right after a one-character amount
        ("5가량", "5  ", True),
        ("5억여", "5억 ", True),
    ],
)
def test_where_a_marker_may_stand(text: str, blanked: str, found: bool) -> None:
    assert split_approximate(text) == (blanked, found)


@pytest.mark.parametrize("number", [-1, -1.0, 10**25])
def test_a_bad_number_names_its_field(number: float) -> None:
    with pytest.raises(MoneyParseError) as caught:
        read_krw(number, field="claims.production_inducement")
    assert caught.value.field == "claims.production_inducement"


@pytest.mark.parametrize("number", [170_400_000_000, 170_400_000_000.0])
def test_numbers_are_never_approximate(number: float) -> None:
    assert read_krw(number) == (170_400_000_000, False)


@pytest.mark.parametrize(
    "text",
    ["500억+", "약", "약 억", "여500억", "500억 규모 규모", "abouts 5억", "약 약 5억", "~~5억"],
)
def test_what_is_not_an_estimate_is_refused(text: str) -> None:
    with pytest.raises(MoneyParseError):
        read_krw(text)


def test_an_error_quotes_the_text_as_given_with_its_position() -> None:
    with pytest.raises(MoneyParseError) as caught:
        read_krw("약 5억억", field="investment")
    assert caught.value.field == "investment"
    assert caught.value.extra == {"text": "약 5억억", "position": 4}
    assert '"약 5억억"' in caught.value.detail and "position 4" in caught.value.detail
    assert "약 5억억"[4] == "억"


@pytest.mark.parametrize(
    ("text", "bad"),
    [("3만6000명명", "명"), ("약 3만6x00명", "x"), ("  20y0 jobs ", "y"), ("약 1z개사", "z")],
)
def test_a_count_error_quotes_the_text_as_written_and_points_into_it(text: str, bad: str) -> None:
    """The marker and the suffix are cut before reading, but the error still quotes what the
    client wrote, and its position is the bad character's place in it."""
    with pytest.raises(ValidationError) as caught:
        Plan.model_validate({"city": "x", "investment": 1, "claims": {"jobs": text}})
    (error,) = caught.value.errors()
    context = error.get("ctx") or {}
    assert error["loc"] == ("claims", "jobs")
    assert context["detail"].endswith(f' in "{text}"')
    assert text[context["position"]] == bad
    assert f"position {context['position']}" in context["detail"]


# ------------------------------------------------------------------------------- plans

BUSAN: dict[str, Any] = {
    "city": "부산",
    "investment": "약 500억원",
    "period": {"start": 2024, "end": 2026},
    "claims": {"jobs": "2,000여명", "production_inducement": "1조 원 규모", "startups": "12개"},
}


def test_the_plan_lists_its_estimates_and_keeps_exact_won() -> None:
    plan = Plan.model_validate(BUSAN)
    assert plan.investment == 500 * EOK
    assert plan.claims.jobs == 2_000
    assert plan.claims.production_inducement == 10_000 * EOK
    assert plan.approximate == ("investment", "claims.production_inducement", "claims.jobs")
    again = Plan.model_validate_json(plan.model_dump_json())  # a saved plan keeps the list
    assert again == plan


def test_an_exact_plan_has_no_list_in_its_document() -> None:
    plan = Plan.model_validate({**BUSAN, "investment": 500 * EOK, "claims": {"jobs": 2000}})
    assert plan.approximate == ()
    assert "approximate" not in plan.model_dump(mode="json")


def test_the_displays_say_about() -> None:
    report = evaluate(Plan.model_validate(BUSAN))
    assert report.display["investment"].model_dump() == {"ko": "약 500억원", "en": "about ₩50B"}
    jobs = report.display["claims.jobs"]
    assert jobs.model_dump() == {"ko": "약 2,000명", "en": "about 2,000 jobs"}
    assert report.display["claims.startups"].model_dump() == {"ko": "12개", "en": "12 startups"}
    cost = report.metrics["cost_per_job_krw"]
    assert cost.value == 500 * EOK // 2_000
    assert cost.display is not None and cost.display.ko == "약 2,500만원"
    per_billion = report.metrics["jobs_per_billion_krw"].display
    assert per_billion is not None and per_billion.ko == "10억원당 약 40.0명"
    per_startup = report.metrics["cost_per_startup_krw"].display  # investment is approximate
    assert per_startup is not None and per_startup.en.startswith("about ")


@pytest.mark.parametrize(
    ("investment", "production", "ko", "en"),
    [
        ("약 2조원", "약 3.2조원", "약 1.6배", "about 1.6×"),  # 1.6000: four places it lacks
        ("약 3조원", "약 1조원", "약 0.33배", "about 0.33×"),  # 0.3333…
        ("약 1조원", "약 1조원", "약 1.0배", "about 1.0×"),
        ("약 3조원", "2조원", "약 0.67배", "about 0.67×"),  # one estimate is enough
        ("약 1조원", "3억원", "약 0.00030배", "about 0.00030×"),  # not "0": digits, not places
        ("약 3억원", "1조원", "약 3,300배", "about 3,300×"),  # not "3,333.33"
        ("3조원", "2조원", "0.6667배", "0.6667×"),  # exact: four places
    ],
)
def test_a_ratio_of_estimates_has_two_significant_digits(
    investment: str, production: str, ko: str, en: str
) -> None:
    plan = Plan.model_validate({"city": "부산", "investment": investment,
                                "claims": {"production_inducement": production}})  # fmt: skip
    shown = evaluate(plan).metrics["production_multiplier"].display
    assert shown is not None and (shown.ko, shown.en) == (ko, en)


def test_a_client_may_state_the_list_and_unknown_paths_are_named() -> None:
    stated = Plan.model_validate({**BUSAN, "investment": 1, "approximate": ["investment"]})
    assert stated.approximate[0] == "investment"
    with pytest.raises(ValidationError) as caught:
        Plan.model_validate({**BUSAN, "approximate": ["city"]})
    assert [e["loc"] for e in caught.value.errors()] == [("approximate", 0)]


@given(
    listed=st.lists(st.sampled_from(APPROXIMABLE), unique=True),
    figures=st.sets(st.sampled_from(APPROXIMABLE[1:])),
)
def test_only_figures_the_plan_states_stay_listed(listed: list[str], figures: set[str]) -> None:
    """An estimate of a figure the plan does not state is dropped from the list (it would
    mark nothing); the rest keep the canonical order. Checked against the document itself."""
    document: dict[str, Any] = {"city": "x", "investment": 100, "claims": {}, "approximate": listed}
    for path in figures:
        head, _, tail = path.partition(".")
        (document["claims"] if tail else document)[tail or head] = 7
    kept = Plan.model_validate(document).approximate
    present = {"investment", *figures}
    assert kept == tuple(p for p in APPROXIMABLE if p in listed and p in present)


@pytest.mark.parametrize(
    "document",
    [
        {"city": "x", "investment": 100, "allocation": {"amounts": {"62": "약 100"}}},
        {"city": "x", "investment": 100, "allocation": {"amounts": {"62": "100여"}}},
    ],
)
def test_allocation_amounts_must_be_exact(document: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        Plan.model_validate(document)
    [error] = caught.value.errors()
    assert error["type"] == "money_approximate"
    assert error["loc"] == ("allocation", "amounts", "62")


def test_setting_an_exact_investment_drops_the_estimate() -> None:
    plan = Plan.model_validate({**BUSAN, "allocation": {"shares": {"62": 1}}})
    state = apply_adjustments(plan, [SetInvestment(amount=400 * EOK)])
    assert state.plan.approximate == ("claims.production_inducement", "claims.jobs")
    with pytest.raises(ValidationError):
        SetInvestment.model_validate({"amount": "약 400억원"})


@pytest.mark.parametrize("value", ["0", 0, "약 0원", "0원 가량"])
def test_the_reader_passes_its_field_and_zero_rule_on(value: object) -> None:
    assert read_krw(value) == (0, isinstance(value, str) and value not in {"0"})  # type: ignore[arg-type]
    with pytest.raises(MoneyParseError) as caught:
        read_krw(value, field="investment", allow_zero=False)  # type: ignore[arg-type]
    assert caught.value.field == "investment"
    assert caught.value.detail == "must be greater than zero"


@pytest.mark.parametrize("text", ["12abc", "약 12abc"])
def test_the_reader_names_the_field_of_bad_text(text: str) -> None:
    with pytest.raises(MoneyParseError) as caught:
        read_krw(text, field="claims.jobs")
    assert caught.value.field == "claims.jobs"
