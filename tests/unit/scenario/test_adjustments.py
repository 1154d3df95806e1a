"""Each adjustment does what its formula says, and a bad one names its index and field."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from impact.errors import ImpactError, InvalidInputError, NotFoundError
from impact.plan import Plan
from impact.prices import convert_price_year
from impact.scenario.adjustments import Adjustment, LocalShare
from impact.scenario.single import run_scenario
from impact.scenario.state import apply_adjustments, default_model_for
from tests.strategies_scenario import adjust, sejong

LIST = TypeAdapter(list[Adjustment])


def errors_of(items: list[Any]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        LIST.validate_python(items)
    return [
        (".".join(str(p) for p in e["loc"] if not str(p).startswith("<")), e["msg"])
        for e in info.value.errors()
    ]


def test_scale_rounds_half_even_and_keeps_claims_and_shares() -> None:
    plan = sejong()
    state = apply_adjustments(plan, adjust({"type": "scale_investment", "factor": 0.8}))
    assert state.plan.investment == 136_320_000_000
    assert state.plan.claims == plan.claims  # claims are what was announced
    assert state.plan.allocation == plan.allocation
    odd = Plan.model_validate({"city": "x", "investment": 5})
    assert (
        apply_adjustments(odd, adjust({"type": "scale_investment", "factor": 0.5})).plan.investment
        == 2
    )


def test_amounts_become_shares_when_the_investment_changes() -> None:
    plan = Plan.model_validate(
        {"city": "x", "investment": 300, "allocation": {"amounts": {"62": 100, "51": 200}}}
    )
    state = apply_adjustments(plan, adjust({"type": "set_investment", "amount": 900}))
    assert state.plan.allocation is not None and state.plan.allocation.amounts is None
    shares = state.plan.allocation.shares_of(900)
    assert abs(shares["62"] - Fraction(1, 3)) < Fraction(1, 10**20)


def test_shift_moves_a_share_of_one_sector_to_another() -> None:
    state = apply_adjustments(
        sejong(), adjust({"type": "shift_allocation", "from": "62", "to": "41", "share": 0.5})
    )
    assert state.plan.allocation is not None
    shares = state.plan.allocation.shares
    assert shares == {
        "62": Decimal("0.25"), "51": Decimal("0.3"), "70": Decimal("0.2"), "41": Decimal("0.25")
    }  # fmt: skip


def test_reallocate_replaces_and_remembers_where_the_allocation_came_from() -> None:
    plan = sejong(allocation=None)
    state = apply_adjustments(
        plan, adjust({"type": "reallocate", "allocation": {"shares": {"51": 1}}})
    )
    assert state.plan.allocation is not None
    assert state.plan.allocation.shares == {"51": Decimal(1)}
    assert state.allocation_field == "adjustments.0.allocation"


def test_non_purchases_are_allocation_keys_in_scenarios_as_in_a_plan() -> None:
    shifted = apply_adjustments(
        sejong(), adjust({"type": "shift_allocation", "from": "62", "to": "land", "share": 0.5})
    )
    assert shifted.plan.allocation is not None
    assert shifted.plan.allocation.shares is not None
    assert shifted.plan.allocation.shares["land"] == Decimal("0.25")
    realloc = apply_adjustments(
        sejong(),
        adjust({"type": "reallocate", "allocation": {"shares": {"land": 0.5, "62": 0.5}}}),
    )
    assert realloc.plan.allocation is not None
    assert realloc.plan.allocation.shares == {"land": Decimal("0.5"), "62": Decimal("0.5")}


def test_a_land_purchase_buys_nothing_in_a_scenario() -> None:
    base = run_scenario(sejong(), [])
    half = run_scenario(
        sejong(),
        adjust({"type": "shift_allocation", "from": "62", "to": "land", "share": 1}),
    )
    only_62 = run_scenario(
        sejong(), adjust({"type": "reallocate", "allocation": {"shares": {"62": 1}}})
    )
    impacts = (base.baseline.impacts, half.scenario.impacts, only_62.scenario.impacts)
    assert all(i is not None for i in impacts)
    before, after, software = (i.output.total for i in impacts)  # type: ignore[union-attr]
    # 62 had half of the money; moved to land, half of 62's demand is gone (linearity)
    assert after == pytest.approx(before - 0.5 * software, abs=2)


def test_price_year_reuses_rebase_plan() -> None:
    plan = sejong()
    state = apply_adjustments(plan, adjust({"type": "price_year", "year": 2020, "index": "cpi"}))
    assert state.plan.price_year == 2020
    assert state.plan.investment == convert_price_year(plan.investment, 2024, 2020, "cpi")  # type: ignore[arg-type]


def test_settings_adjustments() -> None:
    state = apply_adjustments(
        sejong(),
        adjust(
            {"type": "period", "start": 2025, "end": 2029},
            {"type": "model", "kind": "type_ii"},
            {"type": "local_share", "value": 0.6},
            {"type": "table", "id": "bok-2023"},
        ),
    )
    assert state.plan.period is not None and state.plan.period.years == 5
    assert (state.kind, state.local_share, state.table_id) == ("type_ii", 0.6, "bok-2023")


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ([{"type": "scale_investment", "factor": 0.5}, {"type": "nope"}], "1.type"),
        ([{"factor": 2}], "0.type"),
        ([{"type": "scale_investment", "factor": 0}], "0.factor"),
        ([{"type": "scale_investment", "factor": "x"}], "0.factor"),
        ([{"type": "local_share", "value": 1.5}], "0.value"),
        ([{"type": "period", "start": 2026, "end": 2024}], "0.end"),
        ([{"type": "shift_allocation", "from": "62", "to": "62", "share": 0.5}], "0"),
        ([{"type": "model", "kind": "type_iii"}], "0.kind"),
        ([{"type": "set_investment", "amount": "억억"}], "0.amount"),
        ([{"type": "local_share", "value": 0.5, "extra": 1}], "0.extra"),
    ],
)
def test_invalid_parameters_name_index_and_field(items: list[Any], field: str) -> None:
    assert errors_of(items)[0][0] == field


def test_unknown_type_lists_the_accepted_types() -> None:
    (_, message), *_ = errors_of([{"type": "budget_cut"}])
    assert "scale_investment" in message and "local_share" in message


@pytest.mark.parametrize(
    ("items", "field", "error"),
    [
        ([{"type": "table", "id": "oecd-2021"}], "adjustments.0.id", NotFoundError),
        (
            [{"type": "reallocate", "allocation": {"shares": {"99": 1}}}],
            "adjustments.0.allocation.shares.99",
            InvalidInputError,
        ),
        (
            [{"type": "reallocate", "allocation": {"amounts": {"62": 5}}}],
            "adjustments.0.allocation.amounts",
            InvalidInputError,
        ),
        (
            [{"type": "shift_allocation", "from": "41", "to": "62", "share": 0.5}],
            "adjustments.0.from",
            InvalidInputError,
        ),
        (
            [{"type": "shift_allocation", "from": "62", "to": "99", "share": 0.5}],
            "adjustments.0.to",
            InvalidInputError,
        ),
        ([{"type": "price_year", "year": 1990}], "adjustments.0.year", ImpactError),
        (
            [{"type": "scale_investment", "factor": 1e-12}],
            "adjustments.0.factor",
            InvalidInputError,
        ),
    ],
)
def test_errors_at_application_name_the_adjustment(
    items: list[Any], field: str, error: type[Exception]
) -> None:
    with pytest.raises(error) as info:
        apply_adjustments(sejong(), adjust(*items))
    assert isinstance(info.value, ImpactError)
    assert info.value.field == field


def test_model_for_knows_the_bok_table_only() -> None:
    assert default_model_for("bok-2023").table.n == 83
    with pytest.raises(NotFoundError) as info:
        default_model_for("x")
    assert info.value.field == "table"


@given(st.integers(0, 10**12), st.integers(0, 10), st.booleans())
def test_a_what_if_proportion_may_be_a_percentage(digits: int, places: int, local: bool) -> None:
    """'12.5%' is the float nearest 12.5 / 100, as a plan's share reads it ('25%'); above
    100% it is refused at its field."""
    number = Decimal(digits).scaleb(-places)
    key, item = (
        ("value", {"type": "local_share"})
        if local
        else ("share", {"type": "shift_allocation", "from": "62", "to": "70"})
    )
    sent = [{**item, key: f" {number:f} %"}]
    if number > 100:
        assert errors_of(sent) == [(f"0.{key}", "Input should be less than or equal to 1")]
        return
    [adjustment] = LIST.validate_python(sent)
    assert getattr(adjustment, key) == float(Fraction(number) / 100)


@pytest.mark.parametrize("text", ["x%", "0.2_5", "-0", "25％", "0,25", "١", "%"])
def test_a_proportion_in_text_is_read_by_the_share_rule(text: str) -> None:
    """Every text, not only a percentage: '0.2_5' was read as 0.25 and '-0' as -0.0, which a
    plan's share refuses; each bad one gets the share rule's hint."""
    shift = {"type": "shift_allocation", "from": "62", "to": "70", "share": text}
    for item, field in (({"type": "local_share", "value": text}, "0.value"), (shift, "0.share")):
        [(where, message)] = errors_of([item])
        assert where == field and "such as '0.25', '1e-3' or '25%'" in message, (text, message)


def test_a_proportion_keeps_the_share_rules_bounds() -> None:
    item = {"type": "local_share"}
    assert errors_of([{**item, "value": "-5%"}]) == [
        ("0.value", "a share cannot be negative, got '-5%'")
    ]
    assert "at most 30 decimal places" in errors_of([{**item, "value": "1e-400"}])[0][1]
    [adjustment] = LIST.validate_python([{**item, "value": -0.0}])
    assert isinstance(adjustment, LocalShare)
    assert str(adjustment.value) == "0.0"  # no sign for a note to write as "-0%"
