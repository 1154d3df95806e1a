"""A plan's evaluation as people and programs read it: values plus bilingual display.

Numbers a program reads are plain (integers for won, floats for ratios);
numbers a person reads are formatted (억/조 in Korean, B/T in English) in a
``display`` object next to them. The same report backs ``POST /v1/metrics``,
``GET /v1/plans/{id}/metrics`` and the command line.

A figure the plan states as an estimate (``plan.approximate``, e.g. ``"약 500억원"``)
keeps its exact value; its display, and that of every metric computed from it, says so:
``약 500억원`` / ``about ₩50B``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Container
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import to_json

from impact.flags import Flag, check_claims
from impact.metrics import METRICS, MetricSpec, MetricValue
from impact.money import format_count, format_fixed, format_krw, format_krw_ko_en
from impact.plan import Plan

__all__ = [
    "Display",
    "FlagReport",
    "MetricReport",
    "PlanReport",
    "about",
    "display_model_money",
    "display_money",
    "evaluate",
    "metric_documents",
    "metric_inputs",
    "metric_report",
    "model_krw",
    "money_text",
    "plan_display",
    "report_document",
    "report_json",
    "significant",
]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Display(_Out):
    """The same figure formatted for a Korean and an English reader."""

    ko: str
    en: str


class Reason(_Out):
    """Why a figure is missing, in both languages."""

    en: str
    ko: str


class MetricReport(_Out):
    """One derived metric: plain value, unit, formula and human-readable display."""

    value: int | float | None = Field(
        description="integer KRW for money metrics, float otherwise; null when not computable"
    )
    unit: str
    formula: str
    description: Display
    better: Literal["higher", "lower", "neither"] = Field(
        description="which direction is better when plans are ranked"
    )
    display: Display | None = None
    reason: Reason | None = Field(default=None, description="why the value is null")


class FlagReport(_Out):
    """An arithmetic finding about the claims."""

    code: str
    severity: Literal["error", "warning", "info"]
    message: Display
    fields: tuple[str, ...]


class PlanReport(_Out):
    """The normalised plan, its derived metrics and the flags raised on its claims."""

    plan: Plan
    display: dict[str, Display] = Field(
        description="human-readable money and counts of the plan, keyed by dotted field path"
    )
    metrics: dict[str, MetricReport]
    flags: list[FlagReport]


def display_money(amount: int) -> Display:
    """``Display`` of an amount [KRW]: exact 억/조 in Korean, rounded B/T in English."""
    return Display.model_validate(money_text(amount))


def significant(amount: int, digits: int = 4) -> int:
    """``amount`` rounded to ``digits`` significant digits (model figures are not exact).

    Examples
    --------
    >>> significant(484_215_205_2500), significant(999)
    (4842000000000, 999)
    """
    size = len(str(abs(amount)))
    if size <= digits:
        return amount
    step: int = 10 ** (size - digits)
    whole, rest = divmod(abs(amount), step)
    rounded = (whole + (2 * rest >= step)) * step
    return rounded if amount >= 0 else -rounded


def model_krw(amount: int, lang: Literal["ko", "en"]) -> str:
    """A model's estimate [KRW] for people: 4 significant digits in both languages (a model
    figure is not exact to the won, and English must not say less than Korean).

    >>> model_krw(2_049_012_345_678, "ko"), model_krw(2_049_012_345_678, "en")
    ('2조 490억원', '₩2.049T')
    >>> model_krw(254_584_604_303, "en"), model_krw(15_857_478_637, "en"), model_krw(999, "en")
    ('₩254.6B', '₩15.86B', '₩999')
    """
    # English already keeps 4 significant digits, so the rounded figure is written exactly
    return format_krw(significant(amount), lang)


def display_model_money(amount: int) -> Display:
    """``Display`` of a model's estimate [KRW] (:func:`model_krw`): ``2,822억원`` / ``₩282.2B``."""
    return Display.model_validate(money_text(amount, restated=True))


APPROXIMATE_KO = "약"
APPROXIMATE_EN = "about"


def about(text: dict[str, str]) -> dict[str, str]:
    """A display's text marked as an estimate: ``약 500억원`` / ``about ₩50B``."""
    return {"ko": f"{APPROXIMATE_KO} {text['ko']}", "en": f"{APPROXIMATE_EN} {text['en']}"}


_FIGURES = {
    "investment": "investment",
    "projects": "projects",
    "jobs": "claims.jobs",
    "startups": "claims.startups",
    "production_inducement": "claims.production_inducement",
    "value_added_inducement": "claims.value_added_inducement",
    "total_effect": "claims.total_effect",
}


def metric_inputs(spec: MetricSpec) -> frozenset[str]:
    """Dotted paths of the plan figures ``spec``'s formula reads (``investment / jobs`` →
    ``investment``, ``claims.jobs``)."""
    names = re.findall(r"[a-z_]+", spec.formula)
    return frozenset(_FIGURES[name] for name in names if name in _FIGURES)


def metric_report(
    spec: MetricSpec, value: MetricValue, approximate: tuple[str, ...] = ()
) -> MetricReport:
    """Report one metric value with its definition; its display says "about" when a figure
    it is computed from is in ``approximate`` (dotted paths, as ``Plan.approximate``)."""
    return MetricReport.model_validate(_metric_document(spec, value, approximate))


def metric_documents(
    plan: Plan, names: Container[str] | None = None, *, restated: bool = False
) -> dict[str, dict[str, Any]]:
    """The metrics of ``plan`` (those in ``names``, default all) as :func:`report_document`
    has them: :class:`MetricReport` documents as plain values. ``restated``: the plan's
    money was restated in another year's prices, so amounts are shown as estimates are
    (:func:`model_krw`, 4 significant digits in Korean too)."""
    return {
        spec.name: _metric_document(spec, spec.compute(plan), plan.approximate, restated=restated)
        for spec in METRICS
        if names is None or spec.name in names
    }


def evaluate(plan: Plan, *, restated: bool = False) -> PlanReport:
    """Metrics and flags of ``plan`` as a :class:`PlanReport`.

    The same document as :func:`report_json`, validated into the models (for callers that
    read it as objects: comparisons, scenarios, the command line). ``restated``: the plan's
    money was restated in another year's prices (:func:`money_text`).
    """
    return PlanReport.model_validate(report_document(plan, restated=restated))


def report_document(plan: Plan, *, restated: bool = False) -> dict[str, Any]:
    """The :class:`PlanReport` of ``plan`` as plain values: the body of ``POST /v1/metrics``.

    Dicts, lists, strings, integers, floats and ``None`` in the models' field order, and
    ``plan`` itself under ``"plan"``; no model is built. A new document every call (the
    caller may change it).
    """
    return {
        "plan": plan,
        "display": plan_display(plan, restated=restated),
        "metrics": metric_documents(plan, restated=restated),
        "flags": [_flag_document(flag) for flag in check_claims(plan)],
    }


def report_json(plan: Plan) -> bytes:
    """The JSON of :func:`evaluate` ``(plan)``, byte for byte: the body of ``POST /v1/metrics``.

    Written directly from the values :func:`report_document` holds (the same functions make
    them): each metric's constant fields are JSON written once at import, the display texts
    (digits, separators and unit words only) go in as they are, and pydantic-core writes
    the plan with its own serializer, the flags and any float it would write otherwise
    than ``repr``: ≈ 7 % fewer instructions than encoding the document (README,
    *Performance*). ``tests/property/test_report_json.py`` holds the two equal.
    """
    display = [
        b'"%s":%s' % (path.encode(), _display_json(text))
        for path, text in plan_display(plan).items()
    ]
    approximate = plan.approximate
    metrics = []
    for spec, head, middle in _METRIC_JSON:
        value = spec.compute(plan)
        plain = _plain(spec, value)
        text = _display_text(spec, plain, _is_estimate(spec, approximate))
        reason = (
            b"null"
            if value.reason_en is None or value.reason_ko is None
            else to_json({"en": value.reason_en, "ko": value.reason_ko})
        )
        metrics.append(
            b'%s%s%s%s,"reason":%s}'
            % (head, _json_value(plain), middle, _display_json(text), reason)
        )
    flags = to_json([_flag_document(flag) for flag in check_claims(plan)])
    return b'{"plan":%s,"display":{%s},"metrics":{%s},"flags":%s}' % (
        to_json(plan, by_alias=True),
        b",".join(display),
        b",".join(metrics),
        flags,
    )


def _display_json(text: dict[str, str] | None) -> bytes:
    """A display as JSON; its texts are digits, separators and unit words, with nothing to
    escape."""
    if text is None:
        return b"null"
    return b'{"ko":"%s","en":"%s"}' % (text["ko"].encode(), text["en"].encode())


def _json_value(plain: int | float | None) -> bytes:
    """A metric's value as pydantic-core writes it; a float as ``repr`` from 10⁻⁴ to 10¹⁶,
    where the two agree (below, it writes ``1e-5`` as ``0.00001``)."""
    if plain is None:
        return b"null"
    if type(plain) is int or 1e-4 <= abs(plain) < 1e16:
        return repr(plain).encode()
    return to_json(plain)


def _metric_json(spec: MetricSpec) -> tuple[MetricSpec, bytes, bytes]:
    """``spec`` with the JSON before its value and between its value and its display."""
    head = to_json(spec.name) + b':{"value":'
    constant = {
        "unit": spec.unit,
        "formula": spec.formula,
        "description": {"ko": spec.description_ko, "en": spec.description_en},
        "better": spec.better,
    }
    middle = b"," + to_json(constant)[1:-1] + b',"display":'
    return spec, head, middle


def money_text(amount: int, *, restated: bool = False) -> dict[str, str]:
    """A :class:`Display` of an amount [KRW] as plain values (:func:`display_money`);
    ``restated`` in another year's prices, or any estimate: :func:`model_krw` in both
    languages (:func:`display_model_money`)."""
    if restated:
        return {"ko": model_krw(amount, "ko"), "en": model_krw(amount, "en")}
    ko, en = format_krw_ko_en(amount)
    return {"ko": ko, "en": en}


def _display_text(
    spec: MetricSpec, plain: int | float | None, estimate: bool, *, restated: bool = False
) -> dict[str, str] | None:
    """The display of a metric's reported value (won rounded, ratios as floats); "about"
    when a figure it is computed from is an estimate."""
    if plain is None:
        return None
    if spec.kind == "krw":
        shown = money_text(int(plain), restated=restated)
        return about(shown) if estimate else shown
    ko, en = (f"{APPROXIMATE_KO} ", f"{APPROXIMATE_EN} ") if estimate else ("", "")
    if spec.kind == "count_rate":
        per = "생산액 10억원당" if "output" in spec.unit else "10억원당"
        per_en = "per ₩1B of output" if "output" in spec.unit else "per ₩1B"
        number = format_fixed(plain, 1)
        return {"ko": f"{per} {ko}{number}명", "en": f"{en}{number} jobs {per_en}"}
    # an estimate's ratio: "about 1.6000×" claimed four places its inputs do not have
    number = _significant_text(plain, ESTIMATE_DIGITS) if estimate else format_fixed(plain, 4)
    return {"ko": f"{ko}{number}배", "en": f"{en}{number}×"}


ESTIMATE_DIGITS: Final = 2
"""Significant digits of a ratio computed from an estimate ("about 1.6×", "about 0.0003×",
"about 3,300,000×"); an exact one has four decimal places ("1.7025×")."""


def _significant_text(value: float, digits: int) -> str:
    """``value`` to ``digits`` significant digits, in fixed notation with thousands separators.

    >>> _significant_text(1.6, 2), _significant_text(0.000312, 2), _significant_text(3333333.3, 2)
    ('1.6', '0.00031', '3,300,000')
    >>> _significant_text(9.96, 2), _significant_text(1.0, 2), _significant_text(0.0, 2)
    ('10', '1.0', '0')
    """
    if value == 0 or not math.isfinite(value):
        return format_fixed(value, 0)
    exponent = math.floor(math.log10(abs(value)))
    rounded = round(value, digits - 1 - exponent)
    exponent = math.floor(math.log10(abs(rounded)))  # 9.96 → 10: one place fewer
    return format_fixed(rounded, max(0, digits - 1 - exponent))


def _is_estimate(spec: MetricSpec, approximate: tuple[str, ...]) -> bool:
    """A figure ``spec``'s formula reads is one the plan states as an estimate."""
    return bool(approximate) and not metric_inputs(spec).isdisjoint(approximate)


def _plain(spec: MetricSpec, value: MetricValue) -> int | float | None:
    """A metric's reported value: won rounded to an integer, other kinds as floats."""
    return value.rounded() if spec.kind == "krw" else value.as_float()


def _metric_document(
    spec: MetricSpec,
    value: MetricValue,
    approximate: tuple[str, ...] = (),
    *,
    restated: bool = False,
) -> dict[str, Any]:
    """One :class:`MetricReport` as plain values, in its field order."""
    plain = _plain(spec, value)
    reason = (
        None
        if value.reason_en is None or value.reason_ko is None
        else {"en": value.reason_en, "ko": value.reason_ko}
    )
    return {
        "value": plain,
        "unit": spec.unit,
        "formula": spec.formula,
        "description": {"ko": spec.description_ko, "en": spec.description_en},
        "better": spec.better,
        "display": _display_text(spec, plain, _is_estimate(spec, approximate), restated=restated),
        "reason": reason,
    }


def plan_display(plan: Plan, *, restated: bool = False) -> dict[str, dict[str, str]]:
    """The display of ``plan``'s figures, keyed by dotted path (:attr:`PlanReport.display`),
    as plain values; "about" on the figures the plan states as estimates; ``restated``: its
    money is in another year's prices (:func:`money_text`)."""
    shown = _exact_plan_display(plan, restated)
    if not plan.approximate:
        return shown
    return {path: about(text) if path in plan.approximate else text for path, text in shown.items()}


def _exact_plan_display(plan: Plan, restated: bool = False) -> dict[str, dict[str, str]]:
    shown = {"investment": money_text(plan.investment, restated=restated)}
    claims = plan.claims
    for name in ("production_inducement", "value_added_inducement", "total_effect"):
        amount = getattr(claims, name)
        if amount is not None:
            shown[f"claims.{name}"] = money_text(amount, restated=restated)
    if claims.jobs is not None:
        shown["claims.jobs"] = {
            "ko": format_count(claims.jobs, "ko"),
            "en": format_count(claims.jobs, "en", unit_en="jobs"),
        }
    if claims.startups is not None:
        shown["claims.startups"] = {
            "ko": format_count(claims.startups, "ko", unit_ko="개"),
            "en": format_count(claims.startups, "en", unit_en="startups"),
        }
    return shown


def _flag_document(flag: Flag) -> dict[str, Any]:
    """One :class:`FlagReport` as plain values."""
    return {
        "code": flag.code,
        "severity": flag.severity,
        "message": {"ko": flag.message_ko, "en": flag.message_en},
        "fields": flag.fields,
    }


_METRIC_JSON: Final = tuple(_metric_json(spec) for spec in METRICS)
