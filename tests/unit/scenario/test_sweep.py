"""Sweeps: one batched product, rows equal to the single scenario, grids, limits."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from impact.errors import InvalidInputError, LimitExceededError, NotFoundError
from impact.io import bok_2023_model
from impact.plan import Plan
from impact.scenario.grid import expand_grid
from impact.scenario.single import run_scenario
from impact.scenario.sweep import MAX_SWEEP_ROWS, SweepResult, fold_rows, run_sweep, sweep_rows
from tests.strategies_scenario import adjust, sejong

ROWS: list[list[dict[str, Any]]] = [
    [],
    [{"type": "scale_investment", "factor": 0.8}, {"type": "local_share", "value": 0.6}],
    [{"type": "model", "kind": "type_ii"}, {"type": "local_share", "value": 0.0}],
    [{"type": "shift_allocation", "from": "62", "to": "41", "share": 0.5}],
    [{"type": "price_year", "year": 2020}, {"type": "period", "start": 2024, "end": 2028}],
    [{"type": "reallocate", "allocation": {"amounts": {"77": "1,704억원"}}}],
]


def assert_row_equals_scenario(result: SweepResult, r: int, plan: Plan, items: list[Any]) -> None:
    single = run_scenario(plan, adjust(*items)).scenario
    impacts = single.impacts
    assert impacts is not None
    cols = {k: float(v[r]) for k, v in result.columns.items()}
    assert result.investment[r] == single.plan.investment
    # the scenario reports model money rounded to the won (±½), sweep columns are unrounded
    assert cols["output_krw"] == pytest.approx(impacts.output.total, rel=1e-8, abs=1)
    assert cols["value_added_krw"] == pytest.approx(impacts.value_added.total, rel=1e-8, abs=1)
    assert cols["jobs"] == pytest.approx(impacts.jobs, rel=1e-9)
    if impacts.regional is None:
        assert math.isnan(cols["output_in_region_krw"])
    else:
        for name, split in (("output", impacts.regional.production),
                            ("value_added", impacts.regional.value_added)):  # fmt: skip
            in_region, rest = cols[f"{name}_in_region_krw"], cols[f"{name}_rest_of_korea_krw"]
            assert in_region == pytest.approx(split.in_region, rel=1e-8, abs=1)
            assert rest == pytest.approx(split.rest_of_korea, rel=1e-8, abs=1)
        assert cols["jobs_in_region"] == pytest.approx(impacts.regional.jobs.in_region, rel=1e-9)
    cost = single.metrics["cost_per_job_krw"].value
    assert (math.isnan(cols["cost_per_job_krw"]) and cost is None) or cols[
        "cost_per_job_krw"
    ] == pytest.approx(cost, abs=0.5)
    lasting = None if impacts.annual is None else impacts.annual.lasting_jobs
    assert (math.isnan(cols["lasting_jobs"]) and lasting is None) or cols[
        "lasting_jobs"
    ] == pytest.approx(lasting, rel=1e-9)


@pytest.mark.parametrize("city", ["세종 Sejong", "대전광역시", "Busan"])
def test_every_row_equals_the_single_scenario(city: str) -> None:
    plan = sejong(city=city)
    result = run_sweep(plan, [adjust(*row) for row in ROWS])
    assert len(result) == len(ROWS)
    for r, items in enumerate(ROWS):
        assert_row_equals_scenario(result, r, plan, items)


def test_jobs_per_billion_is_a_ratio_not_rounded_as_money() -> None:
    # issue 12: the Sejong claim of 1,998 jobs for ₩170.4B is 11.725… per ₩1bn, not 12
    plan = sejong()
    rows = sweep_rows(run_sweep(plan, [[]]), rows=[[]])
    assert rows[0]["jobs_per_billion_krw"] == pytest.approx(1998 / 170.4)
    assert isinstance(rows[0]["output_krw"], int)
    assert (
        rows[0]["output_in_region_krw"] + rows[0]["output_rest_of_korea_krw"]
        == rows[0]["output_krw"]
    )


def test_the_batch_is_one_model_call_per_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    model = bok_2023_model()
    calls: list[int] = []
    original = type(model).impact_batch

    def counting(self: Any, demand: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(np.shape(demand)[1])
        return original(self, demand, *args, **kwargs)

    monkeypatch.setattr(type(model), "impact_batch", counting)
    grid = expand_grid({"scale_investment.factor": [0.5, 0.75, 1.0], "local_share.value": [0, 1]})
    run_sweep(sejong(), grid.rows, paths=grid.paths)
    assert calls == [6]


def test_shared_prefixes_are_folded_once() -> None:
    grid = expand_grid({"scale_investment.factor": [0.5, 1.0], "local_share.value": [0.2, 0.4, 1]})
    states = fold_rows(sejong(), grid.rows, paths=grid.paths)
    assert len({id(s.plan) for s in states}) == 2  # local_share reuses the scaled plan


def test_grid_rows_come_in_product_order_with_their_parameters() -> None:
    grid = expand_grid(
        {"period.start": [2024], "period.end": [2025, 2026], "model.kind": ["type_i", "type_ii"]}
    )
    assert grid.parameters == [
        {"period.start": 2024, "period.end": 2025, "model.kind": "type_i"},
        {"period.start": 2024, "period.end": 2025, "model.kind": "type_ii"},
        {"period.start": 2024, "period.end": 2026, "model.kind": "type_i"},
        {"period.start": 2024, "period.end": 2026, "model.kind": "type_ii"},
    ]
    assert len(grid.rows[0]) == 2  # period.start and period.end make one adjustment


@pytest.mark.parametrize(
    ("grid", "field", "error"),
    [
        ({"scale_investment.factor": [1, -1]}, "grid.scale_investment.factor", InvalidInputError),
        ({"budget.factor": [1]}, "grid.budget.factor", InvalidInputError),
        ({"local_share": [1]}, "grid.local_share", InvalidInputError),
        ({"local_share.value": []}, "grid.local_share.value", InvalidInputError),
        ({"scale_investment.factor": [1] * 1001, "local_share.value": [1] * 101}, "grid",
         LimitExceededError),
    ],
)  # fmt: skip
def test_bad_grids_name_the_key(grid: dict[str, list[Any]], field: str, error: type) -> None:
    with pytest.raises(error) as info:
        expand_grid(grid)
    assert getattr(info.value, "field", None) == field


@pytest.mark.parametrize(
    ("grid", "field", "says"),
    [
        ({"local_share.valeu": [0.6]}, "grid.local_share.valeu", "mean 'local_share.value'"),
        ({"local_share.VALUE": [0.6]}, "grid.local_share.VALUE", "mean 'local_share.value'"),
        ({"MODEL.kind": ["type_ii"]}, "grid.MODEL.kind", "mean 'model.kind'"),
        ({"modle.kind": ["type_ii"]}, "grid.modle.kind", "mean 'model.kind'"),
        ({"scale_investment.factr": [1]}, "grid.scale_investment.factr", "'scale_investment.factor'"),  # noqa: E501
        ({"period.start": [2020]}, "grid.period.end", "give the grid key 'period.end' too"),
    ],
)  # fmt: skip
def test_a_misspelt_or_missing_grid_parameter_is_named_as_sent(
    grid: dict[str, list[Any]], field: str, says: str
) -> None:
    """A misspelt parameter is named as sent, with the one meant (it used to be reported as
    the meant one missing, at a path that was not in the body); a missing one says so."""
    with pytest.raises(InvalidInputError) as info:
        expand_grid(grid)
    assert info.value.field == field
    assert says in str(info.value)


def test_row_errors_name_the_row_and_the_limit_is_enforced() -> None:
    rows = [adjust({"type": "local_share", "value": 1}), adjust({"type": "table", "id": "x"})]
    with pytest.raises(NotFoundError) as info:
        run_sweep(sejong(), rows)
    assert info.value.field == "scenarios.1.0.id"
    grid = expand_grid({"table.id": ["bok-2023", "x"]})
    with pytest.raises(NotFoundError) as named:
        run_sweep(sejong(), grid.rows, paths=grid.paths, field="grid")
    assert named.value.field == "grid.table.id"
    with pytest.raises(LimitExceededError):
        fold_rows(sejong(), [[]] * (MAX_SWEEP_ROWS + 1))
    with pytest.raises(InvalidInputError) as empty:
        run_sweep(sejong(), [])
    assert empty.value.field == "scenarios"
