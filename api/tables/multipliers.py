"""``GET /v1/tables/{id}/multipliers``: per-sector and whole-economy multipliers of a table.

The numbers are :meth:`impact.io.IOModel.multipliers` and
:meth:`~impact.io.IOModel.economy_wide`, cached in the model; this module only
lays them out. For ``bok-2023`` (Type I) the whole-economy production, value-added
and import multipliers are shown next to BOK's published figures for 2023.
"""

from __future__ import annotations

from collections.abc import Mapping

from api.tables.documents import TableEntry, finite_or_none
from api.tables.schemas import (
    EconomyWideOut,
    MultipliersOut,
    PublishedComparison,
    SectorMultipliersOut,
)
from impact.io import PublishedFigure, SectorMultipliers
from impact.io.bok import TABLE_YEARS
from impact.io.results import MULTIPLIER_METRICS, ModelKind

__all__ = ["multipliers_out"]

_PUBLISHED = {
    "output": "production_inducement_avg",
    "value_added": "value_added_inducement_avg",
    "imports": "import_inducement_avg",
}


def _total(m: SectorMultipliers, metric: str, k: int) -> float | None:
    values = m.total[metric]
    return None if values is None else finite_or_none(float(values[k]))


def _ratio(m: SectorMultipliers, metric: str, k: int) -> float | None:
    values = m.ratio[metric]
    return None if values is None else finite_or_none(float(values[k]))


def _rows(entry: TableEntry, kind: ModelKind) -> list[SectorMultipliersOut]:
    m = entry.model.multipliers(kind)
    one = entry.model.multipliers("type_i")
    induced = entry.model.induced_multipliers() if kind == "type_ii" else {}
    rows: list[SectorMultipliersOut] = []
    for k, (code, name, name_en) in enumerate(entry.table.sectors):
        extra: dict[str, object] = {}
        if kind == "type_ii":
            extra = {
                "output_type_ii": _total(m, "output", k),
                "income_type_ii": _ratio(m, "income", k),
                "employment_type_ii": _ratio(m, "employment", k),
                "induced": {
                    metric: None if values is None else finite_or_none(float(values[k]))
                    for metric, values in induced.items()
                },
            }
        rows.append(
            SectorMultipliersOut.model_validate(
                {
                    "code": code,
                    "name": name,
                    "name_en": name_en,
                    **{metric: _total(m, metric, k) for metric in MULTIPLIER_METRICS},
                    "income_type_i": _ratio(one, "income", k),
                    "employment_type_i": _ratio(one, "employment", k),
                    **extra,
                }
            )
        )
    return rows


def _published(
    entry: TableEntry,
    kind: ModelKind,
    average: Mapping[str, float | None],
    published: Mapping[int, Mapping[str, PublishedFigure]],
) -> list[PublishedComparison]:
    year = TABLE_YEARS.get(entry.id)
    if year is None or kind != "type_i":
        return []
    out: list[PublishedComparison] = []
    for metric, name in _PUBLISHED.items():
        figure = published.get(year, {}).get(name)
        value = average.get(metric)
        if figure is None or value is None:
            continue
        out.append(
            PublishedComparison(
                coefficient=name,
                published=figure.value,
                model=value,
                difference_pct=(value / figure.value - 1.0) * 100.0,
                table_year=year,
                source_title=figure.source_title,
                source_url=figure.source_url,
            )
        )
    return out


def multipliers_out(
    entry: TableEntry,
    kind: ModelKind,
    published: Mapping[int, Mapping[str, PublishedFigure]],
) -> MultipliersOut:
    """Multipliers of ``entry`` for ``kind`` (numpy work: call off the event loop).

    Raises :class:`~impact.errors.DataUnavailableError` (field ``model``) for Type II on
    a table without compensation and household consumption.
    """
    model = entry.model
    unit = model.table.unit
    rows = _rows(entry, kind)
    economy = model.economy_wide(kind)
    average = economy.average
    per = f"per {unit} of final demand"
    return MultipliersOut(
        table=entry.id,
        model=kind,
        unit=unit,
        units={
            "output": f"{unit} of output {per}",
            "value_added": f"{unit} of value added {per}",
            "imports": f"{unit} of intermediate imports {per}",
            "product_taxes": f"{unit} of net product taxes {per}",
            "production_taxes": f"{unit} of net taxes on production (in value added) {per}",
            "income": f"{unit} of compensation of employees {per}",
            "employment": f"persons {per}",
            "income_type_i": "ratio to the direct coefficient [-]",
            "employment_type_i": "ratio to the direct coefficient [-]",
        },
        sectors=rows,
        economy_wide=EconomyWideOut(
            output=average.get("output"),
            value_added=average.get("value_added"),
            imports=average.get("imports"),
            product_taxes=average.get("product_taxes"),
            production_taxes=average.get("production_taxes"),
            income=average.get("income"),
            employment=average.get("employment"),
            weights=economy.weights,
            weight_total=economy.weight_total,
            published=_published(entry, kind, average, published),
        ),
        recipe=dict(model.recipe),
    )
