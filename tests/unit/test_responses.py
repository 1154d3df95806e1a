"""The app's response class writes a pydantic model as the JSON Litestar's own path writes
(``model_dump`` then msgspec): the same document, for any model the routes answer with."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st
from litestar import Litestar, MediaType, Response
from litestar.plugins.pydantic import PydanticPlugin
from litestar.serialization import get_serializer
from pydantic import BaseModel, Field

from api.plans.schemas import PlanRecord
from api.responses import PydanticJSONResponse
from impact.plan import Plan
from tests.metrics_cases import recorded


class _Figures(BaseModel):
    """Floats of every kind, a nested model, an alias, optional and non-ASCII text."""

    values: list[float]
    label: str
    note: str | None = None
    nested: list[_Figures] = Field(default_factory=list)
    per_year: float = Field(default=0.0, alias="perYear")


_LITESTAR = get_serializer(Litestar(plugins=[PydanticPlugin(prefer_alias=True)]).type_encoders)
"""Litestar's encoding of a pydantic model with the app's plugin: ``model_dump``, msgspec."""


def _both(model: BaseModel) -> tuple[object, object]:
    """The model as Litestar's default response writes it, and as the app's does, parsed."""
    litestar = Response(model).render(model, MediaType.JSON, _LITESTAR)
    ours = PydanticJSONResponse(model).render(model, MediaType.JSON)
    return json.loads(litestar), json.loads(ours)


def test_saved_plan_records_are_written_as_litestar_writes_them() -> None:
    stamp = datetime(2026, 12, 6, 11, 45, 3, 123456, tzinfo=UTC)
    for body, _ in recorded():
        record = PlanRecord(id="x", plan=Plan.model_validate_json(body), created_at=stamp,
                            updated_at=stamp, version=3)  # fmt: skip
        litestar, ours = _both(record)
        assert ours == litestar


finite = st.floats(allow_nan=False, allow_infinity=False)


@given(
    st.lists(st.one_of(finite, st.sampled_from([math.inf, -math.inf, math.nan, 5e-324, 1e300]))),
    st.text(),
    finite,
)
def test_floats_and_text_are_written_as_litestar_writes_them(
    values: list[float], label: str, per_year: float
) -> None:
    inner = _Figures(values=values[:3], label=label[::-1], perYear=-per_year)
    model = _Figures(values=values, label=label, nested=[inner], perYear=per_year)
    litestar, ours = _both(model)
    assert ours == litestar
