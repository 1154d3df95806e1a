"""The log line's clock: the same text ``datetime`` writes, one ``strftime`` a second."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from api.logs import _utc_milliseconds


@given(st.integers(0, 4_102_444_799), st.integers(0, 999))
def test_the_time_is_utc_with_milliseconds_as_datetime_writes_it(second: int, ms: int) -> None:
    created = second + ms / 1000 + 0.0004  # inside the millisecond, away from its edges
    expected = datetime.fromtimestamp(second, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S")
    assert _utc_milliseconds(created) == f"{expected}.{ms:03d}Z"
    assert _utc_milliseconds(created + 1.0).startswith(  # the next second is not the cached one
        datetime.fromtimestamp(second + 1, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S")
    )
