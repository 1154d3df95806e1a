"""A grid of adjustment parameters, expanded to sweep rows (cartesian product).

Keys are ``"<type>.<parameter>"`` (``"scale_investment.factor"``,
``"local_share.value"``, ``"period.end"`` …), values the list of settings to
try. Keys of the same type combine into one adjustment
(``period.start`` × ``period.end``). Rows come in ``itertools.product``
order of the keys as given: the first key varies slowest.

Every distinct adjustment is validated once, not once per row, and rows share
the same adjustment objects, so :func:`impact.scenario.sweep.fold_rows` folds
each shared prefix once.

Examples
--------
>>> grid = expand_grid({"scale_investment.factor": [0.5, 1], "local_share.value": [0.6, 1]})
>>> len(grid.rows), grid.parameters[1]
(4, {'scale_investment.factor': 0.5, 'local_share.value': 1})
>>> grid.rows[1][1]
LocalShare(type='local_share', value=1.0)
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from impact.errors import InvalidInputError, LimitExceededError
from impact.scenario.adjustments import (
    ADJUSTMENT_ADAPTER,
    ADJUSTMENT_TYPES,
    Adjustment,
    adjustment_parameters,
)
from impact.scenario.sweep import MAX_SWEEP_ROWS
from impact.validation import closest_name, did_you_mean, field_issues, json_text

__all__ = ["Grid", "GridSpace", "expand_grid", "plan_grid"]


@dataclasses.dataclass(frozen=True)
class Grid:
    """Rows of a grid: adjustments, their error paths and their parameters."""

    rows: list[tuple[Adjustment, ...]]
    paths: list[tuple[str, ...]]
    parameters: list[dict[str, Any]]


def _split_key(key: str, field: str) -> tuple[str, str]:
    kind, dot, param = key.partition(".")
    if not dot or kind not in ADJUSTMENT_TYPES or not param or param == "type":
        close = closest_name(kind, ADJUSTMENT_TYPES) if dot and param else None
        meant = f"{close}.{param}" if close else None
        en, ko = did_you_mean(meant)
        types = ", ".join(ADJUSTMENT_TYPES)
        raise InvalidInputError(
            f"grid key {key!r} is not '<type>.<parameter>' with a type among {types}{en}",
            field=f"{field}.{key}",
            message_ko=f"그리드 키 {key!r}은(는) '<종류>.<매개변수>' 형식이 아닙니다 "
            f"(종류: {types}){ko}",
            did_you_mean=meant,
        )
    return kind, param


def _validate(kind: str, combo: dict[str, Any], field: str) -> Adjustment:
    try:
        return ADJUSTMENT_ADAPTER.validate_python({"type": kind, **combo})
    except ValidationError as exc:
        errors = exc.errors()
        unknown = next((e for e in errors if e["type"] == "extra_forbidden"), None)
        if unknown is not None:  # the key sent, not the one it may have meant (then missing)
            raise _unknown_parameter(kind, str(unknown["loc"][-1]), field) from None
        error = errors[0]
        loc = [str(p) for p in error["loc"] if not str(p).startswith("<")]
        param = loc[0] if loc else next(iter(combo))
        key = f"{kind}.{param}"
        if error["type"] == "missing":  # no value to show: say what goes with what was given
            takes = ", ".join(f"'{kind}.{p}'" for p in adjustment_parameters(kind))
            msg = f"give the grid key '{key}' too ({kind} takes {takes})"
            ko = f"그리드 키 '{key}'도 주세요 ({kind}에 필요한 것: {takes})"
            raise InvalidInputError(msg, field=f"{field}.{key}", message_ko=ko) from None
        shown = combo.get(param, combo.get("from" if param == "from_" else param))
        issue = field_issues([error])[0]  # the scenario route's words for it
        raise InvalidInputError(
            _with_value(issue.message, "value", shown),
            field=f"{field}.{key}",
            message_ko=_with_value(issue.message_ko, "받은 값:", shown),
            did_you_mean=issue.did_you_mean,
        ) from None


def _with_value(message: str, label: str, value: object) -> str:
    """``message (label value)``: the grid value that failed, unless the message quotes it
    already (``a share cannot be negative, got '-5%'``).

    >>> _with_value("a share cannot be negative, got '-5%'", "value", "-5%")
    "a share cannot be negative, got '-5%'"
    >>> _with_value("Input should be less than or equal to 1", "value", 2)
    'Input should be less than or equal to 1 (value 2)'
    """
    shown = json_text(value)
    if isinstance(value, str) and (f"'{value}'" in message or shown in message):
        return message
    return f"{message} ({label} {shown})"


def _unknown_parameter(kind: str, param: str, field: str) -> InvalidInputError:
    takes = ", ".join(adjustment_parameters(kind))
    close = closest_name(param, adjustment_parameters(kind))
    meant = f"{kind}.{close}" if close else None
    en, ko = did_you_mean(meant)
    return InvalidInputError(
        f"grid key '{kind}.{param}': {kind} has no parameter {param!r}{en} (it takes {takes})",
        field=f"{field}.{kind}.{param}",
        message_ko=f"그리드 키 '{kind}.{param}': {kind}에는 {param!r} 매개변수가 없습니다{ko} "
        f"(받는 것: {takes})",
        did_you_mean=meant,
    )


@dataclasses.dataclass(frozen=True)
class GridSpace:
    """A grid not yet expanded: its validated choices, and any slice of its rows on demand.

    ``rows_between(a, b)`` is ``expand_grid(...)`` restricted to rows ``a`` to ``b - 1``,
    so a long sweep can be computed (and streamed) a slice at a time without ever holding
    every row. Build it with :func:`plan_grid`.
    """

    keys: tuple[str, ...]
    options: tuple[tuple[tuple[Adjustment, dict[str, Any]], ...], ...]
    paths: tuple[str, ...]

    def __len__(self) -> int:
        return math.prod(len(choices) for choices in self.options)

    def rows_between(self, start: int, stop: int) -> Grid:
        """Rows ``start`` to ``stop - 1`` in product order (first key slowest)."""
        stop = max(min(stop, len(self)), start)
        # itertools.product skips the rows before ``start`` in C (≈ 30 ns a row)
        adjustments = [tuple(adjustment for adjustment, _ in choices) for choices in self.options]
        shown = [tuple(chosen for _, chosen in choices) for choices in self.options]
        rows = list(itertools.islice(itertools.product(*adjustments), start, stop))
        parameters: list[dict[str, Any]] = []
        in_order = list(self.keys) == [key for chosen in shown for key in chosen[0]]
        for picked in itertools.islice(itertools.product(*shown), start, stop):
            merged: dict[str, Any] = {}
            for chosen in picked:
                merged.update(chosen)
            parameters.append(merged if in_order else {key: merged[key] for key in self.keys})
        return Grid(rows=rows, paths=[self.paths] * len(rows), parameters=parameters)


def plan_grid(grid: Mapping[str, Sequence[Any]], *, field: str = "grid") -> GridSpace:
    """``grid`` checked and its distinct adjustments validated, rows not yet expanded.

    Raises
    ------
    InvalidInputError
        An unknown key or an invalid value (field ``grid.<key>``).
    LimitExceededError
        More than :data:`~impact.scenario.sweep.MAX_SWEEP_ROWS` rows (field ``grid``).
    """
    if not grid:
        raise InvalidInputError(
            "give at least one grid key", field=field, message_ko="그리드 키를 하나 이상 주세요"
        )
    groups: dict[str, list[str]] = {}
    for key, values in grid.items():
        kind, param = _split_key(key, field)
        if not values:
            raise InvalidInputError(
                "give at least one value",
                field=f"{field}.{key}",
                message_ko="값을 하나 이상 주세요",
            )
        groups.setdefault(kind, []).append(param)
    count = math.prod(len(values) for values in grid.values())
    if count > MAX_SWEEP_ROWS:
        raise LimitExceededError(
            f"the grid has {count:,} combinations; a sweep has at most {MAX_SWEEP_ROWS:,} rows",
            field=field,
            message_ko=f"그리드의 조합이 {count:,}개입니다. 민감도 분석은 "
            f"{MAX_SWEEP_ROWS:,}행까지입니다",
        )
    options: list[tuple[tuple[Adjustment, dict[str, Any]], ...]] = []
    for kind, params in groups.items():
        keys = [f"{kind}.{p}" for p in params]
        choices = []
        for combo in itertools.product(*(grid[k] for k in keys)):
            adjustment = _validate(kind, dict(zip(params, combo, strict=True)), field)
            choices.append((adjustment, dict(zip(keys, combo, strict=True))))
        options.append(tuple(choices))
    paths = tuple(f"{field}.{kind}" for kind in groups)
    return GridSpace(keys=tuple(grid), options=tuple(options), paths=paths)


def expand_grid(grid: Mapping[str, Sequence[Any]], *, field: str = "grid") -> Grid:
    """The cartesian product of ``grid`` as sweep rows (see the module doc).

    Raises
    ------
    InvalidInputError
        An unknown key or an invalid value (field ``grid.<key>``).
    LimitExceededError
        More than :data:`~impact.scenario.sweep.MAX_SWEEP_ROWS` rows (field ``grid``).
    """
    space = plan_grid(grid, field=field)
    return space.rows_between(0, len(space))
