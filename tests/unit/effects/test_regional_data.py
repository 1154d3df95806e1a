"""The shipped BOK 2020 regional coefficients of the 17 regions: published figures, placeholders."""

from __future__ import annotations

import numpy as np
import pytest

from impact.effects import EffectsEngine, load_regional_coefficients, national_jobs_proxy
from impact.io import bok_2023_model
from impact.regions import get_region
from tests import independent

# PROVENANCE.md, "Placeholder rows (40)": the source's rows for products a region does not make
PLACEHOLDERS = {
    "busan": ("06", "10"), "chungbuk": ("06", "10", "19"), "chungnam": ("06", "10", "55"),
    "daegu": ("06", "10"), "daejeon": ("06", "54", "55"), "gangwon": ("10", "19"),
    "gwangju": ("06",), "gyeongbuk": ("06",), "gyeonggi": ("06", "55"), "gyeongnam": ("06",),
    "incheon": ("06", "10"), "jeju": ("06", "10", "19", "24", "32"), "jeonbuk": ("06", "10"),
    "jeonnam": ("10",), "sejong": ("06", "10", "16", "19", "54", "55"),
    "seoul": ("04", "06", "10"), "ulsan": ("10",),
}  # fmt: skip


def test_seventeen_regions_of_83_sectors_with_the_documented_placeholders() -> None:
    coefs = load_regional_coefficients()
    assert len(coefs) == 17
    assert {k: c.placeholder_codes for k, c in coefs.items()} == PLACEHOLDERS
    assert sum(len(v) for v in PLACEHOLDERS.values()) == 40
    for c in coefs.values():
        assert c.codes == independent.codes()


def test_jeju_reproduces_the_source_repositorys_golden_figures() -> None:
    # PROVENANCE.md: 190.0 mKRW in sector 80 + 81.4 mKRW in sector 58 placed in Jeju gives
    # in-region production 350.3085, out-of-region 176.7545, in-region value added 170.7741
    # [mKRW] and in-region employment 2.3885 persons.
    table = bok_2023_model().table
    Y = np.zeros((83, 1))
    Y[table.index["80"], 0] = 190.0e6
    Y[table.index["58"], 0] = 81.4e6
    split = EffectsEngine(bok_2023_model(), get_region("jeju"), regional_basis="bok_2020").run(Y)
    assert split.regional is not None
    inside, total = split.regional.inside, split.regional.total
    assert inside["production"][0] / 1e6 == pytest.approx(350.3085, abs=5e-5)
    assert (total["production"][0] - inside["production"][0]) / 1e6 == pytest.approx(
        176.7545, abs=5e-5
    )
    assert inside["value_added"][0] / 1e6 == pytest.approx(170.7741, abs=5e-5)
    assert inside["jobs"][0] == pytest.approx(2.3885, abs=5e-5)


def test_sejong_civil_engineering_matches_the_earlier_published_file() -> None:
    # the two-region file shipped before (rounded to 6 decimals): Sejong 51 in 1.084694, out
    # 0.949106 (printed 1.0847 and 0.9491 in the README's earlier releases)
    c = load_regional_coefficients()["sejong"]
    k = c.codes.index("51")
    assert float(c.production_in[k]) == pytest.approx(1.0847, abs=5e-5)
    assert float(c.production_out[k]) == pytest.approx(0.9491, abs=5e-5)


def test_national_jobs_proxy_is_the_mean_of_the_regions_that_make_each_product() -> None:
    proxy = national_jobs_proxy()
    for k, code in enumerate(independent.codes()):
        assert proxy[k] == pytest.approx(independent.national_jobs_proxy(code), rel=1e-12)


def test_national_jobs_proxy_is_near_boks_published_2020_average() -> None:
    # weighted by the 2023 table's final demand for domestic products; BOK published 9.7
    # persons per ₩1bn for 2020 (seeds/data/bok_published): the proxy lies within 10 %
    t = independent.bok_2023()
    m = t["M"] / (t["Z"].sum(axis=1) + t["f"] - t["e"])
    weights = (1 - m) * (t["f"] - t["e"]) + t["e"]
    average = float(national_jobs_proxy() @ weights / weights.sum())
    assert average == pytest.approx(9.7, rel=0.10)
