"""Dates and times as letters write them.

Dates, day first (UN style) or month first: "5 February 2018", "Monday, 5
February 2018", "12 to 15 March 2018", "3-6 April 2018", "9-13 July 2018" (any dash),
"28 February to 2 March 2018", "20, 22 and 23 February 2018", "February 5,
2018", "March 12-15, 2018". A range gives every day from its first to its last.
A date without a year takes the year of the letter, or the next year when that
would put it more than three months before the letter. A weekday that does not
match its date makes the whole expression doubtful.

Times: "15:00 - 18:00" (any dash), "15.00 to 18.00 hrs", "from 10:00 to 13:00", "10 a.m.
to 1 p.m.", "3 to 6 p.m.", "3 p.m.", "at 10:00".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, time, timedelta

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = [name.lower() for name in calendar.day_name]

_M = r"(?:" + "|".join(sorted((m.title() for m in _MONTHS), key=len, reverse=True)) + r")\b\.?"
_WD = r"(?:(?:" + "|".join(calendar.day_name) + r"),?\s+)?"
_D = r"(\d{1,2})(?:st|nd|rd|th)?"
_TO = r"\s*(?:to|until|till|through|[-\u2013\u2014\u2010])\s*"
_Y = r"(?:,?\s+(\d{4}))?"
_START = r"(?<![\d/.:])"
_END = r"(?![\d])"

_FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("cross", re.compile(_START + _WD + _D + r"\s+(" + _M + r")" + _Y + _TO + _WD + _D
                         + r"\s+(" + _M + r")" + _Y + _END)),
    ("range", re.compile(_START + _WD + _D + _TO + _WD + _D + r"\s+(" + _M + r")" + _Y + _END)),
    ("list", re.compile(_START + r"(\d{1,2}(?:\s*,\s*\d{1,2})*)\s*,?\s+and\s+" + _D
                        + r"\s+(" + _M + r")" + _Y + _END)),
    ("us_range", re.compile(_START + r"(" + _M + r")\s+" + _D + _TO + _D + r",?\s+(\d{4})"
                            + _END)),
    ("one", re.compile(_START + _WD + _D + r"\s+(" + _M + r")" + _Y + _END)),
    ("us_one", re.compile(_START + _WD + r"(" + _M + r")\s+" + _D + r",?\s+(\d{4})" + _END)),
]  # fmt: skip

#: The longest a single date expression may span.
MAX_SPAN = timedelta(days=45)


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    dates: tuple[date, ...]
    #: Why the expression cannot be trusted, when it cannot.
    problem: str | None = None


def find_dates(text: str, letter_date: date | None = None) -> list[DateMatch]:
    """Every date expression in ``text``, left to right, without overlaps."""
    candidates: list[tuple[int, int, str, re.Match[str]]] = []
    for form, pattern in _FORMS:
        for m in pattern.finditer(text):
            candidates.append((m.start(), -(m.end() - m.start()), form, m))
    candidates.sort(key=lambda c: (c[0], c[1]))
    result: list[DateMatch] = []
    taken = -1
    for start, _, form, m in candidates:
        if start < taken:
            continue
        result.append(_read(form, m, letter_date))
        taken = m.end()
    return result


def _read(form: str, m: re.Match[str], letter_date: date | None) -> DateMatch:
    g = m.groups()
    try:
        if form == "cross":
            first, last = (
                _day(g[0], g[1], g[2] or g[5], letter_date),
                _day(g[3], g[4], g[5], letter_date),
            )
            dates = _span(first, last)
        elif form == "range":
            dates = _span(_day(g[0], g[2], g[3], letter_date), _day(g[1], g[2], g[3], letter_date))
        elif form == "list":
            days = [*re.findall(r"\d{1,2}", g[0]), g[1]]
            dates = tuple(_day(d, g[2], g[3], letter_date) for d in days)
            if list(dates) != sorted(set(dates)):
                raise ValueError("the days of the list are not in order")
        elif form == "us_range":
            dates = _span(_day(g[1], g[0], g[3], letter_date), _day(g[2], g[0], g[3], letter_date))
        elif form == "one":
            dates = (_day(g[0], g[1], g[2], letter_date),)
        else:
            dates = (_day(g[1], g[0], g[2], letter_date),)
    except ValueError as error:
        return DateMatch(m.start(), m.end(), (), f"'{m.group(0)}' is not a date: {error}")
    return DateMatch(m.start(), m.end(), dates, _weekday_problem(m.group(0), dates))


def _day(day: str, month: str, year: str | None, letter_date: date | None) -> date:
    number = _MONTHS[month.lower().rstrip(".")]
    if year is not None:
        return date(int(year), number, int(day))
    if letter_date is None:
        raise ValueError("it has no year")
    guess = date(letter_date.year, number, int(day))
    if guess < letter_date - timedelta(days=92):
        guess = date(letter_date.year + 1, number, int(day))
    return guess


def _span(first: date, last: date) -> tuple[date, ...]:
    if last < first:
        raise ValueError("it ends before it starts")
    if last - first > MAX_SPAN:
        raise ValueError("it spans more than 45 days")
    return tuple(first + timedelta(days=i) for i in range((last - first).days + 1))


def _weekday_problem(text: str, dates: tuple[date, ...]) -> str | None:
    named = [_WEEKDAYS.index(w.lower()) for w in re.findall(r"[A-Za-z]+day", text)
             if w.lower() in _WEEKDAYS]  # fmt: skip
    checks = list(zip(named, (dates[0], dates[-1]), strict=False))
    for weekday, day in checks:
        if day.weekday() != weekday:
            return (
                f"'{text}' names a {calendar.day_name[weekday]} but {day.isoformat()} "
                f"is a {calendar.day_name[day.weekday()]}"
            )
    return None


# -- times ---------------------------------------------------------------------

_HM = r"(\d{1,2})(?:[:.](\d{2}))?"
_MER = r"\s*([ap])\.?\s?m\.?"
_TIME_FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("24", re.compile(r"(?<![\d.:/])(\d{1,2})[:.](\d{2})\s*(?:hrs|h|hours)?" + _TO.replace(
        "to|", "to|and|") + r"(\d{1,2})[:.](\d{2})(?:\s*(?:hrs|h|hours)\b)?(?![\d])", re.I)),
    ("12", re.compile(r"(?<![\d.:/])" + _HM + r"(?:" + _MER + r")?" + _TO + _HM + _MER, re.I)),
    # "10. 00 a. m.": a PDF's text layer that put a space after every full stop
    # (2023-08-30-summit-of-the-future); only with the "a. m." spaced the same way.
    ("12spaced", re.compile(r"(?<![\d.:/])(\d{1,2})\.\s(\d{2})\s*([ap])\.\s+m\.", re.I)),
    ("12one", re.compile(r"(?<![\d.:/])" + _HM + _MER, re.I)),
    ("24one", re.compile(r"\b(?:at|from)\s+(\d{1,2}):(\d{2})(?:\s*(?:hrs|h)\b)?(?![\d])", re.I)),
]  # fmt: skip


@dataclass(frozen=True)
class TimeMatch:
    start: int
    end: int
    begins: time | None
    ends: time | None
    problem: str | None = None


def find_times(text: str) -> list[TimeMatch]:
    """Every time or time range in ``text`` (dates should be masked out first)."""
    result: list[TimeMatch] = []
    taken: list[tuple[int, int]] = []
    for form, pattern in _TIME_FORMS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            result.append(_read_time(form, m))
    return sorted(result, key=lambda t: t.start)


def _read_time(form: str, m: re.Match[str]) -> TimeMatch:
    g = m.groups()
    try:
        if form == "24":
            begins, ends = _hm(g[0], g[1]), _hm(g[2], g[3])
        elif form == "12":
            end_h = _h12(int(g[3]), g[5])
            start_mer = g[2] or g[5]
            start_h = _h12(int(g[0]), start_mer)
            if g[2] is None and start_h >= end_h and g[5].lower() == "p":
                start_h = _h12(int(g[0]), "a")
            begins, ends = _hm(str(start_h), g[1]), _hm(str(end_h), g[4])
        elif form in ("12one", "12spaced"):
            begins, ends = _hm(str(_h12(int(g[0]), g[2])), g[1]), None
        else:
            begins, ends = _hm(g[0], g[1]), None
    except ValueError as error:
        return TimeMatch(m.start(), m.end(), None, None, f"'{m.group(0)}' is not a time: {error}")
    if begins is not None and ends is not None and ends <= begins:
        return TimeMatch(m.start(), m.end(), None, None, f"'{m.group(0)}' ends before it starts")
    return TimeMatch(m.start(), m.end(), begins, ends)


def _h12(hour: int, meridiem: str) -> int:
    if not 1 <= hour <= 12:
        raise ValueError("hours on a 12-hour clock run from 1 to 12")
    return hour % 12 + (12 if meridiem.lower() == "p" else 0)


def _hm(hour: str, minute: str | None) -> time:
    return time(int(hour), int(minute or 0))


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the given spans blanked out (same length, same offsets)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
