"""``POST /v1/sweeps`` streamed: JSON lines and CSV, a slice of rows at a time.

The streamed rows are those of the JSON answer (and the CSV the bytes of the export made
from it), whatever the slicing; errors before the first row are problem+json, an error in
a later slice ends the JSON lines with a problem document and cuts the CSV off.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from api.sweeps import stream
from impact.export import sweep_sheets, to_csv
from impact.scenario.grid import plan_grid
from impact.scenario.state import default_model_for
from impact.seeds import load_seed_plans
from runner import work
from tests.strategies_scenario import ALLOCATION

Client = TestClient[Litestar]
PLAN = {"id": "sejong-2024"}
GRID = {
    "scale_investment.factor": [0.8, 0.9, 1, 1.25],
    "local_share.value": [0.6, 1],
    "model.kind": ["type_i", "type_ii"],
}
SCENARIOS: list[list[dict[str, Any]]] = [
    [{"type": "scale_investment", "factor": 0.8}],
    [{"type": "local_share", "value": 0.6}, {"type": "model", "kind": "type_ii"}],
    [],
    [{"type": "period", "start": 2024, "end": 2027}],
    [{"type": "shift_allocation", "from": "62", "to": "51", "share": 0.5}],
]


def _lines(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == "application/x-ndjson"
    return [json.loads(line) for line in response.content.splitlines()]


@pytest.fixture(
    params=[(2, 1_000), (7, 3), (5_000, 1_000)],
    ids=["slices-of-2", "slices-of-7-sent-by-3", "one-slice"],
)
def slices(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    chunk, part = request.param
    monkeypatch.setattr(work, "SWEEP_CHUNK", chunk)
    monkeypatch.setattr(stream, "PART", part)
    return int(chunk)


@pytest.mark.parametrize(
    "request_",
    [
        {"plan": PLAN, "grid": GRID},
        {
            "plan": PLAN,
            "adjustments": [{"type": "reallocate", "allocation": ALLOCATION}],
            "scenarios": SCENARIOS,
        },
    ],
    ids=["grid", "scenarios"],
)
def test_json_lines_are_the_rows_of_the_json_answer(
    client: Client, slices: int, request_: dict[str, Any]
) -> None:
    answer = client.post("/v1/sweeps", json=request_)
    assert answer.status_code == 200
    whole = answer.json()
    lines = _lines(client.post("/v1/sweeps", json=request_, params={"format": "ndjson"}))
    *rows, last = lines
    assert rows == whole["rows"]
    assert last == {"count": whole["count"], "notes": whole["notes"]}
    # the same bytes too: each line is the row as the JSON answer encodes it
    encoded = [msgspec.json.encode(row) for row in msgspec.json.decode(answer.content)["rows"]]
    streamed = client.post("/v1/sweeps", json=request_, headers={"Accept": "application/x-ndjson"})
    assert streamed.content.splitlines()[:-1] == encoded


@pytest.mark.parametrize(
    "request_",
    [
        {"plan": PLAN, "grid": GRID},
        {"plan": PLAN, "grid": {"reallocate.allocation": [ALLOCATION, {"shares": {"62": 1}}]}},
        {
            "plan": PLAN,
            "adjustments": [{"type": "reallocate", "allocation": ALLOCATION}],
            "scenarios": SCENARIOS,
        },
    ],
    ids=["grid", "grid-of-allocations", "scenarios"],
)
def test_the_streamed_csv_is_the_export_of_the_json_answer(
    client: Client, slices: int, request_: dict[str, Any]
) -> None:
    whole = client.post("/v1/sweeps", json=request_).json()
    expected = to_csv(sweep_sheets(whole["rows"], whole["notes"])[0])
    streamed = client.post("/v1/sweeps", json=request_, headers={"Accept": "text/csv"})
    assert streamed.status_code == 200, streamed.text[:300]
    assert streamed.headers["content-type"] == "text/csv; charset=utf-8"
    assert streamed.headers["content-disposition"].startswith("attachment; filename=")
    assert streamed.content == expected


def test_more_rows_than_a_json_answer_stream_instead_of_becoming_a_job(client: Client) -> None:
    factors = [round(0.5 + i / 250, 4) for i in range(250)]
    shares = [i / 99 for i in range(100)]
    request_ = {
        "plan": PLAN,
        "grid": {"scale_investment.factor": factors, "local_share.value": shares},
    }
    assert client.post("/v1/sweeps", json=request_).status_code == 202  # 25,000 rows: a job
    *rows, last = _lines(client.post("/v1/sweeps", json=request_, params={"format": "ndjson"}))
    assert len(rows) == last["count"] == 25_000
    assert rows[-1]["parameters"] == {
        "scale_investment.factor": factors[-1],
        "local_share.value": 1,
    }
    text = client.post("/v1/sweeps", json=request_, params={"format": "csv"}).content
    assert text.count(b"\r\n") == 25_001


def test_errors_before_the_first_row_are_problems(client: Client) -> None:
    bad_key = client.post(
        "/v1/sweeps", json={"plan": PLAN, "grid": {"nope.x": [1]}}, params={"format": "ndjson"}
    )
    assert bad_key.status_code == 422
    assert bad_key.headers["content-type"].startswith("application/problem+json")
    assert bad_key.json()["field"] == "grid.nope.x"
    not_async = client.post(
        "/v1/sweeps", json={"plan": PLAN, "grid": GRID, "async": True}, params={"format": "csv"}
    )
    assert (not_async.status_code, not_async.json()["field"]) == (422, "format")
    first_row = client.post(
        "/v1/sweeps",
        json={"plan": PLAN, "scenarios": [[{"type": "table", "id": "x"}]]},
        headers={"Accept": "application/x-ndjson"},
    )
    assert (first_row.status_code, first_row.json()["field"]) == (404, "scenarios.0.0.id")


def test_an_error_in_a_later_slice_ends_the_lines_with_a_problem(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(work, "SWEEP_CHUNK", 2)
    scenarios = [[{"type": "local_share", "value": 0.5}]] * 3 + [[{"type": "table", "id": "x"}]]
    request_ = {"plan": PLAN, "scenarios": scenarios}
    *rows, last = _lines(client.post("/v1/sweeps", json=request_, params={"format": "ndjson"}))
    assert len(rows) == 2  # the first slice; the second failed
    assert (last["status"], last["field"]) == (404, "scenarios.3.0.id")
    assert "count" not in last and last["detail_ko"]
    with pytest.raises(Exception, match="response started"):  # the CSV is cut off
        client.post("/v1/sweeps", json=request_, params={"format": "csv"})


def test_xlsx_of_a_sweep_too_large_to_answer_at_once_is_refused(client: Client) -> None:
    request_ = {"plan": PLAN, "grid": GRID, "async": True}
    refused = client.post("/v1/sweeps", json=request_, params={"format": "xlsx"})
    assert (refused.status_code, refused.json()["field"]) == (422, "format")


def test_the_document_says_the_sweep_streams(client: Client) -> None:
    operation = client.get("/schema/openapi.json").json()["paths"]["/v1/sweeps"]["post"]
    content = operation["responses"]["200"]["content"]
    assert {"application/json", "application/x-ndjson", "text/csv"} <= set(content)
    formats = next(p for p in operation["parameters"] if p["name"] == "format")
    assert "ndjson" in json.dumps(formats["schema"])


def test_one_process_computes_at_most_two_slices_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Four streams at once: two slices are computed at a time, the others wait their turn."""
    monkeypatch.setattr(work, "SWEEP_CHUNK", 3)
    active, most, lock = 0, 0, threading.Lock()
    compute = stream.SweepStream._compute

    def counted(self: stream.SweepStream, start: int) -> stream.Computed:
        nonlocal active, most
        with lock:
            active += 1
            most = max(most, active)
        time.sleep(0.02)
        try:
            return compute(self, start)
        finally:
            with lock:
                active -= 1

    monkeypatch.setattr(stream.SweepStream, "_compute", counted)
    space = plan_grid({"local_share.value": [0.1 * i for i in range(9)]})

    async def one() -> int:
        sweep = stream.SweepStream(
            plan=load_seed_plans()["sejong-2024"], source=stream.RowSource.of_grid(space),
            base=[], field="grid", model_for=default_model_for, fmt="ndjson",
        )  # fmt: skip
        lines = 0
        for start in range(0, len(space), 3):
            async for part in sweep._slice(start):
                lines += part.count(b"\n")
        return lines

    async def four() -> list[int]:
        return list(await asyncio.gather(*(one() for _ in range(4))))

    assert asyncio.run(four()) == [9, 9, 9, 9]
    assert most == stream.SLICES_AT_ONCE == 2
