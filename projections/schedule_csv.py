"""The schedule as CSV: one row per day of every session, in timeline order, at a point.

The same columns from the command line (``timeline --csv``), the API
(``timeline?format=csv``) and the pages (``schedule.csv``): the process, the
session (slug, title, kind, number, status, version), the day's number within
its session, its date, start and end (local to its place), room, place (its
building and city), the place's time zone and the mode.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from gcm_process.domain.session_state import DayForm

FIELDS = (
    "process",
    "session",
    "title",
    "kind",
    "number",
    "status",
    "version",
    "day",
    "date",
    "start",
    "end",
    "room",
    "place",
    "timezone",
    "mode",
)
MEDIA_TYPE = "text/csv; charset=utf-8"


def rows(timeline: dict[str, Any]) -> Iterator[list[str]]:
    """The rows of ``queries.timeline``'s answer, without the header."""
    process = timeline["process"]
    for session in timeline["sessions"]:
        number = "" if session["number"] is None else str(session["number"])
        for n, value in enumerate(session["days"], 1):
            day = DayForm.from_json(value)
            yield [
                process,
                session["slug"],
                session["title"],
                session["kind"],
                number,
                session["status"],
                str(session["version"]),
                str(n),
                day.date,
                day.start or "",
                day.end or "",
                day.venue or "",
                day.place.describe(),
                day.place.timezone,
                day.mode,
            ]


def text(timeline: dict[str, Any]) -> str:
    """The whole CSV (header first, ``CRLF`` line ends as RFC 4180 writes them)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS)
    writer.writerows(rows(timeline))
    return out.getvalue()
