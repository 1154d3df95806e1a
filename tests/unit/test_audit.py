"""The audit of a plan's claims against the BOK 2023 model (impact.audit)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from impact.audit import AuditReport, Check, audit
from impact.audit.status import STATUSES, THRESHOLDS, classify, worst
from impact.effects import plan_effects
from impact.errors import DataUnavailableError, InvalidInputError, NotFoundError
from impact.io import IOModel, IOTable, bok_2023_model, load_bok_published
from impact.plan import Plan
from impact.prices import price_factor
from impact.seeds import load_seed_plans
from tests import independent

MEASURED = ("production_multiplier", "value_added_ratio", "jobs_per_billion_krw", "total_effect")


def seed_audit(name: str, kind: str = "type_i") -> AuditReport:
    return audit(load_seed_plans()[name], bok_2023_model(), kind=kind)  # type: ignore[arg-type]


def check(report: AuditReport, code: str) -> Check:
    return next(c for c in report.checks if c.code == code)


def plan(**fields: Any) -> Plan:
    return Plan.model_validate({"city": "부산 Busan", "investment": "1,000억원", **fields})


# ------------------------------------------------------------------------- the seeds


def test_daejeon_double_count_is_flagged_and_makes_the_verdict_implausible() -> None:
    report = seed_audit("daejeon-2018")
    assert "double_counted_total" in [f.code for f in report.flags]
    arithmetic = check(report, "arithmetic")
    assert arithmetic.status == "implausible"
    assert "₩6.6T" in arithmetic.explanation.en
    assert "6조 6,000억원" in arithmetic.explanation.ko
    assert report.verdict.status == "implausible"
    assert "counts it twice" in report.verdict.en
    assert "이중계산" in report.verdict.ko


def test_seed_statuses() -> None:
    sejong = {c.code: c.status for c in seed_audit("sejong-2024").checks}
    daejeon = {c.code: c.status for c in seed_audit("daejeon-2018").checks}
    assert sejong == {
        "arithmetic": "consistent",
        "value_added_per_won": "consistent",
        "production_multiplier": "consistent",
        "value_added_ratio": "consistent",
        "jobs_per_billion_krw": "consistent",
        "regional_share": None,
    }
    assert daejeon["production_multiplier"] == "consistent"
    assert daejeon["value_added_ratio"] == "conservative"  # 0.679 vs 0.807: −15.9 %
    assert daejeon["total_effect"] == "optimistic"  # ₩6.6T = 2.357 per won vs 1.729
    assert seed_audit("sejong-2024").verdict.status == "consistent"


@pytest.mark.parametrize("name", ["sejong-2024", "daejeon-2018"])
@pytest.mark.parametrize("kind", ["type_i", "type_ii"])
def test_every_status_is_what_the_thresholds_imply(name: str, kind: str) -> None:
    report = seed_audit(name, kind)
    for c in report.checks:
        if c.code not in MEASURED or c.claimed is None:
            continue
        assert c.range is not None and c.range.ceiling is not None and c.model is not None
        expected = classify(
            c.claimed.per_unit,
            point=c.model.per_unit,
            low=c.range.min.per_unit,
            high=c.range.max.per_unit,
            ceiling=c.range.ceiling.per_unit,
        )
        assert c.status == expected, c.code
        assert c.claimed_to_model == pytest.approx(c.claimed.per_unit / c.model.per_unit)
    assert report.verdict.status == worst(c.status for c in report.checks)


def test_model_figures_come_from_plan_effects() -> None:
    sejong = load_seed_plans()["sejong-2024"]
    [effects] = plan_effects(sejong, bok_2023_model())
    report = seed_audit("sejong-2024")
    production = check(report, "production_multiplier")
    assert production.model is not None
    assert production.model.total == round(effects.totals["output"]["total"] or 0)
    jobs = check(report, "jobs_per_billion_krw")
    assert jobs.model is not None and effects.jobs is not None
    assert jobs.model.total == pytest.approx(effects.jobs)  # one source: plan_effects
    source = independent.regional()["Sejong"]
    per_bn = (
        sum(
            (source[code]["employment_in_region"] + source[code]["employment_out_region"]) * amount
            for code, amount in zip(independent.codes(), effects.demand_krw, strict=True)
        )
        / 1e9
    )
    factor = float(price_factor(2024, 2020))  # 2024 won restated in 2020 won
    assert effects.jobs == pytest.approx(per_bn * factor)
    assert "GDP deflator" in jobs.explanation.en and "2020" in jobs.explanation.en
    assert "regional" in jobs.basis


def test_sejong_texts_quote_the_numbers_in_both_languages() -> None:
    report = seed_audit("sejong-2024")
    production = check(report, "production_multiplier")
    assert production.model is not None and production.range is not None
    en, ko = production.explanation.en, production.explanation.ko
    for text in (en, ko):
        assert "1.702" in text  # claimed ₩290.1B / ₩170.4B
        assert f"{production.model.per_unit:.3f}" in text
        assert "1.827" in text  # BOK published, 2023
        assert production.range.max.code in text
    assert "₩290.1B" in en and "Livestock products" in en
    assert "2,901억원" in ko and "축산물" in ko
    assert "consistent" in en and "부합" in ko
    assert production.published is not None
    assert production.published.source_url.startswith("http")
    assert "1,998" in report.verdict.en and "1,998명" in report.verdict.ko


def test_assumed_allocation_is_said_to_be_an_assumption() -> None:
    report = seed_audit("sejong-2024")
    assert report.allocation.basis == "assumed"
    assert "assumption" in report.verdict.en and "not the city's figure" in report.verdict.en
    assert "가정" in report.verdict.ko
    assert report.allocation.notes is not None and "ASSUMED" in report.allocation.notes
    assert sum(s.share for s in report.allocation.sectors) == pytest.approx(1.0)
    assert sum(s.amount for s in report.allocation.sectors) == pytest.approx(
        170_400_000_000, abs=10
    )
    assert any("assumption" in c.en for c in report.caveats)


def test_regional_share_for_sejong() -> None:
    report = seed_audit("sejong-2024")
    assert report.regional is not None
    production = report.regional.production
    assert production.in_region_share is not None and 0.5 < production.in_region_share < 0.8
    text = check(report, "regional_share").explanation
    assert f"{production.in_region_share * 100:.1f}%" in text.en
    assert "세종" in text.ko
    assert isinstance(production.in_region, int) and isinstance(production.total, int)
    jobs = check(report, "jobs_per_billion_krw").model
    assert jobs is not None  # the same jobs, on the same (2020) price basis
    assert report.regional.jobs.total == pytest.approx(jobs.total)


def test_economy_wide_and_published_multipliers_agree_within_one_percent() -> None:
    report = seed_audit("sejong-2024")
    for code in ("production_multiplier", "value_added_ratio"):
        c = check(report, code)
        assert c.economy_wide is not None and c.published is not None
        assert c.economy_wide.per_unit == pytest.approx(c.published.value, rel=0.01)
        assert c.published.table_year == 2023


def test_recipe_provenance_thresholds_and_price_caveat() -> None:
    report = seed_audit("sejong-2024")
    assert report.recipe == bok_2023_model().recipe
    assert "한국은행" in report.provenance["table"]
    assert "regional" in report.provenance
    assert set(THRESHOLDS) <= set(report.thresholds)
    assert "price-neutral" in report.caveats[0].en
    AuditReport.model_validate_json(report.model_dump_json())  # round-trips as JSON


# --------------------------------------------------------------------- other plans


def test_without_allocation_ranges_are_reported_and_said() -> None:
    bare = plan(claims={"production_inducement": "1,800억원", "jobs": 900})
    report = audit(bare, bok_2023_model())
    production = check(report, "production_multiplier")
    assert production.model is None and production.range is not None
    assert production.range.min.per_unit < 1.8 < production.range.max.per_unit
    assert production.status == "consistent"
    assert "no allocation" in production.explanation.en
    assert "배분이 없어" in production.explanation.ko
    assert report.allocation.basis == "absent"
    assert "no split by sector" in report.verdict.en
    assert report.regional is None
    assert "depends on the sectors" in check(report, "regional_share").explanation.en


def test_a_claimed_multiplier_of_five_is_implausible() -> None:
    for allocation in (None, {"shares": {"62": 1}}):
        report = audit(
            plan(claims={"production_inducement": "5,000억원"}, allocation=allocation),
            bok_2023_model(),
        )
        production = check(report, "production_multiplier")
        assert production.status == "implausible"
        assert production.range is not None and production.range.ceiling is not None
        assert production.range.ceiling.per_unit < 5
        assert report.verdict.status == "implausible"
        assert "no allocation of the money gives it" in production.explanation.en


def test_value_added_above_spending_breaks_the_identity() -> None:
    report = audit(plan(claims={"value_added_inducement": "1,200억원"}), bok_2023_model())
    assert check(report, "value_added_per_won").status == "implausible"
    assert check(report, "arithmetic").status == "implausible"
    type_ii = audit(
        plan(claims={"value_added_inducement": "1,200억원"}), bok_2023_model(), kind="type_ii"
    )
    assert check(type_ii, "value_added_per_won").status == "optimistic"


def test_a_plan_with_no_region_gets_the_national_jobs_proxy() -> None:
    nowhere = plan(
        city="Atlantis", announced="2023-03-01", claims={"jobs": 820},
        allocation={"shares": {"62": 1}},
    )  # fmt: skip
    report = audit(nowhere, bok_2023_model())
    jobs = check(report, "jobs_per_billion_krw")
    assert jobs.model is not None and jobs.published is not None
    want = independent.national_jobs_proxy("62") * independent.to_2020_won(2023)
    assert jobs.model.per_unit == pytest.approx(want, rel=1e-12)
    assert "proxy" in jobs.basis
    assert report.region is None and report.regional is None
    assert "national" in check(report, "regional_share").explanation.en


def test_no_claims_judges_nothing() -> None:
    report = audit(plan(allocation={"shares": {"70": 1}}), bok_2023_model())
    assert report.verdict.status is None
    assert all(c.status is None for c in report.checks)
    production = check(report, "production_multiplier")
    assert production.model is not None and production.claimed is None
    assert "claims no production" in production.explanation.en


def test_type_ii_point_is_above_type_i() -> None:
    one = check(seed_audit("sejong-2024"), "production_multiplier")
    two = check(seed_audit("sejong-2024", "type_ii"), "production_multiplier")
    assert one.model is not None and two.model is not None and one.model_type_ii is not None
    assert two.model.per_unit == pytest.approx(one.model_type_ii.per_unit)
    assert two.model.per_unit > one.model.per_unit
    assert "(Type I)" in two.explanation.en  # BOK's published figure is a Type I figure


def test_a_table_with_its_own_employment_gives_jobs() -> None:
    table = IOTable.from_arrays(
        [[150, 500], [200, 100]],
        [1000, 2000],
        sectors=["62", "70"],
        employment=[10, 30],
        krw_per_unit=1e9,
        id="mb",
    )
    report = audit(plan(claims={"jobs": 2000}, allocation={"shares": {"62": 1}}), IOModel(table))
    jobs = check(report, "jobs_per_billion_krw")
    assert jobs.model is not None
    # e = [0.01, 0.015] persons per ₩1bn of output; Type I employment of sector 62 = eᵀL[:, 0]
    L = np.linalg.solve(np.eye(2) - np.array([[0.15, 0.25], [0.2, 0.05]]), np.eye(2))
    assert jobs.model.per_unit == pytest.approx(0.01 * L[0, 0] + 0.015 * L[1, 0])
    assert jobs.published is None and "table 'mb'" in jobs.basis
    assert "BOK 2023" in check(report, "regional_share").explanation.en


def test_errors_name_the_field() -> None:
    with pytest.raises(InvalidInputError) as bad_kind:
        audit(plan(), bok_2023_model(), kind="type_iii")  # type: ignore[arg-type]
    assert bad_kind.value.field == "model"
    no_unit = IOModel(IOTable.from_arrays([[150, 500], [200, 100]], [1000, 2000]))
    with pytest.raises(DataUnavailableError) as no_money:
        audit(plan(), no_unit)
    assert no_money.value.field == "table"
    with pytest.raises(NotFoundError) as unknown:
        audit(plan(allocation={"shares": {"99": 1}}), bok_2023_model())
    assert unknown.value.field == "allocation.shares.99"
    published = load_bok_published()
    assert audit(plan(), bok_2023_model(), published=published).verdict.status is None


# ------------------------------------------------------------------------ statuses


@pytest.mark.parametrize(
    ("claimed", "point", "status"),
    [
        (1.0, 1.0, "consistent"),
        (1.15, 1.0, "consistent"),
        (1.1501, 1.0, "optimistic"),
        (0.85, 1.0, "consistent"),
        (0.8499, 1.0, "conservative"),
        (3.0, 1.0, "optimistic"),
        (3.0001, 1.0, "implausible"),
        (2.0, None, "consistent"),
        (2.5, None, "optimistic"),
        (0.5, None, "conservative"),
    ],
)
def test_classify_boundaries(claimed: float, point: float | None, status: str) -> None:
    assert classify(claimed, point=point, low=1.0, high=2.0, ceiling=3.0) == status


def test_statuses_are_ordered_by_claim_and_worst_by_severity() -> None:
    assert STATUSES == ("conservative", "consistent", "optimistic", "implausible")
    assert worst(["conservative", "consistent"]) == "conservative"
    assert worst(["conservative", "optimistic", None]) == "optimistic"
    assert worst([]) is None
