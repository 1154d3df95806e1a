"""BOK 2020 regional inducement coefficients of Korea's 17 regions (시·도), and what the
engine takes from them.

For final demand placed in region R, BOK's 2020 multi-regional input-output tables give,
per demand sector j, the production, value added and jobs induced *in R* (``c^in_j``) and in
*the rest of Korea* (``c^out_j``); ``c^in + c^out`` is the national effect of demand placed
in R (Type I, 2020 technology and prices). The engine (:mod:`impact.effects.engine`) uses:

* the **in-region share** of each measure, ``s_j = c^in_j / (c^in_j + c^out_j)``, to split
  the 2023 national model's output and value added between R and the rest of Korea;
* the **jobs coefficients** ``e_j = c^in_j + c^out_j`` [persons per ₩1bn of 2020 won] for
  the jobs of a plan in R (the 2023 national table has no employment vector), and their
  mean over the regions that make the product as the national proxy for a plan with no
  region (:func:`national_jobs_proxy`).

Placeholders
------------
Where the source has production 1.0 and every other coefficient 0 (40 rows, listed in
``seeds/data/regional_2020/PROVENANCE.md``) the region makes none of that product: it is the
identity column of the Leontief inverse, not a coefficient. Such a sector is flagged
(:attr:`RegionalCoefficients.placeholder`) and never used as a coefficient: spending on it
is bought from the rest of Korea (in-region share 0), its jobs use the national proxy, and
the unscaled 2020 figures leave it out and list it.

Examples
--------
>>> c = regional_coefficients("sejong")
>>> c.placeholder_codes
('06', '10', '16', '19', '54', '55')
>>> k = c.codes.index("51")  # civil engineering placed in Sejong
>>> round(float(c.production_in[k]), 4), round(float(c.production_out[k]), 4)
(1.0847, 0.9491)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from functools import cache

import numpy as np
import numpy.typing as npt

from impact.data import seeds_dir
from impact.errors import NotFoundError, TableError
from impact.io._csv import column, read_rows
from impact.io.iomath import FloatArray

__all__ = [
    "MEASURES",
    "REGIONAL_FILE",
    "REGIONAL_YEAR",
    "RegionalCoefficients",
    "load_regional_coefficients",
    "national_jobs_proxy",
    "regional_coefficients",
]

REGIONAL_YEAR = 2020
"""Technology, trade and price year of the BOK regional coefficients."""

REGIONAL_FILE = "kor_regional_inducement_2020_17_regions.csv"

MEASURES = ("production", "value_added", "jobs")
"""The three measures the regional coefficients give, in the order of their arrays."""

_COLUMNS = {
    "production_in": "production_in_region",
    "production_out": "production_out_region",
    "value_added_in": "value_added_in_region",
    "value_added_out": "value_added_out_region",
    "jobs_in": "employment_in_region",
    "jobs_out": "employment_out_region",
}


def _ro(a: FloatArray) -> FloatArray:
    a.flags.writeable = False
    return a


@dataclasses.dataclass(frozen=True, eq=False)
class RegionalCoefficients:
    """Inducement coefficients of final demand placed in one region (BOK 2020), (83,) arrays.

    Attributes
    ----------
    key
        Region key, e.g. ``"busan"`` (:mod:`impact.regions`).
    name_ko, name_en
        Short names as in the source (``부산``, ``Busan``).
    codes
        The 83 BOK sector codes, in file order (``01`` … ``83``).
    production_in, production_out, value_added_in, value_added_out
        Induced in the region / in the rest of Korea per unit of demand [KRW/KRW].
    jobs_in, jobs_out
        Jobs induced [persons per ₩1bn of demand, 2020 won].
    placeholder
        True where the region makes none of the product (source placeholder rows) [bool].
    """

    key: str
    name_ko: str
    name_en: str
    codes: tuple[str, ...]
    production_in: FloatArray
    production_out: FloatArray
    value_added_in: FloatArray
    value_added_out: FloatArray
    jobs_in: FloatArray
    jobs_out: FloatArray
    placeholder: npt.NDArray[np.bool_]

    @property
    def placeholder_codes(self) -> tuple[str, ...]:
        """Codes of the placeholder sectors."""
        return tuple(c for c, f in zip(self.codes, self.placeholder, strict=True) if f)

    def pair(self, measure: str) -> tuple[FloatArray, FloatArray]:
        """(in-region, rest-of-Korea) coefficients of ``measure`` (:data:`MEASURES`)."""
        in_region: FloatArray = getattr(self, f"{measure}_in")
        out: FloatArray = getattr(self, f"{measure}_out")
        return in_region, out

    def in_region_shares(self) -> FloatArray:
        """(3, 83): ``s_j = c^in_j / (c^in_j + c^out_j)`` per measure; 0 on placeholders.

        Examples
        --------
        >>> s = regional_coefficients("seoul").in_region_shares()
        >>> s.shape, bool(((s >= 0) & (s <= 1)).all())
        ((3, 83), True)
        """
        rows = []
        for measure in MEASURES:
            inside, out = self.pair(measure)
            total = inside + out
            share = np.divide(inside, total, out=np.zeros_like(total), where=total > 0)
            rows.append(np.where(self.placeholder, 0.0, share))
        return np.vstack(rows)


@cache
def load_regional_coefficients() -> Mapping[str, RegionalCoefficients]:
    """All 17 regions' coefficients from the shipped seed file, by region key (loaded once).

    Keys are the source's English names in lower case (``busan``, ``chungbuk`` …), the
    keys of :mod:`impact.regions`.

    Raises
    ------
    DataUnavailableError
        The seed file is missing.
    TableError
        A region lacks 83 rows, or a value is not a finite number ≥ 0.
    """
    path = seeds_dir() / "data" / "regional_2020" / REGIONAL_FILE
    by_region: dict[str, list[dict[str, str]]] = {}
    for row in read_rows(path):
        by_region.setdefault(row["region_en"], []).append(row)
    out: dict[str, RegionalCoefficients] = {}
    for name_en, rows in by_region.items():
        key = name_en.lower()
        src = f"{REGIONAL_FILE} ({name_en})"
        arrays = {k: column(rows, c, src) for k, c in _COLUMNS.items()}
        codes = tuple(r["sector_code"] for r in rows)
        if len(codes) != 83 or len(set(codes)) != 83:
            raise TableError(f"{src}: expected 83 distinct sector codes", field="data")
        if not all(np.isfinite(a).all() and (a >= 0).all() for a in arrays.values()):
            raise TableError(f"{src}: coefficients must be finite and ≥ 0", field="data")
        others = np.vstack([a for k, a in arrays.items() if k != "production_in"])
        placeholder = (arrays["production_in"] == 1.0) & np.all(others == 0.0, axis=0)
        placeholder.flags.writeable = False
        out[key] = RegionalCoefficients(
            key=key,
            name_ko=rows[0]["region_ko"],
            name_en=name_en,
            codes=codes,
            placeholder=placeholder,
            **{k: _ro(a) for k, a in arrays.items()},
        )
    if len(out) != 17:
        raise TableError(f"{REGIONAL_FILE}: expected 17 regions, got {len(out)}", field="data")
    return out


def regional_coefficients(key: str) -> RegionalCoefficients:
    """One region's coefficients.

    Raises
    ------
    NotFoundError
        Unknown region key (field ``region``).
    """
    found = load_regional_coefficients().get(key)
    if found is None:
        known = ", ".join(sorted(load_regional_coefficients()))
        raise NotFoundError(f"no regional coefficients for {key!r}; known: {known}", field="region")
    return found


@cache
def national_jobs_proxy() -> FloatArray:
    """Jobs per ₩1bn of 2020 won by demand sector for a plan with no region, (83,).

    ``e^nat_j`` = the mean over the regions that make product j of their national jobs
    coefficient ``c^in_j + c^out_j``: demand placed in an average region. BOK publishes no
    national jobs coefficients by sector for the shipped tables. Weighted by the 2023
    table's final demand for domestic products it averages 10.4 persons per ₩1bn, against
    BOK's published 9.7 for 2020 (README, "Jobs").

    Examples
    --------
    >>> e = national_jobs_proxy()
    >>> e.shape, bool((e > 0).all())
    ((83,), True)
    """
    regions = list(load_regional_coefficients().values())
    totals = np.vstack([c.jobs_in + c.jobs_out for c in regions])
    made = ~np.vstack([c.placeholder for c in regions])
    proxy = (totals * made).sum(axis=0) / made.sum(axis=0)
    return np.asarray(_ro(proxy), dtype=np.float64)
