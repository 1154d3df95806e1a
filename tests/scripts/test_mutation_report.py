"""scripts/mutation.py: how a module's mutants are counted and its equivalents checked."""

from __future__ import annotations

import pytest

from scripts.mutation import Equivalent, changed_line, module_name, summarise

DIFF = """--- impact/x.py
+++ impact/x.py
@@ -1,2 +1,2 @@
 def f(x):
-    return x + 1
+    return x - 1"""


def diff_of(name: str) -> str:
    return DIFF


def test_score_leaves_out_the_documented_equivalents() -> None:
    codes: dict[str, int | None] = {
        "impact.x.x_f__mutmut_1": 1,  # killed
        "impact.x.x_f__mutmut_2": 1,
        "impact.x.x_f__mutmut_3": -24,  # stopped by the CPU-time limit: killed
        "impact.x.x_f__mutmut_4": 0,  # survived
        "impact.x.x_f__mutmut_5": 0,  # survived, documented equivalent
    }
    equivalents = {
        "impact.x.x_f__mutmut_5": Equivalent("impact.x.x_f__mutmut_5", "return x - 1", "why")
    }
    result, problems = summarise("impact/x.py", codes, equivalents, diff_of)
    assert problems == []
    assert (result.mutants, result.killed, result.timeout) == (5, 3, 1)
    assert [s["mutant"] for s in result.survivors] == ["impact.x.x_f__mutmut_4"]
    assert [e["reason"] for e in result.equivalent] == ["why"]
    assert result.score == pytest.approx(3 / 4)  # 3 killed of 5 − 1 equivalent


def test_a_stale_or_killed_equivalent_is_a_problem() -> None:
    codes: dict[str, int | None] = {"impact.x.x_f__mutmut_1": 0, "impact.x.x_f__mutmut_2": 1}
    equivalents = {
        name: Equivalent(name, "return x * 2", "why")
        for name in ("impact.x.x_f__mutmut_1", "impact.x.x_f__mutmut_2", "impact.x.x_g__mutmut_1")
    }
    result, problems = summarise("impact/x.py", codes, equivalents, diff_of)
    assert len(problems) == 3  # the change moved, a killed one, one that no longer exists
    assert result.equivalent == []
    assert result.score == pytest.approx(1 / 2)


def test_names_and_changes() -> None:
    assert module_name("impact/io/iomath.py") == "impact.io.iomath"
    assert changed_line(DIFF) == "return x - 1"
