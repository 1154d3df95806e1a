"""An in-process app per test module (real ASGI stack, no network)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from api.app import create_app


@pytest.fixture(scope="module")
def app() -> Litestar:
    return create_app()


@pytest.fixture(scope="module")
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    with TestClient(app) as test_client:
        yield test_client
