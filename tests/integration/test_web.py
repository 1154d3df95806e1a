"""The web page and its assets as the service serves them (no browser: tests/e2e has those)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

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


SEED_PLANS = sorted(p.stem for p in (ROOT / "seeds" / "plans").glob("*.json"))
# what the what-if sends as its sliders move: budget, local share, the construction/software mix
ADJUSTMENTS = [
    {"type": "reallocate", "allocation": {"shares": {"50": 0.5, "62": 0.5}}},
    {"type": "scale_investment", "factor": 1.2},
    {"type": "local_share", "value": 0.95},
]


def _answers(client: TestClient[Litestar]) -> dict[str, list[Any]]:
    """The answers the page reads for the seed plans: metrics, audits, one comparison of them
    all, and scenarios with and without the what-if's adjustments."""

    def answer(response: Any) -> Any:
        assert response.status_code == 200, response.text
        return response.json()

    answers: dict[str, list[Any]] = {"metrics": [], "audit": [], "compare": [], "scenario": []}
    for plan in SEED_PLANS:
        answers["metrics"].append(answer(client.get(f"/v1/plans/{plan}/metrics")))
        answers["audit"].append(answer(client.get(f"/v1/plans/{plan}/audit")))
        for adjustments in ([], ADJUSTMENTS, ADJUSTMENTS[1:]):
            body = {"plan": {"id": plan}, "adjustments": adjustments}
            answers["scenario"].append(answer(client.post("/v1/scenarios", json=body)))
    body = {"plans": [{"id": plan} for plan in SEED_PLANS]}
    answers["compare"].append(answer(client.post("/v1/compare", json=body)))
    return answers


def _metric_maps(answers: dict[str, list[Any]]) -> list[dict[str, Any]]:
    maps = [report["metrics"] for report in answers["metrics"]]
    maps += [row["metrics"] for result in answers["compare"] for row in result["rows"]]
    maps += [r[side]["metrics"] for r in answers["scenario"] for side in ("baseline", "scenario")]
    return maps


def test_the_page_has_korean_for_every_term_the_api_sends(client: TestClient[Litestar]) -> None:
    """The page translates some of the API's English by key (i18n.js ``term``, ``t``):
    units (``unit.<unit>``), formulas (``formula.<metric>``), statuses, severities, the
    allocation's basis and the scenario's figures (figures.js ``figureLabel``). Each one the
    API sends for the seed plans has a Korean string, so a unit the API renames cannot leave
    its Korean behind (``persons per ₩1bn…`` became ``job-years per ₩1bn…``)."""
    assert SEED_PLANS
    answers = _answers(client)
    metrics = _metric_maps(answers)
    units = {m["unit"] for ms in metrics for m in ms.values()}
    units |= {check["unit"] for audit in answers["audit"] for check in audit["checks"]}
    wordy = {unit for unit in units if re.search(r"[A-Za-z]", unit)}  # "-" needs no words
    assert "KRW/person" in wordy and "KRW per KRW spent" in wordy
    assert sorted(u for u in wordy if f"unit.{u}" not in STRINGS) == []
    stale = [k for k in STRINGS if k.startswith("unit.") and k.removeprefix("unit.") not in units]
    assert stale == [], "strings for units the API no longer sends"
    for ms in metrics:  # the Korean formula translates the formula the API states
        for key, metric in ms.items():
            assert STRINGS.get(f"formula.{key}", {}).get("en") == metric["formula"], key
    statuses = {a["verdict"]["status"] for a in answers["audit"]}
    statuses |= {c["status"] for a in answers["audit"] for c in a["checks"]}
    assert sorted(s for s in statuses - {None} if f"status.{s}" not in STRINGS) == []
    flags = [answer["flags"] for answer in answers["metrics"] + answers["audit"]]
    severities = {flag["severity"] for fs in flags for flag in fs}
    assert sorted(s for s in severities if f"severity.{s}" not in STRINGS) == []
    bases = {a["allocation"]["basis"] for a in answers["audit"] if a["allocation"]["sectors"]}
    assert sorted(b for b in bases if f"audit.allocation.{b}" not in STRINGS) == []
    paths = {path for r in answers["scenario"] for path in r["delta"]}
    assert sorted(p for p in paths if not _figure_named(p)) == []


def _figure_named(path: str) -> bool:
    """Whether figures.js ``figureLabel`` names ``path`` with the page's strings: a claim by
    ``claim.<path>``, a metric by its own description, a model figure by ``fig.<path>`` or
    by ``fig.<part>`` for each part but ``regional``."""
    head, _, rest = path.partition(".")
    if head == "plan":
        return f"claim.{rest}" in STRINGS
    if head == "metrics":
        return True
    parts = [p for p in rest.split(".") if p != "regional"]
    return f"fig.{rest}" in STRINGS or all(f"fig.{p}" in STRINGS for p in parts)
