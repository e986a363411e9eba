"""A form's values read into the domain's values, each bad one kept as an error of its field.

The checks are the domain's own (``check_slug``, ``check_text``, ``check_date``,
``check_days`` ...), so the desk refuses what the record would refuse, and
says so next to the field instead of after the whole form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, TypeVar

from werkzeug.datastructures import MultiDict

from api.pages.i18n import _
from gcm_process.domain import Day
from gcm_process.domain.errors import GcmError
from gcm_process.domain.values import (
    SessionKind,
    check_date,
    check_day,
    check_days,
    check_optional_text,
    check_slug,
    check_text,
)
from gcm_process.letters.venues import spell_room

T = TypeVar("T")
#: Day rows a form offers beyond the days it shows (to add one).
SPARE_DAYS = 1
DAY_PARTS = ("date", "start", "end", "venue")


@dataclass
class Reader:
    """Reads fields named ``{prefix}{name}`` of ``form``; ``errors`` by field name."""

    form: Mapping[str, str]
    prefix: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    def text(self, name: str) -> str:
        return str(self.form.get(self.prefix + name, "")).strip()

    def _checked(self, name: str, check: Callable[[str], T]) -> T | None:
        try:
            return check(self.text(name))
        except (GcmError, ValueError) as error:
            self.errors[self.prefix + name] = str(error)
            return None

    def required(self, name: str, what: str, max_length: int = 500) -> str | None:
        return self._checked(name, lambda v: check_text(v, what, max_length=max_length))

    def optional(self, name: str, what: str, max_length: int = 2000) -> str | None:
        return self._checked(name, lambda v: check_optional_text(v, what, max_length=max_length))

    def slug(self, name: str, what: str) -> str | None:
        return self._checked(name, lambda v: check_slug(v, what))

    def kind(self, name: str) -> str | None:
        def check(value: str) -> str:
            if value not in {k.value for k in SessionKind}:
                raise ValueError(_("Choose a kind of session."))
            return value

        return self._checked(name, check)

    def number(self, name: str) -> int | None:
        def check(value: str) -> int | None:
            if not value:
                return None
            if not value.isdigit() or int(value) < 1:
                raise ValueError(_("A session number is a whole number from 1."))
            return int(value)

        return self._checked(name, check)

    def date(self, name: str, what: str, *, required: bool = True) -> date | None:
        def check(value: str) -> date | None:
            if not value and not required:
                return None
            return check_date(_parse_date(value), what)

        return self._checked(name, check)

    def dates(self, name: str) -> list[dt.date] | None:
        """Dates separated by commas or spaces; none: None (every day)."""

        def check(value: str) -> list[dt.date] | None:
            words = value.replace(",", " ").split()
            return [check_date(_parse_date(w), _("A date")) for w in words] or None

        return self._checked(name, check)

    def versions(self, name: str) -> list[int] | None:
        """Versions ticked (one field each) or typed ("2, 3"); none: an empty list, which
        the record refuses at this field."""
        key = self.prefix + name
        given = self.form.getlist(key) if isinstance(self.form, MultiDict) else [self.text(name)]
        words = [w for value in given for w in str(value).replace(",", " ").split()]
        bad = [w for w in words if not w.isdigit() or len(w) > 9]
        if bad:
            self.errors[key] = _("“%(value)s” is not a version (a whole number).", value=bad[0])
            return None
        return sorted({int(w) for w in words})

    def room(self, name: str) -> str | None:
        """A room, spelt as the importer spells it ("CR 4" is "Conference Room 4")."""
        value = self._checked(name, lambda v: check_optional_text(v, _("A room"), max_length=200))
        return None if value is None else spell_room(value)

    def days(self, count: int) -> list[Day] | None:
        """Day rows ``day-{j}-date/start/end/venue``; a row without a date is left out."""
        found: list[Day] = []
        bad = len(self.errors)
        for j in range(count):
            row = f"day-{j}-"
            if not self.text(row + "date"):
                continue  # a day without a date is a day dropped
            on = self.date(row + "date", _("A session day"))
            start = self._checked(row + "start", _parse_time)
            end = self._checked(row + "end", _parse_time)
            venue = self.room(row + "venue")
            if on is None or len(self.errors) > bad:
                continue
            try:
                found.append(check_day(Day(on, start, end, venue)))
            except GcmError as error:
                self.errors[self.prefix + row + "end"] = str(error)
        if len(self.errors) > bad:
            return None
        try:
            return check_days(found)
        except GcmError as error:
            self.errors[self.prefix + "days"] = str(error)
            return None


def _parse_date(value: str) -> date:
    if not value:
        raise ValueError(_("Give a date (YYYY-MM-DD)."))
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a date (YYYY-MM-DD).", value=value)) from None


def _parse_time(value: str) -> time | None:
    if not value:
        return None
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a time of day (HH:MM).", value=value)) from None


def day_rows(
    days: list[Day] | list[dict[str, str]], spare: int = SPARE_DAYS
) -> list[dict[str, str]]:
    """Days as the rows of a form (strings), with spare empty rows."""
    rows = [d if isinstance(d, dict) else day_row(d) for d in days]
    return rows + [dict.fromkeys(DAY_PARTS, "") for _ in range(spare)]


def day_row(day: Day) -> dict[str, str]:
    return {
        "date": day.date.isoformat(),
        "start": "" if day.start is None else day.start.strftime("%H:%M"),
        "end": "" if day.end is None else day.end.strftime("%H:%M"),
        "venue": day.venue or "",
    }


def posted_rows(form: Mapping[str, str], prefix: str, rows: int) -> list[dict[str, str]]:
    """The day rows as posted, to show them again with their errors."""
    return [
        {part: str(form.get(f"{prefix}day-{j}-{part}", "")) for part in DAY_PARTS}
        for j in range(rows)
    ]


def count(text: str | None) -> int:
    """A count posted by a form (rows shown, items added); 0 when it is not one."""
    return min(int(text), 100) if text and text.isdigit() else 0


def read_fields(
    reader: Reader, names: tuple[str, ...], rows: int, required: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The named fields of a command read with their checks (None where a value is bad);
    a text named in ``required`` must not be empty."""
    found: dict[str, Any] = {}
    for name in names:
        if name == "days":
            found[name] = reader.days(rows)
        elif name in ("slug", "session"):
            found[name] = reader.slug(name, _("A slug"))
        elif name == "kind":
            found[name] = reader.kind(name)
        elif name == "number":
            found[name] = reader.number(name)
        elif name == "title":
            found[name] = reader.required(name, _("A title"))
        elif name == "venue":
            found[name] = reader.room(name) or reader.required(name, _("A room"), 200)
        elif name == "dates":
            found[name] = reader.dates(name)
        elif name in ("reason", "mandate", "note") and name in required:
            found[name] = reader.required(name, _("This text"), 1000)
        elif name in ("reason", "mandate", "note"):
            found[name] = reader.optional(name, _("This text"))
        elif name == "versions":
            found[name] = reader.versions(name)
        elif name in ("circulated_on", "presented_on"):
            found[name] = reader.date(name, _("A date"), required=False)
    return found
