"""The output models of one engine column: rounding to won, the split into the region and the
rest of Korea, the wording, and the region catalogue — against hand computations."""

from __future__ import annotations

import math

import numpy as np
import pytest

from impact.effects import EffectsEngine, plan_effects_of, region_catalogue, regional_effects
from impact.effects.engine import RegionalBatch
from impact.effects.results import FORMULA, RegionRef, SplitPart
from impact.io import IOModel, IOTable, bok_2023_model
from impact.regions import REGIONS, get_region

TABLE = bok_2023_model().table
BUSAN = get_region("busan")


def batch(basis: str, ell: float, **values: list[float]) -> RegionalBatch:
    """A one-column split of hand-chosen figures."""
    inside = {m: np.array([values[m][0]]) for m in ("production", "value_added", "jobs")}
    total = {m: np.array([values[m][1]]) for m in ("production", "value_added", "jobs")}
    return RegionalBatch(
        region=BUSAN,
        basis=basis,  # type: ignore[arg-type]
        local_share=np.array([ell]),
        inside=inside,
        total=total,
        placeholder={"06": np.array([2.5e9]), "10": np.array([0.0])},
    )


def test_money_is_rounded_half_to_even_and_the_rest_is_the_difference_of_won() -> None:
    split = batch(
        "national_2023",
        1.0,
        production=[1.5, 4.5],  # → 2 and 4 (half to even): rest 2, share 0.5
        value_added=[math.nan, 3.0],  # a missing figure counts 0 won
        jobs=[1.5, 4.0],  # persons: not rounded
    )
    out = regional_effects(split, 0, TABLE)
    assert out.production == SplitPart(in_region=2, rest_of_korea=2, total=4, in_region_share=0.5)
    assert out.value_added == SplitPart(in_region=0, rest_of_korea=3, total=3, in_region_share=0.0)
    assert out.jobs == SplitPart(in_region=1.5, rest_of_korea=2.5, total=4.0, in_region_share=0.375)
    assert isinstance(out.production.total, int) and isinstance(out.jobs.total, float)


def test_a_zero_total_has_no_share() -> None:
    split = batch("national_2023", 1.0, production=[0.2, 0.4], value_added=[0, 0], jobs=[0, 0])
    out = regional_effects(split, 0, TABLE)
    assert out.production == SplitPart(in_region=0, rest_of_korea=0, total=0, in_region_share=None)
    assert out.jobs == SplitPart(in_region=0, rest_of_korea=0, total=0, in_region_share=None)


def test_the_national_2023_split_says_what_it_is() -> None:
    split = batch("national_2023", 1.0, production=[1, 2], value_added=[1, 2], jobs=[1, 2])
    out = regional_effects(split, 0, TABLE)
    assert out.region == RegionRef(key="busan", code="21", name_ko="부산", name_en="Busan")
    assert (out.basis, out.local_share) == ("national_2023", 1.0)
    assert out.note.en == "Busan: the 2023 national totals split by BOK 2020 in-region shares"
    assert out.note.ko == "부산: 2023년 전국 총효과를 한국은행 2020년 역내 비율로 분할"
    assert out.formula == FORMULA["national_2023"]
    assert out.vintage == {
        "production": "2023 national model; split by the 2020 regional in-region shares",
        "value_added": "2023 national model; split by the 2020 regional in-region shares",
        "jobs": "2020 regional employment coefficients, restated to the plan's won",
    }
    # only the sectors with demand in this column: ₩2.5bn on 06 (Busan makes none of it)
    [sector] = out.placeholder_sectors
    code, name_ko, name_en = TABLE.sectors[TABLE.index["06"]]
    assert (sector.code, sector.name_ko, sector.name_en, sector.demand) == (
        "06",
        name_ko,
        name_en,
        2_500_000_000,
    )
    assert code == "06"


def test_the_bok_2020_figures_and_a_local_share_say_what_they_are() -> None:
    split = batch("bok_2020", 0.4, production=[1, 2], value_added=[1, 2], jobs=[1, 2])
    out = regional_effects(split, 0, TABLE)
    assert (out.basis, out.local_share) == ("bok_2020", 0.4)
    assert out.note.en == (
        "Busan: BOK 2020 regional coefficients, unscaled; 40% of the spending placed in the region"
    )
    assert out.note.ko == "부산: 한국은행 2020년 지역 계수 원값; 지출의 40%를 역내에 배치"
    assert out.formula == FORMULA["bok_2020"]
    for share, said in ((0.996, "99.6%"), (0.004, "0.4%"), (0.125, "12.5%")):  # not 100 % or 0 %
        figures: dict[str, list[float]] = {m: [1, 2] for m in ("production", "value_added", "jobs")}
        note = regional_effects(batch("bok_2020", share, **figures), 0, TABLE).note
        assert note.en.endswith(f"; {said} of the spending placed in the region"), note
    assert out.vintage == {
        "production": "2020 regional coefficients (unscaled)",
        "value_added": "2020 regional coefficients (unscaled)",
        "jobs": "2020 regional employment coefficients (unscaled)",
    }


def test_plan_effects_of_reads_one_column() -> None:
    engine = EffectsEngine(bok_2023_model(), BUSAN)
    Y = np.zeros((83, 2))
    Y[TABLE.index["51"], :] = [1e9, 3e9]
    b = engine.run(Y, kinds=["type_i", "type_ii"], import_share=[1.0, 0.0])
    one, two = plan_effects_of(b, 0, TABLE), plan_effects_of(b, 1, TABLE)
    assert (one.model, one.basis, two.model, two.basis) == (
        "type_i",
        "purchaser",
        "type_ii",
        "domestic",
    )
    out = b.money["output"]
    assert out is not None
    assert one.totals["output"] == {
        "direct": float(out.direct[0]),
        "indirect": float(out.indirect[0]),
        "induced": None,  # Type I: not computed
        "total": float(out.total[0]),
    }
    assert two.totals["output"]["induced"] == float(out.induced[1])
    assert two.totals["output"]["total"] == pytest.approx(
        float(out.direct[1] + out.indirect[1] + out.induced[1])
    )
    assert one.purchases_krw.tolist() == Y[:, 0].tolist()
    assert two.demand_krw.tolist() == Y[:, 1].tolist()  # domestic: all of it
    assert (one.jobs, two.jobs) == (float(b.jobs[0]), float(b.jobs[1]))
    assert (one.jobs_basis, one.jobs_basis_ko) == b.jobs_basis(0)
    assert one.region is BUSAN and one.regional is not None
    assert one.regional.production.in_region == round(float(b.regional.inside["production"][0]))  # type: ignore[union-attr]
    assert one.notes == b.notes


def test_without_region_or_jobs_the_answer_says_none() -> None:
    model = IOModel(IOTable.from_arrays([[150, 500], [200, 100]], [1000, 2000]))
    b = EffectsEngine(model, None).run(np.array([[600.0], [1500.0]]))
    e = plan_effects_of(b, 0, model.table)
    assert (e.jobs, e.region, e.regional) == (None, None, None)


def test_the_region_catalogue_lists_the_17_regions_with_their_placeholders() -> None:
    catalogue = region_catalogue(TABLE)
    assert [r.key for r in catalogue] == [r.key for r in REGIONS]
    sejong = next(r for r in catalogue if r.key == "sejong")
    assert (sejong.code, sejong.name_ko, sejong.name_en) == ("29", "세종", "Sejong")
    region = get_region("sejong")
    assert (sejong.full_ko, sejong.full_en) == (region.full_ko, region.full_en)
    assert sejong.vintage == "BOK 2020 regional input-output tables (published 2025), 83 sectors"
    assert [s.code for s in sejong.placeholder_sectors] == ["06", "10", "16", "19", "54", "55"]
    s16 = sejong.placeholder_sectors[2]
    assert (s16.name_ko, s16.name_en) == TABLE.sectors[TABLE.index["16"]][1:]


def test_a_metric_the_table_lacks_is_left_out_and_the_later_ones_kept() -> None:
    # no taxes in the table, but compensation: income comes after the missing taxes
    table = IOTable.from_arrays([[150, 500], [200, 100]], [1000, 2000], compensation=[300, 500])
    b = EffectsEngine(IOModel(table), None).run(np.array([[600.0], [1500.0]]))
    e = plan_effects_of(b, 0, table)
    assert list(e.totals) == ["output", "value_added", "imports", "income"]
    # income = w L y with w = W / x = (0.3, 0.25); L from Miller & Blair's A
    L = np.linalg.solve(np.eye(2) - np.array([[0.15, 0.25], [0.2, 0.05]]), np.eye(2))
    want = float(np.array([0.3, 0.25]) @ L @ np.array([600.0, 1500.0]))
    assert e.totals["income"]["total"] == pytest.approx(want, rel=1e-12)
