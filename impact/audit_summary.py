"""The audit's verdict, caveats and provenance, and the wording of its non-model checks.

Everything here is text in English and Korean, built from numbers the audit has
already computed (:mod:`impact.audit`); nothing is computed twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from impact.audit_figures import TABLE_YEARS, Context
from impact.audit_status import Status
from impact.audit_text import SHORT, Bilingual, label, significant
from impact.flags import Flag
from impact.io import BOK_2023_ID
from impact.io.regional import REGIONS
from impact.money import format_krw

if TYPE_CHECKING:
    from impact.audit_models import Check, RegionalReport

__all__ = [
    "TITLES",
    "arithmetic_text",
    "caveats",
    "provenance",
    "regional_text",
    "value_added_identity_text",
    "verdict_text",
]

TITLES: dict[str, Bilingual] = {
    "arithmetic": ("Arithmetic of the claims", "주장 수치의 산술 검토"),
    "value_added_per_won": ("Value added per won spent ≤ 1", "투자 1원당 부가가치 ≤ 1"),
    "production_multiplier": ("Production inducement per won spent", "투자 1원당 생산유발액"),
    "value_added_ratio": ("Value added per won spent", "투자 1원당 부가가치유발액"),
    "jobs_per_billion_krw": ("Jobs per ₩1bn spent", "10억원당 취업유발 인원"),
    "total_effect": ("Headline total effect per won spent", "투자 1원당 총효과(헤드라인)"),
    "regional_share": ("Share of the effect that stays in the city", "지역 내 귀착 비율"),
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
    city = ctx.plan.city
    if ctx.model.table.id != BOK_2023_ID:
        en = (
            "Regional shares need the BOK 2023 table: the shipped regional coefficients are for "
            "its 83 sectors."
        )
        ko = "지역 내 귀착 비율은 한국은행 2023 산업연관표(83부문)에서만 계산할 수 있습니다."
    elif ctx.region is None:
        en = (
            f"No regional data for {city}: only Sejong and Daejeon (BOK 2020 regional "
            "input-output tables) ship, so how much of the effect stays in the city is unknown; "
            "every figure is national."
        )
        ko = (
            f"{city}의 지역 자료가 없습니다(세종·대전의 2020 지역산업연관표만 제공). "
            "지역 내 귀착 비율을 알 수 없으며 모든 수치는 전국 기준입니다."
        )
    else:
        en = (
            f"How much stays in {city} depends on the sectors bought from (the regional "
            "coefficients differ by sector), and the plan states no allocation."
        )
        ko = f"{city} 내 귀착 비율은 부문마다 달라 부문별 배분이 필요하지만 계획에 없습니다."
    return en, ko


def regional_text(ctx: Context, regional: RegionalReport | None) -> Bilingual:
    """How much of the effect stays in the city, or why that is unknown."""
    if regional is None:
        return _no_regional(ctx)
    prod, va, jobs = regional.production, regional.value_added, regional.jobs
    name = REGIONS[ctx.region] if ctx.region is not None else ctx.plan.city

    def won(amount: float, lang: Literal["en", "ko"]) -> str:
        return format_krw(significant(round(amount)), lang)

    en = (
        f"Of the {won(prod.total, 'en')} of production that the BOK 2020 regional coefficients "
        f"attribute to the spending, {won(prod.in_region, 'en')} "
        f"({_pct(prod.in_region_share)}) is in {name} and {won(prod.rest_of_korea, 'en')} in "
        f"the rest of Korea; {_pct(va.in_region_share)} of the value added and "
        f"{_pct(jobs.in_region_share)} of the jobs stay in {name}."
    )
    ko = (
        f"2020 지역산업연관 계수로 본 생산유발액 {won(prod.total, 'ko')} 중 "
        f"{won(prod.in_region, 'ko')}({_pct(prod.in_region_share)})이 {name}에, "
        f"{won(prod.rest_of_korea, 'ko')}이 다른 지역에 귀착합니다. 부가가치의 "
        f"{_pct(va.in_region_share)}, 취업의 {_pct(jobs.in_region_share)}가 {name}에 남습니다."
    )
    claim = ctx.plan.claims.production_inducement
    if claim is not None:
        en += (
            f" If the claimed {format_krw(claim, 'en')} is meant as production in the city, "
            f"compare it with {won(prod.in_region, 'en')}."
        )
        ko += (
            f" 주장 생산유발액 {format_krw(claim, 'ko')}이 지역 내 효과라면 "
            f"{won(prod.in_region, 'ko')}과 비교해야 합니다."
        )
    if regional.excluded:
        codes = ", ".join(sorted(regional.excluded))
        en += f" Spending in sectors with no output in {name} ({codes}) is not counted."
        ko += f" {name}에 산출이 없는 부문({codes})의 지출은 제외했습니다."
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
    regional: RegionalReport | None,
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
        city = REGIONS[ctx.region] if ctx.region is not None else plan.city
        en.append(f"About {share} of the production effect stays in {city}.")
        ko.append(f"생산유발효과의 약 {share}가 {city}에 귀착합니다.")
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
    if ctx.model.table.id != BOK_2023_ID or prod is None or va is None:
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
    if ctx.region is not None:
        out["regional"] = (
            "BOK 2020 regional input-output tables (지역산업연관표): in-city and rest-of-Korea "
            "inducement coefficients for Sejong and Daejeon "
            "(seeds/data/regional_2020/PROVENANCE.md)"
        )
    return out
