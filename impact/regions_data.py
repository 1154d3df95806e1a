"""Korea's 17 시·도 and their 시·군·구 as data: the tables, and the types built from them.

:mod:`impact.regions` reads names against these (and re-exports the types).

Names are not figures, but users rely on them, so their source and date are stated.

Source
------
행정안전부 (Ministry of the Interior and Safety), administrative divisions of
Korea (행정구역 현황, 「지방자치단체 행정구역 및 인구 현황」), with the changes in force
on **2026-07-01**, the date of the latest change included:

* 2023-07-01 경상북도 군위군 → 대구광역시 (「경상북도 군위군 대구광역시 편입」 법률);
* 2023-06-11 강원도 → 강원특별자치도; 2024-01-18 전라북도 → 전북특별자치도;
* 2026-07-01 인천광역시: 중구 and 동구 abolished; 제물포구 (inland 중구 and 동구) and
  영종구 (영종도 and the other islands of 중구) created; 검단구 split from 서구
  (「인천광역시 제물포구·영종구 및 검단구 설치에 관한 법률」, passed 2024-01-09).

The 17 regions are those of the data (BOK 2020 regional input-output tables, KOSTAT
2018 boundaries), whatever happened since: 광주광역시 and 전라남도, merged into
전남광주통합특별시 by a special act passed on 2026-03-01 (in force from 2026-07-01, as
reported; the promulgated text was not read), stay two regions here, and the names of
the merged body are ambiguous between them (:data:`GROUPS`).

English names are Revised Romanization as used by the 시·군·구 themselves. Full
English names of the 17: the regions' official English names (Gangwon State and
Jeonbuk State since their change to 특별자치도).

A change of a 군 into a 시 (or a rename keeping the stem) does not change resolution:
names are matched by their stem (수원 for 수원시).
"""

from __future__ import annotations

import dataclasses
from typing import Literal

__all__ = [
    "FORMER",
    "GROUPS",
    "LOCALITIES",
    "MOVED",
    "REGIONS",
    "REGION_ALIASES",
    "REGION_KEYS",
    "REGION_ROWS",
    "Locality",
    "Region",
]

REGION_ROWS: tuple[tuple[str, str, str, str, str, str], ...] = (
    # key, KOSTAT code, name_ko, name_en (as in the BOK 2020 file), full_ko, full_en
    ("seoul", "11", "서울", "Seoul", "서울특별시", "Seoul Special City"),
    ("busan", "21", "부산", "Busan", "부산광역시", "Busan Metropolitan City"),
    ("daegu", "22", "대구", "Daegu", "대구광역시", "Daegu Metropolitan City"),
    ("incheon", "23", "인천", "Incheon", "인천광역시", "Incheon Metropolitan City"),
    ("gwangju", "24", "광주", "Gwangju", "광주광역시", "Gwangju Metropolitan City"),
    ("daejeon", "25", "대전", "Daejeon", "대전광역시", "Daejeon Metropolitan City"),
    ("ulsan", "26", "울산", "Ulsan", "울산광역시", "Ulsan Metropolitan City"),
    ("sejong", "29", "세종", "Sejong", "세종특별자치시", "Sejong Special Self-Governing City"),
    ("gyeonggi", "31", "경기", "Gyeonggi", "경기도", "Gyeonggi Province"),
    ("gangwon", "32", "강원", "Gangwon", "강원특별자치도", "Gangwon State"),
    ("chungbuk", "33", "충북", "Chungbuk", "충청북도", "North Chungcheong Province"),
    ("chungnam", "34", "충남", "Chungnam", "충청남도", "South Chungcheong Province"),
    ("jeonbuk", "35", "전북", "Jeonbuk", "전북특별자치도", "Jeonbuk State"),
    ("jeonnam", "36", "전남", "Jeonnam", "전라남도", "South Jeolla Province"),
    ("gyeongbuk", "37", "경북", "Gyeongbuk", "경상북도", "North Gyeongsang Province"),
    ("gyeongnam", "38", "경남", "Gyeongnam", "경상남도", "South Gyeongsang Province"),
    ("jeju", "39", "제주", "Jeju", "제주특별자치도", "Jeju Special Self-Governing Province"),
)

REGION_ALIASES: dict[str, tuple[str, ...]] = {
    # Other names of a region: old official names, romanised official names, older
    # romanisations. Variants with a suffix (부산시, Busan-si, Gyeonggi-do, … Province)
    # need no entry: the suffix is dropped before the look-up.
    "busan": ("Pusan",),
    "daegu": ("Taegu",),
    "incheon": ("Inchon",),
    "gwangju": ("Kwangju",),
    "daejeon": ("Taejon", "Taejeon"),
    "gyeonggi": ("Kyonggi", "Kyeonggi", "Kyunggi"),
    "gangwon": ("강원도", "Kangwon"),
    "chungbuk": ("충청북도", "Chungcheongbuk", "North Chungcheong", "Chungchongbuk"),
    "chungnam": ("충청남도", "Chungcheongnam", "South Chungcheong", "Chungchongnam"),
    "jeonbuk": ("전라북도", "Jeollabuk", "North Jeolla", "Chollabuk"),
    "jeonnam": ("전라남도", "Jeollanam", "South Jeolla", "Chollanam"),
    "gyeongbuk": ("경상북도", "Gyeongsangbuk", "North Gyeongsang", "Kyongsangbuk"),
    "gyeongnam": ("경상남도", "Gyeongsangnam", "South Gyeongsang", "Kyongsangnam"),
    "jeju": ("Cheju",),
}

GROUPS: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    # Names that cover several regions: (names, region keys, why, in English).
    (("충청", "충청도", "Chungcheong"), ("chungbuk", "chungnam"), "충청 is 충북 and 충남"),
    (("전라", "전라도", "Jeolla", "Cholla"), ("jeonbuk", "jeonnam"), "전라 is 전북 and 전남"),
    (("경상", "경상도", "Gyeongsang"), ("gyeongbuk", "gyeongnam"), "경상 is 경북 and 경남"),
    (
        (
            "전남광주통합특별시",
            "전남광주특별시",
            "광주전남특별시",
            "광주전남통합특별시",
            "광주통합특별시",
            "광주특별시",
            "Jeonnam Gwangju",
            "Gwangju Jeonnam",
            "Gwangju Special City",
        ),
        ("gwangju", "jeonnam"),
        (
            "광주 and 전남 were merged into 전남광주통합특별시 on 2026-07-01, but the data "
            "(BOK 2020 regional tables) keep them apart"
        ),
    ),
)

LOCALITIES: dict[str, str] = {
    # Each region's 시·군 (provinces) or 자치구·군 (metropolitan cities), in MOIS code
    # order: "Korean name  English stem", comma-separated. The English suffix follows
    # the Korean one: 시 -si, 군 -gun, 구 -gu.
    "seoul": "종로구 Jongno, 중구 Jung, 용산구 Yongsan, 성동구 Seongdong, 광진구 Gwangjin, "
    "동대문구 Dongdaemun, 중랑구 Jungnang, 성북구 Seongbuk, 강북구 Gangbuk, 도봉구 Dobong, "
    "노원구 Nowon, 은평구 Eunpyeong, 서대문구 Seodaemun, 마포구 Mapo, 양천구 Yangcheon, "
    "강서구 Gangseo, 구로구 Guro, 금천구 Geumcheon, 영등포구 Yeongdeungpo, 동작구 Dongjak, "
    "관악구 Gwanak, 서초구 Seocho, 강남구 Gangnam, 송파구 Songpa, 강동구 Gangdong",
    "busan": "중구 Jung, 서구 Seo, 동구 Dong, 영도구 Yeongdo, 부산진구 Busanjin, 동래구 Dongnae, "
    "남구 Nam, 북구 Buk, 해운대구 Haeundae, 사하구 Saha, 금정구 Geumjeong, 강서구 Gangseo, "
    "연제구 Yeonje, 수영구 Suyeong, 사상구 Sasang, 기장군 Gijang",
    "daegu": "중구 Jung, 동구 Dong, 서구 Seo, 남구 Nam, 북구 Buk, 수성구 Suseong, 달서구 Dalseo, "
    "달성군 Dalseong, 군위군 Gunwi",
    "incheon": "제물포구 Jemulpo, 영종구 Yeongjong, 미추홀구 Michuhol, 연수구 Yeonsu, "
    "남동구 Namdong, 부평구 Bupyeong, 계양구 Gyeyang, 서구 Seo, 검단구 Geomdan, 강화군 Ganghwa, "
    "옹진군 Ongjin",
    "gwangju": "동구 Dong, 서구 Seo, 남구 Nam, 북구 Buk, 광산구 Gwangsan",
    "daejeon": "동구 Dong, 중구 Jung, 서구 Seo, 유성구 Yuseong, 대덕구 Daedeok",
    "ulsan": "중구 Jung, 남구 Nam, 동구 Dong, 북구 Buk, 울주군 Ulju",
    "sejong": "",
    "gyeonggi": "수원시 Suwon, 성남시 Seongnam, 의정부시 Uijeongbu, 안양시 Anyang, "
    "부천시 Bucheon, 광명시 Gwangmyeong, 평택시 Pyeongtaek, 동두천시 Dongducheon, 안산시 Ansan, "
    "고양시 Goyang, 과천시 Gwacheon, 구리시 Guri, 남양주시 Namyangju, 오산시 Osan, "
    "시흥시 Siheung, 군포시 Gunpo, 의왕시 Uiwang, 하남시 Hanam, 용인시 Yongin, 파주시 Paju, "
    "이천시 Icheon, 안성시 Anseong, 김포시 Gimpo, 화성시 Hwaseong, 광주시 Gwangju, "
    "양주시 Yangju, 포천시 Pocheon, 여주시 Yeoju, 연천군 Yeoncheon, 가평군 Gapyeong, "
    "양평군 Yangpyeong",
    "gangwon": "춘천시 Chuncheon, 원주시 Wonju, 강릉시 Gangneung, 동해시 Donghae, "
    "태백시 Taebaek, 속초시 Sokcho, 삼척시 Samcheok, 홍천군 Hongcheon, 횡성군 Hoengseong, "
    "영월군 Yeongwol, 평창군 Pyeongchang, 정선군 Jeongseon, 철원군 Cheorwon, 화천군 Hwacheon, "
    "양구군 Yanggu, 인제군 Inje, 고성군 Goseong, 양양군 Yangyang",
    "chungbuk": "청주시 Cheongju, 충주시 Chungju, 제천시 Jecheon, 보은군 Boeun, 옥천군 Okcheon, "
    "영동군 Yeongdong, 증평군 Jeungpyeong, 진천군 Jincheon, 괴산군 Goesan, 음성군 Eumseong, "
    "단양군 Danyang",
    "chungnam": "천안시 Cheonan, 공주시 Gongju, 보령시 Boryeong, 아산시 Asan, 서산시 Seosan, "
    "논산시 Nonsan, 계룡시 Gyeryong, 당진시 Dangjin, 금산군 Geumsan, 부여군 Buyeo, "
    "서천군 Seocheon, 청양군 Cheongyang, 홍성군 Hongseong, 예산군 Yesan, 태안군 Taean",
    "jeonbuk": "전주시 Jeonju, 군산시 Gunsan, 익산시 Iksan, 정읍시 Jeongeup, 남원시 Namwon, "
    "김제시 Gimje, 완주군 Wanju, 진안군 Jinan, 무주군 Muju, 장수군 Jangsu, 임실군 Imsil, "
    "순창군 Sunchang, 고창군 Gochang, 부안군 Buan",
    "jeonnam": "목포시 Mokpo, 여수시 Yeosu, 순천시 Suncheon, 나주시 Naju, 광양시 Gwangyang, "
    "담양군 Damyang, 곡성군 Gokseong, 구례군 Gurye, 고흥군 Goheung, 보성군 Boseong, "
    "화순군 Hwasun, 장흥군 Jangheung, 강진군 Gangjin, 해남군 Haenam, 영암군 Yeongam, "
    "무안군 Muan, 함평군 Hampyeong, 영광군 Yeonggwang, 장성군 Jangseong, 완도군 Wando, "
    "진도군 Jindo, 신안군 Sinan",
    "gyeongbuk": "포항시 Pohang, 경주시 Gyeongju, 김천시 Gimcheon, 안동시 Andong, 구미시 Gumi, "
    "영주시 Yeongju, 영천시 Yeongcheon, 상주시 Sangju, 문경시 Mungyeong, 경산시 Gyeongsan, "
    "의성군 Uiseong, 청송군 Cheongsong, 영양군 Yeongyang, 영덕군 Yeongdeok, 청도군 Cheongdo, "
    "고령군 Goryeong, 성주군 Seongju, 칠곡군 Chilgok, 예천군 Yecheon, 봉화군 Bonghwa, "
    "울진군 Uljin, 울릉군 Ulleung",
    "gyeongnam": "창원시 Changwon, 진주시 Jinju, 통영시 Tongyeong, 사천시 Sacheon, 김해시 Gimhae, "
    "밀양시 Miryang, 거제시 Geoje, 양산시 Yangsan, 의령군 Uiryeong, 함안군 Haman, "
    "창녕군 Changnyeong, 고성군 Goseong, 남해군 Namhae, 하동군 Hadong, 산청군 Sancheong, "
    "함양군 Hamyang, 거창군 Geochang, 합천군 Hapcheon",
    "jeju": "제주시 Jeju, 서귀포시 Seogwipo",
}

MOVED: dict[tuple[str, str], tuple[str, str]] = {
    # (region, locality) → (key of the region it was in before, date it moved)
    ("daegu", "군위군"): ("gyeongbuk", "2023-07-01"),
}

FORMER: tuple[tuple[str, str, str, str | None, str, str], ...] = (
    # 시·군·구 abolished or renamed since 2010, still read in a plan's city and resolved
    # to the region that administers the area today:
    # (region, name_ko, English stem, key of the region it was in if another, what
    # became of it in English, in Korean).
    ("incheon", "중구", "Jung", None,
     "abolished on 2026-07-01, now 제물포구 and 영종구", "2026-07-01 폐지, 현 제물포구·영종구"),
    ("incheon", "동구", "Dong", None,
     "abolished on 2026-07-01, now part of 제물포구", "2026-07-01 폐지, 현 제물포구"),
    ("incheon", "남구", "Nam", None,
     "renamed 미추홀구 on 2018-07-01", "2018-07-01 미추홀구로 개칭"),
    ("chungbuk", "청원군", "Cheongwon", None,
     "merged into 청주시 on 2014-07-01", "2014-07-01 청주시에 통합"),
    ("sejong", "연기군", "Yeongi", "chungnam",
     "became 세종 on 2012-07-01 (it was in 충남 before)",
     "2012-07-01 세종특별자치시로 전환, 전 충청남도"),
    ("gyeongnam", "마산시", "Masan", None,
     "merged into 창원시 on 2010-07-01", "2010-07-01 창원시에 통합"),
    ("gyeongnam", "진해시", "Jinhae", None,
     "merged into 창원시 on 2010-07-01", "2010-07-01 창원시에 통합"),
)  # fmt: skip


# ------------------------------------------------------------------------ the types

LocalityKind = Literal["si", "gun", "gu"]
_KINDS: dict[str, LocalityKind] = {"시": "si", "군": "gun", "구": "gu"}


@dataclasses.dataclass(frozen=True)
class Locality:
    """A 시, 군 or 자치구 of a region (for 제주, one of its two 행정시).

    ``note_en`` / ``note_ko`` say what changed when the place moved between regions
    or no longer exists under this name (empty otherwise).
    """

    name_ko: str
    name_en: str
    note_en: str = ""
    note_ko: str = ""

    @property
    def kind(self) -> LocalityKind:
        """``"si"``, ``"gun"`` or ``"gu"``, from the Korean suffix."""
        return _KINDS[self.name_ko[-1]]

    @property
    def stem_ko(self) -> str:
        """The name without its suffix (수원), whole when that leaves one syllable (중구)."""
        return self.name_ko[:-1] if len(self.name_ko) > 2 else self.name_ko

    @property
    def stem_en(self) -> str:
        """English counterpart of :attr:`stem_ko` (``Suwon``; ``Jung-gu``)."""
        return self.name_en.rsplit("-", 1)[0] if len(self.name_ko) > 2 else self.name_en


@dataclasses.dataclass(frozen=True)
class Region:
    """One of the 17 시·도.

    ``key`` is a stable lowercase id, ``code`` the KOSTAT 2-digit code, ``name_ko`` and
    ``name_en`` the names of the BOK 2020 regional data and of the map, ``full_ko`` and
    ``full_en`` the official names, ``localities`` its 시·군 or 자치구·군 today, and
    ``former_localities`` places abolished or renamed since 2010 that still resolve here.
    """

    key: str
    code: str
    name_ko: str
    name_en: str
    full_ko: str
    full_en: str
    localities: tuple[Locality, ...]
    former_localities: tuple[Locality, ...] = ()

    @property
    def label(self) -> str:
        """``"경기 (Gyeonggi)"``."""
        return f"{self.name_ko} ({self.name_en})"


def _build() -> tuple[Region, ...]:
    labels = {row[0]: (row[2], row[3], row[4]) for row in REGION_ROWS}
    regions = []
    for key, code, name_ko, name_en, full_ko, full_en in REGION_ROWS:
        places = []
        for item in filter(None, (s.strip() for s in LOCALITIES[key].split(","))):
            ko, stem = item.split()
            en, note_en, note_ko = f"{stem}-{_KINDS[ko[-1]]}", "", ""
            if (key, ko) in MOVED:
                old, date = MOVED[key, ko]
                note_en = f"moved from {labels[old][0]} ({labels[old][1]}) on {date}"
                note_ko = f"{date} {labels[old][2]}에서 편입"
            places.append(Locality(ko, en, note_en, note_ko))
        former = tuple(
            Locality(ko, f"{stem}-{_KINDS[ko[-1]]}", note_en, note_ko)
            for region, ko, stem, _, note_en, note_ko in FORMER
            if region == key
        )
        row = (key, code, name_ko, name_en, full_ko, full_en)
        regions.append(Region(*row, tuple(places), former))
    return tuple(regions)


REGIONS: tuple[Region, ...] = _build()
"""The 17 regions, in KOSTAT code order (서울 11 … 제주 39)."""

REGION_KEYS: tuple[str, ...] = tuple(region.key for region in REGIONS)
