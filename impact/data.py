from pathlib import Path


def seeds_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "seeds"
