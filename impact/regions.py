"""Korea's 17 regions (시·도) and how a plan's ``region`` or ``city`` names one.

:data:`REGIONS` holds the 17 regions of the data (BOK 2020 regional input-output
tables, KOSTAT 2-digit codes), each with its 시·군 or 자치구·군 in Korean and English
(:mod:`impact.regions_data` gives the source and the as-of date, 2026-07-01).

A plan's explicit ``region`` is read by :func:`resolve_region`: a key, a KOSTAT code, a
short, full or old official name in Korean or English, or a common variant
("Gyeonggi-do", "gyeonggi do", "부산시", "Busan-si", "전라북도", "North Chungcheong"),
insensitive to case, spaces, hyphens and Unicode normalisation. Codes are KOSTAT codes
only (세종 29, 경기 31), never MOIS codes (where 29 is 광주 and 31 울산).

Without ``region``, :func:`resolve_city` reads the plan's ``city`` by these rules:

1. The text is NFC-normalised and cut into words: runs of Hangul syllables, and runs
   of other letters (English, casefolded). Anything else separates words: spaces,
   commas, parentheses, '·', '/', '-', digits.
2. A Korean word is read from its start as a chain of names, longest name first; each
   name must be followed by the end of the word, another name, or administrative
   suffixes (특별자치시 특별자치도 통합특별시 특별시 광역시 특례시 자치시 자치도 시 도 군 구
   청): "부산광역시청" is 부산, "창원특례시" 창원, "경기광주" 경기 + 광주, but "대전환" is no
   name. Names are the regions' short, full and old names, and the 시·군·구 without
   their suffix (수원 for 수원시); a 자치구 of one syllable only with its suffix (중구).
3. English words are read with up to three adjacent words joined and one suffix
   dropped (si, gun, gu, do, city, county, district, province, state, metropolitan
   city, …): "Suwon-si", "Suwon City", "Jung-gu", "North Chungcheong", "Busan
   Metropolitan City". One-syllable districts only with "gu" ("Jung-gu", not "Jung").
4. Each name fits a set of regions; the answer is the region that every name in the
   text fits. A region name plus one of its places narrows: "경기 광주시",
   "Goseong, Gangwon" and "대구 중구" resolve; "세종 Sejong" is 세종.
5. When several regions remain, a region's own name wins over a place of the same
   name: 광주, 광주시 and Gwangju alone are 광주광역시 (write "경기 광주" for 경기도
   광주시). Otherwise the name is ambiguous: 고성 (강원, 경남), 중구, 동구, 서구, 남구,
   북구, 강서구, 충청 (충북, 충남), 전남광주통합특별시 (광주, 전남).
6. When no region fits every name, the text is ambiguous ("부산·울산"), except that
   a region a named place has left does not count: "경북 군위군" is 대구.
7. Places are resolved to the region that administers them today, and the answer
   says when that changed: 군위군 is in 대구 since 2023-07-01 (before: 경북); names
   abolished or renamed since 2010 (인천 중구·동구·남구, 청원군, 연기군, 마산시, 진해시)
   still resolve, to the region that administers their area today.
8. Text with no name in it ("Tokyo", "XYZ", "") gives ``None``: the caller analyses
   the plan nationally and shows :data:`REGION_HELP_EN` / :data:`REGION_HELP_KO`.

An ambiguous text raises :class:`~impact.errors.AmbiguousRegionError` (field
``"region"``, with the candidate keys); nothing else is raised, for any text.

Examples
--------
>>> resolve_city("수원시").region.key, resolve_city("Goseong, Gangwon").region.key
('gyeonggi', 'gangwon')
>>> match = resolve_city("창원특례시")
>>> match.matched, match.how_en
('창원', "city '창원시' (Changwon-si) is in 경남 (Gyeongnam)")
>>> resolve_region("Gyeonggi-do").full_ko, resolve_city("Tokyo") is None
('경기도', True)
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Iterable

from impact.errors import AmbiguousRegionError, InvalidInputError, NotFoundError
from impact.regions_data import (
    FORMER,
    GROUPS,
    MOVED,
    REGION_ALIASES,
    REGION_KEYS,
    REGIONS,
    Locality,
    Region,
)

__all__ = [
    "REGIONS",
    "REGION_HELP_EN",
    "REGION_HELP_KO",
    "REGION_KEYS",
    "CityMatch",
    "Locality",
    "Region",
    "get_region",
    "names_of_region_named",
    "resolve_city",
    "resolve_region",
]

_KIND_WORDS = {"si": ("city", "시"), "gun": ("county", "군"), "gu": ("district", "자치구")}


@dataclasses.dataclass(frozen=True)
class CityMatch:
    """How a plan's city resolved to a region.

    ``matched`` is the part of the text that decided (e.g. ``"수원"``), ``how_en`` and
    ``how_ko`` one line each for citation, ``locality`` the place it named, if any.
    """

    region: Region
    matched: str
    how_en: str
    how_ko: str
    locality: Locality | None = None


_BY_KEY = {region.key: region for region in REGIONS}
_NAMES_EN = ", ".join(f"{r.name_ko} {r.name_en}" for r in REGIONS)

REGION_HELP_EN = (
    "Name the region in the plan's `region` field, as one of Korea's 17 regions (시·도) in "
    f"Korean or English: {_NAMES_EN} (full names such as 부산광역시, Busan Metropolitan City "
    "or Gyeonggi-do work too); or write the region with the city in `city`, e.g. "
    "'경기 광주시' or 'Goseong, Gangwon'."
)
REGION_HELP_KO = (
    "계획의 `region`에 17개 시·도 중 하나를 한글 또는 영문으로 적으세요: "
    f"{_NAMES_EN} (부산광역시, Busan Metropolitan City, 경기도 같은 정식 명칭도 됩니다). "
    "또는 `city`에 시·도를 함께 적으세요(예: '경기 광주시', '강원 고성군')."
)


# --------------------------------------------------------------------------- the indices


@dataclasses.dataclass(frozen=True)
class _Sense:
    """One meaning of a name: the regions it fits and what it is."""

    keys: frozenset[str]
    is_region: bool = False  # the name of one region: it wins alone (광주)
    locality: Locality | None = None
    former: bool = False
    moved_from: str | None = None
    why: str = ""  # a name of several regions: why


def _region_names(r: Region) -> tuple[str, ...]:
    """A region's key and names, Korean and English (not its code)."""
    return (r.key, r.name_ko, r.name_en, r.full_ko, r.full_en, *REGION_ALIASES.get(r.key, ()))


def _fold_en(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.casefold())


def _is_hangul(text: str) -> bool:
    return "가" <= text[0] <= "힣"


def _index() -> tuple[dict[str, list[_Sense]], dict[str, list[_Sense]]]:
    ko: dict[str, list[_Sense]] = {}
    en: dict[str, list[_Sense]] = {}

    def add(name: str, sense: _Sense) -> None:
        index, name = (ko, name) if _is_hangul(name) else (en, _fold_en(name))
        if sense not in index.setdefault(name, []):
            index[name].append(sense)

    moved = {(k, ko_name): old for (k, ko_name), (old, _) in MOVED.items()}
    moved |= {(row[0], row[1]): row[3] for row in FORMER if row[3]}
    for r in REGIONS:
        sense = _Sense(frozenset({r.key}), is_region=True)
        for name in _region_names(r):
            add(name, sense)
        for places, former in ((r.localities, False), (r.former_localities, True)):
            for p in places:
                place = _Sense(frozenset({r.key}), False, p, former, moved.get((r.key, p.name_ko)))
                add(p.stem_ko, place)
                add(p.stem_en, place)
    for names, keys, why in GROUPS:
        for name in names:
            add(name, _Sense(frozenset(keys), why=why))
    return ko, en


_KO, _EN = _index()
_KO_MAX = max(map(len, _KO))
_KO_SUFFIXES = (
    *("특별자치시", "특별자치도", "통합특별시", "특별시", "광역시", "특례시", "자치시", "자치도"),
    *("시", "도", "군", "구", "청"),
)
_EN_SUFFIXES = (
    *("specialselfgoverningprovince", "specialselfgoverningcity", "selfgoverningprovince"),
    *("selfgoverningcity", "metropolitancity", "specialcity", "metropolitan", "province"),
    *("district", "county", "state", "city", "gun", "si", "gu", "do"),
)
_WORD = re.compile(r"[가-힣]+|[^\W\d_가-힣]+")


@dataclasses.dataclass(frozen=True)
class _Hit:
    text: str  # as written
    senses: tuple[_Sense, ...]

    @property
    def keys(self) -> frozenset[str]:
        return frozenset().union(*(s.keys for s in self.senses))

    @property
    def region_keys(self) -> frozenset[str]:
        return frozenset().union(*(s.keys for s in self.senses if s.is_region))


def _ko_name_at(word: str, pos: int) -> str | None:
    for size in range(min(_KO_MAX, len(word) - pos), 1, -1):
        if word[pos : pos + size] in _KO:
            return word[pos : pos + size]
    return None


def _korean_hits(word: str) -> Iterable[_Hit]:
    pos = 0
    while (name := _ko_name_at(word, pos)) is not None:
        end = after = pos + len(name)
        while after < len(word) and _ko_name_at(word, after) is None:
            suffix = next((s for s in _KO_SUFFIXES if word.startswith(s, after)), "")
            if not suffix:
                break
            after += len(suffix)
        if after < len(word) and after == end and _ko_name_at(word, end) is None:
            return  # followed by something that is neither a suffix nor a name: 대전환
        yield _Hit(name, tuple(_KO[name]))
        pos = after


def _en_lookup(folded: str) -> list[_Sense] | None:
    if folded in _EN:
        return _EN[folded]
    for suffix in _EN_SUFFIXES:
        if folded.endswith(suffix) and len(folded) > len(suffix) and folded[: -len(suffix)] in _EN:
            return _EN[folded[: -len(suffix)]]
    return None


def _english_hits(text: str, words: list[re.Match[str]]) -> Iterable[_Hit]:
    folded = [w.group().casefold() for w in words]
    i = 0
    while i < len(words):
        for size in (3, 2, 1):
            senses = _en_lookup("".join(folded[i : i + size])) if i + size <= len(words) else None
            if senses:
                yield _Hit(text[words[i].start() : words[i + size - 1].end()], tuple(senses))
                i += size
                break
        else:
            i += 1


def _hits(text: str) -> list[_Hit]:
    hits: list[_Hit] = []
    latin: list[re.Match[str]] = []
    for word in _WORD.finditer(text):
        if _is_hangul(word.group()):
            hits.extend(_english_hits(text, latin))
            latin = []
            hits.extend(_korean_hits(word.group()))
        else:
            latin.append(word)
    hits.extend(_english_hits(text, latin))
    return hits


# ------------------------------------------------------------------------------ the API


def get_region(key: str) -> Region:
    """The region with this key (``"busan"``); :func:`resolve_region` reads names.

    Examples
    --------
    >>> get_region("jeonbuk").full_ko
    '전북특별자치도'
    """
    try:
        return _BY_KEY[key]
    except KeyError:
        msg = f"no region with key {key!r}; the keys are {', '.join(REGION_KEYS)}"
        ko = f"키가 {key!r}인 지역이 없습니다. 키: {', '.join(REGION_KEYS)}"
        raise NotFoundError(msg, field="region", message_ko=ko) from None


def _fold(name: str) -> str:
    return re.sub(r"[\s\-_.·'’]", "", unicodedata.normalize("NFC", name).casefold())


_REGION_NAMES: dict[str, tuple[str, ...]] = {
    _fold(name): (r.key,) for r in REGIONS for name in (r.code, *_region_names(r))
} | {_fold(name): keys for names, keys, _ in GROUPS for name in names}
_REGION_SUFFIXES = ("특별자치시", "특별자치도", "특별시", "광역시", "시", "도", *_EN_SUFFIXES)


def resolve_region(name: str, *, field: str = "region") -> Region:
    """The region an explicit ``region`` value names (key, code, Korean or English name).

    Raises
    ------
    InvalidInputError
        ``field``: the name is none of the 17 (the message lists them).
    AmbiguousRegionError
        ``field``: the name covers two regions (충청, 전남광주통합특별시).

    Examples
    --------
    >>> [resolve_region(n).key for n in ("부산광역시", "Busan-si", "강원도", "Jeollabuk-do", "29")]
    ['busan', 'busan', 'gangwon', 'jeonbuk', 'sejong']
    """
    folded = _fold(name)
    for _ in range(3):
        if folded in _REGION_NAMES:
            keys = _REGION_NAMES[folded]
            if len(keys) > 1:
                raise _ambiguous(name, keys, [_why(folded)], field=field)
            return _BY_KEY[keys[0]]
        suffix = next((s for s in _REGION_SUFFIXES if folded.endswith(s) and folded != s), "")
        if not suffix:
            break
        folded = folded[: -len(suffix)]
    msg = (
        f"unknown region {name!r}: give one of Korea's 17 regions (시·도) in Korean or English: "
        f"{', '.join(r.label for r in REGIONS)}; full names (부산광역시, Busan Metropolitan City, "
        "경기도, Gyeonggi-do) and keys (busan) work too"
    )
    ko = (
        f"알 수 없는 지역입니다: {name[:100]!r}. 17개 시·도 중 하나를 한글이나 영문으로 주세요: "
        f"{', '.join(r.name_ko for r in REGIONS)} (부산광역시 같은 정식 명칭, busan 같은 키도 "
        "됩니다)"
    )
    raise InvalidInputError(
        msg, field=field, text=name[:100], accepted=list(REGION_KEYS), message_ko=ko
    )


def names_of_region_named(text: str) -> tuple[str, ...]:
    """The key and names (Korean, English, full, former) of the one region ``text`` names as
    :func:`resolve_region` reads it; ``()`` when it names none, several, or is a bare code.

    For a search by name: ``"sejong"`` and ``"세종시"`` both give ``세종`` and ``Sejong``.

    Examples
    --------
    >>> names_of_region_named("세종시")[:3]
    ('sejong', '세종', 'Sejong')
    >>> names_of_region_named("Gotham"), names_of_region_named("29")
    ((), ())
    """
    if text.strip().isdigit():  # "29" is Sejong's KOSTAT code, not a name anyone searches by
        return ()
    try:
        return _region_names(resolve_region(text))
    except InvalidInputError:  # unknown, or ambiguous (AmbiguousRegionError)
        return ()


def _why(folded: str) -> str:
    return next(why for names, _, why in GROUPS if folded in {_fold(n) for n in names})


def _ambiguous(
    text: str, keys: Iterable[str], whys: Iterable[str], *, field: str = "region", place: str = ""
) -> AmbiguousRegionError:
    ordered = [k for k in REGION_KEYS if k in set(keys)]
    names = ", ".join(_BY_KEY[k].label for k in ordered)
    notes = "".join(f" ({why})" for why in dict.fromkeys(w for w in whys if w))
    msg = (
        f"{text[:100]!r} fits more than one region: {names}{notes}. Give `region` as one of "
        f"them (e.g. {ordered[0]!r})"
    )
    names_ko = ", ".join(_BY_KEY[k].name_ko for k in ordered)
    shown = text[:100]
    ko = (
        f"'{shown}'{_topic(shown)} 여러 지역에 해당합니다: {names_ko}. region에 그중 하나를 "
        f"주세요 (예: '{ordered[0]}')"
    )
    if place:
        first = _BY_KEY[ordered[0]]
        example = f"{first.name_ko} {place}" if _is_hangul(place) else f"{place}, {first.name_en}"
        msg += f", or write the region with the place (e.g. '{example}')"
        ko += f". 또는 지명과 함께 시·도를 적으세요 (예: '{example}')"
    return AmbiguousRegionError(msg, field=field, candidates=ordered, text=shown, message_ko=ko)


def _topic(word: str) -> str:
    """The Korean topic particle after ``word``: 은 after a final consonant, else 는."""
    last = word[-1]
    if "가" <= last <= "힣":
        return "은" if (ord(last) - 0xAC00) % 28 else "는"
    return "은(는)"


def _direction(word: str) -> str:
    """The Korean particle 로/으로 after ``word``: 로 after a vowel or ㄹ, else 으로.

    >>> _direction("강원 고성"), _direction("경남 고성군 거제"), _direction("서울")
    ('으로', '로', '로')
    """
    last = word[-1]
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        return "로" if final in {0, 8} else "으로"
    return "(으)로"


def _explain(region: Region, hits: list[_Hit], by_name: bool) -> CityMatch:
    for hit in hits:  # a place of the region, named as a place (not 제주 for 제주시)
        for s in hit.senses:
            if s.locality and region.key in s.keys and region.key not in hit.region_keys:
                p = s.locality
                en_kind, ko_kind = _KIND_WORDS[p.kind]
                if region.key == "jeju":
                    en_kind, ko_kind = "administrative city", "행정시"
                old = "former " if s.former else ""
                how_en = f"{old}{en_kind} '{p.name_ko}' ({p.name_en}) is in {region.label}"
                how_ko = f"'{p.name_ko}'{_topic(p.name_ko)} {region.full_ko}의 {'옛 ' * s.former}"
                how_ko += ko_kind
                if p.note_en:
                    how_en, how_ko = f"{how_en}: {p.note_en}", f"{how_ko} ({p.note_ko})"
                return CityMatch(region, hit.text, how_en, how_ko, p)
    hit = next(h for h in hits if region.key in h.keys)
    how_en = f"'{hit.text}' names the region {region.label}"
    how_ko = f"'{hit.text}'{_topic(hit.text)} {region.full_ko}의 이름"
    if by_name:
        for s in hit.senses:
            if s.locality and not s.former and region.key not in s.keys:
                (key,) = s.keys
                other, p = _BY_KEY[key], s.locality
                how_en += f"; for {p.name_ko} in {other.label} write '{other.name_ko} {p.stem_ko}'"
                how_ko += f" ({other.full_ko} {p.name_ko}{_topic(p.name_ko)} '{other.name_ko} "
                how_ko += f"{p.stem_ko}'{_direction(p.stem_ko)} 적음)"
    return CityMatch(region, hit.text, how_en, how_ko)


@functools.lru_cache(maxsize=4096)
def resolve_city(city: str) -> CityMatch | None:
    """:func:`_resolve_city`, memoised.

    A pure function of the text (the match is immutable; an ambiguous text raises again and
    is not kept), asked for every plan compared or audited, and the names of Korea's cities
    are few: each is read once per process. The rules stay in the undecorated
    :func:`_resolve_city`, which mutation testing can change.
    """
    return _resolve_city(city)


def _resolve_city(city: str) -> CityMatch | None:
    """The region a plan's ``city`` names, by the rules of the module docstring.

    Returns ``None`` when the text names no region or place of Korea.

    Raises
    ------
    AmbiguousRegionError
        field ``"region"``: the text fits several regions (고성, 중구, "부산·울산").

    Examples
    --------
    >>> [resolve_city(c).region.key for c in ("세종 Sejong", "경기 광주", "광주", "군위군")]
    ['sejong', 'gyeonggi', 'gwangju', 'daegu']
    >>> resolve_city("군위군").how_en
    "county '군위군' (Gunwi-gun) is in 대구 (Daegu): moved from 경북 (Gyeongbuk) on 2023-07-01"
    >>> resolve_city("고성")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    impact.errors.AmbiguousRegionError: region: '고성' fits more than one region: ...
    """
    text = unicodedata.normalize("NFC", city)
    hits = _hits(text)
    left = {s.moved_from for h in hits for s in h.senses if s.moved_from}
    hits = [h for h in hits if not (h.keys <= left and all(s.is_region for s in h.senses))]
    if not hits:
        return None
    common = frozenset.intersection(*(h.keys for h in hits))
    by_name = False
    if len(common) > 1:
        named = common & frozenset().union(*(h.region_keys for h in hits))
        if len(named) != 1:
            place = hits[0].text if all(s.locality for s in hits[0].senses) else ""
            raise _ambiguous(text, common, (s.why for h in hits for s in h.senses), place=place)
        common, by_name = named, True
    if not common:
        keys = frozenset().union(*(h.region_keys or h.keys for h in hits))
        raise _ambiguous(text, keys, (s.why for h in hits for s in h.senses))
    (key,) = common
    return _explain(_BY_KEY[key], hits, by_name)
