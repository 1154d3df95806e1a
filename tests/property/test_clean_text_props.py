"""Text fields refuse exactly the characters of categories Cc, Cf, Cs, Co, Cn, Zl and Zp,
and a text that starts with a combining mark (nothing for it to combine with)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from impact.plan import _clean_text

BAD = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def _check(value: str) -> None:
    text = unicodedata.normalize("NFC", value).strip()
    if any(unicodedata.category(ch) in BAD for ch in text):
        with pytest.raises(PydanticCustomError, match="control, format, separator or unassigned"):
            _clean_text(value)
    elif not text:
        with pytest.raises(PydanticCustomError, match="must not be empty"):
            _clean_text(value)
    elif unicodedata.category(text[0]).startswith("M"):
        with pytest.raises(PydanticCustomError, match="combining mark"):
            _clean_text(value)
    else:
        assert _clean_text(value) == text


@given(st.text(alphabet=st.characters(codec=None), min_size=1, max_size=20))
def test_refused_iff_a_character_is_control_format_separator_or_unassigned(value: str) -> None:
    _check(value)


@given(st.text(alphabet=st.characters(max_codepoint=0x7F), min_size=1, max_size=20))
def test_ascii_texts_take_a_shorter_way_to_the_same_answer(value: str) -> None:
    _check(value)
