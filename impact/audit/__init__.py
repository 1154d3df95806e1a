"""Audit a plan's claims against an input-output model: :func:`audit`.

For each claim the report gives the claimed figure; what the model implies for the plan
(the effects engine, on the purchaser basis by default, with the domestic basis and Type
II beside it); the band within which the claim is not contradicted (the split by sector and
the budget basis vary); the range over the sectors a public budget buys and the ceiling
above which no allocation reaches; averages of public spending and of the whole economy;
BOK's published figure with its source; a status (rules in :mod:`impact.audit.status`) and
an explanation in English and Korean that quotes the numbers. Checks, in order:

``arithmetic``
    the flags of :func:`impact.flags.check_claims`: a broken accounting identity is
    implausible; a double-counted headline total is not comparable.
``value_added_per_won``
    value added per won spent ≤ 1, an identity of the Type I model.
``production_multiplier``, ``value_added_ratio``
    claimed production / value added per won vs the model.
``jobs_per_billion_krw``
    claimed jobs vs the model, read as job-years and as positions held over the period.
``total_effect``
    a headline "total effect" (only when claimed): not comparable when it adds value added
    to production, else judged like production, the broadest gross total of the model.
``taxes``
    net taxes on production induced (national, gross; no status).
``regional_share``
    a plan in a region: how much of the production, value added and jobs lands in it.

References
----------
Miller, R. E. & Blair, P. D. (2009). *Input-Output Analysis*, 2nd ed., ch. 2 and 6.

Examples
--------
>>> from impact.io import bok_2023_model
>>> from impact.seeds import load_seed_plans
>>> report = audit(load_seed_plans()["daejeon-2018"], bok_2023_model())
>>> [c.status for c in report.checks if c.code in ("arithmetic", "total_effect")]
['not_comparable', 'not_comparable']
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from impact.audit.evidence import BAND_DRAWS, CONCENTRATION, MARGIN, Evidence, gather
from impact.audit.figures import Extreme, Numbers, jobs_readings, numbers
from impact.audit.models import (
    AllocatedSector,
    AllocationReport,
    AuditReport,
    Band,
    BenchmarkFigure,
    Check,
    CheckCode,
    Figure,
    PublishedReference,
    Reading,
    SectorFigure,
    SectorRange,
    Verdict,
)
from impact.audit.status import THRESHOLDS, Status, worst
from impact.audit.wording import (
    TITLES,
    arithmetic_text,
    caveats,
    marked,
    measure_text,
    not_comparable_text,
    provenance,
    readings_text,
    regional_text,
    taxes_text,
    total_text,
    value_added_identity_text,
    verdict_text,
)
from impact.effects import BASES, Basis, RegionalEffects, RegionRef, plan_effects_of
from impact.errors import DataUnavailableError, InvalidInputError
from impact.flags import check_claims
from impact.io import IOModel, PublishedFigure, load_bok_published
from impact.io.results import ModelKind
from impact.plan import NON_PURCHASES, Plan
from impact.report import Display, FlagReport, display_money

__all__ = [
    "AllocatedSector",
    "AllocationReport",
    "AuditReport",
    "Band",
    "BenchmarkFigure",
    "Check",
    "CheckCode",
    "Figure",
    "PublishedReference",
    "Reading",
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
    basis: Basis = "purchaser",
    published: Mapping[int, Mapping[str, PublishedFigure]] | None = None,
) -> AuditReport:
    """Judge ``plan``'s claims against ``model`` (see the module docstring).

    Parameters
    ----------
    plan
        The plan; without an allocation the model figure is the public-spending average.
    model
        The input-output model; its table must have a known KRW per unit.
    kind
        ``"type_i"`` (default) or ``"type_ii"``: the model the point estimates use.
    basis
        ``"purchaser"`` (default: each sector's imports out of the purchases) or
        ``"domestic"``: the basis of the point estimates (both are shown).
    published
        BOK's published coefficients (default :func:`impact.io.load_bok_published`).

    Raises
    ------
    DataUnavailableError
        The table's money unit is unknown, or ``kind="type_ii"`` without households.
    NotFoundError
        An allocated sector code is not in the table.
    AmbiguousRegionError
        The plan's city fits several regions and it names none (field ``region``).
    """
    if kind not in ("type_i", "type_ii"):
        raise InvalidInputError("model must be 'type_i' or 'type_ii'", field="model")
    if basis not in BASES:
        raise InvalidInputError(f"basis must be one of {BASES}", field="basis")
    if model.table.krw_per_unit is None:
        msg = f"table {model.table.id!r} has no known KRW per unit; claims in won cannot be judged"
        ko = (
            f"{model.table.id!r} 표는 한 단위가 몇 원인지 알 수 없어 원 단위 주장을 판정할 수 "
            "없습니다"
        )
        raise DataUnavailableError(msg, field="table", message_ko=ko)
    if kind == "type_ii":
        model.multipliers("type_ii")  # the table must allow it: DataUnavailableError if not
    ev = gather(plan, model, kind=kind, basis=basis, published=published or load_bok_published())
    claims = plan.claims
    flags = check_claims(plan)
    double_count = any(f.code == "double_counted_total" for f in flags)
    regional = _regional(ev)
    checks = [
        _arithmetic(ev),
        _value_added_identity(ev),
        _measured(
            ev,
            "production_multiplier",
            numbers(ev, "output", claims.production_inducement, "claims.production_inducement"),
        ),
        _measured(
            ev,
            "value_added_ratio",
            numbers(
                ev, "value_added", claims.value_added_inducement, "claims.value_added_inducement"
            ),
        ),
        _jobs(ev),
    ]
    if claims.total_effect is not None:
        if double_count:
            en, ko = not_comparable_text(
                claims.total_effect, about="claims.total_effect" in plan.approximate
            )
            checks.append(
                _plain("total_effect", ev, "KRW per KRW spent", "not_comparable", en=en, ko=ko)
            )
        else:
            total = numbers(ev, "output", claims.total_effect, "claims.total_effect")
            checks.append(_measured(ev, "total_effect", total))
    checks += [_taxes(ev), _regional_check(ev, regional)]
    status = worst(c.status for c in checks)
    en, ko = verdict_text(ev, checks, status, regional)
    jobs_basis = "no employment coefficients" if ev.jobs_rule is None else ev.jobs_rule.basis[0]
    return AuditReport(
        plan=plan,
        table=model.table.id,
        model=kind,
        basis=basis,
        region=None if ev.region is None else RegionRef.of(ev.region),
        region_how=Display(en=ev.choice.how[0], ko=ev.choice.how[1]),
        allocation=_allocation(ev),
        verdict=Verdict(status=status, en=en, ko=ko),
        checks=checks,
        flags=[
            FlagReport(
                code=f.code,
                severity=f.severity,
                message=Display(en=f.message_en, ko=f.message_ko),
                fields=f.fields,
            )
            for f in flags
        ],
        regional=regional,
        thresholds=dict(THRESHOLDS),
        caveats=[Display(en=en, ko=ko) for en, ko in caveats(ev)],
        recipe=_recipe(ev),
        provenance=provenance(ev, jobs_basis),
    )


def _figure(
    n: Numbers,
    value: float | None,
    *,
    about: bool = False,
    total: float | None = None,
    claim: bool = False,
) -> Figure | None:
    """``value`` per unit as a figure; ``about``: it is an estimate, and its display says so;
    ``total``: the figure's total when known (default: ``value`` × the spending); ``claim``:
    the plan's own figure (its jobs are jobs, a model's person-years: :func:`total_text`)."""
    if value is None:
        return None
    if total is None:
        total = value * n.per
    return Figure(
        per_unit=value,
        total=round(total) if n.money else total,
        display=Display(
            en=marked(total_text(n, value, "en", claim=claim), "en", about),
            ko=marked(total_text(n, value, "ko", claim=claim), "ko", about),
        ),
    )


def _sector_figure(n: Numbers, e: Extreme | None) -> SectorFigure | None:
    figure = _figure(n, None if e is None else e.value)
    if figure is None or e is None:
        return None
    return SectorFigure(
        **figure.model_dump(), code=e.code, name_ko=e.name_ko, name_en=e.name_en, note=e.note
    )


def _band(n: Numbers, ev: Evidence) -> Band | None:
    if n.band is None:
        return None
    low, high = _figure(n, n.band[0]), _figure(n, n.band[1])
    assert low is not None and high is not None
    allocation = "absent" if ev.plan.allocation is None else ev.plan.allocation.basis
    source = (
        f"allocation: Dirichlet around the plan's shares, κ = {CONCENTRATION[allocation]:g} "
        f"({allocation})"
        if ev.plan.allocation is not None
        else f"allocation: Dirichlet around public final demand, κ = {CONCENTRATION['absent']:g}"
    )
    return Band(
        low=low,
        high=high,
        sources=[source, "budget basis: share θ of each purchase's imports, uniform on [0, 1]"],
        draws=BAND_DRAWS,
        margin=MARGIN,
    )


def _published(n: Numbers) -> PublishedReference | None:
    pub = n.published
    if pub is None:
        return None
    implied = _figure(n, pub.value)
    assert implied is not None
    return PublishedReference(
        coefficient=pub.coefficient, value=pub.value, unit=pub.unit, table_year=pub.table_year,
        bok_table=pub.bok_table, source_title=pub.source_title, source_url=pub.source_url,
        note=pub.note, implied=implied,
    )  # fmt: skip


def _check_fields(n: Numbers, ev: Evidence) -> dict[str, object]:
    """The fields of a check that come from its numbers."""
    low, high = _sector_figure(n, n.low), _sector_figure(n, n.high)
    benchmarks = []
    for key, en, ko, value in n.benchmarks:
        figure = _figure(n, value)
        if figure is not None:
            benchmarks.append(BenchmarkFigure(key=key, title=Display(en=en, ko=ko), figure=figure))
    economy = next((value for key, _, _, value in n.benchmarks if key == "economy"), None)
    totals = n.by_basis_total or {}
    by_basis = {
        b: f for b, v in n.by_basis.items() if (f := _figure(n, v, total=totals.get(b))) is not None
    }
    return {
        "claimed": _figure(n, n.claimed, about=n.about, claim=True),
        "model": _figure(n, n.point, total=n.point_total),
        "model_type_ii": _figure(n, n.point_ii, total=n.point_ii_total),
        "model_by_basis": by_basis,
        "band": _band(n, ev),
        "range": None
        if low is None or high is None
        else SectorRange(min=low, max=high, ceiling=_sector_figure(n, n.ceiling)),
        "benchmarks": benchmarks,
        "economy_wide": _figure(n, economy),
        "published": _published(n),
        "claimed_to_model": None if n.claimed is None or not n.point else n.claimed / n.point,
        "status": n.status,
    }


def _basis_text(n: Numbers, ev: Evidence) -> str:
    kind = "Type I" if ev.kind == "type_i" else "Type II"
    name = {"output": "output", "value_added": "value-added", "jobs": "jobs"}[n.measure]
    where = (
        "for the plan's allocation"
        if ev.plan.allocation is not None
        else "for an average public budget (the plan states no allocation)"
    )
    return f"{kind} {name} effects of table {ev.model.table.id!r}, {ev.basis} basis, {where}"


def _measured(ev: Evidence, code: CheckCode, n: Numbers) -> Check:
    en, ko = measure_text(code, n, ev)
    title_en, title_ko = TITLES[code]
    return Check(
        code=code,
        title=Display(en=title_en, ko=title_ko),
        unit="KRW per KRW spent",
        basis=_basis_text(n, ev),
        explanation=Display(en=en, ko=ko),
        **_check_fields(n, ev),
    )


def _jobs(ev: Evidence) -> Check:
    readings, likely = jobs_readings(ev, ev.plan.claims.jobs)
    chosen = readings[0]  # job-years: what an input-output model counts, and monotone in the claim
    en, ko = measure_text("jobs_per_billion_krw", chosen, ev)
    more_en, more_ko = readings_text(readings, likely)
    title_en, title_ko = TITLES["jobs_per_billion_krw"]
    rule = ev.jobs_rule
    basis = "no employment coefficients" if rule is None else rule.basis[0]
    items = []
    for r in readings:
        fields = _check_fields(r, ev)
        r_en, r_ko = measure_text("jobs_per_billion_krw", r, ev)
        items.append(
            Reading(
                name=r.reading or "job_years",
                model=fields["model"],
                band=fields["band"],
                ceiling=_sector_figure(r, r.ceiling),
                status=r.status,
                explanation=Display(en=r_en, ko=r_ko),
            )
        )
    return Check(
        code="jobs_per_billion_krw",
        title=Display(en=title_en, ko=title_ko),
        unit="job-years per ₩1bn spent (plan price year)",
        basis=basis,
        explanation=Display(en=f"{en} {more_en}".strip(), ko=f"{ko} {more_ko}".strip()),
        readings=items,
        likely_reading=likely,
        **_check_fields(chosen, ev),
    )


def _plain(
    code: CheckCode, ev: Evidence, unit: str, status: Status | None, *, en: str, ko: str
) -> Check:
    title_en, title_ko = TITLES[code]
    claimed = None
    if code == "total_effect" and ev.plan.claims.total_effect is not None:
        n = numbers(ev, "output", ev.plan.claims.total_effect, "claims.total_effect")
        claimed = _figure(n, n.claimed, about=n.about, claim=True)
    return Check(
        code=code,
        title=Display(en=title_en, ko=title_ko),
        unit=unit,
        claimed=claimed,
        status=status,
        basis="accounting definitions of the claimed figures (impact.flags)",
        explanation=Display(en=en, ko=ko),
    )


def _arithmetic(ev: Evidence) -> Check:
    flags = check_claims(ev.plan)
    errors = [f for f in flags if f.severity == "error"]
    status: Status | None = None
    if not ev.plan.claims.is_empty():
        if not errors:
            status = "consistent"
        elif all(f.code == "double_counted_total" for f in errors):
            status = "not_comparable"
        else:
            status = "implausible"
    en, ko = arithmetic_text(flags, status)
    return _plain("arithmetic", ev, "-", status, en=en, ko=ko)


def _value_added_identity(ev: Evidence) -> Check:
    va = ev.plan.claims.value_added_inducement
    n = numbers(ev, "value_added", va, "claims.value_added_inducement")
    status: Status | None = None
    if n.claimed is not None and n.claimed > 1.0:
        status = "implausible" if ev.kind == "type_i" else "optimistic"
    elif n.claimed is not None:
        status = "consistent"
    en, ko = value_added_identity_text(n.claimed, status)
    title_en, title_ko = TITLES["value_added_per_won"]
    return Check(
        code="value_added_per_won",
        title=Display(en=title_en, ko=title_ko),
        unit="KRW per KRW spent",
        claimed=_figure(n, n.claimed, about=n.about, claim=True),
        status=status,
        basis="identity of the Type I model: value added + imports = 1 per won of final demand",
        explanation=Display(en=en, ko=ko),
    )


def _taxes(ev: Evidence) -> Check:
    n = numbers(ev, "value_added", None)
    amount = None if ev.taxes is None else ev.taxes * ev.investment
    en, ko = taxes_text(n, amount)
    title_en, title_ko = TITLES["taxes"]
    return Check(
        code="taxes",
        title=Display(en=title_en, ko=title_ko),
        unit="KRW per KRW spent",
        model=_figure(n, ev.taxes),
        status=None,
        basis="the table's row of taxes on production less subsidies (a part of value added), "
        "through the same model; national and gross",
        explanation=Display(en=en, ko=ko),
    )


def _regional(ev: Evidence) -> RegionalEffects | None:
    if ev.point_batch is None or ev.plan.allocation is None:
        return None
    return plan_effects_of(ev.point_batch, ev.point_column, ev.model.table).regional


def _regional_check(ev: Evidence, regional: RegionalEffects | None) -> Check:
    en, ko = regional_text(ev, regional)
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


def _allocation(ev: Evidence) -> AllocationReport:
    plan = ev.plan
    sectors: list[AllocatedSector] = []
    non_purchases = 0
    if plan.allocation is not None:
        table = ev.model.table
        # whole won that add up to the investment: differences of the rounded running sums
        spent, rounded = Fraction(0), 0
        for code, share in plan.allocation.shares_of(plan.investment).items():
            spent += share * plan.investment
            amount, rounded = round(spent) - rounded, round(spent)
            if code in NON_PURCHASES:
                en, ko = NON_PURCHASES[code]
                name_ko, name_en, purchase = ko, f"{code}: {en}", False
                non_purchases += amount
            else:
                _, name_ko, name_en = table.sectors[table.index[code]]
                purchase = True
            sectors.append(
                AllocatedSector(
                    code=code,
                    name_ko=name_ko,
                    name_en=name_en,
                    share=float(share),
                    amount=amount,
                    display=display_money(amount),
                    purchase=purchase,
                )
            )
    allocation = "absent" if plan.allocation is None else plan.allocation.basis
    return AllocationReport(
        basis=allocation,
        notes=None if plan.allocation is None else plan.allocation.notes,
        sectors=sectors,
        purchases=plan.investment - non_purchases,
        non_purchases=non_purchases,
    )


def _recipe(ev: Evidence) -> dict[str, str]:
    recipe = dict(ev.model.recipe)
    recipe |= {
        "budget_basis": (
            f"point estimates on the {ev.basis} basis: purchases (the investment less land, "
            "transfers, wages, reserves and other non-purchases) × (1 − θ m_i), θ = 1 for "
            "'purchaser', 0 for 'domestic'; m_i the table's import ratio"
        ),
        "band": (
            f"5th–95th percentile of {BAND_DRAWS:,} seeded draws: allocation ~ Dirichlet(κ w), "
            f"κ by allocation basis {dict(CONCENTRATION)}; θ ~ U(0, 1); ± {MARGIN:.0%} model "
            "error"
        ),
        "ceiling": (
            "the highest Type II figure on the domestic basis among the sectors with ≥ 0.1 % of "
            "public final demand and the plan's own sectors"
        ),
        "jobs": "jobs = f · Σ_j e_j (1 − θ m_j) y_j r_j (impact.effects.jobs)",
    }
    return recipe
