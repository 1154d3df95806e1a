"""An allocation's spending per key is its exact share of the investment, rounded once."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

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
    assert plan.allocation.spending(investment) == {
        code: float(share / whole * investment) for code, share in exact.items()
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
    assert plan.allocation.spending(investment) == {
        code: float(Fraction(amount)) for code, amount in given_amounts.items()
    }
