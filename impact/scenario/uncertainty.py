"""Monte Carlo uncertainty of a plan's model effects, in fixed seeded chunks.

Four sources of uncertainty, each optional, each drawn from its own random stream (so a
source alone gives the same draws as in the joint run):

* **Technical coefficients** (``coefficient_cv``). Every input coefficient (imported inputs
  included) is multiplied by independent log-normal noise with mean 1 and coefficient of
  variation ``cv``: ``a'_ij = a_ij · exp(σ z_ij − σ²/2)``, ``σ² = ln(1 + cv²)``. A column whose
  perturbed domestic sum would exceed ``b_j = (1 + s_j) / 2`` (half of its headroom to 1 used,
  ``s_j = Σ_i (1 − m_i) a_ij``) is scaled back to ``b_j``, so every column of A'_d sums below 1
  and the matrix stays productive; all inputs together may take at most half of a column's
  value added. Value added is **rebalanced** column by
  column, ``v'_j = v_j + Σ_i (a_ij − a'_ij)``, so that value added + imports (+ product taxes)
  per won of output stay exactly 1 in every column of every draw.
* **Allocation** (``allocation_concentration`` κ). Shares are drawn from a Dirichlet around the
  plan's, ``w' ~ Dir(κ w)`` over the sectors with spending (variance w_j (1 − w_j) / (κ + 1)).
* **Budget basis** (``basis_uncertainty``). The share θ of each purchase's imports that is
  taken out is drawn uniform on [0, 1] (0: every purchase domestic; 1: purchaser spending).
* **Local share** (``local_share_spread`` d, a plan in a region). ℓ' ~ U(max(0, ℓ − d), ℓ):
  up to d of the spending may go to suppliers outside the region (in-region figures only).

Per draw: output = 1ᵀ L' y', value added = v'ᵀ L' y' with L' = (I − A'_d)⁻¹ (one stacked
solve per chunk); the split and jobs follow the effects engine
(:func:`impact.effects.split_and_jobs`) with the draw's multipliers. Without coefficient noise
the draws use the model's own multipliers, so a run without any noise gives the point
estimate. Each source's **contribution** is measured by varying it alone over the first
:data:`CONTRIBUTION_DRAWS` draws: its 5–95 % width and its share of the summed variances.

Reproducibility: draws are cut into chunks of :data:`DRAW_CHUNK`; chunk i draws from
``np.random.SeedSequence(seed).spawn(n_chunks)[i]`` (one child stream per source). The result
depends on the seed only, never on how many workers run the chunks, or where. Memory per
chunk is bounded (about 4 · chunk · n² · 8 bytes ≈ 55 MB at n = 83).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from impact.effects import IMPORT_SHARE, EngineRows, plan_demand, plan_engine, split_and_jobs
from impact.errors import InvalidInputError, NonProductiveTableError
from impact.io.iomath import FloatArray
from impact.scenario.result import ModelKRW
from impact.scenario.single import compute_impacts
from impact.scenario.state import ModelFor, ScenarioState, default_model_for, require_allocation

__all__ = [
    "CONTRIBUTION_DRAWS",
    "DRAW_CHUNK",
    "MAX_DRAWS",
    "METRICS",
    "SOURCES",
    "Band",
    "MoneyBand",
    "Source",
    "SourceContribution",
    "UncertaintyProblem",
    "UncertaintyResult",
    "chunk_plan",
    "draw_chunk",
    "perturb",
    "run_chunks",
    "summarise",
    "uncertainty_problem",
]

DRAW_CHUNK = 250
"""Draws per chunk: the unit of work, of seeding and of memory."""
MAX_DRAWS = 100_000
CONTRIBUTION_DRAWS = 2_000
"""Draws used to measure each source alone (the first ones of the run)."""

METRICS = ("output", "value_added", "jobs", "output_in_region", "jobs_in_region")
"""Rows of a chunk's samples: KRW, KRW, person-years, KRW, person-years."""

Source = Literal["coefficients", "allocation", "basis", "local_share"]
SOURCES: tuple[Source, ...] = ("coefficients", "allocation", "basis", "local_share")

_DESCRIPTIONS: Mapping[Source, tuple[str, str]] = {
    "coefficients": ("technical coefficients (log-normal noise)", "투입계수(로그정규 잡음)"),
    "allocation": ("the split of spending by sector (Dirichlet)", "부문별 지출 배분(디리클레)"),
    "basis": (
        "the budget basis: share of imports taken out, uniform on [0, 1]",
        "지출 기준: 수입 제외 비율, [0, 1] 균등",
    ),
    "local_share": ("the share spent in the region (uniform)", "역내 지출 비율(균등)"),
}


@dataclasses.dataclass(frozen=True)
class UncertaintyProblem:
    """Everything a chunk needs (small, picklable; arrays in table order).

    Attributes
    ----------
    A
        Input coefficients that noise perturbs, (n, n) [-]: all inputs, imported ones
        included, for a table with import ratios; domestic ones otherwise.
    import_ratios
        m, (n,) [-]: A_d = (1 − m) ∘ A.
    value_added
        v, (n,) [-].
    shares
        The plan's purchases by sector per won of them, (n,) adding up to 1 [-].
    demand
        The plan's purchases [KRW].
    rows
        The effects engine's rows of the plan's model and region.
    multipliers
        (n, 2): the unperturbed model's output and value-added multipliers [-].
    import_share, local_share, restate
        θ of the plan's basis, ℓ and the jobs restatement f [-].
    column_cap
        b_j = (1 + s_j) / 2 with s_j the domestic column sum, (n,) [-].
    total_cap
        Σ_i a_ij + max(v_j, 0) / 2: the most all inputs may sum to, so that value added keeps
        at least half of itself, (n,) [-].
    cv, concentration, basis_uncertainty, local_share_spread
        The sources' settings (0 / None / False: none).
    """

    A: FloatArray
    import_ratios: FloatArray
    value_added: FloatArray
    shares: FloatArray
    demand: float
    rows: EngineRows
    multipliers: FloatArray
    import_share: float
    local_share: float
    restate: float
    column_cap: FloatArray
    total_cap: FloatArray
    cv: float
    concentration: float | None
    basis_uncertainty: bool = False
    local_share_spread: float = 0.0

    def alone(self, source: Source) -> UncertaintyProblem:
        """The same problem with only ``source`` varying."""
        return dataclasses.replace(
            self,
            cv=self.cv if source == "coefficients" else 0.0,
            concentration=self.concentration if source == "allocation" else None,
            basis_uncertainty=self.basis_uncertainty and source == "basis",
            local_share_spread=self.local_share_spread if source == "local_share" else 0.0,
        )

    @property
    def active(self) -> tuple[Source, ...]:
        """The sources that vary."""
        on = {
            "coefficients": self.cv > 0,
            "allocation": self.concentration is not None,
            "basis": self.basis_uncertainty,
            "local_share": self.local_share_spread > 0 and self.rows.shares is not None,
        }
        return tuple(s for s in SOURCES if on[s])


def uncertainty_problem(
    state: ScenarioState,
    *,
    cv: float,
    concentration: float | None = None,
    basis_uncertainty: bool = False,
    local_share_spread: float = 0.0,
    model_for: ModelFor = default_model_for,
) -> UncertaintyProblem:
    """The inputs of every chunk for an adjusted plan (Type I model).

    Raises
    ------
    InvalidInputError
        No allocation (``plan.allocation``), a Type II model (``model``) or a bad setting
        (``coefficient_cv``, ``allocation_concentration``, ``local_share_spread``).
    """
    require_allocation(state)
    if state.kind != "type_i":
        raise InvalidInputError(
            "Monte Carlo draws use the Type I model",
            field="model",
            message_ko="몬테카를로 추출은 제I형 모형을 씁니다",
        )
    if not (math.isfinite(cv) and cv >= 0):
        raise InvalidInputError("must be a finite number ≥ 0", field="coefficient_cv")
    if concentration is not None and not (math.isfinite(concentration) and concentration > 0):
        raise InvalidInputError("must be a finite number > 0", field="allocation_concentration")
    if not (math.isfinite(local_share_spread) and 0 <= local_share_spread <= 1):
        raise InvalidInputError("must be between 0 and 1", field="local_share_spread")
    model = model_for(state.table_id)
    table = model.table
    y = plan_demand(state.plan, table, field=state.allocation_field)
    competitive = table.imports_basis == "competitive_row"
    A = np.asarray(table.Z / table.x) if competitive else np.array(table.domestic_coefficients)
    v = np.array(table.value_added_coefficients, dtype=float)
    m = np.array(table.import_ratios, dtype=float)
    sums = (1.0 - m) @ A  # domestic column sums
    if cv > 0 and np.any(sums >= 1.0):
        raise NonProductiveTableError(
            "coefficient noise needs every column of A_d to sum below 1", field="coefficient_cv"
        )
    engine = plan_engine(state.plan, model)
    m_out, m_va = engine.multiplier_rows("type_i")
    [step] = engine.restatements([state.plan.price_year])
    total = float(y.sum())
    if not total > 0:
        raise InvalidInputError(
            "the allocation buys no output (only land, transfers, wages, reserves or other)",
            field=state.allocation_field,
            message_ko="배분이 생산물을 사지 않습니다 (land, transfers, wages, reserves, other만 "
            "있습니다)",
        )
    return UncertaintyProblem(
        A=A,
        import_ratios=m,
        value_added=v,
        shares=y / total,
        demand=total,
        rows=engine.rows,
        multipliers=np.column_stack([m_out, m_va]),
        import_share=IMPORT_SHARE[state.basis],
        local_share=1.0 if state.local_share is None else float(state.local_share),
        restate=1.0 if step is None else step.factor,
        column_cap=(1.0 + sums) / 2.0,
        total_cap=A.sum(axis=0) + np.clip(v, 0.0, None) / 2.0,
        cv=float(cv),
        concentration=concentration,
        basis_uncertainty=basis_uncertainty,
        local_share_spread=float(local_share_spread),
    )


def perturb(
    problem: UncertaintyProblem, rng: np.random.Generator, size: int
) -> tuple[FloatArray, FloatArray]:
    """(A' (size, n, n), v' (size, n)): perturbed input coefficients and rebalanced value added.

    ``v'_j = v_j + Σ_i (a_ij − a'_ij)``: value added + imports (+ taxes) stay 1 per won of
    output in every column.
    """
    n = problem.A.shape[0]
    sigma2 = math.log1p(problem.cv**2)
    noise = rng.standard_normal((size, n, n))
    noise *= math.sqrt(sigma2)
    noise -= sigma2 / 2.0
    np.exp(noise, out=noise)
    noise *= problem.A  # A' = A ∘ E
    sums = np.einsum("i,kij->kj", 1.0 - problem.import_ratios, noise)  # domestic column sums
    scale = np.minimum(
        1.0, np.divide(problem.column_cap, sums, where=sums > 0, out=np.ones_like(sums))
    )
    noise *= scale[:, np.newaxis, :]
    totals = noise.sum(axis=1)  # value added may give up at most half of itself
    room = np.divide(problem.total_cap, totals, where=totals > 0, out=np.ones_like(totals))
    noise *= np.minimum(1.0, room)[:, np.newaxis, :]
    value_added = problem.value_added + problem.A.sum(axis=0) - noise.sum(axis=1)
    return noise, value_added


def _multipliers(problem: UncertaintyProblem, rng: np.random.Generator, size: int) -> FloatArray:
    """(size, n, 2) output and value-added multipliers of each perturbed matrix; (n, 2), the
    model's own, without noise."""
    if problem.cv == 0:
        return problem.multipliers
    n = problem.A.shape[0]
    A, value_added = perturb(problem, rng, size)
    A *= (1.0 - problem.import_ratios)[np.newaxis, :, np.newaxis]  # A'_d
    np.subtract(np.eye(n), A, out=A)  # I − A'_d
    rhs = np.stack([np.ones((size, n)), value_added], axis=2)
    return np.asarray(np.linalg.solve(A.transpose(0, 2, 1), rhs), dtype=np.float64)


def _streams(seed: np.random.SeedSequence) -> dict[Source, np.random.Generator]:
    """One generator per source, derived from ``seed`` without changing it (``spawn`` would
    count children on the object, so a chunk drawn twice would differ)."""
    return {
        source: np.random.default_rng(
            np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, k))
        )
        for k, source in enumerate(SOURCES)
    }


def draw_chunk(problem: UncertaintyProblem, seed: np.random.SeedSequence, size: int) -> FloatArray:
    """(5, size): :data:`METRICS` of ``size`` draws [KRW; person-years; NaN without a region].

    A pure function of its arguments: the same seed gives the same draws anywhere.
    """
    rng = _streams(seed)
    mult = _multipliers(problem, rng["coefficients"], size)
    n = problem.shares.size
    if problem.concentration is None:
        shares = np.broadcast_to(problem.shares, (size, n))
    else:
        spent = problem.shares > 0
        drawn = rng["allocation"].dirichlet(problem.concentration * problem.shares[spent], size)
        shares = np.zeros((size, n))
        shares[:, spent] = drawn
    theta = (
        rng["basis"].uniform(0.0, 1.0, size)
        if problem.basis_uncertainty
        else np.full(size, problem.import_share)
    )
    ell = np.full(size, problem.local_share)
    if problem.local_share_spread > 0:
        low = max(0.0, problem.local_share - problem.local_share_spread)
        ell = rng["local_share"].uniform(low, problem.local_share, size)
    purchases = (shares * problem.demand).T  # (n, size) [KRW]
    Y = purchases * (1.0 - theta[np.newaxis, :] * problem.import_ratios[:, np.newaxis])
    m_out, m_va = mult[..., 0], mult[..., 1]  # (n,) shared, or (size, n)
    if m_out.ndim == 1:
        output, value_added = m_out @ Y, m_va @ Y
    else:
        output = np.einsum("kn,nk->k", m_out, Y)
        value_added = np.einsum("kn,nk->k", m_va, Y)
    f = np.full(size, problem.restate)
    split = split_and_jobs(problem.rows, m_out, m_va, Y, local_share=ell, restate=f)
    nan = np.full(size, math.nan)
    return np.vstack(
        [
            output,
            value_added,
            split.get("jobs", nan),
            split.get("output_in", nan),
            split.get("jobs_in", nan),
        ]
    )


def chunk_plan(draws: int, seed: int) -> list[tuple[np.random.SeedSequence, int]]:
    """(seed sequence, size) of every chunk: fixed sizes, one spawned child each.

    Examples
    --------
    >>> [size for _, size in chunk_plan(600, seed=1)]
    [250, 250, 100]
    """
    if not 1 <= draws <= MAX_DRAWS:
        raise InvalidInputError(f"draws must be 1 to {MAX_DRAWS:,}", field="draws")
    sizes = [DRAW_CHUNK] * (draws // DRAW_CHUNK)
    if draws % DRAW_CHUNK:
        sizes.append(draws % DRAW_CHUNK)
    children = np.random.SeedSequence(seed).spawn(len(sizes))
    return list(zip(children, sizes, strict=True))


def run_chunks(
    problem: UncertaintyProblem,
    plan: Sequence[tuple[np.random.SeedSequence, int]],
    progress: Callable[[int, int], None] | None = None,
) -> FloatArray:
    """All chunks in this process, in order: (5, draws). ``progress(done, total)`` per chunk."""
    parts = []
    for i, (seed, size) in enumerate(plan):
        parts.append(draw_chunk(problem, seed, size))
        if progress is not None:
            progress(i + 1, len(plan))
    return np.hstack(parts)


def contribution_plan(draws: int, seed: int) -> list[tuple[np.random.SeedSequence, int]]:
    """The first chunks of :func:`chunk_plan`, up to :data:`CONTRIBUTION_DRAWS` draws."""
    out, total = [], 0
    for child, size in chunk_plan(draws, seed):
        if total >= CONTRIBUTION_DRAWS:
            break
        out.append((child, size))
        total += size
    return out


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Band(_Out):
    """Distribution of a head count over the draws [person-years]."""

    point: float | None = Field(description="the point estimate (no noise)")
    mean: float
    median: float
    p5: float = Field(description="5th percentile")
    p95: float = Field(description="95th percentile")
    std: float
    claimed: float | None = Field(
        description="the claim this band is compared with: the plan's, restated pro rata when "
        "the scenario changed the budget; null without a claim"
    )
    claimed_as_announced: float | None = Field(description="the plan's claim as announced")
    probability_claim_reached: float | None = Field(
        description="share of draws ≥ the claim; null without a claim"
    )


class MoneyBand(_Out):
    """Distribution of a money figure over the draws [KRW]: whole won, rounded half-to-even
    from the draws' floats (the share of draws reaching the claim uses the floats)."""

    point: ModelKRW | None = Field(description="the point estimate (no noise) [KRW]")
    mean: ModelKRW = Field(description="[KRW]")
    median: ModelKRW = Field(description="[KRW]")
    p5: ModelKRW = Field(description="5th percentile [KRW]")
    p95: ModelKRW = Field(description="95th percentile [KRW]")
    std: ModelKRW = Field(description="standard deviation [KRW]")
    claimed: ModelKRW | None = Field(
        description="the claim this band is compared with: the plan's, restated pro rata when "
        "the scenario changed the budget [KRW]; null without a claim"
    )
    claimed_as_announced: int | None = Field(description="the plan's claim as announced [KRW]")
    probability_claim_reached: float | None = Field(
        description="share of draws ≥ the claim; null without a claim"
    )


class SourceContribution(_Out):
    """One source of uncertainty and its contribution to the bands' width."""

    source: Source
    description_en: str
    description_ko: str
    width: dict[str, float | None] = Field(
        description="5–95 % width of each figure with this source alone [KRW; persons]"
    )
    variance_share: dict[str, float | None] = Field(
        description="this source's variance alone ÷ the sum over sources, per figure [-]"
    )


class UncertaintyResult(_Out):
    """Monte Carlo bands of output, value added [KRW] and jobs [person-years]."""

    draws: int
    seed: int
    coefficient_cv: float
    allocation_concentration: float | None
    basis_uncertainty: bool
    local_share_spread: float
    chunk_size: int
    output: MoneyBand
    value_added: MoneyBand
    jobs: Band | None = Field(description="null without jobs coefficients")
    output_in_region: MoneyBand | None = Field(description="null without a region")
    jobs_in_region: Band | None = Field(description="null without a region")
    sources: list[SourceContribution]
    claims_note: str
    claims_note_ko: str
    method: str


_MONEY = {"output", "value_added", "output_in_region"}


def _round(name: str, value: float) -> float:
    return float(round(value)) if name in _MONEY else value


def _band(name: str, **fields: Any) -> Band | MoneyBand:
    return MoneyBand(**fields) if name in _MONEY else Band(**fields)


def _variance(x: FloatArray) -> FloatArray:
    """Variance of each row's finite draws; NaN for a row with none (a metric not defined
    for this plan, such as in-region output without a region)."""
    out = np.full(x.shape[0], np.nan)
    for row in range(x.shape[0]):
        finite = x[row][np.isfinite(x[row])]
        if finite.size:
            out[row] = float(np.var(finite))
    return out


def contributions(
    problem: UncertaintyProblem, samples_alone: Mapping[Source, FloatArray]
) -> list[SourceContribution]:
    """Width and variance share of each source varied alone ((5, d) samples each)."""
    variances = {s: _variance(x) for s, x in samples_alone.items()}
    total = np.sum(list(variances.values()), axis=0) if variances else np.zeros(len(METRICS))
    out = []
    for source, x in samples_alone.items():
        widths, shares = {}, {}
        for row, name in enumerate(METRICS):
            finite = x[row][np.isfinite(x[row])]
            widths[name] = (
                None
                if finite.size == 0
                else _round(name, float(np.ptp(np.percentile(finite, [5, 95]))))
            )
            shares[name] = (
                float(variances[source][row] / total[row])
                if np.isfinite(total[row]) and total[row] > 0
                else None
            )
        en, ko = _DESCRIPTIONS[source]
        out.append(
            SourceContribution(
                source=source,
                description_en=en,
                description_ko=ko,
                width=widths,
                variance_share=shares,
            )
        )
    return out


def summarise(
    state: ScenarioState,
    samples: FloatArray,
    *,
    seed: int,
    problem: UncertaintyProblem,
    samples_alone: Mapping[Source, FloatArray] | None = None,
    announced_investment: int | None = None,
    model_for: ModelFor = default_model_for,
) -> UncertaintyResult:
    """Bands of (5, draws) ``samples`` with the point estimate and the claims of ``state``.

    ``announced_investment``: the budget the plan's claims were made for; when the scenario
    changed it, each claim is restated pro rata (claim × new ÷ announced) and said so.
    """
    impacts = compute_impacts(state, model_for)
    claims = state.plan.claims
    regional = impacts.regional
    points: Mapping[str, float | None] = {
        "output": impacts.output.total,
        "value_added": impacts.value_added.total,
        "jobs": impacts.jobs,
        "output_in_region": None if regional is None else regional.production.in_region,
        "jobs_in_region": None if regional is None else regional.jobs.in_region,
    }
    announced: Mapping[str, int | None] = {
        "output": claims.production_inducement,
        "value_added": claims.value_added_inducement,
        "jobs": claims.jobs,
        "output_in_region": None,
        "jobs_in_region": None,
    }
    investment = state.plan.investment
    ratio = 1.0 if not announced_investment else investment / announced_investment
    bands: dict[str, Band | MoneyBand | None] = {}
    for row, name in enumerate(METRICS):
        x = samples[row]
        if not np.isfinite(x).all():
            bands[name] = None
            continue
        p5, median, p95 = np.percentile(x, [5, 50, 95])
        claim = announced[name]
        compared = None if claim is None else claim * ratio
        bands[name] = _band(
            name,
            point=points[name],
            mean=float(x.mean()),
            median=float(median),
            p5=float(p5),
            p95=float(p95),
            std=float(x.std()),
            claimed=compared,
            claimed_as_announced=claim,
            probability_claim_reached=None if compared is None else float(np.mean(x >= compared)),
        )
    if ratio == 1.0:
        note = (
            "claims are compared as announced, for the budget they were made for",
            "주장 수치는 발표된 예산 기준 그대로 비교",
        )
    else:
        note = (
            (
                f"the scenario changes the budget (× {ratio:.4f}): each claim was made for the "
                "announced budget and is compared restated pro rata (claimed_as_announced is the "
                "announced figure)"
            ),
            (
                f"시나리오가 예산을 바꿔(× {ratio:.4f}) 각 주장은 발표 예산 기준이므로 비례 환산해 "
                "비교함(claimed_as_announced가 발표 수치)"
            ),
        )
    output, value_added, jobs = bands["output"], bands["value_added"], bands["jobs"]
    in_output, in_jobs = bands["output_in_region"], bands["jobs_in_region"]
    assert isinstance(output, MoneyBand) and isinstance(value_added, MoneyBand)
    assert jobs is None or isinstance(jobs, Band)
    assert in_output is None or isinstance(in_output, MoneyBand)
    assert in_jobs is None or isinstance(in_jobs, Band)
    return UncertaintyResult(
        draws=samples.shape[1],
        seed=seed,
        coefficient_cv=problem.cv,
        allocation_concentration=problem.concentration,
        basis_uncertainty=problem.basis_uncertainty,
        local_share_spread=problem.local_share_spread,
        chunk_size=DRAW_CHUNK,
        output=output,
        value_added=value_added,
        jobs=jobs,
        output_in_region=in_output,
        jobs_in_region=in_jobs,
        sources=contributions(problem, samples_alone or {}),
        claims_note=note[0],
        claims_note_ko=note[1],
        method=(__doc__ or "").split("\n\n", 1)[1].strip(),
    )
