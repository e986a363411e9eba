"""The point a page shows: ``known_on`` (a date) and ``as_of`` (an instant), from its URL.

The same forms as the API's (``gcm_process.domain.point``);
an empty field means "now". A value that cannot be read is kept, with its
error, for the picker to show (the page answers 422).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from flask import request

from api.pages.i18n import _
from gcm_process.domain.errors import InvalidInput
from gcm_process.domain.point import Point, parse_as_of, parse_known_on

MAX_TEXT = 40


@dataclass
class Picked:
    """The point the pickers hold: the texts given, what they mean, what is wrong."""

    known_on_text: str = ""
    as_of_text: str = ""
    known_on: date | None = None
    as_of: datetime | None = None
    #: Per field (``known_on``, ``as_of``), what is wrong with the value given.
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def past(self) -> bool:
        """Whether the page shows an earlier point than now."""
        return self.known_on is not None or self.as_of is not None

    def args(self) -> dict[str, str]:
        """The query string of this point (only what was read)."""
        found = {}
        if self.known_on is not None:
            found["known_on"] = self.known_on_text
        if self.as_of is not None:
            found["as_of"] = self.as_of_text
        return found

    @property
    def as_of_input(self) -> str:
        """The instant as the picker writes it (UTC, to the second), or the text given."""
        if self.as_of is None:
            return self.as_of_text
        return self.as_of.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")

    def query(self) -> Point:
        """The point the page shows (now, when a field could not be read)."""
        return Point(self.as_of, self.known_on)


def read_point() -> Picked:
    point = Picked(
        known_on_text=request.args.get("known_on", "").strip()[:MAX_TEXT],
        as_of_text=request.args.get("as_of", "").strip()[:MAX_TEXT],
    )
    if point.known_on_text:
        try:
            point.known_on = parse_known_on(point.known_on_text)
        except InvalidInput:
            point.errors["known_on"] = _(
                "“%(text)s” is not a date. Write it as YYYY-MM-DD, such as 2018-03-01.",
                text=point.known_on_text,
            )
    if point.as_of_text:
        try:
            point.as_of = parse_as_of(point.as_of_text)
        except InvalidInput:
            point.errors["as_of"] = _(
                "“%(text)s” is not a date and time. Write it as YYYY-MM-DDTHH:MM (UTC), "
                "such as 2018-03-01T12:00.",
                text=point.as_of_text,
            )
    return point
