"""One scenario against its baseline: reuse of plan_effects, local share, phasing, delta."""

from __future__ import annotations

import pytest

from impact.effects import plan_effects
from impact.errors import InvalidInputError
from impact.io import bok_2023_model
from impact.scenario.single import run_scenario
from tests import independent
from tests.strategies_scenario import adjust, sejong


def test_the_sejong_what_if_budget_minus_20_and_60_percent_local() -> None:
    result = run_scenario(
        sejong(),
        adjust({"type": "scale_investment", "factor": 0.8}, {"type": "local_share", "value": 0.6}),
    )
    base, scen = result.baseline.impacts, result.scenario.impacts
    assert base is not None and scen is not None
    [effects] = plan_effects(sejong(), bok_2023_model())
    assert base.output.total == pytest.approx(effects.totals["output"]["total"])
    assert scen.output.total == pytest.approx(0.8 * base.output.total)
    assert scen.jobs == pytest.approx(0.8 * (base.jobs or 0))
    assert base.regional is not None and scen.regional is not None
    assert effects.regional is not None
    assert base.regional.production == effects.regional.production
    # in region = ℓ Σ s m y: 0.6 × 0.8 of the baseline's; the national total is 0.8 × (rest
    # of Korea takes what does not land in Sejong, the leaked 40 % included)
    assert scen.regional.production.in_region == pytest.approx(
        0.48 * base.regional.production.in_region, abs=1
    )
    assert scen.regional.production.total == pytest.approx(0.8 * base.output.total, abs=1)
    assert scen.regional.jobs.total == pytest.approx(scen.jobs)
    assert result.delta["impacts.output.total"].percent == pytest.approx(-20.0)
    assert result.delta["plan.claims.jobs"].change == 0  # claims are not scaled
    assert result.delta["metrics.cost_per_job_krw"].scenario == 68_228_228


def test_phasing_reports_job_years_and_lasting_jobs() -> None:
    result = run_scenario(sejong(), adjust({"type": "period", "start": 2024, "end": 2028}))
    impacts = result.scenario.impacts
    assert impacts is not None and impacts.annual is not None and impacts.jobs is not None
    assert impacts.annual.years == 5
    assert impacts.annual.lasting_jobs == pytest.approx(impacts.jobs / 5)
    assert impacts.annual.investment_krw == pytest.approx(170_400_000_000 / 5)
    assert result.delta["impacts.output.total"].change == pytest.approx(0.0)
    assert result.delta["impacts.annual.lasting_jobs"].percent == pytest.approx(-40.0)


def test_type_ii_adds_induced_and_a_plan_with_no_region_ignores_local_share() -> None:
    busan = sejong(city="Atlantis")
    result = run_scenario(
        busan, adjust({"type": "model", "kind": "type_ii"}, {"type": "local_share", "value": 0.5})
    )
    impacts = result.scenario.impacts
    assert impacts is not None
    assert impacts.output.induced is not None and impacts.output.induced > 0
    assert impacts.regional is None
    assert any("local_share has no effect" in note.en for note in impacts.notes)
    assert result.baseline.impacts is not None and result.baseline.impacts.output.induced is None


def test_percent_is_null_when_the_baseline_is_zero() -> None:
    plan = sejong(claims={"jobs": 0})
    result = run_scenario(plan, adjust({"type": "scale_investment", "factor": 2}))
    change = result.delta["plan.claims.jobs"]
    assert (change.baseline, change.change, change.percent) == (0.0, 0.0, None)


def test_a_plan_without_allocation_is_refused_naming_plan_allocation() -> None:
    with pytest.raises(InvalidInputError) as info:
        run_scenario(sejong(allocation=None), adjust({"type": "scale_investment", "factor": 0.8}))
    assert info.value.field == "plan.allocation"
    assert "reallocate" in info.value.detail


def test_baseline_borrows_the_first_reallocation_when_the_plan_has_none() -> None:
    result = run_scenario(
        sejong(allocation=None),
        adjust(
            {"type": "reallocate", "allocation": {"shares": {"62": 1}}},
            {"type": "reallocate", "allocation": {"amounts": {"41": "1,704억원"}}},
        ),
    )
    base, scen = result.baseline.impacts, result.scenario.impacts
    assert base is not None and scen is not None
    assert any("adjustments.0" in note.en for note in base.notes)
    m_out, _ = independent.domestic_leontief_type_i()  # purchaser basis: imports out first
    m = independent.import_ratios()
    k62, k41 = independent.codes().index("62"), independent.codes().index("41")
    assert base.output.total == pytest.approx(m_out[k62] * (1 - m[k62]) * 170.4e9)
    assert scen.output.total == pytest.approx(m_out[k41] * (1 - m[k41]) * 170.4e9)


def test_the_delta_keeps_won_as_exact_integers() -> None:
    huge = 999_999_999_999_999_999_999_999  # above 2^53: a float would lose the last digits
    plan = sejong(investment=huge)
    result = run_scenario(plan, adjust({"type": "set_investment", "amount": huge - 1}))
    change = result.delta["plan.investment"]
    assert (change.baseline, change.scenario, change.change) == (huge, huge - 1, -1)
    assert all(
        isinstance(v, int) for v in (change.baseline, result.delta["impacts.output.total"].baseline)
    )
    assert isinstance(result.delta["impacts.jobs"].baseline, float)
