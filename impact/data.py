"""Where the shipped data live (the only I/O the core does is reading them)."""

from __future__ import annotations

from pathlib import Path


def seeds_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "seeds"
