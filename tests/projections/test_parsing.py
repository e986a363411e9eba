"""Reading the points on the two time axes: strict ISO forms, clear errors, never a crash."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from gcm_process.domain.errors import InvalidInput
from gcm_process.domain.point import parse_as_of, parse_known_on


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2018-03-01", datetime(2018, 3, 1, 23, 59, 59, 999999, tzinfo=UTC)),
        ("2018-03-01T12:00:00Z", datetime(2018, 3, 1, 12, tzinfo=UTC)),
        ("2018-03-01T08:00-04:00", datetime(2018, 3, 1, 12, tzinfo=UTC)),
        ("2018-03-01 12:00", datetime(2018, 3, 1, 12, tzinfo=UTC)),
    ],
)
def test_as_of_reads_iso_dates_and_date_times(text: str, moment: datetime) -> None:
    assert parse_as_of(text) == moment


@pytest.mark.parametrize(
    "text",
    ["soon", "20180301", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"],
)
def test_as_of_refuses_other_forms_and_out_of_range_points(text: str) -> None:
    with pytest.raises(InvalidInput, match="is not an ISO date or date-time"):
        parse_as_of(text)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2018-13-01", "there is no month 13"),
        ("2018-02-30", "February 2018 has 28 days, not 30"),
        ("2020-02-30", "February 2020 has 29 days, not 30"),
        ("2018-04-00", "there is no day 0"),
    ],
)
def test_a_date_that_is_not_a_day_says_why(text: str, why: str) -> None:
    for parse in (parse_as_of, parse_known_on):
        with pytest.raises(InvalidInput, match=f"is not a day of the calendar: {why}"):
            parse(text)


def test_known_on_is_a_plain_iso_date() -> None:
    assert parse_known_on("2018-01-29") == date(2018, 1, 29)
    for text in ("2018-W05-1", "20180129", "2018-01-29T00:00"):
        with pytest.raises(InvalidInput, match="is not an ISO date"):
            parse_known_on(text)
