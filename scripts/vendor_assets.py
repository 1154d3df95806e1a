"""Copy the front-end files installed by ``npm ci`` into the repository (``make assets``).

The service serves its page offline and without npm: the built files are committed.
Each vendored file keeps its upstream bytes; its licence is copied next to it and
``VENDOR.md`` in each target folder records the package, version and source file.

* ``chart.js`` (MIT) → ``api/web/static/vendor/``: the UMD build, served to browsers.
* ``axe-core`` (MPL-2.0) → ``tests/e2e/vendor/``: injected by the end-to-end tests only.
* ``swagger-ui-dist`` (Apache-2.0) → ``api/docs/static/vendor/``: the bundle and its
  stylesheet, for the browsable API documentation at ``/schema``; with the licences of
  what the bundle contains and the NOTICE.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"


@dataclass(frozen=True)
class Vendored:
    """One file of an npm package copied into the repository."""

    package: str
    source: str
    target_dir: Path
    licence: str

    @property
    def target(self) -> Path:
        return self.target_dir / Path(self.source).name


VENDORED = (
    Vendored("chart.js", "dist/chart.umd.min.js", ROOT / "api/web/static/vendor", "LICENSE.md"),
    Vendored("axe-core", "axe.min.js", ROOT / "tests/e2e/vendor", "LICENSE"),
    *(
        Vendored("swagger-ui-dist", name, ROOT / "api/docs/static/vendor", "LICENSE")
        for name in (
            "swagger-ui-bundle.js",
            "swagger-ui.css",
            "swagger-ui-bundle.js.LICENSE.txt",
            "NOTICE",
        )
    ),
)


def pinned_versions() -> dict[str, str]:
    """The exact versions ``package.json`` pins."""
    document = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    return dict(document["devDependencies"])


def installed_version(package: str) -> str:
    manifest = NODE_MODULES / package / "package.json"
    return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])


def vendor_note(items: list[Vendored]) -> str:
    lines = [
        "# Vendored front-end files",
        "",
        "Written by `make assets` (scripts/vendor_assets.py) from the npm packages pinned in",
        "package.json; do not edit by hand. Files keep their upstream bytes.",
        "",
        "| file | package | version | licence |",
        "|---|---|---|---|",
    ]
    for item in items:
        version = installed_version(item.package)
        licence = f"{item.package}.{item.licence}"
        lines.append(
            f"| {item.target.name} | {item.package} ({item.source}) | {version} | {licence} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    pins = pinned_versions()
    for item in VENDORED:
        version = installed_version(item.package)
        pinned = pins.get(item.package)
        if pinned != version:
            msg = f"{item.package} {version} is installed but package.json pins {pinned}"
            raise SystemExit(msg)
        item.target_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NODE_MODULES / item.package / item.source, item.target)
        shutil.copyfile(
            NODE_MODULES / item.package / item.licence,
            item.target_dir / f"{item.package}.{item.licence}",
        )
        print(f"{item.package} {version}: {item.target.relative_to(ROOT)}")
    for target_dir in sorted({item.target_dir for item in VENDORED}):
        here = [item for item in VENDORED if item.target_dir == target_dir]
        (target_dir / "VENDOR.md").write_text(vendor_note(here), encoding="utf-8")


if __name__ == "__main__":
    main()
