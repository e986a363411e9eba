"""Reading the two "as of" points from text (query strings, command-line options)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from gcm_process.domain.errors import InvalidInput

#: ``YYYY-MM-DD``, then optionally ``THH:MM[:SS[.ffffff]]`` and ``Z`` or ``±HH:MM``.
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MOMENT = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$"
)


def parse_as_of(text: str) -> datetime:
    """A point in recorded time, UTC-aware.

    An ISO date-time (``2018-03-01T12:00:00Z``, ``2018-03-01T08:00-04:00``); a
    naive one is taken as UTC. A bare date (``2018-03-01``) means the end of
    that day in UTC: everything recorded on that day counts.
    """
    text = text.strip()
    try:
        if ISO_DATE.match(text):
            return datetime.combine(date.fromisoformat(text), time.max, tzinfo=UTC)
        if not ISO_MOMENT.match(text):
            raise ValueError(text)
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise InvalidInput(
            f"as_of '{text}' is not an ISO date or date-time, such as 2018-03-01 "
            "or 2018-03-01T12:00:00Z."
        ) from None


def parse_known_on(text: str) -> date:
    """A date of announcement, ``YYYY-MM-DD``: facts announced on or before it count."""
    text = text.strip()
    try:
        if not ISO_DATE.match(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"known_on '{text}' is not an ISO date (YYYY-MM-DD), such as 2018-03-01."
        ) from None


def parse_date(text: str, what: str) -> date:
    """A plain ISO date for a filter such as ``since``; ``what`` names it in the error."""
    try:
        if not ISO_DATE.match(text.strip()):
            raise ValueError(text)
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"{what} '{text}' is not an ISO date (YYYY-MM-DD), such as 2018-03-01."
        ) from None
