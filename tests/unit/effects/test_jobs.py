"""The jobs restatement against BOK's published employment series and the GDP deflator read
independently from the seed CSVs (tests.independent), and the wording a report cites."""

from __future__ import annotations

import numpy as np
import pytest

from impact.effects.jobs import JobsRule, Restatement, employment_series, restatement
from impact.errors import DataUnavailableError
from tests import independent

S = independent.published_employment()  # persons per ₩1bn of final demand, by table year
D = independent.gdp_deflator()  # 2020 = 100


def test_the_employment_series_is_bok_published_figures_from_2020_on() -> None:
    # the seed CSV: 9.7 (2020 고용표), 8.7, 8.1, 8.2; 2019 and before is another definition
    assert employment_series() == {2020: 9.7, 2021: 8.7, 2022: 8.1, 2023: 8.2}
    assert {year: S[year] for year in (2020, 2021, 2022, 2023)} == employment_series()


def fields(r: Restatement) -> tuple[object, ...]:
    return (
        r.source_year,
        r.target_year,
        pytest.approx(r.factor, rel=1e-12),
        r.method,
        r.series_year,
        None if r.series_ratio is None else pytest.approx(r.series_ratio, rel=1e-12),
        None if r.deflator_ratio is None else pytest.approx(r.deflator_ratio, rel=1e-12),
        r.deflator_year,
    )


@pytest.mark.parametrize(
    ("price_year", "coefficient_year", "want"),
    [
        # no price year: factor 1
        (None, 2020, (None, 2020, 1.0, "none", None, None, None, None)),
        # no deflator for 2009: the data's first year, 2010, stands for it
        (2009, 2020, (2009, 2020, D[2020] / D[2010], "deflator", None, None, None, 2010)),
        (1950, 2020, (1950, 2020, D[2020] / D[2010], "deflator", None, None, None, 2010)),
        # coefficients of a year the price data do not reach: as they are, for the plan's year
        (2018, 2005, (2018, 2005, 1.0, "none", None, None, None, None)),
        # before the series (a definition break): prices only, 2018 won → 2020 won
        (2018, 2020, (2018, 2020, D[2020] / D[2018], "deflator", None, None, None, None)),
        # coefficients of a year outside the series: prices only, 2022 won → 2019 won
        (2022, 2019, (2022, 2019, D[2019] / D[2022], "deflator", None, None, None, None)),
        # in the series: E[plan year] / E[coefficient year]
        (2020, 2020, (2020, 2020, 1.0, "series", 2020, 1.0, None, None)),
        (
            2022,
            2020,
            (2022, 2020, S[2022] / S[2020], "series", 2022, S[2022] / S[2020], None, None),
        ),
        (
            2021,
            2020,
            (2021, 2020, S[2021] / S[2020], "series", 2021, S[2021] / S[2020], None, None),
        ),
        # past the series: to its last year (2023), then prices only 2024 won → 2023 won
        (
            2024,
            2020,
            (
                2024,
                2020,
                S[2023] / S[2020] * D[2023] / D[2024],
                "series+deflator",
                2023,
                S[2023] / S[2020],
                D[2023] / D[2024],
                None,
            ),
        ),
        # past the series and the deflator: then prices of the deflator's last year, 2025
        (
            2030,
            2020,
            (
                2030,
                2020,
                S[2023] / S[2020] * D[2023] / D[2025],
                "series+deflator",
                2023,
                S[2023] / S[2020],
                D[2023] / D[2025],
                2025,
            ),
        ),
    ],
)
def test_restatement(
    price_year: int | None, coefficient_year: int, want: tuple[object, ...]
) -> None:
    got = restatement(price_year, coefficient_year)
    assert fields(got) == want
    assert got.applied is (want[3] != "none")


def test_restatement_matches_the_independent_factor_for_each_plan_year() -> None:
    for year in range(2012, 2026):
        assert restatement(year, 2020).factor == pytest.approx(
            independent.restate_2020(year), rel=1e-12
        )


@pytest.mark.parametrize(
    ("price_year", "coefficient_year", "en", "ko"),
    [
        (
            None,
            2020,
            "the plan states no price year, so the 2020 coefficients are used as they are",
            "계획에 가격 기준연도가 없어 2020년 계수를 그대로 적용",
        ),
        (
            2009,
            2020,
            (
                "the 2020 coefficients are restated to 2009 prices with the GDP deflator "
                "(× 1.1434); labour productivity is held at 2020 (BOK's employment series is "
                "comparable from 2020 only); the GDP deflator data have no 2009, so 2010 prices "
                "(the nearest) are used"
            ),
            (
                "2020년 계수를 GDP 디플레이터로 2009년 가격으로 환산(× 1.1434); "
                "노동생산성은 2020년 수준으로 가정(한국은행 취업유발계수 시계열은 "
                "2020년부터 비교 가능); GDP 디플레이터 자료에 2009년이 없어 가장 가까운 "
                "2010년 가격을 사용"
            ),
        ),
        (
            2018,
            2020,
            (
                "the 2020 coefficients are restated to 2018 prices with the GDP deflator "
                "(× 1.0095); labour productivity is held at 2020 (BOK's employment series is "
                "comparable from 2020 only)"
            ),
            (
                "2020년 계수를 GDP 디플레이터로 2018년 가격으로 환산(× 1.0095); "
                "노동생산성은 2020년 수준으로 가정(한국은행 취업유발계수 시계열은 "
                "2020년부터 비교 가능)"
            ),
        ),
        (
            2022,
            2020,
            (
                "the 2020 coefficients are restated to 2022 prices and labour productivity with "
                "BOK's whole-economy employment inducement (2022 ÷ 2020 = × 0.8351)"
            ),
            (
                "2020년 계수를 한국은행 전산업 취업유발계수 비율(2022 ÷ 2020 = × 0.8351)로 2022년 "
                "가격·노동생산성 기준으로 환산"
            ),
        ),
        (
            2030,
            2020,
            (
                "the 2020 coefficients are restated to 2023 prices and labour productivity with "
                "BOK's whole-economy employment inducement (2023 ÷ 2020 = × 0.8454), then to "
                "2030 prices with the GDP deflator (× 0.9484; productivity held at 2023, the "
                "series' last year): × 0.8018 in all; the GDP deflator data have no 2030, so "
                "2025 prices (the nearest) are used"
            ),
            (
                "2020년 계수를 한국은행 전산업 취업유발계수 비율(2023 ÷ 2020 = × 0.8454)로 2023년 "
                "가격·노동생산성 기준으로 환산한 뒤 GDP 디플레이터로 2030년 가격으로 "
                "환산(× 0.9484; 생산성은 시계열 마지막 해인 2023년 수준으로 가정): 합계 × 0.8018; "
                "GDP 디플레이터 자료에 2030년이 없어 가장 가까운 2025년 가격을 사용"
            ),
        ),
        (
            2024,
            2020,
            (
                "the 2020 coefficients are restated to 2023 prices and labour productivity with "
                "BOK's whole-economy employment inducement (2023 ÷ 2020 = × 0.8454), then to 2024 "
                "prices with the GDP deflator (× 0.9610; productivity held at 2023, the series' "
                "last year): × 0.8124 in all"
            ),
            (
                "2020년 계수를 한국은행 전산업 취업유발계수 비율(2023 ÷ 2020 = × 0.8454)로 2023년 "
                "가격·노동생산성 기준으로 환산한 뒤 GDP 디플레이터로 2024년 가격으로 "
                "환산(× 0.9610; 생산성은 시계열 마지막 해인 2023년 수준으로 가정): 합계 × 0.8124"
            ),
        ),
    ],
)
def test_the_cited_clause(price_year: int | None, coefficient_year: int, en: str, ko: str) -> None:
    assert restatement(price_year, coefficient_year).text() == (en, ko)


def test_a_tables_own_coefficients_are_not_restated() -> None:
    own = JobsRule(per_krw=None, year=None, basis=("own", "자체"))
    assert fields(own.restate(2024)) == (2024, 2024, 1.0, "none", None, None, None, None)
    assert fields(own.restate(None)) == (None, 0, 1.0, "none", None, None, None, None)
    assert own.describe(2024) == ("own", "자체")


def test_dated_coefficients_cite_their_basis_and_price_step() -> None:
    rule = JobsRule(per_krw=np.ones(2), year=2020, basis=("basis", "기준"))
    assert rule.restate(2022) == restatement(2022, 2020)
    assert rule.describe(2022) == (
        (
            "basis; the 2020 coefficients are restated to 2022 prices and labour productivity "
            "with BOK's whole-economy employment inducement (2022 ÷ 2020 = × 0.8351)"
        ),
        (
            "기준; 2020년 계수를 한국은행 전산업 취업유발계수 비율(2022 ÷ 2020 = × 0.8351)로 "
            "2022년 가격·노동생산성 기준으로 환산"
        ),
    )


def test_price_data_that_miss_the_series_years_are_an_error_not_a_guess(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("impact.effects.jobs._deflator", lambda source, target: None)
    with pytest.raises(DataUnavailableError) as caught:
        restatement(2025, 2020)
    assert caught.value.detail == "no GDP deflator for 2023, the employment series' last year"
