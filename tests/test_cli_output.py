"""How the command line writes days for people."""

from __future__ import annotations

from gcm_process.console.output import describe_days


def _day(date: str, venue: str | None, start: str | None = None, end: str | None = None) -> dict:
    return {"date": date, "start": start, "end": end, "venue": venue}


def test_consecutive_days_in_one_room_are_one_run() -> None:
    days = [_day(f"2018-03-1{n}", "Conference Room 2") for n in (2, 3, 4, 5)]
    assert describe_days(days) == "2018-03-12 to 2018-03-15 Conference Room 2"


def test_a_gap_a_room_or_a_time_breaks_the_run() -> None:
    days = [
        _day("2018-02-20", "Trusteeship Council Chamber"),
        _day("2018-02-22", "Conference Room 4"),
        _day("2018-02-23", "Conference Room 4", "10:00", "13:00"),
        _day("2018-02-24", None),
    ]
    assert describe_days(days) == (
        "2018-02-20 Trusteeship Council Chamber; 2018-02-22 Conference Room 4; "
        "2018-02-23 10:00-13:00 Conference Room 4; 2018-02-24 (no room given)"
    )
