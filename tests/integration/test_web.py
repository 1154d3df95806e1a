"""The web page and its assets as the service serves them (no browser: tests/e2e has those)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from api.web.controllers import INDEX_HTML, MAPS_DIR, STATIC_DIR
from impact.errors import ImpactError
from impact.prices import load_price_indices

ROOT = Path(__file__).resolve().parents[2]
JS_FILES = sorted((STATIC_DIR / "js").rglob("*.js"))
STRINGS = json.loads((STATIC_DIR / "strings.json").read_text(encoding="utf-8"))


def test_index_is_served_as_html(client: TestClient[Litestar]) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert '<script type="module" src="/static/js/app.js"></script>' in response.text


def test_index_has_no_inline_script_or_style() -> None:
    """A ``Content-Security-Policy: default-src 'self'`` header must not break the page."""
    html = INDEX_HTML.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html), "inline style attribute"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    for path in JS_FILES:
        source = path.read_text(encoding="utf-8")
        assert "innerHTML" not in source, f"{path.name}: build elements, never parse markup"
        assert not re.search(r"\beval\(|new Function\(", source), path.name


def test_every_asset_of_the_page_is_served(client: TestClient[Litestar]) -> None:
    html = INDEX_HTML.read_text(encoding="utf-8")
    assets = set(re.findall(r'(?:src|href)="(/static/[^"]+)"', html))
    assert "/static/vendor/chart.umd.min.js" in assets
    for asset in sorted(assets | {"/static/strings.json"}):
        response = client.get(asset)
        assert response.status_code == 200, asset
    for path in JS_FILES:
        url = "/static/" + path.relative_to(STATIC_DIR).as_posix()
        response = client.get(url)
        assert response.status_code == 200, url
        assert "javascript" in response.headers["content-type"], url


def test_page_and_assets_are_not_in_the_api_schema(client: TestClient[Litestar]) -> None:
    paths = client.get("/schema/openapi.json").json()["paths"]
    assert "/" not in paths
    assert not [p for p in paths if p.startswith("/static")]


def test_every_string_has_english_and_korean() -> None:
    for key, entry in STRINGS.items():
        assert set(entry) == {"en", "ko"}, key
        assert entry["en"].strip(), key
        assert entry["ko"].strip(), key
        assert set(re.findall(r"\{\w+\}", entry["en"])) == set(
            re.findall(r"\{\w+\}", entry["ko"])
        ), f"{key}: placeholders differ between languages"


def _keys_used() -> set[str]:
    keys = set(re.findall(r'data-i18n="([\w.]+)"', INDEX_HTML.read_text(encoding="utf-8")))
    keys |= set(
        re.findall(r"data-i18n-attr=\"[\w-]+:([\w.]+)\"", INDEX_HTML.read_text(encoding="utf-8"))
    )
    patterns = (
        r"\bt\('([\w.]+)'",
        r"(?:labelKey|hintKey): '([\w.]+)'",
        r"\bsection\('([\w.]+)'",
        r"\bunavailable\('([\w.]+)'",
    )
    for path in JS_FILES:
        source = path.read_text(encoding="utf-8")
        for pattern in patterns:
            keys |= set(re.findall(pattern, source))
    return keys


def test_every_string_the_page_uses_is_defined() -> None:
    used = _keys_used()
    assert len(used) > 50
    assert sorted(used - set(STRINGS)) == []


def test_price_years_of_the_page_match_the_shipped_indices() -> None:
    source = (STATIC_DIR / "js" / "panels" / "compare.js").read_text(encoding="utf-8")
    found = re.search(r"PRICE_YEARS = \{ first: (\d+), last: (\d+) \}", source)
    assert found is not None
    years = load_price_indices().years
    assert (int(found[1]), int(found[2])) == (years[0], years[-1])


@pytest.mark.parametrize(
    ("package", "vendored", "header"),
    [
        ("chart.js", STATIC_DIR / "vendor" / "chart.umd.min.js", r"Chart\.js v([\d.]+)"),
        ("axe-core", ROOT / "tests" / "e2e" / "vendor" / "axe.min.js", r"axe v([\d.]+)"),
    ],
)
def test_vendored_files_are_the_pinned_versions(package: str, vendored: Path, header: str) -> None:
    pins = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    found = re.search(header, vendored.read_text(encoding="utf-8")[:500])
    assert found is not None, f"no version header in {vendored.name}"
    assert found[1] == pins[package], f"{vendored.name} is {found[1]}; run `make assets`"
    note = (vendored.parent / "VENDOR.md").read_text(encoding="utf-8")
    assert f"| {pins[package]} |" in note
    assert any(p.name.startswith(f"{package}.LICENSE") for p in vendored.parent.iterdir())


def test_the_map_of_the_17_regions_is_served_from_where_it_ships(
    client: TestClient[Litestar],
) -> None:
    """One copy of the boundary file (seeds/data/maps, with its provenance), at the address
    the page asks for; its 17 regions are the API's 17, by KOSTAT code."""
    source = (STATIC_DIR / "js" / "map.js").read_text(encoding="utf-8")
    found = re.search(r"MAP_URL = '([^']+)'", source)
    assert found is not None
    response = client.get(found[1])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    assert response.content == (MAPS_DIR / "kor_sido_17.geojson").read_bytes()
    features = response.json()["features"]
    regions = client.get("/v1/regions").json()
    assert {f["properties"]["code"] for f in features} == {r["code"] for r in regions}
    assert len(features) == 17
    for feature in features:
        assert set(feature["properties"]) == {"code", "name_ko", "name_en"}
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert client.get("/static/maps/PROVENANCE.md").status_code == 200
    assert client.get("/static/maps/../plans/sejong-2024.json").status_code == 404


def test_the_korean_strings_are_korean() -> None:
    """No English model names or units left in the page's Korean strings (issue 16)."""
    for key, entry in STRINGS.items():
        ko = entry["ko"]
        assert "Type I" not in ko, key
        if not key.startswith(("unit.", "formula.")):
            continue
        assert not re.search(r"\bKRW\b|persons|investment|jobs", ko), key


def _error_classes(cls: type[ImpactError]) -> list[type[ImpactError]]:
    return [cls, *(c for sub in cls.__subclasses__() for c in _error_classes(sub))]


def test_every_problem_the_service_names_has_a_korean_title() -> None:
    """The API titles its problems in English only; the Korean page names them by the code of
    their ``type`` (``problem.<code>``): one for each core error, with the core's own
    ``title``/``title_ko``, and one for each code the web layer answers with."""
    for cls in _error_classes(ImpactError):
        assert STRINGS.get(f"problem.{cls.code}") == {"en": cls.title, "ko": cls.title_ko}, cls
    # the web layer's own codes: code="…" in api/errors.py, _problem("…", "Title", 500, …) of jobs
    found = re.compile(r'code="([\w-]+)"|_problem\(\s*"([\w-]+)",')
    web: set[str] = set()
    for source in (ROOT / "api" / "errors.py", ROOT / "api" / "jobs" / "runner.py"):
        for match in found.finditer(source.read_text(encoding="utf-8")):
            web.add(match[1] or match[2])
    assert {"validation", "malformed-request", "internal", "job-lost"} <= web
    assert sorted(code for code in web if f"problem.{code}" not in STRINGS) == []
