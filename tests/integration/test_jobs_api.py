"""Jobs in the database (``api.jobs``): results stored once and served whole, in pages, as JSON
lines and as CSV; caps per client and in total; owners; expiry (issue 14, durable jobs).

Runs on SQLite, and on PostgreSQL too when ``IMPACT_TEST_POSTGRES_URL`` is set.
"""

from __future__ import annotations

import csv
import io
import json
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import update

from api.app import create_app
from api.db.session import database_of
from api.jobs import repository
from api.jobs.encoding import ROWS_PER_PART
from api.jobs.models import JobRow
from tests.integration.conftest import BACKENDS, Databases, settings_for
from tests.integration.test_sweeps_api import poll

Client = TestClient[Litestar]
KEY_A = "jobs-test-key-a-0123456789abcdef"
KEY_B = "jobs-test-key-b-0123456789abcdef"
A = {"X-API-Key": KEY_A}
B = {"X-API-Key": KEY_B}
PLAN = {"id": "sejong-2024"}
GRID = {
    "scale_investment.factor": [0.5 + i / 1000 for i in range(250)],
    "local_share.value": [0.0, 0.25, 0.5, 0.75, 1.0, 0.1, 0.2, 0.3, 0.4, 0.6],
}
"""2,500 rows: two whole parts of 1,000 rows and a half one."""
SLOW = {"plan": PLAN, "draws": 60_000, "seed": 3, "coefficient_cv": 0.1, "async": True}
"""A Monte Carlo job that runs for seconds."""


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def app(databases: Databases) -> Litestar:
    settings = settings_for(
        databases.new(),
        api_keys=f"{KEY_A},{KEY_B}",
        job_rows_threshold=100,
        jobs_running=2,
        jobs_running_per_client=1,
        jobs_kept_per_client=2,
        job_heartbeat=0.2,
    )
    return create_app(settings)


@pytest.fixture(scope="module")
def client(app: Litestar) -> Iterator[Client]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def direct(databases: Databases) -> dict[str, Any]:
    """The same sweep answered synchronously by an app with the default threshold."""
    settings = settings_for(databases.new())
    with TestClient(create_app(settings)) as test_client:
        response = test_client.post("/v1/sweeps", json={"plan": PLAN, "grid": GRID})
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture(scope="module")
def finished(client: Client) -> dict[str, Any]:
    accepted = client.post("/v1/sweeps", json={"plan": PLAN, "grid": GRID}, headers=A)
    assert accepted.status_code == 202, accepted.text
    job = poll(client, accepted.headers["location"])
    assert job["status"] == "succeeded", job
    return job


def test_the_whole_result_is_the_synchronous_answer_byte_for_byte_in_size(
    client: Client, finished: dict[str, Any], direct: dict[str, Any]
) -> None:
    result = finished["result"]
    assert (result["rows"], result["formats"]) == (2_500, ["json", "jsonl", "csv"])
    whole = client.get(result["href"])
    assert whole.status_code == 200
    assert whole.headers["content-type"] == "application/json"
    assert int(whole.headers["content-length"]) == len(whole.content) == result["bytes"]
    assert whole.json() == direct


@pytest.mark.parametrize(
    ("offset", "limit"),
    [(0, 10), (ROWS_PER_PART - 3, 7), (1_999, 502), (2_490, 100), (2_500, 5), (0, 2_500)],
)
def test_pages_are_slices_of_the_rows(
    client: Client, finished: dict[str, Any], direct: dict[str, Any], offset: int, limit: int
) -> None:
    page = client.get(finished["result"]["href"], params={"offset": offset, "limit": limit})
    assert page.status_code == 200
    body = page.json()
    expected = direct["rows"][offset : offset + limit]
    assert body["items"] == expected
    assert (body["total"], body["offset"], body["limit"]) == (2_500, offset, len(expected))
    after = offset + len(expected)
    assert body["next_offset"] == (after if after < 2_500 else None)


def test_json_lines_by_parameter_or_accept(
    client: Client, finished: dict[str, Any], direct: dict[str, Any]
) -> None:
    by_parameter = client.get(finished["result"]["href"], params={"format": "jsonl"})
    by_accept = client.get(finished["result"]["href"], headers={"Accept": "application/x-ndjson"})
    assert by_parameter.content == by_accept.content
    assert by_parameter.headers["content-type"] == "application/x-ndjson"
    assert [json.loads(line) for line in by_parameter.text.splitlines()] == direct["rows"]
    part = client.get(
        finished["result"]["href"], params={"format": "jsonl", "offset": 995, "limit": 10}
    )
    assert [json.loads(line) for line in part.text.splitlines()] == direct["rows"][995:1005]


def test_csv_has_a_header_and_the_parameters_as_columns(
    client: Client, finished: dict[str, Any], direct: dict[str, Any]
) -> None:
    response = client.get(finished["result"]["href"], headers={"Accept": "text/csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 2_500
    for got, want in zip(rows[::499], direct["rows"][::499], strict=True):
        assert (
            float(got["scale_investment.factor"]) == want["parameters"]["scale_investment.factor"]
        )
        assert int(got["output_krw"]) == want["output_krw"]
        assert got["output_in_region_krw"] == str(want["output_in_region_krw"])


def test_per_client_cap_is_429_and_total_cap_is_503(client: Client) -> None:
    first = client.post("/v1/uncertainty", json=SLOW, headers=A)
    assert first.status_code == 202
    second = client.post("/v1/uncertainty", json=SLOW, headers=A)  # A runs one already
    assert second.status_code == 429, second.text
    assert int(second.headers["retry-after"]) > 0
    assert second.headers["content-type"] == "application/problem+json"
    other = client.post("/v1/uncertainty", json=SLOW, headers=B)  # B may: 2 in all
    assert other.status_code == 202
    third = client.post("/v1/uncertainty", json=SLOW)  # anonymous: a client of its own
    assert third.status_code == 503, third.text
    assert int(third.headers["retry-after"]) > 0
    assert client.delete(first.headers["location"], headers=A).status_code == 204
    assert client.delete(other.headers["location"], headers=B).status_code == 204


def test_only_the_owner_cancels_and_a_cancelled_job_is_gone(client: Client) -> None:
    accepted = client.post("/v1/uncertainty", json=SLOW, headers=A)
    assert accepted.status_code == 202
    location = accepted.headers["location"]
    refused = client.delete(location, headers=B)
    assert (refused.status_code, refused.json()["field"]) == (403, "id")
    anonymous = client.delete(location)
    assert anonymous.status_code == 403
    assert client.delete(location, headers=A).status_code == 204
    gone = client.get(location)
    assert (gone.status_code, gone.json()["field"]) == (404, "id")
    # the thread stopped: A may start another at once
    deadline = time.monotonic() + 30
    while (again := client.post("/v1/uncertainty", json=SLOW, headers=A)).status_code == 429:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert again.status_code == 202
    assert client.delete(again.headers["location"], headers=A).status_code == 204


def test_no_client_evicts_another_clients_job(client: Client) -> None:
    """Each client keeps its 2 newest finished jobs; B's many jobs never touch A's."""
    small = {"plan": PLAN, "grid": {"scale_investment.factor": [1.0] * 101}}
    a = poll(client, client.post("/v1/sweeps", json=small, headers=A).headers["location"])
    b_jobs = []
    for _ in range(5):
        accepted = client.post("/v1/sweeps", json=small, headers=B)
        assert accepted.status_code == 202
        b_jobs.append(poll(client, accepted.headers["location"])["id"])
    assert client.get(f"/v1/jobs/{a['id']}").status_code == 200
    kept = [job_id for job_id in b_jobs if client.get(f"/v1/jobs/{job_id}").status_code == 200]
    assert kept == b_jobs[-2:]  # B's own oldest made room


def test_a_job_expires_after_its_ttl(client: Client, app: Litestar) -> None:
    small = {"plan": PLAN, "grid": {"scale_investment.factor": [1.0] * 101}}
    job = poll(client, client.post("/v1/sweeps", json=small, headers=B).headers["location"])
    assert job["expires_at"] is not None

    async def as_if_its_hour_had_passed() -> None:
        async with database_of(app.state).sessions() as session, session.begin():
            past = datetime.now(UTC) - timedelta(seconds=1)
            await session.execute(
                update(JobRow).where(JobRow.id == job["id"]).values(expires_at=past)
            )

    client.blocking_portal.call(as_if_its_hour_had_passed)
    deadline = time.monotonic() + 10
    while client.get(f"/v1/jobs/{job['id']}").status_code == 200:  # the next sweep deletes it
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert client.get(f"/v1/jobs/{job['id']}").json()["field"] == "id"


def test_results_of_unfinished_failed_or_rowless_jobs(client: Client) -> None:
    accepted = client.post("/v1/uncertainty", json=SLOW, headers=A)
    location = accepted.headers["location"]
    running = client.get(f"{location}/result")
    assert (running.status_code, running.json()["field"]) == (409, "id")
    assert client.delete(location, headers=A).status_code == 204
    row = [{"type": "table", "id": "nope"}]
    bad = {"plan": PLAN, "scenarios": [row] * 101}
    failed = poll(client, client.post("/v1/sweeps", json=bad, headers=A).headers["location"])
    assert failed["status"] == "failed"
    assert failed["error"]["field"] == "scenarios.0.0.id"
    # in Korean as the same error answered at once says it (impact.validation.error_detail_ko)
    assert failed["error"]["detail_ko"].startswith("scenarios.0.0.id: ")
    at_once = client.post("/v1/sweeps", json={"plan": PLAN, "scenarios": [row]})
    assert failed["error"]["detail_ko"] == at_once.json()["detail_ko"]
    assert client.get(f"/v1/jobs/{failed['id']}/result").status_code == 409


def test_a_job_whose_process_on_another_host_went_silent_is_failed(
    client: Client, app: Litestar
) -> None:
    """No heartbeat for six beats from a process this host cannot see: failed, with why."""
    job_id = str(uuid.uuid4())

    async def a_job_of_a_silent_host() -> None:
        long_ago = datetime.now(UTC) - timedelta(minutes=5)
        async with database_of(app.state).sessions() as session, session.begin():
            session.add(
                JobRow(
                    id=job_id, kind="sweep", status="running", progress=0.5,
                    owner="addr:192.0.2.9", worker="another-host:4242:abcdef",
                    heartbeat_at=long_ago, created_at=long_ago, updated_at=long_ago,
                )
            )  # fmt: skip

    client.blocking_portal.call(a_job_of_a_silent_host)
    job = client.get(f"/v1/jobs/{job_id}").json()
    assert job["status"] == "failed"
    assert job["error"]["type"].endswith(":job-lost")
    assert "heartbeats" in job["error"]["detail"]
    assert "응답 신호" in job["error"]["detail_ko"]


def test_a_lost_job_failed_by_a_sweep_just_before_the_read_is_shown_failed(
    client: Client, app: Litestar, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The periodic sweep may fail a lost job between the read of its row and the read's own
    attempt (which then updates nothing): the answer is the stored job, not the stale row."""
    fail_job = repository.fail_job

    async def swept_first(*args: Any, **kwargs: Any) -> bool:
        await fail_job(*args, **kwargs)  # the sweep's update
        return False  # and this attempt's, which finds the job failed already

    monkeypatch.setattr(repository, "fail_job", swept_first)
    test_a_job_whose_process_on_another_host_went_silent_is_failed(client, app)


def test_a_job_of_this_process_that_it_no_longer_runs_is_failed(
    client: Client, app: Litestar
) -> None:
    """Its own process knows which jobs it runs: one it does not (its outcome could not be
    stored, say) is lost like any other once its heartbeats stop."""
    job_id = str(uuid.uuid4())
    runner = app.state["jobs"]

    async def an_orphan_of_this_process() -> None:
        long_ago = datetime.now(UTC) - timedelta(minutes=5)
        async with database_of(app.state).sessions() as session, session.begin():
            session.add(
                JobRow(
                    id=job_id, kind="sweep", status="running", progress=0.5,
                    owner="addr:192.0.2.9", worker=runner.worker,
                    heartbeat_at=long_ago, created_at=long_ago, updated_at=long_ago,
                )
            )  # fmt: skip

    client.blocking_portal.call(an_orphan_of_this_process)
    job = client.get(f"/v1/jobs/{job_id}").json()
    assert (job["status"], job["error"]["type"].rsplit(":", 1)[1]) == ("failed", "job-lost")
