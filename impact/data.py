"""Where the shipped data live.

The data files (price indices, input-output tables, …) are kept in ``seeds/``
at the root of the repository, next to the ``impact`` package. This module is
the single place that knows that; loaders call :func:`seeds_dir` and append
their own relative path.

Examples
--------
>>> (seeds_dir() / "data" / "prices" / "kor_price_indices.csv").is_file()
True
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["seeds_dir"]


def seeds_dir() -> Path:
    """Return the absolute path of the repository's ``seeds`` directory.

    The path is resolved from the location of this file, so it does not depend
    on the working directory. It is not configurable on purpose: the core only
    reads the data that ship with it.

    Returns
    -------
    Path
        ``<repository>/seeds`` (absolute; not checked for existence).

    Examples
    --------
    >>> seeds_dir().name
    'seeds'
    >>> seeds_dir().is_absolute()
    True
    """
    return Path(__file__).resolve().parent.parent / "seeds"
