"""Problems in English and Korean, every invalid field listed, "did you mean" for a typo."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from api.body import OFF_LOOP_VALIDATION_BYTES

Client = TestClient[Litestar]
HANGUL = re.compile(r"[가-힣]")
PROBLEM = "application/problem+json"


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert HANGUL.search(body["detail_ko"]), body
    for error in body["errors"]:
        assert HANGUL.search(error["message_ko"]), error
    return body


def test_a_misspelt_field_gets_korean_and_english_and_did_you_mean(client: Client) -> None:
    body = _problem(
        client.post("/v1/metrics", json={"city": "부산", "investmnet": "약 500억원"}), 422
    )
    errors = {e["field"]: e for e in body["errors"]}
    assert set(errors) == {"investment", "investmnet"}
    typo = errors["investmnet"]
    assert typo["did_you_mean"] == "investment"
    assert typo["pointer"] == "/investmnet"
    assert typo["message"] == "unknown field 'investmnet'; did you mean 'investment'?"
    assert "'investment'을(를) 쓰려던 것인가요?" in typo["message_ko"]
    assert "did you mean 'investment'" in body["detail"]
    assert "쓰려던 것인가요" in body["detail_ko"]


def test_a_dotted_thousand_is_refused_with_what_to_write(client: Client) -> None:
    """'1.000억' is 1억, or 1,000억 to a writer whose '.' separates thousands: a 1,000× error
    either way, so the service asks (it was read as 1억)."""
    body = _problem(client.post("/v1/metrics", json={"city": "세종", "investment": "1.000억"}), 422)
    assert body["field"] == "investment"
    assert body["detail"] == (
        "investment: '1.000억' is ambiguous: write 1,000억 if '.' separates thousands, or "
        '1억 if it is a decimal point in "1.000억"'
    )
    assert "천 단위면 1,000억, 소수면 1억처럼 쓰세요" in body["detail_ko"]
    for text in ("1,000억", "1억", "1.0억", "0.125억"):  # what it says to write is read
        answer = client.post("/v1/metrics", json={"city": "세종", "investment": text})
        assert answer.status_code == 200, (text, answer.text)


def test_every_field_inside_a_request_is_listed(client: Client) -> None:
    request = {
        "plan": {"city": "부산", "investment": "억억", "claims": {"jbos": 1, "jobs": "x"}},
        "modle": "type_ii",
    }
    body = _problem(client.post("/v1/audit", json=request), 422)
    found = {e["field"]: e["did_you_mean"] for e in body["errors"]}
    assert found == {
        "plan.investment": None,
        "plan.claims.jobs": None,
        "plan.claims.jbos": "jobs",
        "modle": "model",
    }
    money = next(e for e in body["errors"] if e["field"] == "plan.investment")
    assert "같은 단위가 두 번" in money["message_ko"]


@pytest.mark.parametrize(
    ("request_", "status", "korean"),
    [
        (("GET", "/v1/nowhere", {}), 404, "경로나 항목이 없습니다"),
        (("GET", "/v1/plans/no-such-plan", {}), 404, "'no-such-plan'인 저장된 계획이 없습니다"),
        (("POST", "/v1/metrics",
          {"content": b"{", "headers": {"content-type": "application/json"}}),
         400, "읽을 수 없습니다"),
        (("POST", "/v1/metrics", {"content": b"{}", "headers": {"content-type": "text/plain"}}),
         415, "application/json"),
        (("DELETE", "/v1/metrics", {}), 405, "메서드"),
        (("POST", "/v1/compare", {"json": {"plans": [{"city": "x", "investment": 1}]}}),
         422, "어느 해의 가격인지 알 수 없습니다"),
    ],
)  # fmt: skip
def test_every_kind_of_problem_is_in_korean_too(
    client: Client, request_: tuple[str, str, dict[str, Any]], status: int, korean: str
) -> None:
    method, path, kwargs = request_
    body = _problem(client.request(method, path, **kwargs), status)
    assert korean in body["detail_ko"]
    assert body["detail"] and not HANGUL.search(body["title"])


def test_a_body_validated_off_the_loop_gets_the_same_problem(client: Client) -> None:
    """Above 256 KB a body is validated in a worker thread (api.body): its problem is the one a
    small body gets, field by field, in both languages, with "did you mean" and the pointer."""
    small = {"city": "부산", "investmnet": "약 500억원", "claims": {"C10.1": 1}}
    large = small | {
        "allocation": {"amounts": {f"S{i:05d}": 1 for i in range(10_000)}},
        "industries": ["산업" * 900] * 100,
    }
    answers = [_problem(client.post("/v1/metrics", json=body), 422) for body in (small, large)]
    assert len(json.dumps(large).encode()) > OFF_LOOP_VALIDATION_BYTES
    assert answers[0]["errors"] == answers[1]["errors"]
    assert {e["pointer"] for e in answers[1]["errors"]} == {
        "/investment",
        "/investmnet",
        "/claims/C10.1",
    }
    assert answers[0]["detail_ko"] == answers[1]["detail_ko"]


def test_a_problem_lists_the_first_hundred_fields_and_counts_them_all(client: Client) -> None:
    """8,000 unknown keys: errors[] holds the first 100 (each with its "did you mean" search),
    the detail says how many more there are, in both languages."""
    keys = {f"k{i:04d}": 1 for i in range(8_000)}
    body = _problem(client.post("/v1/metrics", json={"city": "부산", "investment": 1, **keys}), 422)
    assert [e["field"] for e in body["errors"]] == [f"k{i:04d}" for i in range(100)]
    assert body["detail"].endswith("; and 7995 more")
    assert body["detail_ko"].endswith("; 외 7995건")


def test_a_list_past_its_bound_is_refused_before_its_items_are_read(client: Client) -> None:
    """pydantic checks max_length after validating every item: 300,000 items of a list bounded
    at 100 made 300,000 errors and held the event loop for seconds. The bound comes first."""
    amounts = {f"k{i}": "x" for i in range(20_000)}
    cases = [
        (
            "/v1/metrics",
            {"city": "부산", "investment": 1, "industries": list(range(300_000))},
            "industries",
            "Tuple should have at most 100 items after validation, not 300000",
        ),
        (
            "/v1/metrics",
            {"city": "부산", "investment": 1, "allocation": {"amounts": amounts}},
            "allocation.amounts",
            "Dictionary should have at most 10000 items after validation, not 20000",
        ),
        ("/v1/compare", {"plans": [{"id": "x"}] * 5_000}, "plans", None),
    ]
    for path, sent, field, message in cases:
        body = _problem(client.post(path, json=sent), 422)
        assert [e["field"] for e in body["errors"]] == [field], body["errors"][:3]
        assert message is None or body["errors"][0]["message"] == message
        assert body["errors"][0]["message_ko"].startswith("항목이 ")


@pytest.mark.parametrize(
    ("path", "sent", "typo", "missing"),
    [
        ("/v1/scenarios", {"plan": {"idd": "sejong-2024"}, "adjustments": []}, "plan.idd",
         "plan.id"),
        ("/v1/audit", {"plan": {"Id": "sejong-2024"}}, "plan.Id", "plan.id"),
        ("/v1/compare", {"plans": [{"id": "sejong-2024"}, {"idd": "daejeon-2018"}]},
         "plans.1.idd", "plans.1.id"),
    ],
)  # fmt: skip
def test_a_misspelt_plan_id_is_named_with_did_you_mean_id(
    client: Client, path: str, sent: dict[str, Any], typo: str, missing: str
) -> None:
    """An object with no plan field and a key close to ``id`` is a reference with a typo:
    the problem names that key and ``id``, not the inline plan's ``city`` and ``investment``."""
    body = _problem(client.post(path, json=sent), 422)
    found = {e["field"]: e["did_you_mean"] for e in body["errors"]}
    assert found == {missing: None, typo: "id"}
    assert body["field"] == missing
    assert "did you mean 'id'?" in body["detail"]
    assert "'id'을(를) 쓰려던 것인가요?" in body["detail_ko"]
    assert "city" not in body["detail"]


@pytest.mark.parametrize(
    ("path", "sent"),
    [
        ("/v1/audit", {"id": "sejong-2024"}),
        ("/v1/scenarios", {"id": "sejong-2024", "adjustments": []}),
    ],
)
def test_an_id_outside_plan_says_it_goes_inside(
    client: Client, path: str, sent: dict[str, Any]
) -> None:
    body = _problem(client.post(path, json=sent), 422)
    errors = {e["field"]: e for e in body["errors"]}
    assert set(errors) == {"plan", "id"}
    assert errors["id"]["did_you_mean"] == "plan"
    assert 'did you mean {"plan": {"id": "sejong-2024"}}?' in errors["id"]["message"]
    assert '{"plan": {"id": "sejong-2024"}}을(를) 쓰려던 것인가요?' in errors["id"]["message_ko"]
    assert "it goes inside 'plan'" in errors["plan"]["message"]


COMPARE = "/v1/compare?ids=sejong-2024,daejeon-2018"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/v1/plans?limit=1000", ("limit", "must be at most 100", "100 이하여야 합니다", None)),
        ("/v1/plans?offset=-1", ("offset", "must be at least 0", "0 이상이어야 합니다", None)),
        ("/v1/plans?limit=abc", ("limit", "must be a whole number", "정수여야 합니다", None)),
        (f"{COMPARE}&price_year=2024%EB%85%84", ("price_year", "must be a whole number",
         "정수여야 합니다", None)),
        (f"{COMPARE}&index=CPI", ("index",
         "'CPI' is not an accepted value; use one of: gdp_deflator, cpi; did you mean 'cpi'?",
         ("다음 중 하나여야 합니다: gdp_deflator, cpi "
          "(받은 값: 'CPI'). 'cpi'을(를) 쓰려던 것인가요?"),
         "cpi")),
        ("/v1/tables/bok-2023/multipliers?model=x", ("model",
         "'x' is not an accepted value; use one of: type_i, type_ii",
         "다음 중 하나여야 합니다: type_i, type_ii (받은 값: 'x')", None)),
    ],
)  # fmt: skip
def test_a_query_parameter_error_is_in_plain_english_and_korean(
    client: Client, url: str, expected: tuple[str, str, str, str | None]
) -> None:
    """Litestar's (msgspec's) "Expected `int` <= 100" and "Invalid enum value 'CPI'" said in
    the words a body field's error uses, the Korean without English inside."""
    body = _problem(client.get(url), 422)
    [error] = body["errors"]
    found = (error["field"], error["message"], error["message_ko"], error["did_you_mean"])
    assert found == expected
    assert body["detail_ko"] == f"{expected[0]}: {expected[2]}"
    assert "Expected" not in body["detail_ko"]


@pytest.mark.parametrize("sent", ["modle", "MODEL", "Model"])
def test_an_unknown_query_parameter_fills_did_you_mean(client: Client, sent: str) -> None:
    """Misspelt or in another case, as a body field's suggestion is (``closest_name``)."""
    body = _problem(client.get(f"/v1/tables/bok-2023/multipliers?{sent}=type_ii"), 400)
    assert body["errors"][0]["did_you_mean"] == "model"
    assert "did you mean 'model'?" in body["detail"]


@pytest.mark.parametrize(
    ("sent", "detail", "detail_ko"),
    [
        ('{"city":"세종","investment":"1704억",}'.encode(),
         "JSON is malformed: trailing comma in object (byte 40)",
         "JSON 형식이 잘못되었습니다: 객체 끝에 쉼표가 있습니다 (바이트 위치 40)"),
        (b'{"city" "x"}', "JSON is malformed: expected ':' (byte 8)",
         "JSON 형식이 잘못되었습니다: 키 뒤에 ':'이(가) 있어야 합니다 (바이트 위치 8)"),
        (b'{"city": "\\uZZZZ"}', "JSON is malformed: invalid character in unicode escape (byte 13)",
         ("JSON 형식이 잘못되었습니다: \\u 이스케이프에 16진수가 아닌 문자가 있습니다 "
          "(바이트 위치 13)")),
        (b'{"city": "\\ud800\\u0041"}',
         "JSON is malformed: invalid utf-16 surrogate pair (byte 22)",
         ("JSON 형식이 잘못되었습니다: \\u 이스케이프의 UTF-16 서로게이트 쌍이 잘못되었습니다 "
          "(바이트 위치 22)")),
        (b'{"city": "x", "investment": 1e400}',
         ("JSON is malformed: a number is beyond what a JSON number can hold (±1.8 × 10³⁰⁸); "
          'write a large amount as text, e.g. "2조 8000억원"'),
         ("JSON 형식이 잘못되었습니다: 숫자가 JSON 숫자의 범위(±1.8 × 10³⁰⁸)를 넘습니다. "
          '큰 금액은 "2조 8000억원"처럼 문자열로 쓰세요')),
        (b'{"city": "\xec\x84\xb8\xc3("}',
         ("the body is not UTF-8: byte 14 (0x28) does not continue the UTF-8 character "
          "started by 0xC3 at byte 13; send text as UTF-8"),
         ("본문이 UTF-8이 아닙니다: 바이트 위치 13의 0xC3(으)로 시작한 UTF-8 문자를 바이트 위치 "
          "14의 0x28이(가) 잇지 않습니다. UTF-8로 보내세요")),
        (b'{"city": "\xff"}',
         ("the body is not UTF-8: byte 10 (0xFF) cannot start a UTF-8 character (invalid start "
          "byte); send text as UTF-8"),
         ("본문이 UTF-8이 아닙니다: 바이트 위치 10의 0xFF은(는) UTF-8 문자를 시작할 수 없습니다. "
          "UTF-8로 보내세요")),
        (b'{"city": "\\ud800"}',  # a high surrogate with no low half: not a body cut short
         "JSON is malformed: unexpected end of escaped utf-16 surrogate pair (byte 16)",
         ("JSON 형식이 잘못되었습니다: \\u 이스케이프의 상위 서로게이트(\\uD800–\\uDBFF) 뒤에 "
          "하위 서로게이트(\\uDC00–\\uDFFF)가 없습니다 (바이트 위치 16)")),
        (b'{"city": "\\ud800", "investment": 1}',  # further in, msgspec's own words, in Korean too
         "JSON is malformed: unexpected end of escaped utf-16 surrogate pair (byte 16)",
         ("JSON 형식이 잘못되었습니다: \\u 이스케이프의 상위 서로게이트(\\uD800–\\uDBFF) 뒤에 "
          "하위 서로게이트(\\uDC00–\\uDFFF)가 없습니다 (바이트 위치 16)")),
        (b'{"notes": "' + b"x" * 10_000 + b'", "city": "\\ud800"}',  # read in the tail only
         "JSON is malformed: unexpected end of escaped utf-16 surrogate pair (byte 10029)",
         ("JSON 형식이 잘못되었습니다: \\u 이스케이프의 상위 서로게이트(\\uD800–\\uDBFF) 뒤에 "
          "하위 서로게이트(\\uDC00–\\uDFFF)가 없습니다 (바이트 위치 10029)")),
        (b'{"city": "\\\\ud800', "Input data was truncated",  # an escaped backslash, then "ud800"
         "JSON을 읽을 수 없습니다: 중간에 끝났습니다 (닫히지 않은 괄호나 따옴표가 있습니다)"),
        (b'{"city": ', "Input data was truncated",
         "JSON을 읽을 수 없습니다: 중간에 끝났습니다 (닫히지 않은 괄호나 따옴표가 있습니다)"),
        (b" ", "the request body is empty: send a JSON document",
         "요청 본문이 비었습니다: JSON 문서를 보내세요"),
    ],
)  # fmt: skip
def test_malformed_json_says_what_and_where_in_korean_too(
    client: Client, sent: bytes, detail: str, detail_ko: str
) -> None:
    """The Korean gives the cause and the byte, as the English does (it was one sentence
    listing every cause a 400 can have)."""
    headers = {"content-type": "application/json"}
    body = _problem(client.post("/v1/metrics", content=sent, headers=headers), 400)
    assert (body["detail"], body["detail_ko"]) == (detail, detail_ko)
    assert body["errors"][0]["message_ko"] == detail_ko


def test_a_405_lists_the_allowed_methods_and_points_a_patch_at_put(client: Client) -> None:
    body = _problem(client.delete("/v1/metrics"), 405)
    assert body["detail"] == "DELETE is not allowed on this path; it takes POST, OPTIONS"
    assert body["detail_ko"] == (
        "이 경로에서는 DELETE 메서드를 쓸 수 없습니다. 쓸 수 있는 것: POST, OPTIONS"
    )
    patch = _problem(client.patch("/v1/plans/sejong-2024", json={"city": "세종"}), 405)
    assert "it takes GET, PUT, DELETE, OPTIONS; PUT replaces the whole document" in patch["detail"]
    assert "PUT은 문서 전체를 바꿉니다" in patch["detail_ko"]


@pytest.mark.parametrize(
    ("path", "sent"),
    [
        ("/v1/scenarios", {"plan": {"id": "sejong-2024"}, "adjustments": [], "save": "yes"}),
        ("/v1/scenarios", {"plan": {"id": "sejong-2024"}, "adjustments": [], "save": 1}),
        ("/v1/sweeps", {"plan": {"id": "sejong-2024"}, "grid": {"local_share.value": [0.5]},
                        "async": "true"}),
        ("/v1/uncertainty", {"plan": {"id": "sejong-2024"}, "basis_uncertainty": "no"}),
    ],
)  # fmt: skip
def test_a_boolean_field_takes_only_json_true_or_false(
    client: Client, path: str, sent: dict[str, Any]
) -> None:
    """``"save": "yes"`` and ``"save": 1`` used to be read as true and store a scenario."""
    before = client.get("/v1/scenarios").json()["total"]
    body = _problem(client.post(path, json=sent), 422)
    field = next(k for k in ("save", "async", "basis_uncertainty") if k in sent)
    error = next(e for e in body["errors"] if e["field"] == field)
    assert error["message"].startswith("must be JSON true or false, not ")
    assert error["message_ko"] == "true 또는 false여야 합니다"
    assert client.get("/v1/scenarios").json()["total"] == before


def test_values_are_quoted_as_json_and_an_id_beside_a_plan_is_only_unknown(
    client: Client,
) -> None:
    """A red team found Python in the messages (``not None``, ``받은 값: True``) and a
    did-you-mean for a 'plan' that had been given."""
    sent: dict[str, Any] = {"plan": {"id": "sejong-2024"}, "adjustments": [], "save": None}
    error = _problem(client.post("/v1/scenarios", json=sent), 422)["errors"][0]
    assert error["message"] == "must be JSON true or false, not null"
    grid = {"plan": {"id": "sejong-2024"}, "grid": {"local_share.value": [0.5, True]}}
    body = _problem(client.post("/v1/sweeps", json=grid), 422)
    assert body["detail"].endswith("(value true)") and body["detail_ko"].endswith("(받은 값: true)")
    beside = {"plan": {"id": "sejong-2024"}, "id": "x"}
    [error] = _problem(client.post("/v1/audit", json=beside), 422)["errors"]
    assert (error["field"], error["did_you_mean"]) == ("id", None)
    assert error["message"] == "unknown field 'id'; 'plan' holds the plan"
    plan = {"city": "x", "investment": 1, "claims": {"jobs": 1e25}}
    error = _problem(client.post("/v1/metrics", json=plan), 422)["errors"][0]
    assert "pass the count as an int" in error["message"], error


@pytest.mark.parametrize(
    ("allocation", "field", "en", "ko"),
    [
        ({"shares": {"건설": 0.5, "62": 0.5}}, "allocation.shares.건설",
         "\"건설\" is not a sector code: give the input-output table's code, e.g. '50'",
         '"건설"은(는) 부문 코드가 아닙니다. 산업연관표의 부문 코드(예: \'50\' 건물 건설'),
        ({"shares": {"소프트웨어 개발 공급업 및 기타 정보기술 서비스업": 1}},
         "allocation.shares.소프트웨어 개발 공급업 및 기타 정보기술 서비스업",
         "is not a sector code: give the input-output table's code", "부문 코드가 아닙니다"),
        ({"amounts": {"50": "60억", "62": "30억"}}, "allocation",
         ("amounts add up to ₩9,000,000,000, not the investment of ₩10,000,000,000: "
          "₩1,000,000,000 short"),
         "배분 금액의 합계 90억원이 투자액 100억원과 다릅니다 (10억원 부족)"),
        ({"amounts": {"50": "60억", "62": "50억"}}, "allocation",
         "₩1,000,000,000 over", "(10억원 초과)"),
    ],
)  # fmt: skip
def test_allocation_errors_say_how_to_fix_them(
    client: Client, allocation: dict[str, Any], field: str, en: str, ko: str
) -> None:
    """A sector named in words gets the codes to use (it got the key's regular expression);
    amounts that do not add up give the gap in won a reader can check (in Korean it quoted
    the English with raw won)."""
    plan = {"city": "세종", "investment": "100억", "allocation": allocation}
    body = _problem(client.post("/v1/audit", json=plan), 422)
    [error] = body["errors"]
    assert error["field"] == field
    assert en in error["message"]
    assert ko in error["message_ko"]
    assert "pattern" not in error["message"] and "amounts add up" not in error["message_ko"]


def test_a_what_ifs_amounts_say_the_gap_at_that_point(client: Client) -> None:
    adjustment = {"type": "reallocate", "allocation": {"amounts": {"62": "100억"}}}
    body = {"plan": {"id": "sejong-2024"}, "adjustments": [adjustment]}
    problem = _problem(client.post("/v1/scenarios", json=body), 422)
    assert problem["detail"].endswith(
        "not the investment of ₩170,400,000,000 at this point: ₩160,400,000,000 short"
    )
    assert problem["detail_ko"] == (
        "adjustments.0.allocation.amounts: 배분 금액의 합계 100억원이 이 단계의 투자액 "
        "1,704억원과 다릅니다 (1,604억원 부족)"
    )


@pytest.mark.parametrize(
    ("body", "en", "ko"),
    [
        ({"city": "세종", "investment": True}, "a boolean (true) is not",
         "참/거짓 값은 금액이 아닙니다"),
        ({"city": "세종", "investment": [1704]}, "got an array", "문자열이어야 합니다"),
        ({"plan": {"city": "세종", "investment": "100억"}, "model": "type_iii"},
         "'type_i' or 'type_ii'", "다음 중 하나여야 합니다: 'type_i', 'type_ii'"),
        ({"city": "세종", "investment": "100억", "allocation": {}}, "(got neither)",
         "(받은 것: 없음)"),
        ({"city": "세종", "investment": "100억", "region": "충청"}, "fits more than one region",
         "'충청'은 여러 지역에 해당합니다: 충북, 충남. region에 그중 하나를 주세요"),
        ({"plan": {"city": "충청", "investment": "100억", "allocation": {"shares": {"62": 1}}}},
         "fits more than one region",  # the city's path words it the same (it quoted English)
         "'충청'은 여러 지역에 해당합니다: 충북, 충남. region에 그중 하나를 주세요"),
        ({"plan": {"city": "고성", "investment": "100억", "allocation": {"shares": {"62": 1}}}},
         "write the region with the place (e.g. '강원 고성')",
         ("'고성'은 여러 지역에 해당합니다: 강원, 경남. region에 그중 하나를 주세요 "
          "(예: 'gangwon'). 또는 지명과 함께 시·도를 적으세요 (예: '강원 고성')")),
        ({"city": "세종", "investment": "100억", "region": "충청x"}, "unknown region '충청x'",
         "알 수 없는 지역입니다: '충청x'. 17개 시·도 중 하나를"),
        ({"city": "세종", "investment": "100억", "allocation": {"shares": {"62": [0.5]}}},
         "got an array", "배분 비율은 숫자나 '0.25', '25%' 같은 문자열이어야 합니다 (받은 것: 배열)"
         ),
        ({"city": "세종", "investment": "100억",
          "allocation": {"shares": {"62": "25%", "50": "25%"}}},
         "shares add up to 0.50 (50%), not 1 (100%)",
         "배분 비율의 합계가 1(100%)이 아니라 0.50(50%)입니다"),
        ({"city": "세종", "investment": "100억", "allocation": {"shares": {"62": "1e-31"}}},
         "at most 30 decimal places", "소수점 아래 30자리, 유효숫자 30자리까지입니다"),
    ],
)  # fmt: skip
def test_values_are_named_in_jsons_words_and_korean_has_no_english_glue(
    client: Client, body: dict[str, Any], en: str, ko: str
) -> None:
    """A reviewer saw 'a boolean (True)', 'got list', "'type_i' or 'type_ii'" and '받은 것:
    neither' in answers, and an ambiguous region called unknown in Korean."""
    problem = _problem(client.post("/v1/audit", json=body), 422)
    assert en in problem["detail"]
    assert ko in problem["detail_ko"]
    assert not re.search(r"\b(or|neither|True|list|unknown)\b", problem["detail_ko"])


@pytest.mark.parametrize(
    ("key", "meant"), [("local_share.VALUE", "local_share.value"), ("MODEL.kind", "model.kind")]
)
def test_a_misspelt_grid_key_fills_did_you_mean_in_both_languages(
    client: Client, key: str, meant: str
) -> None:
    """As a query parameter's does (the grid's said it in English only, in its message)."""
    body = {"plan": {"id": "sejong-2024"}, "grid": {key: ["type_ii"]}}
    problem = _problem(client.post("/v1/sweeps", json=body), 422)
    [error] = problem["errors"]
    assert error["did_you_mean"] == meant
    assert f"'{meant}'을(를) 쓰려던 것인가요?" in error["message_ko"]
    assert "did you mean" not in problem["detail_ko"]


SEJONG = {"plan": {"id": "sejong-2024"}}
TINY_PLAN = {"city": "세종", "investment": 3, "allocation": {"shares": {"62": 1}}}


@pytest.mark.parametrize(
    ("request_", "sent", "status", "detail_ko"),
    [
        ("POST /v1/impact", {"demand": {"99": 1000}}, 422,
         ("demand.99: 부문 코드 '99'은(는) 'bok-2023' 표에 없습니다. 이 표의 부문 코드는 83개, "
          "'01' … '83'입니다")),
        ("POST /v1/audit",
         {"city": "세종", "investment": "100억", "allocation": {"shares": {"99": 1}}}, 422,
         "allocation.shares.99: 부문 코드 '99'은(는) 'bok-2023' 표에 없습니다"),
        ("GET /v1/plans/nope", None, 404, "id: id가 'nope'인 저장된 계획이 없습니다"),
        ("POST /v1/audit", {"plan": {"id": "nope"}}, 404,
         "plan.id: id가 'nope'인 저장된 계획이 없습니다"),
        ("POST /v1/scenarios",
         {"plan": {"city": "세종", "investment": "100억"},
          "adjustments": [{"type": "price_year", "year": 2024}]}, 422,
         "adjustments.0.year: 계획에 price_year도 announced도 없습니다"),
        ("POST /v1/scenarios",
         {**SEJONG, "adjustments": [{"type": "price_year", "year": 2030}]}, 422,
         "adjustments.0.year: 가격 연도 2030년은 gdp_deflator 자료의 범위(2010–2025년) 밖입니다"),
        ("POST /v1/compare", {"plans": [{"id": "sejong-2024"}], "price_year": 2030}, 422,
         "price_year: 가격 연도 2030년은 gdp_deflator 자료의 범위(2010–2025년) 밖입니다"),
        ("GET /v1/compare?ids=sejong-2024&price_year=2030", None, 422,
         "가격 연도 2030년은 gdp_deflator 자료의 범위(2010–2025년) 밖입니다"),
        ("POST /v1/scenarios",
         {"plan": TINY_PLAN, "adjustments": [{"type": "scale_investment", "factor": 0.1}]}, 422,
         "adjustments.0.factor: 조정한 투자액을 반올림하면 0원이 됩니다"),
        ("POST /v1/sweeps", {**SEJONG, "grid": {"shift_allocation.share": [0.1]}}, 422,
         ("grid.shift_allocation.from: 그리드 키 'shift_allocation.from'도 주세요 "
          "(shift_allocation에 필요한 것: 'shift_allocation.from', 'shift_allocation.to', "
          "'shift_allocation.share')")),
        ("POST /v1/scenarios",
         {**SEJONG, "adjustments": [{"type": "shift_allocation", "from": "01", "to": "62",
                                     "share": 0.1}]}, 422,
         "adjustments.0.from: 부문 '01'에는 배분에서 옮길 지출이 없습니다"),
        ("POST /v1/scenarios", {**SEJONG, "adjustments": [{"type": "table", "id": "nope"}]},
         404, "adjustments.0.id: 알 수 없는 표 'nope'입니다: 'bok-2023'도, 올리거나 지역화한 표도"),
        ("GET /v1/scenarios/nope", None, 404, "id: id가 'nope'인 저장된 시나리오가 없습니다"),
        ("GET /v1/tables/nope", None, 404, "id: id가 'nope'인 산업연관표가 없습니다"),
        ("POST /v1/scenarios",
         {"plan": {"city": "세종", "investment": "100억"}, "adjustments": []}, 422,
         "plan.allocation: 계획에 부문별 배분이 없습니다"),
    ],
)  # fmt: skip
def test_domain_errors_are_said_in_korean_with_their_specifics(
    client: Client, request_: str, sent: Any, status: int, detail_ko: str
) -> None:
    """An outside tester found a Korean kind before the English sentence (``잘못된 입력:
    sector code '99' is not in table …``): the raiser words each in Korean, ids, codes and
    years as the English gives them."""
    method, path = request_.split(" ")
    kwargs = {} if sent is None else {"json": sent}
    body = _problem(client.request(method, path, **kwargs), status)
    assert detail_ko in body["detail_ko"], body
    for ko in [body["detail_ko"], *(e["message_ko"] for e in body["errors"])]:
        assert not re.search(r"\b(is|the|has|give|no|not|outside)\b", ko), ko


PARTICLE_AFTER_QUOTE = re.compile(r"(['\"]|\d)(가|는|를|을|와|과|로)(?=[\s.,)])")
"""A fixed particle after a quoted Latin word or a number: 'modle'가, 0.7480는."""


@pytest.mark.parametrize(
    ("url", "status", "korean"),
    [
        ("/v1/tables/bok-2023/multipliers?modle=type_ii", 400,
         "이 경로에는 쿼리 매개변수 'modle'이(가) 없습니다"),
        ("/v1/compare?ids=sejong-2024&ids=daejeon-2018", 400,
         "쿼리 매개변수 'ids'은(는) 한 번만 주세요"),
        ("/v1/compare", 422, "쿼리 매개변수 'ids'이(가) 필요합니다"),
    ],
)  # fmt: skip
def test_a_particle_after_a_quoted_name_fits_either_ending(
    client: Client, url: str, status: int, korean: str
) -> None:
    """'modle'가 and 'ids'는 fix a particle a reader may not hear (모들이? 아이디스는?)."""
    body = _problem(client.get(url), status)
    assert korean in body["detail_ko"]
    assert not PARTICLE_AFTER_QUOTE.search(body["detail_ko"]), body["detail_ko"]


def test_the_audits_caveats_put_no_fixed_particle_after_a_number(client: Client) -> None:
    """The import caveat said 부가가치유발계수 0.7480는: after a number, no fixed particle."""
    audit = client.get("/v1/plans/sejong-2024/audit").json()
    caveats = [c["ko"] for c in audit["caveats"]]
    caveat = next(c for c in caveats if "공표치" in c)
    assert "생산유발계수·부가가치유발계수(각 " in caveat
    for text in caveats:
        assert not PARTICLE_AFTER_QUOTE.search(text), text


@pytest.mark.parametrize(
    ("path", "sent", "field", "meant"),
    [
        ("/v1/audit", {**SEJONG, "model": "TYPE_II"}, "model", "type_ii"),
        ("/v1/audit", {**SEJONG, "basis": "domestc"}, "basis", "domestic"),
        ("/v1/compare", {"plans": [{"id": "sejong-2024"}], "currency": "usd"}, "currency", "USD"),
        ("/v1/scenarios",
         {**SEJONG, "adjustments": [{"type": "price_year", "year": 2024, "index": "CPI"}]},
         "adjustments.0.index", "cpi"),
        ("/v1/scenarios", {**SEJONG, "adjustments": [{"type": "scale_invesment", "factor": 2}]},
         "adjustments.0.type", "scale_investment"),
        ("/v1/audit",
         {"city": "세종", "investment": "100억",
          "allocation": {"shares": {"62": 1}, "basis": "assume"}},
         "allocation.basis", "assumed"),
        ("/v1/sweeps", {**SEJONG, "grid": {"model.kind": ["TYPE_II"]}}, "grid.model.kind",
         "type_ii"),
    ],
)  # fmt: skip
def test_a_misspelt_value_in_a_body_fills_did_you_mean(
    client: Client, path: str, sent: dict[str, Any], field: str, meant: str
) -> None:
    """``?model=TYPE_II`` named type_ii and ``"model": "TYPE_II"`` did not: an enum, a literal
    and an adjustment's type go through the same search (``closest_name``, any case)."""
    body = _problem(client.post(path, json=sent), 422)
    [error] = body["errors"]
    assert (error["field"], error["did_you_mean"]) == (field, meant)
    assert f"; did you mean '{meant}'?" in error["message"]
    assert f". '{meant}'을(를) 쓰려던 것인가요?" in error["message_ko"]
    assert f"'{meant}'을(를) 쓰려던 것인가요?" in body["detail_ko"]


def test_a_value_far_from_every_choice_gets_no_guess(client: Client) -> None:
    body = _problem(client.post("/v1/audit", json={**SEJONG, "model": "leontief"}), 422)
    [error] = body["errors"]
    assert error["did_you_mean"] is None
    assert "did you mean" not in error["message"]
    assert error["message_ko"] == "다음 중 하나여야 합니다: 'type_i', 'type_ii'"


@pytest.mark.parametrize(
    ("grid", "message", "message_ko"),
    [
        ({"local_share.value": ["-5%"]}, "a share cannot be negative, got '-5%'",
         "비율은 음수일 수 없습니다 (받은 값: '-5%')"),
        ({"local_share.value": [2]}, "Input should be less than or equal to 1 (value 2)",
         "1 이하여야 합니다 (받은 값: 2)"),
        ({"scale_investment.factor": [0]}, "Input should be greater than 0 (value 0)",
         "0보다 커야 합니다 (받은 값: 0)"),
    ],
)  # fmt: skip
def test_a_grid_error_gives_the_value_once_and_the_limit_as_in_english(
    client: Client, grid: dict[str, Any], message: str, message_ko: str
) -> None:
    """'got '-5%' (value "-5%")' said the value twice, and '1.0 이하' / '0.0보다' wrote the
    limit otherwise than the English '1' / '0'."""
    body = _problem(client.post("/v1/sweeps", json={**SEJONG, "grid": grid}), 422)
    [error] = body["errors"]
    assert (error["message"], error["message_ko"]) == (message, message_ko)


def test_a_whole_limit_has_no_decimal_point_in_korean(client: Client) -> None:
    adjustment = {"type": "scale_investment", "factor": 0}
    body = _problem(client.post("/v1/scenarios", json={**SEJONG, "adjustments": [adjustment]}), 422)
    assert body["errors"][0]["message"] == "Input should be greater than 0"
    assert body["errors"][0]["message_ko"] == "0보다 커야 합니다"
