"""Derived metrics of a stated plan: ratios a reader can check by hand.

Every metric is a small function of exact inputs. Money is an exact integer
[KRW]; ratios are computed as exact rationals (:class:`fractions.Fraction`) so
that identities such as ``cost_per_job × jobs == investment`` hold exactly, and
are turned into floats or rounded won only when reported.

A metric whose inputs are missing or zero is not a number: it is reported as
``None`` with a reason (never ``inf``, never an exception).

References
----------
Miller, R. E., & Blair, P. D. (2009). *Input-Output Analysis: Foundations and
Extensions* (2nd ed.), ch. 6 (multipliers), Cambridge University Press.

Examples
--------
>>> from impact.plan import Plan
>>> plan = Plan.model_validate({"city": "세종", "investment": "1,704억원",
...     "claims": {"production_inducement": "2,901억원", "jobs": 1998}})
>>> m = compute_metrics(plan)
>>> m["cost_per_job_krw"].rounded()
85285285
>>> round(m["production_multiplier"].as_float(), 4)
1.7025
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, NamedTuple

from impact.money import round_half_even
from impact.plan import Plan

__all__ = [
    "METRICS",
    "MetricSpec",
    "MetricValue",
    "compute_metrics",
    "ratio",
]

BILLION = 10**9
Kind = Literal["krw", "ratio", "count_rate"]


class MetricValue(NamedTuple):
    """One derived figure: an exact value, or ``None`` and the reason why not.

    Immutable, and a named tuple rather than a frozen dataclass: ten are made for every
    plan evaluated, and a tuple is built in a third of the time.

    Attributes
    ----------
    name
        Metric key, e.g. ``"cost_per_job_krw"``.
    exact
        The exact rational value, or ``None``.
    reason_en, reason_ko
        Why the value is missing (``None`` when it is present).
    """

    name: str
    exact: Fraction | None
    reason_en: str | None = None
    reason_ko: str | None = None

    def as_float(self) -> float | None:
        """The value as a binary float [unit of the metric] (for ratios): the exact
        quotient correctly rounded, as ``float(exact)`` gives it."""
        return None if self.exact is None else self.exact.numerator / self.exact.denominator

    def rounded(self) -> int | None:
        """The value rounded half-to-even to an integer (for won amounts) [KRW], exactly."""
        if self.exact is None:
            return None
        return round_half_even(self.exact.numerator, self.exact.denominator)


@dataclass(frozen=True, slots=True)
class MetricSpec:
    """Definition of a metric, shown to users next to its value."""

    name: str
    kind: Kind
    unit: str
    formula: str
    description_en: str
    description_ko: str
    better: Literal["higher", "lower", "neither"]
    compute: Callable[[Plan], MetricValue]


def ratio(
    name: str,
    numerator: int | None,
    denominator: int | Fraction | None,
    *,
    missing: tuple[str, str],
    zero: tuple[str, str],
) -> MetricValue:
    """Exact ``numerator / denominator`` or ``None`` with a reason.

    Parameters
    ----------
    name
        Metric key.
    numerator, denominator
        Exact inputs; ``None`` when not stated.
    missing, zero
        (English, Korean) reasons used when an input is absent, or the
        denominator is zero.

    Examples
    --------
    >>> ratio("x", 3, 4, missing=("m", "m"), zero=("z", "z")).exact
    Fraction(3, 4)
    >>> ratio("x", 3, 0, missing=("m", "m"), zero=("z", "z")).reason_en
    'z'
    """
    if numerator is None or denominator is None:
        return MetricValue(name, None, *missing)
    if denominator == 0:
        return MetricValue(name, None, *zero)
    return MetricValue(name, Fraction(numerator, denominator))


_NO_JOBS = ("no jobs claim stated", "일자리 주장치가 없음")
_ZERO_JOBS = ("jobs claim is zero", "일자리 주장치가 0")
_NO_PROD = ("no production-inducement claim stated", "생산유발효과 주장치가 없음")
_ZERO_PROD = ("production-inducement claim is zero", "생산유발효과 주장치가 0")
_NO_VA = ("no value-added claim stated", "부가가치유발효과 주장치가 없음")
_NEVER_ZERO = ("investment is zero", "투자액이 0")


def cost_per_job(plan: Plan) -> MetricValue:
    """Cost per job: ``investment / jobs`` [KRW/person]."""
    return ratio(
        "cost_per_job_krw", plan.investment, plan.claims.jobs, missing=_NO_JOBS, zero=_ZERO_JOBS
    )


def jobs_per_billion(plan: Plan) -> MetricValue:
    """Jobs per ₩1 billion spent: ``jobs / (investment / 10⁹)`` [persons per KRW 1bn]."""
    jobs = plan.claims.jobs
    return ratio(
        "jobs_per_billion_krw",
        None if jobs is None else jobs * BILLION,  # = jobs / (investment / 10⁹), in integers
        plan.investment,
        missing=_NO_JOBS,
        zero=_NEVER_ZERO,
    )


def production_multiplier(plan: Plan) -> MetricValue:
    """Claimed production multiplier: ``production_inducement / investment`` [-]."""
    return ratio(
        "production_multiplier",
        plan.claims.production_inducement,
        plan.investment,
        missing=_NO_PROD,
        zero=_NEVER_ZERO,
    )


def value_added_ratio(plan: Plan) -> MetricValue:
    """Claimed value added per won spent: ``value_added_inducement / investment`` [-]."""
    return ratio(
        "value_added_ratio",
        plan.claims.value_added_inducement,
        plan.investment,
        missing=_NO_VA,
        zero=_NEVER_ZERO,
    )


def value_added_share_of_production(plan: Plan) -> MetricValue:
    """Value added as a share of production: ``value_added / production_inducement`` [-]."""
    missing = _NO_VA if plan.claims.value_added_inducement is None else _NO_PROD
    return ratio(
        "value_added_share_of_production",
        plan.claims.value_added_inducement,
        plan.claims.production_inducement,
        missing=missing,
        zero=_ZERO_PROD,
    )


def annual_investment(plan: Plan) -> MetricValue:
    """Average spending per year: ``investment / years in period`` [KRW/year]."""
    years = plan.period.years if plan.period is not None else None
    return ratio(
        "annual_investment_krw",
        plan.investment,
        years,
        missing=("spending period not stated", "투자 기간이 명시되지 않음"),
        zero=("period has no years", "기간이 0년"),
    )


def jobs_per_billion_of_production(plan: Plan) -> MetricValue:
    """Jobs per ₩1 billion of claimed production: ``jobs / (production / 10⁹)``.

    Unit [persons per KRW 1bn of output]; comparable to BOK's employment
    coefficient (취업계수), persons per ₩1bn of gross output.
    """
    jobs = plan.claims.jobs
    return ratio(
        "jobs_per_billion_krw_of_production",
        None if jobs is None else jobs * BILLION,  # = jobs / (production / 10⁹)
        plan.claims.production_inducement,
        missing=_NO_JOBS if jobs is None else _NO_PROD,
        zero=_ZERO_PROD,
    )


def cost_per_startup(plan: Plan) -> MetricValue:
    """Investment per claimed startup: ``investment / startups`` [KRW/firm]."""
    return ratio(
        "cost_per_startup_krw",
        plan.investment,
        plan.claims.startups,
        missing=("no startups claim stated", "창업 기업 주장치가 없음"),
        zero=("startups claim is zero", "창업 기업 주장치가 0"),
    )


def investment_per_project(plan: Plan) -> MetricValue:
    """Average budget per project or task: ``investment / projects`` [KRW/project]."""
    return ratio(
        "investment_per_project_krw",
        plan.investment,
        plan.projects,
        missing=("number of projects not stated", "사업(과제) 수가 명시되지 않음"),
        zero=("number of projects is zero", "사업(과제) 수가 0"),
    )


def total_effect_ratio(plan: Plan) -> MetricValue:
    """Headline total effect per won spent: ``total_effect / investment`` [-]."""
    return ratio(
        "total_effect_ratio",
        plan.claims.total_effect,
        plan.investment,
        missing=("no headline total effect stated", "총 경제효과 주장치가 없음"),
        zero=_NEVER_ZERO,
    )


METRICS: tuple[MetricSpec, ...] = (
    MetricSpec(
        "cost_per_job_krw", "krw", "KRW/person", "investment / jobs",
        "Public spending per claimed job", "일자리 1개당 투자액", "lower", cost_per_job,
    ),
    MetricSpec(
        "jobs_per_billion_krw", "count_rate", "persons per KRW 1bn", "jobs / (investment / 1e9)",
        "Claimed jobs per ₩1 billion spent", "10억원당 일자리", "higher", jobs_per_billion,
    ),
    MetricSpec(
        "production_multiplier", "ratio", "KRW/KRW", "production_inducement / investment",
        "Claimed production inducement per won spent", "투자 1원당 생산유발액",
        "neither", production_multiplier,
    ),
    MetricSpec(
        "value_added_ratio", "ratio", "KRW/KRW", "value_added_inducement / investment",
        "Claimed value added per won spent", "투자 1원당 부가가치유발액",
        "neither", value_added_ratio,
    ),
    MetricSpec(
        "value_added_share_of_production", "ratio", "KRW/KRW",
        "value_added_inducement / production_inducement",
        "Value added as a share of claimed production", "생산유발액 대비 부가가치 비중",
        "neither", value_added_share_of_production,
    ),
    MetricSpec(
        "annual_investment_krw", "krw", "KRW/year", "investment / (period.end - period.start + 1)",
        "Average spending per year of the period", "연평균 투자액", "neither", annual_investment,
    ),
    MetricSpec(
        "jobs_per_billion_krw_of_production", "count_rate", "persons per KRW 1bn of output",
        "jobs / (production_inducement / 1e9)",
        "Claimed jobs per ₩1 billion of claimed production", "생산유발액 10억원당 일자리",
        "neither", jobs_per_billion_of_production,
    ),
    MetricSpec(
        "cost_per_startup_krw", "krw", "KRW/firm", "investment / startups",
        "Public spending per claimed startup", "창업 기업 1개당 투자액", "lower", cost_per_startup,
    ),
    MetricSpec(
        "investment_per_project_krw", "krw", "KRW/project", "investment / projects",
        "Average budget per project or task", "사업(과제)당 평균 투자액",
        "neither", investment_per_project,
    ),
    MetricSpec(
        "total_effect_ratio", "ratio", "KRW/KRW", "total_effect / investment",
        "Headline 'total economic effect' per won spent", "투자 1원당 '총 경제효과'",
        "neither", total_effect_ratio,
    ),
)  # fmt: skip
"""Every metric, in the order it is reported.

``better`` is the direction in which a comparison ranks plans. Claimed
multipliers are deliberately not ranked: a higher claim is not a better plan
(the audit judges whether it is plausible).
"""

METRIC_SPECS: dict[str, MetricSpec] = {spec.name: spec for spec in METRICS}


def compute_metrics(plan: Plan) -> dict[str, MetricValue]:
    """Every derived metric of ``plan``, keyed by name, in :data:`METRICS` order."""
    return {spec.name: spec.compute(plan) for spec in METRICS}
