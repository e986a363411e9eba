"""Commands on sessions: schedule, reschedule, change venue, postpone, cancel, mark held,
correct."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, ClassVar
from uuid import UUID

from eventsourcing.utils import get_topic

from gcm_process.commands import Command, Creation
from gcm_process.domain import Day, Provenance, Session
from gcm_process.domain.errors import CannotCorrect
from gcm_process.domain.session_state import BY_TOPIC, SESSION_TOPICS

if TYPE_CHECKING:
    from gcm_process.recording import RecordApplication


@dataclass(frozen=True)
class ScheduleSession(Creation):
    NAME = "schedule_session"
    AGGREGATE, MAKE = Session, Session.schedule
    kind: str
    title: str
    days: Sequence[Day]
    number: int | None = None


@dataclass(frozen=True)
class SessionChange(Command):
    """A change to a session that exists, checked against the version the caller read."""

    process: str
    slug: str
    expected_version: int | None = field(default=None, kw_only=True)

    def act(self, app: RecordApplication, provenance: Provenance) -> Session:
        found = app.session(self.process, self.slug)
        app.check_version(found, self.expected_version, f"Session '{self.slug}'")
        self.change(found, provenance)
        return found

    @abstractmethod
    def change(self, session: Session, provenance: Provenance) -> None:
        """Apply the change to the session (its rules may refuse it)."""


@dataclass(frozen=True)
class RescheduleSession(SessionChange):
    NAME = "reschedule_session"
    days: Sequence[Day]
    reason: str | None = None

    def change(self, session: Session, provenance: Provenance) -> None:
        session.reschedule(self.days, self.reason, provenance)


@dataclass(frozen=True)
class ChangeVenue(SessionChange):
    NAME = "change_venue"
    venue: str
    dates: Sequence[date] | None = None

    def change(self, session: Session, provenance: Provenance) -> None:
        session.change_venue(self.venue, self.dates, provenance)


@dataclass(frozen=True)
class StatusChange(SessionChange):
    """A change of a session's status, with the reason the letter gives, if any."""

    #: The session's method that makes it.
    MAKE: ClassVar[Callable[[Session, str | None, Provenance], None]]

    reason: str | None = None

    def change(self, session: Session, provenance: Provenance) -> None:
        type(self).MAKE(session, self.reason, provenance)


class PostponeSession(StatusChange):
    """Postpone a session (its new dates come with a reschedule), with the reason, if any."""

    NAME, MAKE = "postpone_session", Session.postpone


class CancelSession(StatusChange):
    """Cancel a session, with the reason, if any."""

    NAME, MAKE = "cancel_session", Session.cancel


class MarkHeld(StatusChange):
    """Record that a session was held, with a note, if any."""

    NAME, MAKE = "mark_held", Session.mark_held


@dataclass(frozen=True)
class CorrectSession(SessionChange):
    """Mark earlier versions of a session as recorded in error, with the reason."""

    NAME = "correct_session"
    versions: Sequence[int]
    reason: str

    def change(self, session: Session, provenance: Provenance) -> None:
        session.correct(self.versions, self.reason, provenance)


@dataclass(frozen=True)
class CorrectLetter(Command):
    """Mark every session event recorded from a letter as recorded in error (an import
    undone): one correction on each session the letter changed."""

    NAME = "correct_letter"
    process: str
    letter: str
    reason: str

    def act(self, app: RecordApplication, provenance: Provenance) -> tuple[Session, ...]:
        app.letter(self.process, self.letter)
        versions: dict[UUID, list[int]] = {}
        for event in app.events_of(*SESSION_TOPICS):
            if event.source == self.letter and not BY_TOPIC[get_topic(type(event))].corrects:
                versions.setdefault(event.originator_id, []).append(event.originator_version)
        changed = []
        for aggregate_id, found in versions.items():
            session: object = app.repository.get(aggregate_id)
            if not isinstance(session, Session) or session.process != self.process:
                continue
            wanted = [v for v in found if v not in session.in_error]
            if 1 in wanted:
                raise CannotCorrect(
                    f"Letter '{self.letter}' scheduled session '{session.slug}': a session "
                    "cannot be without its scheduling; cancel it, or correct its later versions."
                )
            if wanted:
                session.correct(wanted, self.reason, provenance)
                changed.append(session)
        if not changed:
            raise CannotCorrect(
                f"No change to a session recorded from letter '{self.letter}' is left to correct."
            )
        return tuple(changed)
