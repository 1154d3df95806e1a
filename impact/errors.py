"""Error hierarchy of the pure core.

One root, :class:`ImpactError`; every leaf also inherits the builtin it refines
(``ValueError``, ``LookupError``) so that callers who do not know this package
can still catch it. Every error carries structured fields:

``code``
    a stable machine-readable slug (``"money.malformed"``), used as the last
    path segment of the problem ``type`` URI by the web layer;
``field``
    a dotted path to the offending input field (``"claims.jobs"``) when known;
``detail``
    the human-readable message (English); ``title`` and ``title_ko`` name the kind of
    error in English and Korean.

Errors are picklable (they survive a trip through a process pool or a Dask
worker): :meth:`ImpactError.__reduce__` rebuilds them from their fields.

The core never knows HTTP status codes; ``api/errors.py`` maps these classes
to RFC 9457 problem documents in one place.

Examples
--------
>>> err = InvalidInputError("must be > 0", field="investment")
>>> str(err)
'investment: must be > 0'
>>> isinstance(err, ValueError)
True
"""

from __future__ import annotations

from typing import Any, ClassVar


def json_kind(value: object, lang: str = "en") -> str:
    """What a decoded JSON value is, in JSON's words, for a message: ``an array``, not
    Python's ``list`` (``lang="ko"``: in Korean).

    >>> json_kind([1704]), json_kind({}), json_kind(None), json_kind(True), json_kind(1.5)
    ('an array', 'an object', 'null', 'a boolean', 'a number')
    >>> json_kind([1704], "ko")
    '배열'
    """
    kinds = ((type(None), "null", "null"), (bool, "a boolean", "참/거짓 값"),
             (int | float, "a number", "숫자"), (str, "a string", "문자열"),
             (list | tuple, "an array", "배열"), (dict, "an object", "객체"))  # fmt: skip
    for kind, en, ko in kinds:
        if isinstance(value, kind):
            return ko if lang == "ko" else en
    return type(value).__name__


class ImpactError(Exception):
    """Root of every error raised by :mod:`impact`.

    Parameters
    ----------
    detail
        What was wrong, written for the person who has to fix the input.
    field
        Dotted path of the offending field, e.g. ``"claims.jobs"`` or
        ``"allocation.62"``; ``None`` when the error is not about one field.
    extra
        Further structured context (JSON-serialisable values only); ``message_ko``, when
        given, is ``detail`` in Korean (otherwise the kind in Korean quotes the English).
    """

    code: ClassVar[str] = "impact.error"
    title: ClassVar[str] = "Impact calculation error"
    title_ko: ClassVar[str] = "계산 오류"

    def __init__(self, detail: str, *, field: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.extra: dict[str, Any] = extra

    def __str__(self) -> str:
        return f"{self.field}: {self.detail}" if self.field else self.detail

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.detail!r}, field={self.field!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.detail, self.field, self.extra))

    def with_field_prefix(self, prefix: str) -> ImpactError:
        """Return the same error with ``prefix`` prepended to its field path.

        Used when a value parsed in isolation turns out to live inside a larger
        document (``"investment"`` → ``"plans.1.investment"``).
        """
        field = f"{prefix}.{self.field}" if self.field else prefix
        return _rebuild(type(self), self.detail, field, self.extra)


def _rebuild(
    cls: type[ImpactError], detail: str, field: str | None, extra: dict[str, Any]
) -> ImpactError:
    return cls(detail, field=field, **extra)


class InvalidInputError(ImpactError, ValueError):
    """An input value is outside its domain (negative money, a year without data, …)."""

    code = "invalid-input"
    title = "Invalid input"
    title_ko = "잘못된 입력"


class MoneyParseError(InvalidInputError):
    """A money amount could not be read.

    ``extra`` holds ``text`` (the input) and ``position`` (0-based character
    index where reading failed, or ``None``).
    """

    code = "money-parse"
    title = "Unreadable money amount"
    title_ko = "읽을 수 없는 금액"


class AmbiguousRegionError(InvalidInputError):
    """A place name fits more than one of Korea's 17 regions (시·도).

    ``field`` is ``"region"`` unless the caller names another; ``extra`` holds
    ``candidates`` (the keys of the regions the name fits, in KOSTAT code order,
    e.g. ``["gangwon", "gyeongnam"]`` for 고성) and ``text`` (the input).

    Examples
    --------
    >>> err = AmbiguousRegionError("'고성' fits 강원 and 경남", candidates=["gangwon", "gyeongnam"])
    >>> err.field, err.candidates
    ('region', ('gangwon', 'gyeongnam'))
    """

    code = "region-ambiguous"
    title = "Ambiguous region"
    title_ko = "여러 지역에 해당하는 이름"

    def __init__(self, detail: str, *, field: str | None = "region", **extra: Any) -> None:
        super().__init__(detail, field=field, **extra)

    @property
    def candidates(self) -> tuple[str, ...]:
        """Keys of the regions the name fits, in code order."""
        return tuple(self.extra.get("candidates", ()))


class NotFoundError(ImpactError, LookupError):
    """A named thing (sector code, table id, region) does not exist."""

    code = "not-found"
    title = "Not found"
    title_ko = "찾을 수 없습니다"


class DataUnavailableError(ImpactError, LookupError):
    """The shipped data do not cover what was asked (a year, an index, a vector)."""

    code = "data-unavailable"
    title = "Data not available"
    title_ko = "자료가 없습니다"


class TableError(InvalidInputError):
    """An input-output table is malformed (shape, NaN/Inf, zero or negative output)."""

    code = "table-invalid"
    title = "Invalid input-output table"
    title_ko = "잘못된 산업연관표"


class NonProductiveTableError(TableError):
    """The technical-coefficient matrix is not productive (spectral radius ≥ 1)."""

    code = "table-non-productive"
    title = "Non-productive input-output table"
    title_ko = "생산적이지 않은 산업연관표 (스펙트럼 반경 ≥ 1)"


class LimitExceededError(InvalidInputError):
    """A request exceeds a documented size limit (table size, sweep rows, draws)."""

    code = "limit-exceeded"
    title = "Size limit exceeded"
    title_ko = "크기 제한 초과"


class PermissionDeniedError(ImpactError, PermissionError):
    """The caller may not change this thing (it belongs to someone else, or to no one)."""

    code = "forbidden"
    title = "Not allowed"
    title_ko = "허용되지 않습니다"


class StaleVersionError(ImpactError):
    """A change was made to an older version of a saved thing than the one stored: another
    client changed it in between (``If-Match`` named the version the change started from)."""

    code = "stale-version"
    title = "Changed since you read it"
    title_ko = "읽은 뒤에 바뀌었습니다"
