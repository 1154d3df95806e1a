"""The effects engine against an independent computation from the raw CSVs (tests.independent)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from impact.effects import EffectsEngine, engine_for, plan_effects, regional_effects
from impact.errors import InvalidInputError
from impact.io import IOModel, IOTable, bok_2023_model
from impact.plan import Plan
from impact.regions import REGIONS, get_region
from tests import independent

CODES = independent.codes()


def demand(**amounts: float) -> np.ndarray:
    """(83, 1) final demand [KRW] by sector code."""
    y = np.zeros((83, 1))
    for code, amount in amounts.items():
        y[CODES.index(code.lstrip("_")), 0] = amount
    return y


@pytest.mark.parametrize("region", [r.key for r in REGIONS])
def test_bok_2020_option_reproduces_each_regions_published_coefficients_to_the_won(
    region: str,
) -> None:
    engine = EffectsEngine(bok_2023_model(), get_region(region), regional_basis="bok_2020")
    source = independent.regional()[get_region(region).name_en]
    made = [code for code in CODES if not independent.is_placeholder(source[code])]
    Y = np.zeros((83, len(made)))
    for k, code in enumerate(made):
        Y[CODES.index(code), k] = 1_000_000_000  # ₩1bn in one sector, one column each
    batch = engine.run(Y)
    split = batch.regional
    assert split is not None and split.basis == "bok_2020"
    table = bok_2023_model().table
    for k, code in enumerate(made):
        c = source[code]
        out = regional_effects(split, k, table)
        assert out.production.in_region == round(1e9 * c["production_in_region"])
        assert out.production.rest_of_korea == pytest.approx(
            1e9 * c["production_out_region"], abs=1
        )
        assert out.value_added.in_region == round(1e9 * c["value_added_in_region"])
        assert out.value_added.rest_of_korea == pytest.approx(
            1e9 * c["value_added_out_region"], abs=1
        )
        assert out.jobs.in_region == pytest.approx(c["employment_in_region"], rel=1e-12)
        assert out.jobs.rest_of_korea == pytest.approx(c["employment_out_region"], abs=1e-9)


def test_bok_2020_leaves_out_and_lists_products_the_region_does_not_make() -> None:
    engine = EffectsEngine(bok_2023_model(), get_region("sejong"), regional_basis="bok_2020")
    batch = engine.run(demand(_54=5e9, _51=1e9))
    assert batch.regional is not None
    out = regional_effects(batch.regional, 0, bok_2023_model().table)
    c = independent.regional()["Sejong"]["51"]
    assert out.production.in_region == round(1e9 * c["production_in_region"])
    assert [(s.code, s.demand) for s in out.placeholder_sectors] == [("54", 5_000_000_000)]


def test_bok_2020_figures_are_type_i_only() -> None:
    engine = EffectsEngine(bok_2023_model(), get_region("busan"), regional_basis="bok_2020")
    with pytest.raises(InvalidInputError) as info:
        engine.run(demand(_51=1e9), kinds=["type_ii"])
    assert info.value.field == "regional_basis"


@pytest.mark.parametrize("region", ["busan", "gyeonggi", "jeju", "sejong", "seoul"])
@pytest.mark.parametrize("ell", [1.0, 0.6, 0.0])
def test_in_region_plus_rest_is_the_national_total_computed_independently(
    region: str, ell: float
) -> None:
    rng = np.random.default_rng(7)
    y = rng.random(83) * 1e9 * (rng.random(83) < 0.3)
    y[CODES.index("06")] = 2e9  # a placeholder in most regions
    batch = EffectsEngine(bok_2023_model(), get_region(region)).run(
        y[:, np.newaxis], local_share=[ell]
    )
    assert batch.regional is not None
    out = regional_effects(batch.regional, 0, bok_2023_model().table)
    output, value_added = independent.national(y)
    assert out.production.in_region + out.production.rest_of_korea == pytest.approx(output, abs=1)
    assert out.value_added.in_region + out.value_added.rest_of_korea == pytest.approx(
        value_added, abs=1
    )
    # in region = ℓ Σ_j s_j m_j y_j with s = in / (in + out) of the CSV, 0 where not made
    source = independent.regional()[get_region(region).name_en]
    m_out, m_va = independent.domestic_leontief_type_i()

    def share(code: str, measure: str) -> float:
        c = source[code]
        if independent.is_placeholder(c):
            return 0.0
        inside, out_ = c[f"{measure}_in_region"], c[f"{measure}_out_region"]
        return inside / (inside + out_) if inside + out_ > 0 else 0.0

    s_out = np.array([share(code, "production") for code in CODES])
    s_va = np.array([share(code, "value_added") for code in CODES])
    assert out.production.in_region == pytest.approx(ell * float(s_out * m_out @ y), abs=1)
    assert out.value_added.in_region == pytest.approx(ell * float(s_va * m_va @ y), abs=1)
    # jobs: (in + out) per ₩1bn of 2020 won; a placeholder's jobs from the national proxy
    e = np.array(
        [
            independent.national_jobs_proxy(code)
            if independent.is_placeholder(source[code])
            else source[code]["employment_in_region"] + source[code]["employment_out_region"]
            for code in CODES
        ]
    )
    assert out.jobs.total == pytest.approx(float(e @ y) / 1e9, rel=1e-12)
    assert out.jobs.in_region + out.jobs.rest_of_korea == pytest.approx(out.jobs.total)


def test_spending_on_a_product_the_region_does_not_make_lands_in_the_rest_of_korea() -> None:
    engine = EffectsEngine(bok_2023_model(), get_region("sejong"))
    batch = engine.run(demand(_54=1e9))
    assert batch.regional is not None
    out = regional_effects(batch.regional, 0, bok_2023_model().table)
    assert out.production.in_region == 0
    assert out.production.rest_of_korea == pytest.approx(
        independent.national(demand(_54=1e9)[:, 0])[0], abs=1
    )
    assert [s.code for s in out.placeholder_sectors] == ["54"]
    assert out.jobs.total == pytest.approx(independent.national_jobs_proxy("54"), rel=1e-12)


@pytest.mark.parametrize(
    ("year", "factor"),
    [
        # BOK's employment inducement series (prices and productivity), 2020–2023
        (2022, lambda s, d: s[2022] / s[2020]),
        # past the series: the series to 2023, then prices only (GDP deflator)
        (2024, lambda s, d: s[2023] / s[2020] * d[2023] / d[2024]),
        # before 2020 (a definition break in BOK's employment table): prices only
        (2018, lambda s, d: d[2020] / d[2018]),
    ],
)
def test_jobs_are_restated_for_prices_and_productivity(year: int, factor: Any) -> None:
    y = demand(_62=1e10)
    engine = EffectsEngine(bok_2023_model(), get_region("busan"))
    plain = engine.run(y).jobs[0]
    restated = engine.run(y, price_years=[year]).jobs[0]
    want = factor(independent.published_employment(), independent.gdp_deflator())
    assert restated == pytest.approx(plain * want, rel=1e-12)
    c = independent.regional()["Busan"]["62"]
    assert plain == pytest.approx(10 * (c["employment_in_region"] + c["employment_out_region"]))


def test_a_plan_with_no_region_takes_jobs_from_the_national_proxy() -> None:
    engine = EffectsEngine(bok_2023_model(), None)
    batch = engine.run(demand(_62=1e9, _51=3e9))
    assert batch.regional is None
    want = independent.national_jobs_proxy("62") + 3 * independent.national_jobs_proxy("51")
    assert batch.jobs[0] == pytest.approx(want, rel=1e-12)
    assert batch.jobs_rule is not None and batch.jobs_rule.proxy


def test_k_columns_give_the_same_numbers_as_k_single_runs() -> None:
    rng = np.random.default_rng(3)
    Y = rng.random((83, 5)) * 1e9
    kinds = ["type_i", "type_ii", "type_i", "type_ii", "type_i"]
    ell = [1.0, 0.5, 0.0, 0.9, 0.3]
    years = [2024, None, 2018, 2023, 2030]
    engine = EffectsEngine(bok_2023_model(), get_region("gyeongnam"))
    batch = engine.run(Y, kinds=kinds, local_share=ell, price_years=years)  # type: ignore[arg-type]
    for c in range(5):
        one = engine.run(Y[:, [c]], kinds=[kinds[c]], local_share=[ell[c]], price_years=[years[c]])  # type: ignore[list-item]
        assert batch.money["output"] is not None and one.money["output"] is not None
        assert batch.money["output"].total[c] == pytest.approx(one.money["output"].total[0])
        assert batch.jobs[c] == pytest.approx(one.jobs[0])
        assert batch.regional is not None and one.regional is not None
        for measure in ("production", "value_added", "jobs"):
            assert batch.regional.inside[measure][c] == pytest.approx(
                one.regional.inside[measure][0]
            )


def test_type_ii_jobs_scale_each_sector_by_its_type_ii_to_type_i_output_ratio() -> None:
    model = bok_2023_model()
    engine = EffectsEngine(model, get_region("daegu"))
    y = demand(_62=1e9, _41=2e9)
    one, two = engine.run(y).jobs[0], engine.run(y, kinds=["type_ii"]).jobs[0]
    m1 = model.multipliers("type_i").total["output"]
    m2 = model.multipliers("type_ii").total["output"]
    assert m1 is not None and m2 is not None
    c = independent.regional()["Daegu"]
    e = {k: c[k]["employment_in_region"] + c[k]["employment_out_region"] for k in ("62", "41")}
    i62, i41 = CODES.index("62"), CODES.index("41")
    assert one == pytest.approx(e["62"] + 2 * e["41"])
    assert two == pytest.approx(e["62"] * m2[i62] / m1[i62] + 2 * e["41"] * m2[i41] / m1[i41])


def test_a_tables_own_employment_vector_gives_its_jobs() -> None:
    table = IOTable.from_arrays([[150, 500], [200, 100]], [1000, 2000], employment=[10, 40])
    engine = EffectsEngine(IOModel(table), get_region("busan"))  # region ignored: not BOK
    batch = engine.run(np.array([[600.0], [1500.0]]))
    # Miller & Blair's two-sector example: L = [[1.2541, 0.3300], [0.2640, 1.1221]] (rounded)
    e = np.array([10 / 1000, 40 / 2000])
    L = np.linalg.solve(np.eye(2) - np.array([[0.15, 0.25], [0.2, 0.05]]), np.eye(2))
    assert batch.jobs[0] == pytest.approx(float(e @ L @ np.array([600.0, 1500.0])))
    assert batch.regional is None and batch.notes


def test_plan_effects_gives_type_i_and_ii_of_the_same_plan_in_one_call() -> None:
    plan = Plan.model_validate(
        {"city": "부산", "investment": "500억원", "allocation": {"shares": {"51": 1}}}
    )
    one, two = plan_effects(plan, bok_2023_model(), ("type_i", "type_ii"))
    assert one.totals["output"]["total"] == pytest.approx(
        independent.national(demand(_51=5e10)[:, 0])[0]
    )
    induced = two.totals["output"]["induced"]
    assert induced is not None and induced > 0
    assert one.region is not None and one.region.key == "busan"
    assert one.regional is not None and two.regional is not None


def test_the_kept_engine_is_one_per_region_answers_as_a_new_one_and_is_read_only() -> None:
    model = bok_2023_model()
    busan = get_region("busan")
    kept = engine_for(model, busan)
    assert engine_for(model, busan) is kept
    assert engine_for(model, get_region("ulsan")) is not kept
    assert engine_for(model, busan, regional_basis="bok_2020") is not kept
    Y = demand(_62=1e9, _51=3e9)
    fresh, again = EffectsEngine(model, busan).run(Y), kept.run(Y)
    assert fresh.money["output"] is not None and again.money["output"] is not None
    assert np.array_equal(fresh.money["output"].total, again.money["output"].total)
    assert np.array_equal(fresh.jobs, again.jobs)
    assert fresh.regional is not None and again.regional is not None
    assert np.array_equal(fresh.regional.inside["jobs"], again.regional.inside["jobs"])
    assert kept.rows.shares is not None
    with pytest.raises(ValueError, match="read-only"):
        kept.rows.shares[0, 0] = 0.0


def test_engines_of_other_tables_are_not_kept_with_their_model() -> None:
    model = IOModel(IOTable.from_arrays([[150, 500], [200, 100]], [1000, 2000]))
    first = engine_for(model, get_region("busan"))
    assert engine_for(model, get_region("busan")) is not first
    assert model.derived == {}  # nothing refers back to the model: it goes with its last user
    assert first.region is None  # and the region is dropped, as on any table but BOK 2023's
