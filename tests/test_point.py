"""A point on the two time axes: one counting rule, in either unit, and one JSON form."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from gcm_process.domain.point import FOREVER, NOW, Point, micros

MOMENTS = st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC))
DATES = st.dates(date(2000, 1, 1), date(2100, 1, 1))


@given(st.none() | MOMENTS, st.none() | DATES, MOMENTS, DATES)
def test_counting_in_values_and_in_exact_units_agree(
    as_of: datetime | None, known_on: date | None, recorded: datetime, announced: date
) -> None:
    point = Point(as_of, known_on)
    expected = (as_of is None or recorded <= as_of) and (known_on is None or announced <= known_on)
    assert point.counts(recorded, announced) is expected
    assert point.counts_exactly(micros(recorded), announced.toordinal()) is expected


def test_now_counts_everything_and_says_so() -> None:
    assert NOW.is_now and (NOW.t, NOW.d) == (FOREVER, FOREVER)
    assert NOW.as_json() == {"as_of": None, "known_on": None}


def test_parsed_from_text_as_the_api_and_the_command_line_give_it() -> None:
    point = Point.parse("2018-03-01", "2018-02-01")
    assert point.as_of == datetime(2018, 3, 1, 23, 59, 59, 999999, tzinfo=UTC)
    assert point.as_json() == {
        "as_of": "2018-03-01T23:59:59.999999+00:00",
        "known_on": "2018-02-01",
    }
    assert Point.parse(None, "") == NOW
