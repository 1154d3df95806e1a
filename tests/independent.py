"""A second implementation, for tests: the shipped raw CSVs read with :mod:`csv` and the
Leontief model solved with :func:`numpy.linalg.solve`, sharing no code with ``impact``.

Tests compare the engine with these numbers, never with the engine's own definitions.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]

SEEDS = Path(__file__).resolve().parent.parent / "seeds" / "data"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _col(rows: list[dict[str, str]], name: str) -> Array:
    return np.array([float(r[name]) for r in rows])


@cache
def bok_2023() -> dict[str, Array]:
    """The BOK 2023 table's arrays [million KRW], codes in file order (01 … 83)."""
    folder = SEEDS / "bok_2023"
    with (folder / "kor_io_bok_2023_Z.csv").open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        Z = np.array([[float(v) for v in row[1:]] for row in reader])
    fd = _rows(folder / "kor_io_bok_2023_final_demand.csv")
    out = _rows(folder / "kor_io_bok_2023_output.csv")
    va = _rows(folder / "kor_io_bok_2023_value_added.csv")
    return {
        "Z": Z,
        "x": _col(out, "total_output_mkrw"),
        "f": _col(fd, "final_demand_total_mkrw"),
        "e": _col(fd, "exports_mkrw"),
        "M": _col(out, "imports_total_mkrw"),
        "va": _col(va, "value_added_total_mkrw"),
        "w": _col(va, "compensation_of_employees_mkrw"),
        "c": _col(fd, "private_consumption_mkrw"),
        "t": _col(va, "taxes_on_production_less_subsidies_mkrw"),
    }


@cache
def codes() -> tuple[str, ...]:
    """The 83 sector codes in file order."""
    return tuple(
        r["sector_code"] for r in _rows(SEEDS / "bok_2023" / "kor_io_bok_2023_sectors.csv")
    )


@cache
def domestic_leontief_type_i() -> tuple[Array, Array]:
    """(output, value added) Type I multipliers by demand sector, competitive imports:
    A = Z / x, m = M / (Σ_j Z + f − e), A_d = (1 − m) A, multipliers = colsum of L and v L."""
    t = bok_2023()
    A = t["Z"] / t["x"]
    m = t["M"] / (t["Z"].sum(axis=1) + t["f"] - t["e"])
    Ad = (1.0 - m)[:, np.newaxis] * A
    L = np.linalg.solve(np.eye(83) - Ad, np.eye(83))
    v = t["va"] / t["x"]
    return L.sum(axis=0), v @ L


def national(y_krw: Array) -> tuple[float, float]:
    """(output, value added) [KRW] of final demand ``y_krw`` (in file order), Type I."""
    m_out, m_va = domestic_leontief_type_i()
    return float(m_out @ y_krw), float(m_va @ y_krw)


@cache
def regional() -> dict[str, dict[str, dict[str, float]]]:
    """region_en → sector code → the CSV's six coefficients."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    path = SEEDS / "regional_2020" / "kor_regional_inducement_2020_17_regions.csv"
    for r in _rows(path):
        out.setdefault(r["region_en"], {})[r["sector_code"]] = {
            k: float(v) for k, v in r.items() if k.endswith(("_in_region", "_out_region"))
        }
    return out


def is_placeholder(c: dict[str, float]) -> bool:
    """The source's "no output in the region" rows: production_in 1, everything else 0."""
    others = [v for k, v in c.items() if k != "production_in_region"]
    return c["production_in_region"] == 1.0 and all(v == 0.0 for v in others)


@cache
def gdp_deflator() -> dict[int, float]:
    """Year → GDP deflator (2020 = 100), from the price CSV."""
    rows = _rows(SEEDS / "prices" / "kor_price_indices.csv")
    return {int(r["year"]): float(r["gdp_deflator_2020eq100_imf_weo"]) for r in rows}


@cache
def krw_per_usd() -> dict[int, str]:
    """Year → won per US dollar (annual average) as written in the price CSV."""
    rows = _rows(SEEDS / "prices" / "kor_price_indices.csv")
    return {
        int(r["year"]): r["krw_per_usd_annual_avg"] for r in rows if r["krw_per_usd_annual_avg"]
    }


def to_2020_won(year: int) -> float:
    """Factor turning ``year`` won into 2020 won."""
    return gdp_deflator()[2020] / gdp_deflator()[year]


def national_jobs_proxy(code: str) -> float:
    """Mean over the regions that make ``code`` of (in + out) jobs per ₩1bn."""
    values = [
        c[code]["employment_in_region"] + c[code]["employment_out_region"]
        for c in regional().values()
        if not is_placeholder(c[code])
    ]
    return sum(values) / len(values)


def import_ratios() -> Array:
    """m_i = M_i / (Σ_j Z_ij + f_i − e_i)."""
    t = bok_2023()
    m: Array = t["M"] / (t["Z"].sum(axis=1) + t["f"] - t["e"])
    return m


# KOSTAT 가계동향조사 2023 Q3 + Q4: consumption ÷ household income, monthly averages per household
RESPENT = (280.8 + 283.3) / (503.3 + 502.4)


@cache
def type_ii() -> tuple[Array, Array]:
    """(output, value added) Type II multipliers: the domestic model closed with households,
    household row w_j = compensation_j / x_j, column c_i = h (1 − m_i) C_i / Σ C."""
    t = bok_2023()
    m = import_ratios()
    Ad = (1.0 - m)[:, np.newaxis] * (t["Z"] / t["x"])
    closed = np.zeros((84, 84))
    closed[:83, :83] = Ad
    closed[83, :83] = t["w"] / t["x"]
    closed[:83, 83] = RESPENT * (1.0 - m) * t["c"] / t["c"].sum()
    L = np.linalg.solve(np.eye(84) - closed, np.eye(84))[:83, :83]
    v = t["va"] / t["x"]
    return L.sum(axis=0), v @ L


def bok_final_demand(column: str) -> Array:
    """One final-demand column of the BOK 2023 table [million KRW]."""
    rows = _rows(SEEDS / "bok_2023" / "kor_io_bok_2023_final_demand.csv")
    return _col(rows, column)


@cache
def published_employment() -> dict[int, float]:
    """BOK's published whole-economy employment inducement by year (the seed CSV)."""
    rows = _rows(SEEDS / "bok_published" / "bok_inducement_coefficients.csv")
    return {
        int(r["table_year"]): float(r["value"])
        for r in rows
        if r["coefficient"] == "employment_inducement_avg_취업유발계수"
    }


def restate_2020(year: int) -> float:
    """The factor bringing 2020 jobs coefficients to a plan of ``year``: BOK's employment
    series ratio in 2020–2023, then the GDP deflator past 2023; the deflator alone before
    2020 (the series changed definition in 2020)."""
    series, deflator = published_employment(), gdp_deflator()
    if year < 2020:
        return deflator[2020] / deflator[year]
    if year <= 2023:
        return series[year] / series[2020]
    return series[2023] / series[2020] * deflator[2023] / deflator[year]
