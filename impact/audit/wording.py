"""The audit in words, English and Korean: explanations, verdict, caveats and provenance.

Money is written with :func:`impact.money.format_krw` (exact 억/조 in Korean,
rounded B/T in English); multipliers with three decimals as BOK publishes
them; jobs per ₩1bn with one decimal. Every sentence is built from the same
:class:`~impact.audit.figures.Measure` (or report field) the numbers come from, so
the text cannot disagree with them; nothing here computes a model figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from impact.audit.figures import Context, Extreme, Measure
from impact.audit.status import STATUS_LABELS, TOLERANCE, Status
from impact.effects import REGIONAL_YEAR, Bilingual
from impact.flags import Flag
from impact.io.bok import TABLE_YEARS, is_bok_2023
from impact.money import format_count, format_krw

if TYPE_CHECKING:
    from impact.audit.models import Check
    from impact.effects import RegionalEffects

__all__ = [
    "SHORT",
    "TITLES",
    "WHAT",
    "allocation_sentence",
    "arithmetic_text",
    "caveats",
    "label",
    "measure_text",
    "per_text",
    "provenance",
    "regional_text",
    "significant",
    "status_reason",
    "total_text",
    "value_added_identity_text",
    "verdict_text",
]

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
    or a head count."""
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
    """Why a claim got its status, as the rules of :mod:`impact.audit.status` say."""
    return (_REASONS if has_point else _REASONS_WITHOUT_POINT)[status]


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
    en, ko = m.price.text()
    return f"Price basis: {en}." if lang == "en" else f"가격 기준: {ko}."


TITLES: dict[str, Bilingual] = {
    "arithmetic": ("Arithmetic of the claims", "주장 수치의 산술 검토"),
    "value_added_per_won": ("Value added per won spent ≤ 1", "투자 1원당 부가가치 ≤ 1"),
    "production_multiplier": ("Production inducement per won spent", "투자 1원당 생산유발액"),
    "value_added_ratio": ("Value added per won spent", "투자 1원당 부가가치유발액"),
    "jobs_per_billion_krw": ("Jobs per ₩1bn spent", "10억원당 취업유발 인원"),
    "total_effect": ("Headline total effect per won spent", "투자 1원당 총효과(헤드라인)"),
    "regional_share": ("Share of the effect that stays in the region", "지역 내 귀착 비율"),
}
"""English and Korean title of each check."""


def arithmetic_text(flags: Sequence[Flag], status: Status | None) -> Bilingual:
    """What :func:`impact.flags.check_claims` found, and the resulting status."""
    if status is None:
        return ("The plan states no claims: nothing to check.", "계획에 주장된 효과가 없습니다.")
    errors = [f for f in flags if f.severity == "error"]
    warnings = [f for f in flags if f.severity == "warning"]
    en, ko = label(status)
    if errors:
        head_en = "The claims contradict accounting definitions. " + " ".join(
            f.message_en for f in errors
        )
        head_ko = "주장 수치가 회계 정의와 모순됩니다. " + " ".join(f.message_ko for f in errors)
    else:
        head_en = (
            "No arithmetic contradiction: no double counting, value added within production "
            "and within the spending."
        )
        head_ko = "산술적 모순 없음: 이중계산이 없고 부가가치가 생산액과 투자액 이내입니다."
    tail_en = " ".join(f"Warning: {f.message_en}" for f in warnings)
    tail_ko = " ".join(f"주의: {f.message_ko}" for f in warnings)
    return (
        " ".join(s for s in (head_en, tail_en, f"Status: {en}.") if s),
        " ".join(s for s in (head_ko, tail_ko, f"판정: {ko}.") if s),
    )


def value_added_identity_text(claimed: float | None, status: Status | None) -> Bilingual:
    """The Type I identity: value added per won of final demand is at most 1."""
    if claimed is None:
        return ("The plan claims no value added.", "계획에 부가가치유발 주장이 없습니다.")
    label_en, label_ko = label(status)
    en = (
        f"Claimed value added is {claimed:.3f} won per won spent. In a Type I input-output "
        "model value added plus imports (plus product taxes) per won of final demand is exactly "
        "1, so more than 1 needs induced household spending, which the plan would have to "
        f"state. Status: {label_en}."
    )
    ko = (
        f"주장 부가가치유발액은 투자 1원당 {claimed:.3f}원입니다. Type I 산업연관 모형에서 "
        "최종수요 1원당 부가가치와 수입(및 생산물세)의 합은 정확히 1이므로, 1을 넘으려면 "
        f"가계소비 유발효과를 포함해야 하고 계획이 이를 밝혀야 합니다. 판정: {label_ko}."
    )
    return en, ko


def _pct(share: float | None) -> str:
    return "n/a" if share is None else f"{share * 100:.1f}%"


def _no_regional(ctx: Context) -> Bilingual:
    if not is_bok_2023(ctx.model.table):
        return (
            (
                "Regional shares need the BOK 2023 table: the BOK 2020 regional coefficients "
                "are for its 83 sectors."
            ),
            "지역 내 귀착 비율은 한국은행 2023 산업연관표(83부문)에서만 계산할 수 있습니다.",
        )
    if ctx.region is None:
        return ctx.choice.how
    name_en, name_ko = ctx.region.name_en, ctx.region.name_ko
    return (
        (
            f"How much stays in {name_en} depends on the sectors bought from (the regional "
            "coefficients differ by sector), and the plan states no allocation."
        ),
        f"{name_ko} 내 귀착 비율은 부문마다 달라 부문별 배분이 필요하지만 계획에 없습니다.",
    )


def regional_text(ctx: Context, regional: RegionalEffects | None) -> Bilingual:
    """How much of the effect stays in the region, or why that is unknown."""
    if regional is None:
        return _no_regional(ctx)
    prod, va, jobs = regional.production, regional.value_added, regional.jobs
    name_en, name_ko = regional.region.name_en, regional.region.name_ko

    def won(amount: float, lang: Literal["en", "ko"]) -> str:
        return format_krw(significant(round(amount)), lang)

    en = (
        f"Of the {won(prod.total, 'en')} of production (2023 national model), "
        f"{won(prod.in_region, 'en')} ({_pct(prod.in_region_share)}) is in {name_en} and "
        f"{won(prod.rest_of_korea, 'en')} in the rest of Korea, by the BOK {REGIONAL_YEAR} "
        f"regional coefficients' in-region shares; {_pct(va.in_region_share)} of the value "
        f"added and {_pct(jobs.in_region_share)} of the jobs stay in {name_en}."
    )
    ko = (
        f"생산유발액 {won(prod.total, 'ko')}(2023 전국 모형) 중 {won(prod.in_region, 'ko')}"
        f"({_pct(prod.in_region_share)})이 {name_ko}에, {won(prod.rest_of_korea, 'ko')}이 다른 "
        f"지역에 귀착합니다(한국은행 {REGIONAL_YEAR}년 지역 계수의 역내 비율). 부가가치의 "
        f"{_pct(va.in_region_share)}, 취업의 {_pct(jobs.in_region_share)}가 {name_ko}에 남습니다."
    )
    claim = ctx.plan.claims.production_inducement
    if claim is not None:
        en += (
            f" If the claimed {format_krw(claim, 'en')} is meant as production in {name_en}, "
            f"compare it with {won(prod.in_region, 'en')}."
        )
        ko += (
            f" 주장 생산유발액 {format_krw(claim, 'ko')}이 지역 내 효과라면 "
            f"{won(prod.in_region, 'ko')}과 비교해야 합니다."
        )
    if regional.placeholder_sectors:
        codes = ", ".join(s.code for s in regional.placeholder_sectors)
        en += (
            f" {name_en} makes none of the products of sectors {codes}: that spending is counted "
            "in the rest of Korea."
        )
        ko += f" {name_ko}에서 생산하지 않는 부문({codes})의 지출은 다른 지역 효과로 계산했습니다."
    return en, ko


def _clause(check: Check, lang: str) -> str | None:
    claimed, model, status = check.claimed, check.model, check.status
    if claimed is None or status is None:
        return None
    title = SHORT[check.code][0 if lang == "en" else 1]
    en_label, ko_label = label(status)
    money = check.unit.startswith("KRW")
    shown = f"{claimed.per_unit:.3f}" if money else getattr(claimed.display, lang)
    if model is not None:
        ref = f"{model.per_unit:.3f}" if money else getattr(model.display, lang)
        if lang == "en":
            return f"{title}: claimed {shown} vs model {ref} ({en_label})"
        return f"{title}: 주장 {shown}, 모형 {ref}({ko_label})"
    if check.range is not None:
        low, high = check.range.min, check.range.max
        lo = f"{low.per_unit:.3f}" if money else f"{low.per_unit:.1f}"
        hi = f"{high.per_unit:.3f}" if money else f"{high.per_unit:.1f}"
        if lang == "en":
            return f"{title}: claimed {shown}, sector range {lo}–{hi} ({en_label})"
        return f"{title}: 주장 {shown}, 부문 범위 {lo}~{hi}({ko_label})"
    return None


def verdict_text(
    ctx: Context,
    checks: Sequence[Check],
    status: Status | None,
    allocation: Bilingual,
    regional: RegionalEffects | None,
) -> Bilingual:
    """The overall verdict, quoting each judged claim against the model."""
    plan = ctx.plan
    table = ctx.model.table
    kind = "Type I" if ctx.kind == "type_i" else "Type II"
    name = plan.city + (f", {plan.title}" if plan.title else "")
    en_label, ko_label = label(status)
    model_en = f"{table.id} input-output table ({table.n} sectors), {kind} model"
    model_ko = f"{table.id} 산업연관표({table.n}부문) {kind} 모형"
    en = [f"{name}: {en_label.upper()} against the {model_en}.", allocation[0]]
    ko = [f"{name}: {model_ko} 대비 종합 판정 '{ko_label}'.", allocation[1]]
    measured = [c for c in checks if c.code not in ("arithmetic", "value_added_per_won")]
    clauses_en = [c for c in (_clause(x, "en") for x in measured) if c]
    clauses_ko = [c for c in (_clause(x, "ko") for x in measured) if c]
    if clauses_en:
        joined = "; ".join(clauses_en)
        en.append(joined[:1].upper() + joined[1:] + ".")
        ko.append("; ".join(clauses_ko) + ".")
    for check in checks:  # value_added_per_won > 1 is also an arithmetic flag: said once
        if check.code == "arithmetic" and check.status == "implausible":
            en.append(check.explanation.en)
            ko.append(check.explanation.ko)
    if regional is not None:
        share = _pct(regional.production.in_region_share)
        en.append(f"About {share} of the production effect stays in {regional.region.name_en}.")
        ko.append(f"생산유발효과의 약 {share}가 {regional.region.name_ko}에 귀착합니다.")
    en.append(
        "Effects are gross: displacement and the budget's alternative uses are not netted out."
    )
    ko.append("유발효과는 총효과이며 대체효과와 예산의 다른 용도를 차감하지 않았습니다.")
    return " ".join(en), " ".join(ko)


_JOBS_CAVEAT_EN = (
    "Model jobs are person-years of employment induced by the spending over its whole period, "
    "not lasting positions."
)
_JOBS_CAVEAT: Bilingual = (
    _JOBS_CAVEAT_EN,
    "모형의 취업유발 인원은 지출 기간 전체의 연인원이며 상시 일자리가 아닙니다.",
)
_TYPES_CAVEAT_EN = (
    "Type I counts the supply-chain rounds; Type II adds household re-spending of labour income "
    "and is an upper estimate (all compensation assumed spent)."
)
_TYPES_CAVEAT_KO = (
    "Type I은 공급망 파급효과까지, Type II는 노동소득의 가계소비 재지출까지 포함하며 상한 "
    "추정치입니다(보수 전액 지출 가정)."
)
_TYPES_CAVEAT: Bilingual = (_TYPES_CAVEAT_EN, _TYPES_CAVEAT_KO)
_ASSUMED_CAVEAT_EN = (
    "The allocation by sector is an assumption, not the city's figure: allocation.notes gives "
    "every choice made."
)
_ASSUMED_CAVEAT: Bilingual = (
    _ASSUMED_CAVEAT_EN,
    "부문별 배분은 시의 수치가 아닌 가정이며 모든 가정은 allocation.notes에 있습니다.",
)


def _import_caveat(ctx: Context, year: int | None) -> Bilingual | None:
    pub = ctx.published.get(year, {}) if year is not None else {}
    prod, va = pub.get("production_inducement_avg"), pub.get("value_added_inducement_avg")
    if not is_bok_2023(ctx.model.table) or prod is None or va is None:
        return None
    econ = ctx.model.economy_wide("type_i").average
    p_model, v_model = econ["output"] or 0.0, econ["value_added"] or 0.0
    dp, dv = (p_model / prod.value - 1) * 100, (v_model / va.value - 1) * 100
    en = (
        "Domestic coefficients are derived with the competitive-import assumption (BOK's "
        "domestic table was not available): this model's whole-economy multipliers are "
        f"{p_model:.4f} (production) and {v_model:.4f} (value added) against BOK's published "
        f"{prod.value:g} and {va.value:g} ({dp:+.2f}%, {dv:+.2f}%)."
    )
    ko = (
        "국산거래표가 없어 경쟁수입 가정으로 국산 투입계수를 도출했습니다. 본 모형의 전산업 "
        f"생산유발계수 {p_model:.4f}, 부가가치유발계수 {v_model:.4f}는 한국은행 공표치 "
        f"{prod.value:g}, {va.value:g}와 각각 {dp:+.2f}%, {dv:+.2f}% 차이입니다."
    )
    return en, ko


def caveats(ctx: Context) -> list[Bilingual]:
    """What a reader must know before quoting the audit."""
    plan = ctx.plan
    year = TABLE_YEARS.get(ctx.model.table.id)
    claims_year = str(plan.price_year) if plan.price_year else "unstated"
    table_year = str(year) if year else "the table's"
    price_en = (
        f"Price year: the claims are in {claims_year}-year won, the table's coefficients are "
        f"for {table_year} year. Multipliers are ratios of money to money and so roughly "
        "price-neutral (only shifts in relative prices between sectors matter); jobs per won "
        "are not, so jobs are computed on won restated in the jobs coefficients' year with the "
        "GDP deflator."
    )
    price_ko = (
        f"가격 기준: 주장 수치는 {plan.price_year or '미상'}년 원화, 산업연관표 계수는 "
        f"{year or '표 작성'}년 기준입니다. 승수는 금액 대 금액의 비율이므로 가격 변화에 "
        "거의 중립적이지만(부문 간 상대가격 변화만 영향), 원화당 취업자 수는 그렇지 않으므로 "
        "취업 계수의 기준연도 원화로 GDP 디플레이터를 써서 환산한 뒤 계산했습니다."
    )
    out: list[Bilingual] = [(price_en, price_ko), _JOBS_CAVEAT, _TYPES_CAVEAT]
    imports = _import_caveat(ctx, year)
    if imports is not None:
        out.append(imports)
    if plan.allocation is not None and plan.allocation.basis == "assumed":
        out.append(_ASSUMED_CAVEAT)
    return out


def provenance(ctx: Context, jobs_basis: str) -> dict[str, str]:
    """Where every input of the audit comes from."""
    table = ctx.model.table
    year = TABLE_YEARS.get(table.id)
    basis = "absent" if ctx.plan.allocation is None else ctx.plan.allocation.basis
    out = {
        "table": table.provenance or f"table {table.id!r} (no provenance given)",
        "published": (
            f"BOK's published whole-economy coefficients for {year}, as reported in press "
            "coverage of the BOK release; each figure carries its source URL "
            "(seeds/data/bok_published/PROVENANCE.md)"
            if year
            else f"BOK publishes no figures for table {table.id!r}"
        ),
        "jobs": jobs_basis,
        "prices": "GDP deflator, 2020 = 100, IMF World Economic Outlook "
        "(seeds/data/prices/PROVENANCE.md)",
        "allocation": {
            "stated": "stated by the plan",
            "assumed": "assumed by the impact project (allocation.notes), not the city's figures",
            "absent": "none stated: sector ranges are used",
        }[basis],
    }
    out["region"] = ctx.choice.how[0]
    if ctx.region is not None:
        out["regional"] = (
            f"BOK {REGIONAL_YEAR} regional input-output tables (지역산업연관표): in-region and "
            f"rest-of-Korea inducement coefficients of demand placed in {ctx.region.name_en} "
            "(seeds/data/regional_2020/PROVENANCE.md)"
        )
    return out
