"""Arithmetic checks on a plan's claims: what an economist sees from the numbers alone.

Each check is a pure function of the plan that returns a :class:`Flag` or
``None``. Flags need no model: they follow from the definitions of the claimed
figures. (Model-based plausibility — multipliers against the Bank of Korea
table — is the audit's job.)

Severities
----------
``error``
    The claims contradict each other or an accounting identity.
``warning``
    The claims are arithmetically possible but misleading as presented.
``info``
    A caveat a careful reader should know before quoting the figure.

References
----------
Miller & Blair (2009), *Input-Output Analysis*, 2nd ed., §6.2 (output and
value-added multipliers: value added is part of gross output, and per unit of
final demand value added plus imports equals one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Final, Literal

from impact.money import format_fixed, format_krw
from impact.plan import Claims, Plan

__all__ = ["DOUBLE_COUNT_TOLERANCE", "SMALL_INVESTMENT", "Flag", "check_claims"]

Severity = Literal["error", "warning", "info"]

DOUBLE_COUNT_TOLERANCE = Fraction(1, 100)
"""Relative tolerance [-] within which ``total_effect`` counts as production + value added.

Headline figures are rounded (Daejeon's ₩6.6T, ₩4.7T, ₩1.9T); 1 % absorbs that.
"""


@dataclass(frozen=True, slots=True)
class Flag:
    """A finding about a plan's claims, in English and Korean."""

    code: str
    severity: Severity
    message_en: str
    message_ko: str
    fields: tuple[str, ...]


def double_counted_total(plan: Plan) -> Flag | None:
    """``total_effect ≈ production + value added``: value added is counted twice.

    Value added is a part of gross output (output = intermediate inputs + value
    added), so adding the value-added inducement to the production inducement
    counts it twice.
    """
    c = plan.claims
    if c.total_effect is None or c.production_inducement is None:
        return None
    if c.value_added_inducement is None:
        return None
    summed = c.production_inducement + c.value_added_inducement
    if abs(c.total_effect - summed) > DOUBLE_COUNT_TOLERANCE * summed:
        return None
    total, prod, va = (
        format_krw(v, "en")
        for v in (c.total_effect, c.production_inducement, c.value_added_inducement)
    )
    total_ko, prod_ko, va_ko = (
        format_krw(v, "ko")
        for v in (c.total_effect, c.production_inducement, c.value_added_inducement)
    )
    return Flag(
        "double_counted_total",
        "error",
        f"The headline total {total} is production {prod} + value added {va}. Value added is "
        f"already part of production, so the total counts it twice; the production "
        f"inducement ({prod}) is the largest defensible gross figure.",
        f"총효과 {total_ko}은 생산유발 {prod_ko}과 부가가치유발 {va_ko}의 합입니다. 부가가치는 "
        f"생산액에 이미 포함되어 있으므로 이중계산입니다. 생산유발액({prod_ko})이 총량으로서 "
        f"방어 가능한 최대치입니다.",
        ("claims.total_effect", "claims.production_inducement", "claims.value_added_inducement"),
    )  # fmt: skip


def total_exceeds_production(plan: Plan) -> Flag | None:
    """``total_effect > production`` without being the double count: unexplained extra."""
    c = plan.claims
    if c.total_effect is None or c.production_inducement is None:
        return None
    if c.total_effect <= c.production_inducement or double_counted_total(plan) is not None:
        return None
    return Flag(
        "total_exceeds_production",
        "warning",
        f"The headline total {format_krw(c.total_effect, 'en')} exceeds the production "
        f"inducement {format_krw(c.production_inducement, 'en')}. Gross output is already the "
        "broadest input-output total; ask what else was added.",
        f"총효과 {format_krw(c.total_effect, 'ko')}이 생산유발액 "
        f"{format_krw(c.production_inducement, 'ko')}보다 큽니다. 생산유발액이 산업연관 분석의 "
        "가장 넓은 총량이므로 무엇이 더해졌는지 확인이 필요합니다.",
        ("claims.total_effect", "claims.production_inducement"),
    )


def value_added_exceeds_spending(plan: Plan) -> Flag | None:
    """Value added per won spent above 1: impossible in an open Type I model.

    Per unit of final demand, value added plus imports (plus net product
    taxes) equals exactly 1; value added alone cannot exceed the spending
    unless household re-spending (Type II) or other rounds are counted.
    """
    va = plan.claims.value_added_inducement
    if va is None or va <= plan.investment:
        return None
    ratio = format_fixed(float(Fraction(va, plan.investment)), 2, commas=False)
    return Flag(
        "value_added_exceeds_spending",
        "error",
        f"Claimed value added is {ratio} won per won spent. In an input-output model value "
        "added plus imports per won of final demand is exactly 1, so more than 1 needs a second "
        "round of spending (induced household effects) that should be stated.",
        f"투자 1원당 부가가치유발액이 {ratio}원입니다. 산업연관 모형에서 최종수요 1원당 "
        "부가가치와 수입의 합은 정확히 1이므로 1을 넘으려면 가계소비 등 2차 지출 효과를 포함해야 "
        "하며 이를 밝혀야 합니다.",
        ("claims.value_added_inducement", "investment"),
    )


# A flag whose text depends on nothing is built once (frozen, so shared safely): a flag
# built per request cost 1.8 µs, a tenth of the checks.
_VALUE_ADDED_EXCEEDS_PRODUCTION: Final = Flag(
    "value_added_exceeds_production",
    "error",
    "Claimed value added exceeds claimed production, but value added is a part of "
    "production (output = intermediate inputs + value added).",
    "부가가치유발액이 생산유발액보다 큽니다. 부가가치는 생산액의 일부(산출 = 중간투입 + "
    "부가가치)이므로 불가능합니다.",
    ("claims.value_added_inducement", "claims.production_inducement"),
)


def value_added_exceeds_production(plan: Plan) -> Flag | None:
    """Value added above gross output: contradicts output = inputs + value added."""
    c = plan.claims
    if c.value_added_inducement is None or c.production_inducement is None:
        return None
    if c.value_added_inducement <= c.production_inducement:
        return None
    return _VALUE_ADDED_EXCEEDS_PRODUCTION


_PRODUCTION_BELOW_SPENDING: Final = Flag(
    "production_below_spending",
    "warning",
    "Claimed production is below the amount spent (multiplier < 1). Either part of the "
    "budget does not buy domestic output (land, transfers, imports) or the figure counts "
    "only part of the effect; the plan should say which.",
    "생산유발액이 투자액보다 작습니다(승수 < 1). 예산 일부가 국내 생산물 구입이 아니거나"
    "(토지, 이전지출, 수입) 효과의 일부만 계산한 것이므로 근거를 밝혀야 합니다.",
    ("claims.production_inducement", "investment"),
)


def production_below_spending(plan: Plan) -> Flag | None:
    """Production inducement below the spending: the multiplier is below 1.

    A Type I output multiplier is at least 1 (the spending is itself output);
    below 1 means part of the money is not spent on domestic output (land
    purchases, transfers, imports) or a narrower definition was used.
    """
    prod = plan.claims.production_inducement
    if prod is None or prod >= plan.investment:
        return None
    return _PRODUCTION_BELOW_SPENDING


SMALL_INVESTMENT = 10**8
"""Investments below ₩100M (1억원) [KRW] are flagged: public plans are announced in 억 and 조,
and a bare number is read as won, so ``"investment": 1704`` meant for 1,704억원 is ₩1,704."""


def small_investment(plan: Plan) -> Flag | None:
    """An investment below :data:`SMALL_INVESTMENT`: likely a unit left out."""
    inv = plan.investment
    if inv >= SMALL_INVESTMENT:
        return None
    amount_en, amount_ko = format_krw(inv, "en"), format_krw(inv, "ko")
    meant = f"{inv:,}억원" if inv < 10**4 else None  # a bare number, as a headline writes it
    hint_en = f" If {inv:,} meant {meant}, write '{meant}'." if meant else ""
    hint_ko = f" {meant}이라면 '{meant}'처럼 단위를 붙여 주세요." if meant else ""
    return Flag(
        "small_investment",
        "warning",
        f"The investment is {amount_en}, below ₩100M (1억원). Public investment plans are "
        f"announced in 억 and 조 won, and a number without a unit is read as won.{hint_en}",
        f"투자액이 {amount_ko}으로 1억원보다 작습니다. 공공투자 계획은 억·조 단위로 "
        f"발표되며, 단위 없는 숫자는 원으로 읽습니다.{hint_ko}",
        ("investment",),
    )


def jobs_basis_unstated(plan: Plan) -> Flag | None:
    """A multi-year plan's job count may be job-years rather than lasting jobs."""
    jobs = plan.claims.jobs
    if jobs is None or plan.period is None or plan.period.years <= 1:
        return None
    years = plan.period.years
    total, lasting = f"{jobs:,}", f"{jobs / years:,.0f}"
    return Flag(
        "jobs_basis_unstated",
        "info",
        f"The plan spends over {years} years. Input-output job figures are person-years of "
        f"employment induced by the spending, not permanent positions; {total} "
        f"job-years would be about {lasting} jobs lasting the whole period.",
        f"투자 기간이 {years}년입니다. 산업연관 분석의 취업유발 인원은 지출로 생기는 "
        f"연인원(人年)이며 상시 일자리가 아닙니다. {total}명이 연인원이라면 "
        f"기간 내내 유지되는 일자리는 약 {lasting}개입니다.",
        ("claims.jobs", "period"),
    )


_GROSS_EFFECTS_ONLY: Final = Flag(
    "gross_effects_only",
    "info",
    "Inducement effects are gross: they ignore displacement of other activity, crowding out, "
    "and what the same budget would have induced if spent otherwise (or not taxed). They are "
    "not net gains for the economy.",
    "유발효과는 총효과입니다. 다른 경제활동의 대체·구축 효과와 같은 예산을 다르게 썼을 때의 "
    "효과를 고려하지 않으므로 경제 전체의 순증가로 볼 수 없습니다.",
    ("claims",),
)


def gross_effects_caveat(plan: Plan) -> Flag | None:
    """Inducement effects are gross: no displacement or alternative use of the budget."""
    c = plan.claims
    if c.production_inducement is None and c.value_added_inducement is None and c.jobs is None:
        return None
    return _GROSS_EFFECTS_ONLY


_NO_CLAIMS: Final = Flag(
    "no_claims",
    "info",
    "The plan states no claimed effects; only spending metrics can be derived.",
    "계획에 주장된 효과가 없어 지출 지표만 계산할 수 있습니다.",
    ("claims",),
)


_CLAIMS: Final = tuple(Claims.model_fields)


def no_claims(plan: Plan) -> Flag | None:
    """Nothing to check: the plan states no effects."""
    claims = plan.claims  # what Claims.is_empty() says, without dumping the model first
    if any(getattr(claims, name) is not None for name in _CLAIMS):
        return None
    return _NO_CLAIMS


CHECKS: tuple[Callable[[Plan], Flag | None], ...] = (
    double_counted_total,
    total_exceeds_production,
    value_added_exceeds_spending,
    value_added_exceeds_production,
    production_below_spending,
    small_investment,
    jobs_basis_unstated,
    gross_effects_caveat,
    no_claims,
)
"""Every check, in the order flags are reported (errors first by construction)."""


def check_claims(plan: Plan) -> list[Flag]:
    """Run every check in :data:`CHECKS` and return the flags raised, in order."""
    return [flag for check in CHECKS if (flag := check(plan)) is not None]
