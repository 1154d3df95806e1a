"""type_ratio broadcasts its two arguments against each other (numpy's rules), by hand."""

from __future__ import annotations

import math

from impact.io.leontief import type_ratio


def test_type_ratio_broadcasts_rows_of_totals_over_one_direct_row() -> None:
    got = type_ratio([[0.44, 0.3], [0.6, 0.9]], [0.3, 0.0]).tolist()
    # 0.44 / 0.3 = 1.4667, 0.6 / 0.3 = 2; direct 0: NaN
    assert [[round(v, 4) if not math.isnan(v) else "nan" for v in row] for row in got] == [
        [1.4667, "nan"],
        [2.0, "nan"],
    ]


def test_type_ratio_broadcasts_one_total_row_over_rows_of_directs() -> None:
    got = type_ratio([0.44, 0.6], [[0.4, 0.0], [0.2, 0.4]]).tolist()
    assert [[round(v, 4) if not math.isnan(v) else "nan" for v in row] for row in got] == [
        [1.1, "nan"],
        [2.2, 1.5],
    ]
