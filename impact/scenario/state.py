"""Applying adjustments: a plan and its model settings, folded left over the list.

:func:`apply_adjustments` starts from the base plan (Type I model, table
``bok-2023``, no local share) and applies each adjustment in order; every
step is a small pure function with the formula of its adjustment class
(:mod:`impact.scenario.adjustments`). An error names the adjustment's index
and field (``adjustments.2.factor``).

Where the model lives is not this module's business: the caller passes
``model_for(table_id) -> IOModel``. :func:`default_model_for` knows the shipped
BOK 2023 table; the web service passes its own resolver for other tables.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from decimal import Context, Decimal
from fractions import Fraction
from typing import Any

from impact.compare import rebase_plan, source_year
from impact.effects import Basis
from impact.errors import ImpactError, InvalidInputError, NotFoundError
from impact.io import BOK_2023_ID, IOModel, bok_2023_model
from impact.io.results import ModelKind
from impact.plan import NON_PURCHASES, Allocation, Period, Plan, amounts_mismatch
from impact.prices import PriceIndexName, price_factor
from impact.scenario.adjustments import (
    Adjustment,
    BasisChoice,
    LocalShare,
    ModelChoice,
    PeriodChange,
    PriceYear,
    Reallocate,
    ScaleInvestment,
    SetInvestment,
    ShiftAllocation,
    TableChoice,
    UnknownAdjustment,
)
from impact.validation import message_ko

__all__ = [
    "ModelFor",
    "ScenarioState",
    "apply_adjustments",
    "default_model_for",
    "require_allocation",
]

ModelFor = Callable[[str], IOModel]
"""``model_for(table_id)``: the factorised model of a table; :class:`NotFoundError` if unknown."""

_SHARE_CONTEXT = Context(prec=28)
NO_ALLOCATION = (
    "the plan states no allocation by sector: give one in the plan, or with a 'reallocate' "
    "adjustment (shares or amounts by sector code)"
)
NO_ALLOCATION_KO = (
    "계획에 부문별 배분이 없습니다. 계획에 주거나 'reallocate' 조정으로 주세요 (부문 코드별 "
    "비율 shares나 금액 amounts)"
)


def default_model_for(table_id: str) -> IOModel:
    """The in-process engine's tables: ``bok-2023`` only.

    Raises
    ------
    NotFoundError
        Any other id (field ``table``).
    """
    if table_id == BOK_2023_ID:
        return bok_2023_model()
    raise NotFoundError(
        f"unknown table {table_id!r}; this engine knows {BOK_2023_ID!r}",
        field="table",
        message_ko=f"알 수 없는 표 {table_id!r}입니다. 이 엔진이 아는 표는 {BOK_2023_ID!r}입니다",
    )


@dataclasses.dataclass(frozen=True)
class ScenarioState:
    """A plan after some adjustments, and how its effects are to be computed.

    Attributes
    ----------
    plan
        The adjusted plan (investment, allocation, claims, period, price year).
    local_share
        ℓ in [0, 1] of :class:`~impact.scenario.adjustments.LocalShare`;
        ``None`` when not set (then ℓ = 1).
    kind
        ``"type_i"`` or ``"type_ii"``.
    basis
        ``"purchaser"`` (default: each sector's imports out of the purchases) or
        ``"domestic"``.
    table_id
        Id of the input-output table.
    allocation_field
        Where the current allocation came from, for error paths
        (``plan.allocation`` or ``adjustments.<i>.allocation``).
    restated
        A ``price_year`` adjustment restated the plan's money in another year's prices: its
        amounts are estimates and are shown as such (as a comparison's are).
    """

    plan: Plan
    local_share: float | None = None
    kind: ModelKind = "type_i"
    basis: Basis = "purchaser"
    table_id: str = BOK_2023_ID
    allocation_field: str = "plan.allocation"
    restated: bool = False  # its money was restated in another year's prices: estimates


def _shares_allocation(allocation: Allocation, investment: int) -> Allocation:
    """The same allocation as exact-as-possible shares (28 digits), for a new investment."""
    if allocation.shares is not None:
        return allocation
    shares = {
        code: _SHARE_CONTEXT.divide(Decimal(f.numerator), Decimal(f.denominator))
        for code, f in allocation.shares_of(investment).items()
    }
    return allocation.model_copy(update={"shares": shares, "amounts": None})


def _with_investment(plan: Plan, investment: int) -> Plan:
    allocation = plan.allocation
    if allocation is not None:
        allocation = _shares_allocation(allocation, plan.investment)
    return plan.model_copy(update={"investment": investment, "allocation": allocation})


def require_allocation(state: ScenarioState) -> Allocation:
    """The state's allocation, or :class:`InvalidInputError` naming ``plan.allocation``."""
    if state.plan.allocation is None:
        raise InvalidInputError(NO_ALLOCATION, field="plan.allocation", message_ko=NO_ALLOCATION_KO)
    return state.plan.allocation


def _check_codes(codes: Sequence[str], model: IOModel, field: str) -> None:
    """Every code is a sector of the table or a non-purchase item (land, transfers, …)."""
    for code in codes:
        if code not in model.table.index and code not in NON_PURCHASES:
            raise model.table.unknown_code(code, f"{field}.{code}")


def _scale(state: ScenarioState, adj: ScaleInvestment, at: str, _: ModelFor) -> ScenarioState:
    investment = round(Fraction(adj.factor) * state.plan.investment)
    if investment < 1:
        raise InvalidInputError(
            "the scaled investment rounds to zero won",
            field=f"{at}.factor",
            message_ko="조정한 투자액을 반올림하면 0원이 됩니다",
        )
    return dataclasses.replace(state, plan=_with_investment(state.plan, investment))


def _set(state: ScenarioState, adj: SetInvestment, at: str, _: ModelFor) -> ScenarioState:
    plan = _with_investment(state.plan, adj.amount)
    if "investment" in plan.approximate:  # the amount set is exact, not the announced estimate
        exact = tuple(path for path in plan.approximate if path != "investment")
        plan = plan.model_copy(update={"approximate": exact})
    return dataclasses.replace(state, plan=plan)


def _reallocate(
    state: ScenarioState, adj: Reallocate, at: str, model_for: ModelFor
) -> ScenarioState:
    allocation = adj.allocation
    if allocation.amounts is not None and sum(allocation.amounts.values()) != state.plan.investment:
        error = amounts_mismatch(
            sum(allocation.amounts.values()), state.plan.investment, " at this point"
        )
        raise InvalidInputError(
            error.message(),
            field=f"{at}.allocation.amounts",
            message_ko=message_ko(error.type, error.context or {}, error.message()),
        )
    form = "shares" if allocation.shares is not None else "amounts"
    entries = allocation.shares if allocation.shares is not None else allocation.amounts
    assert entries is not None
    _check_codes(list(entries), model_for(state.table_id), f"{at}.allocation.{form}")
    plan = state.plan.model_copy(update={"allocation": allocation})
    return dataclasses.replace(state, plan=plan, allocation_field=f"{at}.allocation")


def _shift(
    state: ScenarioState, adj: ShiftAllocation, at: str, model_for: ModelFor
) -> ScenarioState:
    allocation = require_allocation(state)
    weights = allocation.shares_of(state.plan.investment)
    moved_from = weights.get(adj.from_, Fraction(0))
    if moved_from == 0:
        raise InvalidInputError(
            f"sector {adj.from_!r} has no spending in the allocation to move",
            field=f"{at}.from",
            message_ko=f"부문 {adj.from_!r}에는 배분에서 옮길 지출이 없습니다",
        )
    table = model_for(state.table_id).table
    if adj.to not in table.index and adj.to not in NON_PURCHASES:
        raise table.unknown_code(adj.to, f"{at}.to")
    moved = Fraction(adj.share) * moved_from
    weights[adj.from_] = moved_from - moved
    weights[adj.to] = weights.get(adj.to, Fraction(0)) + moved
    shares = {
        code: _SHARE_CONTEXT.divide(Decimal(w.numerator), Decimal(w.denominator))
        for code, w in weights.items()
    }
    new = allocation.model_copy(update={"shares": shares, "amounts": None})
    return dataclasses.replace(state, plan=state.plan.model_copy(update={"allocation": new}))


def _local_share(state: ScenarioState, adj: LocalShare, at: str, _: ModelFor) -> ScenarioState:
    return dataclasses.replace(state, local_share=adj.value)


def _price_year(state: ScenarioState, adj: PriceYear, at: str, _: ModelFor) -> ScenarioState:
    plan = state.plan
    index = PriceIndexName(adj.index)
    price_factor(source_year(plan, f"{at}.year"), adj.year, index, field=f"{at}.year")
    if plan.allocation is not None:
        shares = _shares_allocation(plan.allocation, plan.investment)
        plan = plan.model_copy(update={"allocation": shares})
    real = rebase_plan(plan, adj.year, index, field=at)
    restated = state.restated or real is not plan
    return dataclasses.replace(state, plan=real, restated=restated)


def _period(state: ScenarioState, adj: PeriodChange, at: str, _: ModelFor) -> ScenarioState:
    period = Period(start=adj.start, end=adj.end)
    return dataclasses.replace(state, plan=state.plan.model_copy(update={"period": period}))


def _model(state: ScenarioState, adj: ModelChoice, at: str, _: ModelFor) -> ScenarioState:
    return dataclasses.replace(state, kind=adj.kind)


def _table(state: ScenarioState, adj: TableChoice, at: str, model_for: ModelFor) -> ScenarioState:
    try:
        model_for(adj.id)
    except NotFoundError as exc:
        raise NotFoundError(exc.detail, field=f"{at}.id", **exc.extra) from None
    return dataclasses.replace(state, table_id=adj.id)


def _basis(state: ScenarioState, adj: BasisChoice, at: str, _: ModelFor) -> ScenarioState:
    return dataclasses.replace(state, basis=adj.value)


def _unknown(state: ScenarioState, adj: UnknownAdjustment, at: str, _: ModelFor) -> ScenarioState:
    raise InvalidInputError(f"unknown adjustment type {adj.type!r}", field=f"{at}.type")


_APPLY: dict[type[Any], Callable[[ScenarioState, Any, str, ModelFor], ScenarioState]] = {
    ScaleInvestment: _scale,
    SetInvestment: _set,
    Reallocate: _reallocate,
    ShiftAllocation: _shift,
    LocalShare: _local_share,
    PriceYear: _price_year,
    PeriodChange: _period,
    ModelChoice: _model,
    TableChoice: _table,
    BasisChoice: _basis,
    UnknownAdjustment: _unknown,
}
"""Adjustment class → the pure step that applies it."""


def apply_adjustments(
    plan: Plan,
    adjustments: Sequence[Adjustment],
    *,
    model_for: ModelFor = default_model_for,
    field: str = "adjustments",
    paths: Sequence[str] | None = None,
    start: ScenarioState | None = None,
) -> ScenarioState:
    """Fold ``adjustments`` over ``plan`` in order.

    Parameters
    ----------
    plan
        The base plan.
    adjustments
        Validated adjustments, applied first to last.
    model_for
        Resolves a table id to its model (checks ``table`` ids and sector codes).
    field
        Path prefix of the adjustments in error fields (``<field>.<i>.<parameter>``).
    paths
        Explicit path of each adjustment instead (errors name ``<path>.<parameter>``).
    start
        Continue from this state instead of the base plan's (``plan`` is then ignored).

    Raises
    ------
    ImpactError
        Naming ``<field>.<i>.<parameter>``.

    Examples
    --------
    >>> from impact.scenario.adjustments import ScaleInvestment, LocalShare
    >>> base = Plan.model_validate({"city": "세종", "investment": "1,000억원"})
    >>> state = apply_adjustments(base, [ScaleInvestment(factor=0.8), LocalShare(value=0.6)])
    >>> state.plan.investment, state.local_share, state.kind
    (80000000000, 0.6, 'type_i')
    """
    state = start if start is not None else ScenarioState(plan=plan)
    for i, adj in enumerate(adjustments):
        at = paths[i] if paths is not None else f"{field}.{i}"
        try:
            state = _APPLY[type(adj)](state, adj, at, model_for)
        except ImpactError as exc:
            if exc.field is None:
                raise exc.with_field_prefix(at) from None
            raise
    return state
