"""Loaders for the shipped Bank of Korea data (출처: 한국은행).

``load_bok_2023`` reads the 2023 total-transactions table (총거래표,
producers' prices, 83 sectors, million KRW) into a validated
:class:`~impact.io.table.IOTable`; ``load_bok_published`` returns BOK's own
whole-economy inducement coefficients for comparison and citation.

How the BOK table is mapped onto the model (competitive imports):

* ``imports`` = imports *including* product taxes on imports (수입 + 수입상품세),
  so the row identity Σ_j z_ij + f_i − M_i = x_i holds exactly and the
  derived domestic table balances: x = A_d x + f_d.
* ``household_consumption`` = private consumption (households and NPISH).
* No employment vector (no 고용표 was found): employment results are None.

Whole-economy check (tests/unit/io/test_bok.py): weighted by final demand
for domestic products f_d = (1 − m)(f − e) + e, the production inducement
is Σx/Σf_d = 1.8162 and value added ΣVA/Σf_d = 0.7480, against BOK's
published 1.827 and 0.752 (−0.59 %, −0.53 %). The published pair implies
BOK's Σf_d ≈ 3,168 trillion KRW, ours is 3,186: BOK's domestic table
(국산거래표) records imports cell by cell, the proportionality assumption
puts slightly too much of the imports into intermediate use.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from functools import cache

from impact.data import seeds_dir
from impact.errors import TableError
from impact.io._csv import column, read_matrix, read_rows
from impact.io.iomath import FloatArray
from impact.io.model import IOModel
from impact.io.table import IOTable

BOK_2023_ID = "bok-2023"
_PREFIX = "kor_io_bok_2023_"

TABLE_YEARS: Mapping[str, int] = {BOK_2023_ID: 2023}
"""Year of each shipped table, to find BOK's published figures for it."""

PUBLISHED_KEYS: Mapping[str, str] = {
    "output": "production_inducement_avg",
    "value_added": "value_added_inducement_avg",
    "imports": "import_inducement_avg",
    "jobs": "employment_inducement_avg_취업유발계수",
}
"""Name of BOK's published whole-economy coefficient for each measure."""


def is_bok_2023(table: IOTable) -> bool:
    """True for the shipped BOK 2023 table: the one whose 83 sector codes the BOK 2020
    regional coefficients and BOK's published averages refer to."""
    return table.id == BOK_2023_ID


def published_figure(
    table: IOTable,
    measure: str,
    published: Mapping[int, Mapping[str, PublishedFigure]] | None = None,
) -> PublishedFigure | None:
    """BOK's published whole-economy figure of ``measure`` for ``table``'s year, if any.

    Examples
    --------
    >>> published_figure(load_bok_2023(), "output").value
    1.827
    """
    year = TABLE_YEARS.get(table.id)
    key = PUBLISHED_KEYS.get(measure)
    if year is None or key is None:
        return None
    return (load_bok_published() if published is None else published).get(year, {}).get(key)


BOK_2023_PROVENANCE = (
    "출처: 한국은행 (Bank of Korea), 2023 산업연관표 (연장표), released 2025-09-24; ECOS table "
    "271Y120 투입산출표 총거래표 (생산자가격, 통합중분류 83부문), million KRW, current producers' "
    "prices. Transcribed from a long-format ECOS dump (GitHub a99621522-cell/dalgubul-ai-note, "
    "commit 5a95f51d) and verified against BOK's own row and column totals (all residuals 0). "
    "Modifications: reshaped to wide CSV; English sector names are a translation, not BOK's. "
    "Domestic coefficients are derived here with the competitive-import assumption "
    "(BOK's domestic table was not available). No employment vector. "
    "Details: seeds/data/bok_2023/PROVENANCE.md."
)


@cache
def load_bok_2023() -> IOTable:
    """The BOK 2023 83-sector table, validated (loaded once per process).

    Returns
    -------
    IOTable
        ``id="bok-2023"``, unit million KRW, ``imports_basis="competitive_row"``,
        ``employment=None``.

    Raises
    ------
    DataUnavailableError
        A seed file is missing.
    TableError
        A seed file is malformed or inconsistent.

    Examples
    --------
    >>> t = load_bok_2023()
    >>> t.n, t.unit, t.sectors[0]
    (83, 'million KRW', ('01', '작물', 'Crops'))
    """
    folder = seeds_dir() / "data" / "bok_2023"
    sec = read_rows(folder / f"{_PREFIX}sectors.csv")
    codes = [r["sector_code"] for r in sec]
    rows, cols, Z = read_matrix(folder / f"{_PREFIX}Z.csv")
    if rows != codes or cols != codes:
        raise TableError("Z labels differ from the sector list", field="data.Z")
    parts = {}
    for name in ("final_demand", "output", "value_added"):
        recs = read_rows(folder / f"{_PREFIX}{name}.csv")
        if [r["sector_code"] for r in recs] != codes:
            raise TableError(f"{name} rows differ from the sector list", field=f"data.{name}")
        parts[name] = recs
    fd, out, va = parts["final_demand"], parts["output"], parts["value_added"]
    src = "BOK 2023 seed files"
    return IOTable(
        id=BOK_2023_ID,
        sectors=tuple((r["sector_code"], r["sector_name_ko"], r["sector_name_en"]) for r in sec),
        unit="million KRW",
        Z=Z,
        x=column(out, "total_output_mkrw", src),
        final_demand=column(fd, "final_demand_total_mkrw", src),
        exports=column(fd, "exports_mkrw", src),
        imports=column(out, "imports_total_mkrw", src),
        value_added=column(va, "value_added_total_mkrw", src),
        imports_basis="competitive_row",
        household_consumption=column(fd, "private_consumption_mkrw", src),
        compensation=column(va, "compensation_of_employees_mkrw", src),
        operating_surplus=column(va, "operating_surplus_mkrw", src),
        depreciation=column(va, "consumption_of_fixed_capital_mkrw", src),
        production_taxes=column(va, "taxes_on_production_less_subsidies_mkrw", src),
        employment=None,
        provenance=BOK_2023_PROVENANCE,
        krw_per_unit=1e6,
    )


FINAL_DEMAND_COLUMNS: Mapping[str, str] = {
    "private_consumption": "private_consumption_mkrw",
    "government_consumption": "government_consumption_mkrw",
    "private_gfcf": "private_gfcf_mkrw",
    "government_gfcf": "government_gfcf_mkrw",
    "exports": "exports_mkrw",
    "total": "final_demand_total_mkrw",
}
"""Final-demand columns of the BOK 2023 table that :func:`bok_2023_final_demand` returns."""


@cache
def bok_2023_final_demand() -> Mapping[str, FloatArray]:
    """The BOK 2023 table's final demand by column and product, (83,) each [million KRW].

    Keys: :data:`FINAL_DEMAND_COLUMNS` (purchases at producers' prices, imports included).

    Examples
    --------
    >>> fd = bok_2023_final_demand()
    >>> round(float(fd["government_gfcf"].sum()) / 1e6, 1)  # ₩ trillion
    114.7
    """
    folder = seeds_dir() / "data" / "bok_2023"
    rows = read_rows(folder / f"{_PREFIX}final_demand.csv")
    out = {}
    for key, name in FINAL_DEMAND_COLUMNS.items():
        values = column(rows, name, "BOK 2023 final demand")
        values.flags.writeable = False
        out[key] = values
    return out


@cache
def bok_2023_model() -> IOModel:
    """The :class:`IOModel` of :func:`load_bok_2023`, factorised once per process."""
    return IOModel(load_bok_2023())


@dataclasses.dataclass(frozen=True)
class PublishedFigure:
    """One whole-economy figure published by BOK, with its citation.

    Attributes
    ----------
    table_year
        Year of the IO table.
    bok_table
        Which BOK table/release (e.g. "연장표 2023").
    coefficient
        Name, e.g. ``production_inducement_avg``.
    value
        The number as printed.
    unit
        e.g. ``KRW/KRW`` or ``persons per KRW 1bn final demand``.
    source_url, source_title
        Where it was reported (press coverage of the BOK release).
    note
        Remarks (restatements, comparability).
    """

    table_year: int
    bok_table: str
    coefficient: str
    value: float
    unit: str
    source_url: str
    source_title: str
    note: str


@cache
def load_bok_published() -> Mapping[int, Mapping[str, PublishedFigure]]:
    """BOK's published whole-economy coefficients: year → coefficient name → figure.

    Examples
    --------
    >>> pub = load_bok_published()
    >>> pub[2023]["production_inducement_avg"].value, pub[2023]["value_added_inducement_avg"].value
    (1.827, 0.752)
    """
    path = seeds_dir() / "data" / "bok_published" / "bok_inducement_coefficients.csv"
    out: dict[int, dict[str, PublishedFigure]] = {}
    for r in read_rows(path):
        try:
            fig = PublishedFigure(
                table_year=int(r["table_year"]),
                bok_table=r["bok_table"],
                coefficient=r["coefficient"],
                value=float(r["value"]),
                unit=r["unit"],
                source_url=r["source_url"],
                source_title=r["source_title"],
                note=r["note"],
            )
        except (KeyError, ValueError) as exc:
            raise TableError(f"malformed published coefficient row: {exc}", field="data") from None
        out.setdefault(fig.table_year, {})[fig.coefficient] = fig
    return out
