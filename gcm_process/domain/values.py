"""Value objects of the domain: session days, people, kinds and statuses."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum

from gcm_process.domain.errors import (
    DaysNotInOrder,
    EndNotAfterStart,
    InvalidInput,
    NoDays,
)
from gcm_process.domain.places import UN_HEADQUARTERS, Mode, Place, check_mode, check_place

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX_LENGTH = 100

#: Where the rooms of the GCM process are: times are local to the day's place.
DEFAULT_TIMEZONE = UN_HEADQUARTERS.timezone
#: Fields left out of a command's digest and of stored days when they hold their default,
#: so that a day at UN Headquarters in person is what it was before places existed.
OMIT_DEFAULT = {"omit_default": True}
#: The years a session day or an announcement may fall in.
FIRST_YEAR, LAST_YEAR = 1900, 2200


class SessionKind(StrEnum):
    INFORMAL_MEETING = "informal_meeting"
    NEGOTIATION_ROUND = "negotiation_round"
    HEARING = "hearing"
    CONFERENCE = "conference"
    OTHER = "other"


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"
    HELD = "held"


@dataclass(frozen=True)
class Day:
    """One day of a session: its date, optional times local to its place, its own room."""

    date: date
    start: time | None = None
    end: time | None = None
    venue: str | None = None
    place: Place = field(default=UN_HEADQUARTERS, metadata=OMIT_DEFAULT)
    mode: str = field(default=Mode.IN_PERSON.value, metadata=OMIT_DEFAULT)

    def with_venue(self, venue: str) -> Day:
        return Day(self.date, self.start, self.end, venue, self.place, self.mode)


@dataclass(frozen=True)
class Person:
    """Someone who signs or facilitates: name, title and delegation."""

    name: str
    title: str | None = None
    delegation: str | None = None


def check_slug(slug: str, what: str = "slug") -> str:
    if not isinstance(slug, str) or not SLUG_PATTERN.match(slug):
        raise InvalidInput(
            f"{what} '{slug}' is not a slug: use lower-case letters, digits and "
            "single hyphens, such as 'round-1'."
        )
    if len(slug) > SLUG_MAX_LENGTH:
        raise InvalidInput(f"{what} is longer than {SLUG_MAX_LENGTH} characters.")
    return slug


def check_text(value: str, what: str, *, max_length: int = 500) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{what} must not be empty.")
    if len(value) > max_length:
        raise InvalidInput(f"{what} is longer than {max_length} characters.")
    return value.strip()


def check_optional_text(value: str | None, what: str, *, max_length: int = 2000) -> str | None:
    """Free text that may be absent (a reason, a note): stripped, bounded."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be text.")
    if len(value) > max_length:
        raise InvalidInput(f"{what} is longer than {max_length} characters.")
    return value.strip() or None


def check_date(value: object, what: str) -> date:
    """A calendar date (not a date-time) within the years the record accepts."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(f"{what} must be a date (YYYY-MM-DD), not {value!r}.")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise InvalidInput(
            f"{what} {value.isoformat()} is not between {FIRST_YEAR} and {LAST_YEAR}."
        )
    return value


def check_person(person: object) -> Person:
    """A person with a name; name, title and delegation stripped."""
    if not isinstance(person, Person):
        raise InvalidInput(f"{person!r} is not a person.")
    return Person(
        check_text(person.name, "A person's name", max_length=200),
        check_optional_text(person.title, "A title", max_length=500),
        check_optional_text(person.delegation, "A delegation", max_length=200),
    )


def check_day(day: object) -> Day:
    """One day: a date, times that are times, the end after the start, a room stripped."""
    if not isinstance(day, Day):
        raise InvalidInput(f"{day!r} is not a session day.")
    check_date(day.date, "A session day")
    for moment in (day.start, day.end):
        if moment is not None and not isinstance(moment, time):
            raise InvalidInput(f"{moment!r} is not a time of day (HH:MM).")
    if day.start is not None and day.end is not None and day.end <= day.start:
        raise EndNotAfterStart(
            f"On {day.date.isoformat()} the end time {day.end:%H:%M} is not after "
            f"the start time {day.start:%H:%M}."
        )
    venue = None if day.venue is None else check_text(day.venue, "A venue", max_length=200)
    return Day(day.date, day.start, day.end, venue, check_place(day.place), check_mode(day.mode))


def check_days(days: Iterable[Day]) -> list[Day]:
    """The rules on a session's days: at least one, unique, in order, end after start."""
    result = [check_day(day) for day in days]
    if not result:
        raise NoDays("A session needs at least one day.")
    for before, after in itertools.pairwise(result):
        if after.date == before.date:
            raise DaysNotInOrder(f"The date {after.date.isoformat()} is given twice.")
        if after.date < before.date:
            raise DaysNotInOrder(
                f"The days are not in date order: {after.date.isoformat()} comes "
                f"after {before.date.isoformat()}."
            )
    return result
