"""The core is pure: ``impact/`` imports only the standard library, numpy, scipy, pydantic."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "impact"
ALLOWED = {"impact", "numpy", "scipy", "pydantic", "pydantic_core", "typing_extensions"}


def _imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda p: p.name)
def test_core_module_imports_no_web_or_database(path: Path) -> None:
    foreign = _imported_roots(path) - ALLOWED - set(sys.stdlib_module_names)
    assert not foreign, f"{path.relative_to(CORE.parent)} imports {sorted(foreign)}"


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import litestar\nfrom sqlalchemy.orm import Session\nimport numpy\n")
    assert _imported_roots(bad) - ALLOWED - set(sys.stdlib_module_names) == {
        "litestar",
        "sqlalchemy",
    }


CLI = CORE.parent / "cli"


@pytest.mark.parametrize("path", sorted(CLI.rglob("*.py")), ids=lambda p: p.name)
def test_the_cli_calls_the_core_not_the_web_layer(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0
    }
    assert "api" not in names, f"{path.name} imports the web layer"
