"""The effects engine: the one way from a plan's money to its effects.

Public API::

    plan_effects(plan, model, kinds)     PlanEffects per model kind (one batched call)
    plan_demand(plan, table)             the allocation × investment, (n,) [KRW]
    allocation_demand(alloc, table, invs) the same for many investments, (n, m) [KRW]
    plan_region(plan)                    the region named or resolved from the city
    EffectsEngine(model, region).run(Y)  k columns at once (sweeps, scenarios, /v1/impact)
    engine_for(model, region)            that engine, built once per model and region
    split_and_jobs(rows, m_out, m_va, Y, ℓ, f)   the split and the jobs rule (Monte Carlo)
    per_won(total, spent)                a model figure per won spent (unrounded total ÷ won)
    regional_effects(batch.regional, c, table)   the one output model of the regional split

Modules: :mod:`~impact.effects.engine` (the formulas), :mod:`~impact.effects.jobs` (which
coefficients give jobs, restated to the plan's won), :mod:`~impact.effects.regional` (BOK
2020 coefficients of the 17 regions), :mod:`~impact.effects.plans` (plans in),
:mod:`~impact.effects.results` (answers out).
"""

from impact.effects.engine import (
    BASES,
    IMPORT_SHARE,
    MONEY_METRICS,
    REGIONAL_BASES,
    Basis,
    EffectsBatch,
    EffectsEngine,
    EngineRows,
    Parts,
    RegionalBasis,
    RegionalBatch,
    engine_for,
    per_won,
    split_and_jobs,
)
from impact.effects.jobs import Bilingual, JobsRule, Restatement, restatement
from impact.effects.plans import (
    NO_ALLOCATION,
    RegionChoice,
    allocation_demand,
    non_purchases,
    plan_demand,
    plan_effects,
    plan_engine,
    plan_region,
)
from impact.effects.regional import (
    REGIONAL_YEAR,
    RegionalCoefficients,
    load_regional_coefficients,
    national_jobs_proxy,
    regional_coefficients,
)
from impact.effects.results import (
    PlaceholderSector,
    PlanEffects,
    RegionalEffects,
    RegionInfo,
    RegionRef,
    SplitPart,
    plan_effects_of,
    region_catalogue,
    regional_effects,
    whole_won_parts,
)

__all__ = [
    "BASES",
    "IMPORT_SHARE",
    "MONEY_METRICS",
    "NO_ALLOCATION",
    "REGIONAL_BASES",
    "REGIONAL_YEAR",
    "Basis",
    "Bilingual",
    "EffectsBatch",
    "EffectsEngine",
    "EngineRows",
    "JobsRule",
    "Parts",
    "PlaceholderSector",
    "PlanEffects",
    "RegionChoice",
    "RegionInfo",
    "RegionRef",
    "RegionalBasis",
    "RegionalBatch",
    "RegionalCoefficients",
    "RegionalEffects",
    "Restatement",
    "SplitPart",
    "allocation_demand",
    "engine_for",
    "load_regional_coefficients",
    "national_jobs_proxy",
    "non_purchases",
    "per_won",
    "plan_demand",
    "plan_effects",
    "plan_effects_of",
    "plan_engine",
    "plan_region",
    "region_catalogue",
    "regional_coefficients",
    "regional_effects",
    "restatement",
    "split_and_jobs",
    "whole_won_parts",
]
