"""What the parser reads out of a letter: the letters themselves and their facts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Literal

from gcm_process.domain import Day
from gcm_process.domain.errors import InvalidInput
from gcm_process.domain.letter import LetterHeading


class LetterUnreadable(InvalidInput):
    """The text is not a letter that can be read: nothing is recorded."""


@dataclass(frozen=True)
class LineNote:
    """What the reader says of a line of the text: where (file and line), and why."""

    line: int
    reason: str
    file: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.file else f"line {self.line}"
        return f"{where}: {self.reason}"


class ImportWarning(LineNote):
    """Something the parser could not read with confidence; it is not recorded."""


@dataclass(frozen=True)
class UnreadableLetter(LineNote):
    """A letter of the text that cannot be read (no date, too long): none of it is planned."""

    #: It has no date that can be read (and may be given one); else it is too long.
    undated: bool = False


class LettersUndated(LetterUnreadable):
    """No letter of the text has a date that can be read; ``undated`` says where each is,
    so that a reader can give their dates (``read_letters(text, dates=...)``)."""

    def __init__(self, message: str, undated: tuple[UnreadableLetter, ...]) -> None:
        super().__init__(message)
        self.undated = undated


@dataclass(frozen=True)
class SessionRef:
    """A session as a letter names it: a round by number, a presentation, a dated meeting."""

    kind: str
    number: int | None = None
    #: The draft a presentation presents (its slug).
    draft: str | None = None
    #: A word that tells meetings of one kind apart in slugs ("pga", "briefing").
    label: str | None = None
    #: A date the letter gives for it, to find it among several of its kind.
    on: date | None = None

    def slug(self) -> str:
        if self.kind == "negotiation_round" and self.number is not None:
            return f"round-{self.number}"
        if self.draft is not None:
            return f"{self.draft}-presentation"
        stem = {"hearing": "hearing", "conference": "conference"}.get(self.kind, "meeting")
        if self.label == "pga" and self.kind == "hearing":
            stem = "pga-hearing"
        elif self.label:
            stem = self.label
        return f"{stem}-{self.on.isoformat()}" if self.on else stem

    def describe(self) -> str:
        if self.kind == "negotiation_round" and self.number is not None:
            return f"round {self.number}"
        if self.draft is not None:
            return f"the presentation of the {self.draft.replace('-', ' ')}"
        what = {"hearing": "hearing", "conference": "conference"}.get(self.kind, "meeting")
        return f"the {what} of {self.on.isoformat()}" if self.on else f"the {what}"


@dataclass(frozen=True)
class Meeting:
    """A session the letter announces or reconfirms, with what it says of its days."""

    line: int
    ref: SessionRef
    title: str
    days: tuple[Day, ...]
    reconfirmed: bool = False


ChangeAction = Literal["venue", "reschedule", "postpone", "cancel"]


@dataclass(frozen=True)
class Change:
    """A change the letter announces to a session it names."""

    line: int
    ref: SessionRef
    action: ChangeAction
    days: tuple[Day, ...] = ()
    venue: str | None = None
    #: The room it says the session was in ("... instead of Y").
    old_venue: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class DraftNote:
    """A draft the letter says is or will be circulated, or presented at a session."""

    line: int
    draft: str
    title: str
    action: Literal["circulate", "present"]
    on: date | None = None
    note: str | None = None
    session: SessionRef | None = None


Fact = Meeting | Change | DraftNote


@dataclass(frozen=True)
class ParsedLetter(LetterHeading):
    body: str
    reference: str | None
    #: The slugs of the letters of the bundle this one encloses.
    encloses: tuple[str, ...]
    first_line: int
    facts: tuple[Fact, ...] = ()
    #: Whether its senders write as the process's co-facilitators.
    by_facilitators: bool = False
    #: The process it names (title, mandate), when it names one.
    title: str | None = None
    mandate: str | None = None
    file: str | None = None

    @cached_property
    def fingerprint(self) -> str:
        """A short digest of the letter's text: part of every command id it implies.

        Computed once per letter (the planner asks for it for every command).
        """
        return hashlib.sha256(self.body.encode()).hexdigest()[:10]


@dataclass(frozen=True)
class LetterBundle:
    """The letters read from one text (or several), and what could not be read."""

    letters: tuple[ParsedLetter, ...]
    warnings: tuple[ImportWarning, ...] = field(default=())
    #: The letters of the text that could not be read.
    unreadable: tuple[UnreadableLetter, ...] = field(default=())

    def __add__(self, other: LetterBundle) -> LetterBundle:
        return LetterBundle(
            self.letters + other.letters,
            self.warnings + other.warnings,
            self.unreadable + other.unreadable,
        )
