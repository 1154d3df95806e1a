"""The audit in words, English and Korean: explanations, verdict, caveats and provenance.

Money is written with :func:`impact.money.format_krw` (exact 억/조 in Korean, rounded B/T in
English, four significant digits for model figures); multipliers with three decimals as BOK
publishes them; jobs per ₩1bn with one decimal. Every sentence is built from the same
:class:`~impact.audit.figures.Numbers` (or report field) the numbers come from, so the text
cannot disagree with them; nothing here computes a model figure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from impact.audit.evidence import BAND_DRAWS, MARGIN, PUBLIC_SHARE_THRESHOLD, Evidence
from impact.audit.figures import Extreme, Numbers
from impact.audit.status import STATUS_LABELS, Status
from impact.effects import REGIONAL_YEAR, Bilingual
from impact.flags import Flag
from impact.io.bok import is_bok_2023
from impact.money import format_count, format_fixed, format_krw
from impact.report import APPROXIMATE_EN, APPROXIMATE_KO, model_krw

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
    "readings_text",
    "regional_text",
    "status_reason",
    "taxes_text",
    "total_text",
    "value_added_identity_text",
    "verdict_text",
]

Lang = Literal["en", "ko"]

TITLES: dict[str, Bilingual] = {
    "arithmetic": ("Arithmetic of the claims", "주장 수치의 산술 검토"),
    "value_added_per_won": ("Value added per won spent ≤ 1", "투자 1원당 부가가치 ≤ 1"),
    "production_multiplier": ("Production inducement per won spent", "투자 1원당 생산유발액"),
    "value_added_ratio": ("Value added per won spent", "투자 1원당 부가가치유발액"),
    "jobs_per_billion_krw": ("Jobs per ₩1bn spent", "10억원당 취업유발 인원"),
    "total_effect": ("Headline total effect per won spent", "투자 1원당 총효과(헤드라인)"),
    "taxes": ("Net taxes on production induced", "유발 생산세(순)"),
    "regional_share": ("Share of the effect that stays in the region", "지역 내 귀착 비율"),
}
"""English and Korean title of each check."""

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

_BASIS: dict[str, Bilingual] = {
    "purchaser": ("purchaser spending, imports out", "구매자 지출 기준, 수입 제외"),
    "domestic": ("all purchases domestic", "전액 국내 생산 가정"),
}


def label(status: Status | None) -> Bilingual:
    """English and Korean label of a status (``not judged`` for ``None``)."""
    return STATUS_LABELS[status] if status is not None else ("not judged", "판정 없음")


def per_text(n: Numbers, value: float) -> str:
    """A per-unit figure: 3 decimals for money ratios, 1 for jobs per ₩1bn."""
    return format_fixed(value, 3) if n.money else format_fixed(value, 1)


def total_text(
    n: Numbers, value: float, lang: Lang, *, exact: bool = False, claim: bool = False
) -> str:
    """A per-unit figure times the spending: won (4 significant digits unless ``exact``),
    or a head count; "n/a" for a figure that is not finite (no format may raise).

    A model's jobs read as job-years are person-years (인년), as every other tab and route
    words them; a claim keeps the plan's own word, jobs (명); positions are positions."""
    if not math.isfinite(value * n.per):
        return "n/a"
    amount = round(value * n.per)
    if n.money:
        return format_krw(amount, lang) if exact else model_krw(amount, lang)
    if n.reading == "positions":
        return format_count(amount, lang, unit_en="positions")
    if claim:
        return format_count(amount, lang, unit_en="jobs")
    return format_count(amount, lang, unit_ko="인년", unit_en="person-years")


def _both(n: Numbers, value: float, lang: Lang) -> str:
    """``1.656 (₩282.2B)`` / ``11.7 per ₩1bn (1,998 jobs)``."""
    if n.money:
        return f"{per_text(n, value)} ({total_text(n, value, lang)})"
    if lang == "en":
        return f"{per_text(n, value)} per ₩1bn ({total_text(n, value, lang)})"
    return f"10억원당 {per_text(n, value)}명({total_text(n, value, lang)})"


def _sector(n: Numbers, e: Extreme, lang: Lang) -> str:
    name = e.name_en if lang == "en" else e.name_ko
    text = e.note if lang == "en" else e.note_ko
    note = f"; {text}" if text else ""
    per = per_text(n, e.value)
    if not n.money:  # "1.3" alone lost its unit beside "10억원당 9.2명"
        per = f"{per} per ₩1bn" if lang == "en" else f"10억원당 {per}명"
    return f"{per} ({e.code} {name}, {total_text(n, e.value, lang)}{note})"


_REASONS: dict[Status, Bilingual] = {
    "consistent": ("inside the model's band: not contradicted", "모형 범위 안: 모순 없음"),
    "conservative": ("below the model's band", "모형 범위보다 낮음"),
    "optimistic": (
        (
            "above the model's band but not above the ceiling: it needs another allocation, "
            "household re-spending or a basis the band does not allow"
        ),
        (
            "모형 범위보다 높지만 상한 이하: 다른 배분, 가계소비 재지출 또는 범위 밖의 기준을 "
            "전제해야 가능"
        ),
    ),
    "implausible": (
        (
            "above the ceiling — the highest figure of any sector a public budget buys, with "
            "household re-spending and no imports: no allocation of the money gives it"
        ),
        (
            "상한(공공지출 부문 중 최고치, 가계소비 재지출 포함, 수입 제외 없음)보다 높음: 어떤 "
            "배분으로도 나올 수 없음"
        ),
    ),
    "not_comparable": (
        "not an effect any model or statistic measures",
        "어떤 모형이나 통계도 측정하지 않는 수치",
    ),
}


def status_reason(status: Status) -> Bilingual:
    """Why a claim got its status, as the rules of :mod:`impact.audit.status` say."""
    return _REASONS[status]


def allocation_sentence(basis: str, investment: int, *, about: bool = False) -> Bilingual:
    """What the allocation is, and how to read model figures because of it; ``about``: the
    plan states its investment as an estimate."""
    en_inv = marked(format_krw(investment, "en"), "en", about)
    ko_inv = marked(format_krw(investment, "ko"), "ko", about)
    if basis == "assumed":
        return (
            (
                f"The split of the investment of {en_inv} by sector is an assumption of this "
                "audit, not the city's figure (allocation basis 'assumed'; see allocation.notes): "
                "every model figure means 'if the money is spent as assumed', and the band "
                "allows for a different split."
            ),
            (
                f"투자액 {ko_inv}의 부문별 배분은 시가 밝힌 수치가 아니라 이 검증의 "
                "가정입니다(배분 근거 'assumed', allocation.notes 참조). 모든 모형 수치는 "
                "'가정대로 지출될 경우'의 값이며, 판정 범위는 다른 배분의 가능성을 반영합니다."
            ),
        )
    if basis == "stated":
        return (
            (
                f"The split of the investment of {en_inv} by sector is the plan's own "
                "(basis 'stated')."
            ),
            f"투자액 {ko_inv}의 부문별 배분은 계획에 명시된 것입니다(배분 근거 'stated').",
        )
    return (
        (
            "The plan states no split by sector, so the model figure is the average of public "
            "spending (the table's government consumption and investment) and the band allows "
            "for any public mix."
        ),
        (
            "계획에 부문별 배분이 없어 모형 수치는 공공지출(산업연관표의 정부소비·정부투자) "
            "평균이며, 판정 범위는 다양한 공공지출 구성을 반영합니다."
        ),
    )


def marked(text: str, lang: Lang, about: bool) -> str:
    """``text`` marked as an estimate when ``about`` (``약 2,000명`` / ``about 2,000 jobs``),
    as the metrics report marks a figure the plan states approximately."""
    if not about:
        return text
    return f"{APPROXIMATE_EN if lang == 'en' else APPROXIMATE_KO} {text}"


def _claim_sentence(code: str, n: Numbers, lang: Lang) -> str:
    what_en, what_ko = WHAT[code]
    if n.claimed is None:
        return (
            f"The plan claims no {what_en}."
            if lang == "en"
            else f"계획에 {what_ko} 주장이 없습니다."
        )
    total = marked(total_text(n, n.claimed, lang, exact=True, claim=True), lang, n.about)
    per = per_text(n, n.claimed)
    if lang == "en":
        if not n.money:
            return f"The plan claims {total} ({per} per ₩1bn spent)."
        return f"The plan claims {what_en} of {total} ({per} won per won spent)."
    unit_ko = f"투자 1원당 {per}원" if n.money else f"10억원당 {per}명"
    return f"계획은 {what_ko} {total}({unit_ko})을 주장합니다."


def _point_sentence(n: Numbers, ev: Evidence, lang: Lang) -> str:
    if n.point is None:
        return ""
    model = "Type I" if ev.kind == "type_i" else "Type II"
    allocation = "absent" if ev.plan.allocation is None else ev.plan.allocation.basis
    basis_en, basis_ko = _BASIS[ev.basis]
    other = "domestic" if ev.basis == "purchaser" else "purchaser"
    other_value = n.by_basis.get(other)  # type: ignore[call-overload]
    if lang == "en":
        lead = {
            "assumed": "For the assumed allocation",
            "stated": "For the stated allocation",
            "absent": "For an average public budget",
        }[allocation]
        text = f"{lead} ({basis_en}) the {model} model gives {_both(n, n.point, lang)}"
        if other_value is not None:  # the audit's model on the other basis
            text += f"; {_both(n, other_value, lang)} if {_BASIS[other][0]}"
        if n.point_ii is not None:
            text += f"; {_both(n, n.point_ii, lang)} with household re-spending (Type II)"
        return text + "."
    lead_ko = {"assumed": "가정한 배분", "stated": "명시된 배분", "absent": "평균적 공공지출"}[
        allocation
    ]
    text = f"{lead_ko}({basis_ko})에 대한 {model} 모형 값은 {_both(n, n.point, lang)}"
    extra = []
    if other_value is not None:  # the audit's model on the other basis
        extra.append(f"{_BASIS[other][1]} 시 {_both(n, other_value, lang)}")
    if n.point_ii is not None:
        extra.append(f"가계소비 재지출 포함(Type II) 시 {_both(n, n.point_ii, lang)}")
    return text + ("" if not extra else f"({'; '.join(extra)})") + "입니다."


def _band_sentence(n: Numbers, lang: Lang) -> str:
    if n.band is None:
        return ""
    low, high = n.band
    pct = round(MARGIN * 100)
    if lang == "en":
        return (
            f"Allowing for the split by sector and the budget basis, the model gives "
            f"{_both(n, low, lang)} to {_both(n, high, lang)} (5th–95th percentile of "
            f"{BAND_DRAWS:,} draws, ±{pct}% model error)."
        )
    return (
        f"부문 배분과 지출 기준의 불확실성을 반영한 모형 범위는 {_both(n, low, lang)}~"
        f"{_both(n, high, lang)}입니다({BAND_DRAWS:,}회 추출의 5~95 백분위, 모형 오차 ±{pct}%)."
    )


def _range_sentence(n: Numbers, lang: Lang) -> str:
    if n.low is None or n.high is None:
        return ""
    ceiling = n.ceiling
    if lang == "en":
        text = (
            f"Among the sectors a public budget buys, single sectors range from "
            f"{_sector(n, n.low, lang)} to {_sector(n, n.high, lang)}"
        )
        if ceiling is not None:
            text += (
                f"; the ceiling, with household re-spending and no imports, is "
                f"{_sector(n, ceiling, lang)}"
            )
        return text + "."
    low, high = _sector(n, n.low, lang), _sector(n, n.high, lang)
    text = f"공공지출 대상 부문의 단일 부문 범위는 {low}~{high}"
    if ceiling is not None:
        text += (
            f"이고, 가계소비 재지출을 포함하고 수입을 빼지 않은 상한은 {_sector(n, ceiling, lang)}"
        )
    return text + "입니다."


def _benchmark_sentence(n: Numbers, ev: Evidence, lang: Lang) -> str:
    parts: list[str] = []
    names = {"economy": ("whole economy", "전체 경제"), "public": ("public spending", "공공지출"),
             "government_gfcf": ("public investment", "공공투자"),
             "government_consumption": ("government consumption", "정부소비")}  # fmt: skip
    for key, _, _, value in n.benchmarks:
        if value is not None and key in names:
            name = names[key][0 if lang == "en" else 1]
            parts.append(f"{name} {per_text(n, value)}")
    pub = n.published
    if pub is not None:
        type_i = " (Type I)" if ev.kind == "type_ii" else ""
        parts.append(
            f"BOK published {pub.value:g}{type_i} for {pub.table_year}"
            if lang == "en"
            else f"한국은행 공표 {pub.value:g}{type_i}({pub.table_year}년)"
        )
    if not parts:
        return ""
    if lang == "en":
        return "Averages: " + "; ".join(parts) + "."
    return "평균: " + ", ".join(parts) + "."


def _status_sentence(n: Numbers, lang: Lang) -> str:
    if n.status is None:
        return ""
    en, ko = label(n.status)
    reason_en, reason_ko = status_reason(n.status)
    ratio = ""
    if n.claimed is not None and n.point:
        r = n.claimed / n.point
        change = format_fixed((r - 1) * 100, 1, commas=False)
        ratio = f"{format_fixed(r, 3, commas=False)} ({'' if r < 1 else '+'}{change}%)"
    if lang == "en":
        lead = f"Claim ÷ model = {ratio}: " if ratio else "Status: "
        return f"{lead}{en} — {reason_en}."
    lead_ko = f"주장 ÷ 모형 = {ratio}: " if ratio else "판정: "
    return f"{lead_ko}{ko} — {reason_ko}."


def _price_sentence(n: Numbers, lang: Lang) -> str:
    if n.price is None:
        return ""
    en, ko = n.price.text()
    return f"Price and productivity basis: {en}." if lang == "en" else f"가격·생산성 기준: {ko}."


def measure_text(code: str, n: Numbers, ev: Evidence) -> Bilingual:
    """The explanation of one model check, quoting every number it uses."""

    def build(lang: Lang) -> str:
        sentences: Sequence[str] = (
            _claim_sentence(code, n, lang),
            _point_sentence(n, ev, lang),
            _band_sentence(n, lang),
            _range_sentence(n, lang),
            _benchmark_sentence(n, ev, lang),
            _price_sentence(n, lang),
            _status_sentence(n, lang),
        )
        return " ".join(s for s in sentences if s)

    return build("en"), build("ko")


def readings_text(readings: Sequence[Numbers], likely: str | None) -> Bilingual:
    """Which reading of an announced jobs figure is likelier, and what follows for each."""
    if likely is None or len(readings) < 2:
        if readings and readings[0].claimed is not None and readings[0].reading == "job_years":
            return (
                "The plan states no spending period, so the claim is read as job-years only.",
                "계획에 지출 기간이 없어 주장은 연인원으로만 비교했습니다.",
            )
        return "", ""
    by = {r.reading: r for r in readings}
    years = by["positions"].years
    en_parts, ko_parts = [], []
    for r in readings:
        if r.point is None or r.claimed is None:
            continue
        times = format_fixed(r.claimed / r.point, 2, commas=False)
        en_label, ko_label = label(r.status)
        if r.reading == "job_years":
            en_parts.append(
                f"as job-years over the spending, the claim is {times}× the model "
                f"({total_text(r, r.point, 'en')}: {en_label})"
            )
            ko_parts.append(
                f"지출 기간 전체의 연인원으로 보면 모형({total_text(r, r.point, 'ko')})의 "
                f"{times}배({ko_label})"
            )
        else:
            en_parts.append(
                f"as positions held on average over {years} years, {times}× the model "
                f"({total_text(r, r.point, 'en')}: {en_label})"
            )
            ko_parts.append(
                f"{years}년간 평균 상시 일자리로 보면 모형({total_text(r, r.point, 'ko')})의 "
                f"{times}배({ko_label})"
            )
    meant_en = {"job_years": "job-years", "positions": "lasting positions"}[likely]
    meant_ko = {"job_years": "연인원", "positions": "상시 일자리"}[likely]
    en = (
        "Read two ways: " + "; ".join(en_parts) + f". The announcement most likely counts "
        f"{meant_en} (the nearer reading); as the other reading it would not hold."
    )
    ko = (
        "두 가지로 읽을 수 있습니다: " + "; ".join(ko_parts) + f". 발표 수치는 {meant_ko}일 "
        "가능성이 큽니다(더 가까운 해석). 다른 해석으로는 성립하지 않습니다."
    )
    return en, ko


def taxes_text(n: Numbers, amount: float | None) -> Bilingual:
    """Net taxes on production induced: national, gross, a part of value added."""
    if amount is None:
        return (
            "The table has no row of taxes on production.",
            "이 표에는 생산세 행이 없습니다.",
        )
    en_amount, ko_amount = (model_krw(round(amount), lang) for lang in ("en", "ko"))
    return (
        (
            f"Net taxes on production induced across Korea: {en_amount} "
            f"({per_text(n, amount / n.per)} per won spent; national and gross, a part of value "
            "added, before displacement)."
        ),
        (
            f"전국에서 유발되는 순생산세: {ko_amount}(투자 1원당 "
            f"{per_text(n, amount / n.per)}; 전국·총액 기준, 부가가치의 일부, 대체효과 차감 전)."
        ),
    )


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


def not_comparable_text(claimed: int, *, about: bool = False) -> Bilingual:
    """A headline total that counts value added twice: explained, not judged."""
    return (
        (
            f"The headline total of {marked(format_krw(claimed, 'en'), 'en', about)} adds value "
            "added to production, "
            "although value added is a part of production: it is counted twice, and no "
            "input-output "
            "model or statistic measures such a sum. It is not compared with the model; the "
            "production and value-added claims are judged on their own. Status: not comparable."
        ),
        (
            f"헤드라인 총효과 {marked(format_krw(claimed, 'ko'), 'ko', about)}은 생산유발액에 "
            "부가가치를 더한 값인데, "
            "부가가치는 생산액의 일부이므로 이중계산입니다. 이런 합계는 어떤 산업연관 모형이나 "
            "통계도 "
            "측정하지 않아 모형과 비교하지 않으며, 생산·부가가치 주장은 각각 따로 판정했습니다. "
            "판정: 비교 불가."
        ),
    )


def value_added_identity_text(claimed: float | None, status: Status | None) -> Bilingual:
    """The Type I identity: value added per won of final demand is at most 1."""
    if claimed is None:
        return ("The plan claims no value added.", "계획에 부가가치유발 주장이 없습니다.")
    label_en, label_ko = label(status)
    en = (
        f"Claimed value added is {format_fixed(claimed, 3, commas=False)} won per won spent. "
        "In a Type I input-output "
        "model value added plus imports per won of final demand is exactly 1, so more than 1 "
        "needs induced household spending, which the plan would have to state. "
        f"Status: {label_en}."
    )
    ko = (
        f"주장 부가가치유발액은 투자 1원당 {format_fixed(claimed, 3, commas=False)}원입니다. "
        "Type I 산업연관 모형에서 "
        "최종수요 1원당 부가가치와 수입의 합은 정확히 1이므로, 1을 넘으려면 가계소비 "
        f"유발효과를 포함해야 하고 계획이 이를 밝혀야 합니다. 판정: {label_ko}."
    )
    return en, ko


def _pct(share: float | None) -> str:
    return "n/a" if share is None else f"{share * 100:.1f}%"


def _no_regional(ev: Evidence) -> Bilingual:
    if not is_bok_2023(ev.model.table):
        return (
            (
                "Regional shares need the BOK 2023 table: the BOK 2020 regional coefficients "
                "are for its 83 sectors."
            ),
            "지역 내 귀착 비율은 한국은행 2023 산업연관표(83부문)에서만 계산할 수 있습니다.",
        )
    if ev.region is None:
        return ev.choice.how
    return (
        (
            f"How much stays in {ev.region.name_en} depends on the sectors bought from (the "
            "regional coefficients differ by sector), and the plan states no allocation."
        ),
        (
            f"{ev.region.name_ko} 내 귀착 비율은 부문마다 달라 부문별 배분이 필요하지만 계획에 "
            "없습니다."
        ),
    )


def regional_text(ev: Evidence, regional: RegionalEffects | None) -> Bilingual:
    """How much of the effect stays in the region, or why that is unknown."""
    if regional is None:
        return _no_regional(ev)
    prod, va, jobs = regional.production, regional.value_added, regional.jobs
    name_en, name_ko = regional.region.name_en, regional.region.name_ko

    def won(amount: float, lang: Lang) -> str:
        return model_krw(round(amount), lang)

    kind = "" if ev.kind == "type_i" else ", Type II"
    en = (
        f"Of the {won(prod.total, 'en')} of production (2023 national model{kind}), "
        f"{won(prod.in_region, 'en')} ({_pct(prod.in_region_share)}) is in {name_en} and "
        f"{won(prod.rest_of_korea, 'en')} in the rest of Korea, by the BOK {REGIONAL_YEAR} "
        f"regional coefficients' in-region shares; {_pct(va.in_region_share)} of the value "
        f"added and {_pct(jobs.in_region_share)} of the jobs stay in {name_en}."
    )
    ko = (
        f"생산유발액 {won(prod.total, 'ko')}(2023 전국 모형{kind}) 중 {won(prod.in_region, 'ko')}"
        f"({_pct(prod.in_region_share)})이 {name_ko}에, {won(prod.rest_of_korea, 'ko')}이 다른 "
        f"지역에 귀착합니다(한국은행 {REGIONAL_YEAR}년 지역 계수의 역내 비율). 부가가치의 "
        f"{_pct(va.in_region_share)}, 취업의 {_pct(jobs.in_region_share)}가 {name_ko}에 남습니다."
    )
    claim = ev.plan.claims.production_inducement
    if claim is not None:
        about = "claims.production_inducement" in ev.plan.approximate
        claim_en = marked(format_krw(claim, "en"), "en", about)
        claim_ko = marked(format_krw(claim, "ko"), "ko", about)
        en += (
            f" If the claimed {claim_en} is meant as production in {name_en}, "
            f"compare it with {won(prod.in_region, 'en')}."
        )
        ko += (
            f" 주장 생산유발액 {claim_ko}이 지역 내 효과라면 "
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
    if claimed is None or status is None or check.code not in SHORT:
        return None
    title = SHORT[check.code][0 if lang == "en" else 1]
    en_label, ko_label = label(status)
    money = check.unit.startswith("KRW")
    shown = (
        format_fixed(claimed.per_unit, 3, commas=False) if money else getattr(claimed.display, lang)
    )
    if status == "not_comparable":
        return f"{title}: {shown} ({en_label})" if lang == "en" else f"{title}: {shown}({ko_label})"
    if model is not None:
        ref = (
            format_fixed(model.per_unit, 3, commas=False) if money else getattr(model.display, lang)
        )
        if lang == "en":
            return f"{title}: claimed {shown} vs model {ref} ({en_label})"
        return f"{title}: 주장 {shown}, 모형 {ref}({ko_label})"
    return None


def verdict_text(
    ev: Evidence,
    checks: Sequence[Check],
    status: Status | None,
    regional: RegionalEffects | None,
) -> Bilingual:
    """The overall verdict, quoting each judged claim against the model."""
    plan = ev.plan
    table = ev.model.table
    kind = "Type I" if ev.kind == "type_i" else "Type II"
    name = plan.city + (f", {plan.title}" if plan.title else "")
    en_label, ko_label = label(status)
    basis_en, basis_ko = _BASIS[ev.basis]
    allocation = "absent" if plan.allocation is None else plan.allocation.basis
    model_en = f"{table.id} input-output table ({table.n} sectors), {kind} model, {basis_en}"
    model_ko = f"{table.id} 산업연관표({table.n}부문) {kind} 모형, {basis_ko}"
    about = "investment" in plan.approximate
    alloc_en, alloc_ko = allocation_sentence(allocation, plan.investment, about=about)
    en = [f"{name}: {en_label.upper()} against the {model_en}.", alloc_en]
    ko = [f"{name}: {model_ko} 대비 종합 판정 '{ko_label}'.", alloc_ko]
    clauses_en = [c for c in (_clause(x, "en") for x in checks) if c]
    clauses_ko = [c for c in (_clause(x, "ko") for x in checks) if c]
    if clauses_en:
        joined = "; ".join(clauses_en)
        en.append(joined[:1].upper() + joined[1:] + ".")
        ko.append("; ".join(clauses_ko) + ".")
    for check in checks:  # value_added_per_won > 1 is also an arithmetic flag: said once
        if check.code == "arithmetic" and check.status == "implausible":
            en.append(check.explanation.en)
            ko.append(check.explanation.ko)
    if regional is not None and regional.production.in_region_share is not None:
        share = _pct(regional.production.in_region_share)
        en.append(f"About {share} of the production effect stays in {regional.region.name_en}.")
        ko.append(f"생산유발효과의 약 {share}가 {regional.region.name_ko}에 귀착합니다.")
    en.append(
        "Effects are gross: displacement and the budget's alternative uses are not netted out."
    )
    ko.append("유발효과는 총효과이며 대체효과와 예산의 다른 용도를 차감하지 않았습니다.")
    return " ".join(en), " ".join(ko)


def _import_caveat(ev: Evidence) -> Bilingual | None:
    prod, va = ev.published_figure("output"), ev.published_figure("value_added")
    if not is_bok_2023(ev.model.table) or prod is None or va is None:
        return None
    econ = ev.model.economy_wide("type_i").average
    p_model, v_model = econ["output"] or 0.0, econ["value_added"] or 0.0
    dp, dv = (p_model / prod.value - 1) * 100, (v_model / va.value - 1) * 100
    return (
        (
            "Domestic coefficients are derived with the competitive-import assumption (BOK's "
            "domestic table was not available): this model's whole-economy multipliers are "
            f"{p_model:.4f} (production) and {v_model:.4f} (value added) against BOK's published "
            f"{prod.value:g} and {va.value:g} ({dp:+.2f}%, {dv:+.2f}%)."
        ),
        (
            "국산거래표가 없어 경쟁수입 가정으로 국산 투입계수를 도출했습니다. 본 모형의 전산업 "
            f"생산유발계수·부가가치유발계수(각 {p_model:.4f}, {v_model:.4f})는 한국은행 "
            f"공표치(각 {prod.value:g}, {va.value:g})와 각각 {dp:+.2f}%, {dv:+.2f}% 차이입니다."
        ),
    )


def _prices_caveat(ev: Evidence) -> Bilingual:
    """Which year's won the claims are in, and what that does to the jobs: a plan without a
    year, or past the price data, moves the jobs figure (and maybe the verdict) silently."""
    year, step = ev.plan.price_year, ev.restatement
    if year is None:
        unknown_en = (
            "Prices and productivity: the plan states neither price_year nor announced, so "
            "the year of its won is unknown and the 2020 jobs coefficients are used as they "
            "are, as if its won were 2020 won. Give price_year: jobs per won fall as prices "
            "and productivity rise, so a later year gives fewer model jobs."
        )
        unknown_ko = (
            "가격·생산성: 계획에 price_year도 announced도 없어 원화의 기준연도를 알 수 없으므로 "
            "2020년 취업계수를 2020년 원화로 보고 환산 없이 썼습니다. price_year를 주세요. "
            "물가와 생산성이 오르면 원화당 취업자 수가 줄어 뒤 연도일수록 모형 일자리가 "
            "적습니다."
        )
        return unknown_en, unknown_ko
    en = (
        f"Prices and productivity: the claims are in {year}-year won. Multipliers are money "
        "per money and roughly price-neutral; jobs per won are not"
    )
    ko = (
        f"가격·생산성: 주장 수치는 {year}년 원화입니다. 승수는 금액 대 금액이라 가격에 거의 "
        "중립적이지만 원화당 취업자 수는 그렇지 않습니다"
    )
    if step is None or not step.applied:
        return f"{en}, and no restatement applies to these jobs coefficients.", f"{ko}."
    # the step itself (series, deflator, a stand-in year outside the data), as the check says
    step_en, step_ko = step.text()
    return f"{en}: {step_en}.", f"{ko}: {step_ko}."


def caveats(ev: Evidence) -> list[Bilingual]:
    """What a reader must know before quoting the audit."""
    plan = ev.plan
    respent = ev.model.respending
    out: list[Bilingual] = [
        (
            (
                "Budget basis: the model counts purchases only (land, transfers, own wages and "
                "reserves buy no output) and, on the purchaser basis, takes each sector's imports "
                "out of the purchases by the table's import ratio; both bases are shown."
            ),
            (
                "지출 기준: 모형은 구매 지출만 계산하며(토지보상비·이전지출·자체 인건비·예비비 "
                "제외), "
                "구매자 지출 기준에서는 산업연관표의 부문별 수입 비율만큼 수입을 뺍니다. 두 기준을 "
                "모두 제시합니다."
            ),
        ),
        _prices_caveat(ev),
        (
            (
                "Model jobs are job-years (person-years of employment over the whole spending), "
                "not lasting positions; with a period the audit also reads them as positions."
            ),
            (
                "모형의 취업유발 인원은 지출 기간 전체의 연인원이며 상시 일자리가 아닙니다. 기간이 "
                "있으면 평균 상시 일자리로도 읽어 비교합니다."
            ),
        ),
        (
            "Type I counts the supply-chain rounds; Type II adds household re-spending of "
            + (
                "all labour income (an upper estimate)."
                if respent is None
                else f"{respent:.0%} of labour income (household consumption per won of "
                "income, KOSTAT 2023) and stays an upper estimate."
            ),
            "Type I은 공급망 파급효과까지, Type II는 "
            + (
                "노동소득 전액의 가계소비 재지출까지 포함합니다(상한 추정치)."
                if respent is None
                else f"노동소득의 {respent:.0%}(통계청 2023 소득 대비 소비지출)의 가계소비 "
                "재지출까지 포함하며 여전히 상한 추정치입니다."
            ),
        ),
    ]
    imports = _import_caveat(ev)
    if imports is not None:
        out.append(imports)
    if plan.allocation is not None and plan.allocation.basis == "assumed":
        out.append(
            (
                (
                    "The allocation by sector is an assumption, not the city's figure: "
                    "allocation.notes gives every choice made."
                ),
                "부문별 배분은 시의 수치가 아닌 가정이며 모든 가정은 allocation.notes에 있습니다.",
            )
        )
    return out


def provenance(ev: Evidence, jobs_basis: str) -> dict[str, str]:
    """Where every input of the audit comes from."""
    table = ev.model.table
    year = ev.table_year
    basis = "absent" if ev.plan.allocation is None else ev.plan.allocation.basis
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
        "(seeds/data/prices/PROVENANCE.md); BOK's employment inducement series 2020–2023 "
        "(seeds/data/bok_published)",
        "allocation": {
            "stated": "stated by the plan",
            "assumed": "assumed by the impact project (allocation.notes), not the city's figures",
            "absent": "none stated: the public-spending benchmark and band are used",
        }[basis],
        "public_spending": (
            "the BOK 2023 table's government consumption and government gross fixed capital "
            f"formation columns; sectors with at least {PUBLIC_SHARE_THRESHOLD:.1%} of them "
            "bound the range and the ceiling"
        ),
        "household_respending": (
            "KOSTAT 가계동향조사 2023 Q3 and Q4: consumption per won of household income "
            "(impact/io/households.py)"
        ),
        "region": ev.choice.how[0],
    }
    if ev.region is not None:
        out["regional"] = (
            f"BOK {REGIONAL_YEAR} regional input-output tables (지역산업연관표): in-region and "
            f"rest-of-Korea inducement coefficients of demand placed in {ev.region.name_en} "
            "(seeds/data/regional_2020/PROVENANCE.md)"
        )
    return out
