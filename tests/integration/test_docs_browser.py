"""``/schema`` in a real browser with the network cut off: Swagger UI renders every
operation from the app's own files, and the page breaks no rule of its
Content-Security-Policy (a violation is a console error in Chromium)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Route, sync_playwright

from scripts.server import Server

CHROMIUM = Path(os.environ.get("IMPACT_E2E_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"needs Chromium at {CHROMIUM} (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    directory = tmp_path_factory.mktemp("docs")
    with Server(directory / "docs.db", directory / "server.log") as running:
        yield running


def test_the_documentation_renders_offline_within_its_csp(server: Server) -> None:
    origin = urlsplit(server.url).netloc
    paths = httpx.get(f"{server.url}/schema/openapi.json").json()["paths"]
    shown = sum(  # Swagger UI lists an operation under each of its tags
        len(operation.get("tags") or ["default"])
        for item in paths.values()
        for method, operation in item.items()
        if method in {"get", "post", "put", "delete", "patch", "head"}
    )
    outside: list[str] = []
    problems: list[str] = []

    def only_the_app(route: Route) -> None:
        if urlsplit(route.request.url).netloc == origin:
            route.continue_()
        else:  # no network: anything else is refused, and a failure of this test
            outside.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", only_the_app)
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.goto(f"{server.url}/schema")
            page.wait_for_selector(".opblock", timeout=30_000)
            assert page.locator(".opblock").count() == shown
            page.locator(".opblock-summary", has_text="/v1/audit").first.click()
            page.wait_for_selector(".opblock-body", timeout=10_000)
            assert "format" in page.locator(".opblock-body").first.inner_text()
        finally:
            browser.close()
    assert outside == []
    assert problems == []
