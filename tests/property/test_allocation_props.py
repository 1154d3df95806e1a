"""An allocation's spending per key is its exact share of the investment, rounded once; the
demand of many investments at once is each one's own."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from impact.effects import allocation_demand, plan_demand
from impact.io import bok_2023_model
from impact.plan import Plan

CODES = ["62", "70", "76", "64", "72", "50", "61", "land", "wages"]


@given(
    st.integers(1, 10**24),
    st.lists(st.integers(1, 10**12), min_size=1, max_size=len(CODES)),
    st.integers(0, 25),
)
def test_shares_spend_the_exact_fraction_of_the_investment_rounded_once(
    investment: int, weights: list[int], digits: int
) -> None:
    # shares written with up to 25 decimals: their sum is 1 within the plan's tolerance,
    # not exactly, and the engine spends each share of their sum
    total = sum(weights)
    shares = {
        code: str(round(Decimal(w) / Decimal(total), digits) or Decimal(f"1e-{digits}"))
        for code, w in zip(CODES, weights, strict=False)
    }
    try:
        plan = Plan.model_validate(
            {"city": "부산", "investment": investment, "allocation": {"shares": shares}}
        )
    except ValueError:  # rounded too coarsely to add up to 1 ± 10⁻⁶
        return
    exact = {code: Fraction(Decimal(text)) for code, text in shares.items()}
    whole = sum(exact.values())
    assert plan.allocation is not None
    assert plan.allocation.spending([investment, 3 * investment]) == {
        code: [float(share / whole * investment), float(share / whole * 3 * investment)]
        for code, share in exact.items()
    }


@given(st.lists(st.integers(0, 10**22), min_size=1, max_size=len(CODES)))
def test_amounts_are_spent_as_given(amounts: list[int]) -> None:
    given_amounts = dict(zip(CODES, amounts, strict=False))
    investment = sum(amounts) or 1
    if not sum(amounts):
        given_amounts[CODES[0]] = 1
    plan = Plan.model_validate(
        {"city": "부산", "investment": investment, "allocation": {"amounts": given_amounts}}
    )
    assert plan.allocation is not None
    assert plan.allocation.spending([investment]) == {
        code: [float(Fraction(amount))] for code, amount in given_amounts.items()
    }


@given(
    st.lists(st.integers(1, 10**6), min_size=1, max_size=len(CODES)),
    st.lists(st.integers(1, 10**22), min_size=1, max_size=6),
    st.booleans(),
)
def test_a_sweeps_demand_for_many_investments_is_each_plans_own_demand(
    weights: list[int], investments: list[int], as_amounts: bool
) -> None:
    """``allocation_demand`` (one read of the shares for a sweep's many investments): column
    ``i`` is, to the last place, the exact share of ``investments[i]`` rounded once, placed
    at the sector's row of the table (non-purchase items left out), and ``plan_demand`` of a
    plan with that investment."""
    table = bok_2023_model().table
    total = sum(weights)
    allocation: dict[str, dict[str, Any]]
    if as_amounts:
        allocation = {"amounts": dict(zip(CODES, weights, strict=False))}
        investments = [total]  # amounts add up to the plan's investment
    else:  # twelve decimals each: they add up to 1 within the plan's tolerance
        pairs = zip(CODES, weights, strict=False)
        allocation = {"shares": {c: str(round(Decimal(w) / total, 12)) for c, w in pairs}}
    base = Plan.model_validate(
        {"city": "부산", "investment": investments[0], "allocation": allocation}
    )
    assert base.allocation is not None
    demand = allocation_demand(base.allocation, table, investments, field="allocation")
    assert demand.shape == (table.n, len(investments))
    written = base.allocation.shares or base.allocation.amounts
    assert written is not None
    whole = sum(Fraction(v) for v in written.values())
    for i, investment in enumerate(investments):
        want = np.zeros(table.n)
        for code, value in written.items():
            if code in table.index:
                exact = Fraction(value) if as_amounts else Fraction(value) / whole * investment
                want[table.index[code]] = float(exact)
        assert demand[:, i].tolist() == want.tolist()
        one = base.model_copy(update={"investment": investment})
        assert plan_demand(one, table).tolist() == want.tolist()
