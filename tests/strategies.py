"""Hypothesis strategies shared by the test suites (append new ones below)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from impact.money import MAX_KRW
from impact.plan import Plan
from impact.prices import PriceIndexName, load_price_indices

# ---------------------------------------------------------------------------- money

MONEY_ALPHABET = "0123456789,.억조만천백십원₩ KRWBbnTMK"
"""Characters that money text is made of, for fuzzing the parser."""

_MONEY_PIECES = st.sampled_from(
    ["억", "조", "만", "천", "백", "십", "원", "₩", "KRW", "won", "bn", "million", ",", ".", " "]
)


def krw_amounts(max_value: int = 10**20 - 1) -> st.SearchStrategy[int]:
    """Whole won in ``[0, max_value]``, biased towards round budget-like numbers."""
    round_amounts = st.builds(
        lambda mantissa, exponent: mantissa * 10**exponent,
        st.integers(1, 9999),
        st.integers(0, 16),
    ).filter(lambda amount: amount <= max_value)
    return st.one_of(st.integers(0, max_value), round_amounts)


def parseable_amounts() -> st.SearchStrategy[int]:
    """Whole won that :func:`impact.money.parse_krw` accepts (up to the cap)."""
    return st.integers(0, MAX_KRW)


def money_text() -> st.SearchStrategy[str]:
    """Arbitrary text: money-like characters, Korean units, digits and any unicode, mixed."""
    money_like = st.text(alphabet=MONEY_ALPHABET, max_size=40)
    pieces = st.one_of(
        _MONEY_PIECES,
        st.integers(0, 10**15).map(str),
        st.integers(0, 10**15).map(lambda n: f"{n:,}"),
        st.text(max_size=3),
    )
    mixed = st.lists(pieces, max_size=12).map("".join)
    return st.one_of(money_like, mixed, st.text())


# --------------------------------------------------------------------------- prices


def price_years() -> st.SearchStrategy[int]:
    """Years covered by the shipped price data."""
    return st.sampled_from(load_price_indices().years)


def price_index_names() -> st.SearchStrategy[PriceIndexName]:
    """Every price index."""
    return st.sampled_from(list(PriceIndexName))


# ---------------------------------------------------------------------------- plans

#: An amount of won a plan may state [KRW]: ₩1 to ₩10,000조.
money = st.integers(min_value=1, max_value=10**16)
jobs = st.integers(min_value=0, max_value=10**7)


@st.composite
def plans(draw: st.DrawFn, *, with_all_claims: bool = False) -> Plan:
    """A valid plan; with ``with_all_claims`` every claim is stated and non-zero."""

    def maybe(strategy: st.SearchStrategy[int]) -> st.SearchStrategy[int | None]:
        return strategy if with_all_claims else st.none() | strategy

    claims: dict[str, Any] = {
        "production_inducement": draw(maybe(money)),
        "value_added_inducement": draw(maybe(money)),
        "jobs": draw(maybe(jobs.filter(bool) if with_all_claims else jobs)),
        "total_effect": draw(maybe(money)),
        "startups": draw(maybe(st.integers(1, 10**5) if with_all_claims else jobs)),
    }
    start = draw(st.integers(1990, 2100))
    period = draw(
        st.none() | st.builds(lambda n: {"start": start, "end": start + n}, st.integers(0, 30))
    )
    return Plan.model_validate(
        {
            "city": draw(st.sampled_from(["세종", "Daejeon", "서울 Seoul", "Busan"])),
            "investment": draw(money),
            "projects": draw(st.none() | st.integers(0, 500)),
            "period": period,
            "claims": claims,
        }
    )


def scaled(plan: Plan, k: int) -> Plan:
    """The same plan with every money amount multiplied by ``k``."""
    claims = plan.claims.model_copy(
        update={
            name: None if (v := getattr(plan.claims, name)) is None else v * k
            for name in ("production_inducement", "value_added_inducement", "total_effect")
        }
    )
    return plan.model_copy(update={"investment": plan.investment * k, "claims": claims})
