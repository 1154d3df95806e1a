"""From a plan to the engine: demand, region, bases and price year, against hand computations
and the raw CSVs (tests.independent)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import pytest

from impact.effects import plan_effects
from impact.effects.plans import (
    NO_ALLOCATION,
    non_purchases,
    plan_demand,
    plan_engine,
    plan_region,
)
from impact.errors import DataUnavailableError, InvalidInputError
from impact.io import IOTable, bok_2023_model
from impact.plan import Plan
from impact.regions import REGION_HELP_EN, REGION_HELP_KO, get_region
from tests import independent

CODES = independent.codes()


def plan(**fields: Any) -> Plan:
    return Plan.model_validate({"city": "부산", "investment": 10**10, **fields})


def test_non_purchases_are_the_exact_shares_of_items_that_buy_no_output() -> None:
    p = plan(allocation={"shares": {"51": "0.6", "land": "0.3", "wages": "0.1"}})
    assert non_purchases(p) == {"land": Fraction(3, 10), "wages": Fraction(1, 10)}
    assert non_purchases(plan()) == {}
    amounts = plan(allocation={"amounts": {"land": 2 * 10**9, "51": 8 * 10**9}})
    assert non_purchases(amounts) == {"land": Fraction(1, 5)}


def test_plan_demand_is_share_times_investment_in_table_order_without_non_purchases() -> None:
    table = bok_2023_model().table
    # a non-purchase item first: it is skipped, and the sectors after it still count
    p = plan(allocation={"shares": {"land": "0.25", "51": "0.5", "62": "0.25"}})
    want = np.zeros(83)
    want[CODES.index("51")] = 5e9  # ½ of ₩10bn
    want[CODES.index("62")] = 2.5e9  # ¼; land buys no output
    assert plan_demand(p, table).tolist() == want.tolist()
    amounts = plan(allocation={"amounts": {"41": 7 * 10**9, "transfers": 3 * 10**9}})
    want = np.zeros(83)
    want[CODES.index("41")] = 7e9
    assert plan_demand(amounts, table).tolist() == want.tolist()


def test_plan_demand_refuses_a_plan_without_allocation_a_table_without_won_and_a_code() -> None:
    table = bok_2023_model().table
    with pytest.raises(InvalidInputError) as info:
        plan_demand(plan(), table, field="plan.allocation")
    assert (str(info.value.args[0]), info.value.field) == (NO_ALLOCATION, "plan.allocation")
    assert NO_ALLOCATION == (
        "the plan states no allocation by sector; give shares or amounts by sector code"
    )
    custom = IOTable.from_arrays([[150, 500], [200, 100]], [1000, 2000])
    with pytest.raises(DataUnavailableError) as unit:
        plan_demand(plan(allocation={"shares": {"1": 1}}), custom)
    assert (str(unit.value.args[0]), unit.value.field) == (
        "table 'custom' has no known KRW per unit; it cannot take won amounts",
        "table",
    )
    with pytest.raises(InvalidInputError) as shares:
        plan_demand(plan(allocation={"shares": {"99": 1}}), table)
    assert (str(shares.value.args[0]), shares.value.field) == (
        (
            "sector code '99' is not in table 'bok-2023', whose 83 sector codes are '01' … '83' "
            "(the table's description lists them; a plan's allocation may also name land, "
            "transfers, wages and the other non-purchase items)"
        ),
        "allocation.shares.99",
    )
    with pytest.raises(InvalidInputError) as amounts:
        plan_demand(plan(allocation={"amounts": {"99": 10**10}}), table, field="a")
    assert amounts.value.field == "a.amounts.99"


def test_the_region_given_wins_over_the_city() -> None:
    choice = plan_region(plan(city="창원", region="busan"))
    assert choice.region is get_region("busan")
    assert choice.how == ("region given: Busan (부산)", "지역 지정: 부산(Busan)")


def test_a_city_gives_its_region_and_an_unknown_city_national_figures() -> None:
    found = plan_region(plan(city="창원"))
    assert found.region is get_region("gyeongnam")
    assert found.how == (
        "city '창원시' (Changwon-si) is in 경남 (Gyeongnam)",
        "'창원시'는 경상남도의 시",
    )
    none = plan_region(plan(city="Atlantis"))
    assert none.region is None
    assert none.how == (
        "the city 'Atlantis' names no region of Korea, so every figure is national. "
        + REGION_HELP_EN,
        "도시명 'Atlantis'에서 지역을 찾지 못해 모든 수치는 전국 기준입니다. " + REGION_HELP_KO,
    )


def test_plan_engine_takes_the_plans_region_and_the_basis_asked_for() -> None:
    model = bok_2023_model()
    engine = plan_engine(plan(city="창원"), model, regional_basis="bok_2020")
    assert (engine.region, engine.regional_basis) == (get_region("gyeongnam"), "bok_2020")
    assert engine.model is model
    default = plan_engine(plan(), model)
    assert (default.region, default.regional_basis) == (get_region("busan"), "national_2023")


def test_plan_effects_bases_local_share_and_price_year() -> None:
    model = bok_2023_model()
    p = plan(allocation={"shares": {"30": 1}}, price_year=2022)  # ₩10bn of sector 30
    y = np.zeros(83)
    y[CODES.index("30")] = 1e10
    m = independent.import_ratios()
    purchaser, domestic = plan_effects(
        p, model, ("type_i", "type_i"), local_share=0.4, bases=["purchaser", "domestic"]
    )
    # purchaser spending: the sector's import share m_30 is bought abroad
    assert purchaser.totals["output"]["total"] == pytest.approx(
        independent.national((1 - m) * y)[0], rel=1e-9
    )
    assert domestic.totals["output"]["total"] == pytest.approx(independent.national(y)[0], rel=1e-9)
    assert (purchaser.basis, domestic.basis) == ("purchaser", "domestic")
    for effects in (purchaser, domestic):
        assert effects.regional is not None and effects.regional.local_share == 0.4
    # jobs: Busan's (in + out) coefficient per ₩1bn, restated from 2020 to 2022 won
    c = independent.regional()["Busan"]["30"]
    e = c["employment_in_region"] + c["employment_out_region"]
    assert domestic.jobs == pytest.approx(10 * e * independent.restate_2020(2022), rel=1e-12)
    [default] = plan_effects(p, model)  # purchaser basis, all spending in the region
    assert default.basis == "purchaser"
    assert default.regional is not None and default.regional.local_share == 1.0
    assert default.model == "type_i"


def test_plan_effects_names_the_field_of_a_missing_allocation() -> None:
    with pytest.raises(InvalidInputError) as default:
        plan_effects(plan(), bok_2023_model())
    assert default.value.field == "allocation"
    with pytest.raises(InvalidInputError) as named:
        plan_effects(plan(), bok_2023_model(), field="plans[1].allocation")
    assert named.value.field == "plans[1].allocation"
