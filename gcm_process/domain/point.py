"""A point on the record's two time axes, and the rule of which events count there.

* **recorded time** (``as_of``): what the service held at that instant;
* **announced time** (``known_on``): what had been officially announced by that date.

An event *counts* at a point when it was recorded at or before ``as_of`` and
announced on or before ``known_on``; a missing bound counts everything on that
axis. The state at a point is the fold, in log order, of the events that count.
The views answer with the same rule in SQL, on the exact units ``t`` and ``d``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import Any

from gcm_process.domain.errors import InvalidInput

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: "No bound" on either axis, in the exact units.
FOREVER = 2**62
_MICRO = timedelta(microseconds=1)

#: ``YYYY-MM-DD``, then optionally ``THH:MM[:SS[.ffffff]]`` and ``Z`` or ``±HH:MM``.
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MOMENT = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$"
)
AS_OF_FORMAT = "an ISO date or date-time, such as 2018-03-01 or 2018-03-01T12:00:00Z"
DATE_FORMAT = "an ISO date (YYYY-MM-DD), such as 2018-03-01"


def micros(moment: datetime) -> int:
    """Recorded time as exact microseconds since 1970 (naive means UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - EPOCH) // _MICRO


@dataclass(frozen=True)
class Point:
    """Where on both axes a question is asked; ``Point()`` is now."""

    #: UTC-aware, or None for "everything recorded".
    as_of: datetime | None = None
    #: None for "everything announced".
    known_on: date | None = None

    @classmethod
    def parse(cls, as_of: str | None = None, known_on: str | None = None) -> Point:
        """From text (a query string, an option); an empty text is no bound."""
        return cls(
            parse_as_of(as_of) if as_of else None,
            parse_known_on(known_on) if known_on else None,
        )

    @property
    def is_now(self) -> bool:
        return self.as_of is None and self.known_on is None

    @cached_property
    def t(self) -> int:
        """``as_of`` in microseconds since 1970, or ``FOREVER``."""
        return FOREVER if self.as_of is None else micros(self.as_of)

    @cached_property
    def d(self) -> int:
        """``known_on`` as a day ordinal, or ``FOREVER``."""
        return FOREVER if self.known_on is None else self.known_on.toordinal()

    def counts(self, recorded_at: datetime, announced_on: date) -> bool:
        """Whether an event recorded and announced then counts at this point."""
        return self.counts_exactly(micros(recorded_at), announced_on.toordinal())

    def counts_exactly(self, t: int, d: int) -> bool:
        """``counts`` on the exact units: microseconds since 1970 and a day ordinal."""
        return t <= self.t and d <= self.d

    def as_json(self) -> dict[str, Any]:
        return {
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "known_on": None if self.known_on is None else self.known_on.isoformat(),
        }


NOW = Point()


def parse_as_of(text: str) -> datetime:
    """A point in recorded time, UTC-aware.

    An ISO date-time (``2018-03-01T12:00:00Z``, ``2018-03-01T08:00-04:00``); a
    naive one is taken as UTC. A bare date (``2018-03-01``) means the end of
    that day in UTC: everything recorded on that day counts.
    """
    text = text.strip()
    try:
        if ISO_DATE.match(text):
            return datetime.combine(parse_date(text, "as_of"), time.max, tzinfo=UTC)
        if not ISO_MOMENT.match(text):
            raise ValueError(text)
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise InvalidInput(f"as_of '{text}' is not {AS_OF_FORMAT}.") from None


def parse_known_on(text: str) -> date:
    """A date of announcement, ``YYYY-MM-DD``: facts announced on or before it count."""
    return parse_date(text, "known_on")


def parse_date(text: str, what: str) -> date:
    """A plain ISO date for a bound such as ``since``; ``what`` names it in the error.

    A date in the right form that is not a day of the calendar (``2018-02-30``)
    is refused as such, saying why.
    """
    text = text.strip()
    if not ISO_DATE.match(text):
        raise InvalidInput(f"{what} '{text}' is not {DATE_FORMAT}.")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{what} '{text}' is not a day of the calendar: {_why(text)}.") from None


def _why(text: str) -> str:
    """Why a ``YYYY-MM-DD`` is not a day: the month or the day that does not exist."""
    year, month, day = (int(part) for part in text.split("-"))
    if year < 1:
        return "there is no year 0"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    length = (following - date(year, month, 1)).days
    name = date(year, month, 1).strftime("%B")
    return f"{name} {year} has {length} days, not {day}" if day else "there is no day 0"
