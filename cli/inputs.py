"""Plans and options read from the command line; every invalid field is reported at once.

Errors use :mod:`impact.validation`, as the API's problems do: each field with its message
in English or Korean, and "did you mean" for a misspelt key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from impact.plan import Allocation, Plan
from impact.validation import field_issues

__all__ = ["InputError", "load_plan", "with_allocation"]

Lang = Literal["en", "ko"]


class InputError(Exception):
    """What is wrong with an input, one line per problem, ready to print."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def _lines(where: str, exc: ValidationError, model: object, lang: Lang) -> list[str]:
    issues = field_issues(exc.errors(), model)
    count = len(issues)
    head = (
        f"{where}: 잘못된 항목 {count}개"
        if lang == "ko"
        else f"{where}: {count} invalid field" + ("s" if count != 1 else "")
    )
    return [head] + [
        f"  {issue.field or 'plan'}: {issue.message_ko if lang == 'ko' else issue.message}"
        for issue in issues
    ]


def load_plan(path: Path, lang: Lang = "en") -> Plan:
    """The plan of a JSON file, or :class:`InputError` listing every invalid field."""
    try:
        return Plan.model_validate_json(path.read_text(encoding="utf-8"))
    except ValidationError as exc:
        raise InputError(_lines(str(path), exc, Plan, lang)) from None


def with_allocation(plan: Plan, allocation: str | None, lang: Lang = "en") -> Plan:
    """``plan`` with the shares of ``--allocation`` ('CODE=SHARE,…'), an assumption."""
    if not allocation:
        return plan
    shares = dict(part.split("=", 1) for part in allocation.split(",") if "=" in part)
    document = {"shares": shares, "basis": "assumed", "notes": "given with --allocation"}
    try:
        chosen = Allocation.model_validate(document)
    except ValidationError as exc:
        raise InputError(_lines("--allocation", exc, Allocation, lang)) from None
    return plan.model_copy(update={"allocation": chosen})
