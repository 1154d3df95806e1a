"""Shared hypothesis strategies."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from impact.plan import Plan

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
