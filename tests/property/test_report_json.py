"""The metrics report written directly (:func:`impact.report.report_json`) is the JSON of
the report's models, byte for byte, for any plan: estimates, missing and zero claims, and
ratios below 10⁻⁴ (where pydantic-core and ``repr`` write a float differently) or above
10¹⁶. And a metric's display says "about" exactly when a figure its formula reads is an
estimate (the figures listed here by hand, not read from the formulas)."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from impact.plan import APPROXIMABLE, Plan
from impact.report import evaluate, report_json
from tests.strategies import plans


@st.composite
def estimated(draw: st.DrawFn) -> Plan:
    """A plan whose figures may be written as estimates (``약 1,234원``) or sent as floats."""
    data: dict[str, Any] = draw(plans()).model_dump(exclude={"approximate"})
    for path in draw(st.lists(st.sampled_from(APPROXIMABLE), unique=True)):
        owner, _, name = path.rpartition(".")
        place = data["claims"] if owner else data
        value = place.get(name)
        if isinstance(value, int):
            unit = "" if name in ("projects", "jobs", "startups") else "원"
            place[name] = f"약 {value:,}{unit}"
    return Plan.model_validate(data)


def model_json(plan: Plan) -> bytes:
    return evaluate(plan).model_dump_json(by_alias=True).encode()


@given(plans() | estimated())
@example(Plan.model_validate({"city": "X", "investment": 10**16, "claims": {"jobs": 1}}))
@example(Plan.model_validate({"city": "X", "investment": 1, "claims": {"jobs": 10**7}}))
@example(
    Plan.model_validate({"city": "\"'\\", "investment": 7, "claims": {"total_effect": 10**24}})
)
def test_the_written_report_is_the_models_json(plan: Plan) -> None:
    assert report_json(plan) == model_json(plan)


def test_the_examples_reach_both_ways_of_writing_a_float() -> None:
    tiny = Plan.model_validate({"city": "X", "investment": 10**16, "claims": {"jobs": 1}})
    assert b'"value":1e-7' in model_json(tiny)  # pydantic-core's own form, not repr's 1e-07
    huge = Plan.model_validate({"city": "X", "investment": 1, "claims": {"jobs": 10**7}})
    assert b'"value":1e+16' in model_json(huge)


#: The plan figures each metric is computed from, written out from its definition.
READS = {
    "cost_per_job_krw": {"investment", "claims.jobs"},
    "jobs_per_billion_krw": {"claims.jobs", "investment"},
    "production_multiplier": {"claims.production_inducement", "investment"},
    "value_added_ratio": {"claims.value_added_inducement", "investment"},
    "value_added_share_of_production": {
        "claims.value_added_inducement",
        "claims.production_inducement",
    },
    "annual_investment_krw": {"investment"},
    "jobs_per_billion_krw_of_production": {"claims.jobs", "claims.production_inducement"},
    "cost_per_startup_krw": {"investment", "claims.startups"},
    "investment_per_project_krw": {"investment", "projects"},
    "total_effect_ratio": {"claims.total_effect", "investment"},
}


@given(estimated())
def test_a_metric_is_shown_as_an_estimate_when_a_figure_it_reads_is_one(plan: Plan) -> None:
    report = evaluate(plan)
    assert report.metrics.keys() == READS.keys()
    for name, metric in report.metrics.items():
        if metric.display is None:
            continue
        expected = bool(READS[name] & set(plan.approximate))
        assert metric.display.en.startswith("about ") is expected, name
        assert ("약 " in metric.display.ko) is expected, name
