"""Properties of comparisons on a common price basis."""

from __future__ import annotations

from random import Random

from hypothesis import given
from hypothesis import strategies as st

from impact.compare import compare_plans, rebase_plan
from impact.plan import Plan
from impact.prices import PriceIndexName
from tests.strategies import plans, price_index_names, price_years


def dated(plan: Plan, year: int) -> Plan:
    return plan.model_copy(update={"price_year": year})


@given(plans(), price_years(), price_years(), price_index_names())
def test_rebasing_there_and_back_is_the_identity_to_the_won(
    plan: Plan, a: int, b: int, index: PriceIndexName
) -> None:
    back = rebase_plan(rebase_plan(dated(plan, a), b, index), a, index)
    assert abs(back.investment - plan.investment) <= 1
    for name in ("production_inducement", "value_added_inducement", "total_effect"):
        x, y = getattr(plan.claims, name), getattr(back.claims, name)
        assert (x is None) == (y is None)
        if x is not None and y is not None:
            assert abs(x - y) <= 1


@given(plans(), price_years(), price_index_names())
def test_a_plan_compared_with_itself_gives_equal_rows(
    plan: Plan, year: int, index: PriceIndexName
) -> None:
    one, two = compare_plans([("a", dated(plan, year)), ("a", dated(plan, year))], index=index).rows
    assert (one.label, two.label) == ("a (1)", "a (2)")  # one label, told apart by place
    assert one.model_copy(update={"label": "a"}) == two.model_copy(update={"label": "a"})


@given(
    st.lists(st.tuples(plans(), price_years()), min_size=1, max_size=5),
    price_years(),
    st.randoms(use_true_random=False),
)
def test_ranks_do_not_depend_on_the_order_of_the_plans(
    items: list[tuple[Plan, int]], target: int, rnd: Random
) -> None:
    labelled = [(f"p{i}", dated(plan, year)) for i, (plan, year) in enumerate(items)]
    shuffled = labelled[:]
    rnd.shuffle(shuffled)
    first = compare_plans(labelled, target_year=target)
    second = compare_plans(shuffled, target_year=target)
    assert {r.label: r.ranks for r in first.rows} == {r.label: r.ranks for r in second.rows}
    assert first.rankings == second.rankings


@given(plans(), price_years())
def test_deflating_to_the_own_price_year_changes_nothing(plan: Plan, year: int) -> None:
    row = compare_plans([("a", dated(plan, year))], target_year=year).rows[0]
    assert row.real == dated(plan, year)
    assert row.basis.factor == 1.0
