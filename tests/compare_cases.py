"""Requests to ``/v1/compare`` whose answers are recorded (``tests/data/``).

The answers in ``tests/data/compare_answers.jsonl.gz`` were produced by the service as it
was before comparisons were built as plain values instead of models (commit 5472380): the
routes must keep giving the same bytes for the same request. Each request compares one to
four plans: generated plans of :mod:`tests.metrics_cases` (every kind of amount, claim,
allocation and city; some investments stated as estimates, "약 …원") and the saved seed
plans by id, in a price year, index, currency and budget basis drawn with a fixed seed; a
few are ``GET`` links of saved plans. Requests the service refuses (a plan with no price
year) are not kept.

``python -m tests.compare_cases`` rewrites the file from the running code; only do so on
purpose, when an answer is meant to change.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

from tests.metrics_cases import SEEDS, generated
from tests.recorded import read_records, service_client, write_records

ANSWERS = Path(__file__).resolve().parent / "data" / "compare_answers.jsonl.gz"
REQUESTS = 140
SEED = 20_261_205
_RAW = re.compile(r'"raw-number:([0-9.]+)"')


def _body(rng: random.Random) -> dict[str, Any]:
    plans: list[dict[str, Any]] = []
    for _ in range(rng.randrange(1, 5)):
        if rng.random() < 0.3:
            plans.append({"id": rng.choice(SEEDS)})
        else:
            plan = generated(rng)
            for entries in plan.get("allocation", {}).values():
                if isinstance(entries, dict) and "A01" in entries:  # not a BOK 2023 sector
                    entries["land"] = entries.pop("A01")
            if "price_year" not in plan and "announced" not in plan and rng.random() < 0.8:
                plan["price_year"] = rng.randrange(2010, 2026)
            if rng.random() < 0.2 and isinstance(plan["investment"], int):  # an estimate
                plan["investment"] = f"약 {plan['investment']}원"
            plans.append(plan)
    body: dict[str, Any] = {"plans": plans}
    if rng.random() < 0.6:
        body["price_year"] = rng.randrange(2012, 2026)
    if rng.random() < 0.3:
        body["index"] = "cpi"
    if rng.random() < 0.3:
        body["currency"] = "USD"
    if rng.random() < 0.2:
        body["basis"] = "domestic"
    return body


def requests() -> list[tuple[str, str, bytes]]:
    """(method, path, body) of every request tried, ``GET`` links first."""
    tried: list[tuple[str, str, bytes]] = [
        ("GET", "/v1/compare?ids=sejong-2024,daejeon-2018&price_year=2024", b""),
        ("GET", "/v1/compare?ids=daejeon-2018&currency=USD&index=cpi", b""),
        ("GET", "/v1/compare?ids=sejong-2024,sejong-2024,daejeon-2018", b""),
    ]
    rng = random.Random(SEED)
    for _ in range(REQUESTS):
        text = json.dumps(_body(rng), ensure_ascii=False)
        tried.append(("POST", "/v1/compare", _RAW.sub(r"\1", text).encode()))
    return tried


def recorded() -> list[tuple[str, str, bytes, bytes]]:
    """(method, path, request body, answer body) from :data:`ANSWERS`."""
    return [
        (p["method"], p["path"], p["request"].encode(), p["answer"].encode())
        for p in read_records(ANSWERS)
    ]


def main() -> None:
    """Record the running code's answers to :func:`requests` in :data:`ANSWERS`."""
    with service_client() as client:
        records = []
        for method, path, body in requests():
            headers = {"content-type": "application/json"} if body else {}
            answer = client.request(method, path, content=body or None, headers=headers)
            if answer.status_code == 422 and b"price_year" in answer.content:
                continue
            if answer.status_code != 200:
                raise RuntimeError(f"{answer.status_code}: {answer.text[:500]}\n{body.decode()}")
            records.append({"method": method, "path": path, "request": body.decode(),
                            "answer": answer.content.decode()})  # fmt: skip
    write_records(ANSWERS, records)


if __name__ == "__main__":
    main()
