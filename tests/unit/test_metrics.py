"""Reference values of the derived metrics on the two real seed plans."""

from __future__ import annotations

from fractions import Fraction

import pytest

from impact.metrics import METRICS, compute_metrics
from impact.plan import Plan
from impact.seeds import load_seed_plans


@pytest.fixture(scope="module")
def sejong() -> Plan:
    return load_seed_plans()["sejong-2024"]


@pytest.fixture(scope="module")
def daejeon() -> Plan:
    return load_seed_plans()["daejeon-2018"]


def test_sejong_reference_metrics(sejong: Plan) -> None:
    m = compute_metrics(sejong)
    assert sejong.investment == 170_400_000_000
    assert m["cost_per_job_krw"].rounded() == 85_285_285
    assert m["production_multiplier"].exact == Fraction(2901, 1704)
    assert round(m["production_multiplier"].as_float() or 0, 4) == 1.7025
    assert round(m["value_added_ratio"].as_float() or 0, 4) == 0.7312
    assert round(m["jobs_per_billion_krw"].as_float() or 0, 3) == 11.725
    assert m["annual_investment_krw"].rounded() == 56_800_000_000  # 3 years, 2024-2026
    assert m["cost_per_startup_krw"].exact is None
    assert m["cost_per_startup_krw"].reason_en == "no startups claim stated"


def test_daejeon_reference_metrics(daejeon: Plan) -> None:
    m = compute_metrics(daejeon)
    assert daejeon.investment == 2_800_000_000_000
    assert m["cost_per_job_krw"].rounded() == 77_777_778
    assert round(m["production_multiplier"].as_float() or 0, 4) == 1.6786
    assert round(m["value_added_ratio"].as_float() or 0, 4) == 0.6786
    assert m["cost_per_startup_krw"].rounded() == 1_400_000_000
    assert m["total_effect_ratio"].exact == Fraction(66, 28)
    assert m["annual_investment_krw"].exact is None  # the article states no period
    assert m["annual_investment_krw"].reason_ko == "투자 기간이 명시되지 않음"


def test_zero_jobs_gives_null_with_reason_not_infinity() -> None:
    plan = Plan.model_validate({"city": "X", "investment": 10**9, "claims": {"jobs": 0}})
    m = compute_metrics(plan)
    assert m["cost_per_job_krw"].exact is None
    assert m["cost_per_job_krw"].reason_en == "jobs claim is zero"
    assert m["jobs_per_billion_krw"].exact == 0


def test_every_metric_is_reported_once_in_order() -> None:
    plan = Plan.model_validate({"city": "X", "investment": 1})
    assert list(compute_metrics(plan)) == [spec.name for spec in METRICS]
    assert all(v.exact is None and v.reason_en for v in compute_metrics(plan).values())


def test_half_won_rounds_to_even() -> None:
    plan = Plan.model_validate({"city": "X", "investment": 5, "claims": {"jobs": 2}})
    assert compute_metrics(plan)["cost_per_job_krw"].rounded() == 2  # 2.5 -> 2
    plan = Plan.model_validate({"city": "X", "investment": 7, "claims": {"jobs": 2}})
    assert compute_metrics(plan)["cost_per_job_krw"].rounded() == 4  # 3.5 -> 4
