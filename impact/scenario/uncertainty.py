"""Monte Carlo uncertainty of a plan's model effects, in fixed seeded chunks.

Two sources of noise, each optional:

* **Technical coefficients.** Every domestic coefficient is multiplied by
  independent log-normal noise with mean 1 and coefficient of variation
  ``cv``: ``a'_ij = a_ij · exp(σ z_ij − σ²/2)``, ``σ² = ln(1 + cv²)``,
  ``z ~ N(0, 1)``. To stay productive, a column whose perturbed sum exceeds
  ``b_j = (1 + s_j) / 2`` (half of its original headroom ``1 − s_j`` used,
  ``s_j = Σ_i a_ij``) is rescaled to sum to ``b_j``; every column then sums
  below 1, so ρ(A') ≤ ‖A'‖₁ < 1. Value-added coefficients are held fixed.
* **Allocation.** Shares are drawn from a Dirichlet distribution around the
  stated shares, ``w' ~ Dir(κ w)`` over the sectors with spending
  (mean ``w``, variance ``w_j (1 − w_j) / (κ + 1)``); κ = ``concentration``.

Per draw: output = 1ᵀ L' y', value added = vᵀ L' y' (one LU per draw, stacked:
``numpy.linalg.solve`` on a (chunk, n, n) batch with the transposed system
``(I − A')ᵀ [m_out m_va] = [1 v]``; with no coefficient noise, the model's own
multipliers). Jobs follow the effects engine's rule with the draw's multipliers
(:func:`impact.effects.split_and_jobs`): ``jobs = f · Σ_j e_j y'_j m'_j / m_j``, jobs per
unit of induced output held fixed.

Reproducibility: draws are cut into chunks of :data:`DRAW_CHUNK`; chunk i
draws from ``np.random.SeedSequence(seed).spawn(n_chunks)[i]``. The result
depends on the seed only, never on how many workers run the chunks, or where.
Memory per chunk is bounded (about 4 · chunk · n² · 8 bytes ≈ 55 MB at n = 83).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from impact.effects import EngineRows, plan_demand, plan_engine, split_and_jobs
from impact.errors import InvalidInputError, NonProductiveTableError
from impact.io.iomath import FloatArray
from impact.scenario.result import ModelKRW
from impact.scenario.single import compute_impacts
from impact.scenario.state import ModelFor, ScenarioState, default_model_for, require_allocation

__all__ = [
    "DRAW_CHUNK",
    "MAX_DRAWS",
    "Band",
    "MoneyBand",
    "UncertaintyProblem",
    "UncertaintyResult",
    "chunk_plan",
    "draw_chunk",
    "run_chunks",
    "summarise",
    "uncertainty_problem",
]

DRAW_CHUNK = 250
"""Draws per chunk: the unit of work, of seeding and of memory."""
MAX_DRAWS = 100_000
METRICS = ("output", "value_added", "jobs")


@dataclasses.dataclass(frozen=True)
class UncertaintyProblem:
    """Everything a chunk needs (small, picklable; arrays in table order).

    Attributes
    ----------
    A
        Domestic technical coefficients, (n, n) [-].
    value_added
        v, (n,) [-].
    shares
        Stated shares of spending, (n,) adding up to 1 [-].
    demand
        Total final demand [KRW].
    rows
        The effects engine's rows of the plan's model and region.
    multipliers
        (n, 2): the unperturbed model's output and value-added multipliers [-].
    local_share, restate
        ℓ and the jobs restatement f of the plan [-].
    column_cap
        b_j = (1 + s_j) / 2, (n,) [-].
    cv, concentration
        Noise settings (0 / None: none).
    """

    A: FloatArray
    value_added: FloatArray
    shares: FloatArray
    demand: float
    rows: EngineRows
    multipliers: FloatArray
    local_share: float
    restate: float
    column_cap: FloatArray
    cv: float
    concentration: float | None


def uncertainty_problem(
    state: ScenarioState,
    *,
    cv: float,
    concentration: float | None = None,
    model_for: ModelFor = default_model_for,
) -> UncertaintyProblem:
    """The inputs of every chunk for an adjusted plan (Type I model).

    Raises
    ------
    InvalidInputError
        No allocation (``plan.allocation``), a Type II model (``model``) or a
        bad noise setting (``coefficient_cv``, ``allocation_concentration``).
    """
    require_allocation(state)
    if state.kind != "type_i":
        raise InvalidInputError("Monte Carlo draws use the Type I model", field="model")
    if not (math.isfinite(cv) and cv >= 0):
        raise InvalidInputError("must be a finite number ≥ 0", field="coefficient_cv")
    if concentration is not None and not (math.isfinite(concentration) and concentration > 0):
        raise InvalidInputError("must be a finite number > 0", field="allocation_concentration")
    model = model_for(state.table_id)
    table = model.table
    y = plan_demand(state.plan, table, field=state.allocation_field)
    A = np.array(table.domestic_coefficients, dtype=float)
    sums = A.sum(axis=0)
    if cv > 0 and np.any(sums >= 1.0):
        raise NonProductiveTableError(
            "coefficient noise needs every column of A_d to sum below 1", field="coefficient_cv"
        )
    engine = plan_engine(state.plan, model)
    m_out, m_va = engine.multiplier_rows("type_i")
    [step] = engine.restatements([state.plan.price_year])
    return UncertaintyProblem(
        A=A,
        value_added=np.array(table.value_added_coefficients, dtype=float),
        shares=y / y.sum(),
        demand=float(y.sum()),
        rows=engine.rows,
        multipliers=np.column_stack([m_out, m_va]),
        local_share=1.0 if state.local_share is None else float(state.local_share),
        restate=1.0 if step is None else step.factor,
        column_cap=(1.0 + sums) / 2.0,
        cv=float(cv),
        concentration=concentration,
    )


def _multipliers(problem: UncertaintyProblem, rng: np.random.Generator, size: int) -> FloatArray:
    """(size, n, 2) output and value-added multipliers of each perturbed matrix; (n, 2), the
    model's own, without noise."""
    n = problem.A.shape[0]
    rhs = np.column_stack([np.ones(n), problem.value_added])
    if problem.cv == 0:
        return problem.multipliers
    sigma2 = math.log1p(problem.cv**2)
    noise = rng.standard_normal((size, n, n))
    noise *= math.sqrt(sigma2)
    noise -= sigma2 / 2.0
    np.exp(noise, out=noise)
    noise *= problem.A  # A' = A ∘ E
    sums = noise.sum(axis=1)  # (size, n) column sums
    scale = np.minimum(
        1.0, np.divide(problem.column_cap, sums, where=sums > 0, out=np.ones_like(sums))
    )
    noise *= scale[:, np.newaxis, :]
    np.subtract(np.eye(n), noise, out=noise)  # I − A'
    return np.linalg.solve(noise.transpose(0, 2, 1), np.broadcast_to(rhs, (size, n, 2)))


def draw_chunk(problem: UncertaintyProblem, seed: np.random.SeedSequence, size: int) -> FloatArray:
    """(3, size): output [KRW], value added [KRW] and jobs [person-years] of ``size`` draws.

    A pure function of its arguments: the same seed gives the same draws anywhere.
    """
    rng = np.random.default_rng(seed)
    mult = _multipliers(problem, rng, size)
    if problem.concentration is None:
        shares = np.broadcast_to(problem.shares, (size, problem.shares.size))
    else:
        spent = problem.shares > 0
        drawn = rng.dirichlet(problem.concentration * problem.shares[spent], size)
        shares = np.zeros((size, problem.shares.size))
        shares[:, spent] = drawn
    Y = (shares * problem.demand).T  # (n, size) [KRW]
    m_out, m_va = mult[..., 0], mult[..., 1]  # (n,) shared, or (size, n)
    if m_out.ndim == 1:
        output, value_added = m_out @ Y, m_va @ Y
    else:
        output = np.einsum("kn,nk->k", m_out, Y)
        value_added = np.einsum("kn,nk->k", m_va, Y)
    ell, f = np.full(size, problem.local_share), np.full(size, problem.restate)
    jobs = split_and_jobs(problem.rows, m_out, m_va, Y, local_share=ell, restate=f).get("jobs")
    return np.vstack([output, value_added, np.full(size, math.nan) if jobs is None else jobs])


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
    """All chunks in this process, in order: (3, draws). ``progress(done, total)`` per chunk."""
    parts = []
    for i, (seed, size) in enumerate(plan):
        parts.append(draw_chunk(problem, seed, size))
        if progress is not None:
            progress(i + 1, len(plan))
    return np.hstack(parts)


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MoneyBand(_Out):
    """Distribution of a money figure over the draws [KRW]: whole won, rounded half-to-even
    from the draws' floats (the share of draws reaching the claim uses the floats)."""

    point: ModelKRW | None = Field(description="the point estimate (no noise) [KRW]")
    mean: ModelKRW = Field(description="[KRW]")
    median: ModelKRW = Field(description="[KRW]")
    p5: ModelKRW = Field(description="5th percentile [KRW]")
    p95: ModelKRW = Field(description="95th percentile [KRW]")
    std: ModelKRW = Field(description="standard deviation [KRW]")
    claimed: int | None = Field(description="the plan's claim, when stated [KRW]")
    probability_claim_reached: float | None = Field(
        description="share of draws ≥ the claim; null without a claim"
    )


class Band(_Out):
    """Distribution of a head count over the draws [person-years]."""

    point: float | None = Field(description="the point estimate (no noise)")
    mean: float
    median: float
    p5: float = Field(description="5th percentile")
    p95: float = Field(description="95th percentile")
    std: float
    claimed: float | None = Field(description="the plan's claim, when stated")
    probability_claim_reached: float | None = Field(
        description="share of draws ≥ the claim; null without a claim"
    )


class UncertaintyResult(_Out):
    """Monte Carlo bands of output, value added [KRW] and jobs [person-years]."""

    draws: int
    seed: int
    coefficient_cv: float
    allocation_concentration: float | None
    chunk_size: int
    output: MoneyBand = Field(description="[KRW], whole won")
    value_added: MoneyBand = Field(description="[KRW], whole won")
    jobs: Band = Field(description="[person-years]")
    method: str


def summarise(
    state: ScenarioState,
    samples: FloatArray,
    *,
    seed: int,
    cv: float,
    concentration: float | None,
    model_for: ModelFor = default_model_for,
) -> UncertaintyResult:
    """Bands of (3, draws) ``samples`` with the point estimate and the claims of ``state``."""
    impacts = compute_impacts(state, model_for)
    claims = state.plan.claims
    points: Mapping[str, float | None] = {
        "output": impacts.output.total,
        "value_added": impacts.value_added.total,
        "jobs": impacts.jobs,
    }
    claimed: Mapping[str, int | None] = {
        "output": claims.production_inducement,
        "value_added": claims.value_added_inducement,
        "jobs": claims.jobs,
    }
    stats: dict[str, dict[str, Any]] = {}
    for row, name in enumerate(METRICS):
        x = samples[row]
        p5, median, p95 = np.percentile(x, [5, 50, 95])
        claim = claimed[name]
        stats[name] = {
            "point": points[name],
            "mean": float(x.mean()),
            "median": float(median),
            "p5": float(p5),
            "p95": float(p95),
            "std": float(x.std()),
            "claimed": claim,
            "probability_claim_reached": None if claim is None else float(np.mean(x >= claim)),
        }
    return UncertaintyResult(
        draws=samples.shape[1],
        seed=seed,
        coefficient_cv=cv,
        allocation_concentration=concentration,
        chunk_size=DRAW_CHUNK,
        method=(__doc__ or "").split("\n\n", 1)[1].strip(),
        output=MoneyBand(**stats["output"]),
        value_added=MoneyBand(**stats["value_added"]),
        jobs=Band(**stats["jobs"]),
    )
