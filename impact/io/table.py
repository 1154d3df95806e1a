"""A validated input-output table: :class:`IOTable`.

Two import layouts are supported (``imports_basis``):

``"competitive_row"``
    A total-transactions table (BOK 총거래표): ``Z`` includes imported
    intermediates, ``imports`` is a vector by **product row** i, and the
    row identity reads Σ_j z_ij + f_i − M_i = x_i. Domestic flows are
    estimated with import ratios m_i (:func:`~impact.io.iomath.import_ratios`).
``"noncompetitive_row"``
    A domestic-flows table (BOK 국산거래표): ``Z`` holds domestic products
    only, ``imports`` is an input **row by purchasing sector** j (imported
    intermediates bought by j), and ``final_demand`` is demand for domestic
    products.

Column identity (checked when ``value_added`` is given):
Σ_i z_ij [+ imports_j if non-competitive] + product_taxes_j + VA_j = x_j.

Examples
--------
>>> t = IOTable.from_arrays([[150, 500], [200, 100]], [1000, 2000], sectors=["ag", "mf"])
>>> t.value_added.tolist(), t.final_demand.tolist()
([650.0, 1400.0], [350.0, 1700.0])
>>> IOTable.from_arrays([[150, 500], [200, 100]], [1000, 0])
Traceback (most recent call last):
...
impact.errors.TableError: total_output.2: zero or negative value in sector(s) 2
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Literal

import numpy as np
import numpy.typing as npt
import scipy.sparse

from impact.errors import InvalidInputError, NonProductiveTableError, TableError
from impact.io import _validate as v
from impact.io import iomath
from impact.io.iomath import FloatArray

ImportsBasis = Literal["competitive_row", "noncompetitive_row"]
IMPORTS_BASES: tuple[ImportsBasis, ...] = ("competitive_row", "noncompetitive_row")
Sector = v.Sector

_REQUIRED_VECTORS = ("x", "final_demand", "exports", "imports", "value_added")
_OPTIONAL_VECTORS = (
    "household_consumption",
    "compensation",
    "operating_surplus",
    "depreciation",
    "production_taxes",
    "product_taxes",
    "employment",
)


def _readonly(a: FloatArray) -> FloatArray:
    a.flags.writeable = False
    return a


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class IOTable:
    """One validated input-output table; arrays inside are read-only float64.

    Parameters
    ----------
    id
        Stable identifier, e.g. ``"bok-2023"``.
    sectors
        ``(code, name_ko, name_en)`` per sector, in matrix order; codes unique.
    unit
        Money unit of every monetary array, e.g. ``"million KRW"``.
    Z
        Intermediate transactions, (n, n) [unit]; row i sells to column j.
    x
        Gross output, (n,) [unit]; strictly positive.
    final_demand
        Total final demand by product row incl. exports, (n,) [unit].
    exports
        Exports by product row, (n,) [unit].
    imports
        Imports: by product row (competitive; non-negative) or by purchasing
        sector (non-competitive), (n,) [unit].
    value_added
        Value added by purchasing sector, (n,) [unit].
    imports_basis
        ``"competitive_row"`` or ``"noncompetitive_row"`` (module docstring).
    household_consumption
        Household consumption by product row, (n,) [unit]; total incl.
        imported goods for a competitive table, domestic products otherwise.
    compensation, operating_surplus, depreciation, production_taxes
        Parts of value added by sector, (n,) [unit]; optional.
    product_taxes
        Net taxes on products as a separate input row outside value added,
        (n,) [unit]; optional (BOK producers'-price tables have none).
    employment
        Persons employed by sector, (n,) [persons]; optional. Never invented:
        without it every employment result is ``None``.
    provenance
        Source and modifications, shown to users.
    krw_per_unit
        KRW per money unit (1e6 for million KRW), or ``None`` if not KRW.

    Raises
    ------
    TableError
        Wrong shapes, NaN/Inf, zero or negative output, negative competitive
        imports or employment, import ratios outside [0, 1], duplicate codes,
        unbalanced columns.
    NonProductiveTableError
        Spectral radius of the domestic coefficients ≥ 1.
    LimitExceededError
        More than ``MAX_SECTORS`` (10,000) sectors.
    """

    id: str
    sectors: tuple[Sector, ...]
    unit: str
    Z: FloatArray
    x: FloatArray
    final_demand: FloatArray
    exports: FloatArray
    imports: FloatArray
    value_added: FloatArray
    imports_basis: ImportsBasis = "competitive_row"
    household_consumption: FloatArray | None = None
    compensation: FloatArray | None = None
    operating_surplus: FloatArray | None = None
    depreciation: FloatArray | None = None
    production_taxes: FloatArray | None = None
    product_taxes: FloatArray | None = None
    employment: FloatArray | None = None
    provenance: str = ""
    krw_per_unit: float | None = None

    def __post_init__(self) -> None:
        sectors = v.normalise_sectors(self.sectors)
        object.__setattr__(self, "sectors", sectors)
        codes = [s[0] for s in sectors]
        if self.imports_basis not in IMPORTS_BASES:
            raise TableError(f"must be one of {IMPORTS_BASES}", field="imports_basis")
        Z = v.as_array(self.Z, "Z")
        v.check_matrix(Z, codes)
        object.__setattr__(self, "Z", v.frozen(Z))
        for attr in _REQUIRED_VECTORS + _OPTIONAL_VECTORS:
            value = getattr(self, attr)
            if value is None:
                if attr in _REQUIRED_VECTORS:
                    raise TableError("is required", field=v.field_name(attr))
                continue
            arr = v.as_array(value, attr)
            v.check_vector(arr, attr, codes)
            object.__setattr__(self, attr, v.frozen(arr))
        v.check_positive(self.x, "x", codes, strict=True)
        if self.imports_basis == "competitive_row":
            v.check_positive(self.imports, "imports", codes, strict=False)
        if self.employment is not None:
            v.check_positive(self.employment, "employment", codes, strict=False)
        v.check_column_balance(self.x - self._column_inputs() - self.value_added, self.x, codes)
        if self.imports_basis == "competitive_row":
            v.check_import_ratios(
                self.imports, self.intermediate_use + self.final_demand - self.exports,
                self.import_ratios, codes,
            )  # fmt: skip
        self._check_productive()

    def __repr__(self) -> str:
        return (
            f"IOTable(id={self.id!r}, n={self.n}, unit={self.unit!r}, "
            f"imports_basis={self.imports_basis!r})"
        )

    # -- construction ---------------------------------------------------------------------

    @classmethod
    def from_arrays(
        cls,
        Z: npt.ArrayLike,
        x: npt.ArrayLike,
        *,
        sectors: Sequence[str | Sequence[str]] | None = None,
        final_demand: npt.ArrayLike | None = None,
        exports: npt.ArrayLike | None = None,
        imports: npt.ArrayLike | None = None,
        imports_basis: ImportsBasis = "competitive_row",
        value_added: npt.ArrayLike | None = None,
        household_consumption: npt.ArrayLike | None = None,
        compensation: npt.ArrayLike | None = None,
        operating_surplus: npt.ArrayLike | None = None,
        depreciation: npt.ArrayLike | None = None,
        production_taxes: npt.ArrayLike | None = None,
        product_taxes: npt.ArrayLike | None = None,
        employment: npt.ArrayLike | None = None,
        unit: str = "million KRW",
        provenance: str = "",
        id: str = "custom",  # noqa: A002 - the table's id, as in the API
        krw_per_unit: float | None = None,
    ) -> IOTable:
        """Build and validate a table from array-likes, deriving what is missing.

        Defaults: sectors ``"1"..."n"``; exports and imports 0; final demand
        = row residual x − Σ_j z_ij (+ imports for a competitive table);
        value added = column residual x − Σ_i z_ij − product taxes
        (− imports for a non-competitive table). Arrays are copied.

        Examples
        --------
        >>> t = IOTable.from_arrays([[1, 2], [3, 4]], [10, 20], imports=[0, 3])
        >>> t.final_demand.tolist(), t.value_added.tolist()
        ([7.0, 16.0], [6.0, 14.0])
        """
        Zf = v.as_array(Z, "Z")
        if Zf.ndim != 2 or Zf.shape[0] != Zf.shape[1]:
            raise TableError(f"must be a square matrix, got shape {Zf.shape}", field="intermediate")
        codes = [str(k + 1) for k in range(Zf.shape[0])]
        secs = v.normalise_sectors(codes if sectors is None else sectors)
        codes = [s[0] for s in secs]
        v.check_matrix(Zf, codes)
        zeros = np.zeros(len(codes))

        def vec(value: npt.ArrayLike | None, attr: str) -> FloatArray | None:
            if value is None:
                return None
            arr = np.array(v.as_array(value, attr), dtype=np.float64)
            v.check_vector(arr, attr, codes)
            return _readonly(arr)

        xf = vec(x, "x")
        assert xf is not None
        imp = vec(imports, "imports")
        imp = zeros if imp is None else imp
        pt = vec(product_taxes, "product_taxes")
        fd = vec(final_demand, "final_demand")
        if fd is None:
            fd = xf - Zf.sum(axis=1) + (imp if imports_basis == "competitive_row" else 0.0)
        va = vec(value_added, "value_added")
        if va is None:
            va = xf - Zf.sum(axis=0) - (0.0 if pt is None else pt)
            if imports_basis == "noncompetitive_row":
                va = va - imp
        ex = vec(exports, "exports")
        Zc = np.array(Zf, dtype=np.float64, order="C")
        return cls(
            id=id, sectors=secs, unit=unit, Z=_readonly(Zc), x=xf, final_demand=fd,
            exports=zeros if ex is None else ex, imports=imp, value_added=va,
            imports_basis=imports_basis,
            household_consumption=vec(household_consumption, "household_consumption"),
            compensation=vec(compensation, "compensation"),
            operating_surplus=vec(operating_surplus, "operating_surplus"),
            depreciation=vec(depreciation, "depreciation"),
            production_taxes=vec(production_taxes, "production_taxes"),
            product_taxes=pt, employment=vec(employment, "employment"),
            provenance=provenance, krw_per_unit=krw_per_unit,
        )  # fmt: skip

    # -- identity -------------------------------------------------------------------------

    @property
    def n(self) -> int:
        """Number of sectors."""
        return len(self.sectors)

    @cached_property
    def codes(self) -> tuple[str, ...]:
        """Sector codes in matrix order."""
        return tuple(s[0] for s in self.sectors)

    @cached_property
    def index(self) -> Mapping[str, int]:
        """Sector code → position."""
        return {c: k for k, c in enumerate(self.codes)}

    def unknown_code(self, code: str, field: str) -> InvalidInputError:
        """The error for ``code``, given at ``field``, that is not one of this table's sectors:
        a 422 naming the field (the table exists; the input does not fit it)."""
        codes = f"{self.codes[0]!r}" if self.n == 1 else f"{self.codes[0]!r} … {self.codes[-1]!r}"
        return InvalidInputError(
            f"sector code {code!r} is not in table {self.id!r}, whose {self.n} sector codes are "
            f"{codes} (the table's description lists them; a plan's allocation may also name "
            "land, transfers, wages and the other non-purchase items)",
            field=field,
            message_ko=f"부문 코드 {code!r}은(는) {self.id!r} 표에 없습니다. 이 표의 부문 코드는 "
            f"{self.n}개, {codes}입니다 (표 설명에 모두 있습니다. 계획의 배분에는 land, transfers, "
            "wages 등 생산물을 사지 않는 예산 항목도 쓸 수 있습니다)",
        )

    # -- derived coefficients (computed once, read-only) ----------------------------------

    @property
    def intermediate_use(self) -> FloatArray:
        """Σ_j z_ij by product row, (n,) [unit]."""
        return np.asarray(self.Z.sum(axis=1), dtype=np.float64)

    @cached_property
    def import_ratios(self) -> FloatArray:
        """m_i (competitive) or 0 (non-competitive), (n,) [-]."""
        if self.imports_basis == "noncompetitive_row":
            return _readonly(np.zeros(self.n))
        m = iomath.import_ratios(
            self.imports, self.intermediate_use, self.final_demand, self.exports
        )
        return _readonly(m)

    @cached_property
    def domestic_coefficients(self) -> FloatArray:
        """A_d = (I − M̂) Z x̂⁻¹, (n, n) [-]; computed on first use and kept.

        Neither the validation nor :class:`~impact.io.model.IOModel` needs it:
        they work from Z (:meth:`build_domestic_coefficients`), so a large table
        does not hold a second n×n array unless asked for this one.
        """
        return _readonly(self.build_domestic_coefficients())

    def build_domestic_coefficients(self) -> FloatArray:
        """A_d in a new writable Fortran-ordered (n, n) array, not kept [-].

        For a caller that consumes it, e.g. an in-place LU of I − A_d.
        """
        return iomath.domestic_coefficients_from_flows(self.Z, self.x, self.domestic_import_share)

    def sparse_domestic_coefficients(self) -> scipy.sparse.csr_array:
        """A_d as a new sparse (CSR) matrix, not kept [-]: for a large, mostly-zero table."""
        return iomath.sparse_domestic_coefficients(self.Z, self.x, self.domestic_import_share)

    @property
    def domestic_import_share(self) -> FloatArray | None:
        """m, the share of each product row of Z that is imported, for a competitive table
        (A_d = (I − M̂) Z x̂⁻¹); None when Z holds domestic flows only."""
        return self.import_ratios if self.imports_basis == "competitive_row" else None

    @cached_property
    def import_coefficients(self) -> FloatArray:
        """μ_j: intermediate imports per unit of output of j, (n,) [-]."""
        if self.imports_basis == "noncompetitive_row":
            mu = iomath.input_coefficients(self.imports, self.x)
        else:
            mu = iomath.input_coefficients(self.import_ratios @ self.Z, self.x)
        return _readonly(mu)

    @cached_property
    def domestic_final_demand(self) -> FloatArray:
        """f_d: final demand for domestic products, (n,) [unit]."""
        if self.imports_basis == "noncompetitive_row":
            return self.final_demand
        fd = iomath.domestic_final_demand(self.final_demand, self.exports, self.import_ratios)
        return _readonly(fd)

    @cached_property
    def household_consumption_domestic(self) -> FloatArray | None:
        """Household consumption of domestic products (1 − m_i) C_i, (n,) [unit]; or None."""
        if self.household_consumption is None:
            return None
        return _readonly((1.0 - self.import_ratios) * self.household_consumption)

    @cached_property
    def value_added_coefficients(self) -> FloatArray:
        """v_j = VA_j / x_j, (n,) [-]."""
        return _readonly(iomath.value_added_coefficients(self.value_added, self.x))

    @cached_property
    def compensation_coefficients(self) -> FloatArray | None:
        """w_j = compensation_j / x_j, (n,) [-]; None without compensation."""
        if self.compensation is None:
            return None
        return _readonly(iomath.input_coefficients(self.compensation, self.x))

    @cached_property
    def product_tax_coefficients(self) -> FloatArray | None:
        """t_j = product taxes_j / x_j, (n,) [-]; None without a product-tax row."""
        if self.product_taxes is None:
            return None
        return _readonly(iomath.input_coefficients(self.product_taxes, self.x))

    @cached_property
    def production_tax_coefficients(self) -> FloatArray | None:
        """τ_j = net taxes on production_j / x_j, (n,) [-] (a part of value added); None
        without that row."""
        if self.production_taxes is None:
            return None
        return _readonly(iomath.input_coefficients(self.production_taxes, self.x))

    @cached_property
    def employment_coefficients(self) -> FloatArray | None:
        """e_j = persons_j / x_j, (n,) [persons/unit]; None without employment."""
        if self.employment is None:
            return None
        return _readonly(iomath.input_coefficients(self.employment, self.x))

    # -- checks ---------------------------------------------------------------------------

    def _column_inputs(self) -> FloatArray:
        total = np.asarray(self.Z.sum(axis=0), dtype=np.float64)
        if self.product_taxes is not None:
            total = total + self.product_taxes
        if self.imports_basis == "noncompetitive_row":
            total = total + self.imports
        return total

    def _check_productive(self) -> None:
        """ρ(A_d) < 1: a norm bound from Z first, eigenvalues of a temporary A_d if needed."""
        bound = iomath.domestic_norm_bound(self.Z, self.x, self.domestic_import_share)
        if bound < 1.0 - iomath.PRODUCTIVE_MARGIN:
            return
        ok, rho = iomath.is_productive(self.build_domestic_coefficients())
        if not ok:
            raise NonProductiveTableError(
                f"spectral radius of the domestic coefficient matrix is {rho:.6g} ≥ 1: "
                "the table cannot satisfy any positive final demand",
                field=v.field_name("Z"),
                spectral_radius=rho,
            )
