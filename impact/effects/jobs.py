"""The jobs rule: which coefficients give a plan's jobs, and on which price basis.

Jobs coefficients are persons per ₩1bn of *their* year's won at *their* year's labour
productivity; unlike multipliers (money per money, roughly price-neutral) they fall as prices
and productivity rise, so the coefficients are restated to the plan's year before they are
applied (:func:`restatement`):

* a table with its own employment vector (an upload): its employment multipliers, as they
  are (the table's year is unknown);
* a plan in a region, on the BOK 2023 table: that region's BOK 2020 coefficients
  ``e_j = c^in_j + c^out_j`` (in the region plus the rest of Korea);
* a plan with no region: the national proxy, the mean over the regions that make each
  product (:func:`impact.effects.regional.national_jobs_proxy`).

``jobs = f · Σ_j e_j y_j · r_j`` with ``f`` the restatement of the coefficients to the plan's
year (:func:`restatement`) and ``r_j = m_j / m^I_j`` the column's output multiplier over the
Type I one: 1 for Type I; for Type II induced output is taken to be as labour-intensive as
the sector's own supply chain (the regional coefficients have no Type II version).
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from impact.errors import DataUnavailableError
from impact.io import load_bok_published
from impact.io.iomath import FloatArray
from impact.prices import PriceIndexName, load_price_indices, price_factor

__all__ = [
    "EMPLOYMENT_SERIES_KEY",
    "SERIES_START",
    "Bilingual",
    "JobsRule",
    "Restatement",
    "employment_series",
    "restatement",
]

Bilingual = tuple[str, str]
"""(English, Korean)."""


EMPLOYMENT_SERIES_KEY = "employment_inducement_avg_취업유발계수"
"""BOK's published whole-economy employment inducement [persons per ₩1bn of final demand]."""

SERIES_START = 2020
"""First year of BOK's employment series on the 2020 employment table's definition (FTE at 36
hours a week): earlier years are not comparable (BOK's 2020 고용표 changed the definition)."""


@dataclasses.dataclass(frozen=True)
class Restatement:
    """How ``target_year`` jobs coefficients are brought to a plan of ``source_year``: jobs ×
    ``factor``.

    ``method``: ``"series"`` (BOK's employment inducement ratio E[plan year] / E[coefficient
    year]: prices and labour productivity), ``"series+deflator"`` (the series to its last year,
    then prices only with the GDP deflator), ``"deflator"`` (prices only) or ``"none"`` (no
    price year, or none in the data: factor 1). ``deflator_year``: the year whose GDP deflator
    stood for ``source_year`` when the data do not reach it (the nearest one, said in
    :meth:`text`), else ``None``.
    """

    source_year: int | None
    target_year: int
    factor: float
    method: Literal["series", "series+deflator", "deflator", "none"]
    series_year: int | None = None
    series_ratio: float | None = None
    deflator_ratio: float | None = None
    deflator_year: int | None = None

    @property
    def applied(self) -> bool:
        """True when the coefficients were restated at all."""
        return self.method != "none"

    def text(self) -> Bilingual:
        """One clause for citation, in English and Korean."""
        en, ko = self._text()
        d = self.deflator_year
        if d is not None:
            en += (
                f"; the GDP deflator data have no {self.source_year}, so {d} prices (the "
                "nearest) are used"
            )
            ko += (
                f"; GDP 디플레이터 자료에 {self.source_year}년이 없어 가장 가까운 {d}년 가격을 사용"
            )
        return en, ko

    def _text(self) -> Bilingual:
        s, t, f = self.source_year, self.target_year, self.factor
        if self.method == "none":
            if s is None:
                return (
                    f"the plan states no price year, so the {t} coefficients are used as they are",
                    f"계획에 가격 기준연도가 없어 {t}년 계수를 그대로 적용",
                )
            return (
                f"no price data for {s}, so the {t} coefficients are used as they are",
                f"{s}년 가격 자료가 없어 {t}년 계수를 그대로 적용",
            )
        if self.method == "deflator":
            return (
                (
                    f"the {t} coefficients are restated to {s} prices with the GDP deflator "
                    f"(× {f:.4f}); labour productivity is held at {t} (BOK's employment series "
                    f"is comparable from {SERIES_START} only)"
                ),
                (
                    f"{t}년 계수를 GDP 디플레이터로 {s}년 가격으로 환산(× {f:.4f}); 노동생산성은 "
                    f"{t}년 수준으로 가정(한국은행 취업유발계수 시계열은 {SERIES_START}년부터 "
                    "비교 가능)"
                ),
            )
        y, r = self.series_year, self.series_ratio
        en = (
            f"the {t} coefficients are restated to {y} prices and labour productivity with BOK's "
            f"whole-economy employment inducement ({y} ÷ {t} = × {r:.4f})"
        )
        ko = (
            f"{t}년 계수를 한국은행 전산업 취업유발계수 비율({y} ÷ {t} = × {r:.4f})로 {y}년 "
            "가격·노동생산성 기준으로 환산"
        )
        if self.method == "series+deflator":
            en += (
                f", then to {s} prices with the GDP deflator (× {self.deflator_ratio:.4f}; "
                f"productivity held at {y}, the series' last year): × {f:.4f} in all"
            )
            ko += (
                f"한 뒤 GDP 디플레이터로 {s}년 가격으로 환산(× {self.deflator_ratio:.4f}; 생산성은 "
                f"시계열 마지막 해인 {y}년 수준으로 가정): 합계 × {f:.4f}"
            )
        return en, ko


def _deflator(source: int, target: int) -> tuple[float, int | None] | None:
    """GDP-deflator factor turning ``source``-year won into ``target``-year won, and the year
    that stood for ``source`` when the data do not reach it (the nearest: a plan of 2026 is
    taken at 2025 prices, not left at the coefficients' own, which gave it more jobs per won
    than a plan of 2025); ``None`` without data."""
    years = load_price_indices().years
    used = min(max(source, years[0]), years[-1])
    try:
        factor = float(price_factor(used, target, PriceIndexName.GDP_DEFLATOR))
    except DataUnavailableError:
        return None
    return factor, (used if used != source else None)


def employment_series() -> dict[int, float]:
    """BOK's published whole-economy employment inducement by table year, from
    ``SERIES_START`` on [persons per ₩1bn]."""
    out: dict[int, float] = {}
    for year, figures in load_bok_published().items():
        figure = figures.get(EMPLOYMENT_SERIES_KEY)
        if figure is not None and year >= SERIES_START:
            out[year] = figure.value
    return out


def restatement(price_year: int | None, coefficient_year: int) -> Restatement:
    """Restatement of ``coefficient_year`` jobs coefficients to a plan of ``price_year``.

    Jobs per won fall as prices and labour productivity rise. BOK's whole-economy employment
    inducement E (persons per ₩1bn of final demand) captures both: in the series' years
    (2020–2023) the factor is ``E[plan year] / E[coefficient year]``; past the series, prices
    only from its last year (GDP deflator); before 2020 (a definition break), prices only.

    Examples
    --------
    >>> r = restatement(2024, 2020)  # 8.2 / 9.7 × 107.042 / 111.381
    >>> round(r.factor, 4), r.method
    (0.8124, 'series+deflator')
    >>> round(restatement(2023, 2020).factor, 4), restatement(2018, 2020).method
    (0.8454, 'deflator')
    >>> restatement(None, 2020).factor
    1.0
    """
    none = Restatement(price_year, coefficient_year, 1.0, "none")
    if price_year is None:
        return none
    series = employment_series()
    base = series.get(coefficient_year)
    if base is None or price_year < min(series, default=price_year + 1):
        deflated = _deflator(price_year, coefficient_year)
        if deflated is None:
            return none
        factor, stand_in = deflated
        return Restatement(price_year, coefficient_year, factor, "deflator", deflator_year=stand_in)
    if price_year in series:
        ratio = series[price_year] / base
        return Restatement(
            price_year,
            coefficient_year,
            ratio,
            "series",
            series_year=price_year,
            series_ratio=ratio,
        )
    last = max(year for year in series if year < price_year)
    ratio = series[last] / base
    deflated = _deflator(price_year, last)
    if deflated is None:  # the price data do not cover the series' years: say so, loudly
        raise DataUnavailableError(f"no GDP deflator for {last}, the employment series' last year")
    prices, stand_in = deflated
    return Restatement(
        price_year,
        coefficient_year,
        ratio * prices,
        "series+deflator",
        series_year=last,
        series_ratio=ratio,
        deflator_ratio=prices,
        deflator_year=stand_in,
    )


@dataclasses.dataclass(frozen=True)
class JobsRule:
    """Jobs per KRW of final demand by sector, and where they come from.

    Attributes
    ----------
    per_krw
        ``e_j`` [persons per KRW of ``year`` won], (n,) in table order; ``None`` when the
        jobs come from the table's own employment multipliers.
    year
        Price year of the coefficients, or ``None`` (a table's own, year unknown).
    basis
        Which coefficients, for citation (English, Korean).
    proxy
        True for the national proxy (a plan with no region).
    """

    per_krw: FloatArray | None
    year: int | None
    basis: Bilingual
    proxy: bool = False

    def restate(self, price_year: int | None) -> Restatement:
        """The restatement of these coefficients to a plan of ``price_year``."""
        if self.year is None:
            return Restatement(price_year, price_year or 0, 1.0, "none")
        return restatement(price_year, self.year)

    def describe(self, price_year: int | None) -> Bilingual:
        """The basis and the price step for a plan of ``price_year``, for citation."""
        if self.year is None:
            return self.basis
        en, ko = self.restate(price_year).text()
        return f"{self.basis[0]}; {en}", f"{self.basis[1]}; {ko}"
