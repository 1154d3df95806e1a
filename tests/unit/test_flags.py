"""Arithmetic flags on claims."""

from __future__ import annotations

from typing import Any

from impact.flags import check_claims
from impact.plan import Plan
from impact.seeds import load_seed_plans


def codes(**claims: Any) -> list[str]:
    plan = Plan.model_validate(
        {"city": "X", "investment": claims.pop("investment", "1조"), "claims": claims}
    )
    return [flag.code for flag in check_claims(plan)]


def test_daejeon_total_is_double_counted() -> None:
    flags = check_claims(load_seed_plans()["daejeon-2018"])
    double = next(f for f in flags if f.code == "double_counted_total")
    assert double.severity == "error"
    assert "₩6.6T" in double.message_en
    assert "6조 6,000억원" in double.message_ko
    assert "claims.total_effect" in double.fields


def test_sejong_raises_no_error() -> None:
    flags = check_claims(load_seed_plans()["sejong-2024"])
    assert [f.severity for f in flags if f.severity == "error"] == []
    assert {f.code for f in flags} == {"jobs_basis_unstated", "gross_effects_only"}


def test_double_count_tolerates_rounding_of_headlines() -> None:
    assert "double_counted_total" in codes(
        production_inducement="4.7조", value_added_inducement="1.9조", total_effect="6.65조"
    )
    assert "double_counted_total" not in codes(
        production_inducement="4.7조", value_added_inducement="1.9조", total_effect="7조"
    )
    assert "total_exceeds_production" in codes(
        production_inducement="4.7조", value_added_inducement="1.9조", total_effect="7조"
    )


def test_value_added_above_spending_and_production() -> None:
    found = codes(production_inducement="1조", value_added_inducement="1.2조")
    assert "value_added_exceeds_spending" in found
    assert "value_added_exceeds_production" in found
    assert "value_added_exceeds_spending" not in codes(value_added_inducement="1조")


def test_production_below_spending() -> None:
    assert "production_below_spending" in codes(production_inducement="9,000억")
    assert "production_below_spending" not in codes(production_inducement="1조")


def test_no_claims_is_info() -> None:
    assert codes() == ["no_claims"]


def test_an_investment_below_one_eok_is_flagged_with_the_unit_it_may_have_lost() -> None:
    # a review typed 1704 for 1,704억원 and got ₩1 a job with no warning
    [flag] = [f for f in check_claims(_plan(1704)) if f.code == "small_investment"]
    assert flag.severity == "warning" and flag.fields == ("investment",)
    assert "₩1.704K" in flag.message_en and "write '1,704억원'" in flag.message_en
    assert "1,704원으로" in flag.message_ko and "'1,704억원'처럼" in flag.message_ko
    [flag] = [f for f in check_claims(_plan("9,999만 9,999원")) if f.code == "small_investment"]
    assert "write" not in flag.message_en  # not a bare headline number: no guess
    for amount in ("1억원", "1,704억원", "₩170.4B"):
        assert "small_investment" not in [f.code for f in check_claims(_plan(amount))]


def _plan(investment: int | str) -> Plan:
    return Plan.model_validate({"city": "세종", "investment": investment, "claims": {"jobs": 1998}})
