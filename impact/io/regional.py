"""Sejong and Daejeon: BOK 2020 regional inducement coefficients and a linear split.

For final demand placed in a region, the BOK 2020 multi-regional IO tables
give per sector j the production, value-added and employment induced *in
the region* and *in the rest of Korea* (in + out = national total effect).
:func:`regional_split` applies them to a demand vector::

    effect_in  = Σ_j c^in_j  d_j        effect_out = Σ_j c^out_j d_j

with jobs coefficients in persons per KRW 1 bn (so jobs = c d × KRW/10⁹).

Caveats
-------
* Price basis: these are **2020** coefficients (2020 technology, trade
  pattern and prices) applied to a demand vector in current won.
* Placeholders: where the source has production 1.0 and every other
  coefficient 0 (Sejong 06, 10, 16, 19, 54, 55; Daejeon 06, 54, 55) the
  region has no output of that sector. Those sectors are flagged
  ``no_regional_output``; demand placed there is reported in
  ``RegionalSplit.excluded`` and contributes nothing (never silently 1.0).

Examples
--------
>>> s = regional_split("sejong", {"51": 1000})  # 1,000 million KRW of civil engineering
>>> round(s.production["in_region"], 1), round(s.production["rest_of_korea"], 1)
(1084.7, 949.1)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from functools import cache
from typing import Literal

import numpy as np
import numpy.typing as npt

from impact.data import seeds_dir
from impact.errors import NotFoundError, TableError
from impact.io._csv import column, read_rows
from impact.io.demand import DemandLike, demand_vector
from impact.io.iomath import FloatArray

Region = Literal["sejong", "daejeon"]
REGION_KEYS: tuple[Region, ...] = ("sejong", "daejeon")
REGIONS: Mapping[Region, str] = {"sejong": "세종 Sejong", "daejeon": "대전 Daejeon"}
_FILE = "kor_regional_inducement_2020_sejong_daejeon.csv"

PRICE_CAVEAT = (
    "BOK 2020 regional inducement coefficients applied to a demand vector in current won: "
    "2020 technology, trade pattern and prices are assumed."
)


def _ro(a: FloatArray) -> FloatArray:
    a.flags.writeable = False
    return a


@dataclasses.dataclass(frozen=True, eq=False)
class RegionalCoefficients:
    """Inducement coefficients of final demand placed in one region (BOK 2020).

    Attributes
    ----------
    region
        ``"sejong"`` or ``"daejeon"``.
    codes, names_ko
        The 83 BOK sector codes and names.
    production_in, production_out
        Production induced in the region / rest of Korea per unit of demand, (n,) [KRW/KRW].
    value_added_in, value_added_out
        Value added induced, (n,) [KRW/KRW].
    jobs_in, jobs_out
        Employment induced, (n,) [persons per KRW 1 bn].
    no_regional_output
        True for source placeholders (production 1.0, all else 0), (n,) [bool].
    """

    region: Region
    codes: tuple[str, ...]
    names_ko: tuple[str, ...]
    production_in: FloatArray
    production_out: FloatArray
    value_added_in: FloatArray
    value_added_out: FloatArray
    jobs_in: FloatArray
    jobs_out: FloatArray
    no_regional_output: npt.NDArray[np.bool_]

    @property
    def flagged_codes(self) -> tuple[str, ...]:
        """Codes flagged ``no_regional_output``."""
        return tuple(c for c, f in zip(self.codes, self.no_regional_output, strict=True) if f)


@dataclasses.dataclass(frozen=True)
class RegionalSplit:
    """In-region vs rest-of-Korea effects of a demand vector.

    Attributes
    ----------
    region
        ``"sejong"`` or ``"daejeon"``.
    production, value_added
        ``{"in_region", "rest_of_korea", "total"}`` [demand money unit].
    jobs
        ``{"in_region", "rest_of_korea", "total"}`` [persons].
    by_sector
        Name → (n,) array by sector of demand: ``production_in``, ``production_out``,
        ``value_added_in``, ``value_added_out``, ``jobs_in``, ``jobs_out``.
    excluded
        Demand placed in ``no_regional_output`` sectors (code → amount); not used.
    caveat
        The price-basis caveat.
    """

    region: Region
    production: Mapping[str, float]
    value_added: Mapping[str, float]
    jobs: Mapping[str, float]
    by_sector: Mapping[str, FloatArray]
    excluded: Mapping[str, float]
    caveat: str = PRICE_CAVEAT


@cache
def load_regional_2020() -> Mapping[str, RegionalCoefficients]:
    """Sejong and Daejeon coefficients from the shipped seed file (loaded once).

    Examples
    --------
    >>> reg = load_regional_2020()
    >>> reg["daejeon"].flagged_codes
    ('06', '54', '55')
    """
    rows = read_rows(seeds_dir() / "data" / "regional_2020" / _FILE)
    out: dict[str, RegionalCoefficients] = {}
    for key in REGION_KEYS:
        label = REGIONS[key]
        recs = [r for r in rows if r["region"] == label]
        if not recs:
            raise TableError(f"no rows for region {label!r}", field="data")
        src = f"{_FILE} ({key})"
        cols = {
            "production_in": "production_inducement_in_region",
            "production_out": "production_inducement_out_of_region",
            "value_added_in": "value_added_inducement_in_region",
            "value_added_out": "value_added_inducement_out_of_region",
            "jobs_in": "employment_inducement_in_region_persons_per_krw1bn",
            "jobs_out": "employment_inducement_out_of_region_persons_per_krw1bn",
        }
        arrs = {k: column(recs, c, src) for k, c in cols.items()}
        others = np.vstack([a for k, a in arrs.items() if k != "production_in"])
        flag = (arrs["production_in"] == 1.0) & np.all(others == 0.0, axis=0)
        flag.flags.writeable = False
        out[key] = RegionalCoefficients(
            region=key,
            codes=tuple(r["sector_code"] for r in recs),
            names_ko=tuple(r["sector_name_ko"] for r in recs),
            no_regional_output=flag,
            **{k: _ro(a) for k, a in arrs.items()},
        )
    return out


def regional_split(
    region: Region | str, demand: DemandLike, *, krw_per_unit: float = 1e6
) -> RegionalSplit:
    """Split the effects of demand placed in Sejong or Daejeon into in-region and rest of Korea.

    effect^in = Σ_j c^in_j d_j, effect^out = Σ_j c^out_j d_j (linear in d).

    Parameters
    ----------
    region
        ``"sejong"`` or ``"daejeon"``.
    demand
        Final demand by sector code (or an (83,) array) [money unit; default million KRW].
    krw_per_unit
        KRW per unit of ``demand`` (1e6 for million KRW), to convert jobs
        coefficients given per KRW 1 bn.

    Returns
    -------
    RegionalSplit

    Raises
    ------
    NotFoundError
        Unknown region (field ``region``) or sector code (``demand.<code>``).
    """
    coefs = load_regional_2020().get(str(region).lower())
    if coefs is None:
        raise NotFoundError(f"unknown region {region!r}; one of {tuple(REGIONS)}", field="region")
    d = demand_vector(demand, coefs.codes)
    flag = coefs.no_regional_output
    excluded = {c: float(d[k]) for k, c in enumerate(coefs.codes) if flag[k] and d[k] != 0}
    d = np.where(flag, 0.0, d)
    per_bn = krw_per_unit / 1e9
    by = {
        "production_in": coefs.production_in * d,
        "production_out": coefs.production_out * d,
        "value_added_in": coefs.value_added_in * d,
        "value_added_out": coefs.value_added_out * d,
        "jobs_in": coefs.jobs_in * d * per_bn,
        "jobs_out": coefs.jobs_out * d * per_bn,
    }

    def pair(name: str) -> dict[str, float]:
        a, b = float(by[f"{name}_in"].sum()), float(by[f"{name}_out"].sum())
        return {"in_region": a, "rest_of_korea": b, "total": a + b}

    return RegionalSplit(
        region=coefs.region,
        production=pair("production"),
        value_added=pair("value_added"),
        jobs=pair("jobs"),
        by_sector=by,
        excluded=excluded,
    )


@dataclasses.dataclass(frozen=True)
class ChungcheongFigure:
    """One manufacturing sector of BOK's Chungcheong-block 2020 coefficients (report p. 55)."""

    sector_name_ko: str
    production: float
    imports: float
    value_added: float
    jobs_per_krw_bn: float


@cache
def load_chungcheong_manufacturing_2020() -> tuple[ChungcheongFigure, ...]:
    """BOK 2020 Chungcheong block (대전·세종·충북·충남) inducement, 12 manufacturing sectors.

    Examples
    --------
    >>> load_chungcheong_manufacturing_2020()[3].sector_name_ko
    '반도체'
    """
    path = seeds_dir() / "data" / "regional_2020"
    rows = read_rows(path / "bok_regional_inducement_chungcheong_2020_manufacturing.csv")
    try:
        return tuple(
            ChungcheongFigure(
                sector_name_ko=r["sector_name_ko"],
                production=float(r["production_inducement"]),
                imports=float(r["import_inducement"]),
                value_added=float(r["value_added_inducement"]),
                jobs_per_krw_bn=float(r["employment_inducement_persons_per_krw1bn"]),
            )
            for r in rows
        )
    except (KeyError, ValueError) as exc:
        raise TableError(f"malformed Chungcheong row: {exc}", field="data") from None
