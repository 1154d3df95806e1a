"""Entry checks for input-output tables (coerce, check shape, build message, raise).

Every failure is a :class:`~impact.errors.TableError` (or a leaf of it) with
``field`` set to the offending input: ``"intermediate"`` for Z,
``"total_output.17"`` for one sector's output, ``"sectors"`` for codes.
Nothing else escapes: numpy's own ``ValueError``/``TypeError`` from a ragged
or non-numeric input is caught and re-raised as ``TableError``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from impact.errors import LimitExceededError, TableError
from impact.io.iomath import FloatArray

#: Largest table accepted (sectors). A dense n×n float64 matrix takes 8 n² bytes:
#: 0.8 GB at n = 10,000; a Type I model holds two of them (the table's Z and the
#: LU factors of I − A_d), a Type II model one more (the closed model's factors).
MAX_SECTORS = 10_000

#: Column balance tolerance: |Σ_i z_ij + VA_j + other rows − x_j| ≤ BALANCE_RTOL · x_j.
BALANCE_RTOL = 1e-4

Sector = tuple[str, str, str]

#: Name used in error ``field`` paths for each array attribute.
FIELD_NAMES = {"Z": "intermediate", "x": "total_output"}

_MAX_LISTED = 10


def field_name(attr: str) -> str:
    """Public field name of an :class:`IOTable` attribute (``Z`` → ``intermediate``)."""
    return FIELD_NAMES.get(attr, attr)


def listed(codes: Sequence[str]) -> str:
    """Comma-separated codes, truncated after a few."""
    shown = ", ".join(codes[:_MAX_LISTED])
    more = len(codes) - _MAX_LISTED
    return shown + (f" (+{more} more)" if more > 0 else "")


def normalise_sectors(sectors: Sequence[str | Sequence[str]]) -> tuple[Sector, ...]:
    """Coerce codes or (code, name_ko, name_en) triples into a tuple of triples; check codes."""
    if isinstance(sectors, str):
        raise TableError("sectors must be a sequence of codes, not one string", field="sectors")
    out: list[Sector] = []
    for k, s in enumerate(sectors):
        if isinstance(s, str):
            out.append((s, s, s))
            continue
        parts = tuple(s)
        if len(parts) != 3 or not all(isinstance(p, str) for p in parts):
            raise TableError(
                "each sector must be a code or a (code, name_ko, name_en) triple of strings",
                field=f"sectors.{k}",
            )
        out.append((parts[0], parts[1], parts[2]))
    check_sector_codes(out)
    return tuple(out)


def check_sector_codes(sectors: Sequence[Sector]) -> None:
    """Reject an empty or oversized table, blank codes and duplicate codes."""
    n = len(sectors)
    if n == 0:
        raise TableError("a table needs at least one sector", field="sectors")
    if n > MAX_SECTORS:
        raise LimitExceededError(
            f"{n} sectors exceed the limit of {MAX_SECTORS}", field="sectors", limit=MAX_SECTORS
        )
    codes = [s[0] for s in sectors]
    blank = [str(k) for k, c in enumerate(codes) if not c.strip()]
    if blank:
        raise TableError(f"blank sector code at position(s) {listed(blank)}", field="sectors")
    seen: set[str] = set()
    dups: list[str] = []
    for c in codes:
        if c in seen and c not in dups:
            dups.append(c)
        seen.add(c)
    if dups:
        raise TableError(f"duplicate sector code(s): {listed(dups)}", field="sectors")


def as_array(value: npt.ArrayLike, attr: str) -> FloatArray:
    """Coerce to float64 or raise TableError (ragged lists, strings, objects)."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TableError(f"not a numeric array: {exc}", field=field_name(attr)) from None
    return arr


def frozen(arr: FloatArray) -> FloatArray:
    """A read-only float64 array: kept if already read-only, otherwise copied."""
    if arr.dtype == np.float64 and not arr.flags.writeable and arr.flags.c_contiguous:
        return arr
    out = np.array(arr, dtype=np.float64, order="C", copy=True)
    out.flags.writeable = False
    return out


def check_matrix(Z: FloatArray, codes: Sequence[str]) -> None:
    """Z must be (n, n) and finite."""
    n = len(codes)
    if Z.shape != (n, n):
        raise TableError(
            f"intermediate matrix has shape {Z.shape}, expected ({n}, {n})",
            field=field_name("Z"),
        )
    with np.errstate(over="ignore"):  # NaN and ±Inf make any sum non-finite: one pass, no mask
        if np.isfinite(Z.sum()):
            return
    bad = ~np.isfinite(Z)  # the sum is non-finite: find the culprit (or a harmless overflow)
    if bad.any():
        i, j = (int(k) for k in np.argwhere(bad)[0])
        raise TableError(
            f"{int(bad.sum())} non-finite value(s), first at row {codes[i]}, column {codes[j]}",
            field=field_name("Z"),
        )


def check_vector(v: FloatArray, attr: str, codes: Sequence[str]) -> None:
    """v must be (n,) and finite."""
    name = field_name(attr)
    if v.shape != (len(codes),):
        raise TableError(f"has shape {v.shape}, expected ({len(codes)},)", field=name)
    bad = np.flatnonzero(~np.isfinite(v))
    if bad.size:
        raise TableError("non-finite value (NaN or Inf)", field=f"{name}.{codes[int(bad[0])]}")


def check_positive(v: FloatArray, attr: str, codes: Sequence[str], *, strict: bool) -> None:
    """Reject negative (and, if ``strict``, zero) entries, naming the sector codes."""
    bad = np.flatnonzero(v <= 0 if strict else v < 0)
    if bad.size:
        which = [codes[int(k)] for k in bad]
        what = "zero or negative" if strict else "negative"
        raise TableError(
            f"{what} value in sector(s) {listed(which)}",
            field=f"{field_name(attr)}.{which[0]}",
            sectors=which[:_MAX_LISTED],
        )


def check_column_balance(residual: FloatArray, x: FloatArray, codes: Sequence[str]) -> None:
    """Σ_i z_ij + VA_j + other input rows must equal x_j (relative tolerance BALANCE_RTOL)."""
    bad = np.flatnonzero(np.abs(residual) > BALANCE_RTOL * x)
    if bad.size:
        which = [codes[int(k)] for k in bad]
        j = int(bad[0])
        raise TableError(
            f"column does not balance: inputs + value added − output = {residual[j]:.6g} "
            f"in sector {which[0]} (and {len(which) - 1} more); leave value_added out to "
            "derive it as the residual",
            field=f"value_added.{which[0]}",
            sectors=which[:_MAX_LISTED],
        )


def check_import_ratios(
    imports: FloatArray, domestic_use: FloatArray, m: FloatArray, codes: Sequence[str]
) -> None:
    """Competitive imports must not exceed domestic use: 0 ≤ m_i ≤ 1."""
    bad = np.flatnonzero(((imports > 0) & (domestic_use <= 0)) | (m > 1.0 + 1e-12))
    if bad.size:
        which = [codes[int(k)] for k in bad]
        raise TableError(
            "imports exceed domestic use (intermediate use + final demand − exports) "
            f"in sector(s) {listed(which)}: import ratio m_i must lie in [0, 1]",
            field=f"imports.{which[0]}",
            sectors=which[:_MAX_LISTED],
        )
