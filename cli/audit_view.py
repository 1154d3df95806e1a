"""``impact audit`` as a person reads it: the verdict, the checks, where the effect lands.

Everything shown comes from the :class:`~impact.audit.AuditReport` (the API's answer);
``lang`` picks its English or Korean strings, ``currency="USD"`` restates the money figures
in US dollars at the average rate of the plan's price year. The tables fit an 80-column
terminal: long texts wrap, no figure is cut.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from impact.audit import AuditReport, Check, Figure
from impact.audit.wording import label
from impact.errors import InvalidInputError
from impact.money import format_krw
from impact.prices import krw_to_usd
from impact.report import Display, model_krw

__all__ = ["Currency", "Lang", "audit_view", "usd_text"]

Lang = Literal["en", "ko"]
Currency = Literal["KRW", "USD"]

STYLE = {
    "consistent": "green",
    "conservative": "cyan",
    "optimistic": "yellow",
    "implausible": "bold red",
}
HEADERS = {
    "en": ("check", "status", "claimed", "model", "claim ÷ model"),
    "ko": ("항목", "판정", "주장", "모형", "주장 ÷ 모형"),
}
REGIONAL_HEADERS = {
    "en": ("effect", "in region", "rest of Korea", "total"),
    "ko": ("효과", "지역 내", "그 밖의 지역", "전국"),
}


def usd_text(amount_usd: float) -> str:
    """Dollars for people: ``US$212.6M`` (the rounding of the English won format).

    Examples
    --------
    >>> usd_text(124_886_400.28)
    'US$124.9M'
    """
    return format_krw(round(amount_usd), "en").replace("₩", "US$", 1)


def _shown(display: Display, lang: Lang) -> str:
    return display.ko if lang == "ko" else display.en


def _figure(
    figure: Figure | None, money: bool, lang: Lang, to_usd: Callable[[int], str] | None
) -> str:
    if figure is None:
        return "—"
    if money and to_usd is not None and isinstance(figure.total, int):
        return to_usd(figure.total)
    return _shown(figure.display, lang)


def _status(check: Check, lang: Lang) -> Text:
    en, ko = label(check.status)
    return Text(ko if lang == "ko" else en, style=STYLE.get(check.status or "", ""))


def _checks_table(report: AuditReport, lang: Lang, to_usd: Callable[[int], str] | None) -> Table:
    table = Table(expand=False, show_lines=False, pad_edge=False)
    name, status, claimed, model, ratio = HEADERS[lang]
    table.add_column(name, ratio=3, overflow="fold")
    table.add_column(status, no_wrap=True)
    for header in (claimed, model):
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column(ratio, justify="right", no_wrap=True)
    for check in report.checks:
        if check.claimed is None and check.model is None and check.status is None:
            continue  # context only (the regional share): its table follows
        money = check.unit.startswith("KRW")
        table.add_row(
            _shown(check.title, lang),
            _status(check, lang),
            _figure(check.claimed, money, lang, to_usd),
            _figure(check.model, money, lang, to_usd),
            "—" if check.claimed_to_model is None else f"{check.claimed_to_model:.3f}",
        )
    return table


def _regional_table(
    report: AuditReport, lang: Lang, to_usd: Callable[[int], str] | None
) -> Table | None:
    regional = report.regional
    if regional is None:
        return None
    name = regional.region.name_ko if lang == "ko" else regional.region.name_en
    table = Table(title=name, pad_edge=False)
    for i, header in enumerate(REGIONAL_HEADERS[lang]):
        table.add_column(header, justify="left" if i == 0 else "right", no_wrap=i > 0)
    words = {
        "en": ("output", "value added", "job-years"),
        "ko": ("생산", "부가가치", "취업(인년)"),
    }[lang]
    parts = (regional.production, regional.value_added, regional.jobs)
    for word, part, money in zip(words, parts, (True, True, False), strict=True):
        cells = (part.in_region, part.rest_of_korea, part.total)
        if money:
            table.add_row(word, *(_won(int(v), lang, to_usd) for v in cells))
        else:
            table.add_row(word, *(f"{v:,.0f}" for v in cells))
    return table


def _dollars(report: AuditReport) -> Callable[[int], str]:
    year = report.plan.price_year
    if year is None:
        msg = "dollars need the plan's price year (price_year or announced)"
        raise InvalidInputError(msg, field="price_year")

    def to_usd(won: int) -> str:
        return usd_text(float(krw_to_usd(won, year, field="price_year")))

    return to_usd


def _won(amount: int, lang: Lang, to_usd: Callable[[int], str] | None) -> str:
    """A model amount: dollars, or won to 4 significant digits (the audit's own rule)."""
    if to_usd is not None:
        return to_usd(amount)
    return model_krw(amount, lang)


def audit_view(
    report: AuditReport, *, lang: Lang = "en", currency: Currency = "KRW"
) -> list[RenderableType]:
    """The renderables of ``report``: heading and verdict, the checks, the regional split,
    the flags, and the explanation of every check that is not simply consistent.

    Raises
    ------
    impact.errors.InvalidInputError
        ``currency="USD"`` for a plan without a price year.
    """
    to_usd = None if currency == "KRW" else _dollars(report)
    plan = report.plan
    heading = plan.city if plan.title is None else f"{plan.city}: {plan.title}"
    verdict_en, verdict_ko = label(report.verdict.status)
    verdict_word = verdict_ko if lang == "ko" else verdict_en.upper()
    out: list[RenderableType] = [
        Text(heading, style="bold"),
        Text.assemble(
            ("판정: " if lang == "ko" else "Verdict: ", "bold"),
            (verdict_word, STYLE.get(report.verdict.status or "", "bold")),
        ),
        Padding(report.verdict.ko if lang == "ko" else report.verdict.en, (0, 0, 1, 0)),
        _checks_table(report, lang, to_usd),
    ]
    regional = _regional_table(report, lang, to_usd)
    if regional is not None:
        out.append(regional)
    out.extend(
        Text.assemble((f"{f.severity} ", "bold"), f"{f.code}: ", _shown(f.message, lang))
        for f in report.flags
    )
    notes = [
        Text.assemble((f"{_shown(c.title, lang)}: ", "bold"), _shown(c.explanation, lang))
        for c in report.checks
        if c.status in {"conservative", "optimistic", "implausible"}
    ]
    if notes:
        out.append(Padding(Group(*notes), (1, 0, 0, 0)))
    return out
