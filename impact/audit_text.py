"""The audit in words: explanations in English and Korean that quote the numbers.

Money is written with :func:`impact.money.format_krw` (exact 억/조 in Korean,
rounded B/T in English); multipliers with three decimals as BOK publishes
them; jobs per ₩1bn with one decimal. Every sentence is built from the same
:class:`~impact.audit_figures.Measure` the report's numbers come from, so the
text cannot disagree with them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

from impact.audit_figures import Extreme, Measure, PriceStep
from impact.audit_status import STATUS_LABELS, TOLERANCE, Status
from impact.money import format_count, format_krw

__all__ = [
    "SHORT",
    "WHAT",
    "Bilingual",
    "allocation_sentence",
    "label",
    "measure_text",
    "per_text",
    "price_text",
    "significant",
    "status_reason",
    "total_text",
]

Bilingual = tuple[str, str]
"""(English, Korean)."""

Lang = Literal["en", "ko"]

WHAT: dict[str, Bilingual] = {
    "production_multiplier": ("production inducement", "생산유발효과"),
    "value_added_ratio": ("value-added inducement", "부가가치유발효과"),
    "jobs_per_billion_krw": ("jobs", "취업유발 인원"),
    "total_effect": ("headline total effect", "총효과"),
}
"""What each check's claim is called."""

SHORT: dict[str, Bilingual] = {
    "production_multiplier": ("production per won", "1원당 생산유발"),
    "value_added_ratio": ("value added per won", "1원당 부가가치유발"),
    "jobs_per_billion_krw": ("jobs", "취업유발"),
    "total_effect": ("headline total per won", "1원당 총효과"),
}
"""Short names of the checks, for the verdict."""

_PCT = round(TOLERANCE * 100)


def label(status: Status | None) -> Bilingual:
    """English and Korean label of a status (``not judged`` for ``None``)."""
    return STATUS_LABELS[status] if status is not None else ("not judged", "판정 없음")


def per_text(m: Measure, value: float) -> str:
    """A per-unit figure: 3 decimals for money ratios, 1 for jobs per ₩1bn."""
    return f"{value:,.3f}" if m.money else f"{value:,.1f}"


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


def total_text(m: Measure, value: float, lang: Lang, *, exact: bool = False) -> str:
    """A per-unit figure times the spending: won (4 significant digits unless ``exact``),
    or a head count; "n/a" for a figure that is not finite (no format may raise)."""
    if not math.isfinite(value * m.per):
        return "n/a"
    amount = round(value * m.per)
    if m.money:
        return format_krw(amount if exact else significant(amount), lang)
    return format_count(amount, lang, unit_en="jobs")


def _both(m: Measure, value: float, lang: Lang) -> str:
    """``1.656 (₩282.2B)`` / ``11.7 per ₩1bn (1,998 jobs)``."""
    if m.money:
        return f"{per_text(m, value)} ({total_text(m, value, lang)})"
    if lang == "en":
        return f"{per_text(m, value)} per ₩1bn ({total_text(m, value, lang)})"
    return f"10억원당 {per_text(m, value)}명({total_text(m, value, lang)})"


def _sector(m: Measure, e: Extreme, lang: Lang) -> str:
    name = e.name_en if lang == "en" else e.name_ko
    text = e.note if lang == "en" else e.note_ko
    note = f"; {text}" if text else ""
    return f"{per_text(m, e.value)} ({e.code} {name}, {total_text(m, e.value, lang)}{note})"


_IMPLAUSIBLE_EN = (
    "above the highest single-sector figure with household re-spending (Type II): no allocation "
    "of the money gives it"
)
_IMPLAUSIBLE_KO = (
    "가계소비 유발효과를 포함한(Type II) 단일 부문 최고치보다 높음: 어떤 부문 배분으로도 나올 "
    "수 없음"
)
_OPTIMISTIC_EN = (
    f"more than {_PCT}% above the model but not above the highest Type II sector: it needs a "
    "different allocation or induced household spending"
)
_OPTIMISTIC_KO = (
    f"모형 값보다 {_PCT}% 넘게 높지만 Type II 최고 부문 이하: 다른 배분이나 가계소비 "
    "유발효과를 전제해야 가능"
)
_REASONS: dict[Status, Bilingual] = {
    "consistent": (f"within ±{_PCT}% of the model", f"모형 값의 ±{_PCT}% 이내"),
    "conservative": (f"more than {_PCT}% below the model", f"모형 값보다 {_PCT}% 넘게 낮음"),
    "optimistic": (_OPTIMISTIC_EN, _OPTIMISTIC_KO),
    "implausible": (_IMPLAUSIBLE_EN, _IMPLAUSIBLE_KO),
}
_REASONS_WITHOUT_POINT: dict[Status, Bilingual] = {
    "consistent": ("within the range of single sectors", "단일 부문 범위 이내"),
    "conservative": ("below the lowest single sector", "최저 부문보다 낮음"),
    "optimistic": (
        "above the highest single sector but not above the highest Type II sector",
        "최고 부문보다 높지만 Type II 최고 부문 이하",
    ),
    "implausible": (_IMPLAUSIBLE_EN, _IMPLAUSIBLE_KO),
}


def status_reason(status: Status, *, has_point: bool) -> Bilingual:
    """Why a claim got its status, as the rules of :mod:`impact.audit_status` say."""
    return (_REASONS if has_point else _REASONS_WITHOUT_POINT)[status]


def price_text(step: PriceStep) -> Bilingual:
    """How plan won were put on the jobs coefficients' price basis."""
    s, t = step.source_year, step.target_year
    if step.applied:
        en = (
            f"the plan's {s} won are restated in {t} won with the GDP deflator "
            f"(× {step.factor:.4f}) before the {t} jobs coefficients are applied"
        )
        ko = (
            f"계획의 {s}년 원화를 GDP 디플레이터로 {t}년 원화로 환산(× {step.factor:.4f})한 뒤 "
            f"{t}년 취업유발계수를 적용"
        )
    elif s is None:
        en = f"the plan states no price year, so its won are taken as {t} won"
        ko = f"계획에 가격 기준연도가 없어 {t}년 원화로 간주"
    else:
        en = f"no GDP deflator for {s}, so the plan's won are taken as {t} won"
        ko = f"{s}년 GDP 디플레이터가 없어 {t}년 원화로 간주"
    return en, ko


def allocation_sentence(basis: str, investment: int) -> Bilingual:
    """What the allocation is, and how to read model figures because of it."""
    en_inv, ko_inv = format_krw(investment, "en"), format_krw(investment, "ko")
    if basis == "assumed":
        en = (
            f"The split of the {en_inv} by sector is an assumption of this audit, not the city's "
            "figure (allocation basis 'assumed'; see allocation.notes): every model figure means "
            "'if the money is spent as assumed'."
        )
        ko = (
            f"투자액 {ko_inv}의 부문별 배분은 시가 밝힌 수치가 아니라 이 검증의 "
            "가정입니다(배분 근거 'assumed', allocation.notes 참조). 모든 모형 수치는 "
            "'가정대로 지출될 경우'의 값입니다."
        )
    elif basis == "stated":
        en = f"The split of the {en_inv} by sector is the plan's own (basis 'stated')."
        ko = f"투자액 {ko_inv}의 부문별 배분은 계획에 명시된 것입니다(배분 근거 'stated')."
    else:
        en = (
            "The plan states no split by sector, so its claims are compared with the range of "
            "single-sector figures, not with a point estimate."
        )
        ko = (
            "계획에 부문별 배분이 없어 주장을 점추정치가 아닌 단일 부문 수치의 범위와 비교했습니다."
        )
    return en, ko


def _claim_sentence(code: str, m: Measure, lang: Lang) -> str:
    what_en, what_ko = WHAT[code]
    if m.claimed is None:
        return (
            f"The plan claims no {what_en}."
            if lang == "en"
            else f"계획에 {what_ko} 주장이 없습니다."
        )
    total = total_text(m, m.claimed, lang, exact=True)
    per = per_text(m, m.claimed)
    if lang == "en":
        if not m.money:
            return f"The plan claims {total} ({per} per ₩1bn spent)."
        return f"The plan claims {what_en} of {total} ({per} won per won spent)."
    unit_ko = f"투자 1원당 {per}원" if m.money else f"10억원당 {per}명"
    return f"계획은 {what_ko} {total}({unit_ko})을 주장합니다."


def _point_sentence(m: Measure, kind: str, basis: str, lang: Lang) -> str:
    if m.point is None:
        if lang == "en":
            return "No model figure for the plan itself: it states no allocation by sector."
        return "계획에 부문별 배분이 없어 계획 자체에 대한 모형 값은 없습니다."
    model = "Type I" if kind == "type_i" else "Type II"
    with_ii = kind == "type_i" and m.point_ii is not None
    if m.average:
        point = _both(m, m.point, lang)
        if lang == "en":
            return f"The national average, which no allocation refines, gives {point}."
        return f"배분과 무관한 전국 평균으로는 {point}입니다."
    if lang == "en":
        alloc = {"assumed": "the assumed allocation", "stated": "the stated allocation"}[basis]
        extra = ""
        if with_ii and m.point_ii is not None:
            extra = f"; {_both(m, m.point_ii, lang)} with household re-spending (Type II)"
        return f"For {alloc} the {model} model gives {_both(m, m.point, lang)}{extra}."
    alloc_ko = {"assumed": "가정한", "stated": "계획에 명시된"}[basis]
    extra_ko = ""
    if with_ii and m.point_ii is not None:
        extra_ko = f"(가계소비 유발효과를 포함한 Type II: {_both(m, m.point_ii, lang)})"
    return f"{alloc_ko} 배분에 대한 {model} 모형 값은 {_both(m, m.point, lang)}입니다{extra_ko}."


def _range_sentence(m: Measure, lang: Lang) -> str:
    if m.low is None or m.high is None:
        return ""
    ceiling = m.ceiling
    if lang == "en":
        text = f"Single sectors range from {_sector(m, m.low, lang)} to {_sector(m, m.high, lang)}"
        if ceiling is not None:
            text += f"; the highest with household re-spending is {_sector(m, ceiling, lang)}"
        return text + "."
    text = f"단일 부문 범위는 {_sector(m, m.low, lang)}~{_sector(m, m.high, lang)}"
    if ceiling is not None:
        text += f"이고, 가계소비를 포함한 최고치는 {_sector(m, ceiling, lang)}"
    return text + "입니다."


def _reference_sentence(m: Measure, kind: str, lang: Lang) -> str:
    pub, econ = m.published, m.economy
    if pub is None and econ is None:
        return ""
    parts_en: list[str] = []
    parts_ko: list[str] = []
    if pub is not None:
        type_i = " (Type I)" if kind == "type_ii" else ""
        parts_en.append(f"BOK published {pub.value:g}{type_i} for {pub.table_year}")
        parts_ko.append(f"한국은행 공표 {pub.value:g}{type_i}({pub.table_year}년)")
    if econ is not None:
        parts_en.append(f"this model gives {per_text(m, econ)}")
        parts_ko.append(f"본 모형 {per_text(m, econ)}")
    if lang == "en":
        return "Whole-economy average: " + "; ".join(parts_en) + "."
    return "전산업 평균: " + ", ".join(parts_ko) + "."


def _status_sentence(m: Measure, status: Status | None, lang: Lang) -> str:
    if status is None:
        return ""
    en, ko = label(status)
    reason_en, reason_ko = status_reason(status, has_point=m.point is not None)
    ratio = ""
    if m.claimed is not None and m.point:
        r = m.claimed / m.point
        ratio = f"{r:.3f} ({(r - 1) * 100:+.1f}%)"
    if lang == "en":
        lead = f"Claim ÷ model = {ratio}: " if ratio else "Status: "
        return f"{lead}{en} — {reason_en}."
    lead_ko = f"주장 ÷ 모형 = {ratio}: " if ratio else "판정: "
    return f"{lead_ko}{ko} — {reason_ko}."


def measure_text(
    code: str, m: Measure, status: Status | None, *, kind: str, basis: str
) -> Bilingual:
    """The explanation of one model check, quoting every number it uses."""

    def build(lang: Lang) -> str:
        sentences: Sequence[str] = (
            _claim_sentence(code, m, lang),
            _point_sentence(m, kind, basis, lang),
            _range_sentence(m, lang),
            _reference_sentence(m, kind, lang),
            _price_sentence(m, lang),
            _status_sentence(m, status, lang),
        )
        return " ".join(s for s in sentences if s)

    return build("en"), build("ko")


def _price_sentence(m: Measure, lang: Lang) -> str:
    if m.price is None:
        return ""
    en, ko = price_text(m.price)
    return f"Price basis: {en}." if lang == "en" else f"가격 기준: {ko}."
