"""One check's numbers per unit spent, and jobs read as job-years or as positions: against
hand computations on Miller & Blair's two-sector table and the raw CSVs (tests.independent)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from impact.audit.evidence import Evidence, gather
from impact.audit.figures import APPROX_II, jobs_readings, numbers
from impact.effects.jobs import restatement
from impact.io import IOModel, IOTable, bok_2023_model, load_bok_published
from impact.plan import Plan
from tests import independent

A = np.array([[0.15, 0.25], [0.2, 0.05]])
L = np.linalg.solve(np.eye(2) - A, np.eye(2))


def small_evidence() -> Evidence:
    table = IOTable.from_arrays([[150, 500], [200, 100]], [1000, 2000], krw_per_unit=1.0)
    plan = Plan.model_validate(
        {"city": "X", "investment": 2100, "allocation": {"amounts": {"1": 600, "2": 1500}}}
    )
    return gather(plan, IOModel(table), published=load_bok_published())


def test_money_figures_per_won_on_a_table_without_type_ii() -> None:
    ev = small_evidence()
    n = numbers(ev, "output", 4200)
    assert (n.money, n.per, n.claimed) == (True, 2100.0, 2.0)
    point = float((L @ [600, 1500]).sum()) / 2100  # 3,089.11 / 2,100 = 1.4710
    assert n.point == pytest.approx(point, rel=1e-12)
    assert n.point_ii is None
    assert n.by_basis == pytest.approx({"purchaser": point, "domestic": point})  # no imports
    colsum = L.sum(axis=0)  # output multipliers 1.5182, 1.4521
    assert n.low is not None and n.high is not None and n.ceiling is not None
    assert (n.low.code, n.high.code, n.ceiling.code) == ("2", "1", "1")
    assert (n.low.value, n.high.value) == pytest.approx((colsum[1], colsum[0]), rel=1e-12)
    assert (n.low.note, n.low.note_ko) == (None, None)
    assert n.ceiling.value == pytest.approx(colsum[0], rel=1e-12)
    assert (n.ceiling.note, n.ceiling.note_ko) == ("no Type II: Type I", "Type II 없음: Type I")
    assert n.band is not None and n.band[0] < point < n.band[1]
    assert n.status == "implausible"  # 2.0 above the highest sector's 1.5182
    assert (n.reading, n.years, n.price, n.published) == (None, None, None, None)
    f = np.array([350.0, 1700.0])  # domestic final demand x − Z·1
    [(key, _, _, economy)] = n.benchmarks
    assert key == "economy" and economy == pytest.approx(float((L @ f).sum() / f.sum()))


@pytest.mark.parametrize(
    ("amount", "status"),
    [(None, None), (1000, "conservative"), (3089, "consistent"), (4200, "implausible")],
)
def test_the_status_follows_the_claim_per_won(amount: int | None, status: str | None) -> None:
    # the rules of impact.audit.status against the band and ceiling the numbers show
    n = numbers(small_evidence(), "output", amount)
    if amount is None:
        assert (n.claimed, n.status) == (None, None)
        return
    assert n.claimed == pytest.approx(amount / 2100)
    assert n.band is not None and n.ceiling is not None
    claimed = amount / 2100
    if claimed > n.ceiling.value:
        want = "implausible"
    elif claimed > n.band[1]:
        want = "optimistic"
    elif claimed >= n.band[0]:
        want = "consistent"
    else:
        want = "conservative"
    assert n.status == want == status


def busan_jobs(**fields: Any) -> Evidence:
    plan = Plan.model_validate(
        {
            "city": "부산",
            "investment": 10**10,
            "allocation": {"shares": {"51": 1}},
            **fields,
        }
    )
    return gather(plan, bok_2023_model(), published=load_bok_published())


def test_jobs_per_billion_and_as_positions_over_the_period() -> None:
    ev = busan_jobs(period={"start": 2024, "end": 2027}, claims={"jobs": 30})
    readings, likely = jobs_readings(ev, 30)
    job_years, positions = readings
    # Busan's (in + out) jobs per ₩1bn for sector 51, on the domestic part of the purchases
    c = independent.regional()["Busan"]["51"]
    k = independent.codes().index("51")
    per_bn = (c["employment_in_region"] + c["employment_out_region"]) * (
        1 - independent.import_ratios()[k]
    )
    assert (job_years.money, job_years.per, job_years.claimed) == (False, 10.0, 3.0)
    assert job_years.point == pytest.approx(per_bn, rel=1e-9)
    assert (job_years.reading, job_years.years) == ("job_years", None)
    assert job_years.price == restatement(None, 2020)
    assert job_years.ceiling is not None
    assert (job_years.ceiling.note, job_years.ceiling.note_ko) == APPROX_II
    assert job_years.published is not None and job_years.published.value == 8.2
    # positions held on average over 4 years: every figure ÷ 4, BOK's average left out
    assert (positions.reading, positions.years, positions.published) == ("positions", 4, None)
    assert positions.claimed == 3.0
    assert positions.point == pytest.approx(per_bn / 4, rel=1e-9)
    assert job_years.band is not None and positions.band is not None
    assert positions.band == pytest.approx((job_years.band[0] / 4, job_years.band[1] / 4))
    assert positions.ceiling is not None and positions.low is not None
    assert job_years.low is not None and job_years.high is not None and positions.high is not None
    assert positions.ceiling.value == pytest.approx(job_years.ceiling.value / 4)
    assert positions.low.value == pytest.approx(job_years.low.value / 4)
    assert positions.high.value == pytest.approx(job_years.high.value / 4)
    assert positions.by_basis == pytest.approx({b: v / 4 for b, v in job_years.by_basis.items()})  # type: ignore[operator]
    assert [b[3] for b in positions.benchmarks] == pytest.approx(
        [b[3] / 4 for b in job_years.benchmarks]  # type: ignore[operator]
    )
    # 3.0 per ₩1bn against 10.9 job-years or 2.72 positions: the positions are nearer
    assert likely == "positions"
    assert positions.status == "optimistic" and job_years.status == "conservative"


def test_the_nearer_reading_and_no_positions_without_a_period_of_years() -> None:
    ev = busan_jobs(period={"start": 2024, "end": 2027})
    readings, likely = jobs_readings(ev, 108)  # 10.8 per ₩1bn: near the job-years (10.88)
    assert likely == "job_years"
    assert readings[0].status == "consistent"
    assert jobs_readings(ev, None)[1] is None
    one_year = busan_jobs(period={"start": 2024, "end": 2024})
    assert [r.reading for r in jobs_readings(one_year, 30)[0]] == ["job_years"]
    none = busan_jobs()
    readings, likely = jobs_readings(none, 30)
    assert [r.reading for r in readings] == ["job_years"] and likely == "job_years"


def test_positions_keep_type_ii_beside_and_judge_inside_the_band() -> None:
    ev = busan_jobs(period={"start": 2024, "end": 2027})
    job_years, positions = jobs_readings(ev, 27)[0]  # 2.7 per ₩1bn: inside the positions' band
    assert job_years.point_ii is not None
    assert positions.point_ii == pytest.approx(job_years.point_ii / 4)
    assert positions.band is not None and positions.band[0] < 2.7 < positions.band[1]
    assert positions.status == "consistent"
    two_years = busan_jobs(period={"start": 2024, "end": 2025})
    assert [r.years for r in jobs_readings(two_years, 27)[0]] == [None, 2]


def test_money_figures_on_the_bok_table_carry_no_jobs_note_or_price_step() -> None:
    ev = busan_jobs(price_year=2024)
    n = numbers(ev, "output", None)
    assert n.ceiling is not None and (n.ceiling.note, n.ceiling.note_ko) == (None, None)
    assert n.price is None and n.point_ii is not None
    assert numbers(ev, "jobs", None).price == restatement(2024, 2020)
    plan = Plan.model_validate(
        {"city": "부산", "investment": 10**10, "allocation": {"shares": {"51": 1}}}
    )
    type_ii = gather(plan, bok_2023_model(), kind="type_ii", published=load_bok_published())
    assert numbers(type_ii, "output", None).point_ii is None  # the point is Type II already


def test_positions_on_a_table_without_jobs_have_no_figures() -> None:
    table = IOTable.from_arrays([[150, 500], [200, 100]], [1000, 2000], krw_per_unit=1.0)
    plan = Plan.model_validate(
        {
            "city": "X",
            "investment": 2100,
            "allocation": {"amounts": {"1": 600, "2": 1500}},
            "period": {"start": 2024, "end": 2026},
        }
    )
    ev = gather(plan, IOModel(table), published=load_bok_published())
    job_years, positions = jobs_readings(ev, 10)[0]
    assert (positions.low, positions.high, positions.ceiling, positions.band) == (
        None,
        None,
        None,
        None,
    )
    assert (positions.point, positions.status, positions.years) == (None, None, 3)
    assert job_years.band is None
