"""Statuses of an audited claim and the thresholds that decide them.

A claim is a figure per won spent (production or value added per won, jobs per
₩1bn). It is compared with three model figures:

``point``
    what the input-output model gives for the plan's allocation (Type I unless
    the audit asks for Type II); ``None`` when the plan states no allocation;
``low``, ``high``
    the lowest and highest single-sector figure of the same model: what any
    allocation of the money could give, since the plan's figure is a weighted
    average of sector figures with weights adding up to one;
``ceiling``
    the highest single-sector figure **with induced household spending**
    (Type II): more than this cannot come out of the table, however the money
    is spent, even when household re-spending is counted.

Rules (:func:`classify`), from the top; the first that holds decides:

==============  =====================================================================
status          when (``t`` = :data:`TOLERANCE` = 15 %)
==============  =====================================================================
implausible     claimed > ceiling
optimistic      claimed > (1 + t) · point; without a point: claimed > high
consistent      claimed ≥ (1 − t) · point; without a point: claimed ≥ low
conservative    otherwise (the claim is below what the model gives)
==============  =====================================================================

The status is monotone in the claimed figure: raising a claim never moves it to
an earlier status of :data:`STATUSES` (property-tested). ±15 % absorbs what the
model cannot know (the real split of the budget inside a sector, the price year,
BOK's domestic table vs our competitive-import approximation, about 0.6 %).

Examples
--------
>>> classify(1.70, point=1.66, low=1.25, high=2.46, ceiling=3.59)
'consistent'
>>> classify(5.0, point=1.66, low=1.25, high=2.46, ceiling=3.59)
'implausible'
>>> classify(2.0, point=None, low=1.25, high=2.46, ceiling=3.59)
'consistent'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

__all__ = [
    "STATUSES",
    "STATUS_LABELS",
    "THRESHOLDS",
    "TOLERANCE",
    "Status",
    "classify",
    "worst",
]

Status = Literal["conservative", "consistent", "optimistic", "implausible"]

STATUSES: tuple[Status, ...] = ("conservative", "consistent", "optimistic", "implausible")
"""In the order of the claimed figure: a larger claim never gets an earlier status."""

TOLERANCE = 0.15
"""Relative band around the model's point within which a claim is consistent [-]."""

STATUS_LABELS: dict[Status, tuple[str, str]] = {
    "consistent": ("consistent", "부합"),
    "conservative": ("conservative", "보수적"),
    "optimistic": ("optimistic", "낙관적"),
    "implausible": ("implausible", "비현실적"),
}
"""English and Korean label of each status."""

THRESHOLDS: dict[str, str] = {
    "consistent": (
        "the claimed figure is within ±15 % of the model's figure for the plan's allocation; "
        "without an allocation, within the range of single-sector figures"
    ),
    "conservative": (
        "more than 15 % below the model's figure for the allocation; without an allocation, "
        "below the lowest single sector"
    ),
    "optimistic": (
        "more than 15 % above the model's figure for the allocation (without an allocation: "
        "above the highest single sector) but not above the highest single-sector Type II "
        "figure: reachable only with a different allocation, with induced household "
        "spending, or both"
    ),
    "implausible": (
        "above the highest single-sector Type II figure: no allocation of the money across the "
        "table's sectors gives it, even counting household re-spending. Also: an accounting "
        "identity is violated (value added above the amount spent in a Type I audit, a total "
        "that counts value added twice)"
    ),
    "overall": (
        "the verdict takes the most severe status of the checks: implausible, then optimistic, "
        "then conservative, then consistent"
    ),
}
"""The documented rules, as shown in every audit report."""

_SEVERITY: dict[Status, int] = {
    "consistent": 0,
    "conservative": 1,
    "optimistic": 2,
    "implausible": 3,
}


def classify(
    claimed: float,
    *,
    point: float | None,
    low: float,
    high: float,
    ceiling: float,
    tolerance: float = TOLERANCE,
) -> Status:
    """Status of a claimed figure against the model (rules in the module docstring).

    Parameters
    ----------
    claimed
        The plan's figure per unit spent [KRW/KRW or persons/₩1bn].
    point
        The model's figure for the plan's allocation, or ``None`` [same unit].
    low, high
        Lowest and highest single-sector figure of the same model [same unit].
    ceiling
        Highest single-sector figure with induced household effects [same unit].
    tolerance
        Relative band around ``point`` [-].

    Returns
    -------
    Status
        ``"conservative"``, ``"consistent"``, ``"optimistic"`` or ``"implausible"``.

    Examples
    --------
    >>> classify(1.2, point=1.66, low=1.25, high=2.46, ceiling=3.59)
    'conservative'
    >>> classify(2.2, point=1.66, low=1.25, high=2.46, ceiling=3.59)
    'optimistic'
    """
    if claimed > ceiling:
        return "implausible"
    if point is None:
        if claimed > high:
            return "optimistic"
        return "consistent" if claimed >= low else "conservative"
    if claimed > (1.0 + tolerance) * point:
        return "optimistic"
    return "consistent" if claimed >= (1.0 - tolerance) * point else "conservative"


def worst(statuses: Iterable[Status | None]) -> Status | None:
    """The most severe status (implausible > optimistic > conservative > consistent).

    Examples
    --------
    >>> worst(["consistent", None, "conservative"]), worst([None])
    ('conservative', None)
    """
    found: Status | None = None
    for status in statuses:
        if status is not None and (found is None or _SEVERITY[status] > _SEVERITY[found]):
            found = status
    return found
