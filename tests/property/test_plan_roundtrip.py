"""Whatever a plan accepts, it accepts again: a saved plan can always be read back."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from impact.plan import Plan

documents = st.fixed_dictionaries(
    {
        "city": st.sampled_from(["세종", "Daejeon", "부산 Busan"]),
        "investment": st.integers(1, 10**15),
    },
    optional={
        "announced": st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
        "price_year": st.integers(1800, 2300),
        "period": st.fixed_dictionaries(
            {"start": st.integers(1800, 2300), "end": st.integers(1800, 2300)}
        ),
        "claims": st.fixed_dictionaries({}, optional={"jobs": st.integers(0, 10**7)}),
    },
)


@given(
    documents.map(lambda d: {k: v.isoformat() if isinstance(v, date) else v for k, v in d.items()})
)
def test_a_valid_plan_survives_its_own_json(document: dict[str, Any]) -> None:
    try:
        plan = Plan.model_validate(document)
    except ValidationError:
        return
    assert Plan.model_validate_json(plan.model_dump_json()) == plan


def test_an_announcement_outside_the_price_years_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Plan.model_validate({"city": "x", "investment": 1, "announced": "0475-01-01"})
    assert caught.value.errors()[0]["loc"] == ("announced",)
