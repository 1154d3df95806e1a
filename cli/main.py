"""``impact``: metrics, comparisons, what-ifs, sweeps and Monte Carlo bands from the shell.

Every command reads plan documents (the JSON the API accepts, e.g.
``seeds/plans/sejong-2024.json``) and calls :mod:`impact` directly; ``--json``
prints the same body the API would answer.

Examples::

    impact metrics seeds/plans/sejong-2024.json
    impact compare seeds/plans/sejong-2024.json seeds/plans/daejeon-2018.json --price-year 2024
    impact scenario seeds/plans/sejong-2024.json --allocation 62=0.5,51=0.3,70=0.2 \\
        --adjust '{"type": "scale_investment", "factor": 0.8}' --adjust local_share.value=0.6
    impact sweep seeds/plans/sejong-2024.json --allocation 62=0.5,51=0.3,70=0.2 \\
        --grid scale_investment.factor=0.5,0.8,1 --grid local_share.value=0.6,1
    impact uncertainty seeds/plans/sejong-2024.json --allocation 62=0.5,51=0.3,70=0.2 \\
        --draws 100000 --seed 1 --cv 0.1
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

from cli.render import (
    money,
    number,
    scenario_table,
    sweep_table,
    uncertainty_table,
)
from impact.compare import compare_plans
from impact.errors import ImpactError
from impact.plan import Allocation, Plan
from impact.prices import PriceIndexName
from impact.report import evaluate
from impact.scenario.adjustments import ADJUSTMENT_ADAPTER, Adjustment
from impact.scenario.grid import expand_grid
from impact.scenario.single import run_scenario
from impact.scenario.state import apply_adjustments
from impact.scenario.sweep import run_sweep, sweep_rows
from impact.scenario.uncertainty import summarise, uncertainty_problem
from runner.executors import DaskExecutor, Executor, InlineExecutor
from runner.work import uncertainty_samples

app = typer.Typer(
    name="impact",
    help="Economic-impact calculator for public investment plans (Bank of Korea IO tables).",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()

JsonFlag = Annotated[bool, typer.Option("--json", help="print the API's JSON body instead")]
PlanFile = Annotated[
    Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="a plan JSON file")
]
AdjustOption = Annotated[
    list[str] | None,
    typer.Option(
        "--adjust",
        "-a",
        help='an adjustment as JSON (\'{"type": "model", "kind": "type_ii"}\') or '
        "'<type>.<parameter>=<value>' (e.g. local_share.value=0.6); repeatable, in order",
    ),
]
AllocationOption = Annotated[
    str | None,
    typer.Option(
        "--allocation",
        help="shares by sector code, 'CODE=SHARE,…' (e.g. 62=0.5,51=0.3,70=0.2); "
        "replaces the plan's allocation (baseline and scenario alike)",
    ),
]


def _fail(message: str) -> typer.Exit:
    console.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(code=2)


def _load_plan(path: Path) -> Plan:
    try:
        return Plan.model_validate_json(path.read_text(encoding="utf-8"))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "plan"
        raise _fail(f"{path}: {where}: {first['msg']}") from None


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def _plan(path: Path, allocation: str | None) -> Plan:
    """The plan of ``path``; ``--allocation`` replaces its allocation (an assumption)."""
    plan = _load_plan(path)
    if not allocation:
        return plan
    shares = dict(part.split("=", 1) for part in allocation.split(",") if "=" in part)
    document = {"shares": shares, "basis": "assumed", "notes": "given with --allocation"}
    try:
        chosen = Allocation.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise _fail(f"--allocation: {where}: {first['msg']}") from None
    return plan.model_copy(update={"allocation": chosen})


def _adjustments(adjust: list[str] | None) -> list[Adjustment]:
    raw: list[Any] = []
    for text in adjust or []:
        if text.lstrip().startswith("{"):
            raw.append(_value(text))
        else:
            key, _, value = text.partition("=")
            kind, _, param = key.partition(".")
            raw.append({"type": kind, param: _value(value)})
    out = []
    for i, item in enumerate(raw):
        try:
            out.append(ADJUSTMENT_ADAPTER.validate_python(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"] if not str(p).startswith("<"))
            raise _fail(f"adjustment {i}: {loc}: {first['msg']}") from None
    return out


def _emit(body: Any) -> None:
    typer.echo(json.dumps(body, ensure_ascii=False, indent=2))


@app.command()
def metrics(plan_file: PlanFile, as_json: JsonFlag = False) -> None:
    """Derived metrics and arithmetic flags of a plan (as POST /v1/metrics)."""
    report = evaluate(_load_plan(plan_file))
    if as_json:
        _emit(report.model_dump(mode="json"))
        return
    table = Table(title=f"{report.plan.city}: {money(report.plan.investment)}")
    for column in ("metric", "value", "formula"):
        table.add_column(column)
    for name, metric in report.metrics.items():
        shown = metric.display.en if metric.display else (metric.reason.en if metric.reason else "")
        table.add_row(name, shown, metric.formula)
    console.print(table)
    for flag in report.flags:
        console.print(f"[bold]{flag.severity}[/bold] {flag.code}: {flag.message.en}")


@app.command()
def compare(
    plans: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False, help="plan files")],
    price_year: Annotated[int | None, typer.Option(help="price year of the comparison")] = None,
    index: Annotated[PriceIndexName, typer.Option(help="price index")] = (
        PriceIndexName.GDP_DEFLATOR
    ),
    as_json: JsonFlag = False,
) -> None:
    """Plans restated on one price basis and ranked per metric (as POST /v1/compare)."""
    loaded = [(path.stem, _load_plan(path)) for path in plans]
    try:
        result = compare_plans(loaded, target_year=price_year, index=index)
    except ImpactError as exc:
        raise _fail(str(exc)) from None
    if as_json:
        _emit(result.model_dump(mode="json"))
        return
    table = Table(title=f"in {result.price_year} won ({result.index.value})")
    table.add_column("metric")
    for row in result.rows:
        table.add_column(row.label, justify="right")
    table.add_row("investment", *(money(row.real_investment) for row in result.rows))
    for name in result.rankings:
        values = [row.metrics[name] for row in result.rows]
        cells = [
            f"{m.display.en if m.display else '—'} (#{row.ranks[name] or '–'})"
            for m, row in zip(values, result.rows, strict=True)
        ]
        table.add_row(name, *cells)
    console.print(table)


@app.command()
def scenario(
    plan_file: PlanFile,
    allocation: AllocationOption = None,
    adjust: AdjustOption = None,
    as_json: JsonFlag = False,
) -> None:
    """One what-if: baseline vs the adjusted plan (as POST /v1/scenarios)."""
    plan = _plan(plan_file, allocation)
    try:
        result = run_scenario(plan, _adjustments(adjust))
    except ImpactError as exc:
        raise _fail(str(exc)) from None
    if as_json:
        _emit(result.model_dump(mode="json"))
        return
    console.print(scenario_table(result))


@app.command()
def sweep(
    plan_file: PlanFile,
    grid: Annotated[
        list[str],
        typer.Option(help="'<type>.<parameter>=v1,v2,…'; repeatable (cartesian product)"),
    ],
    allocation: AllocationOption = None,
    adjust: AdjustOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Many what-ifs of one plan on a grid, as one batched product (as POST /v1/sweeps)."""
    plan = _plan(plan_file, allocation)
    spec: dict[str, list[Any]] = {}
    for item in grid:
        key, _, values = item.partition("=")
        spec[key] = [_value(v) for v in values.split(",") if v]
    try:
        expanded = expand_grid(spec)
        result = run_sweep(plan, expanded.rows, base=_adjustments(adjust), paths=expanded.paths)
    except ImpactError as exc:
        raise _fail(str(exc)) from None
    if as_json:
        rows = sweep_rows(result, parameters=expanded.parameters)
        _emit({"count": len(rows), "notes": result.notes, "rows": rows})
        return
    console.print(sweep_table(result, expanded.parameters))


@app.command()
def uncertainty(
    plan_file: PlanFile,
    *,
    draws: Annotated[int, typer.Option(min=1, max=100_000, help="Monte Carlo draws")] = 10_000,
    seed: Annotated[int, typer.Option(min=0, help="seed (same seed, same answer)")] = 0,
    cv: Annotated[float, typer.Option(min=0, max=2, help="CV of coefficient noise")] = 0.1,
    concentration: Annotated[
        float | None, typer.Option(help="Dirichlet concentration of the shares (default: fixed)")
    ] = None,
    basis_uncertainty: Annotated[
        bool, typer.Option(help="draw the share of imports taken out of each purchase")
    ] = True,
    local_share_spread: Annotated[
        float, typer.Option(help="a plan in a region: draw ℓ on [ℓ − spread, ℓ]")
    ] = 0.3,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address (default: this process)")
    ] = None,
    allocation: AllocationOption = None,
    adjust: AdjustOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Monte Carlo bands of output, value added and jobs (as POST /v1/uncertainty)."""
    plan = _plan(plan_file, allocation)
    try:
        state = apply_adjustments(plan, _adjustments(adjust))
        problem = uncertainty_problem(
            state,
            cv=cv,
            concentration=concentration,
            basis_uncertainty=basis_uncertainty,
            local_share_spread=local_share_spread,
        )
    except ImpactError as exc:
        raise _fail(str(exc)) from None
    executor: Executor = DaskExecutor(scheduler) if scheduler else InlineExecutor()
    columns = (BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, disable=as_json, transient=True) as bar:
        task = bar.add_task("draws", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            samples, alone = uncertainty_samples(problem, draws, seed, executor, progress)
        finally:
            if isinstance(executor, DaskExecutor):
                executor.close()
    result = summarise(
        state,
        samples,
        seed=seed,
        problem=problem,
        samples_alone=alone,
        announced_investment=plan.investment,
    )
    if as_json:
        _emit(result.model_dump(mode="json"))
        return
    console.print(uncertainty_table(result))
    console.print(f"{number(draws)} draws, seed {seed}, coefficient CV {cv}")


if __name__ == "__main__":
    app()
