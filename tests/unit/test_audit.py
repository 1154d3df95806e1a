"""The audit of a plan's claims against the BOK 2023 model (impact.audit).

Model figures are checked against a second implementation from the raw CSVs
(:mod:`tests.independent`); statuses against the cases the method must decide.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from impact.audit import AuditReport, Check, audit
from impact.audit.status import JUDGED, STATUSES, THRESHOLDS, classify, worst
from impact.errors import DataUnavailableError, InvalidInputError
from impact.io import IOModel, IOTable, bok_2023_model
from impact.plan import Plan
from impact.prices import load_price_indices
from impact.report import evaluate
from impact.seeds import load_seed_plans
from tests import independent

CODES = independent.codes()


def seed_audit(name: str, **options: Any) -> AuditReport:
    return audit(load_seed_plans()[name], bok_2023_model(), **options)


def check(report: AuditReport, code: str) -> Check:
    return next(c for c in report.checks if c.code == code)


def plan(**fields: Any) -> Plan:
    return Plan.model_validate({"city": "부산 Busan", "investment": "1,000억원", **fields})


def shares_vector(p: Plan) -> np.ndarray:
    """Purchases by sector per won of the investment (non-purchase items left out)."""
    assert p.allocation is not None
    w = np.zeros(83)
    for code, share in p.allocation.shares_of(p.investment).items():
        if code in CODES:
            w[CODES.index(code)] += float(share)
    return w


# ------------------------------------------------------------------------- the seeds


def test_daejeons_double_counted_total_is_not_comparable_not_implausible() -> None:
    report = seed_audit("daejeon-2018")
    assert "double_counted_total" in [f.code for f in report.flags]
    assert check(report, "arithmetic").status == "not_comparable"
    total = check(report, "total_effect")
    assert total.status == "not_comparable" and total.model is None
    assert "counted twice" in total.explanation.en and "이중계산" in total.explanation.ko
    assert report.verdict.status in JUDGED  # judged on production, value added and jobs
    assert "not comparable" in report.verdict.en and "비교 불가" in report.verdict.ko


def test_seed_statuses_before_and_after_the_method() -> None:
    sejong = {c.code: c.status for c in seed_audit("sejong-2024").checks}
    daejeon = {c.code: c.status for c in seed_audit("daejeon-2018").checks}
    assert sejong["production_multiplier"] == "consistent"  # 1.702 in the band 1.40–1.76
    assert sejong["value_added_ratio"] == "consistent"
    assert sejong["jobs_per_billion_krw"] == "optimistic"  # 1,998 vs 1,518 job-years
    assert daejeon["value_added_ratio"] == "consistent"  # 0.679: conservative before
    assert daejeon["production_multiplier"] == "consistent"


def test_the_point_is_the_allocation_with_imports_taken_out() -> None:
    sejong = load_seed_plans()["sejong-2024"]
    report = audit(sejong, bok_2023_model())
    production = check(report, "production_multiplier")
    value_added = check(report, "value_added_ratio")
    w = shares_vector(sejong)
    m = independent.import_ratios()
    m_out, m_va = independent.domestic_leontief_type_i()
    assert production.model is not None and value_added.model is not None
    assert production.model.per_unit == pytest.approx(float(m_out @ ((1 - m) * w)), rel=1e-12)
    assert value_added.model.per_unit == pytest.approx(float(m_va @ ((1 - m) * w)), rel=1e-12)
    by_basis = production.model_by_basis
    assert by_basis["domestic"].per_unit == pytest.approx(float(m_out @ w), rel=1e-12)
    assert by_basis["purchaser"].per_unit == production.model.per_unit
    assert production.model.per_unit == pytest.approx(1.494, abs=5e-4)  # the figure
    assert report.basis == "purchaser"
    domestic = audit(sejong, bok_2023_model(), basis="domestic")
    assert check(domestic, "production_multiplier").model.per_unit == pytest.approx(  # type: ignore[union-attr]
        float(m_out @ w), rel=1e-12
    )


def test_jobs_are_restated_for_prices_and_labour_productivity() -> None:
    sejong = load_seed_plans()["sejong-2024"]  # 2024 won: past BOK's series (2020–2023)
    jobs = check(audit(sejong, bok_2023_model(), basis="domestic"), "jobs_per_billion_krw")
    series = independent.published_employment()
    deflator = independent.gdp_deflator()
    factor = series[2023] / series[2020] * deflator[2023] / deflator[2024]
    source = independent.regional()["Sejong"]
    e = np.array(
        [source[c]["employment_in_region"] + source[c]["employment_out_region"] for c in CODES]
    )
    want = float(e @ shares_vector(sejong)) * factor  # persons per ₩1bn of 2024 won
    readings = {r.name: r for r in jobs.readings}
    job_years = readings["job_years"].model
    assert job_years is not None and job_years.per_unit == pytest.approx(want, rel=1e-12)
    assert job_years.total == pytest.approx(1659, abs=1)  # the figure
    assert "0.8454" in jobs.explanation.en  # 8.2 ÷ 9.7, the series' ratio
    positions = readings["positions"].model
    assert positions is not None and positions.total == pytest.approx(job_years.total / 3)


def test_jobs_are_read_as_job_years_and_as_positions() -> None:
    jobs = check(seed_audit("sejong-2024"), "jobs_per_billion_krw")
    assert jobs.likely_reading == "job_years"  # 1,998 is near the job-years, far from positions
    statuses = {r.name: r.status for r in jobs.readings}
    assert statuses == {"job_years": "optimistic", "positions": "implausible"}
    assert "most likely counts job-years" in jobs.explanation.en
    assert "연인원일 가능성" in jobs.explanation.ko
    no_period = check(seed_audit("daejeon-2018"), "jobs_per_billion_krw")
    assert [r.name for r in no_period.readings] == ["job_years"]


# ------------------------------------------------------------------ statuses that bite


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"investment": "2조 8000억원", "city": "대전", "claims": {"jobs": 500_000}},
         "jobs_per_billion_krw"),
        ({"claims": {"jobs": 10_000}}, "jobs_per_billion_krw"),  # ₩10M a job
        ({"claims": {"jobs": 10_000}, "allocation": {"shares": {"78": 1}}}, "jobs_per_billion_krw"),
        ({"city": "Atlantis", "claims": {"jobs": 10_000}}, "jobs_per_billion_krw"),
        ({"claims": {"production_inducement": "5,000억원"}}, "production_multiplier"),
    ],
)  # fmt: skip
def test_claims_no_allocation_can_reach_are_implausible(fields: dict[str, Any], code: str) -> None:
    report = audit(plan(**fields), bok_2023_model())
    assert check(report, code).status == "implausible"
    assert report.verdict.status == "implausible"


def test_a_claim_of_2_35_per_won_without_an_allocation_is_not_consistent() -> None:
    sejong = load_seed_plans()["sejong-2024"].model_copy(
        update={"allocation": None, "claims": plan(claims={}).claims}
    )
    claimed = round(2.35 * sejong.investment)
    bare = sejong.model_copy(
        update={"claims": plan(claims={"production_inducement": claimed}).claims}
    )
    production = check(audit(bare, bok_2023_model()), "production_multiplier")
    assert production.status not in ("consistent", "conservative")
    assert production.band is not None and production.band.high.per_unit < 2.35


def test_the_ceiling_is_the_highest_type_ii_public_sector_on_the_domestic_basis() -> None:
    production = check(seed_audit("sejong-2024"), "production_multiplier")
    assert production.range is not None and production.range.ceiling is not None
    public = independent.bok_final_demand(
        "government_consumption_mkrw"
    ) + independent.bok_final_demand("government_gfcf_mkrw")
    eligible = (np.clip(public, 0, None) / np.clip(public, 0, None).sum() >= 0.001) | (
        shares_vector(load_seed_plans()["sejong-2024"]) > 0
    )
    m2, _ = independent.type_ii()
    k = int(np.argmax(np.where(eligible, m2, -np.inf)))
    assert production.range.ceiling.code == CODES[k]
    assert production.range.ceiling.per_unit == pytest.approx(m2[k], rel=1e-12)


def test_without_an_allocation_the_model_is_the_public_spending_average() -> None:
    bare = plan(claims={"production_inducement": "1,800억원"})
    report = audit(bare, bok_2023_model())
    production = check(report, "production_multiplier")
    public = independent.bok_final_demand(
        "government_consumption_mkrw"
    ) + independent.bok_final_demand("government_gfcf_mkrw")
    w = np.clip(public, 0, None) / np.clip(public, 0, None).sum()
    m_out, _ = independent.domestic_leontief_type_i()
    want = float(m_out @ ((1 - independent.import_ratios()) * w))
    assert production.model is not None and production.model.per_unit == pytest.approx(want)
    assert {b.key for b in production.benchmarks} >= {"economy", "public", "government_gfcf"}
    assert report.allocation.basis == "absent" and report.regional is None
    assert "public spending" in report.verdict.en


def test_the_band_holds_the_point_and_is_wider_for_an_assumed_allocation() -> None:
    stated = plan(allocation={"shares": {"62": "0.5", "51": "0.5"}, "basis": "stated"})
    assumed = plan(allocation={"shares": {"62": "0.5", "51": "0.5"}, "basis": "assumed"})
    one, two = (
        check(audit(p, bok_2023_model()), "production_multiplier") for p in (stated, assumed)
    )
    for c in (one, two):
        assert c.band is not None and c.model is not None
        assert c.band.low.per_unit < c.model.per_unit < c.band.high.per_unit
    assert one.band is not None and two.band is not None
    width = one.band.high.per_unit - one.band.low.per_unit
    assert two.band.high.per_unit - two.band.low.per_unit > width
    again = check(audit(stated, bok_2023_model()), "production_multiplier")
    assert again.band == one.band  # seeded: the same plan, the same band


def test_non_purchase_items_buy_no_output() -> None:
    whole = plan(allocation={"amounts": {"51": "1,000억원"}})
    bridged = plan(
        allocation={"amounts": {"51": "700억원", "land": "200억원", "reserves": "100억원"}}
    )
    one, two = (audit(p, bok_2023_model()) for p in (whole, bridged))
    first, second = (
        check(one, "production_multiplier").model,
        check(two, "production_multiplier").model,
    )
    assert first is not None and second is not None
    assert second.total == pytest.approx(0.7 * first.total, abs=1)
    assert two.allocation.purchases == 70_000_000_000
    assert two.allocation.non_purchases == 30_000_000_000
    assert [s.purchase for s in two.allocation.sectors] == [True, False, False]


def test_range_band_and_ceiling_leave_non_purchases_out_too() -> None:
    """With 30 % of the budget in land and reserves, no allocation of the rest can give more
    than 70 % of what a sector gives per won: the single-sector range and the ceiling are per
    won of the whole investment, and the band of a one-sector plan is its point."""
    bridged = plan(
        allocation={"amounts": {"51": "700억원", "land": "200억원", "reserves": "100억원"}}
    )
    production = check(audit(bridged, bok_2023_model()), "production_multiplier")
    assert production.range is not None and production.range.ceiling is not None
    m2, _ = independent.type_ii()
    k = CODES.index(production.range.ceiling.code)
    assert production.range.ceiling.per_unit == pytest.approx(0.7 * m2[k], rel=1e-12)
    assert production.model is not None and production.band is not None
    assert production.band.low.per_unit == pytest.approx(production.model.per_unit * 0.95)
    assert production.band.high.per_unit == pytest.approx(production.model.per_unit * 1.05)


def test_a_budget_that_buys_nothing_cannot_claim_jobs() -> None:
    land = plan(allocation={"amounts": {"land": "1,000억원"}}, claims={"jobs": 100})
    report = audit(land, bok_2023_model())
    jobs = check(report, "jobs_per_billion_krw")
    assert jobs.model is not None and jobs.model.total == 0
    assert jobs.status == "implausible"
    assert "n/a" not in report.verdict.en  # no in-region share of nothing


def test_taxes_on_production_are_reported_national_and_gross() -> None:
    sejong = load_seed_plans()["sejong-2024"]
    taxes = check(audit(sejong, bok_2023_model()), "taxes")
    t = independent.bok_2023()
    tau = t["t"] / t["x"]
    m = independent.import_ratios()
    Ad = (1 - m)[:, np.newaxis] * (t["Z"] / t["x"])
    L = np.linalg.solve(np.eye(83) - Ad, np.eye(83))
    want = float(tau @ L @ ((1 - m) * shares_vector(sejong)))
    assert taxes.status is None and taxes.model is not None
    assert taxes.model.per_unit == pytest.approx(want, rel=1e-12)
    assert "national and gross" in taxes.explanation.en


def test_type_ii_point_is_above_type_i_and_uses_disposable_income() -> None:
    one = check(seed_audit("sejong-2024"), "production_multiplier")
    two = check(seed_audit("sejong-2024", kind="type_ii"), "production_multiplier")
    assert one.model is not None and two.model is not None and one.model_type_ii is not None
    assert two.model.per_unit == pytest.approx(one.model_type_ii.per_unit)
    m2, _ = independent.type_ii()
    w = shares_vector(load_seed_plans()["sejong-2024"])
    assert two.model.per_unit == pytest.approx(float(m2 @ ((1 - independent.import_ratios()) * w)))


# ----------------------------------------------------------------------------- words


def test_sejong_texts_quote_the_numbers_in_both_languages() -> None:
    report = seed_audit("sejong-2024")
    production = check(report, "production_multiplier")
    assert production.model is not None and production.band is not None
    for text in (production.explanation.en, production.explanation.ko):
        assert "1.702" in text  # claimed ₩290.1B / ₩170.4B
        assert f"{production.model.per_unit:.3f}" in text
        assert f"{production.band.high.per_unit:.3f}" in text
    assert "purchaser spending" in production.explanation.en
    assert "구매자 지출 기준" in production.explanation.ko
    assert "assumption" in report.verdict.en and "가정" in report.verdict.ko


def test_recipe_provenance_thresholds_and_caveats() -> None:
    report = seed_audit("sejong-2024")
    assert {"band", "budget_basis", "ceiling", "type_ii_closure"} <= set(report.recipe)
    assert "0.5609" in report.recipe["type_ii_closure"]
    assert "가계동향조사" in report.provenance["household_respending"]
    assert set(THRESHOLDS) >= {"consistent", "not_comparable", "overall"}
    assert any("labour productivity" in c.en for c in report.caveats)


def test_value_added_above_spending_breaks_the_identity() -> None:
    report = audit(plan(claims={"value_added_inducement": "1,500억원"}), bok_2023_model())
    assert check(report, "value_added_per_won").status == "implausible"
    assert report.verdict.status == "implausible"


def test_no_claims_judges_nothing() -> None:
    report = audit(plan(allocation={"shares": {"70": 1}}), bok_2023_model())
    assert report.verdict.status is None
    assert all(c.status is None for c in report.checks)
    assert "claims no production" in check(report, "production_multiplier").explanation.en


def test_a_table_with_its_own_employment_gives_jobs() -> None:
    table = IOTable.from_arrays(
        [[150, 500], [200, 100]], [1000, 2000], employment=[10, 40], krw_per_unit=1e6
    )
    p = Plan.model_validate(
        {"city": "X", "investment": "10억원", "claims": {"jobs": 20},
         "allocation": {"shares": {"1": 1}}}
    )  # fmt: skip
    jobs = check(audit(p, IOModel(table), basis="domestic"), "jobs_per_billion_krw")
    L = np.linalg.solve(np.eye(2) - np.array([[0.15, 0.25], [0.2, 0.05]]), np.eye(2))
    e = np.array([10 / 1000, 40 / 2000])  # persons per million KRW
    assert jobs.model is not None
    assert jobs.model.per_unit == pytest.approx(float(e @ L[:, 0]) * 1000)


def test_errors_name_the_field() -> None:
    with pytest.raises(InvalidInputError) as info:
        audit(plan(), bok_2023_model(), kind="type_iii")  # type: ignore[arg-type]
    assert info.value.field == "model"
    with pytest.raises(InvalidInputError) as basis:
        audit(plan(), bok_2023_model(), basis="retail")  # type: ignore[arg-type]
    assert basis.value.field == "basis"
    with pytest.raises(InvalidInputError) as missing:
        audit(plan(allocation={"shares": {"99": 1}}), bok_2023_model())
    assert missing.value.field == "allocation.shares.99"
    table = IOTable.from_arrays([[150, 500], [200, 100]], [1000, 2000])
    with pytest.raises(DataUnavailableError) as unit:
        audit(plan(), IOModel(table))
    assert unit.value.field == "table"


# -------------------------------------------------------------------------- statuses


@pytest.mark.parametrize(
    ("claimed", "status"),
    [(0.99, "conservative"), (1.0, "consistent"), (2.0, "consistent"), (2.01, "optimistic"),
     (3.0, "optimistic"), (3.01, "implausible")],
)  # fmt: skip
def test_classify_boundaries(claimed: float, status: str) -> None:
    assert classify(claimed, low=1.0, high=2.0, ceiling=3.0) == status


def test_statuses_are_ordered_and_not_comparable_is_not_judged() -> None:
    assert STATUSES[-1] == "not_comparable"
    assert worst(["consistent", "not_comparable"]) == "consistent"
    assert worst(["not_comparable"]) is None
    assert worst(["optimistic", "implausible", "conservative"]) == "implausible"


def test_an_estimated_claim_is_judged_as_the_exact_one_and_shown_as_an_estimate() -> None:
    exact = seed_audit("sejong-2024")
    seed = load_seed_plans()["sejong-2024"].model_dump(mode="json")
    seed["claims"] |= {"jobs": "약 1,998명", "production_inducement": "2,901억원 가량"}
    estimated = audit(Plan.model_validate(seed), bok_2023_model())
    assert estimated.plan.approximate == ("claims.production_inducement", "claims.jobs")
    for code in ("production_multiplier", "jobs_per_billion_krw", "value_added_per_won"):
        before, after = check(exact, code), check(estimated, code)
        assert before.claimed is not None and after.claimed is not None
        assert after.status == before.status
        assert after.claimed.total == before.claimed.total
        if code == "value_added_per_won":  # stated exactly: shown as before
            assert after.claimed.display == before.claimed.display
            continue
        assert after.claimed.display.en == f"about {before.claimed.display.en}"
        assert after.claimed.display.ko == f"약 {before.claimed.display.ko}"
        assert f"about {before.claimed.display.en}" in after.explanation.en
        assert f"약 {before.claimed.display.ko}" in after.explanation.ko
    assert "claimed about 1,998 jobs vs model" in estimated.verdict.en
    assert "주장 약 1,998명, 모형" in estimated.verdict.ko
    regional = check(estimated, "regional_share").explanation
    assert "If the claimed about ₩290.1B is meant as production" in regional.en
    assert "주장 생산유발액 약 2,901억원이 지역 내 효과라면" in regional.ko


def test_an_estimated_double_counted_total_says_so() -> None:
    report = audit(
        plan(claims={"production_inducement": "1,500억원", "value_added_inducement": "600억원",
                     "total_effect": "약 2,100억원"}),
        bok_2023_model(),
    )  # fmt: skip
    total = check(report, "total_effect")
    assert total.status == "not_comparable"
    assert total.claimed is not None and total.claimed.display.ko == "약 2,100억원"
    assert "The headline total of about ₩210B adds value added" in total.explanation.en
    assert "헤드라인 총효과 약 2,100억원은" in total.explanation.ko


def test_texts_about_a_huge_claim_show_no_float_noise() -> None:
    """Every ratio written in the audit's and the report's texts for claims of 10^24 won on
    one won has at most the 17 significant digits a float holds (the value-added wording
    once read 999999999999999983222784.000)."""
    huge = "999999999999999999999999"
    claims = {"production_inducement": huge, "value_added_inducement": huge, "jobs": huge}
    p = plan(investment=1, claims=claims, allocation={"shares": {"62": 1}})
    texts = audit(p, bok_2023_model()).model_dump_json() + evaluate(p).model_dump_json()
    numbers = re.findall(r"\d[\d,]*\.\d+", texts)  # ratios; money is exact integer won
    assert any(len(n) > 20 for n in numbers)  # the huge ratios are written out
    for number in numbers:
        digits = Decimal(number.replace(",", "")).normalize().as_tuple().digits
        assert len(digits) <= 17, number


def _prices_caveat(report: AuditReport) -> tuple[str, str]:
    [caveat] = [c for c in report.caveats if c.en.startswith("Prices and productivity")]
    return caveat.en, caveat.ko


def test_the_prices_caveat_says_what_the_plans_year_did_to_the_jobs() -> None:
    # a review found the verdict moving with a missing or out-of-range year, said nowhere a
    # reader looks first ('주장 수치는 미상년 원화입니다')
    plan = {"city": "세종", "investment": "1704억", "claims": {"jobs": 1998}}
    en, ko = _prices_caveat(audit(Plan.model_validate(plan), bok_2023_model()))
    assert "neither price_year nor announced" in en and "as if its won were 2020 won" in en
    assert "price_year를 주세요" in ko and "미상" not in ko
    first, last = load_price_indices().years[0], load_price_indices().years[-1]
    for year, stand_in in ((first - 30, first), (last + 70, last)):
        en, ko = _prices_caveat(
            audit(Plan.model_validate(plan | {"price_year": year}), bok_2023_model())
        )
        assert f"have no {year}, so {stand_in} prices (the nearest) are used" in en
        assert f"{year}년이 없어 가장 가까운 {stand_in}년 가격을 사용" in ko
    en, _ = _prices_caveat(
        audit(Plan.model_validate(plan | {"price_year": last - 1}), bok_2023_model())
    )
    assert "nearest" not in en and f"to {last - 1} prices" in en


@pytest.mark.parametrize(("written", "ko", "en"), [
    ("약 4조 3,000억원", "투자액 약 4조 3,000억원의", "investment of about ₩4.3T by sector"),
    ("4조 3,000억원", "투자액 4조 3,000억원의", "investment of ₩4.3T by sector"),
])  # fmt: skip
def test_the_verdict_says_about_when_the_investment_is_an_estimate(
    written: str, ko: str, en: str
) -> None:
    """The verdict's allocation sentence marks the investment as the plan's display does
    (it dropped the 약 of "약 4조 3,000억원")."""
    plan = Plan.model_validate({
        "city": "대전", "investment": written, "price_year": 2024,
        "claims": {"jobs": 30_000},
        "allocation": {"shares": {"62": 0.5, "70": 0.5}, "basis": "stated"},
    })  # fmt: skip
    verdict = audit(plan, bok_2023_model()).verdict
    assert ko in verdict.ko
    assert en in verdict.en


def test_model_jobs_are_person_years_and_a_claim_keeps_its_word() -> None:
    """The audit called the model's 29,779 'jobs' (명) where every other tab said person-years
    (인년); a claim stays the plan's jobs; a sector's rate keeps its unit in Korean."""
    report = audit(load_seed_plans()["daejeon-2018"], bok_2023_model())
    check = next(c for c in report.checks if c.code == "jobs_per_billion_krw")
    assert check.model is not None and check.claimed is not None
    assert check.model.display.en == f"{round(check.model.total):,} person-years"
    assert check.model.display.ko == f"{round(check.model.total):,}인년"
    assert check.claimed.display.model_dump() == {"en": "36,000 jobs", "ko": "36,000명"}
    assert "claimed 36,000 jobs vs model 29,779 person-years" in report.verdict.en
    low = check.range.min if check.range else None
    assert low is not None
    assert f"10억원당 {low.per_unit:.1f}명 ({low.code} " in check.explanation.ko


def test_a_type_ii_audit_gives_both_bases_in_its_words_too() -> None:
    """model_by_basis is the audit's model (Type II here); the sentence names the other basis
    as a Type I audit's does (it left it out for Type II)."""
    report = audit(load_seed_plans()["sejong-2024"], bok_2023_model(), kind="type_ii")
    check = next(c for c in report.checks if c.code == "production_multiplier")
    other = check.model_by_basis["domestic"]
    assert f"; {other.per_unit:.3f} ({other.display.en}) if all purchases domestic" in (
        check.explanation.en
    )
