"""A session of a process: a meeting with one or more days, each in its own room."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import event

from gcm_process.domain.base import Provenance, Record
from gcm_process.domain.errors import (
    AlreadyCancelled,
    AlreadyPostponed,
    AnnouncedBeforeLatest,
    CancelledSessionNotHeld,
    InvalidInput,
    NothingChanged,
    SessionAlreadyHeld,
    SessionIsCancelled,
    UnknownSessionDay,
)
from gcm_process.domain.ids import session_id
from gcm_process.domain.values import (
    Day,
    SessionKind,
    SessionStatus,
    check_date,
    check_days,
    check_optional_text,
    check_slug,
    check_text,
)


class Session(Record):
    TOPIC = "gcm.Session"

    # The event classes the ``@event`` decorators below make, declared for the type checker.
    Scheduled: ClassVar[type[Record.Event]]
    Rescheduled: ClassVar[type[Record.Event]]
    VenueChanged: ClassVar[type[Record.Event]]
    Postponed: ClassVar[type[Record.Event]]
    Cancelled: ClassVar[type[Record.Event]]
    Held: ClassVar[type[Record.Event]]

    class Created(Record.Created):
        TOPIC = "gcm.Session.Created"

    @staticmethod
    def create_id(process: str, slug: str) -> UUID:
        return session_id(process, slug)

    # -- scheduling ---------------------------------------------------------

    @classmethod
    def schedule(
        cls,
        *,
        process: str,
        slug: str,
        kind: SessionKind | str,
        number: int | None,
        title: str,
        days: Iterable[Day],
        provenance: Provenance,
    ) -> Session:
        check_slug(slug, "A session slug")
        try:
            kind = SessionKind(kind)
        except ValueError:
            known = ", ".join(k.value for k in SessionKind)
            raise InvalidInput(f"'{kind}' is not a kind of session ({known}).") from None
        if number is not None and (
            not isinstance(number, int) or isinstance(number, bool) or number < 1
        ):
            raise InvalidInput("A session number is a whole number from 1.")
        created: Session = cls(
            process=process,
            slug=slug,
            kind=kind.value,
            number=number,
            title=check_text(title, "A session title"),
            days=check_days(days),
            **provenance.as_kwargs(),
        )
        return created

    @event("Scheduled", topic="gcm.Session.Scheduled")
    def __init__(
        self,
        process: str,
        slug: str,
        kind: str,
        number: int | None,
        title: str,
        days: list[Day],
        announced_on: date,
        source: str | None,
        actor: str,
        command_id: str,
    ) -> None:
        self.process = process
        self.slug = slug
        self.kind = kind
        self.number = number
        self.title = title
        self.days: tuple[Day, ...] = tuple(days)
        self.status = SessionStatus.SCHEDULED.value
        self.reason: str | None = None
        self.last_announced = announced_on

    # -- changes ------------------------------------------------------------

    def reschedule(self, days: Iterable[Day], reason: str | None, provenance: Provenance) -> None:
        """Give the session a new full list of days; reinstates a cancelled or postponed one."""
        self._check_not_held("rescheduled")
        self._check_announced(provenance)
        new_days = check_days(days)
        if tuple(new_days) == self.days and self.status == SessionStatus.SCHEDULED:
            raise NothingChanged(f"Session '{self.slug}' already has exactly these days.")
        reason = check_optional_text(reason, "A reason")
        self._reschedule(days=new_days, reason=reason, **provenance.as_kwargs())

    @event("Rescheduled", topic="gcm.Session.Rescheduled")
    def _reschedule(
        self,
        days: list[Day],
        reason: str | None,
        announced_on: date,
        source: str | None,
        actor: str,
        command_id: str,
    ) -> None:
        self.last_announced = max(self.last_announced, announced_on)
        self.days = tuple(days)
        self.status = SessionStatus.SCHEDULED.value
        self.reason = reason

    def change_venue(
        self, venue: str, dates: Sequence[date] | None, provenance: Provenance
    ) -> None:
        """Move some days (all when ``dates`` is None) to another room."""
        self._check_not_cancelled("have its venue changed")
        self._check_announced(provenance)
        venue = check_text(venue, "A venue", max_length=200)
        own = [d.date for d in self.days]
        if dates is None:
            chosen = own
        else:
            chosen = sorted({check_date(d, "A date") for d in dates})
            if not chosen:
                raise InvalidInput("Name at least one date, or none to move every day.")
            missing = [d.isoformat() for d in chosen if d not in own]
            if missing:
                raise UnknownSessionDay(
                    f"Session '{self.slug}' does not meet on {', '.join(missing)}; "
                    f"its days are {', '.join(d.isoformat() for d in own)}."
                )
        if all(d.venue == venue for d in self.days if d.date in chosen):
            raise NothingChanged(f"Session '{self.slug}' already meets in {venue} then.")
        self._change_venue(venue=venue, dates=chosen, **provenance.as_kwargs())

    @event("VenueChanged", topic="gcm.Session.VenueChanged")
    def _change_venue(
        self,
        venue: str,
        dates: list[date],
        announced_on: date,
        source: str | None,
        actor: str,
        command_id: str,
    ) -> None:
        self.last_announced = max(self.last_announced, announced_on)
        moved = set(dates)
        self.days = tuple(d.with_venue(venue) if d.date in moved else d for d in self.days)

    def postpone(self, reason: str | None, provenance: Provenance) -> None:
        self._check_not_cancelled("be postponed")
        self._check_not_held("postponed")
        self._check_announced(provenance)
        if self.status == SessionStatus.POSTPONED:
            raise AlreadyPostponed(
                f"Session '{self.slug}' is already postponed; reschedule it first."
            )
        reason = check_optional_text(reason, "A reason")
        self._postpone(reason=reason, **provenance.as_kwargs())

    @event("Postponed", topic="gcm.Session.Postponed")
    def _postpone(
        self,
        reason: str | None,
        announced_on: date,
        source: str | None,
        actor: str,
        command_id: str,
    ) -> None:
        self.last_announced = max(self.last_announced, announced_on)
        self.status = SessionStatus.POSTPONED.value
        self.reason = reason

    def cancel(self, reason: str | None, provenance: Provenance) -> None:
        if self.status == SessionStatus.CANCELLED:
            raise AlreadyCancelled(f"Session '{self.slug}' is already cancelled.")
        self._check_not_held("cancelled")
        self._check_announced(provenance)
        reason = check_optional_text(reason, "A reason")
        self._cancel(reason=reason, **provenance.as_kwargs())

    @event("Cancelled", topic="gcm.Session.Cancelled")
    def _cancel(
        self,
        reason: str | None,
        announced_on: date,
        source: str | None,
        actor: str,
        command_id: str,
    ) -> None:
        self.last_announced = max(self.last_announced, announced_on)
        self.status = SessionStatus.CANCELLED.value
        self.reason = reason

    def mark_held(self, reason: str | None, provenance: Provenance) -> None:
        if self.status == SessionStatus.CANCELLED:
            raise CancelledSessionNotHeld(
                f"Session '{self.slug}' is cancelled and cannot be marked as held; "
                "reschedule it first."
            )
        self._check_not_held("marked as held again")
        self._check_announced(provenance)
        reason = check_optional_text(reason, "A reason")
        self._mark_held(reason=reason, **provenance.as_kwargs())

    @event("Held", topic="gcm.Session.Held")
    def _mark_held(
        self,
        reason: str | None,
        announced_on: date,
        source: str | None,
        actor: str,
        command_id: str,
    ) -> None:
        self.last_announced = max(self.last_announced, announced_on)
        self.status = SessionStatus.HELD.value
        self.reason = reason

    # -- rules --------------------------------------------------------------

    def _check_not_cancelled(self, what: str) -> None:
        if self.status == SessionStatus.CANCELLED:
            raise SessionIsCancelled(
                f"Session '{self.slug}' is cancelled and cannot {what}; "
                "only a reschedule can reinstate it."
            )

    def _check_announced(self, provenance: Provenance) -> None:
        if provenance.announced_on < self.last_announced:
            raise AnnouncedBeforeLatest(
                f"Session '{self.slug}' was last announced on "
                f"{self.last_announced.isoformat()}; a change announced on "
                f"{provenance.announced_on.isoformat()} would overturn that later "
                "announcement. Record changes in the order they were announced."
            )

    def _check_not_held(self, what: str) -> None:
        if self.status == SessionStatus.HELD:
            raise SessionAlreadyHeld(f"Session '{self.slug}' has been held and cannot be {what}.")
