"""Leontief input-output engine: tables, multipliers, impacts.

References
----------
Miller, R. E. & Blair, P. D. (2009). *Input-Output Analysis: Foundations and
Extensions*, 2nd ed. Cambridge University Press.
"""

from impact.io.demand import demand_vector
from impact.io.model import IOModel
from impact.io.results import BatchImpact, EconomyWide, Effect, Impact, SectorMultipliers
from impact.io.table import IOTable

__all__ = [
    "BatchImpact",
    "EconomyWide",
    "Effect",
    "IOModel",
    "IOTable",
    "Impact",
    "SectorMultipliers",
    "demand_vector",
]
