"""Rich tables of scenario, sweep and Monte Carlo results (English display)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from impact.money import format_krw
from impact.scenario.result import ScenarioResult
from impact.scenario.sweep import SweepResult
from impact.scenario.uncertainty import UncertaintyResult

__all__ = [
    "money",
    "number",
    "progress_bar",
    "scenario_table",
    "sweep_table",
    "uncertainty_table",
]

SWEEP_SHOWN = (
    ("investment_krw", "investment"),
    ("output_krw", "output"),
    ("value_added_krw", "value added"),
    ("jobs", "job-years"),
    ("output_in_region_krw", "output in region"),
    ("jobs_in_region", "job-years in region"),
    ("cost_per_job_krw", "cost per claimed job"),
)
MAX_SHOWN_ROWS = 200
SCENARIO_SHOWN = (
    ("plan.investment", "investment"),
    ("impacts.output.total", "output"),
    ("impacts.value_added.total", "value added"),
    ("impacts.jobs", "job-years"),
    ("impacts.regional.production.in_region", "output in region"),
    ("impacts.regional.production.rest_of_korea", "output, rest of Korea"),
    ("impacts.regional.jobs.in_region", "job-years in region"),
    ("impacts.regional.jobs.rest_of_korea", "job-years, rest of Korea"),
    ("impacts.annual.lasting_jobs", "lasting jobs (job-years / years)"),
    ("metrics.cost_per_job_krw", "cost per claimed job"),
)


def money(value: float | None) -> str:
    """₩ with B/T (rounded to the won first); '—' for None/NaN."""
    if value is None or math.isnan(value):
        return "—"
    return format_krw(round(value), "en")


def number(value: float | None, digits: int = 0) -> str:
    """Grouped number; '—' for None/NaN."""
    if value is None or math.isnan(value):
        return "—"
    return f"{value:,.{digits}f}"


def progress_bar(console: Console, what: str, *, disable: bool = False) -> Progress:
    """A bar counting ``what`` (draws, rows): done/total, time taken and time left (ETA)."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        disable=disable,
        transient=True,
    )


def _cell(name: str, value: float | None) -> str:
    if name.endswith("_krw"):
        return money(value)
    return number(value, 0 if "jobs" in name else 4)


def scenario_table(result: ScenarioResult) -> Table:
    """Key numbers of baseline and scenario with their changes."""
    table = Table(title=f"{result.scenario.plan.city}: what-if")
    for column in ("figure", "baseline", "scenario", "change"):
        table.add_column(column, justify="left" if column == "figure" else "right")
    for key, label in SCENARIO_SHOWN:
        change = result.delta.get(key)
        if change is None:
            continue
        is_money = "jobs" not in key or key.endswith("_krw")
        show = money if is_money else number
        percent = "" if change.percent_display is None else f" ({change.percent_display})"
        delta = "—" if change.change is None else f"{show(change.change)}{percent}"
        table.add_row(label, show(change.baseline), show(change.scenario), delta)
    return table


def _wide(title: str) -> Table:
    """A table of many narrow columns that fits 80 columns: rules under the header only,
    long headers and values wrapped (folded), never cut."""
    return Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)


def sweep_table(result: SweepResult, parameters: Sequence[dict[str, Any]]) -> Table:
    """The first rows of a sweep with their parameters and key figures."""
    table = _wide(f"sweep: {len(result)} rows")
    keys = list(parameters[0]) if parameters else []
    rows = [
        [str(parameters[r][key]) for key in keys]
        + [_cell(name, float(result.columns[name][r])) for name, _ in SWEEP_SHOWN]
        for r in range(min(len(result), MAX_SHOWN_ROWS))
    ]
    headers = [key.replace(".", " ") for key in keys] + [title for _, title in SWEEP_SHOWN]
    for c, header in enumerate(headers):
        widest = max((len(row[c]) for row in rows), default=1)  # values whole, headers wrap
        table.add_column(header, justify="right", overflow="fold", min_width=widest)
    for row in rows:
        table.add_row(*row)
    return table


def uncertainty_table(result: UncertaintyResult) -> Table:
    """Point estimate, mean, median, 5–95 % band and P(claim reached) per figure."""
    table = _wide("Monte Carlo bands")
    for column in ("figure", "point", "mean", "median", "5%", "95%", "claimed", "P(≥ claim)"):
        justify: Literal["left", "right"] = "left" if column == "figure" else "right"
        table.add_column(column, justify=justify, overflow="fold")
    for name, band in (
        ("output", result.output),
        ("value added", result.value_added),
        ("job-years", result.jobs),
        ("output in region", result.output_in_region),
        ("job-years in region", result.jobs_in_region),
    ):
        if band is None:
            continue
        show = number if name.startswith("job") else money
        p = band.probability_claim_reached
        table.add_row(
            name, show(band.point), show(band.mean), show(band.median), show(band.p5),
            show(band.p95), show(band.claimed), "—" if p is None else f"{100 * p:.1f}%",
        )  # fmt: skip
    return table
