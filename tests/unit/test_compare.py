"""Plans of different years on one price basis."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from impact.compare import compare_plans, rebase_plan, unique_labels
from impact.errors import DataUnavailableError, InvalidInputError
from impact.money import format_krw
from impact.plan import Plan
from impact.prices import PriceIndexName
from impact.report import model_krw
from impact.seeds import load_seed_plans

SEEDS = load_seed_plans()
BOTH = [("sejong-2024", SEEDS["sejong-2024"]), ("daejeon-2018", SEEDS["daejeon-2018"])]


def test_daejeon_is_dearer_per_job_in_2024_won_although_cheaper_nominally() -> None:
    result = compare_plans(BOTH, target_year=2024)
    sejong, daejeon = result.rows
    nominal = {label: plan.investment / (plan.claims.jobs or 1) for label, plan in BOTH}
    assert nominal["daejeon-2018"] < nominal["sejong-2024"]
    assert sejong.metrics["cost_per_job_krw"].value == 85_285_285
    real_daejeon = daejeon.metrics["cost_per_job_krw"].value
    assert isinstance(real_daejeon, int)
    assert 87_400_000 < real_daejeon < 87_500_000  # ≈ ₩87.5M
    assert sejong.ranks["cost_per_job_krw"] == 1
    assert daejeon.ranks["cost_per_job_krw"] == 2
    assert result.rankings["cost_per_job_krw"].better == "lower"
    assert result.rankings["cost_per_job_krw"].best == ["sejong-2024"]


def test_daejeon_2018_won_in_2024_won_by_gdp_deflator() -> None:
    daejeon = compare_plans(BOTH, target_year=2024).rows[1]
    assert daejeon.nominal_investment == 2_800_000_000_000
    assert round(daejeon.real_investment / 1e12, 3) == 3.148
    assert daejeon.basis.source_year == 2018
    assert daejeon.basis.formula.startswith("gdp_deflator[2024] / gdp_deflator[2018] = 111.381")
    # multipliers are ratios of two money amounts: unchanged by the price basis
    assert daejeon.metrics["production_multiplier"].value == pytest.approx(4.7 / 2.8, abs=1e-12)


def test_restated_amounts_are_shown_as_estimates_and_stated_ones_exactly() -> None:
    """A restated amount is a price index's estimate: 4 significant digits in Korean too
    ("3조 1,483억 8,879만 179원" stood beside "₩3.148T"); the plan's own year is unchanged."""
    sejong, daejeon = compare_plans(BOTH, target_year=2024).rows
    real = daejeon.real_investment
    assert daejeon.display["investment"].model_dump() == {
        "ko": model_krw(real, "ko"),
        "en": model_krw(real, "en"),
    }
    assert daejeon.display["investment"].ko == "3조 1,480억원"
    assert daejeon.display["nominal_investment"].ko == "2조 8,000억원"
    cost = daejeon.metrics["cost_per_job_krw"]
    assert isinstance(cost.value, int) and cost.display is not None
    assert cost.display.ko == model_krw(cost.value, "ko") != format_krw(cost.value, "ko")
    # Sejong is in 2024 won already: its figures are as stated, exact in Korean
    assert sejong.display["investment"].ko == "1,704억원"
    assert sejong.metrics["cost_per_job_krw"].display.ko == "8,528만 5,285원"  # type: ignore[union-attr]


def test_default_target_is_the_latest_plan_year_and_cpi_on_request() -> None:
    result = compare_plans(BOTH, index=PriceIndexName.CPI)
    assert result.price_year == 2024
    assert result.rows[1].basis.factor == pytest.approx(114.18 / 99.082)


def test_usd_on_request() -> None:
    row = compare_plans(BOTH, target_year=2024, currency="USD").rows[0]
    assert row.usd is not None
    assert row.usd["investment_usd"] == pytest.approx(170_400_000_000 / 1364.44, abs=0.01)
    assert row.usd["cost_per_job_usd"] == pytest.approx(85_285_285 / 1364.44, abs=0.01)
    assert not any(key.endswith("_krw") for key in row.usd)


def test_a_year_outside_the_data_names_the_range() -> None:
    with pytest.raises(DataUnavailableError, match="2010") as info:
        compare_plans(BOTH, target_year=2031)
    assert info.value.field == "price_year"
    old = SEEDS["daejeon-2018"].model_copy(update={"price_year": 2005})
    with pytest.raises(DataUnavailableError) as info:
        compare_plans([*BOTH, ("old", old)], target_year=2024)
    assert info.value.field == "plans.2.price_year"


def test_a_default_target_year_outside_the_data_names_the_plan_it_came_from() -> None:
    """No ``price_year`` asked for: the target is the latest plan's year, so a year without
    data is that plan's, not the request's."""
    late = SEEDS["sejong-2024"].model_copy(update={"price_year": 2031})
    with pytest.raises(DataUnavailableError, match="2010") as info:
        compare_plans([*BOTH, ("late", late)])
    assert info.value.field == "plans.2.price_year"


def test_a_plan_without_a_year_is_refused_naming_it() -> None:
    undated = Plan.model_validate({"city": "X", "investment": 10**9})
    with pytest.raises(InvalidInputError) as info:
        compare_plans([*BOTH, ("x", undated)])
    assert info.value.field == "plans.2.price_year"


def test_rebasing_to_the_own_year_changes_nothing() -> None:
    plan = SEEDS["daejeon-2018"]
    assert rebase_plan(plan, 2018, PriceIndexName.GDP_DEFLATOR) == plan


def test_won_per_won_is_the_plans_own_figure_in_any_years_prices() -> None:
    plans = load_seed_plans()
    daejeon = plans["daejeon-2018"]
    row = compare_plans([("daejeon", daejeon), ("sejong", plans["sejong-2024"])]).rows[0]
    assert row.real_investment != daejeon.investment  # restated from 2018 to 2024 won
    claims = daejeon.claims
    assert claims.production_inducement is not None and claims.value_added_inducement is not None
    # exactly the plan's own ratios, as /v1/metrics gives them (float of the exact fraction)
    assert row.metrics["production_multiplier"].value == (
        claims.production_inducement / daejeon.investment
    )
    assert row.metrics["value_added_ratio"].value == (
        claims.value_added_inducement / daejeon.investment
    )


@given(st.lists(st.sampled_from(["부산", "부산 (2)", "sejong-2024", "x (1)", "x"]), max_size=8))
def test_labels_are_unique_and_kept_where_they_already_were(labels: list[str]) -> None:
    shown = unique_labels(labels)
    assert len(set(shown)) == len(shown) == len(labels)
    for given_label, label in zip(labels, shown, strict=True):
        assert (
            label == given_label
            if labels.count(given_label) == 1
            else label.startswith(given_label)
        )


def test_two_plans_of_one_city_are_told_apart_in_rows_and_rankings() -> None:
    busan = {"city": "부산", "price_year": 2021, "claims": {"jobs": 100}}
    plans = [("부산", Plan.model_validate(busan | {"investment": "500억"})),
             ("부산", Plan.model_validate(busan | {"investment": "700억"}))]  # fmt: skip
    comparison = compare_plans(plans)
    assert [row.label for row in comparison.rows] == ["부산 (1)", "부산 (2)"]
    assert comparison.rankings["cost_per_job_krw"].best == ["부산 (1)"]  # ₩5B a job < ₩7B
