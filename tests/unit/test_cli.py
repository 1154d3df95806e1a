"""The ``impact`` command line, through typer's CliRunner (no server)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from impact.data import seeds_dir

runner = CliRunner()
SEJONG = str(seeds_dir() / "plans" / "sejong-2024.json")
DAEJEON = str(seeds_dir() / "plans" / "daejeon-2018.json")
ALLOCATION = ["--allocation", "62=0.5,51=0.3,70=0.2"]


def test_metrics_as_table_and_json() -> None:
    table = runner.invoke(app, ["metrics", SEJONG])
    assert table.exit_code == 0, table.output
    assert "cost_per_job_krw" in table.output and "₩85.29M" in table.output
    body = json.loads(runner.invoke(app, ["metrics", SEJONG, "--json"]).output)
    assert body["metrics"]["cost_per_job_krw"]["value"] == 85_285_285


def test_compare_on_one_price_year() -> None:
    result = runner.invoke(app, ["compare", SEJONG, DAEJEON, "--price-year", "2024", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["rows"]
    assert rows[0]["metrics"]["cost_per_job_krw"]["value"] == 85_285_285
    assert 87_400_000 < rows[1]["metrics"]["cost_per_job_krw"]["value"] < 87_500_000


def test_scenario_budget_cut_and_local_share() -> None:
    args = ["scenario", SEJONG, *ALLOCATION, "-a", "scale_investment.factor=0.8"]
    args += ["-a", '{"type": "local_share", "value": 0.6}']
    table = runner.invoke(app, args)
    assert table.exit_code == 0, table.output
    assert "-20.0%" in table.output
    body = json.loads(runner.invoke(app, [*args, "--json"]).output)
    assert body["delta"]["impacts.output.total"]["percent"] == pytest.approx(-20.0)
    assert body["scenario"]["impacts"]["regional"]["local_share"] == 0.6


def test_sweep_grid() -> None:
    args = ["sweep", SEJONG, *ALLOCATION, "--grid", "scale_investment.factor=0.5,0.8,1"]
    args += ["--grid", "local_share.value=0.6,1"]
    table = runner.invoke(app, args)
    assert table.exit_code == 0, table.output
    assert "6 rows" in table.output
    body = json.loads(runner.invoke(app, [*args, "--json"]).output)
    assert body["count"] == 6
    assert body["rows"][1]["parameters"] == {
        "scale_investment.factor": 0.5, "local_share.value": 1
    }  # fmt: skip
    assert body["rows"][5]["output_krw"] == pytest.approx(2 * body["rows"][1]["output_krw"])


def test_uncertainty_is_reproducible() -> None:
    args = ["uncertainty", SEJONG, *ALLOCATION, "--draws", "500", "--seed", "1", "--cv", "0.1"]
    table = runner.invoke(app, args)
    assert table.exit_code == 0, table.output
    assert "Monte Carlo bands" in table.output and "500 draws" in table.output
    first = json.loads(runner.invoke(app, [*args, "--json"]).output)
    again = json.loads(runner.invoke(app, [*args, "--json"]).output)
    assert first == again
    assert first["output"]["p5"] < first["output"]["p95"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scenario", SEJONG, *ALLOCATION, "-a", "budget.cut=1"], "adjustment 0: type"),
        (["sweep", SEJONG, *ALLOCATION, "--grid", "local_share.value=2"], "grid.local_share"),
    ],
)
def test_errors_name_the_field_and_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output


def test_a_plan_without_allocation_is_named(tmp_path: Path) -> None:
    document = json.loads(Path(SEJONG).read_text(encoding="utf-8"))
    del document["allocation"]
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(document), encoding="utf-8")
    result = runner.invoke(app, ["scenario", str(bare), "-a", "scale_investment.factor=0.8"])
    assert result.exit_code == 2
    assert "plan.allocation" in result.output
    bad = runner.invoke(app, ["scenario", SEJONG, "--allocation", "62=0.5"])
    assert bad.exit_code == 2
    assert "--allocation" in bad.output


def test_an_invalid_plan_file_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"city": "x", "investment": "억억"}', encoding="utf-8")
    result = runner.invoke(app, ["metrics", str(bad)])
    assert result.exit_code == 2
    assert "investment" in result.output
