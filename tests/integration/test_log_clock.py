"""The log line: its clock as ``datetime`` writes it, one ``strftime`` a second; one line of
JSON whatever the record holds."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from api.logs import JsonFormatter, _utc_milliseconds


@given(
    st.floats(-2_000_000_000, 4_102_444_799, allow_nan=False)
    | st.sampled_from([1822073461.9189994, 1700000000.001, -0.5, 0.9999996, -0.0000004])
)
def test_the_time_is_what_datetime_writes(created: float) -> None:
    expected = datetime.fromtimestamp(created, tz=UTC).isoformat(timespec="milliseconds")
    assert _utc_milliseconds(created) == expected.replace("+00:00", "Z")
    later = datetime.fromtimestamp(created + 1.0, tz=UTC).isoformat(timespec="milliseconds")
    assert _utc_milliseconds(created + 1.0) == later.replace("+00:00", "Z")  # not the kept second


def test_a_record_with_a_lone_surrogate_is_still_one_line() -> None:
    record = logging.LogRecord(
        "impact", logging.WARNING, __file__, 1, "could not read %s", ("/data/\udcff.csv",), None
    )
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert json.loads(line)["message"] == "could not read /data/\udcff.csv"
