"""Sejong / Daejeon regional split with BOK 2020 regional coefficients."""

from __future__ import annotations

import numpy as np
import pytest

from impact.errors import NotFoundError
from impact.io import load_chungcheong_manufacturing_2020, load_regional_2020, regional_split


def test_placeholders_flagged() -> None:
    reg = load_regional_2020()
    assert reg["sejong"].flagged_codes == ("06", "10", "16", "19", "54", "55")
    assert reg["daejeon"].flagged_codes == ("06", "54", "55")
    assert len(reg["sejong"].codes) == 83


def test_split_values_and_units() -> None:
    s = regional_split("daejeon", {"51": 1000.0})  # KRW 1 bn of civil engineering
    c = load_regional_2020()["daejeon"]
    k = c.codes.index("51")
    assert s.production["in_region"] == pytest.approx(1000 * c.production_in[k])
    assert s.production["rest_of_korea"] == pytest.approx(1000 * c.production_out[k])
    assert s.jobs["in_region"] == pytest.approx(c.jobs_in[k])  # persons per KRW 1 bn
    assert s.value_added["total"] == pytest.approx(
        1000 * (c.value_added_in[k] + c.value_added_out[k])
    )
    assert "2020" in s.caveat
    assert s.excluded == {}


def test_flagged_sector_demand_is_excluded_not_used() -> None:
    s = regional_split("sejong", {"54": 500.0, "51": 100.0})
    assert s.excluded == {"54": 500.0}
    ref = regional_split("sejong", {"51": 100.0})
    assert s.production == ref.production


def test_linear() -> None:
    rng = np.random.default_rng(1)
    a, b = rng.random(83), rng.random(83)
    sa, sb = regional_split("sejong", a), regional_split("sejong", b)
    sab = regional_split("sejong", 2 * a - 3 * b)
    for key in ("production", "value_added", "jobs"):
        for part in ("in_region", "rest_of_korea"):
            want = 2 * getattr(sa, key)[part] - 3 * getattr(sb, key)[part]
            assert getattr(sab, key)[part] == pytest.approx(want, rel=1e-9, abs=1e-9)


def test_unknown_region_and_code() -> None:
    with pytest.raises(NotFoundError) as err:
        regional_split("busan", {"51": 1.0})
    assert err.value.field == "region"
    with pytest.raises(NotFoundError) as err:
        regional_split("sejong", {"84": 1.0})
    assert err.value.field == "demand.84"


def test_chungcheong_file() -> None:
    rows = load_chungcheong_manufacturing_2020()
    assert len(rows) == 12
    semi = rows[3]
    assert (semi.production, semi.value_added + semi.imports) == (1.563, 1.0)
