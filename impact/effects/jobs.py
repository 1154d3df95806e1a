"""The jobs rule: which coefficients give a plan's jobs, and on which price basis.

Jobs coefficients are persons per ₩1bn of *their* year's won; unlike multipliers (money per
money, roughly price-neutral) they are not neutral to prices, so plan won are restated in
the coefficients' year before they are applied:

* a table with its own employment vector (an upload): its employment multipliers, as they
  are (the table's year is unknown);
* a plan in a region, on the BOK 2023 table: that region's BOK 2020 coefficients
  ``e_j = c^in_j + c^out_j`` (in the region plus the rest of Korea);
* a plan with no region: the national proxy, the mean over the regions that make each
  product (:func:`impact.effects.regional.national_jobs_proxy`).

``jobs = f · Σ_j e_j y_j · r_j`` with ``f`` the restatement of plan won into coefficient
won (:func:`restatement`) and ``r_j = m_j / m^I_j`` the column's output multiplier over the
Type I one: 1 for Type I; for Type II induced output is taken to be as labour-intensive as
the sector's own supply chain (the regional coefficients have no Type II version).
"""

from __future__ import annotations

import dataclasses

from impact.errors import DataUnavailableError
from impact.io.iomath import FloatArray
from impact.prices import PriceIndexName, price_factor

__all__ = ["Bilingual", "JobsRule", "Restatement", "restatement"]

Bilingual = tuple[str, str]
"""(English, Korean)."""


@dataclasses.dataclass(frozen=True)
class Restatement:
    """How plan won become the jobs coefficients' won: ``won × factor``.

    ``factor`` is 1 and ``applied`` False when nothing could be done: no price year, or
    none in the price data.
    """

    source_year: int | None
    target_year: int
    factor: float
    applied: bool

    def text(self) -> Bilingual:
        """One clause for citation, in English and Korean."""
        s, t = self.source_year, self.target_year
        if self.applied:
            return (
                (
                    f"the plan's {s} won are restated in {t} won with the GDP deflator "
                    f"(× {self.factor:.4f}) before the {t} jobs coefficients are applied"
                ),
                (
                    f"계획의 {s}년 원화를 GDP 디플레이터로 {t}년 원화로 "
                    f"환산(× {self.factor:.4f})한 뒤 {t}년 취업유발계수를 적용"
                ),
            )
        if s is None:
            return (
                f"the plan states no price year, so its won are taken as {t} won",
                f"계획에 가격 기준연도가 없어 {t}년 원화로 간주",
            )
        return (
            f"no GDP deflator for {s}, so the plan's won are taken as {t} won",
            f"{s}년 GDP 디플레이터가 없어 {t}년 원화로 간주",
        )


def restatement(price_year: int | None, coefficient_year: int) -> Restatement:
    """GDP-deflator restatement of ``price_year`` won in ``coefficient_year`` won.

    Examples
    --------
    >>> r = restatement(2024, 2020)
    >>> round(r.factor, 4), r.applied
    (0.8978, True)
    >>> restatement(None, 2020).factor
    1.0
    """
    if price_year is None:
        return Restatement(None, coefficient_year, 1.0, applied=False)
    try:
        factor = price_factor(price_year, coefficient_year, PriceIndexName.GDP_DEFLATOR)
    except DataUnavailableError:
        return Restatement(price_year, coefficient_year, 1.0, applied=False)
    return Restatement(price_year, coefficient_year, float(factor), applied=True)


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
        """The restatement of plan won for these coefficients (none for a table's own)."""
        if self.year is None:
            return Restatement(price_year, price_year or 0, 1.0, applied=False)
        return restatement(price_year, self.year)

    def describe(self, price_year: int | None) -> Bilingual:
        """The basis and the price step for a plan of ``price_year``, for citation."""
        if self.year is None:
            return self.basis
        en, ko = self.restate(price_year).text()
        return f"{self.basis[0]}; {en}", f"{self.basis[1]}; {ko}"
