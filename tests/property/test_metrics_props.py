"""Properties of the derived metrics, for any valid plan."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from hypothesis import example, given
from hypothesis import strategies as st

from impact.flags import DOUBLE_COUNT_TOLERANCE, check_claims
from impact.metrics import MetricValue, compute_metrics
from impact.plan import Plan
from impact.report import evaluate
from tests.strategies import jobs, money, plans, scaled

SCALE_FREE = ("production_multiplier", "value_added_ratio", "value_added_share_of_production",
              "total_effect_ratio")  # fmt: skip


@given(money, jobs.filter(bool))
def test_cost_per_job_times_jobs_is_the_investment_exactly(investment: int, n: int) -> None:
    plan = Plan.model_validate({"city": "X", "investment": investment, "claims": {"jobs": n}})
    m = compute_metrics(plan)
    assert m["cost_per_job_krw"].exact is not None
    assert m["cost_per_job_krw"].exact * n == investment
    assert m["jobs_per_billion_krw"].exact == Fraction(n * 10**9, investment)


@given(plans(), st.integers(2, 10**6))
def test_ratios_are_invariant_when_all_money_scales(plan: Plan, k: int) -> None:
    base, big = compute_metrics(plan), compute_metrics(scaled(plan, k))
    for name in SCALE_FREE:
        assert base[name].exact == big[name].exact
    if base["cost_per_job_krw"].exact is not None:
        assert big["cost_per_job_krw"].exact == k * base["cost_per_job_krw"].exact
    if base["jobs_per_billion_krw"].exact is not None:
        assert big["jobs_per_billion_krw"].exact == base["jobs_per_billion_krw"].exact / k


@given(money, jobs.filter(bool), st.integers(1, 10**6))
def test_cost_per_job_falls_as_jobs_rise_and_rises_with_spending(
    investment: int, n: int, more: int
) -> None:
    def cost(inv: int, j: int) -> Fraction | None:
        plan = Plan.model_validate({"city": "X", "investment": inv, "claims": {"jobs": j}})
        return compute_metrics(plan)["cost_per_job_krw"].exact

    base, fewer_jobs_more_cost = cost(investment, n), cost(investment + more, n)
    assert base is not None and fewer_jobs_more_cost is not None
    assert fewer_jobs_more_cost > base
    cheaper = cost(investment, n + more)
    assert cheaper is not None and cheaper < base


@given(money, money, money)
def test_production_multiplier_is_monotone_in_production(
    investment: int, production: int, extra: int
) -> None:
    def mult(p: int) -> Fraction | None:
        plan = Plan.model_validate(
            {"city": "X", "investment": investment, "claims": {"production_inducement": p}}
        )
        return compute_metrics(plan)["production_multiplier"].exact

    low, high = mult(production), mult(production + extra)
    assert low is not None and high is not None and high > low


@given(plans())
def test_every_metric_is_a_finite_number_or_null_with_a_reason(plan: Plan) -> None:
    for name, metric in evaluate(plan).metrics.items():
        if metric.value is None:
            assert metric.reason is not None, name
            assert metric.display is None
        else:
            assert metric.reason is None
            assert metric.value >= 0
            assert metric.display is not None and metric.display.ko and metric.display.en


@given(plans(with_all_claims=True))
def test_double_count_flag_iff_total_is_production_plus_value_added(plan: Plan) -> None:
    c = plan.claims
    assert c.production_inducement and c.value_added_inducement and c.total_effect
    summed = c.production_inducement + c.value_added_inducement
    expected = abs(c.total_effect - summed) <= DOUBLE_COUNT_TOLERANCE * summed
    flagged = any(f.code == "double_counted_total" for f in check_claims(plan))
    assert flagged == expected


@given(plans(with_all_claims=True))
def test_impossible_value_added_is_always_an_error(plan: Plan) -> None:
    c = plan.claims
    assert c.value_added_inducement is not None and c.production_inducement is not None
    codes = {f.code: f.severity for f in check_claims(plan)}
    if c.value_added_inducement > plan.investment:
        assert codes["value_added_exceeds_spending"] == "error"
    if c.value_added_inducement > c.production_inducement:
        assert codes["value_added_exceeds_production"] == "error"
    else:
        assert "value_added_exceeds_production" not in codes


@given(st.integers(0, 10**24), st.integers(1, 10**24))
@example(5, 2)
@example(7, 2)
@example(10**24, 3)
def test_won_are_rounded_as_the_28_digit_decimal_quotient_was(n: int, d: int) -> None:
    quotient = Decimal(n) / Decimal(d)  # how rounded() worked before, for amounts ≤ 10²⁴
    before = int(quotient.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
    assert MetricValue("x", Fraction(n, d)).rounded() == before == round(Fraction(n, d))


@given(st.integers(1, 10**20), st.integers(1, 10**15))
@example(1, 999_999_999_999)
def test_a_displayed_ratio_has_the_exact_leading_digits_and_no_float_noise(
    investment: int, n: int
) -> None:
    """The shown jobs per ₩1B agrees with the exact quotient, computed here in Decimal, to
    its one decimal and a float's precision, and has at most the 17 significant digits a
    float holds: beyond them only zeros, never binary noise (999,999,999,999,000,051,712.0
    once)."""
    plan = Plan.model_validate({"city": "X", "investment": investment, "claims": {"jobs": n}})
    display = evaluate(plan).metrics["jobs_per_billion_krw"].display
    assert display is not None
    shown = Decimal(display.en.split(" jobs")[0].replace(",", ""))
    exact = Decimal(n * 10**9) / Decimal(investment)
    assert abs(shown - exact) <= Decimal("0.05") + exact * Decimal(2) ** -52
    assert len(shown.normalize().as_tuple().digits) <= 17
