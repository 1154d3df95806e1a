"""Request bodies for ``POST /v1/metrics`` whose answers are recorded (``tests/data/``).

The answers in ``tests/data/metrics_answers.jsonl.gz`` (JSON lines, gzip) were produced
by the service as it was before the metrics route was rewritten for speed (commit
fe231c2): the route must keep giving the same bytes for the same request. The bodies
are the two seed plans and :data:`GENERATED` plans drawn with a fixed seed over what a
plan may state: money as integers and as Korean/English text up to 10²⁴ won, every
claim present or absent, zero counts, the accounting identities the flags test (double
counting, value added above spending or production, production below spending),
periods, allocations by share (with more decimals than a float keeps) or by amount,
sources and long notes.

``python -m tests.metrics_cases`` rewrites the file from the running code; only do so
on purpose, when an answer is meant to change.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

from impact.data import seeds_dir
from tests.recorded import read_records, service_client, write_records

ANSWERS = Path(__file__).resolve().parent / "data" / "metrics_answers.jsonl.gz"
SEEDS = ("sejong-2024", "daejeon-2018")
GENERATED = 120
SEED = 20_241_204

_CITIES = ["세종 Sejong", "대전 Daejeon", "Busan", "서울", "  Gwangju  ", "제주\u0301 Jeju"]
_RAW = "raw-number:"
"""A string value that starts with this is written as a bare JSON number."""
_TEXTS = ["1,704억원", "2조 8000억원", "₩170.4B", "2.8T", "6.6조", "1.5만원", "KRW 170.4 billion"]


def _amount(rng: random.Random, low: int = 1) -> int | str:
    """Won as an integer of any size up to 10²⁴, or (sometimes) as text."""
    if rng.random() < 0.15:
        return rng.choice(_TEXTS)
    exponent = rng.choice([0, 3, 6, 8, 9, 10, 11, 12, 13, 15, 19, 20, 23])
    return max(low, rng.randrange(10**exponent, 10 ** (exponent + 1) + 1))


def _count(rng: random.Random) -> int | str | float:
    kind = rng.random()
    if kind < 0.1:
        return 0
    if kind < 0.2:
        return rng.choice(["1,998명", "3만6000", "2000개", "12 jobs"])
    if kind < 0.25:
        return float(rng.randrange(1, 10**5))
    return rng.randrange(1, 10 ** rng.choice([1, 3, 5, 7]))


def _claims(rng: random.Random, investment: int) -> dict[str, Any]:
    claims: dict[str, Any] = {}
    shape = rng.random()
    production = rng.randrange(investment // 2 + 1, 3 * investment + 2)
    value_added = rng.randrange(investment // 4 + 1, investment + 2)
    if shape < 0.15:  # the double count: total = production + value added (±1 %)
        total = (production + value_added) * rng.choice([99, 100, 101]) // 100
        claims |= {"production_inducement": production, "value_added_inducement": value_added,
                   "total_effect": total}  # fmt: skip
    elif shape < 0.25:  # value added above spending and above production
        claims |= {"production_inducement": production, "value_added_inducement": 4 * investment}
    elif shape < 0.3:  # production below spending, total above production
        claims |= {"production_inducement": investment // 3 + 1, "total_effect": 5 * investment}
    elif shape < 0.35:
        claims |= {"production_inducement": 0, "value_added_inducement": value_added}
    elif shape > 0.9:
        return {}
    else:
        for name, value in (("production_inducement", production),
                            ("value_added_inducement", value_added),
                            ("total_effect", production + 7 * investment)):  # fmt: skip
            if rng.random() < 0.6:
                claims[name] = value
    claims = {name: min(value, 10**24) for name, value in claims.items()}  # the largest amount
    for name in ("jobs", "startups"):
        if rng.random() < 0.7:
            claims[name] = _count(rng)
    return claims


def _allocation(rng: random.Random, investment: int) -> dict[str, Any]:
    codes = rng.sample(["62", "70", "76", "64", "72", "50", "61", "51", "35", "77", "A01"], 4)
    if rng.random() < 0.5:
        cuts = sorted(rng.randrange(1, investment) for _ in range(3)) if investment > 3 else []
        if len(set(cuts)) == 3:
            bounds = [0, *cuts, investment]
            amounts = {c: bounds[i + 1] - bounds[i] for i, c in enumerate(codes)}
            return {"amounts": amounts, "basis": "stated"}
    weights = [rng.random() for _ in codes]
    shares = [w / sum(weights) for w in weights]
    shares[-1] = 1 - sum(shares[:-1])
    precise = rng.random() < 0.3  # more digits than a double keeps: a JSON string or number
    number = rng.random() < 0.5
    values: list[Any] = [
        (_RAW if number else "") + f"{s:.22f}" if precise else round(s, 7) for s in shares
    ]
    return {"shares": dict(zip(codes, values, strict=True)), "basis": "assumed",
            "notes": "Assumed split; " * rng.randrange(1, 6)}  # fmt: skip


def generated(rng: random.Random) -> dict[str, Any]:
    """One valid plan document."""
    amount = _amount(rng)
    investment = amount if isinstance(amount, int) else 170_400_000_000
    plan: dict[str, Any] = {"city": rng.choice(_CITIES), "investment": amount}
    if rng.random() < 0.5:
        plan["title"] = rng.choice(["미래전략산업 1단계", "Smart city", "4차 산업혁명 특별시"])
    if rng.random() < 0.6:
        year = rng.randrange(2005, 2031)
        plan["announced"] = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    if rng.random() < 0.2:
        plan["price_year"] = rng.randrange(2010, 2026)
    if rng.random() < 0.6:
        start = rng.randrange(2000, 2031)
        plan["period"] = {"start": start, "end": start + rng.choice([0, 0, 1, 2, 4, 9])}
    if rng.random() < 0.5:
        plan["projects"] = rng.choice([0, 1, 16, 37, 500, "37건"])
    if rng.random() < 0.4:
        plan["industries"] = rng.sample(["양자 Quantum", "AI", "바이오", "Mobility"], 2)
    plan["claims"] = _claims(rng, investment)
    if isinstance(amount, int) and rng.random() < 0.4:
        plan["allocation"] = _allocation(rng, investment)
    if rng.random() < 0.3:
        plan["sources"] = [{"outlet": "중도일보", "title": "기사", "published": "2018-09-20",
                            "url": "https://example.org/a", "author": None}]  # fmt: skip
    if rng.random() < 0.3:
        plan["notes"] = "Notes — 메모. " * rng.randrange(1, 8)
    return plan


def request_bodies() -> list[bytes]:
    """Every recorded request body, seeds first."""
    bodies = [(seeds_dir() / "plans" / f"{name}.json").read_bytes() for name in SEEDS]
    rng = random.Random(SEED)
    for _ in range(GENERATED):
        text = json.dumps(generated(rng), ensure_ascii=False)
        bodies.append(re.sub(f'"{_RAW}([0-9.]+)"', r"\1", text).encode())
    return bodies


def recorded() -> list[tuple[bytes, bytes]]:
    """(request body, answer body) pairs from :data:`ANSWERS`."""
    return [(p["request"].encode(), p["answer"].encode()) for p in read_records(ANSWERS)]


def main() -> None:
    """Record the running code's answers to :func:`request_bodies` in :data:`ANSWERS`."""
    with service_client() as client:
        records = []
        for body in request_bodies():
            answer = client.post(
                "/v1/metrics", content=body, headers={"content-type": "application/json"}
            )
            if answer.status_code != 200:
                raise RuntimeError(f"{answer.status_code}: {answer.text[:500]}\n{body.decode()}")
            records.append({"request": body.decode(), "answer": answer.content.decode()})
    write_records(ANSWERS, records)


if __name__ == "__main__":
    main()
