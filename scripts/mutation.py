"""Mutation testing of the core's formula modules (``make mutation``; docs/testing.md).

``python -m scripts.mutation`` runs mutmut afresh (the configuration is ``[tool.mutmut]`` in
pyproject.toml) over every module of ``only_mutate``, or over the modules named with
``--module``, and writes the result per module to ``docs/mutation.json``: mutants, killed,
the survivors with their change, the documented equivalent mutants
(``docs/mutation_equivalents.toml``) with their reason, and the score
``killed / (mutants − equivalent)``. It exits non-zero when a module scores below
:data:`TARGET`, or when a record of an equivalent mutant no longer matches the code.

``--report-only`` writes the report from the results of the last run in ``mutants/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "mutation.json"
TESTING = ROOT / "docs" / "testing.md"
TABLE_START, TABLE_END = "<!-- mutation-table:start -->", "<!-- mutation-table:end -->"
EQUIVALENTS = ROOT / "docs" / "mutation_equivalents.toml"
MUTANTS = ROOT / "mutants"
MUTMUT = Path(sys.executable).parent / "mutmut"

TARGET = 0.95
"""Lowest accepted score per module, killed / (mutants − equivalent) [-]."""

#: mutmut's exit codes (mutmut/stats.py) that count as a detected mutant: a failing test, an
#: internal pytest error, or a run the CPU-time limit stopped (a mutant that loops forever).
KILLED_CODES = frozenset({1, 3, 24, -24, 152, 255, 36, -9, -11})
SURVIVED_CODE = 0


@dataclass(frozen=True)
class Equivalent:
    """A surviving mutant that cannot change any result, and why."""

    mutant: str
    change: str
    reason: str


@dataclass
class ModuleResult:
    """One module's outcome."""

    module: str
    mutants: int
    killed: int
    timeout: int
    timeouts: list[dict[str, str]] = field(default_factory=list)
    survivors: list[dict[str, str]] = field(default_factory=list)
    equivalent: list[dict[str, str]] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        """killed / (mutants − equivalent) [-]; 1 when every mutant is equivalent."""
        judged = self.mutants - len(self.equivalent)
        return self.killed / judged if judged else 1.0

    def as_json(self, measured: str) -> dict[str, Any]:
        return {
            "module": self.module,
            "mutants": self.mutants,
            "killed": self.killed,
            "of_which_timeout": self.timeout,
            "survived": len(self.survivors),
            "equivalent": len(self.equivalent),
            "score": round(self.score, 4),
            "measured": measured,
            "timeouts": self.timeouts,
            "survivors": self.survivors,
            "equivalents": self.equivalent,
        }


def mutmut_config() -> Mapping[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        config: Mapping[str, Any] = tomllib.load(handle)["tool"]["mutmut"]
    return config


def module_name(path: str) -> str:
    """``impact/io/iomath.py`` → ``impact.io.iomath`` (the prefix of its mutants' names)."""
    return path.removesuffix(".py").replace("/", ".")


def load_equivalents(path: Path = EQUIVALENTS) -> dict[str, Equivalent]:
    with path.open("rb") as handle:
        records = tomllib.load(handle).get("equivalent", [])
    return {r["mutant"]: Equivalent(r["mutant"], r["change"], r["reason"]) for r in records}


def changed_line(diff: str) -> str:
    """The mutated line(s) of ``mutmut show``'s diff, stripped, joined by `` / ``."""
    plus = [
        line[1:].strip()
        for line in diff.splitlines()
        if line.startswith("+") and not line.startswith("+++")
    ]
    return " / ".join(plus) if plus else "(line removed)"


def show(mutant: str) -> str:
    """The diff of one mutant, as ``mutmut show`` prints it."""
    out = subprocess.run(  # noqa: S603 -- our own mutmut, a name it printed
        [str(MUTMUT), "show", mutant], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return out.stdout


def summarise(
    module: str,
    exit_codes: Mapping[str, int | None],
    equivalents: Mapping[str, Equivalent],
    diff_of: Any = show,
) -> tuple[ModuleResult, list[str]]:
    """Count one module's mutants; return the result and the problems found.

    A problem is a record of an equivalent mutant that is not a survivor of this run, or
    whose change is no longer the recorded one (the code moved: check it again).
    """
    result = ModuleResult(module, mutants=len(exit_codes), killed=0, timeout=0)
    problems: list[str] = []
    prefix = module_name(module) + "."
    for name, code in sorted(exit_codes.items(), key=lambda item: _mutant_order(item[0])):
        if code in KILLED_CODES:
            result.killed += 1
            if code not in {1, 3}:
                result.timeout += 1
                result.timeouts.append({"mutant": name, "change": changed_line(diff_of(name))})
            if name in equivalents:
                problems.append(f"{name} is recorded as equivalent but was killed")
            continue
        if code is None:
            result.unchecked.append(name)
        change = changed_line(diff_of(name))
        record = equivalents.get(name)
        if record is not None and code == SURVIVED_CODE:
            if record.change.strip() not in change:
                problems.append(
                    f"{name}: the record says '{record.change}', the mutant now is '{change}'"
                )
            else:
                result.equivalent.append(
                    {"mutant": name, "change": change, "reason": record.reason}
                )
                continue
        status = "survived" if code == SURVIVED_CODE else f"not killed (exit code {code})"
        result.survivors.append({"mutant": name, "change": change, "status": status})
    problems += [
        f"{name} is recorded as equivalent but is no mutant of this run"
        for name in equivalents
        if name.startswith(prefix) and name not in exit_codes
    ]
    return result, problems


def _mutant_order(name: str) -> tuple[str, int]:
    function, _, number = name.rpartition("__mutmut_")
    return function, int(number) if number.isdigit() else 0


def exit_codes_of(module: str) -> dict[str, int | None]:
    meta = MUTANTS / f"{module}.meta"
    codes: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return codes


def run_mutmut(modules: Sequence[str], every_module: bool) -> float:
    """Run mutmut afresh over ``modules``; return the wall-clock time [s]."""
    shutil.rmtree(MUTANTS, ignore_errors=True)  # fresh: stats and results of today's tests
    names = [] if every_module else [module_name(m) + ".*" for m in modules]
    # CI=true: the derandomised hypothesis profile (tests/conftest.py), the same examples
    # on every run, so that a score does not depend on the draw.
    env = {**os.environ, "CI": "true"}
    start = time.monotonic()
    subprocess.run([str(MUTMUT), "run", *names], cwd=ROOT, env=env, check=True)  # noqa: S603
    return time.monotonic() - start


def write_report(results: Sequence[ModuleResult], seconds: float | None, full: bool) -> None:
    today = dt.datetime.now(dt.UTC).date().isoformat()
    old: dict[str, Any] = json.loads(REPORT.read_text(encoding="utf-8")) if REPORT.exists() else {}
    by_module = {entry["module"]: entry for entry in old.get("modules", [])}
    for result in results:
        by_module[result.module] = result.as_json(today)
    order = list(mutmut_config()["only_mutate"])
    config = mutmut_config()
    report = {
        "tool": f"mutmut {version('mutmut')}",
        "command": "make mutation",
        "tests": config["pytest_add_cli_args_test_selection"],
        "score": "killed / (mutants - equivalent); a mutant stopped by the CPU-time "
        "limit counts as killed",
        "target": TARGET,
        "full_run": (
            {"date": today, "seconds": round(seconds)}
            if full and seconds is not None
            else old.get("full_run")
        ),
        "modules": sorted(
            by_module.values(),
            key=lambda e: order.index(e["module"]) if e["module"] in order else len(order),
        ),
    }
    REPORT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_table(report["modules"])


def write_table(entries: Sequence[Mapping[str, Any]]) -> None:
    """Put the table of every recorded module between the markers of docs/testing.md."""
    lines = [
        "| module | mutants | killed | survived | equivalent | score |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| `{e['module']}` | {e['mutants']} | {e['killed']} | {e['survived']} | "
        f"{e['equivalent']} | {100 * e['score']:.1f} % |"
        for e in entries
    ]
    text = TESTING.read_text(encoding="utf-8")
    head, start, rest = text.partition(TABLE_START)
    _, end, tail = rest.partition(TABLE_END)
    if start and end:
        body = "\n".join(lines)
        TESTING.write_text(f"{head}{start}\n{body}\n{end}{tail}", encoding="utf-8")


def table(results: Sequence[ModuleResult]) -> str:
    lines = [f"{'module':28} {'mutants':>7} {'killed':>6} {'survived':>8} {'equiv.':>6} score"]
    lines += [
        f"{r.module:28} {r.mutants:7} {r.killed:6} {len(r.survivors):8} "
        f"{len(r.equivalent):6} {100 * r.score:.1f} %"
        for r in results
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--module", action="append", help="a module of only_mutate, e.g. impact/prices.py"
    )
    parser.add_argument("--report-only", action="store_true", help="do not run mutmut")
    args = parser.parse_args(argv)
    known = list(mutmut_config()["only_mutate"])
    modules = args.module or known
    unknown = [m for m in modules if m not in known]
    if unknown:
        parser.error(f"not in [tool.mutmut] only_mutate: {', '.join(unknown)}")
    full = modules == known
    seconds = None if args.report_only else run_mutmut(modules, every_module=full)
    equivalents = load_equivalents()
    results, problems = [], []
    for module in modules:
        result, found = summarise(module, exit_codes_of(module), equivalents)
        results.append(result)
        problems += found
        problems += [f"{module}: {n} was not checked" for n in result.unchecked]
    write_report(results, seconds, full and not args.report_only)
    print(table(results))
    if seconds is not None:
        print(f"mutmut ran {seconds / 60:.1f} min")
    for r in results:
        for s in r.survivors:
            print(f"survivor {s['mutant']}: {s['change']}")
    low = [r.module for r in results if r.score < TARGET]
    problems += [f"{m} scores below {TARGET:.0%}" for m in low]
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
