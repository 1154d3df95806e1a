"""The audit's evidence: public sectors, extremes, positions, draws and benchmarks, against
hand computations and the raw CSVs (tests.independent)."""

from __future__ import annotations

import numpy as np
import pytest

from impact.audit.evidence import (
    BAND_DRAWS,
    Measure,
    _draws,
    _opt,
    extremes,
    gather,
    positions,
    public_sectors,
    public_weights,
)
from impact.io import IOModel, IOTable, bok_2023_model, load_bok_published
from impact.plan import Plan
from tests import independent

A = np.array([[0.15, 0.25], [0.2, 0.05]])  # Miller & Blair's two-sector example
L = np.linalg.solve(np.eye(2) - A, np.eye(2))


def small() -> IOModel:
    return IOModel(IOTable.from_arrays([[150, 500], [200, 100]], [1000, 2000]))


def test_public_sectors_carry_at_least_a_thousandth_of_public_final_demand() -> None:
    gc = independent.bok_final_demand("government_consumption_mkrw")
    gi = independent.bok_final_demand("government_gfcf_mkrw")
    public = np.clip(gc + gi, 0, None)
    want = public / public.sum() >= 0.001
    got = public_sectors(bok_2023_model())
    assert got is not None and got.tolist() == want.tolist()
    assert int(got.sum()) == 19
    weights = public_weights(bok_2023_model())
    assert weights is not None
    assert weights["government_consumption"].tolist() == pytest.approx(np.clip(gc, 0, None))
    assert weights["government_gfcf"].tolist() == pytest.approx(np.clip(gi, 0, None))
    assert weights["public"].tolist() == pytest.approx(public)
    assert min(weights["government_gfcf"]) == 0.0  # two sectors' negative GFCF are clipped
    assert public_sectors(small()) is None and public_weights(small()) is None


def test_extremes_are_the_lowest_and_highest_finite_eligible_values() -> None:
    values = np.array([3.0, np.nan, 1.0, 5.0, 0.5])
    eligible = np.array([True, True, True, False, False])
    assert extremes(values, eligible) == (2, 0)
    assert extremes(values, np.array([False, True, False, True, False])) == (3, 3)
    assert extremes(values, np.array([False, True, False, False, False])) == (None, None)


def test_positions_divide_job_years_by_the_years() -> None:
    assert positions([10.0, None, 3.0], 4) == [2.5, None, 0.75]
    assert positions([10.0, None], None) == [None, None]


def test_opt_keeps_finite_numbers_only() -> None:
    assert (_opt(1.5), _opt(0.0), _opt(float("nan")), _opt(float("inf"))) == (1.5, 0.0, None, None)


def test_draws_keep_the_total_on_the_sectors_spent_on() -> None:
    rng = np.random.default_rng(1)
    one = _draws(np.array([0.0, 0.7, 0.0]), 20.0, rng)
    assert one.shape == (3, BAND_DRAWS)
    # one sector: nothing to redistribute, and the 30 % of land and the like stays out
    assert one[1].tolist() == [0.7] * BAND_DRAWS and not one[[0, 2]].any()
    weights = np.array([0.5, 0.0, 0.3])
    drawn = _draws(weights, 200.0, np.random.default_rng(2))
    assert not drawn[1].any()
    assert drawn.sum(axis=0) == pytest.approx(np.full(BAND_DRAWS, 0.8))
    # Dirichlet(κ w / Σw) · Σw: mean w, variance w_i (Σw − w_i) / (κ + 1)
    assert drawn[0].mean() == pytest.approx(0.5, abs=0.01)
    assert drawn[0].var() == pytest.approx(0.5 * 0.3 / 201, rel=0.15)
    wide = _draws(weights, 20.0, np.random.default_rng(2))
    assert wide[0].var() == pytest.approx(0.5 * 0.3 / 21, rel=0.15)


def test_another_table_has_the_economy_benchmark_only() -> None:
    plan = Plan.model_validate({"city": "X", "investment": 2100})
    ev = gather(plan, small(), published=load_bok_published())
    assert [b.key for b in ev.benchmarks] == ["economy"]
    [economy] = ev.benchmarks
    # ₩1 spread like domestic final demand f = x − Z·1 = (350, 1700): output per won 1ᵀ L f / Σ f
    f = np.array([1000 - 650, 2000 - 300])
    assert economy.values["output"] == pytest.approx(float((L @ f).sum() / f.sum()), rel=1e-12)
    assert economy.values["jobs"] is None  # no employment coefficients
    assert economy.en == (
        "whole economy (weights: final demand for domestic products, as BOK's averages)"
    )
    assert economy.ko == "전체 경제(가중치: 국산품 최종수요, 한국은행 평균과 같은 방식)"
    assert (ev.region, ev.table_year, ev.jobs_rule, ev.restatement) == (None, None, None, None)
    assert ev.eligible.tolist() == [True, True]  # every sector, with no public weights
    # no allocation and no public weights: no point, no band
    assert ev.point == {"output": None, "value_added": None, "jobs": None}
    assert ev.band == {"output": None, "value_added": None, "jobs": None}
    assert ev.point_batch is None and ev.taxes is None


def test_the_bok_benchmarks_are_named_and_weighted_by_the_tables_columns() -> None:
    plan = Plan.model_validate({"city": "부산", "investment": 10**10})
    ev = gather(plan, bok_2023_model(), published=load_bok_published())
    names = {b.key: (b.en, b.ko) for b in ev.benchmarks}
    assert names == {
        "economy": (
            "whole economy (weights: final demand for domestic products, as BOK's averages)",
            "전체 경제(가중치: 국산품 최종수요, 한국은행 평균과 같은 방식)",
        ),
        "government_consumption": (
            "government consumption (weights: the table's government consumption column)",
            "정부소비(가중치: 산업연관표의 정부소비 열)",
        ),
        "government_gfcf": (
            "public investment (weights: the table's government gross fixed capital formation)",
            "공공투자(가중치: 산업연관표의 정부 총고정자본형성)",
        ),
        "public": (
            "public spending (weights: government consumption + government GFCF)",
            "공공지출(가중치: 정부소비 + 정부 총고정자본형성)",
        ),
    }
    # purchaser basis, Type I: Σ_j m^I_j (1 − m_j) w_j / Σ w
    m_out, _ = independent.domestic_leontief_type_i()
    imports = independent.import_ratios()
    for key, column in (
        ("government_consumption", "government_consumption_mkrw"),
        ("government_gfcf", "government_gfcf_mkrw"),
    ):
        w = np.clip(independent.bok_final_demand(column), 0, None)
        want = float(m_out @ ((1 - imports) * w) / w.sum())
        got = next(b for b in ev.benchmarks if b.key == key).values["output"]
        assert got == pytest.approx(want, rel=1e-9), key
    assert ev.region is not None and ev.region.key == "busan"
    assert ev.table_year == 2023


def test_the_band_of_a_one_sector_plan_varies_the_basis_only() -> None:
    # one sector: every allocation draw is the plan's own, so only θ ~ U[0, 1] (seeded) varies:
    # per won = m_k (1 − θ m^imp_k); the band is the 5th–95th percentile, widened by 5 %
    plan = Plan.model_validate(
        {"city": "X", "investment": 10**10, "allocation": {"shares": {"17": 1}}}
    )
    ev = gather(plan, bok_2023_model(), published=load_bok_published())
    k = independent.codes().index("17")
    theta = np.random.default_rng(20240109).uniform(0.0, 1.0, BAND_DRAWS)
    domestic = 1 - theta * independent.import_ratios()[k]
    m_out, m_va = independent.domestic_leontief_type_i()
    cases: tuple[tuple[Measure, float], ...] = (
        ("output", m_out[k]),
        ("value_added", m_va[k]),
        ("jobs", independent.national_jobs_proxy("17")),  # per ₩1bn
    )
    for measure, per_won in cases:
        low, high = np.percentile(per_won * domestic, [5, 95])
        assert ev.band[measure] == pytest.approx((low * 0.95, high * 1.05), rel=1e-9), measure
    # the point: purchaser basis (θ = 1) and domestic (θ = 0), Type I and II
    m = independent.import_ratios()[k]
    assert ev.point["output"] == pytest.approx(m_out[k] * (1 - m), rel=1e-9)
    assert ev.by_basis["purchaser"]["output"] == pytest.approx(m_out[k] * (1 - m), rel=1e-9)
    assert ev.by_basis["domestic"]["output"] == pytest.approx(m_out[k], rel=1e-9)
    m2_out, _ = independent.type_ii()
    assert ev.point_ii["output"] == pytest.approx(m2_out[k] * (1 - m), rel=1e-9)
    assert ev.has_type_ii and (ev.kind, ev.basis) == ("type_i", "purchaser")
    # the ceiling: ₩1bn in each sector, Type II on the domestic basis
    assert ev.ceiling["output"] == pytest.approx(m2_out, rel=1e-9)
    assert ev.sectors["output"] == pytest.approx(m_out * (1 - independent.import_ratios()))
    # sectors a public budget buys, and the plan's own
    public = public_sectors(bok_2023_model())
    assert public is not None and not public[k]
    assert ev.eligible.tolist() == (public | (np.arange(83) == k)).tolist()


def test_the_type_ii_audit_on_the_domestic_basis() -> None:
    plan = Plan.model_validate(
        {"city": "X", "investment": 10**10, "allocation": {"shares": {"30": 1}}}
    )
    ev = gather(
        plan, bok_2023_model(), kind="type_ii", basis="domestic", published=load_bok_published()
    )
    k = independent.codes().index("30")
    m2_out, _ = independent.type_ii()
    assert ev.point["output"] == pytest.approx(m2_out[k], rel=1e-9)
    assert ev.point_ii["output"] == pytest.approx(m2_out[k], rel=1e-9)
    # both bases are shown for the audit's model: Type II here (they were Type I whatever
    # the model asked for)
    assert ev.by_basis["domestic"]["output"] == pytest.approx(m2_out[k], rel=1e-9)
    assert ev.sectors["output"] == pytest.approx(m2_out, rel=1e-9)  # the audit's model and basis
    assert ev.point_batch is not None and ev.point_batch.kinds == ("type_i", "type_ii")
    assert ev.point_batch.kinds[ev.point_column] == "type_ii"


def test_without_an_allocation_the_ranges_cover_the_public_sectors_only() -> None:
    plan = Plan.model_validate({"city": "X", "investment": 10**10})
    ev = gather(plan, bok_2023_model(), published={})
    public = public_sectors(bok_2023_model())
    assert public is not None and ev.eligible.tolist() == public.tolist()
    assert ev.published_figure("jobs") is None  # nothing published was given
    # the whole-economy benchmark: Type I on the domestic basis, weights f_d = (1 − m)(f − e) + e
    t = independent.bok_2023()
    m = independent.import_ratios()
    fd = (1 - m) * (t["f"] - t["e"]) + t["e"]
    m_out, _ = independent.domestic_leontief_type_i()
    economy = next(b for b in ev.benchmarks if b.key == "economy")
    assert economy.values["output"] == pytest.approx(float(m_out @ fd / fd.sum()), rel=1e-9)


def test_no_allocation_and_no_public_weights_leave_both_points_empty() -> None:
    plan = Plan.model_validate({"city": "X", "investment": 2100})
    ev = gather(plan, small(), published=load_bok_published())
    assert ev.point_ii == {"output": None, "value_added": None, "jobs": None}
    assert ev.by_basis == {}
