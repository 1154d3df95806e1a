"""Contract fuzzing: schemathesis against the app's own OpenAPI document, in process.

Every operation the served document lists is fuzzed -- those added later included: the
tests iterate the schema, not a list of routes. For each operation schemathesis sends
its explicit examples, its coverage cases (boundaries and, negated, every constraint),
and hypothesis-generated requests, both schema-valid and schema-invalid; a stateful run
then chains operations through the links it infers (save a plan, read it back, replace
it, delete it, ...). Every response must

* not be a 5xx;
* have a documented status, media type and headers, and a body valid against the
  documented schema -- problem+json error bodies included;
* reject schema-invalid requests (4xx) and answer 405 for undocumented methods.

The one default check left out is ``positive_data_acceptance`` ("a schema-valid request
must get 2xx"): the schema cannot say everything the validators check (an allocation's
shares add up to 1, a period ends after it starts, a money string is in Korean units),
so a schema-valid request may rightly get a 422 -- which must then itself be documented
and valid, as every other response.

The app runs with an API key configured and every request sends it, so the write routes'
guard and ownership rules (403 on the shipped plans) are fuzzed too; it has no rate limit.
Under ``CI=true`` the ``ci`` hypothesis profile (tests/conftest.py) derandomises
generation: every run of a commit sends the same requests.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck
from schemathesis.core.result import Ok
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import positive_data_acceptance
from schemathesis.specs.openapi.schemas import OpenApiSchema

from api.app import create_app
from tests.integration.conftest import settings_for, sqlite_url

Case = schemathesis.Case[Any]

FUZZ_KEY = "contract-fuzz-key-0123456789"
HEADERS = {"X-API-Key": FUZZ_KEY}
EXCLUDED = [cast("schemathesis.CheckFunction", positive_data_acceptance)]
MIN_CASES = 1_000
"""Requests one full run must send at least, all operations together (it sends ≈ 2,600)."""

SETTINGS = hypothesis.settings(
    hypothesis.settings.default,  # the loaded profile: derandomised under CI=true
    max_examples=80,  # per operation, for the generated phase
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
STATEFUL_SETTINGS = hypothesis.settings(
    SETTINGS, max_examples=25, stateful_step_count=8, suppress_health_check=list(HealthCheck)
)

sent: Counter[str] = Counter()
"""Requests sent per operation ('POST /v1/plans'), and under 'stateful' for the chains."""

# Built at import: schemathesis 4.32's lazy `from_fixture` does not run under pytest 9.
_directory = tempfile.TemporaryDirectory(prefix="impact-contract-")
fuzzed_app = create_app(
    settings_for(sqlite_url(Path(_directory.name) / "fuzz.db"), api_keys=FUZZ_KEY)
)
schema: OpenApiSchema = schemathesis.openapi.from_asgi("/schema/openapi.json", fuzzed_app)
"""The document the app serves, loaded through the app itself (ASGI, no network)."""


@pytest.fixture(scope="module", autouse=True)
def _close_the_app() -> Iterator[None]:
    yield
    asgi.shutdown_lifespans()  # the app's lifespan, and with it its database
    _directory.cleanup()


@schema.parametrize()
@SETTINGS
def test_every_operation_honours_its_contract(case: Case) -> None:
    sent[f"{case.method} {case.path}"] += 1
    case.call_and_validate(headers=HEADERS, excluded_checks=EXCLUDED)


def test_linked_operations_honour_their_contract() -> None:
    """Chains along the documented links: save → read → metrics → compare → replace → delete."""

    class Chains(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Case) -> dict[str, Any]:
            sent["stateful"] += 1
            return {"headers": HEADERS}

        def validate_response(self, response: Any, case: Case, **kwargs: Any) -> None:
            case.validate_response(
                response, excluded_checks=EXCLUDED, transport_kwargs=kwargs or None
            )

    Chains.run(settings=STATEFUL_SETTINGS)


def _operations() -> tuple[set[str], list[str]]:
    """Labels of the schema's operations, and the errors of those it cannot express."""
    labels: set[str] = set()
    broken: list[str] = []
    for result in schema.get_all_operations():
        if isinstance(result, Ok):
            labels.add(f"{result.ok().method.upper()} {result.ok().path}")
        else:
            broken.append(str(result.err()))
    return labels, broken


def test_every_operation_is_fuzzable() -> None:
    assert not _operations()[1]


def test_a_full_run_sends_enough_requests() -> None:
    operations, _ = _operations()
    missing = operations - set(sent)
    if missing:
        pytest.skip(f"not a full run: {sorted(missing)} were not fuzzed")
    assert sent["stateful"] > 0
    assert sum(sent.values()) >= MIN_CASES, dict(sent)
