"""The demand-driven Leontief model of one table: :class:`IOModel`.

``IOModel`` wraps the functions of :mod:`impact.io.iomath`; it adds no
algorithm, only bookkeeping: it factorises ``I − A_d`` once (and the
household-closed ``I − Ā`` once, on first use), stacks the coefficient rows
so that all multipliers come from one transposed multi-right-hand-side
solve, and caches the results. A large, mostly-zero table is solved by GMRES
instead of a factorisation (:mod:`impact.io.solvers`).

Definitions (per unit of final demand for domestic products y)::

    direct    = K ∘ y                     (the shock itself: y as output, v∘y VA, …)
    Type I    = K ∘ (L y)                 L = (I − A_d)⁻¹, households exogenous
    indirect  = Type I − direct           (all supply-chain rounds)
    Type II   = K ∘ (L̄ [y; 0])[:n]        L̄ = (I − Ā)⁻¹, households endogenous
    induced   = Type II − Type I          (household spending of labour income)

with coefficient rows K = [1; v; μ; t; τ; w; e] (output, value added,
intermediate imports, product taxes, net taxes on production, income = compensation,
employment).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from functools import cached_property
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from impact.errors import DataUnavailableError, InvalidInputError, NonProductiveTableError
from impact.io import iomath
from impact.io.demand import DemandLike, demand_array, demand_vector, require_finite
from impact.io.households import LABOUR_INCOME_RESPENT, respent_consumption_coefficients
from impact.io.iomath import FloatArray
from impact.io.results import (
    IMPACT_METRICS,
    MODEL_KINDS,
    MULTIPLIER_METRICS,
    BatchImpact,
    EconomyWide,
    Effect,
    Impact,
    ModelKind,
    SectorMultipliers,
)
from impact.io.solvers import (
    MIXED_MIN_N,
    DenseLU,
    LeontiefSolver,
    MixedLU,
    SolverKind,
    SparseGMRES,
    choose_solver,
    leontief_solver,
)
from impact.io.table import IOTable

DemandBasis = Literal["domestic", "total"]

WEIGHTS_TEXT = (
    "final demand for domestic products f_d = (1 − m_i)(f_i − e_i) + e_i "
    "(domestic final demand split with the import ratio, plus exports), "
    "as in BOK's whole-economy inducement coefficients"
)


class IOModel:
    """Leontief quantity model of one :class:`IOTable`, factorised once.

    Parameters
    ----------
    table
        A validated table.
    solver
        ``"auto"`` (default: the dense LU; GMRES for a table of ≥ 2,000 sectors with
        ≤ 5 % non-zero coefficients; the LU in single precision, refined, for a denser one of
        ≥ 4,000), ``"lu"`` (always the double-precision LU) or ``"gmres"``
        (:mod:`impact.io.solvers`).
    respending
        h, the share of a won of labour income that households spend (Type II closure on
        disposable labour income; default :data:`~impact.io.households.LABOUR_INCOME_RESPENT`,
        KOSTAT 2023); ``None``: all compensation spent like observed consumption (the
        textbook upper estimate).

    Examples
    --------
    >>> t = IOTable.from_arrays([[150, 500], [200, 100]], [1000, 2000])
    >>> mod = IOModel(t)
    >>> mod.multipliers().total["output"].round(3).tolist()
    [1.518, 1.452]
    >>> mod.impact({"1": 600, "2": 1500}).effects["output"].total.round(2).tolist()
    [1247.52, 1841.58]
    """

    def __init__(
        self,
        table: IOTable,
        *,
        solver: SolverKind = "auto",
        respending: float | None = LABOUR_INCOME_RESPENT,
    ) -> None:
        if respending is not None and not 0.0 <= respending <= 1.0:
            raise InvalidInputError("respending must be between 0 and 1", field="respending")
        self.table = table
        self.solver_kind: SolverKind = solver
        self.respending = respending
        # A_d is built in a fresh array that LAPACK overwrites with the factors of I − A_d:
        # the model keeps one n×n array besides the table's Z, in single precision when
        # "auto" meets MIXED_MIN_N sectors (or, for a large mostly-zero table, a sparse I − A_d
        # and no factors: impact.io.solvers).
        self._solver: LeontiefSolver
        if choose_solver(table.n, int(np.count_nonzero(table.Z)), solver) == "gmres":
            self._solver = SparseGMRES(table.sparse_domestic_coefficients())
        elif solver == "auto" and table.n >= MIXED_MIN_N:
            self._solver = MixedLU(table.Z, table.x, table.domestic_import_share)
        else:
            self._solver = DenseLU(table.build_domestic_coefficients(), overwrite_a=True)
        self._stacked: dict[ModelKind, FloatArray] = {}
        self._multipliers: dict[ModelKind, SectorMultipliers] = {}
        self._economy: dict[ModelKind, EconomyWide] = {}
        self.derived: dict[Hashable, Any] = {}
        """Read-only objects other modules build from this model (the shipped table's effects
        engine of each region: :func:`impact.effects.engine.engine_for`), kept as long as the
        model is."""

    # -- coefficient rows -----------------------------------------------------------------

    @cached_property
    def coefficient_rows(self) -> tuple[tuple[str, ...], FloatArray]:
        """(metric names, K): the stacked direct coefficient rows present in this table."""
        t = self.table
        rows: dict[str, FloatArray | None] = {
            "output": np.ones(t.n),  # first, and all ones: impact_batch relies on both
            "value_added": t.value_added_coefficients,
            "imports": t.import_coefficients,
            "product_taxes": t.product_tax_coefficients,
            "production_taxes": t.production_tax_coefficients,
            "income": t.compensation_coefficients,
            "employment": t.employment_coefficients,
        }
        present = {k: r for k, r in rows.items() if r is not None}
        names = tuple(present)
        K = np.vstack(list(present.values()))
        K.flags.writeable = False
        return names, K

    # -- Type II closure ------------------------------------------------------------------

    @cached_property
    def household_column(self) -> FloatArray:
        """c_i = h (1 − m_i) C_i / Σ_j C_j: domestic consumption per unit of labour income,
        a share h (:attr:`respending`) of it spent like observed household consumption; with
        ``respending=None``, c_i = (1 − m_i) C_i / Σ_j W_j (all compensation spent)."""
        t = self.table
        if t.household_consumption_domestic is None or t.compensation is None:
            raise DataUnavailableError(
                "a Type II model needs household consumption and compensation of employees",
                field="model",
                message_ko="제II형 모형에는 가계소비와 피용자보수가 필요합니다",
            )
        if self.respending is None:
            total_w = float(t.compensation.sum())
            if not total_w > 0:
                raise DataUnavailableError("total compensation is not positive", field="model")
            return iomath.household_consumption_coefficients(
                t.household_consumption_domestic, total_w
            )
        assert t.household_consumption is not None
        total_c = float(t.household_consumption.sum())
        if not total_c > 0:  # no household consumption: nothing is re-spent
            return np.zeros(t.n)
        return respent_consumption_coefficients(
            t.household_consumption_domestic, total_c, self.respending
        )

    @property
    def solver(self) -> Literal["lu", "gmres"]:
        """How the model solves: ``"lu"`` (dense LU, kept) or ``"gmres"`` (sparse, iterative)."""
        return self._solver.kind

    @cached_property
    def _closed_solver(self) -> LeontiefSolver:
        c = self.household_column  # raises DataUnavailableError without households
        w = self.table.compensation_coefficients
        assert w is not None
        # built on first use only; the temporary A_d is dropped once copied into Ā. Ā is
        # dense even for a GMRES model (the productivity check needs it), then solved the same way
        closed = iomath.household_closure(self.table.build_domestic_coefficients(), w, c)
        ok, rho = iomath.is_productive(closed)
        if not ok:
            raise NonProductiveTableError(
                f"the household-closed model has spectral radius {rho:.6g} ≥ 1",
                field="household_consumption",
                spectral_radius=rho,
            )
        return leontief_solver(closed, self.solver_kind)

    @property
    def recipe(self) -> dict[str, str]:
        """How every number is made, in words and formulas (shown by the API)."""
        t = self.table
        competitive = t.imports_basis == "competitive_row"
        return {
            "table": f"{t.id}: {t.n} sectors, {t.unit}, imports_basis={t.imports_basis}",
            "technical_coefficients": "A = Z x̂⁻¹ (a_ij = z_ij / x_j)",
            "domestic_coefficients": (
                "A_d = (I − M̂) A with m_i = imports_i / (Σ_j z_ij + f_i − e_i) "
                "(competitive-import proportionality)"
                if competitive
                else "A_d = Z x̂⁻¹ (domestic-flows table)"
            ),
            "solver": _SOLVER_RECIPES[type(self._solver)],
            "multipliers": (
                "K L by one transposed solve (I − A_d)ᵀ Mᵀ = Kᵀ, K = [1; v; μ; t; τ; w; e]"
            ),
            "coefficients": (
                "v = VA/x, μ = intermediate imports/x, t = product taxes/x, "
                "τ = net taxes on production/x (a part of v), "
                "w = compensation/x, e = persons/x"
            ),
            "economy_wide_weights": WEIGHTS_TEXT,
            "type_ii_closure": (
                "Ā = [[A_d, c], [wᵀ, 0]]; household row w_j = compensation_j / x_j; household "
                + (
                    "column c_i = (1 − m_i) C_i / Σ_j compensation_j"
                    if self.respending is None
                    else f"column c_i = h (1 − m_i) C_i / Σ_j C_j, h = {self.respending:g} "
                    "(household consumption per won of income, KOSTAT 가계동향조사 2023 H2: "
                    "labour income net of taxes, social contributions, interest and saving)"
                )
                + " with C = household consumption (BOK: private consumption of households and "
                "NPISH); LU of (I − Ā) computed once"
            ),
            "imports": (
                "intermediate imports bought by the producing sectors (μ), plus imported final "
                "goods m ∘ d with basis 'total'; imports bought by households out of induced "
                "income are a leakage of the Type II closure and are not counted"
            ),
            "direct": "the shock itself: y as output in the sectors receiving it; K ∘ y",
            "indirect": "Type I total − direct: K ∘ (L y) − K ∘ y (supply-chain rounds)",
            "induced": "Type II total − Type I total: household spending of labour income",
            "demand_basis": (
                "'domestic': y is final demand for domestic products (BOK convention); "
                "'total': y = (1 − m) ∘ d and m ∘ d is counted as direct imports"
            ),
            "caveat_type_ii": (
                "induced effects assume every won of labour income is re-spent at the average "
                "rate and in the average pattern, without displacement: an upper estimate"
            ),
        }

    # -- multipliers ----------------------------------------------------------------------

    def _check_model(self, model: str) -> ModelKind:
        for kind in MODEL_KINDS:
            if model == kind:
                return kind
        raise InvalidInputError(f"model must be one of {MODEL_KINDS}", field="model")

    def _total_multipliers(self, model: ModelKind) -> FloatArray:
        """M = K L (Type I) or [K 0] L̄ without the household column (Type II); cached."""
        if model not in self._stacked:
            names, K = self.coefficient_rows
            if model == "type_i":
                M = self._solver.multipliers(K)
            else:
                Kbar = np.zeros((len(names), self.table.n + 1))
                Kbar[:, :-1] = K
                M = np.ascontiguousarray(self._closed_solver.multipliers(Kbar)[:, :-1])
            M.flags.writeable = False
            self._stacked[model] = M
        return self._stacked[model]

    def multipliers(self, model: ModelKind = "type_i") -> SectorMultipliers:
        """Per-sector multipliers (one transposed solve for all metrics; cached).

        Parameters
        ----------
        model
            ``"type_i"`` or ``"type_ii"``.

        Returns
        -------
        SectorMultipliers
            Totals, direct coefficients and total ÷ direct ratios by sector.
        """
        kind = self._check_model(model)
        if kind not in self._multipliers:
            names, K = self.coefficient_rows
            M = self._total_multipliers(kind)
            total: dict[str, FloatArray | None] = dict.fromkeys(MULTIPLIER_METRICS)
            direct: dict[str, FloatArray | None] = dict.fromkeys(MULTIPLIER_METRICS)
            ratio: dict[str, FloatArray | None] = dict.fromkeys(MULTIPLIER_METRICS)
            for r, name in enumerate(names):
                total[name], direct[name] = M[r], K[r]
                ratio[name] = iomath.type_ratio(M[r], K[r])
            self._multipliers[kind] = SectorMultipliers(
                kind, self.table.codes, total, direct, ratio
            )
        return self._multipliers[kind]

    def induced_multipliers(self) -> dict[str, FloatArray | None]:
        """Induced effect per unit of final demand by sector: Type II − Type I, (n,) per metric
        (``None`` where the table lacks the data).

        Examples
        --------
        >>> t = IOTable.from_arrays([[150, 500], [200, 100]], [1000, 2000],
        ...     household_consumption=[50, 400], compensation=[300, 500])
        >>> IOModel(t).induced_multipliers()["output"].round(3).tolist()
        [0.462, 0.397]
        """
        one, two = self.multipliers("type_i").total, self.multipliers("type_ii").total
        out: dict[str, FloatArray | None] = {}
        for metric, values in one.items():
            other = two[metric]
            out[metric] = None if values is None or other is None else other - values
        return out

    def economy_wide(self, model: ModelKind = "type_i") -> EconomyWide:
        """Whole-economy averages weighted by final demand for domestic products (cached).

        With these weights and a row-balanced table, the output average equals
        Σ x / Σ f_d and the value-added average Σ VA / Σ f_d (Type I).
        """
        kind = self._check_model(model)
        if kind not in self._economy:
            mult = self.multipliers(kind)
            f = self.table.domestic_final_demand
            avg = {
                k: None if m is None else iomath.weighted_average(m, f)
                for k, m in mult.total.items()
            }
            self._economy[kind] = EconomyWide(kind, avg, WEIGHTS_TEXT, float(f.sum()))
        return self._economy[kind]

    # -- impacts --------------------------------------------------------------------------

    def demand_vector(self, demand: DemandLike) -> FloatArray:
        """Demand by code (or array) → (n,) vector in table order (see :mod:`impact.io.demand`);
        a code the table lacks is :meth:`IOTable.unknown_code`'s 422 naming ``demand.<code>``."""
        if isinstance(demand, Mapping):
            for code in demand:
                if code not in self.table.index:
                    raise self.table.unknown_code(code, f"demand.{code}")
        return demand_vector(demand, self.table.codes, self.table.index)

    def impact(
        self, demand: DemandLike, model: ModelKind = "type_i", *, basis: DemandBasis = "domestic"
    ) -> Impact:
        """Effects of one final-demand vector, split direct / indirect / induced.

        Parameters
        ----------
        demand
            ``{sector code: amount}`` or an (n,) array [table money unit].
        model
            ``"type_i"`` (induced = None) or ``"type_ii"``.
        basis
            ``"domestic"``: the demand is for domestic products (default, BOK
            convention); ``"total"``: a competitive table's import ratio m_i
            diverts m_i d_i to imports first.

        Returns
        -------
        Impact
            By-sector effects; ``.totals()`` sums them. Linear in ``demand``.
        """
        y = self.demand_vector(demand)
        batch = self.impact_batch(y[:, np.newaxis], model, basis=basis, by_sector=True)
        assert batch.by_sector is not None
        effects = {k: _column(e) for k, e in batch.by_sector.items()}
        y_dom, _ = self.split_final_demand(y[:, np.newaxis], 1.0 if basis == "total" else 0.0)
        return Impact(batch.model, self.table.codes, self.table.unit, y_dom[:, 0], effects)

    def split_final_demand(
        self, Y: FloatArray, import_share: float | FloatArray
    ) -> tuple[FloatArray, FloatArray | None]:
        """Purchases Y (n, k) → (domestic final demand, imports bought directly).

        ``leak = θ · m ∘ Y`` and ``Y_d = Y − leak``: every buyer of product i imports the
        share m_i of it (competitive-import proportionality, Miller & Blair §2.6); θ per
        column scales that share (1: purchaser spending; 0: all of Y domestic). With θ = 0
        in every column, ``(Y, None)``: ``Y`` itself, and no array of zeros for the leak.

        Raises
        ------
        DataUnavailableError
            θ > 0 on a table without import ratios by product (field ``basis``).
        """
        theta = np.broadcast_to(np.asarray(import_share, dtype=np.float64), (Y.shape[1],))
        if not theta.any():
            return Y, None
        if self.table.imports_basis != "competitive_row":
            raise DataUnavailableError(
                "purchaser spending needs import ratios by product (a competitive table)",
                field="basis",
                message_ko="구매자가격 지출에는 상품별 수입 비율이 필요합니다 (경쟁수입형 표)",
            )
        leak = self.table.import_ratios[:, np.newaxis] * Y * theta[np.newaxis, :]
        return Y - leak, leak

    def impact_batch(
        self,
        demand: npt.ArrayLike,
        model: ModelKind = "type_i",
        *,
        basis: DemandBasis = "domestic",
        import_share: float | FloatArray | None = None,
        by_sector: bool = False,
    ) -> BatchImpact:
        """Effects of k scenarios at once: columns of an (n, k) demand matrix.

        Totals are matrix products with the cached multipliers (no solve);
        by-sector effects take one multi-right-hand-side solve per model.
        No Python loop over scenarios. ``import_share`` (θ per column, overriding
        ``basis``) diverts θ·m∘Y to imports first (:meth:`split_final_demand`).
        """
        kind = self._check_model(model)
        t = self.table
        purchases = demand_array(demand, t.n)  # not copied: read, never written
        if basis not in ("domestic", "total"):
            raise InvalidInputError("basis must be 'domestic' or 'total'", field="basis")
        theta = (1.0 if basis == "total" else 0.0) if import_share is None else import_share
        names, K = self.coefficient_rows
        # a NaN or an infinity in the demand is refused just below, without numpy's warnings
        # about what it makes first (inf × 0, inf − inf, sums past the float limit)
        with np.errstate(invalid="ignore", over="ignore"):
            Y, leak = self.split_final_demand(purchases, theta)
            direct = iomath.rows_times_columns(K, Y)
        # K's first row is all ones: direct output is each column's sum, not finite when the
        # column is not (or its finite values overflow: inf, as before). Only then is the
        # demand scanned, not on every call (a pass over 66 MB for 100,000 scenarios).
        if not np.isfinite(direct[0]).all():
            require_finite(purchases)
        tot1 = iomath.rows_times_columns(self._total_multipliers("type_i"), Y)
        tot2 = (
            iomath.rows_times_columns(self._total_multipliers("type_ii"), Y)
            if kind == "type_ii"
            else None
        )
        leak_total = None
        if leak is not None:
            leak_total = leak.sum(axis=0)
            direct[names.index("imports")] += leak_total
        totals = _effects(names, direct, tot1, tot2, leak_total)
        sectors = None
        if by_sector:
            sectors = self._by_sector(names, K, Y, kind, leak)
        return BatchImpact(kind, t.codes, t.unit, totals, sectors)

    def _by_sector(
        self,
        names: tuple[str, ...],
        K: FloatArray,
        Y: FloatArray,
        kind: ModelKind,
        leak: FloatArray | None,
    ) -> dict[str, Effect | None]:
        n, k = Y.shape
        X1 = self._solver.solve(Y)
        X2 = None
        if kind == "type_ii":
            Ybar = np.zeros((n + 1, k))
            Ybar[:n] = Y
            X2 = self._closed_solver.solve(Ybar)[:n]
        out: dict[str, Effect | None] = dict.fromkeys(IMPACT_METRICS)
        for r, name in enumerate(names):
            kr = K[r][:, np.newaxis]
            d = kr * Y
            t1 = kr * X1
            if name == "imports" and leak is not None:
                d += leak
                t1 += leak
            induced = None if X2 is None else kr * X2 - kr * X1
            out[_impact_name(name)] = Effect(d, t1 - d, induced)
        return out


_SOLVER_RECIPES: dict[type, str] = {
    DenseLU: "LU of (I − A_d) computed once; L is never formed",
    MixedLU: f"LU of (I − A_d) in single precision computed once (a table of at least "
    f"{MIXED_MIN_N:,} sectors), every answer refined in double precision until its corrections "
    "are within rounding; L is never formed",
    SparseGMRES: "GMRES on the sparse I − A_d, one right-hand side at a time, relative "
    "residual ≤ 1e-13 (a large, mostly-zero table); L is never formed",
}


def _impact_name(metric: str) -> str:
    return "jobs" if metric == "employment" else metric


def _effects(
    names: tuple[str, ...],
    direct: FloatArray,
    tot1: FloatArray,
    tot2: FloatArray | None,
    leak: FloatArray | None,
) -> dict[str, Effect | None]:
    """Rows of (r, k) direct / Type I / Type II totals → Effect per metric.

    ``leak`` (k,) are final-demand imports (basis 'total'): already in
    ``direct`` for the imports row, they are added to its totals too.
    ``tot1`` and ``tot2`` are the caller's own and are overwritten: the indirect and induced
    parts are computed in their memory (the same subtractions, no new arrays: for 100,000
    scenarios they were 11 MB of fresh pages a call, a third of its time on this VM).
    """
    if tot2 is not None:
        np.subtract(tot2, tot1, out=tot2)  # induced = Type II total − Type I total
    if leak is not None:
        tot1[names.index("imports")] += leak
    indirect = np.subtract(tot1, direct, out=tot1)
    out: dict[str, Effect | None] = dict.fromkeys(IMPACT_METRICS)
    for r, name in enumerate(names):
        induced = None if tot2 is None else tot2[r]
        out[_impact_name(name)] = Effect(direct[r], indirect[r], induced)
    return out


def _column(e: Effect | None) -> Effect | None:
    if e is None:
        return None
    return Effect(e.direct[:, 0], e.indirect[:, 0], None if e.induced is None else e.induced[:, 0])
