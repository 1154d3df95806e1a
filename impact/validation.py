"""Validation errors for people: every invalid field, in English and Korean, with a hint.

:func:`field_issues` turns pydantic's error list into :class:`FieldIssue` items: the
dotted path of the field (tagged-union tags such as ``<plan>`` removed: they are not
part of the document a client sends), the message in English and in Korean, and for
an unknown key the closest field name the model accepts at that place
(``investmnet`` → ``investment``, :func:`difflib.get_close_matches` over the model's
field names at that path). The web layer (``api/errors.py``) and the command line
(``cli/main.py``) both report errors through it, so they read the same.

Korean messages: pydantic's own error types and this project's custom ones have a
Korean sentence each; an amount the money parser cannot read is explained in Korean
from the parser's message and position (:func:`money_message_ko`); a core error
(:class:`~impact.errors.ImpactError`) gives the raiser's Korean, or its kind in Korean with
the English specifics quoted (:func:`error_message_ko`; :func:`error_detail_ko` puts the field
first, as every ``detail_ko`` of the API and of a failed job does).

Examples
--------
>>> from impact.plan import Plan
>>> from pydantic import ValidationError
>>> try:
...     Plan.model_validate({"city": "세종", "investmnet": "1,704억원"})
... except ValidationError as exc:
...     issues = field_issues(exc.errors(), Plan)
>>> [(i.field, i.did_you_mean) for i in issues]
[('investment', None), ('investmnet', 'investment')]
>>> issues[1].message
"unknown field 'investmnet'; did you mean 'investment'?"
>>> issues[1].message_ko
"알 수 없는 항목 'investmnet'입니다. 'investment'을(를) 쓰려던 것인가요?"
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, RootModel, Tag

from impact.errors import ImpactError, MoneyParseError

__all__ = [
    "SECTOR_CODE_PATTERN",
    "FieldIssue",
    "closest_name",
    "count_message_ko",
    "did_you_mean",
    "error_detail_ko",
    "error_message_ko",
    "field_issues",
    "field_path",
    "json_text",
    "message_ko",
    "money_message_ko",
    "suggest_field",
    "summary",
]

SECTOR_CODE_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,19}$"
"""What a sector code of an input-output table looks like (``impact.plan.SectorCode``)."""
_SECTOR_CODE_EN = (
    "{code} is not a sector code: give the input-output table's code, e.g. '50' (building "
    "construction), '51' (civil engineering) or '62' (software; GET /v1/tables/bok-2023 lists "
    "all 83), or a budget item that buys no output: land, transfers, wages, reserves, other"
)

MAX_LISTED_FIELDS = 20
"""An unknown key without a close match lists at most this many accepted names."""


@dataclasses.dataclass(frozen=True)
class FieldIssue:
    """One invalid field of a document.

    Attributes
    ----------
    field
        Dotted path, e.g. ``"claims.jobs"``; ``""`` for the document as a whole.
    message, message_ko
        What is wrong, in English and in Korean.
    did_you_mean
        For an unknown key, the closest accepted name at that place, if any.
    location
        The steps of ``field`` as the document has them (keys and list indices; tags and the
        ``[key]`` of a bad key left out): a key may hold dots (``("allocation", "shares",
        "C10.1")``).
    """

    field: str
    message: str
    message_ko: str
    did_you_mean: str | None = None
    location: tuple[str, ...] = ()


def field_path(loc: Sequence[str | int]) -> str:
    """Dotted path of a pydantic location without tagged-union tags (``<plan>``)."""
    return ".".join(str(part) for part in loc if not _is_tag(part))


def _is_tag(part: object) -> bool:
    return isinstance(part, str) and part.startswith("<") and part.endswith(">")


def field_issues(
    errors: Sequence[Mapping[str, Any]], model: object | None = None
) -> list[FieldIssue]:
    """Every error of pydantic's ``errors()`` list as a :class:`FieldIssue`, in order.

    Parameters
    ----------
    errors
        ``ValidationError.errors()`` (``loc``, ``msg``, ``type``, ``ctx``).
    model
        The type the document was validated as (a model class, or a union or
        ``Annotated`` of them): where an unknown key was found, its field names are
        the candidates of "did you mean". ``None``: no suggestions.
    """
    missing = {field_path(error["loc"]) for error in errors if error.get("type") == "missing"}
    issues = [_plan_was_given(_issue(error, model), missing) for error in errors]
    unknown = [i for i, e in zip(issues, errors, strict=True) if e.get("type") == "extra_forbidden"]
    pairs = zip(issues, errors, strict=True)
    return [_point_at_misspelling(issue, error, unknown) for issue, error in pairs]


def _plan_was_given(issue: FieldIssue, missing: set[str]) -> FieldIssue:
    """An ``id`` beside a ``plan`` that came is only an unknown key: no "did you mean
    {"plan": {"id": …}}" when the plan is there."""
    parent, _, key = issue.field.rpartition(".")
    if issue.did_you_mean != "plan" or f"{parent}.plan".lstrip(".") in missing:
        return issue
    if not issue.message.startswith("unknown field"):  # a value meant as 'plan', not a key
        return issue
    return FieldIssue(
        issue.field,
        f"unknown field '{key}'; 'plan' holds the plan",
        f"알 수 없는 항목 '{key}'입니다. 계획은 'plan'에 있습니다",
    )


def json_text(value: object, limit: int = 40) -> str:
    """``value`` as JSON for a message (``null``, ``true``, ``"yes"``), not as Python."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text[:limit]


def _point_at_misspelling(
    issue: FieldIssue, error: Mapping[str, Any], unknown: Sequence[FieldIssue]
) -> FieldIssue:
    """A missing field that an unknown key of the same object misspells says so (``unknown``:
    the issues of unknown keys)."""
    if error.get("type") != "missing":
        return issue
    parent, _, name = issue.field.rpartition(".")
    for other in unknown:
        other_parent, _, key = other.field.rpartition(".")
        if other.did_you_mean == name and other_parent == parent:
            if name == "plan" and closest_name(key, ["id"]) is not None:  # an id put outside it
                return dataclasses.replace(
                    issue,
                    message=f"{issue.message} ('{key}' was given: it goes inside 'plan')",
                    message_ko=f"{issue.message_ko} ('{key}'은(는) 'plan' 안에 씁니다)",
                )
            return dataclasses.replace(
                issue,
                message=f"{issue.message} ('{key}' was given: a misspelling of it?)",
                message_ko=f"{issue.message_ko} ('{key}'을(를) 잘못 쓴 것인가요?)",
            )
    return issue


def _issue(error: Mapping[str, Any], model: object | None) -> FieldIssue:
    loc = tuple(error.get("loc", ()))
    issue = _described(error, loc, model)
    location = tuple(str(part) for part in loc if not _is_tag(part))
    if location[-1:] == ("[key]",) and error.get("type") != "extra_forbidden":
        # a bad key, at (…, key, "[key]"): the key is the place, in the path a person reads too
        location = location[:-1]
        issue = dataclasses.replace(issue, field=".".join(location))
    return dataclasses.replace(issue, location=location)


def _described(
    error: Mapping[str, Any], loc: tuple[str | int, ...], model: object | None
) -> FieldIssue:
    path = field_path(loc)
    kind = str(error.get("type", ""))
    english = str(error.get("msg", "invalid value"))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    if kind == "extra_forbidden" and loc:
        return _unknown_key(loc, path, model, error.get("input"))
    if kind == "money_parse":
        detail = str(ctx.get("detail", english))
        return FieldIssue(path, english, money_message_ko(detail, ctx.get("position")))
    if kind == "count_parse":
        detail = str(ctx.get("money_detail", english))
        return FieldIssue(path, english, count_message_ko(detail, ctx.get("position")))
    sector_key = loc[-1:] == ("[key]",) and any(p in {"shares", "amounts"} for p in loc)
    if (kind == "string_pattern_mismatch" and ctx.get("pattern") == SECTOR_CODE_PATTERN) or (
        kind == "string_too_long" and sector_key
    ):
        # a sector named in words ("건설", or a long name) got only the key's rule
        code = json_text(error.get("input"))
        return FieldIssue(
            path, _SECTOR_CODE_EN.format(code=code), _KO["sector_code"].format(code=code)
        )
    if kind == "too_long" and isinstance(error.get("input"), str):
        # a text bounded after it is cleaned: pydantic's generic check counts "items"
        kind, english = "string_too_long", english.replace(" items", " characters")
    issue = FieldIssue(path, english, message_ko(kind, ctx, english))
    return _closest_choice(issue, kind, ctx, error.get("input"))


_CHOICES: Mapping[str, str] = {
    "literal_error": "expected",
    "enum": "expected",
    "union_tag_invalid": "expected_tags",
}
"""pydantic's error types for a value outside a fixed set, and the context key listing it."""


def _closest_choice(
    issue: FieldIssue, kind: str, ctx: Mapping[str, Any], sent: object
) -> FieldIssue:
    """A value outside a fixed set names the member it most likely misspells, as an unknown
    key and a query parameter's value do (``"TYPE_II"`` → ``type_ii``, :func:`closest_name`)."""
    listed = ctx.get(_CHOICES.get(kind, ""))
    if kind == "union_tag_invalid":
        sent = ctx.get("tag")
    if not isinstance(listed, str) or not isinstance(sent, str):
        return issue
    guess = closest_name(sent, re.findall(r"'([^']*)'", listed))
    if guess is None or guess == sent:
        return issue
    en, ko = did_you_mean(guess)
    return dataclasses.replace(
        issue, message=issue.message + en, message_ko=issue.message_ko + ko, did_you_mean=guess
    )


def _unknown_key(
    loc: tuple[str | int, ...], path: str, model: object | None, value: object = None
) -> FieldIssue:
    key = str(loc[-1])
    names = [] if model is None else _names_at(model, loc[:-1])
    if "plan" in names and closest_name(key, ["id"]) is not None:
        return _id_outside_plan(path, key, value)
    guess = closest_name(key, names)
    if guess is not None:
        en, ko = did_you_mean(guess)
        return FieldIssue(
            path, f"unknown field '{key}'{en}", f"알 수 없는 항목 '{key}'입니다{ko}", guess
        )
    if names:
        listed = ", ".join(names[:MAX_LISTED_FIELDS]) + (
            ", …" if len(names) > MAX_LISTED_FIELDS else ""
        )
        return FieldIssue(
            path,
            f"unknown field '{key}'; the fields here are: {listed}",
            f"알 수 없는 항목 '{key}'입니다. 쓸 수 있는 항목: {listed}",
        )
    return FieldIssue(path, f"unknown field '{key}'", f"알 수 없는 항목 '{key}'입니다")


def _id_outside_plan(path: str, key: str, value: object) -> FieldIssue:
    """``{"id": ...}`` where a request takes ``"plan"``: a saved plan's id goes inside it."""
    shown = json.dumps(
        value if isinstance(value, str) and len(value) <= 100 else "…", ensure_ascii=False
    )
    wanted = f'{{"plan": {{"id": {shown}}}}}'
    return FieldIssue(
        path,
        f"unknown field '{key}'; a saved plan is given inside 'plan': did you mean {wanted}?",
        f"알 수 없는 항목 '{key}'입니다. 저장된 계획은 'plan' 안에 씁니다: {wanted}을(를) "
        "쓰려던 것인가요?",
        "plan",
    )


def did_you_mean(guess: str | None) -> tuple[str, str]:
    """The question that names ``guess``, to put after a sentence, in English and Korean: one
    wording for every "did you mean" of the service (a key, a value, a query parameter, a grid
    key); nothing without a guess.

    >>> did_you_mean("type_ii"), did_you_mean(None)
    (("; did you mean 'type_ii'?", ". 'type_ii'을(를) 쓰려던 것인가요?"), ('', ''))
    """
    if guess is None:
        return "", ""
    return f"; did you mean '{guess}'?", f". '{guess}'을(를) 쓰려던 것인가요?"


def closest_name(key: str, names: Sequence[str]) -> str | None:
    """The accepted name ``key`` most likely misspells (case-insensitive), if any."""
    lowered = {name.lower(): name for name in names}
    found = difflib.get_close_matches(key.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[found[0]] if found else None


def suggest_field(model: object, loc: Sequence[str | int]) -> str | None:
    """The accepted field name closest to the unknown key at ``loc``, if any.

    Examples
    --------
    >>> from impact.plan import Plan
    >>> suggest_field(Plan, ("claims", "jbos"))
    'jobs'
    >>> suggest_field(Plan, ("colour",)) is None
    True
    """
    if not loc:
        return None
    return closest_name(str(loc[-1]), _names_at(model, tuple(loc[:-1])))


# ------------------------------------------------------------------ the model at a path

_MAX_DEPTH = 32


def _names_at(model: object, loc: tuple[str | int, ...]) -> list[str]:
    """Field names (aliases where set) of the model(s) found at ``loc`` under ``model``."""
    found: list[str] = []
    for cls in _models_at(model, loc, 0):
        for name, info in cls.model_fields.items():
            shown = info.alias or name
            if shown not in found:
                found.append(shown)
    return found


def _models_at(tp: object, loc: tuple[str | int, ...], depth: int) -> list[type[BaseModel]]:
    tp = _unwrap(tp)[0]
    if depth > _MAX_DEPTH:
        found: list[type[BaseModel]] = []
    elif isinstance(tp, type) and issubclass(tp, RootModel):  # its root is the document
        found = _models_at(tp.model_fields["root"].annotation, loc, depth + 1)
    elif typing.get_origin(tp) in (typing.Union, types.UnionType):
        found = _union_models(typing.get_args(tp), loc, depth)
    elif not loc:
        found = [tp] if isinstance(tp, type) and issubclass(tp, BaseModel) else []
    else:
        inner = _inner(tp, loc[0])
        found = [] if inner is None else _models_at(inner, loc[1:], depth + 1)
    return found


def _inner(tp: object, part: str | int) -> object | None:
    """The type one step into ``tp`` at ``part`` (a field, an index, a key), if any."""
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        fields = tp.model_fields.items()
        return next((f.annotation for name, f in fields if part in (name, f.alias)), None)
    origin = typing.get_origin(tp)
    args: tuple[object, ...] = typing.get_args(tp)
    if origin in (list, tuple, set, frozenset, Sequence) and args:
        return args[0]
    if origin in (dict, Mapping) and len(args) == 2:
        return args[1]
    return None


def _union_models(
    members: tuple[object, ...], loc: tuple[str | int, ...], depth: int
) -> list[type[BaseModel]]:
    if loc and _is_tag(loc[0]):  # a tagged union: the tag names the member
        for member in members:
            if _unwrap(member)[1] == loc[0]:
                return _models_at(member, loc[1:], depth + 1)
        return []
    found: list[type[BaseModel]] = []
    for member in members:
        found += [m for m in _models_at(member, loc, depth + 1) if m not in found]
    return found


def _unwrap(tp: object) -> tuple[object, str | None]:
    """``Annotated[X, ..., Tag(t)]`` → ``(X, t)``; anything else → ``(tp, None)``."""
    tag = None
    while typing.get_origin(tp) is typing.Annotated:
        base, *metadata = typing.get_args(tp)
        tag = next((m.tag for m in metadata if isinstance(m, Tag)), tag)
        tp = base
    return tp, tag


# ---------------------------------------------------------------------------- Korean

_KO: Mapping[str, str] = {
    "missing": "필수 항목이 없습니다",
    "string_type": "문자열이어야 합니다",
    "string_too_short": "{min_length}자 이상이어야 합니다",
    "string_too_long": "{max_length}자 이하여야 합니다",
    "string_pattern_mismatch": "형식이 맞지 않습니다 (패턴 {pattern})",
    "int_type": "정수여야 합니다",
    "int_parsing": "정수여야 합니다",
    "int_from_float": "소수점 없는 정수여야 합니다",
    "int_parsing_size": "정수가 너무 큽니다",
    "float_type": "숫자여야 합니다",
    "float_parsing": "숫자여야 합니다",
    "finite_number": "유한한 숫자여야 합니다 (NaN, 무한대 불가)",
    "decimal_type": "숫자여야 합니다",
    "decimal_parsing": "숫자여야 합니다",
    "bool_type": "true 또는 false여야 합니다",
    "bool_parsing": "true 또는 false여야 합니다",
    "greater_than": "{gt}보다 커야 합니다",
    "greater_than_equal": "{ge} 이상이어야 합니다",
    "less_than": "{lt}보다 작아야 합니다",
    "less_than_equal": "{le} 이하여야 합니다",
    "multiple_of": "{multiple_of}의 배수여야 합니다",
    "too_short": "항목이 {min_length}개 이상이어야 합니다",
    "too_long": "항목이 {max_length}개 이하여야 합니다",
    "list_type": "배열이어야 합니다",
    "tuple_type": "배열이어야 합니다",
    "set_type": "배열이어야 합니다",
    "dict_type": "객체여야 합니다",
    "model_type": "객체여야 합니다",
    "model_attributes_type": "객체여야 합니다",
    "literal_error": "다음 중 하나여야 합니다: {expected}",
    "enum": "다음 중 하나여야 합니다: {expected}",
    "date_type": "날짜(YYYY-MM-DD)여야 합니다",
    "date_parsing": "날짜(YYYY-MM-DD)여야 합니다",
    "date_from_datetime_parsing": "날짜(YYYY-MM-DD)여야 합니다",
    "date_from_datetime_inexact": "시각 없는 날짜(YYYY-MM-DD)여야 합니다",
    "datetime_type": "날짜와 시각(ISO 8601)이어야 합니다",
    "datetime_parsing": "날짜와 시각(ISO 8601)이어야 합니다",
    # pydantic quotes the discriminator itself ("'type'")
    "union_tag_invalid": (
        "{discriminator} 값이 올바르지 않습니다: {expected_tags} 중 하나여야 합니다"
    ),
    "union_tag_not_found": "{discriminator} 항목이 필요합니다",
    "json_invalid": "JSON이 올바르지 않습니다",
    "url_parsing": "URL 형식이 아닙니다",
    "url_type": "URL이어야 합니다",
    # this project's own types (impact.plan, impact.scenario, api schemas)
    "money_type": "금액은 원 단위 숫자이거나 '1,704억원', '₩170.4B' 같은 문자열이어야 합니다",
    "money_approximate": (
        "어림 금액('{text}')은 계획의 투자액·사업 수·주장치에만 쓸 수 있습니다. 여기에는 정확한 "
        "금액을 쓰세요"
    ),
    "count_type": "참/거짓 값({value})은 인원·개수가 아닙니다",
    "count_fraction": "인원·개수는 정수여야 합니다 (받은 값: {text})",
    "count_currency": (
        "'{text}'은(는) 금액처럼 쓰였습니다(위치 {position}의 '{marker}'): 인원·개수는 "
        "1998이나 '1,998명'처럼 수로 주세요"
    ),
    "number_type": "참/거짓 값({value})은 숫자가 아닙니다",
    "text_control": "제어·서식·미할당 문자가 들어 있습니다({chars}). 지워 주세요",
    "text_empty": "비어 있으면 안 됩니다",
    "text_mark": "붙을 글자 없이 결합 문자({code})로 시작합니다",
    "period_order": "period.end({end})가 period.start({start})보다 앞섭니다",
    "allocation_form": "'shares'와 'amounts' 중 정확히 하나를 주세요 (받은 것: {given_ko})",
    # impact.regions words these for every path that resolves a region
    "region_ambiguous": "{message_ko}",
    "region_unknown": "{message_ko}",
    "allocation_size": "{name} 항목은 1개에서 {limit}개까지입니다",
    "announced_year": "{year}년은 {low}–{high} 범위 밖입니다",
    "region_type": "지역 이름은 1–100자 문자열이어야 합니다",
    "sweep_form": "'scenarios'와 'grid' 중 정확히 하나를 주세요",
    "shift_same": "'from'과 'to'가 같은 부문입니다",
    "share_negative": "배분 비율은 음수일 수 없습니다 (받은 값: '{text}')",
    "share_type": "배분 비율은 숫자나 '0.25', '25%' 같은 문자열이어야 합니다 (받은 것: {kind_ko})",
    "share_finite": "배분 비율은 유한한 숫자여야 합니다",
    "share_precision": "배분 비율은 소수점 아래 {places}자리, 유효숫자 {places}자리까지입니다",
    "allocation_sum": "배분 비율의 합계가 1(100%)이 아니라 {total}({percent})입니다",
    "share_text": (
        "배분 비율은 '0.25', '1e-3', '25%'처럼 ASCII 숫자로 쓴 소수여야 합니다 (받은 값: '{text}')"
    ),
    "sector_code": (
        "{code}은(는) 부문 코드가 아닙니다. 산업연관표의 부문 코드(예: '50' 건물 건설, '51' "
        "토목 건설, '62' 소프트웨어; GET /v1/tables/bok-2023에 83개 모두 있음)나 생산물을 사지 "
        "않는 예산 항목(land, transfers, wages, reserves, other)을 쓰세요"
    ),
    "amounts_sum": (
        "배분 금액의 합계 {total_ko}이 {where_ko}투자액 {investment_ko}과 다릅니다 "
        "({gap_ko} {side_ko})"
    ),
}

_KO_QUOTING: Mapping[str, str] = {
    # the English message carries specifics (sums, names) worth quoting as they are
    "value_error": "값이 올바르지 않습니다",
    "assertion_error": "값이 올바르지 않습니다",
}


def message_ko(kind: str, ctx: Mapping[str, Any], english: str) -> str:
    """The Korean of an error of pydantic's type ``kind`` with its context (the English
    quoted when there is no sentence for it); for errors worded elsewhere, such as the query
    parameters Litestar reads, to read as the body's do.

    >>> message_ko("less_than_equal", {"le": 100}, "must be at most 100")
    '100 이하여야 합니다'
    >>> message_ko("greater_than", {"gt": 0.0}, "Input should be greater than 0")
    '0보다 커야 합니다'
    """
    template = _KO.get(kind)
    if kind in {"literal_error", "enum"} and "expected" in ctx:  # "'a' or 'b'": no English
        ctx = {**ctx, "expected": str(ctx["expected"]).replace(" or ", ", ")}
    if template is not None:
        if ctx.get("proportion"):  # a what-if's proportion read by the share rule
            template = template.replace("배분 비율", "비율")
        try:
            return template.format(**{k: _show(v) for k, v in ctx.items()})
        except (KeyError, IndexError, ValueError):
            pass
    lead = _KO_QUOTING.get(kind, "값이 올바르지 않습니다")
    return f"{lead}: {english}"


def _show(value: object) -> str:
    """A context value as pydantic's English writes it: a whole float without ".0" (``1``,
    not ``1.0``: "less than or equal to 1" / "1 이하")."""
    if isinstance(value, list | tuple):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


# ----------------------------------------------------------------- money, core errors

_MONEY_KO: tuple[tuple[str, str], ...] = (
    (
        "(a count ends with its unit)",
        "단위 뒤에 다른 글자가 있습니다 (인원·개수는 단위로 끝납니다)",
    ),
    (
        "separates thousands",
        "'.' 뒤에 세 자리가 있어 천 단위 구분인지 소수점인지 알 수 없습니다",
    ),
    ("must be greater than zero", "0보다 커야 합니다"),
    ("negative amounts are not allowed", "음수 금액은 받지 않습니다"),
    ("a fraction of a won", "1원 미만의 끝전은 받지 않습니다"),
    ("amount too large", "금액이 너무 큽니다 (한도 10^24원)"),
    ("amount text too long", "금액 문자열이 너무 깁니다 (200자까지)"),
    (
        "a float this large is not exact",
        "이렇게 큰 실수는 정확하지 않습니다. 정수나 문자열로 주세요",
    ),
    ("is not a number", "숫자가 아닙니다"),
    ("a boolean", "참/거짓 값은 금액이 아닙니다"),
    ("expected text or a whole number", "문자열이나 원 단위 정수여야 합니다"),
    ("empty amount", "금액이 비어 있습니다"),
    ("exponent notation", "지수 표기(1e9 등)는 받지 않습니다"),
    (
        "misplaced thousands separator",
        "천 단위 쉼표의 위치가 잘못되었습니다 (1,234,567처럼 세 자리마다; 소수점은 '.')",
    ),
    ("appears twice", "같은 단위가 두 번 나옵니다"),
    ("must come before", "단위는 큰 것부터 써야 합니다 (조, 억, 만 / 천, 백, 십)"),
    ("has no number before it", "단위 앞에 숫자가 없습니다 ('천만원'이 아니라 '1천만원')"),
    (
        "cannot be combined with Korean units",
        "영문 단위(B, M 등)와 한국어 단위를 함께 쓸 수 없습니다",
    ),
    ("only one magnitude suffix", "영문 단위는 하나만 쓸 수 있습니다"),
    (
        "must be the only number",
        "소수점 있는 수는 금액의 유일한 수여야 합니다 ('1.5억' 또는 '1억 5,000만')",
    ),
    ("fold it into", "큰 단위로 올려 쓰세요 ('1억 20,000만'이 아니라 '3억')"),
    ("with no unit of its own", "조나 억 바로 뒤의 마지막 수에 단위가 없어 두 가지로 읽힙니다"),
    ("has no unit", "앞의 수에 단위가 없습니다"),
    ("decimal point", "소수점이 잘못되었습니다"),
    ("unexpected end of text", "금액이 중간에 끝났습니다"),
    ("unexpected", "금액으로 읽을 수 없는 글자가 있습니다"),
)


_READINGS = re.compile(r"add '(.)' for ([\d,]+) won, or end it with '원' for ([\d,]+) won")
_DOTTED = re.compile(r"write (.+?) if '\.' separates thousands, or (.+) if it is a decimal point")


def money_message_ko(detail: str, position: object = None) -> str:
    """A money parser message (:class:`~impact.errors.MoneyParseError`) in Korean.

    Examples
    --------
    >>> money_message_ko("unit '억' appears twice (position 1) in \\"억억\\"", 1)
    '금액을 읽을 수 없습니다: 같은 단위가 두 번 나옵니다 (위치 1, "억억")'
    """
    return _reader_message_ko(detail, position, lambda text: text)


# 금액 (ends in a consonant) → 인원·개수 (ends in a vowel): the particles change with it
# (a count's limit is a number, not won)
_COUNT_KO = (("(한도 10^24원)", "(한도 10^24)"),
             ("금액을", "인원·개수를"), ("금액은", "인원·개수는"), ("금액이", "인원·개수가"),
             ("금액으로", "인원·개수로"), ("금액", "인원·개수"))  # fmt: skip


def count_message_ko(detail: str, position: object = None) -> str:
    """:func:`money_message_ko` about a head count (read by the money reader's rules); the
    text quoted as written is left as it is.

    >>> count_message_ko("negative amounts are not allowed")
    '인원·개수를 읽을 수 없습니다: 음수 인원·개수는 받지 않습니다'
    """
    return _reader_message_ko(detail, position, _count_words_ko)


def _count_words_ko(text: str) -> str:
    for money, count in _COUNT_KO:
        text = text.replace(money, count)
    return text


def _reader_message_ko(detail: str, position: object, words: Callable[[str], str]) -> str:
    """The Korean of a money reader's message, ``words`` applied to its own words (not to
    the quoted text)."""
    reason = next((ko for en, ko in _MONEY_KO if en in detail), "형식이 올바르지 않습니다")
    readings = _READINGS.search(detail)
    if readings:  # the two amounts the text could mean, as the English message gives them
        unit, as_unit, as_won = readings.groups()
        reason += f": '{unit}'을(를) 붙이면 {as_unit}원, '원'으로 끝내면 {as_won}원"
    dotted = _DOTTED.search(detail)
    if dotted:  # what to write instead, as the English message gives it
        thousands, decimal = dotted.groups()
        reason += f": 천 단위면 {thousands}, 소수면 {decimal}처럼 쓰세요"
    quoted = re.search(r' in "(.*)"$', detail, flags=re.DOTALL)
    where = []
    if isinstance(position, int):
        where.append(f"위치 {position}")
    if quoted:
        where.append(f'"{quoted.group(1)}"')
    suffix = f" ({', '.join(where)})" if where else ""
    if reason == "0보다 커야 합니다":
        return reason
    return words(f"금액을 읽을 수 없습니다: {reason}") + suffix


def error_message_ko(exc: ImpactError) -> str:
    """A core error's message in Korean: the raiser's own Korean if it gave one, a money
    error's specific reason, else its kind with the English specifics quoted.

    Examples
    --------
    >>> from impact.errors import NotFoundError
    >>> error_message_ko(NotFoundError("no plan 'x'", field="plan.id"))
    "찾을 수 없습니다: no plan 'x'"
    """
    if isinstance(exc, MoneyParseError):
        return money_message_ko(exc.detail, exc.extra.get("position"))
    korean = exc.extra.get("message_ko")  # e.g. a sweep grid value's
    return korean if isinstance(korean, str) else f"{exc.title_ko}: {exc.detail}"


def error_detail_ko(exc: ImpactError) -> str:
    """A core error in Korean after the field it names, as the API's ``detail_ko`` has it.

    >>> from impact.errors import NotFoundError
    >>> error_detail_ko(NotFoundError("no plan 'x'", field="plan.id"))
    "plan.id: 찾을 수 없습니다: no plan 'x'"
    """
    message = error_message_ko(exc)
    return f"{exc.field}: {message}" if exc.field else message


def summary(
    issues: Sequence[FieldIssue], lang: str = "en", limit: int = 5, *, total: int | None = None
) -> str:
    """``field: message; …`` of the first ``limit`` issues, in ``lang`` (``"en"``/``"ko"``),
    and how many more there are of ``total`` (default: as many as ``issues``)."""
    parts = [
        f"{issue.field or 'body'}: {issue.message_ko if lang == 'ko' else issue.message}"
        for issue in issues[:limit]
    ]
    more = (len(issues) if total is None else total) - min(limit, len(issues))
    if more > 0:
        parts.append(f"외 {more}건" if lang == "ko" else f"and {more} more")
    return "; ".join(parts)
