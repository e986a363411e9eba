"""A letter's date that the reader could not read, given by the clerk beside that letter.

Each letter of the text without a date that can be read
(``UnreadableLetter.undated``) has a field ``dated-<its first line>``; the
plan is drawn again with the dates given (``read_letters(text, dates=...)``),
so each such letter is dated and announces on that date. Its commands are the
clerk's correction of the plan (their ids say ``/corrected-``): the letter
stays the source, the clerk is the actor. The form carries the dates its plan
was drawn with (``drawn_dates``): dates changed since are a plan to draw
again, not to record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from api.pages.desk.fields import Reader
from api.pages.i18n import _
from gcm_process.letters import ImportPlan

PREFIX = "dated-"
#: Dates read from one form at the most (a text holds few letters).
MOST = 50


@dataclass
class Dates:
    #: The dates given, by the first line of their letter.
    given: dict[int, date] = field(default_factory=dict)
    #: What each field says, to show it again.
    values: dict[int, str] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)

    @classmethod
    def read(cls, form: Mapping[str, str]) -> Dates:
        reader, found = Reader(form), cls()
        lines = [n for n in form if n.startswith(PREFIX) and n[len(PREFIX) :].isdigit()]
        for name in lines[:MOST]:
            line = int(name[len(PREFIX) :])
            found.values[line] = reader.text(name)
            on = reader.date(name, _("The letter's date"), required=False)
            if on is not None:
                found.given[line] = on
        found.errors = {int(k[len(PREFIX) :]): v for k, v in reader.errors.items()}
        return found

    @property
    def drawn(self) -> str:
        """The dates as the plan was drawn with them, for the form to carry."""
        return " ".join(f"{line}={on.isoformat()}" for line, on in sorted(self.given.items()))

    def redrawn(self, form: Mapping[str, str]) -> bool:
        """Whether these dates are not those the form's plan was drawn with."""
        return self.drawn != form.get("drawn_dates", "")

    def letters(self, plan: ImportPlan) -> frozenset[str]:
        """The letters of the plan dated by the clerk."""
        return frozenset(x.slug for x in plan.letters if x.first_line in self.given)
