"""Korea's 17 regions and how a plan's ``region`` or ``city`` names one (impact/regions.py)."""

from __future__ import annotations

import pickle
import time
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from impact.errors import AmbiguousRegionError, InvalidInputError, NotFoundError
from impact.regions import (
    REGION_HELP_EN,
    REGION_HELP_KO,
    REGION_KEYS,
    REGIONS,
    CityMatch,
    Region,
    _direction,
    get_region,
    names_of_region_named,
    resolve_city,
    resolve_region,
)

# (code, name_ko, name_en) checked by hand on 2026-12-04 against the `properties` of the 17
# features of shared/data/maps/kor_sido_17.geojson and the `region_ko`/`region_en` columns of
# shared/data/regional_2020/kor_regional_inducement_2020_17_regions.csv (both agree). The
# files are not read here: they are not in this repository, and CI does not have them.
DATA_REGIONS = [
    ("11", "서울", "Seoul"),
    ("21", "부산", "Busan"),
    ("22", "대구", "Daegu"),
    ("23", "인천", "Incheon"),
    ("24", "광주", "Gwangju"),
    ("25", "대전", "Daejeon"),
    ("26", "울산", "Ulsan"),
    ("29", "세종", "Sejong"),
    ("31", "경기", "Gyeonggi"),
    ("32", "강원", "Gangwon"),
    ("33", "충북", "Chungbuk"),
    ("34", "충남", "Chungnam"),
    ("35", "전북", "Jeonbuk"),
    ("36", "전남", "Jeonnam"),
    ("37", "경북", "Gyeongbuk"),
    ("38", "경남", "Gyeongnam"),
    ("39", "제주", "Jeju"),
]

# 시·군 of the provinces, 자치구·군 of the cities, in force on 2026-07-01 (regions_data.py)
LOCALITY_COUNTS = {
    "seoul": 25, "busan": 16, "daegu": 9, "incheon": 11, "gwangju": 5, "daejeon": 5,
    "ulsan": 5, "sejong": 0, "gyeonggi": 31, "gangwon": 18, "chungbuk": 11, "chungnam": 15,
    "jeonbuk": 14, "jeonnam": 22, "gyeongbuk": 22, "gyeongnam": 18, "jeju": 2,
}  # fmt: skip

by_key = pytest.mark.parametrize("region", REGIONS, ids=lambda r: r.key)


def key_of(text: str) -> str | None:
    match = resolve_city(text)
    return None if match is None else match.region.key


def outcome(text: str) -> str | tuple[str, ...] | None:
    """The region key, the candidates when ambiguous (at least two), or ``None``."""
    try:
        return key_of(text)
    except AmbiguousRegionError as err:
        if err.field != "region":
            raise AssertionError(f"ambiguity reported on {err.field!r}") from err
        return err.candidates


# ------------------------------------------------------------------------ the 17 regions


def test_regions_match_the_data_files() -> None:
    assert [(r.code, r.name_ko, r.name_en) for r in REGIONS] == DATA_REGIONS
    assert tuple(r.name_en.lower() for r in REGIONS) == REGION_KEYS


def test_full_names() -> None:
    assert [r.full_ko for r in REGIONS] == [
        *("서울특별시", "부산광역시", "대구광역시", "인천광역시", "광주광역시", "대전광역시"),
        *("울산광역시", "세종특별자치시", "경기도", "강원특별자치도", "충청북도", "충청남도"),
        *("전북특별자치도", "전라남도", "경상북도", "경상남도", "제주특별자치도"),
    ]
    assert get_region("seoul").full_en == "Seoul Special City"
    assert get_region("gangwon").full_en == "Gangwon State"
    assert get_region("jeju").full_en == "Jeju Special Self-Governing Province"


@by_key
def test_get_region(region: Region) -> None:
    assert get_region(region.key) is region


def test_get_region_unknown() -> None:
    with pytest.raises(NotFoundError) as info:
        get_region("Busan")
    assert info.value.field == "region"
    assert "busan" in info.value.detail


@by_key
@pytest.mark.parametrize("attr", ["key", "code", "name_ko", "full_ko", "name_en", "full_en"])
def test_resolve_region_by_each_name(region: Region, attr: str) -> None:
    assert resolve_region(getattr(region, attr)) is region


@by_key
@pytest.mark.parametrize("attr", ["name_ko", "full_ko", "name_en", "full_en"])
def test_city_by_each_region_name(region: Region, attr: str) -> None:
    assert key_of(getattr(region, attr)) == region.key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Gyeonggi-do", "gyeonggi"),
        ("gyeonggi do", "gyeonggi"),
        ("GYEONGGI", "gyeonggi"),
        ("경기", "gyeonggi"),
        ("경기도", "gyeonggi"),
        ("경기 도", "gyeonggi"),
        ("Gyeonggi Province", "gyeonggi"),
        ("Busan Metropolitan City", "busan"),
        ("Busan-si", "busan"),
        ("부산시", "busan"),
        ("Pusan", "busan"),
        ("서울시", "seoul"),
        ("Seoul-si", "seoul"),
        ("세종시", "sejong"),
        ("Sejongsi", "sejong"),
        ("Sejong City", "sejong"),
        ("강원도", "gangwon"),
        ("Gangwon-do", "gangwon"),
        ("전라북도", "jeonbuk"),
        ("Jeollabuk-do", "jeonbuk"),
        ("North Jeolla Province", "jeonbuk"),
        ("Jeonbuk State", "jeonbuk"),
        ("Chungcheongbuk-do", "chungbuk"),
        ("North Chungcheong", "chungbuk"),
        ("충청남도", "chungnam"),
        ("South Gyeongsang", "gyeongnam"),
        ("Gyeongsangbuk-do", "gyeongbuk"),
        ("Jeollanam-do", "jeonnam"),
        ("제주도", "jeju"),
        ("Jeju-do", "jeju"),
        ("광주", "gwangju"),  # the region field: 광주 is the region
        (unicodedata.normalize("NFD", "부산광역시"), "busan"),
        (" 29 ", "sejong"),
    ],
)
def test_resolve_region_variants(name: str, key: str) -> None:
    assert resolve_region(name).key == key


@pytest.mark.parametrize("name", ["Tokyo", "", "수원", "고성", "41", "Korea", "경기도 수원시"])
def test_resolve_region_unknown_lists_the_17(name: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        resolve_region(name, field="plans.0.region")
    err = info.value
    assert not isinstance(err, AmbiguousRegionError)
    assert err.field == "plans.0.region"
    for region in REGIONS:
        assert region.name_ko in err.detail and region.name_en in err.detail


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("충청", ("chungbuk", "chungnam")),
        ("Jeolla", ("jeonbuk", "jeonnam")),
        ("경상도", ("gyeongbuk", "gyeongnam")),
        ("전남광주통합특별시", ("gwangju", "jeonnam")),
        ("광주특별시", ("gwangju", "jeonnam")),
    ],
)
def test_resolve_region_of_several_regions_is_ambiguous(name: str, keys: tuple[str, ...]) -> None:
    with pytest.raises(AmbiguousRegionError) as info:
        resolve_region(name, field="region")
    assert (info.value.field, info.value.candidates) == ("region", keys)


def test_help_names_every_region() -> None:
    for region in REGIONS:
        assert f"{region.name_ko} {region.name_en}" in REGION_HELP_EN
        assert f"{region.name_ko} {region.name_en}" in REGION_HELP_KO
    assert "`region`" in REGION_HELP_EN and "`region`" in REGION_HELP_KO


# --------------------------------------------------------------------------- the places


@by_key
def test_locality_data(region: Region) -> None:
    places = region.localities
    assert len(places) == LOCALITY_COUNTS[region.key]
    assert len({p.name_ko for p in places}) == len({p.name_en for p in places}) == len(places)
    for p in (*places, *region.former_localities):
        suffix = {"si": "시", "gun": "군", "gu": "구"}[p.kind]
        assert p.name_ko.endswith(suffix) and p.name_en.endswith(f"-{p.kind}")
        assert p.name_en.split("-")[0].isascii() and p.name_en.split("-")[0].isalpha()
    if region.code >= "31":  # provinces: 시·군 only
        assert {p.kind for p in places} <= {"si", "gun"}


@by_key
def test_every_place_resolves_to_its_region(region: Region) -> None:
    for p in (*region.localities, *region.former_localities):
        assert key_of(f"{region.name_ko} {p.name_ko}") == region.key
        assert key_of(f"{p.name_en}, {region.name_en}") == region.key
        assert key_of(f"{region.full_ko}{p.name_ko}") == region.key
        alone = outcome(p.name_ko)
        if isinstance(alone, tuple):  # a name shared with other regions (고성군, 중구)
            assert region.key in alone
        else:  # a place named like a region is the region when alone (경기도 광주시)
            assert alone == ("gwangju" if p.name_ko == "광주시" else region.key)


@pytest.mark.parametrize(
    ("city", "key"),
    [
        ("창원", "gyeongnam"),
        ("수원", "gyeonggi"),
        ("포항", "gyeongbuk"),
        ("천안", "chungnam"),
        ("청주", "chungbuk"),
        ("전주", "jeonbuk"),
        ("여수", "jeonnam"),
        ("춘천", "gangwon"),
        ("서귀포", "jeju"),
        ("부산광역시청", "busan"),
        ("세종시", "sejong"),
        ("창원특례시", "gyeongnam"),
        ("Suwon", "gyeonggi"),
        ("Suwon-si", "gyeonggi"),
        ("Suwon City", "gyeonggi"),
        ("Changwon-si", "gyeongnam"),
        ("Jeju-si", "jeju"),
        ("Seogwipo", "jeju"),
        ("대전광역시", "daejeon"),
        ("경기 광주시", "gyeonggi"),
        ("강원 고성군", "gangwon"),
        ("Goseong, Gangwon", "gangwon"),
        ("경남 고성", "gyeongnam"),
        ("대구 중구", "daegu"),
        ("Jung-gu, Daejeon", "daejeon"),
        ("Seoul Gangnam-gu", "seoul"),
        ("Busanjin-gu", "busan"),
        ("인천광역시 서구청", "incheon"),
        ("충청 천안", "chungnam"),
    ],
)
def test_city_examples(city: str, key: str) -> None:
    assert key_of(city) == key


@pytest.mark.parametrize(
    ("city", "key"),
    [
        ("세종 Sejong", "sejong"),
        ("대전 Daejeon", "daejeon"),
        ("Daejeon Metropolitan City", "daejeon"),
        ("Busan", "busan"),
    ],
)
def test_backward_compatible_cities(city: str, key: str) -> None:
    assert key_of(city) == key


def test_how_a_city_is_cited() -> None:
    assert resolve_city("수원시") == CityMatch(
        get_region("gyeonggi"),
        "수원",
        "city '수원시' (Suwon-si) is in 경기 (Gyeonggi)",
        "'수원시'는 경기도의 시",
        get_region("gyeonggi").localities[0],
    )
    match = resolve_city("Daejeon Metropolitan City")
    assert match is not None and match.locality is None
    assert match.matched == "Daejeon Metropolitan City"
    assert match.how_en == "'Daejeon Metropolitan City' names the region 대전 (Daejeon)"


# ------------------------------------------------------------------ ambiguity and rules


@pytest.mark.parametrize(
    "city", ["광주", "광주시", "Gwangju", "광주광역시", "Gwangju Metropolitan City"]
)
def test_gwangju_alone_is_the_region(city: str) -> None:
    match = resolve_city(city)
    assert match is not None and match.region.key == "gwangju"


def test_gwangju_alone_says_how_to_name_gyeonggi_gwangju() -> None:
    match = resolve_city("광주")
    assert match is not None
    assert "'경기 광주'" in match.how_en and "'경기 광주'" in match.how_ko


@pytest.mark.parametrize(
    "city",
    ["경기 광주", "경기도 광주시", "Gwangju-si, Gyeonggi", "경기광주", "Gyeonggi-do Gwangju-si"],
)
def test_gyeonggi_gwangju(city: str) -> None:
    match = resolve_city(city)
    assert match is not None and match.region.key == "gyeonggi"
    assert match.how_en.startswith("city '광주시' (Gwangju-si) is in 경기")


@pytest.mark.parametrize(
    ("city", "keys"),
    [
        ("고성", ("gangwon", "gyeongnam")),
        ("고성군", ("gangwon", "gyeongnam")),
        ("Goseong", ("gangwon", "gyeongnam")),
        ("중구", ("seoul", "busan", "daegu", "incheon", "daejeon", "ulsan")),
        ("Jung-gu", ("seoul", "busan", "daegu", "incheon", "daejeon", "ulsan")),
        ("동구", ("busan", "daegu", "incheon", "gwangju", "daejeon", "ulsan")),
        ("서구", ("busan", "daegu", "incheon", "gwangju", "daejeon")),
        ("남구", ("busan", "daegu", "incheon", "gwangju", "ulsan")),
        ("북구", ("busan", "daegu", "gwangju", "ulsan")),
        ("강서구", ("seoul", "busan")),
        ("부산·울산", ("busan", "ulsan")),
        ("Seoul, Busan", ("seoul", "busan")),
        ("경기 고성", ("gyeonggi", "gangwon", "gyeongnam")),
        ("충청도", ("chungbuk", "chungnam")),
        ("광주특별시", ("gwangju", "jeonnam")),
        ("Jeonnam Gwangju Special City", ("gwangju", "jeonnam")),
    ],
)
def test_ambiguous_cities(city: str, keys: tuple[str, ...]) -> None:
    with pytest.raises(AmbiguousRegionError) as info:
        resolve_city(city)
    err = info.value
    assert (err.field, err.candidates) == ("region", keys)
    assert isinstance(err, InvalidInputError)
    for key in keys:
        assert get_region(key).name_ko in err.detail


def test_ambiguous_place_suggests_how_to_write_it() -> None:
    with pytest.raises(AmbiguousRegionError, match="'강원 고성'"):
        resolve_city("고성")
    with pytest.raises(AmbiguousRegionError, match="'Goseong-gun, Gangwon'"):
        resolve_city("Goseong-gun")


@pytest.mark.parametrize("city", ["군위군", "군위", "Gunwi-gun", "경북 군위군", "대구 군위군"])
def test_gunwi_is_in_daegu_since_2023(city: str) -> None:
    match = resolve_city(city)
    assert match is not None and match.region.key == "daegu"
    assert "2023-07-01" in match.how_en and "경북" in match.how_en
    assert "2023-07-01" in match.how_ko and "경상북도" in match.how_ko


@pytest.mark.parametrize(
    ("city", "key", "date"),
    [
        ("인천 중구", "incheon", "2026-07-01"),
        ("인천 동구", "incheon", "2026-07-01"),
        ("Nam-gu, Incheon", "incheon", "2018-07-01"),
        ("청원군", "chungbuk", "2014-07-01"),
        ("연기군", "sejong", "2012-07-01"),
        ("충남 연기군", "sejong", "2012-07-01"),
        ("마산", "gyeongnam", "2010-07-01"),
        ("진해시", "gyeongnam", "2010-07-01"),
    ],
)
def test_former_places_resolve_to_todays_region(city: str, key: str, date: str) -> None:
    match = resolve_city(city)
    assert match is not None and match.region.key == key
    assert match.how_en.startswith("former ") and date in match.how_en and date in match.how_ko


@pytest.mark.parametrize(
    ("city", "key"),
    [
        ("검단구", "incheon"),
        ("영종구", "incheon"),
        ("Jemulpo-gu", "incheon"),
        ("미추홀", "incheon"),
    ],
)
def test_incheon_2026_districts(city: str, key: str) -> None:
    assert key_of(city) == key


@pytest.mark.parametrize(
    ("city", "key"), [("광주특별시 북구", "gwangju"), ("전남광주통합특별시 여수시", "jeonnam")]
)
def test_merged_gwangju_jeonnam_narrows_by_place(city: str, key: str) -> None:
    assert key_of(city) == key


@pytest.mark.parametrize(
    ("city", "key", "matched"),
    [
        ("부산광역시청", "busan", "부산광역시"),
        ("서울도봉구", "seoul", "도봉"),
        ("세종청사", "sejong", "세종"),
        ("Busan Jin-gu", "busan", "Busan Jin-gu"),
        ("경상남도 창원시 성산구", "gyeongnam", "창원"),
    ],
)
def test_names_inside_words(city: str, key: str, matched: str) -> None:
    match = resolve_city(city)
    assert match is not None and (match.region.key, match.matched) == (key, matched)


@pytest.mark.parametrize(
    "city", ["Tokyo", "XYZ", "", "   ", "대전환", "서울대", "동해안", "Jung", "Nam", "시청", "123"]
)
def test_nothing_matches(city: str) -> None:
    assert resolve_city(city) is None


def test_city_is_nfc_insensitive() -> None:
    assert key_of(unicodedata.normalize("NFD", "창원특례시")) == "gyeongnam"


NAME_PIECES = ["부산", "광역시", "고성", "중구", "경기", "광주", "시", "구", "·", "대전환", "군위"]
NAME_PIECES += ["Busan", "Jung", "gu", "si", "Goseong", " ", "-"]


@given(st.one_of(st.text(), st.lists(st.sampled_from(NAME_PIECES)).map("".join)))
def test_city_raises_nothing_but_ambiguity(text: str) -> None:
    result = outcome(text)  # any other exception fails the test
    if isinstance(result, tuple):
        assert len(result) >= 2 and set(result) <= set(REGION_KEYS)
    elif result is not None:
        match = resolve_city(text)
        assert match is not None and match.region in REGIONS
        assert match.matched in unicodedata.normalize("NFC", text)


def test_city_is_fast() -> None:
    """A 100-character text resolves in well under a millisecond (measured, not asserted)."""
    text = ("경상남도 창원특례시 성산구 중앙대로 151 (Changwon-si, Gyeongsangnam-do) 계획 " * 3)[
        :100
    ]
    rounds = 1000
    start = time.perf_counter()
    for _ in range(rounds):
        match = resolve_city(text)
    per_call = (time.perf_counter() - start) / rounds
    assert match is not None and match.region.key == "gyeongnam"
    print(f"resolve_city, 100 characters: {per_call * 1e6:.0f} µs")  # noqa: T201


def test_ambiguity_survives_pickling() -> None:
    with pytest.raises(AmbiguousRegionError) as info:
        resolve_city("고성")
    back = pickle.loads(pickle.dumps(info.value))
    assert type(back) is AmbiguousRegionError
    assert (back.detail, back.field, back.extra) == (
        info.value.detail,
        info.value.field,
        info.value.extra,
    )
    assert back.candidates == ("gangwon", "gyeongnam")
    assert str(back) == str(info.value)


# ------------------------------------------------------------------- names for a search


@pytest.mark.parametrize(("code", "ko", "en"), DATA_REGIONS, ids=[r[2] for r in DATA_REGIONS])
def test_a_regions_names_give_its_names_for_a_search(code: str, ko: str, en: str) -> None:
    """Each name of a region, as written or with its suffix, gives the Korean and English
    names of the published data (the table above), so a search by either finds the other."""
    for text in (ko, en, en.lower(), f"  {en.upper()} ", f"{ko}시", f"{en}-si"):
        names = names_of_region_named(text)
        assert ko in names and en in names, text
    assert names_of_region_named(code) == ()  # a bare code is not a name


@pytest.mark.parametrize("text", ["충청", "Gotham", "조치원", "", "Sejongville", "29"])
def test_no_names_for_text_that_names_no_single_region(text: str) -> None:
    assert names_of_region_named(text) == ()


@given(st.text(max_size=40))
def test_names_for_any_text_are_none_or_one_regions(text: str) -> None:
    names = names_of_region_named(text)
    assert names == () or names[0] in REGION_KEYS


@pytest.mark.parametrize(
    ("word", "particle"),
    [("경기 광주", "로"), ("강원 고성", "으로"), ("서울", "로"), ("B", "(으)로")],
)
def test_the_direction_particle_follows_the_last_syllable(word: str, particle: str) -> None:
    """'… 광주'로 but '… 고성'으로: the "write it as" hint said 로 after every name."""
    assert _direction(word) == particle
