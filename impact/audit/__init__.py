"""Audit a plan's claims against an input-output model: :func:`audit`.

For each claim the report gives the claimed figure, what the model implies for
the plan's allocation (via :func:`impact.effects.plan_effects`), the range over
single sectors (named), BOK's published whole-economy average for the table
year (with its source), a status (``consistent``, ``conservative``,
``optimistic``, ``implausible``; rules in :mod:`impact.audit.status`) and an
explanation in English and Korean that quotes the numbers. Checks, in order:

``arithmetic``
    the flags of :func:`impact.flags.check_claims` (double counting …);
    an error flag makes the check implausible.
``value_added_per_won``
    value added per won spent ≤ 1, an identity of the Type I model.
``production_multiplier``, ``value_added_ratio``
    claimed production / value added per won vs the model.
``jobs_per_billion_krw``
    claimed jobs per ₩1bn vs the model (sources in :mod:`impact.audit.jobs`).
``total_effect``
    a headline "total effect" per won vs the production multiplier, the
    broadest gross total of an input-output model (only when claimed).
``regional_share``
    a plan in a region: how much of the production, value added and jobs lands
    in the region (:mod:`impact.effects`; no status, context).

Price year: claims are in the plan's price-year won, the table's coefficients
are 2023's. Multipliers are ratios of money to money and so roughly
price-neutral (only relative prices between sectors matter); jobs per won are
not, so jobs are computed on won restated in the coefficients' year.

References
----------
Miller, R. E. & Blair, P. D. (2009). *Input-Output Analysis*, 2nd ed., ch. 6
(multipliers, Type I and Type II).

Examples
--------
>>> from impact.io import bok_2023_model
>>> from impact.seeds import load_seed_plans
>>> report = audit(load_seed_plans()["daejeon-2018"], bok_2023_model())
>>> report.verdict.status, report.checks[0].status
('implausible', 'implausible')
"""

from __future__ import annotations

from collections.abc import Mapping

from impact.audit.figures import Context, Extreme, Measure, build_context, money_measure
from impact.audit.jobs import jobs_measure
from impact.audit.models import (
    AllocatedSector,
    AllocationReport,
    AuditReport,
    Check,
    CheckCode,
    Figure,
    PublishedReference,
    SectorFigure,
    SectorRange,
    Verdict,
)
from impact.audit.status import THRESHOLDS, Status, classify, worst
from impact.audit.wording import (
    TITLES,
    allocation_sentence,
    arithmetic_text,
    caveats,
    measure_text,
    provenance,
    regional_text,
    total_text,
    value_added_identity_text,
    verdict_text,
)
from impact.effects import RegionalEffects, RegionRef
from impact.errors import DataUnavailableError, InvalidInputError
from impact.flags import check_claims
from impact.io import IOModel, PublishedFigure, load_bok_published
from impact.io.results import ModelKind
from impact.plan import Plan
from impact.report import Display, FlagReport, display_money

__all__ = [
    "AllocatedSector",
    "AllocationReport",
    "AuditReport",
    "Check",
    "CheckCode",
    "Figure",
    "PublishedReference",
    "SectorFigure",
    "SectorRange",
    "Verdict",
    "audit",
]


def audit(
    plan: Plan,
    model: IOModel,
    *,
    kind: ModelKind = "type_i",
    published: Mapping[int, Mapping[str, PublishedFigure]] | None = None,
) -> AuditReport:
    """Judge ``plan``'s claims against ``model`` (see the module docstring).

    Parameters
    ----------
    plan
        The plan; without an allocation the checks use sector ranges and say so.
    model
        The input-output model; its table must have a known KRW per unit.
    kind
        ``"type_i"`` (default) or ``"type_ii"``: the model the point estimates use.
    published
        BOK's published coefficients (default :func:`impact.io.load_bok_published`).

    Returns
    -------
    AuditReport

    Raises
    ------
    DataUnavailableError
        The table's money unit is unknown, or ``kind="type_ii"`` without households.
    NotFoundError
        An allocated sector code is not in the table.
    """
    if kind not in ("type_i", "type_ii"):
        raise InvalidInputError("model must be 'type_i' or 'type_ii'", field="model")
    if model.table.krw_per_unit is None:
        msg = f"table {model.table.id!r} has no known KRW per unit; claims in won cannot be judged"
        raise DataUnavailableError(msg, field="table")
    ctx = build_context(plan, model, kind, load_bok_published() if published is None else published)
    basis = "absent" if plan.allocation is None else plan.allocation.basis
    claims = plan.claims
    jobs = jobs_measure(ctx)
    measured: list[tuple[CheckCode, Measure]] = [
        ("production_multiplier", money_measure(ctx, "output", claims.production_inducement)),
        ("value_added_ratio", money_measure(ctx, "value_added", claims.value_added_inducement)),
        ("jobs_per_billion_krw", jobs),
    ]
    if claims.total_effect is not None:
        measured.append(("total_effect", money_measure(ctx, "output", claims.total_effect)))
    regional = _regional(ctx)
    checks = [
        _arithmetic(ctx),
        _value_added_identity(ctx),
        *(_measured(ctx, code, basis, m) for code, m in measured),
        _regional_check(ctx, regional),
    ]
    status = worst(c.status for c in checks)
    en, ko = verdict_text(
        ctx, checks, status, allocation_sentence(basis, plan.investment), regional
    )
    return AuditReport(
        plan=plan,
        table=model.table.id,
        model=kind,
        region=None if ctx.region is None else RegionRef.of(ctx.region),
        region_how=Display(en=ctx.choice.how[0], ko=ctx.choice.how[1]),
        allocation=_allocation(ctx, basis),
        verdict=Verdict(status=status, en=en, ko=ko),
        checks=checks,
        flags=[
            FlagReport(
                code=f.code,
                severity=f.severity,
                message=Display(en=f.message_en, ko=f.message_ko),
                fields=f.fields,
            )
            for f in check_claims(plan)
        ],
        regional=regional,
        thresholds=dict(THRESHOLDS),
        caveats=[Display(en=en, ko=ko) for en, ko in caveats(ctx)],
        recipe=dict(model.recipe),
        provenance=provenance(ctx, jobs.basis),
    )


def _figure(m: Measure, value: float | None) -> Figure | None:
    if value is None:
        return None
    total = value * m.per
    return Figure(
        per_unit=value,
        total=round(total) if m.money else total,
        display=Display(en=total_text(m, value, "en"), ko=total_text(m, value, "ko")),
    )


def _sector_figure(m: Measure, e: Extreme | None) -> SectorFigure | None:
    figure = _figure(m, None if e is None else e.value)
    if figure is None or e is None:
        return None
    return SectorFigure(
        **figure.model_dump(), code=e.code, name_ko=e.name_ko, name_en=e.name_en, note=e.note
    )


def _status(m: Measure) -> Status | None:
    if m.claimed is None or m.low is None or m.high is None or m.ceiling is None:
        return None
    return classify(
        m.claimed, point=m.point, low=m.low.value, high=m.high.value, ceiling=m.ceiling.value
    )


def _measured(ctx: Context, code: CheckCode, basis: str, m: Measure) -> Check:
    status = _status(m)
    en, ko = measure_text(code, m, status, kind=ctx.kind, basis=basis)
    low, high = _sector_figure(m, m.low), _sector_figure(m, m.high)
    pub = m.published
    published = None
    if pub is not None:
        implied = _figure(m, pub.value)
        assert implied is not None
        published = PublishedReference(
            coefficient=pub.coefficient, value=pub.value, unit=pub.unit,
            table_year=pub.table_year, bok_table=pub.bok_table, source_title=pub.source_title,
            source_url=pub.source_url, note=pub.note, implied=implied,
        )  # fmt: skip
    title_en, title_ko = TITLES[code]
    return Check(
        code=code,
        title=Display(en=title_en, ko=title_ko),
        unit="KRW per KRW spent" if m.money else "persons per ₩1bn spent (plan price year)",
        claimed=_figure(m, m.claimed),
        model=_figure(m, m.point),
        model_type_ii=_figure(m, m.point_ii),
        range=None
        if low is None or high is None
        else SectorRange(min=low, max=high, ceiling=_sector_figure(m, m.ceiling)),
        economy_wide=_figure(m, m.economy),
        published=published,
        claimed_to_model=None if m.claimed is None or not m.point else m.claimed / m.point,
        status=status,
        basis=m.basis,
        explanation=Display(en=en, ko=ko),
    )


def _arithmetic(ctx: Context) -> Check:
    flags = check_claims(ctx.plan)
    errors = [f for f in flags if f.severity == "error"]
    status: Status | None = None
    if not ctx.plan.claims.is_empty():
        status = "implausible" if errors else "consistent"
    en, ko = arithmetic_text(flags, status)
    title_en, title_ko = TITLES["arithmetic"]
    return Check(
        code="arithmetic",
        title=Display(en=title_en, ko=title_ko),
        unit="-",
        status=status,
        basis="accounting definitions of the claimed figures (impact.flags)",
        explanation=Display(en=en, ko=ko),
    )


def _value_added_identity(ctx: Context) -> Check:
    va = ctx.plan.claims.value_added_inducement
    m = money_measure(ctx, "value_added", va)
    status: Status | None = None
    if m.claimed is not None and m.claimed > 1.0:
        status = "implausible" if ctx.kind == "type_i" else "optimistic"
    elif m.claimed is not None:
        status = "consistent"
    en, ko = value_added_identity_text(m.claimed, status)
    title_en, title_ko = TITLES["value_added_per_won"]
    return Check(
        code="value_added_per_won",
        title=Display(en=title_en, ko=title_ko),
        unit="KRW per KRW spent",
        claimed=_figure(m, m.claimed),
        status=status,
        basis="identity of the Type I model: value added + imports + product taxes = 1 per won "
        "of final demand",
        explanation=Display(en=en, ko=ko),
    )


def _regional(ctx: Context) -> RegionalEffects | None:
    return None if ctx.effects_i is None else ctx.effects_i.regional


def _regional_check(ctx: Context, regional: RegionalEffects | None) -> Check:
    en, ko = regional_text(ctx, regional)
    title_en, title_ko = TITLES["regional_share"]
    return Check(
        code="regional_share",
        title=Display(en=title_en, ko=title_ko),
        unit="share of the national effect [-]",
        status=None,
        basis="the 2023 national effects split by the BOK 2020 regional coefficients' in-region "
        "shares (in the region vs the rest of Korea)",
        explanation=Display(en=en, ko=ko),
    )


def _allocation(ctx: Context, basis: str) -> AllocationReport:
    plan = ctx.plan
    sectors: list[AllocatedSector] = []
    if plan.allocation is not None:
        table = ctx.model.table
        for code, share in plan.allocation.shares_of(plan.investment).items():
            _, name_ko, name_en = table.sectors[table.index[code]]
            amount = round(share * plan.investment)
            sectors.append(
                AllocatedSector(
                    code=code,
                    name_ko=name_ko,
                    name_en=name_en,
                    share=float(share),
                    amount=amount,
                    display=display_money(amount),
                )
            )
    notes = None if plan.allocation is None else plan.allocation.notes
    return AllocationReport(
        basis="absent" if basis == "absent" else ("assumed" if basis == "assumed" else "stated"),
        notes=notes,
        sectors=sectors,
    )
