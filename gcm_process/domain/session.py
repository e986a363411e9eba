"""A session of a process: a meeting with one or more days, each in its own room."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, ClassVar

from eventsourcing.domain import event

from gcm_process.domain.base import Provenance, Record
from gcm_process.domain.entries import Entries
from gcm_process.domain.errors import (
    AlreadyCancelled,
    AlreadyPostponed,
    AnnouncedBeforeLatest,
    CancelledSessionNotHeld,
    CannotCorrect,
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

#: The status each change of status leaves (``session_state.MEANINGS`` says the same).
_STATUS_AFTER = {
    "Rescheduled": SessionStatus.SCHEDULED,
    "Postponed": SessionStatus.POSTPONED,
    "Cancelled": SessionStatus.CANCELLED,
    "Held": SessionStatus.HELD,
}


class Session(Record):
    TOPIC = "gcm.Session"
    #: Attributes a snapshot stores as lists and restores as ``Entries``.
    APPENDED_ONLY = ("entries",)

    # The event classes the ``@event`` decorators below make, declared for the type checker.
    Scheduled: ClassVar[type[Record.Created]]
    Rescheduled: ClassVar[type[Record.Event]]
    VenueChanged: ClassVar[type[Record.Event]]
    Postponed: ClassVar[type[Record.Event]]
    Cancelled: ClassVar[type[Record.Event]]
    Held: ClassVar[type[Record.Event]]
    Corrected: ClassVar[type[Record.Event]]

    class Created(Record.Created):
        TOPIC = "gcm.Session.Created"

    create_id = staticmethod(session_id)

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
        return cls._create(
            cls.Scheduled,
            process=process,
            slug=slug,
            kind=kind.value,
            number=number,
            title=check_text(title, "A session title"),
            days=check_days(days),
            **provenance.as_kwargs(),
        )

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
        #: Each change as recorded (version, event name, what it did), so that a correction
        #: can derive the state again without the events it marks in error.
        #: Never changed in place: a change appends in constant time, copies share it.
        self.entries = Entries(
            [{"version": 1, "event": "Scheduled", "days": list(days), "announced_on": announced_on}]
        )
        #: The versions marked as recorded in error.
        self.in_error: tuple[int, ...] = ()

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
        self._take("Rescheduled", days=list(days), reason=reason, announced_on=announced_on)

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
        self._take("VenueChanged", venue=venue, dates=list(dates), announced_on=announced_on)

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
        self._take("Postponed", reason=reason, announced_on=announced_on)

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
        self._take("Cancelled", reason=reason, announced_on=announced_on)

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
        self._take("Held", reason=reason, announced_on=announced_on)

    # -- corrections --------------------------------------------------------

    def correct(self, versions: Iterable[int], reason: str, provenance: Provenance) -> None:
        """Mark earlier events of the session as recorded in error (nothing is edited).

        From now on the session is as if they had never been recorded, on both time
        axes; the rules (such as ``AnnouncedBeforeLatest``) count only the others.
        """
        chosen = sorted(set(versions))
        if not chosen:
            raise InvalidInput("Name at least one version of the session recorded in error.")
        reason = check_text(reason, "A reason for the correction", max_length=1000)
        kinds = {e["version"]: e["event"] for e in self.entries}
        for version in chosen:
            if not isinstance(version, int) or isinstance(version, bool) or version < 1:
                raise InvalidInput("A version is a whole number from 1.")
            if version > self.version:
                raise CannotCorrect(
                    f"Session '{self.slug}' has no version {version} (latest is {self.version})."
                )
            if version == 1:
                raise CannotCorrect(
                    f"Version 1 of session '{self.slug}' schedules it: a session cannot be "
                    "without its scheduling; correct the later versions, or cancel it."
                )
            if kinds.get(version) is None:
                raise CannotCorrect(
                    f"Version {version} of session '{self.slug}' is itself a correction; "
                    "a correction cannot be corrected."
                )
            if version in self.in_error:
                raise CannotCorrect(
                    f"Version {version} of session '{self.slug}' is already marked as "
                    "recorded in error."
                )
        self._correct(versions=chosen, reason=reason, **provenance.as_kwargs())

    @event("Corrected", topic="gcm.Session.Corrected")
    def _correct(
        self,
        versions: list[int],
        reason: str,
        announced_on: date,
        source: str | None,
        actor: str,
        command_id: str,
    ) -> None:
        self.in_error = tuple(sorted({*self.in_error, *versions}))
        self.entries = self.entries.appended({"version": self.version + 1, "event": None})
        first, *rest = self.entries
        self.days = tuple(first["days"])
        self.status, self.reason = SessionStatus.SCHEDULED.value, None
        self.last_announced = first["announced_on"]
        for entry in rest:
            if entry["event"] is not None and entry["version"] not in self.in_error:
                self._apply(entry)

    def _take(self, event_name: str, **change: Any) -> None:
        """Keep a change as recorded (its version is the next) and apply it."""
        entry = {"version": self.version + 1, "event": event_name, **change}
        self.entries = self.entries.appended(entry)
        self._apply(entry)

    def _apply(self, entry: dict[str, Any]) -> None:
        name = entry["event"]
        self.last_announced = max(self.last_announced, entry["announced_on"])
        if name == "VenueChanged":
            moved, venue = set(entry["dates"]), entry["venue"]
            self.days = tuple(d.with_venue(venue) if d.date in moved else d for d in self.days)
            return
        if name == "Rescheduled":
            self.days = tuple(entry["days"])
        self.status = _STATUS_AFTER[name].value
        self.reason = entry["reason"]

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
