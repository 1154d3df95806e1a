"""In-region shares and look-ups of the BOK 2020 regional coefficients, against the raw CSV
(tests.independent)."""

from __future__ import annotations

import numpy as np
import pytest

from impact.effects import load_regional_coefficients, national_jobs_proxy
from impact.effects.regional import regional_coefficients
from impact.errors import NotFoundError
from impact.regions import REGIONS, get_region
from tests import independent

CODES = independent.codes()


@pytest.mark.parametrize("key", [r.key for r in REGIONS])
def test_in_region_shares_are_in_over_in_plus_out_and_zero_where_not_made(key: str) -> None:
    source = independent.regional()[get_region(key).name_en]
    want = np.zeros((3, 83))
    for row, measure in enumerate(("production", "value_added", "employment")):
        for k, code in enumerate(CODES):
            c = source[code]
            inside, out = c[f"{measure}_in_region"], c[f"{measure}_out_region"]
            if not independent.is_placeholder(c) and inside + out > 0:
                want[row, k] = inside / (inside + out)
    got = regional_coefficients(key).in_region_shares()
    assert got.shape == (3, 83)
    np.testing.assert_allclose(got, want, rtol=1e-15, atol=0)


def test_pair_gives_in_region_then_rest_of_korea() -> None:
    c = regional_coefficients("busan")
    source = independent.regional()["Busan"]
    k = CODES.index("62")
    for measure, column in (("production", "production"), ("value_added", "value_added"),
                            ("jobs", "employment")):  # fmt: skip
        inside, out = c.pair(measure)
        assert (float(inside[k]), float(out[k])) == (
            source["62"][f"{column}_in_region"],
            source["62"][f"{column}_out_region"],
        )


def test_the_coefficients_are_read_only() -> None:
    c = regional_coefficients("seoul")
    for name in (
        "production_in", "production_out", "value_added_in", "value_added_out", "jobs_in",
        "jobs_out", "placeholder",
    ):  # fmt: skip
        assert not getattr(c, name).flags.writeable, name


def test_the_loader_marks_every_array_read_only() -> None:
    # the loaders' uncached bodies: the cached copies were made before the test
    fresh = load_regional_coefficients.__wrapped__()
    for c in fresh.values():
        for name in ("production_in", "jobs_out", "placeholder"):
            assert not getattr(c, name).flags.writeable, (c.key, name)
    assert not national_jobs_proxy.__wrapped__().flags.writeable


def test_an_unknown_region_lists_the_known_keys() -> None:
    assert regional_coefficients("jeju") is load_regional_coefficients()["jeju"]
    with pytest.raises(NotFoundError) as info:
        regional_coefficients("atlantis")
    known = (
        "busan, chungbuk, chungnam, daegu, daejeon, gangwon, gwangju, gyeongbuk, gyeonggi, "
        "gyeongnam, incheon, jeju, jeonbuk, jeonnam, sejong, seoul, ulsan"
    )
    assert str(info.value.args[0]) == f"no regional coefficients for 'atlantis'; known: {known}"
    assert info.value.field == "region"
