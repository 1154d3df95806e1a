"""Plans with allocations and adjustments for the scenario suites."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from impact.plan import Plan
from impact.scenario.adjustments import ADJUSTMENT_ADAPTER, Adjustment
from impact.seeds import load_seed_plans

ALLOCATION = {"shares": {"62": "0.5", "51": "0.3", "70": "0.2"}}
"""Software, civil engineering, research: an allocation the seeds do not state."""

CODES = ("62", "51", "70", "41", "58", "63", "77")
CITIES = ("세종 Sejong", "대전 Daejeon", "Busan", "창원", "제주특별자치도", "Seoul", "Atlantis")


def sejong(**update: Any) -> Plan:
    """The Sejong seed plan with :data:`ALLOCATION` (and ``update`` applied)."""
    plan = load_seed_plans()["sejong-2024"]
    document = plan.model_dump(mode="json") | {"allocation": ALLOCATION} | update
    return Plan.model_validate(document)


def adjust(*items: dict[str, Any]) -> list[Adjustment]:
    """Validated adjustments from their JSON form."""
    return [ADJUSTMENT_ADAPTER.validate_python(item) for item in items]


@st.composite
def allocated_plans(draw: st.DrawFn) -> Plan:
    """A plan in Sejong, Daejeon or elsewhere with 1–4 sectors and integer-percent shares."""
    codes = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=4, unique=True))
    weights = draw(st.lists(st.integers(1, 100), min_size=len(codes), max_size=len(codes)))
    total = sum(weights)
    cents = [w * 100 // total for w in weights]
    cents[0] += 100 - sum(cents)
    shares = {c: f"{p / 100:.2f}" for c, p in zip(codes, cents, strict=True) if p > 0}
    if not shares:
        shares = {codes[0]: "1"}
    investment = draw(st.integers(10**8, 10**13))
    claims = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "jobs": st.integers(0, 100_000),
                "production_inducement": st.integers(0, 10**14),
            },
        )
    )
    return Plan.model_validate(
        {
            "city": draw(st.sampled_from(CITIES)),
            "investment": investment,
            "announced": "2024-01-09",
            "period": {"start": 2024, "end": 2024 + draw(st.integers(0, 5))},
            "claims": claims,
            "allocation": {"shares": shares},
        }
    )


def scalar_adjustments() -> st.SearchStrategy[dict[str, Any]]:
    """One scalar adjustment in JSON form (any that a plan with an allocation accepts)."""
    return st.one_of(
        st.builds(lambda f: {"type": "scale_investment", "factor": f}, st.floats(0.05, 5)),
        st.builds(lambda v: {"type": "local_share", "value": v}, st.floats(0, 1)),
        st.builds(lambda k: {"type": "model", "kind": k}, st.sampled_from(["type_i", "type_ii"])),
        st.builds(
            lambda s, e: {"type": "period", "start": s, "end": s + e},
            st.integers(2020, 2030),
            st.integers(0, 9),
        ),
        st.builds(lambda y: {"type": "price_year", "year": y}, st.integers(2015, 2025)),
        st.builds(
            lambda to, s: {"type": "shift_allocation", "from": "62", "to": to, "share": s},
            st.sampled_from(["51", "70", "41"]),
            st.floats(0, 0.9),  # below 1: a second shift from 62 still finds spending there
        ),
        st.just({"type": "set_investment", "amount": "500억원"}),
    )
