"""Statuses of an audited claim and the rules that decide them.

A claim is a figure per won spent (production or value added per won, jobs per ₩1bn). It is
compared with three model figures (:mod:`impact.audit.evidence`):

``band`` (low, high)
    where the model's figure for this plan lies when what the audit cannot know varies — the
    split of the budget by sector and the budget basis (how much of each purchase is
    imported) — widened by the model's own error. Inside it the claim is *not contradicted*.
``ceiling``
    the highest figure any allocation of the money over the sectors a public budget buys (and
    the plan's own) can give, with household re-spending (Type II) and no imports taken out.
    More than this cannot come out of the table.

Rules (:func:`classify`), from the top; the first that holds decides:

==============  =====================================================================
status          when
==============  =====================================================================
implausible     claimed > ceiling
optimistic      claimed > band high: reachable only with another allocation, induced
                household spending or a different basis than any the band allows
consistent      band low ≤ claimed ≤ band high: not contradicted by the model
conservative    claimed < band low
==============  =====================================================================

``not_comparable`` is a status of its own, not on that scale: a headline that is no effect
any model or statistic measures (a "total effect" that adds value added to production,
counting it twice) is explained, not judged. An accounting identity that a claim breaks
(value added above the spending in a Type I model, value added above production) makes its
check implausible.

The status is monotone in the claimed figure: raising a claim never moves it to an earlier
status of :data:`STATUSES` (property-tested). The verdict is the most severe judged status.

Examples
--------
>>> classify(1.70, low=1.42, high=1.78, ceiling=2.61)
'consistent'
>>> classify(5.0, low=1.42, high=1.78, ceiling=2.61)
'implausible'
>>> classify(2.35, low=1.34, high=1.86, ceiling=2.61)
'optimistic'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

__all__ = [
    "JUDGED",
    "STATUSES",
    "STATUS_LABELS",
    "THRESHOLDS",
    "Status",
    "classify",
    "worst",
]

Status = Literal["conservative", "consistent", "optimistic", "implausible", "not_comparable"]

JUDGED: tuple[Status, ...] = ("conservative", "consistent", "optimistic", "implausible")
"""In the order of the claimed figure: a larger claim never gets an earlier status."""

STATUSES: tuple[Status, ...] = (*JUDGED, "not_comparable")

STATUS_LABELS: dict[Status, tuple[str, str]] = {
    "consistent": ("consistent", "부합"),
    "conservative": ("conservative", "보수적"),
    "optimistic": ("optimistic", "낙관적"),
    "implausible": ("implausible", "비현실적"),
    "not_comparable": ("not comparable", "비교 불가"),
}
"""English and Korean label of each status."""

THRESHOLDS: dict[str, str] = {
    "consistent": (
        "the claimed figure lies inside the model's band for the plan: the 5th–95th percentile "
        "of the model's figure when the split of the budget by sector (Dirichlet around the "
        "plan's own, or around public final demand without one) and the budget basis (the "
        "share of each purchase imported) vary, widened by 5 % for the model's own error: not "
        "contradicted by the model"
    ),
    "conservative": "below the band",
    "optimistic": (
        "above the band but not above the ceiling: reachable only with another allocation, "
        "household re-spending or a basis the band does not allow"
    ),
    "implausible": (
        "above the ceiling — the highest figure of any sector a public budget buys (or the "
        "plan's own), with household re-spending (Type II) and no imports taken out: no "
        "allocation of the money gives it. Also: an accounting identity is broken (value "
        "added above the amount spent in a Type I audit, or above production)"
    ),
    "not_comparable": (
        "a headline that no model or statistic measures (a 'total effect' adding value added "
        "to production): explained, not judged"
    ),
    "overall": (
        "the verdict takes the most severe judged status of the checks: implausible, then "
        "optimistic, then conservative, then consistent; not-comparable checks are reported "
        "beside it"
    ),
}
"""The documented rules, as shown in every audit report."""

_SEVERITY: dict[Status, int] = {
    "consistent": 0,
    "conservative": 1,
    "optimistic": 2,
    "implausible": 3,
}


def classify(claimed: float, *, low: float, high: float, ceiling: float) -> Status:
    """Status of a claimed figure against the model's band and ceiling (module docstring).

    Parameters
    ----------
    claimed
        The plan's figure per unit spent [KRW/KRW or persons/₩1bn].
    low, high
        The band of the model's figure for the plan [same unit].
    ceiling
        The highest figure any allocation can give, with induced effects [same unit].

    Examples
    --------
    >>> classify(1.2, low=1.42, high=1.78, ceiling=2.61)
    'conservative'
    >>> classify(2.2, low=1.42, high=1.78, ceiling=2.61)
    'optimistic'
    """
    if claimed > ceiling:
        return "implausible"
    if claimed > high:
        return "optimistic"
    return "consistent" if claimed >= low else "conservative"


def worst(statuses: Iterable[Status | None]) -> Status | None:
    """The most severe judged status (implausible > optimistic > conservative > consistent);
    ``not_comparable`` and ``None`` are not judged.

    Examples
    --------
    >>> worst(["consistent", None, "conservative", "not_comparable"]), worst([None])
    ('conservative', None)
    """
    found: Status | None = None
    for status in statuses:
        if status in _SEVERITY and (found is None or _SEVERITY[status] > _SEVERITY[found]):
            found = status
    return found
