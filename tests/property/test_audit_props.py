"""Properties of the audit: linear in the spending, scale-free ratios, monotone statuses."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from impact.audit import AuditReport, audit
from impact.audit.status import JUDGED as ORDER
from impact.audit.status import Status, classify
from impact.io import bok_2023_model
from impact.plan import Plan

CODES = bok_2023_model().table.codes
JUDGED = ("production_multiplier", "value_added_ratio", "jobs_per_billion_krw", "total_effect")


@st.composite
def allocations(draw: st.DrawFn) -> dict[str, Any] | None:
    """None, or shares over 1–5 BOK sectors from integer weights (7 decimals)."""
    if draw(st.booleans()) and draw(st.booleans()):
        return None
    codes = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=5, unique=True))
    weights = draw(st.lists(st.integers(1, 20), min_size=len(codes), max_size=len(codes)))
    total = sum(weights)
    shares = {
        c: str((Decimal(w) / total).quantize(Decimal("1e-7")))
        for c, w in zip(codes, weights, strict=True)
    }
    return {"shares": shares, "basis": draw(st.sampled_from(["stated", "assumed"]))}


@st.composite
def audited_plans(draw: st.DrawFn) -> Plan:
    """A plan with claims expressed as multipliers of a random size, often with an allocation."""
    investment = draw(st.integers(10**8, 10**13))

    def per_won(low: float, high: float) -> int | None:
        if draw(st.booleans()) and draw(st.booleans()):
            return None
        return round(draw(st.floats(low, high)) * investment)

    jobs_rate = draw(st.none() | st.floats(0.0, 250.0))
    return Plan.model_validate(
        {
            "city": draw(st.sampled_from(["세종", "대전광역시", "Busan"])),
            "investment": investment,
            "price_year": draw(st.none() | st.integers(2010, 2025)),
            "claims": {
                "production_inducement": per_won(0.1, 5.0),
                "value_added_inducement": per_won(0.05, 2.0),
                "total_effect": per_won(0.1, 6.0),
                "jobs": None if jobs_rate is None else round(jobs_rate * investment / 1e9),
            },
            "allocation": draw(allocations()),
        }
    )


def scaled(plan: Plan, k: int) -> Plan:
    """Investment and every claim (jobs included) × k."""
    claims = plan.claims.model_copy(
        update={
            name: None if (v := getattr(plan.claims, name)) is None else v * k
            for name in ("production_inducement", "value_added_inducement", "total_effect", "jobs")
        }
    )
    return plan.model_copy(update={"investment": plan.investment * k, "claims": claims})


def statuses(report: AuditReport) -> dict[str, Status | None]:
    return {c.code: c.status for c in report.checks}


@settings(max_examples=60)
@given(audited_plans(), st.integers(2, 1000), st.sampled_from(["type_i", "type_ii"]))
def test_scaling_spending_and_claims_scales_the_model_and_keeps_statuses(
    plan: Plan, k: int, kind: str
) -> None:
    model = bok_2023_model()
    small = audit(plan, model, kind=kind)  # type: ignore[arg-type]
    big = audit(scaled(plan, k), model, kind=kind)  # type: ignore[arg-type]
    assert statuses(big) == statuses(small)
    assert big.verdict.status == small.verdict.status
    for a, b in zip(small.checks, big.checks, strict=True):
        for name in ("model", "model_type_ii", "economy_wide"):
            fa, fb = getattr(a, name), getattr(b, name)
            assert (fa is None) == (fb is None)
            if fa is not None:
                assert fb.total == pytest.approx(fa.total * k, rel=1e-9, abs=k)
                assert fb.per_unit == pytest.approx(fa.per_unit, rel=1e-9)
        if a.range is not None:
            assert b.range is not None
            assert b.range.max.total == pytest.approx(a.range.max.total * k, rel=1e-9, abs=k)
        if a.claimed_to_model is not None:
            assert b.claimed_to_model == pytest.approx(a.claimed_to_model, rel=1e-9)


_CLAIM_OF = {
    "production_multiplier": "production_inducement",
    "value_added_ratio": "value_added_inducement",
    "jobs_per_billion_krw": "jobs",
    "total_effect": "total_effect",
}


@settings(max_examples=60)
@given(audited_plans(), st.sampled_from(JUDGED), st.integers(1, 10**14))
def test_raising_a_claim_never_improves_its_status(plan: Plan, code: str, extra: int) -> None:
    name = _CLAIM_OF[code]
    before = getattr(plan.claims, name) or 0
    low = plan.model_copy(update={"claims": plan.claims.model_copy(update={name: before})})
    high = plan.model_copy(update={"claims": plan.claims.model_copy(update={name: before + extra})})
    model = bok_2023_model()
    s_low = statuses(audit(low, model))[code]
    s_high = statuses(audit(high, model))[code]
    assert s_low is not None and s_high is not None
    if "not_comparable" in (s_low, s_high):  # a total that became a double count: not judged
        return
    assert ORDER.index(s_high) >= ORDER.index(s_low)


finite = st.floats(0.0, 100.0)
triples = st.lists(finite, min_size=3, max_size=3).map(sorted)


@given(st.lists(finite, min_size=2, max_size=2).map(sorted), triples)
def test_classify_is_monotone(claims: list[float], bounds: list[float]) -> None:
    low, high, ceiling = bounds
    first, second = (classify(c, low=low, high=high, ceiling=ceiling) for c in claims)
    assert ORDER.index(second) >= ORDER.index(first)


@settings(deadline=None, max_examples=40)
@given(
    st.integers(1, 10**13),
    st.lists(
        st.tuples(st.sampled_from([*CODES[:20], "land", "transfers"]), st.integers(1, 9)),
        min_size=1,
        max_size=6,
        unique_by=lambda pair: pair[0],
    ),
)
@example(4, [("02", 1), ("01", 2), ("03", 5)])  # found by CI: '01' (exactly 1 won) gets 2
def test_allocation_rows_add_up_to_the_investment(
    investment: int, weights: list[tuple[str, int]]
) -> None:
    total = sum(w for _, w in weights)
    shares = {c: str(Decimal(w) / Decimal(total)) for c, w in weights}  # 28 digits
    plan = Plan.model_validate(
        {"city": "부산", "investment": investment, "allocation": {"shares": shares}}
    )
    report = audit(plan, bok_2023_model()).allocation
    exact = plan.allocation.shares_of(investment)  # type: ignore[union-attr]
    assert sum(row.amount for row in report.sectors) == investment
    assert sum(row.amount for row in report.sectors if row.purchase) == report.purchases
    assert report.purchases + report.non_purchases == investment
    for row in report.sectors:
        # differences of running sums each rounded half-to-even: each sum is off by at most
        # ½ won, so a row by at most 1 (reached when two sums tie: 0.5 → 0, 1.5 → 2)
        assert abs(row.amount - exact[row.code] * investment) <= 1
