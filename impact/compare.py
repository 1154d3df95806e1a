"""Plans of different years compared on one price basis.

Won amounts announced in different years are not comparable: ₩1 in 2018
bought more than ₩1 in 2024. Every money amount of every plan is restated in
the prices of one target year,

    real = nominal × index[target] / index[source]            (Eq. 1)

with the GDP deflator by default (public investment buys a broad basket of
goods and services; the CPI measures household consumption and is offered on
request), and every metric is recomputed on the restated amounts. Ratios of
two money amounts (multipliers) do not change; money per person (cost per
job) does.

Ranks are competition ranks ("1224"): equal values share a rank, so a row's
rank depends only on the set of plans, never on their order in the request.

Examples
--------
>>> from impact.seeds import load_seed_plans
>>> seeds = load_seed_plans()
>>> result = compare_plans([("sejong-2024", seeds["sejong-2024"]),
...                         ("daejeon-2018", seeds["daejeon-2018"])], target_year=2024)
>>> [row.metrics["cost_per_job_krw"].value for row in result.rows]
[85285285, 87455244]
>>> [row.ranks["cost_per_job_krw"] for row in result.rows]
[1, 2]
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from impact.effects import Basis, RegionRef, engine_for, plan_effects, plan_region
from impact.errors import ImpactError, InvalidInputError
from impact.io import IOModel, bok_2023_model
from impact.metrics import METRICS
from impact.plan import Plan
from impact.prices import (
    PriceIndexName,
    convert_price_year,
    krw_to_usd,
    load_price_indices,
    price_factor,
)
from impact.report import (
    Display,
    MetricReport,
    about,
    metric_documents,
    money_text,
    plan_display,
)

__all__ = [
    "ComparedPlan",
    "Comparison",
    "compare_plans",
    "comparison_document",
    "rebase_plan",
    "source_year",
]

_MONEY_CLAIMS = ("production_inducement", "value_added_inducement", "total_effect")


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PriceBasis(_Out):
    """The conversion applied to one plan's won amounts."""

    source_year: int = Field(description="price year of the plan's amounts")
    target_year: int
    index: PriceIndexName
    source_index: float = Field(description="index value in the source year [2020 = 100]")
    target_index: float = Field(description="index value in the target year [2020 = 100]")
    factor: float = Field(description="index[target] / index[source] [-] (Eq. 1)")
    formula: str = Field(description="the factor written out, for citation")
    projection: bool = Field(description="true when either index value is a projection")


class ComparedPlan(_Out):
    """One plan restated in target-year won, with its metrics and ranks."""

    label: str = Field(
        description="saved id, or the city for an inline plan; a label two plans share "
        "gets each one's place in the request: '부산 (1)', '부산 (2)'"
    )
    city: str
    basis: PriceBasis
    nominal_investment: int = Field(description="as announced [KRW, source-year prices]")
    real_investment: int = Field(description="restated [KRW, target-year prices]")
    real: Plan = Field(description="the plan with every money amount in target-year won")
    display: dict[str, Display]
    metrics: dict[str, MetricReport] = Field(description="metrics on the common price basis")
    usd: dict[str, float] | None = Field(
        default=None,
        description="the real investment and the money metrics in US dollars at the target "
        "year's average rate [USD], keyed '<name>_usd' (investment_usd, cost_per_job_usd, …)",
    )
    ranks: dict[str, int | None] = Field(
        description="competition rank per rankable metric (1 = best); null when not computable"
    )
    region: RegionRef | None = Field(description="the plan's region (named or from its city)")
    in_region_share: dict[str, float | None] | None = Field(
        default=None,
        description="share of the output and of the jobs that land in the plan's region [-] "
        "(the effects engine, Type I; the shares do not depend on the price year); null "
        "without a region or an allocation",
    )


class Ranking(_Out):
    """How one metric ranks the plans."""

    better: Literal["higher", "lower"]
    description: Display
    best: list[str] = Field(description="labels of the plans ranked first")


class Comparison(_Out):
    """``POST /v1/compare``: every plan on one price basis, ranked per metric."""

    price_year: int
    index: PriceIndexName
    currency: Literal["KRW", "USD"]
    basis: Basis = Field(description="budget basis of the in-region shares")
    rows: list[ComparedPlan]
    rankings: dict[str, Ranking]
    source: str = Field(description="where the price indices come from")


RATIO_NAMES = frozenset(spec.name for spec in METRICS if spec.kind == "ratio")
"""Metrics in won per won: the same in any year's prices (restating both amounts and rounding
them to the won would move their last digits)."""
OTHER_NAMES = frozenset(spec.name for spec in METRICS) - RATIO_NAMES
"""The metrics a comparison computes on the restated plan."""


def rebase_plan(
    plan: Plan, target_year: int, index: PriceIndexName, *, field: str = "price_year"
) -> Plan:
    """``plan`` with every money amount restated in ``target_year`` won (Eq. 1).

    Amounts are rounded half-to-even to the won. A plan already in
    ``target_year`` prices is returned unchanged.
    """
    source = source_year(plan, field)
    if source == target_year:
        return plan

    def convert(amount: int) -> int:
        return convert_price_year(amount, source, target_year, index)

    claims = plan.claims.model_copy(
        update={
            name: None if (amount := getattr(plan.claims, name)) is None else convert(amount)
            for name in _MONEY_CLAIMS
        }
    )
    return plan.model_copy(
        update={"investment": convert(plan.investment), "claims": claims, "price_year": target_year}
    )


def source_year(plan: Plan, field: str) -> int:
    """The year of ``plan``'s won, or an error naming ``field`` when the plan states none."""
    if plan.price_year is None:
        msg = "the plan states neither price_year nor announced: its won amounts have no year"
        ko = (
            "계획에 price_year도 announced도 없습니다: 원 단위 금액이 어느 해의 가격인지 알 수 "
            "없습니다"
        )
        raise InvalidInputError(msg, field=field, message_ko=ko)
    return plan.price_year


def _basis(source: int, target: int, index: PriceIndexName) -> dict[str, Any]:
    """The :class:`PriceBasis` of a plan as plain values (a new dict: the caller may change it)."""
    return dict(_shipped_basis(source, target, index))


@functools.lru_cache(maxsize=1024)
def _shipped_basis(source: int, target: int, index: PriceIndexName) -> dict[str, Any]:
    """:func:`_basis` from the shipped price data, built once per years and index (the data's
    16 years and two indices make 512 entries at most)."""
    indices = load_price_indices()
    series = indices.series(index)
    factor = price_factor(source, target, index)
    return {
        "source_year": source,
        "target_year": target,
        "index": index,
        "source_index": float(series[source]),
        "target_index": float(series[target]),
        "factor": float(factor),
        "formula": f"{index.value}[{target}] / {index.value}[{source}] = "
        f"{series[target]} / {series[source]} = {factor:.6f}",
        "projection": bool({source, target} & indices.projection_years),
    }


def _nominal(plan: Plan) -> dict[str, str]:
    shown = money_text(plan.investment)
    return about(shown) if "investment" in plan.approximate else shown


def _usd(metrics: dict[str, dict[str, Any]], investment: int, year: int) -> dict[str, float]:
    """Dollar figures, keyed ``<name>_usd`` (``cost_per_job_krw`` → ``cost_per_job_usd``)."""
    amounts = {"investment_usd": investment} | {
        name.removesuffix("_krw") + "_usd": int(report["value"])
        for name, report in metrics.items()
        if report["unit"].startswith("KRW/")
        and name.endswith("_krw")
        and report["value"] is not None
    }
    return {name: float(krw_to_usd(amount, year)) for name, amount in amounts.items()}


def _regional(
    plan: Plan, model: IOModel, field: str, basis: Basis
) -> tuple[RegionRef | None, dict[str, float | None] | None]:
    """The plan's region and the in-region share of its output and jobs."""
    try:
        region = plan_region(plan).region
        if region is None:
            return None, None
        if plan.allocation is None:
            return RegionRef.of(region), None
        engine = engine_for(model, region)  # the region found above, not resolved again
        [effects] = plan_effects(plan, model, bases=[basis], engine=engine)
    except ImpactError as exc:
        raise exc.with_field_prefix(field) from None
    split = effects.regional
    if split is None:
        return RegionRef.of(region), None
    return RegionRef.of(region), {
        "output": split.production.in_region_share,
        "jobs": split.jobs.in_region_share,
    }


def _metrics(plan: Plan, real: Plan) -> dict[str, dict[str, Any]]:
    """The metrics of ``real``, the plan restated; won per won needs no restating, so those
    are the plan's own, as on every other route (each metric computed once, in spec order)."""
    if real is plan:
        return metric_documents(plan)
    restated = metric_documents(real, OTHER_NAMES, restated=True)
    own = metric_documents(plan, RATIO_NAMES)
    return {
        spec.name: (own if spec.name in RATIO_NAMES else restated)[spec.name] for spec in METRICS
    }


def _competition_ranks(values: list[float | None], better: str) -> list[int | None]:
    sign = -1.0 if better == "higher" else 1.0
    present = [sign * v for v in values if v is not None]
    return [None if v is None else 1 + sum(p < sign * v for p in present) for v in values]


def unique_labels(labels: Sequence[str]) -> list[str]:
    """The labels as given, except that a label two plans share gets each one's place in the
    request: two inline plans of 부산 are ``부산 (1)`` and ``부산 (2)``, so a row, a ranking's
    ``best`` and a CSV line each name one plan.

    >>> unique_labels(["부산", "sejong-2024", "부산"])
    ['부산 (1)', 'sejong-2024', '부산 (3)']
    """
    counts = Counter(labels)
    kept = {label for label in labels if counts[label] == 1}
    out = []
    for i, given in enumerate(labels):
        label = given
        if counts[given] > 1:
            # a place ends each new label, so two never meet; none may take a kept label
            label = f"{given} ({i + 1})"
            while label in kept:
                label = f"{label} ({i + 1})"
        out.append(label)
    return out


def comparison_document(
    plans: Sequence[tuple[str, Plan]],
    *,
    target_year: int | None = None,
    index: PriceIndexName = PriceIndexName.GDP_DEFLATOR,
    currency: Literal["KRW", "USD"] = "KRW",
    model: IOModel | None = None,
    basis: Basis = "purchaser",
) -> dict[str, Any]:
    """The :class:`Comparison` of ``plans`` as plain values (as :func:`compare_plans`, which
    validates it into the models): the body of ``POST /v1/compare``.

    Restate ``plans`` (label, plan) in ``target_year`` won and rank them per metric.

    Parameters
    ----------
    plans
        Pairs of a label (saved id or city) and a plan; at least one.
    target_year
        Price year of the comparison [year]; default the latest price year
        among the plans.
    index
        Price index of Eq. 1: GDP deflator (default) or CPI.
    currency
        ``"USD"`` adds the money metrics in dollars at the target year's
        average exchange rate.
    model
        The model of the in-region shares (default the BOK 2023 table's).
    basis
        Budget basis of the in-region shares (``purchaser`` by default, as the audit).

    Raises
    ------
    InvalidInputError
        A plan has no price year (field ``plans.<i>.price_year``).
    DataUnavailableError
        A year lies outside the price data.
    """
    if not plans:
        raise InvalidInputError(
            "give at least one plan to compare",
            field="plans",
            message_ko="비교할 계획을 하나 이상 주세요",
        )
    labels = unique_labels([label for label, _ in plans])
    plans = [(label, plan) for label, (_, plan) in zip(labels, plans, strict=True)]
    years = [source_year(plan, f"plans.{i}.price_year") for i, (_, plan) in enumerate(plans)]
    target = target_year if target_year is not None else max(years)
    # the target year has data; a default target is the latest plan's year: name that plan
    named = "price_year" if target_year is not None else f"plans.{years.index(target)}.price_year"
    price_factor(target, target, index, field=named)
    for i, source in enumerate(years):
        price_factor(source, target, index, field=f"plans.{i}.price_year")
    model = model or bok_2023_model()
    rows: list[dict[str, Any]] = []
    for i, ((label, plan), source) in enumerate(zip(plans, years, strict=True)):
        real = rebase_plan(plan, target, index, field=f"plans.{i}.price_year")
        metrics = _metrics(plan, real)
        region, shares = _regional(plan, model, f"plans.{i}", basis)
        rows.append(
            {  # ComparedPlan's fields in its order (the JSON is written in this order)
                "label": label,
                "city": plan.city,
                "basis": _basis(source, target, index),
                "nominal_investment": plan.investment,
                "real_investment": real.investment,
                "real": real,
                "display": plan_display(real, restated=real is not plan)
                | {"nominal_investment": _nominal(plan)},
                "metrics": metrics,
                "usd": _usd(metrics, real.investment, target) if currency == "USD" else None,
                "ranks": {},
                "region": region,
                "in_region_share": shares,
            }
        )
    rankings: dict[str, dict[str, Any]] = {}
    for spec in METRICS:
        if spec.better == "neither":
            continue
        values = [_as_float(row["metrics"][spec.name]["value"]) for row in rows]
        for row, rank in zip(rows, _competition_ranks(values, spec.better), strict=True):
            row["ranks"][spec.name] = rank
        rankings[spec.name] = {
            "better": spec.better,
            "description": {"ko": spec.description_ko, "en": spec.description_en},
            "best": sorted(row["label"] for row in rows if row["ranks"][spec.name] == 1),
        }
    return {
        "price_year": target,
        "index": index,
        "currency": currency,
        "basis": basis,
        "rows": rows,
        "rankings": rankings,
        "source": load_price_indices().source,
    }


def compare_plans(
    plans: Sequence[tuple[str, Plan]],
    *,
    target_year: int | None = None,
    index: PriceIndexName = PriceIndexName.GDP_DEFLATOR,
    currency: Literal["KRW", "USD"] = "KRW",
    model: IOModel | None = None,
    basis: Basis = "purchaser",
) -> Comparison:
    """Restate ``plans`` (label, plan) in ``target_year`` won and rank them per metric: the
    :class:`Comparison` of :func:`comparison_document` (see it for the parameters)."""
    document = comparison_document(
        plans, target_year=target_year, index=index, currency=currency, model=model, basis=basis
    )
    return Comparison.model_validate(document)


def _as_float(value: int | float | None) -> float | None:
    return None if value is None else float(value)
