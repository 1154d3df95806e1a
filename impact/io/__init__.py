"""Leontief input-output engine: tables, multipliers, impacts, regionalisation.

Public API (everything the web layer calls)::

    load_bok_2023() -> IOTable                 BOK 2023, 83 sectors, million KRW
    bok_2023_model() -> IOModel                its model, factorised once
    IOModel(table).multipliers(model)          per-sector multipliers
    IOModel(table).economy_wide(model)         weighted whole-economy averages
    IOModel(table).impact(demand, model)       effects of {code: amount}
    IOModel(table).impact_batch(Y, model)      k scenarios at once
    regionalize(table, method, reg_emp, nat_emp, delta)
    load_bok_published()                       BOK's own coefficients, with sources

References
----------
Miller, R. E. & Blair, P. D. (2009). *Input-Output Analysis: Foundations and
Extensions*, 2nd ed. Cambridge University Press.
"""

from impact.io.bok import (
    BOK_2023_ID,
    PublishedFigure,
    bok_2023_model,
    is_bok_2023,
    load_bok_2023,
    load_bok_published,
    published_figure,
)
from impact.io.demand import demand_vector
from impact.io.lq import cross_industry_lq, flq, regionalize, simple_lq
from impact.io.model import IOModel
from impact.io.results import BatchImpact, EconomyWide, Effect, Impact, SectorMultipliers
from impact.io.table import IOTable

__all__ = [
    "BOK_2023_ID",
    "BatchImpact",
    "EconomyWide",
    "Effect",
    "IOModel",
    "IOTable",
    "Impact",
    "PublishedFigure",
    "SectorMultipliers",
    "bok_2023_model",
    "cross_industry_lq",
    "demand_vector",
    "flq",
    "is_bok_2023",
    "load_bok_2023",
    "load_bok_published",
    "published_figure",
    "regionalize",
    "simple_lq",
]
