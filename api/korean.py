"""Korean wording of the HTTP-level problems (the web layer's own; core errors are worded
by :mod:`impact.validation`).

A problem's ``detail_ko`` for an HTTP error is the sentence for its status; the English
``detail`` stays next to it with the specifics (a limit, a header name).
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["STATUS_KO", "json_error_ko", "status_ko"]

STATUS_KO: Final = {
    400: "요청을 읽을 수 없습니다: 본문이 비었거나, UTF-8 JSON이 아니거나, 너무 깊게 중첩되었거나, "
    "같은 쿼리 매개변수가 두 번 이상 왔습니다",
    401: "쓰기 요청에는 X-API-Key 헤더에 유효한 API 키가 필요합니다",
    403: "이 API 키로는 바꿀 수 없습니다: 다른 키가 저장했거나 키 없이 저장된 항목입니다",
    404: "요청한 경로나 항목이 없습니다",
    405: "이 경로에서 허용되지 않는 HTTP 메서드입니다",
    406: "요청한 형식(Accept)으로는 응답할 수 없습니다",
    412: "If-Match의 버전이 저장된 버전과 다릅니다: 읽은 뒤에 누군가 바꾸었습니다",
    413: "요청이나 계산이 문서화된 크기 제한을 넘습니다",
    415: "본문은 Content-Type: application/json으로 보내야 합니다",
    422: "요청 값이 올바르지 않습니다",
    429: "요청이 너무 많습니다. Retry-After 헤더가 알려 주는 시간 뒤에 다시 시도하세요",
    500: "서버가 요청을 처리하지 못했습니다. 오류는 기록되었습니다",
    503: "데이터베이스가 바쁩니다. 아무것도 바뀌지 않았습니다. 잠시 후 다시 시도하세요",
}


def status_ko(status: int) -> str:
    """The Korean sentence of an HTTP error status (a generic one for the others).

    Examples
    --------
    >>> status_ko(404)
    '요청한 경로나 항목이 없습니다'
    >>> status_ko(418)
    '요청을 처리할 수 없습니다 (HTTP 418)'
    """
    return STATUS_KO.get(status, f"요청을 처리할 수 없습니다 (HTTP {status})")


_JSON_CAUSES_KO: Final = {
    "trailing comma in object": "객체 끝에 쉼표가 있습니다",
    "trailing comma in array": "배열 끝에 쉼표가 있습니다",
    "expected ':'": "키 뒤에 ':'이(가) 있어야 합니다",
    "expected ',' or '}'": "',' 또는 '}'이(가) 있어야 합니다",
    "expected ',' or ']'": "',' 또는 ']'이(가) 있어야 합니다",
    "expected '\"'": "'\"'이(가) 있어야 합니다",
    "object keys must be strings": "객체의 키는 큰따옴표로 감싼 문자열이어야 합니다",
    "invalid character": "JSON에 올 수 없는 문자가 있습니다",
    "invalid number": "숫자 형식이 잘못되었습니다",
    "invalid escape character in string": "문자열에 잘못된 이스케이프(\\)가 있습니다",
    "invalid escaped character": "문자열에 잘못된 이스케이프(\\)가 있습니다",
    "invalid character in unicode escape": "\\u 이스케이프에 16진수가 아닌 문자가 있습니다",
    "invalid utf-16 surrogate pair": "\\u 이스케이프의 UTF-16 서로게이트 쌍이 잘못되었습니다",
    "unexpected end of escaped utf-16 surrogate pair": (
        "\\u 이스케이프의 상위 서로게이트(\\uD800–\\uDBFF) 뒤에 하위 서로게이트(\\uDC00–\\uDFFF)가 "
        "없습니다"
    ),
    "trailing characters": "JSON 문서가 끝난 뒤에 다른 문자가 있습니다",
}
"""msgspec's causes of malformed JSON (``JSON is malformed: <cause> (byte <n>)``) in Korean,
every one its decoder was seen to give; one not listed is quoted in English inside the
Korean sentence."""

_MALFORMED = re.compile(r"JSON is malformed: (.+) \(byte (\d+)\)$")


def json_error_ko(detail: str) -> str:
    """The Korean of msgspec's message for a body that is not JSON, with its cause and byte.

    Examples
    --------
    >>> json_error_ko("JSON is malformed: trailing comma in object (byte 43)")
    'JSON 형식이 잘못되었습니다: 객체 끝에 쉼표가 있습니다 (바이트 위치 43)'
    >>> json_error_ko("JSON is malformed: invalid number (byte 7)")
    'JSON 형식이 잘못되었습니다: 숫자 형식이 잘못되었습니다 (바이트 위치 7)'
    >>> json_error_ko("JSON is malformed: a cause not seen before (byte 7)")
    'JSON 형식이 잘못되었습니다: a cause not seen before (바이트 위치 7)'
    >>> json_error_ko("Input data was truncated")
    'JSON을 읽을 수 없습니다: 중간에 끝났습니다 (닫히지 않은 괄호나 따옴표가 있습니다)'
    """
    found = _MALFORMED.match(detail)
    if found is not None:
        cause, byte = found.groups()
        said = _JSON_CAUSES_KO.get(cause, cause)
        return f"JSON 형식이 잘못되었습니다: {said} (바이트 위치 {byte})"
    if detail == "Input data was truncated":
        return "JSON을 읽을 수 없습니다: 중간에 끝났습니다 (닫히지 않은 괄호나 따옴표가 있습니다)"
    return f"JSON을 읽을 수 없습니다: {detail}"
