"""The command line and the API give the same audit; ``impact serve`` is the service."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient
from typer.testing import CliRunner

from cli.main import app
from impact.data import seeds_dir
from scripts.server import free_port

Client = TestClient[Litestar]
runner = CliRunner()


@pytest.mark.parametrize("name", ["sejong-2024", "daejeon-2018"])
def test_impact_audit_prints_the_verdict_of_the_api(client: Client, name: str) -> None:
    path = seeds_dir() / "plans" / f"{name}.json"
    printed = runner.invoke(app, ["audit", str(path), "--format", "json"])
    assert printed.exit_code == 0, printed.output
    answered = client.post("/v1/audit", content=path.read_bytes(),
                           headers={"content-type": "application/json"})  # fmt: skip
    assert answered.status_code == 200
    assert json.loads(printed.output) == answered.json()
    table = runner.invoke(app, ["audit", str(path)])
    assert answered.json()["verdict"]["status"].upper() in table.output


def test_impact_serve_runs_the_service(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "IMPACT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}",
        "IMPACT_LOG_LEVEL": "warning",
    }
    command = [sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1", "--port",
               str(port)]  # fmt: skip
    root = Path(__file__).resolve().parents[2]
    with (tmp_path / "serve.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=log)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                assert process.poll() is None, (tmp_path / "serve.log").read_text()
                try:
                    if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            else:
                pytest.fail("impact serve did not answer /health within 60 s")
            assert httpx.get(f"{url}/schema", timeout=5).status_code == 200
            assert httpx.get(f"{url}/v1/plans/sejong-2024", timeout=5).status_code == 200
        finally:
            process.terminate()
            process.wait(timeout=30)
