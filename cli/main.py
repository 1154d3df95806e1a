"""``impact``: metrics, comparisons, what-ifs, sweeps and Monte Carlo bands from the shell.

Every command reads plan documents (the JSON the API accepts, e.g.
``seeds/plans/sejong-2024.json``) and calls :mod:`impact` directly; ``--json``
prints the same body the API would answer.

Examples::

    impact audit seeds/plans/sejong-2024.json --lang ko
    impact audit seeds/plans/daejeon-2018.json --format csv > daejeon-audit.csv
    impact metrics seeds/plans/sejong-2024.json
    impact compare seeds/plans/sejong-2024.json seeds/plans/daejeon-2018.json --price-year 2024
    impact scenario seeds/plans/sejong-2024.json --allocation 62=0.5,51=0.3,70=0.2 \\
        --adjust '{"type": "scale_investment", "factor": 0.8}' --adjust local_share.value=0.6
    impact sweep seeds/plans/sejong-2024.json --allocation 62=0.5,51=0.3,70=0.2 \\
        --grid scale_investment.factor=0.5,0.8,1 --grid local_share.value=0.6,1
    impact uncertainty seeds/plans/sejong-2024.json --allocation 62=0.5,51=0.3,70=0.2 \\
        --draws 100000 --seed 1 --cv 0.1
    impact serve --port 8080    # the web service and its page (what `make serve` runs)
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from cli.audit_view import audit_view
from cli.inputs import InputError, load_plan, with_allocation
from cli.render import (
    money,
    number,
    progress_bar,
    scenario_table,
    sweep_table,
    uncertainty_table,
)
from impact.audit import audit as audit_plan
from impact.compare import compare_plans
from impact.effects import Basis
from impact.errors import ImpactError
from impact.export import audit_sheets, to_csv
from impact.io import bok_2023_model
from impact.io.results import ModelKind
from impact.plan import Plan
from impact.prices import PriceIndexName
from impact.report import evaluate
from impact.scenario.adjustments import ADJUSTMENT_ADAPTER, Adjustment
from impact.scenario.grid import expand_grid
from impact.scenario.single import run_scenario
from impact.scenario.state import apply_adjustments
from impact.scenario.sweep import sweep_rows
from impact.scenario.uncertainty import DRAW_CHUNK, summarise, uncertainty_problem
from runner.executors import DaskExecutor, Executor, InlineExecutor
from runner.work import sweep_in_chunks, uncertainty_samples

app = typer.Typer(
    name="impact",
    help="Economic-impact calculator for public investment plans (Bank of Korea IO tables).",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
progress_console = Console(stderr=True)
"""Progress bars go to stderr: the output itself (a table, JSON, CSV) can be redirected."""

SWEEP_PROGRESS_CHUNK = 2_000
"""Rows per step of ``impact sweep``'s progress bar (the batched product, in slices)."""

Lang = Literal["en", "ko"]
LangOption = Annotated[
    Lang, typer.Option("--lang", help="language of the answer and of errors: en or ko")
]

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


def _load_plan(path: Path, lang: Lang = "en") -> Plan:
    try:
        return load_plan(path, lang)
    except InputError as exc:
        raise _fail("\n".join(exc.lines)) from None


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def _plan(path: Path, allocation: str | None, lang: Lang = "en") -> Plan:
    """The plan of ``path``; ``--allocation`` replaces its allocation (an assumption)."""
    try:
        return with_allocation(load_plan(path, lang), allocation, lang)
    except InputError as exc:
        raise _fail("\n".join(exc.lines)) from None


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
def audit(
    plan_file: PlanFile,
    *,
    output: Annotated[
        Literal["table", "json", "csv"],
        typer.Option(
            "--format",
            help="table (default), json (the API's body) or csv (the checks, as ?format=csv)",
        ),
    ] = "table",
    lang: LangOption = "en",
    currency: Annotated[
        Literal["KRW", "USD"],
        typer.Option(help="money in the table: won, or dollars at the price year's rate"),
    ] = "KRW",
    model: Annotated[
        ModelKind, typer.Option(help="type_i (default) or type_ii for the point estimates")
    ] = "type_i",
    basis: Annotated[
        Basis,
        typer.Option(help="purchaser (default: imports out of the purchases) or domestic"),
    ] = "purchaser",
    allocation: AllocationOption = None,
) -> None:
    """A plan's claims judged against the BOK 2023 input-output model (as POST /v1/audit):
    the same verdict, checks, regional split and flags."""
    plan = _plan(plan_file, allocation, lang)
    try:
        report = audit_plan(plan, bok_2023_model(), kind=model, basis=basis)
        view = audit_view(report, lang=lang, currency=currency) if output == "table" else []
    except ImpactError as exc:
        raise _fail(str(exc)) from None
    if output == "json":
        _emit(report.model_dump(mode="json"))
    elif output == "csv":
        typer.echo(to_csv(audit_sheets(report)[0]), nl=False)
    else:
        for renderable in view:
            console.print(renderable)


@app.command()
def metrics(plan_file: PlanFile, as_json: JsonFlag = False, lang: LangOption = "en") -> None:
    """Derived metrics and arithmetic flags of a plan (as POST /v1/metrics)."""
    report = evaluate(_load_plan(plan_file, lang))
    if as_json:
        _emit(report.model_dump(mode="json"))
        return
    shown_investment = report.display["investment"]
    heading = shown_investment.ko if lang == "ko" else shown_investment.en
    table = Table(title=f"{report.plan.city}: {heading}")
    for column in ("metric", "value", "formula"):
        table.add_column(column, overflow="fold")
    for name, metric in report.metrics.items():
        if metric.display is not None:
            shown = metric.display.ko if lang == "ko" else metric.display.en
        elif metric.reason is not None:
            shown = metric.reason.ko if lang == "ko" else metric.reason.en
        else:
            shown = ""
        table.add_row(name, shown, metric.formula)
    console.print(table)
    for flag in report.flags:
        message = flag.message.ko if lang == "ko" else flag.message.en
        console.print(f"[bold]{flag.severity}[/bold] {flag.code}: {message}")


@app.command()
def compare(
    plans: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False, help="plan files")],
    price_year: Annotated[int | None, typer.Option(help="price year of the comparison")] = None,
    index: Annotated[PriceIndexName, typer.Option(help="price index")] = (
        PriceIndexName.GDP_DEFLATOR
    ),
    currency: Annotated[
        Literal["KRW", "USD"], typer.Option(help="USD adds dollar figures (the API's usd)")
    ] = "KRW",
    as_json: JsonFlag = False,
) -> None:
    """Plans restated on one price basis and ranked per metric (as POST /v1/compare)."""
    loaded = [(path.stem, _load_plan(path)) for path in plans]
    try:
        result = compare_plans(loaded, target_year=price_year, index=index, currency=currency)
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
    if currency == "USD":
        dollars = [row.usd or {} for row in result.rows]
        for key in dollars[0] if dollars else {}:
            table.add_row(key, *(f"US${d[key]:,.0f}" if key in d else "—" for d in dollars))
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
        base = _adjustments(adjust)
        with progress_bar(progress_console, "rows", disable=as_json) as bar:
            task = bar.add_task("rows", total=len(expanded.rows))

            def advance(done: int, total: int) -> None:
                rows = min(done * SWEEP_PROGRESS_CHUNK, len(expanded.rows))
                bar.update(task, completed=rows)

            result = sweep_in_chunks(
                plan, expanded.rows, base=base, paths=expanded.paths, field="grid",
                progress=advance, chunk=SWEEP_PROGRESS_CHUNK,
            )  # fmt: skip
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
    with progress_bar(progress_console, "draws", disable=as_json) as bar:
        task = bar.add_task("draws", total=draws)

        def progress(done: int, total: int) -> None:  # chunks of DRAW_CHUNK draws
            bar.update(task, completed=min(done * DRAW_CHUNK, draws))

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


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="address to listen on (default IMPACT_HOST, 127.0.0.1)")
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(min=1, max=65535, help="port (default IMPACT_PORT, 8000)"),
    ] = None,
) -> None:
    """Run the web service and its page: the same entry as `make serve` (python -m api).
    Every IMPACT_* setting of the environment applies; --host and --port override two."""
    env = dict(os.environ)
    if host is not None:
        env["IMPACT_HOST"] = host
    if port is not None:
        env["IMPACT_PORT"] = str(port)
    argv = [sys.executable, "-m", "api"]
    os.execve(sys.executable, argv, env)  # noqa: S606 (a fixed argv, no shell)


if __name__ == "__main__":
    app()
