"""The effects engine: k plan states through one model, as arrays (k = 1 for one scenario).

Every route from a plan's money to its effects — the audit, scenarios, sweeps, Monte
Carlo, ``POST /v1/impact``, the CLI and the page — calls :meth:`EffectsEngine.run` (Monte
Carlo draws call :func:`split_and_jobs` with their own multipliers). For column c with
final demand ``y`` [KRW], local share ``ℓ`` and jobs restatement ``f``::

    national  X   = M y                 the 2023 national model (Type I or II): output, value
                                        added, imports, product taxes, income, with direct /
                                        indirect / induced parts
    in region X_R = ℓ · Σ_j s^X_j m^X_j y_j     s = in-region share of demand sector j
    rest of Korea = X − X_R             so in-region + rest of Korea = the national total
    jobs      J   = f · Σ_j e_j r_j y_j          (impact.effects.jobs)
    jobs in R     = ℓ · f · Σ_j s^J_j e_j r_j y_j

``s`` are the region's BOK 2020 in-region shares (:mod:`impact.effects.regional`; 0 where
the region makes none of the product). Output and value added are 2023 figures; only their
split between the region and the rest of Korea is 2020's. Jobs have no 2023 national vector
and come from the 2020 coefficients, restated to the plan's won.

``regional_basis="bok_2020"`` instead reports the 2020 coefficients' own regional figures,
unscaled: ``X_R = ℓ · Σ_j c^in_j y_j`` and ``X = Σ_j (c^in_j + c^out_j) y_j`` over the sectors
the region makes, so that ₩1bn in one sector reproduces BOK's coefficients to the won.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from impact.effects.jobs import Bilingual, JobsRule, Restatement
from impact.effects.regional import (
    MEASURES,
    REGIONAL_YEAR,
    RegionalCoefficients,
    load_regional_coefficients,
    national_jobs_proxy,
    regional_coefficients,
)
from impact.errors import InvalidInputError
from impact.io import IOModel, IOTable
from impact.io.bok import is_bok_2023
from impact.io.iomath import FloatArray, rows_times_columns
from impact.io.results import ModelKind
from impact.regions import Region

__all__ = [
    "BASES",
    "IMPORT_SHARE",
    "MONEY_METRICS",
    "REGIONAL_BASES",
    "Basis",
    "EffectsBatch",
    "EffectsEngine",
    "EngineRows",
    "Parts",
    "RegionalBasis",
    "RegionalBatch",
    "engine_for",
    "per_won",
    "split_and_jobs",
]

RegionalBasis = Literal["national_2023", "bok_2020"]
REGIONAL_BASES: tuple[RegionalBasis, ...] = ("national_2023", "bok_2020")

Basis = Literal["purchaser", "domestic"]
"""How a plan's purchases become final demand: ``purchaser`` (default) takes each sector's
imports out first (θ = 1); ``domestic`` treats every purchase as domestic output (θ = 0)."""
BASES: tuple[Basis, ...] = ("purchaser", "domestic")
IMPORT_SHARE: Mapping[Basis, float] = {"purchaser": 1.0, "domestic": 0.0}

MONEY_METRICS = ("output", "value_added", "imports", "product_taxes", "production_taxes", "income")
"""National money effects of the model, in the order the engine reports them."""

_PER_BN = 1e-9  # jobs coefficients are per ₩1bn


@dataclasses.dataclass(frozen=True)
class EngineRows:
    """What the per-column arithmetic needs, (n,) arrays in table order (small, picklable).

    Attributes
    ----------
    output_type_i
        ``m^I``: Type I output multipliers [KRW/KRW].
    jobs
        ``e``: jobs per KRW of demand [persons per KRW, coefficient-year won] (for a table
        with its own employment vector, its Type I employment multipliers per KRW);
        ``None`` without jobs coefficients.
    shares
        (3, n): in-region share ``s`` of production, value added and jobs; ``None`` without
        a region.
    """

    output_type_i: FloatArray
    jobs: FloatArray | None
    shares: FloatArray | None


def _contract(W: FloatArray, Y: FloatArray) -> FloatArray:
    """(r, k) = W Y for shared rows W (r, n), or row by row for per-column W (k, r, n)."""
    if W.ndim == 2:
        return rows_times_columns(W, Y)
    return np.asarray(np.einsum("krn,nk->rk", W, Y), dtype=np.float64)


def split_and_jobs(
    rows: EngineRows,
    m_out: FloatArray,
    m_va: FloatArray,
    Y: FloatArray,
    *,
    local_share: FloatArray,
    restate: FloatArray,
) -> dict[str, FloatArray]:
    """In-region output and value added, and jobs (total and in-region) of k columns.

    Parameters
    ----------
    rows
        :class:`EngineRows` of the model and region.
    m_out, m_va
        Output and value-added multipliers of the columns' model: (n,) shared, or (k, n)
        one per column (Monte Carlo draws) [KRW/KRW].
    Y
        Final demand for domestic products, (n, k) [KRW].
    local_share, restate
        ℓ and the jobs restatement f per column, (k,) [-].

    Returns
    -------
    dict
        (k,) arrays: ``jobs`` [persons] when ``rows.jobs`` is given; ``output_in``,
        ``value_added_in`` [KRW] and ``jobs_in`` [persons] when ``rows.shares`` is.
    """
    names: list[str] = []
    parts: list[FloatArray] = []
    ej = None
    if rows.jobs is not None:
        ej = rows.jobs * (m_out / rows.output_type_i)  # e_j r_j
        names.append("jobs")
        parts.append(ej)
    if rows.shares is not None:
        names += ["output_in", "value_added_in"]
        parts += [rows.shares[0] * m_out, rows.shares[1] * m_va]
        if ej is not None:
            names.append("jobs_in")
            parts.append(rows.shares[2] * ej)
    if not parts:
        return {}
    W = np.stack(parts, axis=-2)  # (r, n) or (k, r, n)
    out = _contract(W, Y)
    result: dict[str, FloatArray] = {}
    for r, name in enumerate(names):
        scale = restate if name.startswith("jobs") else 1.0
        if name.endswith("_in"):
            scale = scale * local_share
        result[name] = out[r] * scale
    return result


def per_won(total: npt.ArrayLike, spent: npt.ArrayLike) -> FloatArray:
    """A model figure per won spent: ``total / spent`` [KRW/KRW], elementwise.

    The one definition of a per-unit multiplier that the audit (production and value added
    per won), a scenario's impacts and a sweep's ``model_*`` columns show: the engine's
    *unrounded* total [KRW] (``Parts.total``) divided by the exact spending [KRW, int],
    each converted once to the nearest float (exact below 2⁵³ won) and divided in IEEE
    arithmetic, so the ratio is the same number whether it is taken for one column or for
    many. Rounding to the won is for showing money, never for a ratio: ``round(total) /
    spent`` would move the ratio by up to ½ won ÷ spent.

    Parameters
    ----------
    total
        The effect [KRW], a float or (k,) floats.
    spent
        The spending it is per [KRW], an int or (k,) ints (exact won).

    Returns
    -------
    FloatArray
        ``total / spent`` [-], the shape of the broadcast inputs.

    Examples
    --------
    >>> per_won([150.4, 3.0], [100, 2]).tolist()
    [1.504, 1.5]
    """
    ratio: FloatArray = np.divide(
        np.asarray(total, dtype=np.float64), np.asarray(spent, dtype=np.float64)
    )
    return ratio


@dataclasses.dataclass(frozen=True)
class Parts:
    """One national effect of k columns, (k,) arrays [KRW or persons].

    ``total`` = direct + indirect (+ induced in Type II columns); ``induced`` is NaN in
    Type I columns (not computed, not zero).
    """

    direct: FloatArray
    indirect: FloatArray
    induced: FloatArray
    total: FloatArray


def _put(
    into: dict[str, FloatArray],
    name: str,
    values: FloatArray,
    idx: slice | npt.NDArray[np.intp],
    k: int,
) -> None:
    """``values`` of the columns ``idx`` of a batch of ``k`` as ``into[name]``: that (new)
    array itself when ``idx`` is every column, else its place in a (k,) array of NaN."""
    if isinstance(idx, slice):
        into[name] = values
        return
    if name not in into:
        into[name] = np.full(k, math.nan)
    into[name][idx] = values


@dataclasses.dataclass(frozen=True)
class RegionalBatch:
    """The regional split of k columns [KRW; jobs in persons].

    ``inside[measure]`` and ``total[measure]`` are (k,) arrays for :data:`MEASURES`; the
    rest of Korea is ``total − inside``. ``placeholder`` maps the code of each sector the
    region does not make to the demand placed there, (k,) [KRW].
    """

    region: Region
    basis: RegionalBasis
    local_share: FloatArray
    inside: Mapping[str, FloatArray]
    total: Mapping[str, FloatArray]
    placeholder: Mapping[str, FloatArray]


@dataclasses.dataclass(frozen=True)
class EffectsBatch:
    """Effects of k columns [KRW; persons]; arrays are (k,).

    Attributes
    ----------
    kinds
        The model of each column.
    purchases
        The plan's purchases by sector, (n, k) [KRW].
    import_share
        θ per column (1: purchaser spending, 0: domestic), (k,) [-].
    demand
        Final demand for domestic products counted, (n, k) [KRW]: purchases less the
        imports bought directly.
    money
        :data:`MONEY_METRICS` → :class:`Parts` of (k,) arrays [KRW]; ``None`` when the
        table lacks the data.
    jobs
        Persons (job-years over the spending), NaN when no coefficients apply.
    regional
        The split between the region and the rest of Korea, or ``None`` without a region.
    jobs_rule, restatements
        The jobs coefficients and, per column, how plan won were restated for them.
    notes
        What a reader must know (bilingual): no region, no jobs coefficients …
    """

    kinds: tuple[ModelKind, ...]
    purchases: FloatArray
    import_share: FloatArray
    demand: FloatArray
    money: Mapping[str, Parts | None]
    jobs: FloatArray
    regional: RegionalBatch | None
    jobs_rule: JobsRule | None
    restatements: tuple[Restatement | None, ...]
    notes: tuple[Bilingual, ...] = ()

    def __len__(self) -> int:
        return len(self.kinds)

    def basis(self, column: int) -> str:
        """``purchaser``, ``domestic``, or ``θ = …`` for a share in between (Monte Carlo)."""
        theta = float(self.import_share[column])
        names = {1.0: "purchaser", 0.0: "domestic"}
        return names.get(theta, f"θ = {theta:.3f}")

    def jobs_basis(self, column: int) -> Bilingual:
        """Which coefficients gave column ``column``'s jobs, and its price step."""
        if self.jobs_rule is None:
            return ("no employment coefficients for this table", "이 표에는 취업계수가 없음")
        step = self.restatements[column]
        if step is None:
            return self.jobs_rule.basis
        en, ko = step.text()
        return f"{self.jobs_rule.basis[0]}; {en}", f"{self.jobs_rule.basis[1]}; {ko}"


def _order(coefs: RegionalCoefficients, table: IOTable) -> list[int]:
    """Positions of the table's codes in the coefficients' order."""
    position = {code: k for k, code in enumerate(coefs.codes)}
    return [position[code] for code in table.codes]


def _jobs_rule(model: IOModel, region: Region | None) -> JobsRule | None:
    table = model.table
    if table.employment is not None:
        return JobsRule(
            per_krw=None,
            year=None,
            basis=(
                f"employment coefficients of table {table.id!r}",
                f"표 {table.id!r}의 취업계수",
            ),
        )
    if not is_bok_2023(table):
        return None
    if region is not None:
        coefs = regional_coefficients(region.key)
        order = _order(coefs, table)
        made = ~coefs.placeholder[order]
        own = (coefs.jobs_in + coefs.jobs_out)[order]
        per_bn = np.where(made, own, national_jobs_proxy()[order])
        en = (
            f"BOK {REGIONAL_YEAR} regional employment inducement coefficients for demand "
            f"placed in {region.name_en} (persons per ₩1bn, in the region + the rest of Korea)"
        )
        ko = (
            f"한국은행 {REGIONAL_YEAR}년 지역산업연관표의 {region.name_ko} 취업유발계수 "
            "(최종수요 10억원당 명, 역내 + 역외)"
        )
        if not made.all():
            en += "; products the region does not make: the national proxy"
            ko += "; 역내 생산이 없는 부문은 전국 대용치"
        return JobsRule(per_krw=per_bn * _PER_BN, year=REGIONAL_YEAR, basis=(en, ko))
    order = _order(next(iter(load_regional_coefficients().values())), table)
    return JobsRule(
        per_krw=national_jobs_proxy()[order] * _PER_BN,
        year=REGIONAL_YEAR,
        basis=(
            (
                f"national proxy: for each product, the mean of the BOK {REGIONAL_YEAR} regional "
                "employment inducement coefficients (in + out) of the regions that make it "
                "(persons per ₩1bn); the plan names no region"
            ),
            (
                f"전국 대용치: 부문별로 해당 제품을 생산하는 지역들의 한국은행 {REGIONAL_YEAR}년 "
                "지역 취업유발계수(역내 + 역외) 평균(10억원당 명); 계획에 지역이 없음"
            ),
        ),
        proxy=True,
    )


class EffectsEngine:
    """One model and one region (or none): the batched way from demand to effects.

    Parameters
    ----------
    model
        The input-output model.
    region
        The plan's region, or ``None`` (national figures only). Regional coefficients exist
        for the BOK 2023 table's sectors only: on another table a region is ignored and
        :attr:`notes` says so.
    regional_basis
        ``"national_2023"`` (default: the national model's totals split by the 2020
        in-region shares) or ``"bok_2020"`` (the 2020 coefficients' own figures, Type I).

    Examples
    --------
    >>> from impact.io import bok_2023_model
    >>> from impact.regions import get_region
    >>> engine = EffectsEngine(bok_2023_model(), get_region("busan"))
    >>> Y = np.zeros((83, 1)); Y[61, 0] = 1e9  # ₩1bn of sector 62
    >>> batch = engine.run(Y)
    >>> out = batch.money["output"]
    >>> inside = batch.regional.inside["production"]
    >>> bool(0 < inside[0] < out.total[0])
    True
    """

    def __init__(
        self,
        model: IOModel,
        region: Region | None,
        *,
        regional_basis: RegionalBasis = "national_2023",
    ) -> None:
        if regional_basis not in REGIONAL_BASES:
            raise InvalidInputError(
                f"regional_basis must be one of {REGIONAL_BASES}", field="regional_basis"
            )
        table = model.table
        notes: list[Bilingual] = []
        if region is not None and not is_bok_2023(table):
            notes.append(
                (
                    (
                        f"no regional split on table {table.id!r}: the BOK 2020 regional "
                        "coefficients are for the BOK 2023 table's 83 sectors"
                    ),
                    (
                        f"표 {table.id!r}에는 지역 분할이 없음: 한국은행 2020 지역 계수는 "
                        "2023 산업연관표 83부문 기준"
                    ),
                )
            )
            region = None
        self.model = model
        self.competitive = table.imports_basis == "competitive_row"
        if not self.competitive:
            notes.append(
                (
                    (
                        f"table {table.id!r} records imports as a row, without import ratios by "
                        "product: purchases are taken as final demand for domestic products"
                    ),
                    (
                        f"표 {table.id!r}은(는) 수입을 별도 행으로 기록해 상품별 수입 비율이 "
                        "없으므로 구매액을 국산품 최종수요로 간주"
                    ),
                )
            )
        self.region = region
        self.regional_basis: RegionalBasis = regional_basis
        self.unit = table.krw_per_unit or 1.0
        self.jobs_rule = _jobs_rule(model, region)
        self.notes = tuple(notes)
        self._restatements: dict[int | None, Restatement] = {}
        self._order: list[int] = []
        self._coefs: RegionalCoefficients | None = None
        shares = None
        if region is not None:
            self._coefs = regional_coefficients(region.key)
            self._order = _order(self._coefs, table)
            shares = self._coefs.in_region_shares()[:, self._order]
        type_i = model.multipliers("type_i").total
        m1, own = type_i["output"], type_i["employment"]
        assert m1 is not None
        jobs = None if self.jobs_rule is None else self.jobs_rule.per_krw
        if jobs is None and own is not None:  # the table's own: Type I multipliers per KRW
            jobs = np.asarray(own) / self.unit
        self.rows = EngineRows(output_type_i=np.asarray(m1), jobs=jobs, shares=shares)

    def multiplier_rows(self, kind: ModelKind) -> tuple[FloatArray, FloatArray]:
        """(output, value added) multipliers of ``kind``, (n,) [KRW/KRW]."""
        total = self.model.multipliers(kind).total
        out, va = total["output"], total["value_added"]
        assert out is not None and va is not None
        return np.asarray(out), np.asarray(va)

    def restatements(self, price_years: Sequence[int | None]) -> tuple[Restatement | None, ...]:
        """The jobs restatement of each column (``None`` where the table's own jobs apply)."""
        rule = self.jobs_rule
        if rule is None or rule.year is None:
            return tuple(None for _ in price_years)
        known = self._restatements  # derived from shipped data, like the engine itself
        for year in set(price_years):
            if year not in known:  # two threads may both add it: the same value
                known[year] = rule.restate(year)
        return tuple(known[y] for y in price_years)

    def run(
        self,
        Y: FloatArray,
        *,
        kinds: Sequence[ModelKind] | None = None,
        local_share: FloatArray | Sequence[float] | None = None,
        price_years: Sequence[int | None] | None = None,
        import_share: FloatArray | Sequence[float] | None = None,
    ) -> EffectsBatch:
        """Effects of the k columns of ``Y`` (see the module doc).

        Parameters
        ----------
        Y
            Purchases by sector, (n, k) [KRW]: final demand, of which the share θ·m_i of
            sector i is imported (:meth:`~impact.io.IOModel.split_final_demand`).
        kinds
            The model of each column (default Type I).
        local_share
            ℓ per column in [0, 1] (default 1).
        price_years
            The price year of each column's won (default unknown: won used as they are).
        import_share
            θ per column: 1 for purchaser spending, 0 (default) when ``Y`` is final demand for
            domestic products (:data:`IMPORT_SHARE`).

        Raises
        ------
        InvalidInputError
            ``bok_2020`` figures asked for a Type II column (field ``regional_basis``).
        """
        purchases = np.asarray(Y, dtype=np.float64)
        k = purchases.shape[1]
        theta = np.zeros(k) if import_share is None else np.asarray(import_share, dtype=float)
        if not self.competitive:  # no import ratios by product: purchases are domestic demand
            theta = np.zeros(k)
        Y, _ = self.model.split_final_demand(purchases, theta)
        kinds = tuple(kinds) if kinds is not None else ("type_i",) * k
        ell = np.ones(k) if local_share is None else np.asarray(local_share, dtype=np.float64)
        years = list(price_years) if price_years is not None else [None] * k
        steps = self.restatements(years)
        f = np.array([1.0 if s is None else s.factor for s in steps])
        if self.regional_basis == "bok_2020" and "type_ii" in kinds and self.region is not None:
            raise InvalidInputError(
                "the BOK 2020 regional coefficients are Type I: ask for 'type_i' with "
                "regional_basis 'bok_2020'",
                field="regional_basis",
                message_ko="한국은행 2020 지역 계수는 제I형입니다: regional_basis 'bok_2020'에는 "
                "'type_i'을(를) 쓰세요",
            )
        parts: dict[str, dict[str, FloatArray]] = {}
        derived: dict[str, FloatArray] = {}
        for kind in ("type_i", "type_ii"):
            columns = [c for c in range(k) if kinds[c] == kind]
            if not columns:
                continue
            # every column of one kind (the usual batch): a slice, so views and no copies
            idx = slice(None) if len(columns) == k else np.array(columns, dtype=np.intp)
            Yg = Y[:, idx]
            # the model is linear: demand in KRW gives money in KRW; the table's own
            # employment coefficients are persons per table unit
            totals = self.model.impact_batch(
                purchases[:, idx], kind, import_share=theta[idx]
            ).totals
            for metric, effect in totals.items():
                if effect is None:
                    continue
                scale = 1.0 / self.unit if metric == "jobs" else 1.0
                induced = np.zeros(len(columns)) if effect.induced is None else effect.induced
                into = parts.setdefault(metric, {})
                for part, values in (("direct", effect.direct), ("indirect", effect.indirect),
                                     ("induced", induced), ("total", effect.total)):  # fmt: skip
                    _put(into, part, values * scale, idx, k)
            m_out, m_va = self.multiplier_rows(kind)
            for name, values in split_and_jobs(
                self.rows, m_out, m_va, Yg, local_share=ell[idx], restate=f[idx]
            ).items():
                _put(derived, name, values, idx, k)
        type_i = np.array([kind == "type_i" for kind in kinds])
        effects: dict[str, Parts | None] = {}
        for metric in MONEY_METRICS:
            p = parts.get(metric)
            if p is not None:
                p["induced"][type_i] = math.nan  # not computed, not zero
            effects[metric] = None if p is None else Parts(**p)
        own = parts.get("jobs")
        jobs = own["total"] if own is not None else derived.get("jobs", np.full(k, math.nan))
        regional = self._regional(Y, ell, f, effects=effects, jobs=jobs, derived=derived)
        return EffectsBatch(
            kinds=kinds,
            purchases=purchases,
            import_share=theta,
            demand=Y,
            money=effects,
            jobs=jobs,
            regional=regional,
            jobs_rule=self.jobs_rule,
            restatements=steps,
            notes=self.notes,
        )

    def _regional(
        self,
        Y: FloatArray,
        ell: FloatArray,
        f: FloatArray,
        *,
        effects: Mapping[str, Parts | None],
        jobs: FloatArray,
        derived: Mapping[str, FloatArray],
    ) -> RegionalBatch | None:
        if self.region is None or self._coefs is None:
            return None
        coefs, order = self._coefs, self._order
        flag = coefs.placeholder[order]
        codes = self.model.table.codes
        placeholder = {codes[j]: Y[j] for j in np.flatnonzero(flag & Y.any(axis=1))}
        if self.regional_basis == "bok_2020":
            made = np.where(flag[:, np.newaxis], 0.0, Y)
            inside, total = {}, {}
            for measure in MEASURES:
                c_in, c_out = (a[order] for a in coefs.pair(measure))
                scale = f * _PER_BN if measure == "jobs" else 1.0
                inside[measure] = ell * rows_times_columns(c_in[np.newaxis], made)[0] * scale
                both = (c_in + c_out)[np.newaxis]
                total[measure] = rows_times_columns(both, made)[0] * scale
            return RegionalBatch(self.region, "bok_2020", ell, inside, total, placeholder)
        output, value_added = effects["output"], effects["value_added"]
        assert output is not None and value_added is not None
        return RegionalBatch(
            region=self.region,
            basis="national_2023",
            local_share=ell,
            inside={
                "production": derived["output_in"],
                "value_added": derived["value_added_in"],
                "jobs": derived.get("jobs_in", np.full(len(ell), math.nan)),
            },
            total={"production": output.total, "value_added": value_added.total, "jobs": jobs},
            placeholder=placeholder,
        )


def engine_for(
    model: IOModel, region: Region | None, *, regional_basis: RegionalBasis = "national_2023"
) -> EffectsEngine:
    """The :class:`EffectsEngine` of ``model`` and ``region``; on the shipped BOK 2023 table
    built once and kept with the model (``model.derived``).

    An engine is read-only data derived from the model and the region's coefficients (its
    rows are made read-only here); building one takes about as long as a small plan's run,
    and every request for the same region needs the same one. It is not an answer. Only the
    shipped table's engines are kept: that model lives as long as the process, while an
    uploaded table's may be dropped, and an engine kept on it (it refers to its model) would
    hold it until a full garbage collection, which :mod:`api.gcpolicy` defers.
    """
    if not is_bok_2023(model.table):
        return EffectsEngine(model, region, regional_basis=regional_basis)
    key = ("effects_engine", None if region is None else region.key, regional_basis)
    engine = model.derived.get(key)
    if engine is None:  # two threads may both build it: the same engine, one is kept
        engine = EffectsEngine(model, region, regional_basis=regional_basis)
        for array in (engine.rows.output_type_i, engine.rows.jobs, engine.rows.shares):
            if array is not None:  # the engine's own arrays, or the model's (read-only already)
                array.flags.writeable = False
        model.derived[key] = engine
    assert isinstance(engine, EffectsEngine)
    return engine
