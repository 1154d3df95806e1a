"""The engine's rules besides the figures: which jobs coefficients, which basis, which notes,
and the refusals — with the wording a report cites, and hand-computed small tables."""

from __future__ import annotations

import math

import numpy as np
import pytest

from impact.effects import EffectsEngine
from impact.effects.engine import EngineRows, split_and_jobs
from impact.errors import InvalidInputError
from impact.io import IOModel, IOTable, bok_2023_model
from impact.regions import get_region
from tests import independent

A = np.array([[0.15, 0.25], [0.2, 0.05]])  # Miller & Blair's two-sector example
L = np.linalg.solve(np.eye(2) - A, np.eye(2))
Y2 = np.array([[600.0], [1500.0]])


def small(**kwargs: object) -> IOModel:
    return IOModel(IOTable.from_arrays([[150, 500], [200, 100]], [1000, 2000], **kwargs))  # type: ignore[arg-type]


def test_a_region_on_the_bok_table_cites_its_coefficients() -> None:
    engine = EffectsEngine(bok_2023_model(), get_region("sejong"))
    assert engine.jobs_rule is not None and not engine.jobs_rule.proxy
    assert engine.jobs_rule.year == 2020
    assert engine.jobs_rule.basis == (
        (
            "BOK 2020 regional employment inducement coefficients for demand placed in Sejong "
            "(persons per ₩1bn, in the region + the rest of Korea); products the region does not "
            "make: the national proxy"
        ),
        (
            "한국은행 2020년 지역산업연관표의 세종 취업유발계수 (최종수요 10억원당 명, "
            "역내 + 역외); 역내 생산이 없는 부문은 전국 대용치"
        ),
    )
    assert engine.notes == ()
    # per KRW: (in + out) per ₩1bn ÷ 10⁹; a product Sejong does not make: the national proxy
    source = independent.regional()["Sejong"]
    codes = independent.codes()
    per_krw = engine.jobs_rule.per_krw
    assert per_krw is not None
    k51, k54 = codes.index("51"), codes.index("54")
    c51 = source["51"]
    assert per_krw[k51] == pytest.approx(
        (c51["employment_in_region"] + c51["employment_out_region"]) / 1e9, rel=1e-12
    )
    assert per_krw[k54] == pytest.approx(independent.national_jobs_proxy("54") / 1e9, rel=1e-12)


def test_no_region_on_the_bok_table_cites_the_national_proxy() -> None:
    engine = EffectsEngine(bok_2023_model(), None)
    assert engine.jobs_rule is not None and engine.jobs_rule.proxy
    assert (engine.jobs_rule.year, engine.region) == (2020, None)
    assert engine.jobs_rule.basis == (
        (
            "national proxy: for each product, the mean of the BOK 2020 regional employment "
            "inducement coefficients (in + out) of the regions that make it (persons per ₩1bn); "
            "the plan names no region"
        ),
        (
            "전국 대용치: 부문별로 해당 제품을 생산하는 지역들의 한국은행 2020년 지역 "
            "취업유발계수(역내 + 역외) 평균(10억원당 명); 계획에 지역이 없음"
        ),
    )


def test_another_table_has_no_regional_split_and_says_so() -> None:
    engine = EffectsEngine(small(), get_region("busan"))
    assert (engine.region, engine.jobs_rule) == (None, None)
    assert engine.notes == (
        (
            (
                "no regional split on table 'custom': the BOK 2020 regional coefficients are for "
                "the BOK 2023 table's 83 sectors"
            ),
            (
                "표 'custom'에는 지역 분할이 없음: 한국은행 2020 지역 계수는 2023 산업연관표 "
                "83부문 기준"
            ),
        ),
    )
    batch = engine.run(Y2)
    assert batch.regional is None and math.isnan(batch.jobs[0])
    assert batch.jobs_basis(0) == (
        "no employment coefficients for this table",
        "이 표에는 취업계수가 없음",
    )
    assert batch.restatements == (None,)


def test_a_tables_own_jobs_are_per_table_unit_and_not_restated() -> None:
    engine = EffectsEngine(small(employment=[10, 40], krw_per_unit=1e6), None)
    assert engine.jobs_rule is not None and engine.jobs_rule.per_krw is None
    assert engine.jobs_rule.basis == (
        "employment coefficients of table 'custom'",
        "표 'custom'의 취업계수",
    )
    batch = engine.run(Y2 * 1e6, price_years=[2024])  # ₩600m and ₩1.5bn = 600 and 1,500 units
    e = np.array([10 / 1000, 40 / 2000])  # persons per unit of output
    assert batch.jobs[0] == pytest.approx(float(e @ L @ Y2[:, 0]), rel=1e-12)
    assert batch.restatements == (None,)
    assert batch.jobs_basis(0) == engine.jobs_rule.basis
    assert "jobs" not in batch.money  # jobs are no money metric


def test_a_noncompetitive_table_takes_purchases_as_domestic_demand() -> None:
    engine = EffectsEngine(small(imports_basis="noncompetitive_row"), None)
    assert engine.notes == (
        (
            (
                "table 'custom' records imports as a row, without import ratios by product: "
                "purchases are taken as final demand for domestic products"
            ),
            (
                "표 'custom'은(는) 수입을 별도 행으로 기록해 상품별 수입 비율이 없으므로 구매액을 "
                "국산품 최종수요로 간주"
            ),
        ),
    )
    batch = engine.run(Y2, import_share=[1.0])
    assert batch.import_share.tolist() == [0.0]
    assert batch.demand.tolist() == Y2.tolist()
    output = batch.money["output"]
    assert output is not None
    assert output.total[0] == pytest.approx(float((L @ Y2[:, 0]).sum()), rel=1e-12)
    assert output.direct[0] == pytest.approx(2100.0)  # the demand itself
    assert output.indirect[0] == pytest.approx(float((L @ Y2[:, 0]).sum()) - 2100.0)
    assert math.isnan(output.induced[0])  # Type I: not computed, not zero


def test_purchaser_spending_takes_the_imports_out_first() -> None:
    engine = EffectsEngine(bok_2023_model(), None)
    y = np.zeros(83)
    y[independent.codes().index("30")] = 1e10
    m = independent.import_ratios()
    batch = engine.run(y[:, np.newaxis], import_share=[1.0])
    assert batch.demand[:, 0] == pytest.approx((1 - m) * y)
    assert batch.purchases[:, 0].tolist() == y.tolist()
    output = batch.money["output"]
    assert output is not None
    assert output.total[0] == pytest.approx(independent.national((1 - m) * y)[0], rel=1e-9)
    default = engine.run(y[:, np.newaxis])  # θ = 0 unless asked
    assert default.import_share.tolist() == [0.0]
    assert default.demand[:, 0].tolist() == y.tolist()


def test_type_ii_columns_carry_the_induced_part() -> None:
    engine = EffectsEngine(bok_2023_model(), None)
    y = np.zeros((83, 2))
    y[independent.codes().index("62"), :] = 1e9
    batch = engine.run(y, kinds=["type_i", "type_ii"])
    assert batch.kinds == ("type_i", "type_ii")
    output = batch.money["output"]
    assert output is not None
    assert math.isnan(output.induced[0])
    m2, _ = independent.type_ii()
    assert output.total[1] == pytest.approx(1e9 * m2[independent.codes().index("62")], rel=1e-9)
    assert output.induced[1] == pytest.approx(
        output.total[1] - output.direct[1] - output.indirect[1]
    )
    assert output.induced[1] > 0
    assert output.direct[1] == output.direct[0] and output.indirect[1] == output.indirect[0]


@pytest.mark.parametrize(
    ("theta", "name"), [(1.0, "purchaser"), (0.0, "domestic"), (0.25, "θ = 0.250")]
)
def test_the_basis_of_a_column(theta: float, name: str) -> None:
    batch = EffectsEngine(bok_2023_model(), None).run(np.ones((83, 1)), import_share=[theta])
    assert batch.basis(0) == name


def test_an_unknown_regional_basis_is_refused() -> None:
    with pytest.raises(InvalidInputError) as info:
        EffectsEngine(bok_2023_model(), None, regional_basis="bok_2015")  # type: ignore[arg-type]
    assert str(info.value.args[0]) == (
        "regional_basis must be one of ('national_2023', 'bok_2020')"
    )
    assert info.value.field == "regional_basis"


def test_bok_2020_type_ii_is_refused_with_a_region_only() -> None:
    region = EffectsEngine(bok_2023_model(), get_region("busan"), regional_basis="bok_2020")
    with pytest.raises(InvalidInputError) as info:
        region.run(np.ones((83, 1)), kinds=["type_ii"])
    assert str(info.value.args[0]) == (
        "the BOK 2020 regional coefficients are Type I: ask for 'type_i' with "
        "regional_basis 'bok_2020'"
    )
    national = EffectsEngine(bok_2023_model(), None, regional_basis="bok_2020")
    batch = national.run(np.ones((83, 1)), kinds=["type_ii"])
    assert batch.regional is None and batch.kinds == ("type_ii",)


def test_each_column_gets_its_years_restatement() -> None:
    engine = EffectsEngine(bok_2023_model(), None)
    y = np.zeros((83, 3))
    y[independent.codes().index("62"), :] = 1e9
    batch = engine.run(y, price_years=[2022, None, 2022])
    steps = batch.restatements
    assert [None if s is None else s.method for s in steps] == ["series", "none", "series"]
    base = independent.national_jobs_proxy("62")
    assert batch.jobs.tolist() == pytest.approx(
        [base * independent.restate_2020(2022), base, base * independent.restate_2020(2022)]
    )
    assert batch.jobs_basis(1) == (
        engine.jobs_rule.basis[0]  # type: ignore[union-attr]
        + "; the plan states no price year, so the 2020 coefficients are used as they are",
        engine.jobs_rule.basis[1] + "; 계획에 가격 기준연도가 없어 2020년 계수를 그대로 적용",  # type: ignore[union-attr]
    )
    assert len(batch) == 3


def test_a_tables_own_jobs_in_type_ii_close_the_model_with_households() -> None:
    table = IOTable.from_arrays(
        [[150, 500], [200, 100]],
        [1000, 2000],
        household_consumption=[100, 400],
        compensation=[300, 500],
        employment=[10, 40],
        krw_per_unit=1e6,
    )
    engine = EffectsEngine(IOModel(table, respending=None), None)
    # Ā = [[A, c], [wᵀ, 0]]: c = C / ΣW = (0.125, 0.5), w = W / x = (0.3, 0.25)
    closed = np.zeros((3, 3))
    closed[:2, :2] = A
    closed[:2, 2] = [0.125, 0.5]
    closed[2, :2] = [0.3, 0.25]
    L2 = np.linalg.solve(np.eye(3) - closed, np.eye(3))[:2, :2]
    e = np.array([10 / 1000, 40 / 2000])
    batch = engine.run(Y2 * 1e6, kinds=["type_ii"])
    assert batch.jobs[0] == pytest.approx(float(e @ L2 @ Y2[:, 0]), rel=1e-12)
    # the rows Monte Carlo draws use: Type I employment multipliers per KRW
    assert engine.rows.jobs is not None
    assert engine.rows.jobs == pytest.approx(e @ L / 1e6, rel=1e-12)
    assert engine.rows.output_type_i == pytest.approx(L.sum(axis=0), rel=1e-12)
    assert engine.rows.shares is None


def test_the_national_proxy_is_one_row_per_sector() -> None:
    rule = EffectsEngine(bok_2023_model(), None).jobs_rule
    assert rule is not None and rule.per_krw is not None
    want = [independent.national_jobs_proxy(code) / 1e9 for code in independent.codes()]
    assert rule.per_krw.shape == (83,)
    assert rule.per_krw.tolist() == pytest.approx(want, rel=1e-12)


def test_integer_inputs_give_float_arrays() -> None:
    engine = EffectsEngine(bok_2023_model(), get_region("busan"))
    Y = np.zeros((83, 1), dtype=np.int64)
    Y[independent.codes().index("51"), 0] = 10**9
    batch = engine.run(Y, local_share=[1], import_share=[1])  # type: ignore[arg-type]
    assert batch.purchases.dtype == np.float64
    assert batch.import_share.dtype == np.float64
    assert batch.regional is not None and batch.regional.local_share.dtype == np.float64


def test_split_and_jobs_restates_jobs_only_and_scales_the_region_by_its_share() -> None:
    n = 2
    m_out, m_va = np.array([1.5, 1.25]), np.array([0.75, 0.5])
    shares = np.array([[0.5, 0.25], [0.4, 0.2], [0.3, 0.1]])
    Y = np.array([[100.0, 0.0], [200.0, 40.0]])
    rows = EngineRows(
        output_type_i=np.array([1.5, 1.0]), jobs=np.array([0.01, 0.02]), shares=shares
    )
    got = split_and_jobs(
        rows, m_out, m_va, Y, local_share=np.array([0.5, 1.0]), restate=np.array([0.8, 2.0])
    )
    ej = np.array([0.01 * 1.5 / 1.5, 0.02 * 1.25 / 1.0])  # e_j r_j
    assert got["jobs"].tolist() == pytest.approx((ej @ Y) * [0.8, 2.0])
    assert got["output_in"].tolist() == pytest.approx(((shares[0] * m_out) @ Y) * [0.5, 1.0])
    assert got["value_added_in"].tolist() == pytest.approx(((shares[1] * m_va) @ Y) * [0.5, 1.0])
    assert got["jobs_in"].tolist() == pytest.approx(
        ((shares[2] * ej) @ Y) * [0.8, 2.0] * [0.5, 1.0]
    )
    no_jobs = EngineRows(output_type_i=np.ones(n), jobs=None, shares=shares)
    split = split_and_jobs(no_jobs, m_out, m_va, Y, local_share=np.ones(2), restate=np.ones(2))
    assert sorted(split) == ["output_in", "value_added_in"]
    assert (
        split_and_jobs(
            EngineRows(np.ones(n), None, None),
            m_out,
            m_va,
            Y,
            local_share=np.ones(2),
            restate=np.ones(2),
        )
        == {}
    )
