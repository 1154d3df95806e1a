"""TEMPORARY STUB (replaced by the money branch)."""

from decimal import Decimal
from typing import Literal

from impact.errors import MoneyParseError

_U = {"조": 10**12, "억": 10**8, "만": 10**4}


def parse_krw(
    value: str | int | Decimal, *, field: str | None = None, allow_zero: bool = True
) -> int:
    if isinstance(value, bool):
        raise MoneyParseError("bool", field=field, text=str(value), position=None)
    if isinstance(value, int | Decimal | float):
        v = int(value)
    else:
        s = value.replace(",", "").replace("원", "").replace(" ", "")
        total = Decimal(0)
        num = ""
        try:
            for ch in s:
                if ch in _U:
                    total += Decimal(num) * _U[ch]
                    num = ""
                else:
                    num += ch
            if num:
                total += Decimal(num)
        except Exception:
            raise MoneyParseError("bad", field=field, text=value, position=0) from None
        v = int(total)
    if v < 0 or (v == 0 and not allow_zero):
        raise MoneyParseError(
            "must be greater than zero", field=field, text=str(value), position=None
        )
    return v


def format_krw(amount: int | Decimal, lang: Literal["ko", "en"] = "ko", *, digits: int = 1) -> str:
    return f"{int(amount):,}원" if lang == "ko" else f"₩{int(amount):,}"


def format_count(
    n: int | float, lang: Literal["ko", "en"], unit_ko: str = "명", unit_en: str = ""
) -> str:
    return f"{n:,}{unit_ko}" if lang == "ko" else f"{n:,}"
