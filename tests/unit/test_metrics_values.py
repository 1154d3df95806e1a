"""Every derived metric against a hand computation, and every reason a metric is missing.

The expected numbers are worked out here from the seed plans' published figures (Sejong:
₩170.4B, 37 tasks, ₩290.1B production, ₩124.6B value added, 1,998 jobs; Daejeon: ₩2.8T,
16 tasks, ₩4.7T production, ₩1.9T value added, ₩6.6T "total", 36,000 jobs, 2,000 startups),
not by calling the formula under test. The reasons are the API's user-facing text.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from impact.metrics import MetricValue, compute_metrics, ratio
from impact.plan import Plan
from impact.seeds import load_seed_plans


def metrics_of(**fields: Any) -> dict[str, MetricValue]:
    return compute_metrics(Plan.model_validate({"city": "X", **fields}))


def test_sejong_metrics_the_reference_table_left_out() -> None:
    m = compute_metrics(load_seed_plans()["sejong-2024"])
    # 1,998 jobs / 290.1 (₩bn of production) = 19,980 / 2,901 = 6.8873 persons per ₩1bn
    assert m["jobs_per_billion_krw_of_production"].exact == Fraction(19_980, 2_901)
    assert round(m["jobs_per_billion_krw_of_production"].as_float() or 0, 4) == 6.8873
    # 1,246억 / 2,901억 = 0.4295
    assert m["value_added_share_of_production"].exact == Fraction(1_246, 2_901)
    assert round(m["value_added_share_of_production"].as_float() or 0, 4) == 0.4295
    # ₩170,400,000,000 / 37 tasks = 4,605,405,405.4 → ₩4,605,405,405
    assert m["investment_per_project_krw"].rounded() == 4_605_405_405
    assert m["investment_per_project_krw"].exact == Fraction(170_400_000_000, 37)
    assert m["total_effect_ratio"].exact is None  # no headline total stated


def test_daejeon_metrics_the_reference_table_left_out() -> None:
    m = compute_metrics(load_seed_plans()["daejeon-2018"])
    # 36,000 jobs / 4,700 (₩bn of production) = 360 / 47 = 7.6596
    assert m["jobs_per_billion_krw_of_production"].exact == Fraction(360, 47)
    assert m["value_added_share_of_production"].exact == Fraction(19, 47)  # 1.9T / 4.7T
    assert m["investment_per_project_krw"].rounded() == 175_000_000_000  # 2.8T / 16
    assert m["jobs_per_billion_krw"].exact == Fraction(90, 7)  # 36,000 / 2,800
    assert m["cost_per_startup_krw"].exact == 1_400_000_000  # 2.8T / 2,000


def test_annual_investment_divides_by_the_inclusive_number_of_years() -> None:
    one_year = metrics_of(investment=10**9, period={"start": 2024, "end": 2024})
    assert one_year["annual_investment_krw"].exact == 10**9
    five_years = metrics_of(investment=10**9, period={"start": 2020, "end": 2024})
    assert five_years["annual_investment_krw"].exact == 200_000_000


@pytest.mark.parametrize(
    ("fields", "metric", "reason_en", "reason_ko"),
    [
        ({}, "cost_per_job_krw", "no jobs claim stated", "일자리 주장치가 없음"),
        ({"jobs": 0}, "cost_per_job_krw", "jobs claim is zero", "일자리 주장치가 0"),
        ({}, "jobs_per_billion_krw", "no jobs claim stated", "일자리 주장치가 없음"),
        ({}, "production_multiplier", "no production-inducement claim stated",
         "생산유발효과 주장치가 없음"),
        ({}, "value_added_ratio", "no value-added claim stated", "부가가치유발효과 주장치가 없음"),
        ({"production_inducement": 5}, "value_added_share_of_production",
         "no value-added claim stated", "부가가치유발효과 주장치가 없음"),
        ({"value_added_inducement": 5}, "value_added_share_of_production",
         "no production-inducement claim stated", "생산유발효과 주장치가 없음"),
        ({"value_added_inducement": 5, "production_inducement": 0},
         "value_added_share_of_production", "production-inducement claim is zero",
         "생산유발효과 주장치가 0"),
        ({"production_inducement": 5}, "jobs_per_billion_krw_of_production",
         "no jobs claim stated", "일자리 주장치가 없음"),
        ({"jobs": 5}, "jobs_per_billion_krw_of_production",
         "no production-inducement claim stated", "생산유발효과 주장치가 없음"),
        ({"jobs": 5, "production_inducement": 0}, "jobs_per_billion_krw_of_production",
         "production-inducement claim is zero", "생산유발효과 주장치가 0"),
        ({}, "cost_per_startup_krw", "no startups claim stated", "창업 기업 주장치가 없음"),
        ({"startups": 0}, "cost_per_startup_krw", "startups claim is zero", "창업 기업 주장치가 0"),
        ({}, "total_effect_ratio", "no headline total effect stated", "총 경제효과 주장치가 없음"),
    ],
)  # fmt: skip
def test_a_missing_claim_gives_its_reason(
    fields: dict[str, int], metric: str, reason_en: str, reason_ko: str
) -> None:
    value = metrics_of(investment=10**9, claims=fields)[metric]
    assert (value.exact, value.reason_en, value.reason_ko) == (None, reason_en, reason_ko)


@pytest.mark.parametrize(
    ("fields", "metric", "reason_en", "reason_ko"),
    [
        ({}, "annual_investment_krw", "spending period not stated", "투자 기간이 명시되지 않음"),
        ({}, "investment_per_project_krw", "number of projects not stated",
         "사업(과제) 수가 명시되지 않음"),
        ({"projects": 0}, "investment_per_project_krw", "number of projects is zero",
         "사업(과제) 수가 0"),
    ],
)  # fmt: skip
def test_a_missing_plan_field_gives_its_reason(
    fields: dict[str, int], metric: str, reason_en: str, reason_ko: str
) -> None:
    value = metrics_of(investment=10**9, **fields)[metric]
    assert (value.exact, value.reason_en, value.reason_ko) == (None, reason_en, reason_ko)


def test_ratio_needs_both_inputs_and_a_non_zero_denominator() -> None:
    reasons = {"missing": ("m", "mk"), "zero": ("z", "zk")}
    assert ratio("r", None, 4, **reasons) == MetricValue("r", None, "m", "mk")
    assert ratio("r", 3, None, **reasons) == MetricValue("r", None, "m", "mk")
    assert ratio("r", 3, 0, **reasons) == MetricValue("r", None, "z", "zk")
    assert ratio("r", 0, 4, **reasons) == MetricValue("r", Fraction(0))
    assert ratio("r", 3, Fraction(1, 2), **reasons) == MetricValue("r", Fraction(6))


def test_rounding_and_floats_of_a_missing_value_are_missing() -> None:
    missing = MetricValue("x", None, "m", "mk")
    assert missing.rounded() is None
    assert missing.as_float() is None
    # 2/3 of a won rounds to 1; 0.75 as a float
    assert MetricValue("x", Fraction(2, 3)).rounded() == 1
    assert MetricValue("x", Fraction(3, 4)).as_float() == 0.75


def test_every_value_carries_the_name_it_is_reported_under() -> None:
    # the API's metric keys, as documented: each value names itself with its own key
    names = [
        "cost_per_job_krw",
        "jobs_per_billion_krw",
        "production_multiplier",
        "value_added_ratio",
        "value_added_share_of_production",
        "annual_investment_krw",
        "jobs_per_billion_krw_of_production",
        "cost_per_startup_krw",
        "investment_per_project_krw",
        "total_effect_ratio",
    ]
    stated = metrics_of(
        investment=10**9,
        projects=4,
        period={"start": 2024, "end": 2025},
        claims={
            "jobs": 10,
            "production_inducement": 2 * 10**9,
            "value_added_inducement": 10**9,
            "total_effect": 3 * 10**9,
            "startups": 5,
        },
    )
    assert [(key, value.name) for key, value in stated.items()] == [(n, n) for n in names]
    unstated = metrics_of(investment=10**9)  # every value missing, with its reason
    assert [(key, value.name) for key, value in unstated.items()] == [(n, n) for n in names]
