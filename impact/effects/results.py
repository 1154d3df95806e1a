"""What one column of the engine answers: the model's effects of one plan state.

:class:`PlanEffects` is the single-column view every route reads; :class:`RegionalEffects`
is the one output model of the regional split (audit, scenarios, ``POST /v1/impact``,
comparisons and the page all show it). Money is rounded half-to-even to whole won here,
once: the rest of Korea is the rounded national total minus the rounded in-region figure,
so the two parts add up to the total exactly.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from impact.effects.engine import EffectsBatch, RegionalBasis, RegionalBatch
from impact.effects.jobs import Bilingual
from impact.effects.regional import REGIONAL_YEAR, regional_coefficients
from impact.io import IOTable
from impact.io.iomath import FloatArray
from impact.io.results import ModelKind
from impact.regions import REGIONS, Region
from impact.report import Display

__all__ = [
    "PlaceholderSector",
    "PlanEffects",
    "RegionInfo",
    "RegionRef",
    "RegionalEffects",
    "SplitPart",
    "plan_effects_of",
    "region_catalogue",
    "regional_effects",
    "whole_won_parts",
]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RegionRef(_Out):
    """A region of Korea (시·도)."""

    key: str = Field(description="stable id, e.g. 'busan'")
    code: str = Field(description="KOSTAT 2-digit code, as in the map")
    name_ko: str
    name_en: str

    @classmethod
    def of(cls, region: Region) -> RegionRef:
        """The reference of ``region``."""
        return cls(key=region.key, code=region.code, name_ko=region.name_ko, name_en=region.name_en)


class SplitPart(_Out):
    """One effect in the region and in the rest of Korea; in_region + rest_of_korea = total."""

    in_region: int | float = Field(description="integer KRW for money, persons for jobs")
    rest_of_korea: int | float
    total: int | float
    in_region_share: float | None = Field(description="in_region ÷ total [-]")


class PlaceholderSector(_Out):
    """Spending on a product the region does not make (a source placeholder)."""

    code: str
    name_ko: str
    name_en: str
    demand: int = Field(description="[KRW]")


class RegionalEffects(_Out):
    """How much of the effect lands in the plan's region and how much in the rest of Korea."""

    region: RegionRef
    basis: RegionalBasis = Field(
        description="'national_2023': the 2023 national model's totals split by the BOK 2020 "
        "in-region shares; 'bok_2020': the 2020 regional coefficients' own figures"
    )
    local_share: float = Field(description="ℓ, share of the spending placed in the region [-]")
    production: SplitPart = Field(description="[KRW]")
    value_added: SplitPart = Field(description="[KRW]")
    jobs: SplitPart = Field(description="[person-years]")
    placeholder_sectors: list[PlaceholderSector] = Field(
        description="spending on products the region does not make: counted in the rest of "
        "Korea ('national_2023') or left out ('bok_2020')"
    )
    vintage: dict[str, str] = Field(description="which year each figure is from")
    formula: str
    note: Display


FORMULA = {
    "national_2023": (
        "in region = ℓ·Σ_j s_j·m_j·y_j with s_j = c_in_j / (c_in_j + c_out_j) (BOK 2020) and m "
        "the 2023 national multipliers; rest of Korea = national total − in region; jobs: "
        "e_j = c_in_j + c_out_j (BOK 2020) restated to the plan's won, in region ℓ·Σ_j s_j·e_j·y_j"
    ),
    "bok_2020": (
        "in region = ℓ·Σ_j c_in_j·y_j; total = Σ_j (c_in_j + c_out_j)·y_j; rest of Korea = total "
        "− in region (BOK 2020 coefficients, unscaled; products the region does not make left out)"
    ),
}

_VINTAGE = {
    "national_2023": {
        "production": "2023 national model; split by the 2020 regional in-region shares",
        "value_added": "2023 national model; split by the 2020 regional in-region shares",
        "jobs": "2020 regional employment coefficients, restated to the plan's won",
    },
    "bok_2020": {
        "production": "2020 regional coefficients (unscaled)",
        "value_added": "2020 regional coefficients (unscaled)",
        "jobs": "2020 regional employment coefficients (unscaled)",
    },
}


def _won(value: float) -> int:
    return round(value) if math.isfinite(value) else 0


def whole_won_parts(
    direct: float, indirect: float, induced: float | None, total: float
) -> tuple[int, int, int | None, int]:
    """Direct, indirect, induced and total effects [KRW] in whole won that add up exactly.

    The total and the running sums (direct; direct + indirect) are rounded half-to-even and
    each part is the difference of two of them, so a part is within a won of its exact value
    and the parts add up to the rounded total (rounding each part alone could miss it by one
    or two won).

    >>> whole_won_parts(0.5, 1.5, None, 2.0), whole_won_parts(1.4, 1.4, 1.4, 4.2)
    ((0, 2, None, 2), (1, 2, 1, 4))
    """
    d, t = _won(direct), _won(total)
    if induced is None:
        return d, t - d, None, t
    i = _won(direct + indirect) - d
    return d, i, t - d - i, t


def _part(inside: float, total: float, *, money: bool) -> SplitPart:
    if money:
        t, i = _won(total), _won(inside)
        return SplitPart(
            in_region=i, rest_of_korea=t - i, total=t, in_region_share=i / t if t else None
        )
    return SplitPart(
        in_region=inside,
        rest_of_korea=total - inside,
        total=total,
        in_region_share=inside / total if total else None,
    )


def share_percent(share: float) -> str:
    """ℓ as the percentage it was given as, not rounded (an input, not an estimate: ``"99.6%"``
    must not read 100 %, nor ``"0.4%"`` 0 %).

    >>> share_percent(0.996), share_percent(0.004), share_percent(0.25), share_percent(0.0)
    ('99.6%', '0.4%', '25%', '0%')
    """
    percent = Decimal(repr(share)).scaleb(2).normalize()
    return f"{percent:f}%"


def regional_effects(split: RegionalBatch, column: int, table: IOTable) -> RegionalEffects:
    """Column ``column`` of ``split`` as the output model."""
    c = column
    region = split.region
    share = float(split.local_share[c])
    if split.basis == "national_2023":
        en = (
            f"{region.name_en}: the 2023 national totals split by BOK {REGIONAL_YEAR} "
            "in-region shares"
        )
        ko = f"{region.name_ko}: 2023년 전국 총효과를 한국은행 {REGIONAL_YEAR}년 역내 비율로 분할"
    else:
        en = f"{region.name_en}: BOK {REGIONAL_YEAR} regional coefficients, unscaled"
        ko = f"{region.name_ko}: 한국은행 {REGIONAL_YEAR}년 지역 계수 원값"
    if share != 1.0:
        percent = share_percent(share)
        en += f"; {percent} of the spending placed in the region"
        ko += f"; 지출의 {percent}를 역내에 배치"
    return RegionalEffects(
        region=RegionRef.of(region),
        basis=split.basis,
        local_share=share,
        production=_part(
            float(split.inside["production"][c]), float(split.total["production"][c]), money=True
        ),
        value_added=_part(
            float(split.inside["value_added"][c]), float(split.total["value_added"][c]), money=True
        ),
        jobs=_part(float(split.inside["jobs"][c]), float(split.total["jobs"][c]), money=False),
        placeholder_sectors=[
            PlaceholderSector(
                code=code,
                name_ko=table.sectors[table.index[code]][1],
                name_en=table.sectors[table.index[code]][2],
                demand=_won(float(amounts[c])),
            )
            for code, amounts in split.placeholder.items()
            if amounts[c]
        ],
        vintage=dict(_VINTAGE[split.basis]),
        formula=FORMULA[split.basis],
        note=Display(en=en, ko=ko),
    )


@dataclasses.dataclass(frozen=True)
class PlanEffects:
    """Model-implied effects of one plan state [KRW unless stated].

    Attributes
    ----------
    model
        ``"type_i"`` or ``"type_ii"``.
    basis
        ``"purchaser"`` or ``"domestic"`` (:data:`~impact.effects.engine.BASES`).
    purchases_krw
        The plan's purchases by sector, (n,) [KRW] (non-purchase items left out).
    demand_krw
        Final demand for domestic products by sector, (n,) [KRW]: purchases less imports.
    totals
        :data:`~impact.effects.engine.MONEY_METRICS` → ``{direct, indirect, induced,
        total}`` [KRW, floats]; ``induced`` is ``None`` for Type I.
    jobs
        Job-years induced [persons], or ``None``.
    jobs_basis, jobs_basis_ko
        Which coefficients gave ``jobs`` and how the won were restated (for citation).
    region
        The region the split is for, or ``None``.
    regional
        The split between the region and the rest of Korea, or ``None``.
    notes
        What a reader must know (English, Korean).
    """

    model: ModelKind
    basis: str
    purchases_krw: FloatArray
    demand_krw: FloatArray
    totals: Mapping[str, Mapping[str, float | None]]
    jobs: float | None
    jobs_basis: str
    jobs_basis_ko: str
    region: Region | None
    regional: RegionalEffects | None
    notes: tuple[Bilingual, ...]


def _float(value: float) -> float | None:
    return value if math.isfinite(value) else None


def plan_effects_of(batch: EffectsBatch, column: int, table: IOTable) -> PlanEffects:
    """Column ``column`` of ``batch`` as :class:`PlanEffects`."""
    c = column
    kind = batch.kinds[c]
    totals: dict[str, dict[str, float | None]] = {}
    for metric, parts in batch.money.items():
        if parts is None:
            continue
        totals[metric] = {
            "direct": float(parts.direct[c]),
            "indirect": float(parts.indirect[c]),
            "induced": None if kind == "type_i" else float(parts.induced[c]),
            "total": float(parts.total[c]),
        }
    en, ko = batch.jobs_basis(c)
    split = batch.regional
    return PlanEffects(
        model=kind,
        basis=batch.basis(c),
        purchases_krw=batch.purchases[:, c],
        demand_krw=batch.demand[:, c],
        totals=totals,
        jobs=_float(float(batch.jobs[c])),
        jobs_basis=en,
        jobs_basis_ko=ko,
        region=None if split is None else split.region,
        regional=None if split is None else regional_effects(split, c, table),
        notes=batch.notes,
    )


class SectorRef(_Out):
    """A sector of the BOK table."""

    code: str
    name_ko: str
    name_en: str


class RegionInfo(RegionRef):
    """One region as ``GET /v1/regions`` lists it."""

    full_ko: str
    full_en: str
    vintage: str = Field(description="the regional coefficients' source and year")
    placeholder_sectors: list[SectorRef] = Field(
        description="products the region does not make in the source (no coefficients): "
        "spending on them is counted in the rest of Korea"
    )


def region_catalogue(table: IOTable) -> list[RegionInfo]:
    """The 17 regions, in KOSTAT code order, with their placeholder sectors (names from
    ``table``, the BOK 2023 table)."""
    names = {code: (ko, en) for code, ko, en in table.sectors}
    out: list[RegionInfo] = []
    for region in REGIONS:
        coefs = regional_coefficients(region.key)
        out.append(
            RegionInfo(
                **RegionRef.of(region).model_dump(),
                full_ko=region.full_ko,
                full_en=region.full_en,
                vintage=f"BOK {REGIONAL_YEAR} regional input-output tables (published 2025), "
                "83 sectors",
                placeholder_sectors=[
                    SectorRef(code=c, name_ko=names[c][0], name_en=names[c][1])
                    for c in coefs.placeholder_codes
                ],
            )
        )
    return out
