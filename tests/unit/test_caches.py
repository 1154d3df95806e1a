"""The core's three memoised functions: cached in production, empty at the start of every test.

A test must see the function as it is now (mutation testing forks each mutant from a process
whose caches the unchanged code filled; tests/conftest.py empties them), and the service must
keep its answers (a price-index file read once, an amount parsed once, a city's region
found once).
"""

from __future__ import annotations

import pytest

from impact import money, prices, regions
from impact.errors import AmbiguousRegionError, MoneyParseError


@pytest.mark.parametrize("round_", [1, 2])
def test_every_test_starts_with_empty_caches(round_: int) -> None:
    # run twice: the second run follows a test that filled every cache
    caches = (prices.load_price_indices, money._parse_text, regions.resolve_city)
    assert [cache.cache_info().currsize for cache in caches] == [0, 0, 0]
    prices.load_price_indices()
    money.parse_krw(f"{round_},704억원")
    regions.resolve_city(f"부산 {round_}")
    assert [cache.cache_info().currsize for cache in caches] == [1, 1, 1]


def test_the_price_file_is_read_once() -> None:
    first = prices.load_price_indices()
    assert prices.load_price_indices() is first
    assert prices.load_price_indices.cache_info().hits == 1


def test_an_amount_is_parsed_once_and_a_refusal_is_not_kept() -> None:
    assert money.parse_krw("1,704억원") == money.parse_krw("1,704억원") == 170_400_000_000
    assert money._parse_text.cache_info().hits == 1
    for _ in range(2):
        with pytest.raises(MoneyParseError):
            money.parse_krw("억억")
    assert money._parse_text.cache_info().currsize == 1


def test_a_city_is_resolved_once_and_an_ambiguous_one_is_not_kept() -> None:
    match = regions.resolve_city("수원시")
    assert match is not None and regions.resolve_city("수원시") is match
    assert match == regions._resolve_city("수원시")  # the rules, undecorated: the same answer
    for _ in range(2):
        with pytest.raises(AmbiguousRegionError):
            regions.resolve_city("고성")
    assert regions.resolve_city.cache_info().currsize == 1
