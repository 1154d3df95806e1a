"""``/schema``: browsable documentation with no network -- the page and every file it
references come from the app itself, under ``Content-Security-Policy: default-src 'self'``."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from api.docs.plugin import ASSETS_DIR
from api.security.headers import CONTENT_SECURITY_POLICY

Client = TestClient[Litestar]
ROOT = Path(__file__).resolve().parents[2]


class _References(HTMLParser):
    """Every URL a page loads (scripts, stylesheets, icons, images) and its inline code."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []
        self.links: list[str] = []
        self.inline_scripts = 0
        self.inline_styles = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if "style" in named:
            self.inline_styles += 1
        if tag == "style":
            self.inline_styles += 1
        if tag == "script":
            self._in_script = True
            if named.get("src"):
                self.loaded.append(str(named["src"]))
        elif tag == "link" and named.get("href"):
            self.loaded.append(str(named["href"]))
        elif tag in {"img", "iframe"} and named.get("src"):
            self.loaded.append(str(named["src"]))
        elif tag == "a" and named.get("href"):
            self.links.append(str(named["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1


@pytest.mark.parametrize("path", ["/schema", "/schema/", "/schema/swagger"])
def test_the_documentation_loads_only_files_of_the_app(client: Client, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    found = _References()
    found.feed(page.text)
    assert found.inline_scripts == 0 and found.inline_styles == 0  # CSP allows neither
    assert len(found.loaded) >= 4
    for url in [*found.loaded, *found.links]:
        assert url.startswith("/") and not url.startswith("//"), url  # our own origin only
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content, url
    assert "http://" not in page.text and "https://" not in page.text
    spec = client.get("/schema/openapi.json")
    assert spec.headers["content-type"] == "application/vnd.oai.openapi+json"
    assert spec.json()["openapi"].startswith("3.1")


def test_the_scripts_and_styles_reach_nothing_outside(client: Client) -> None:
    own = client.get("/schema/assets/docs.js").text
    assert "validatorUrl: null" in own and "http" not in own
    css = client.get("/schema/assets/vendor/swagger-ui.css")
    assert css.headers["content-type"] == "text/css; charset=utf-8"
    assert "@import" not in css.text and "url(http" not in css.text


def test_the_vendored_bundle_is_the_pinned_one() -> None:
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    note = (ASSETS_DIR / "vendor" / "VENDOR.md").read_text(encoding="utf-8")
    row = "| swagger-ui-bundle.js | swagger-ui-dist (swagger-ui-bundle.js) |"
    assert f"{row} {pinned['swagger-ui-dist']} |" in note
    assert (ASSETS_DIR / "vendor" / "swagger-ui-dist.LICENSE").is_file()


@pytest.mark.parametrize(
    "path",
    ["/schema/nope", "/schema/nope.json", "/schema/redoc", "/schema/a/b", "/schema/assets/x.js",
     "/schema/assets/vendor/nope.js"],
)  # fmt: skip
def test_unknown_documentation_paths_are_problems(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 404 and problem["instance"] == path
    assert problem["detail_ko"]
