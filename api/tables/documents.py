"""Table documents ↔ validated engine objects, and what the API says about a table.

Everything here is synchronous numpy work (validation, spectral radius, LU): the
controllers run it with :func:`anyio.to_thread.run_sync`, never on the event loop.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

import numpy as np

from api.tables.schemas import (
    MAX_UPLOAD_SECTORS,
    Derivation,
    Origin,
    Part,
    SectorIn,
    SectorOut,
    StoredTable,
    TableDetail,
    TableSummary,
    TableUpload,
)
from impact.errors import ImpactError, LimitExceededError, TableError
from impact.io import BOK_2023_ID, IOModel, IOTable, bok_2023_model
from impact.io.results import ModelKind

__all__ = [
    "TableEntry",
    "build_entry",
    "derived_document",
    "detail",
    "finite_or_none",
    "shipped_entry",
    "summary",
    "supported_models",
    "table_of",
]

_VECTORS = (
    "total_output",
    "value_added",
    "imports",
    "taxes",
    "compensation",
    "employment",
    "household_consumption",
    "final_demand",
)
_PARTS = _VECTORS[1:]
"""The optional vectors: every vector but ``total_output``."""
_ENGINE_FIELDS = {"product_taxes": "taxes"}
"""Engine field names that the upload calls otherwise."""


@dataclasses.dataclass(frozen=True)
class TableEntry:
    """A table the API serves: its factorised model and what the API says about it."""

    id: str
    name: str
    origin: Origin
    model: IOModel
    parts: Mapping[str, Part]
    created_at: datetime | None = None
    derived_from: Derivation | None = None

    @property
    def table(self) -> IOTable:
        """The validated table."""
        return self.model.table


def _renamed(exc: ImpactError) -> ImpactError:
    field = exc.field or ""
    head, _, rest = field.partition(".")
    if head in _ENGINE_FIELDS:
        exc = type(exc)(
            exc.detail, field=".".join(p for p in (_ENGINE_FIELDS[head], rest) if p), **exc.extra
        )
    return exc


def _check_shapes(doc: TableUpload) -> None:
    n = len(doc.sectors)
    rows = len(doc.intermediate)
    if max(n, rows) > MAX_UPLOAD_SECTORS:
        field = "intermediate" if rows >= n else "sectors"
        raise LimitExceededError(
            f"{max(n, rows)} sectors exceed the limit of {MAX_UPLOAD_SECTORS} per uploaded table",
            field=field,
            limit=MAX_UPLOAD_SECTORS,
        )
    if rows != n:
        raise TableError(
            f"has {rows} rows for {n} sectors; give one row per sector", field="intermediate"
        )
    for i, row in enumerate(doc.intermediate):
        if len(row) != n:
            raise TableError(
                f"row {i} has {len(row)} values, expected {n}", field=f"intermediate.{i}"
            )
    for name in _VECTORS:
        values = getattr(doc, name)
        if values is not None and len(values) != n:
            raise TableError(f"has {len(values)} values for {n} sectors", field=name)


def table_of(table_id: str, doc: TableUpload) -> IOTable:
    """The validated :class:`IOTable` of a document (a domestic-flows table).

    Raises
    ------
    LimitExceededError
        More than :data:`MAX_UPLOAD_SECTORS` sectors (field ``intermediate``).
    TableError, NonProductiveTableError
        Shapes, values or productivity; the field is named as in the upload.
    """
    _check_shapes(doc)
    try:
        return IOTable.from_arrays(
            doc.intermediate,
            doc.total_output,
            sectors=[(s.code, s.name, s.name_en or s.name) for s in doc.sectors],
            final_demand=doc.final_demand,
            imports=doc.imports,
            imports_basis="noncompetitive_row",
            value_added=doc.value_added,
            household_consumption=doc.household_consumption,
            compensation=doc.compensation,
            product_taxes=doc.taxes,
            employment=doc.employment,
            unit=doc.unit,
            provenance=doc.provenance or "",
            id=table_id,
            krw_per_unit=doc.krw_per_unit,
        )
    except ImpactError as exc:
        raise _renamed(exc) from None


def _parts(doc: TableUpload) -> dict[str, Part]:
    parts: dict[str, Part] = {}
    for name in _PARTS:
        given = getattr(doc, name) is not None
        derivable = name in ("value_added", "final_demand")
        parts[name] = "given" if given else ("derived" if derivable else "absent")
    return parts


MAX_MULTIPLIER: Final = 1e12
"""Largest accepted multiplier of an uploaded table [per unit of final demand]: persons or
money per unit. Realistic ones are below 10 (money) or 10⁴ (persons per unit of a trillion
won); the bound keeps every effect of an amount up to 10²⁴ won finite."""

_UNIT_FIELDS = {"employment": "employment", "income": "compensation", "imports": "imports"}


def _check_finite(model: IOModel, kind: ModelKind) -> None:
    """Refuse a table whose multipliers are not finite or beyond :data:`MAX_MULTIPLIER`.

    ``employment: [1e308]`` used to be accepted and to make every audit on the table fail:
    effects of ∞ persons, then ∞ − ∞ = NaN.
    """
    with np.errstate(all="ignore"):
        multipliers = model.multipliers(kind)
        for name, values in multipliers.total.items():
            if values is None:
                continue
            bad = ~np.isfinite(values) | (np.abs(values) > MAX_MULTIPLIER)
            if bad.any():
                sector = int(np.flatnonzero(bad)[0])
                field = _UNIT_FIELDS.get(name, "intermediate")
                raise TableError(
                    f"the {kind} {name} multiplier of sector {model.table.codes[sector]!r} is "
                    f"{float(values[sector]):.3g}: not finite or above {MAX_MULTIPLIER:.0e} per "
                    "unit of final demand; check the values and their unit",
                    field=f"{field}.{sector}" if field != "intermediate" else field,
                )


def build_entry(
    table_id: str,
    doc: StoredTable | TableUpload,
    *,
    origin: Origin,
    created_at: datetime | None = None,
) -> TableEntry:
    """Validate ``doc``, factorise its model (and the Type II closure when it has households).

    Its multipliers must be finite and at most :data:`MAX_MULTIPLIER`.
    """
    model = IOModel(table_of(table_id, doc))
    _check_finite(model, "type_i")
    if "type_ii" in supported_models(model):
        try:
            _check_finite(model, "type_ii")  # refuses a non-productive household closure now
        except ImpactError as exc:
            raise _renamed(exc) from None
    return TableEntry(
        id=table_id,
        name=doc.name,
        origin=origin,
        model=model,
        parts=_parts(doc),
        created_at=created_at,
        derived_from=doc.derived_from if isinstance(doc, StoredTable) else None,
    )


def shipped_entry() -> TableEntry:
    """The BOK 2023 table, factorised once per process (call off the event loop)."""
    model = bok_2023_model()
    model.multipliers("type_i")
    model.multipliers("type_ii")
    parts: dict[str, Part] = {
        "value_added": "given",
        "imports": "given",
        "taxes": "absent",
        "compensation": "given",
        "employment": "absent",
        "household_consumption": "given",
        "final_demand": "given",
    }
    return TableEntry(
        id=BOK_2023_ID,
        name="Bank of Korea 2023 input-output table (총거래표, 83 sectors)",
        origin="shipped",
        model=model,
        parts=parts,
    )


def supported_models(model: IOModel) -> list[ModelKind]:
    """``type_i`` always; ``type_ii`` when the table has compensation and household consumption."""
    t = model.table
    closed = t.compensation is not None and t.household_consumption is not None
    return ["type_i", "type_ii"] if closed else ["type_i"]


def detail(entry: TableEntry) -> TableDetail:
    """What ``GET /v1/tables/{id}`` says about a table."""
    t = entry.table
    return TableDetail(
        id=entry.id,
        name=entry.name,
        origin=entry.origin,
        n=t.n,
        unit=t.unit,
        krw_per_unit=t.krw_per_unit,
        imports_basis=t.imports_basis,
        sectors=[SectorOut(code=c, name=ko, name_en=en) for c, ko, en in t.sectors],
        parts=dict(entry.parts),
        models=supported_models(entry.model),
        provenance=t.provenance,
        created_at=entry.created_at,
        derived_from=entry.derived_from,
        multipliers=f"/v1/tables/{entry.id}/multipliers",
    )


def summary(entry: TableEntry) -> TableSummary:
    """One line of ``GET /v1/tables``."""
    t = entry.table
    return TableSummary(
        id=entry.id, name=entry.name, origin=entry.origin, n=t.n, unit=t.unit,
        created_at=entry.created_at,
    )  # fmt: skip


def _list(a: np.ndarray[Any, Any] | None) -> list[float] | None:
    return None if a is None else [float(v) for v in a]


def derived_document(
    table: IOTable, *, name: str, derivation: Derivation, max_provenance: int = 4000
) -> StoredTable:
    """The document of a regionalised table, saved like an upload (domestic flows)."""
    provenance = table.provenance
    if len(provenance) > max_provenance:
        provenance = "…" + provenance[-(max_provenance - 1) :]
    return StoredTable(
        name=name,
        unit=table.unit,
        sectors=[SectorIn(code=c, name=ko, name_en=en) for c, ko, en in table.sectors],
        intermediate=[[float(v) for v in row] for row in table.Z],
        total_output=_list(table.x) or [],
        value_added=_list(table.value_added),
        imports=_list(table.imports),
        taxes=_list(table.product_taxes),
        compensation=_list(table.compensation),
        employment=_list(table.employment),
        household_consumption=_list(table.household_consumption),
        final_demand=None,
        krw_per_unit=table.krw_per_unit,
        provenance=provenance,
        derived_from=derivation,
    )


def finite_or_none(value: float) -> float | None:
    """JSON has no infinity: ``None`` for ±inf and NaN."""
    return value if math.isfinite(value) else None
