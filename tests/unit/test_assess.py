"""Model-implied effects of a plan's allocated spending."""

from __future__ import annotations

import numpy as np
import pytest

from impact.assess import plan_demand, plan_effects, region_of
from impact.errors import InvalidInputError, NotFoundError
from impact.io import bok_2023_model
from impact.plan import Plan


def plan(city: str = "Busan", **allocation: object) -> Plan:
    return Plan.model_validate(
        {"city": city, "investment": "1,000억원", "allocation": allocation or None}
    )


def test_demand_is_shares_times_investment_in_table_units() -> None:
    y = plan_demand(plan(shares={"62": 0.6, "50": 0.4}), bok_2023_model().table)
    table = bok_2023_model().table
    assert y[table.index["62"]] == pytest.approx(60_000.0)  # million KRW
    assert y[table.index["50"]] == pytest.approx(40_000.0)
    assert y.sum() == pytest.approx(100_000.0)


def test_effects_match_the_model_multipliers() -> None:
    model = bok_2023_model()
    effects = plan_effects(plan(shares={"62": 1}), model)
    k = model.table.index["62"]
    multiplier = model.multipliers().total["output"]
    assert multiplier is not None
    assert effects.totals["output"]["total"] == pytest.approx(multiplier[k] * 1e11)
    assert effects.totals["output"]["induced"] is None
    assert effects.regional is None
    assert effects.jobs == pytest.approx(8.2 * 100)  # BOK 2023 average, ₩100bn
    assert "8.2" in effects.jobs_basis
    assert "10억원당 8.2명" in effects.jobs_basis_ko
    assert "used as they are" in effects.jobs_basis  # no price year: nothing restated
    assert "그대로 사용" in effects.jobs_basis_ko


def test_type_ii_adds_induced_effects() -> None:
    effects = plan_effects(plan(shares={"62": 1}), bok_2023_model(), "type_ii")
    induced = effects.totals["output"]["induced"]
    assert induced is not None and induced > 0


def test_sejong_gets_the_regional_split_and_regional_jobs() -> None:
    effects = plan_effects(plan("세종특별자치시", shares={"62": 1}), bok_2023_model())
    assert effects.regional is not None
    assert effects.regional.region == "sejong"
    production = effects.regional.production
    assert production["in_region"] + production["rest_of_korea"] == pytest.approx(
        production["total"]
    )
    assert effects.jobs == pytest.approx(effects.regional.jobs["total"])
    assert "regional" in effects.jobs_basis
    assert "지역산업연관표의 세종 취업유발계수" in effects.jobs_basis_ko
    restated = plan_effects(
        Plan.model_validate(
            {"city": "세종", "investment": "1,000억원", "announced": "2024-01-09",
             "allocation": {"shares": {"62": 1}}}
        ),
        bok_2023_model(),
    )  # fmt: skip
    assert "GDP deflator" in restated.jobs_basis
    assert "GDP 디플레이터로 2020년 가격으로 환산" in restated.jobs_basis_ko


def test_missing_allocation_and_unknown_codes_name_the_field() -> None:
    with pytest.raises(InvalidInputError) as info:
        plan_demand(plan(), bok_2023_model().table)
    assert info.value.field == "allocation"
    with pytest.raises(NotFoundError) as missing:
        plan_demand(plan(amounts={"99": "1,000억원"}), bok_2023_model().table)
    assert missing.value.field == "allocation.amounts.99"


@pytest.mark.parametrize(
    ("city", "region"),
    [("세종", "sejong"), ("Sejong City", "sejong"), ("대전광역시", "daejeon"), ("서울", None)],
)
def test_region_of(city: str, region: str | None) -> None:
    assert region_of(city) == region


def test_effects_are_linear_in_the_investment() -> None:
    model = bok_2023_model()
    small = plan_effects(plan(shares={"62": 0.5, "70": 0.5}), model)
    big_plan = plan(shares={"62": 0.5, "70": 0.5}).model_copy(update={"investment": 3 * 10**11})
    big = plan_effects(big_plan, model)
    assert np.allclose(big.by_sector["output"], 3 * small.by_sector["output"])
