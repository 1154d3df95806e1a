"""End-to-end: the real service in a subprocess, driven by Debian's Chromium through Playwright.

Chromium is the system's (``/usr/bin/chromium``, installed by ``.ci/run``; Playwright's
own browser download is never used). Without it every test here is skipped, with the
reason. Each page gets a ``Content-Security-Policy: default-src 'self'`` header on the
HTML (so inline code would fail), and any console error or uncaught exception fails
the test; the failure names every API request that was answered with an error, with its
body. Screenshots go to ``test-artifacts/e2e/`` (git-ignored).
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Locator,
    Page,
    Playwright,
    Request,
    Response,
    Route,
    sync_playwright,
)

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("IMPACT_E2E_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CSP = "default-src 'self'"
STARTUP_SECONDS = 30


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=1) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"end-to-end tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="package")
def server(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python -m api`` on a free port with a fresh SQLite file; its base URL."""
    port = _free_port()
    database = tmp_path_factory.mktemp("e2e") / "impact.db"
    log = (tmp_path_factory.getbasetemp() / "e2e-server.log").open("w")
    env = os.environ | {
        "IMPACT_PORT": str(port),
        "IMPACT_HOST": "127.0.0.1",
        "IMPACT_DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "IMPACT_LOG_LEVEL": "warning",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "api"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the service did not start; see {log.name}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


# Package scope, not session: Playwright's sync API keeps an event loop running in this
# thread while it is open, which would break asyncio.run() in the tests collected after it.
@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright, chromium: Path) -> Iterator[Browser]:
    launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


class Console:
    """Console errors and uncaught exceptions of a page; the test fails on any left over.

    Also every API request the page sends (``requests``: method, path, JSON body) and
    those answered with an error (``failed``), so that a test can say which endpoints a
    view called and a failure names the request behind a "Failed to load resource".
    """

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.requests: list[tuple[str, str, Any]] = []
        self.failed: list[str] = []

    def on_request(self, request: Request) -> None:
        path = urlsplit(request.url).path
        if path.startswith("/v1/") or path == "/health":
            body = request.post_data
            self.requests.append((request.method, path, json.loads(body) if body else None))

    def on_response(self, response: Response) -> None:
        if response.status >= 400:
            request = response.request
            body = (request.post_data or "")[:400]
            self.failed.append(f"{response.status} {request.method} {response.url} {body}")

    def sent(self, method: str, path: str) -> list[Any]:
        """Bodies of the requests sent to ``method path`` so far (None for no body)."""
        return [body for m, p, body in self.requests if (m, p) == (method, path)]

    def on_message(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def on_error(self, error: Exception) -> None:
        self.errors.append(f"uncaught: {error}")

    def forget(self, needle: str) -> list[str]:
        """Drop the errors containing ``needle`` (a test that provokes one says so)."""
        dropped = [e for e in self.errors if needle in e]
        self.errors = [e for e in self.errors if needle not in e]
        return dropped


@pytest.fixture
def console() -> Console:
    return Console()


def new_page(browser: Browser, server: str, console: Console, **options: Any) -> Page:
    """A page in a browser context of its own (nothing shared: storage, cache, cookies),
    with the CSP header on the HTML and ``console`` recording its errors and requests."""
    settings: dict[str, Any] = {
        "base_url": server,
        "viewport": {"width": 1280, "height": 900},
        "reduced_motion": "reduce",
        "locale": "en-US",
        "accept_downloads": True,
    }
    context = browser.new_context(**(settings | options))
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    opened.on("console", console.on_message)
    opened.on("pageerror", console.on_error)
    opened.on("request", console.on_request)
    opened.on("response", console.on_response)

    def with_csp(route: Route) -> None:
        response = route.fetch()
        route.fulfill(
            response=response, headers={**response.headers, "content-security-policy": CSP}
        )

    opened.route(re.compile(rf"^{re.escape(server)}/(\?[^#]*)?(#.*)?$"), with_csp)
    return opened


@pytest.fixture
def page(browser: Browser, server: str, console: Console) -> Iterator[Page]:
    opened = new_page(browser, server, console)
    yield opened
    opened.context.close()
    assert console.errors == [], f"the page logged errors; requests that failed: {console.failed}"


def open_page(page: Page, query: str = "") -> Page:
    """Load ``/`` and wait until the first plan is shown."""
    page.goto(f"/{query}")
    page.wait_for_selector("body[data-ready='true']")
    return page


def open_tab(page: Page, name: str) -> None:
    """Click a tab and wait until its panel has drawn (panels are drawn for each plan, also
    before they are shown, so that the browser's print has every section)."""
    page.click(f"#tab-{name}")
    wait_panel(page, name)


def wait_panel(page: Page, name: str) -> None:
    """Wait until the panel ``name`` has drawn for the plan on show."""
    page.wait_for_function(
        "(name) => { const el = document.getElementById(`${name}-body`);"
        " return el.dataset.ready && !el.hasAttribute('aria-busy'); }",
        arg=name,
    )


def open_form(page: Page) -> None:
    """Open the plan form (empty)."""
    page.click("#form-new")
    page.wait_for_selector("#f-city:visible")


def screenshot(page: Page, name: str, *, top: int | None = None) -> Path:
    """Save a screenshot of the whole page (or of its ``top`` pixels) as a test artefact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    if top is None:
        page.screenshot(path=str(path), full_page=True)
    else:
        page.screenshot(
            path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": top}
        )
    return path


def screenshot_of(locator: Locator, name: str) -> Path:
    """Save a screenshot of one element (a panel's figure) as a test artefact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    locator.screenshot(path=str(path))
    return path


def run_axe(page: Page) -> list[dict[str, object]]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    return list(json.loads(json.dumps(result)))


def plan_query(plan: dict[str, Any], **params: str) -> str:
    """The page's address for an inline plan: ``?p=`` the plan's JSON deflated (zlib) in
    base64url, as the page writes it, then ``params``."""
    raw = json.dumps(plan, ensure_ascii=False, separators=(",", ":")).encode()
    encoded = base64.urlsafe_b64encode(zlib.compress(raw)).decode().rstrip("=")
    extra = "".join(f"&{k}={v}" for k, v in params.items())
    return f"?p={encoded}{extra}"


def api_json(server: str, method: str, path: str, body: object = None) -> Any:
    """An answer of the service itself (what the page should show), without the browser."""
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
    request = urllib.request.Request(
        f"{server}{path}", data=data, method=method, headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())
