"""What the record already holds of a process, as the planner sees it.

The planner works on a copy of this state, applying each command it plans, so
that later facts of the same import see the effect of earlier ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from gcm_process.application import GcmProcess
from gcm_process.commands import Receipt
from gcm_process.domain import Day, Person
from gcm_process.domain.errors import NotFound
from gcm_process.domain.topics import SESSION_SCHEDULED
from gcm_process.letters.text import fold


@dataclass
class SessionState:
    slug: str
    kind: str
    number: int | None
    title: str
    days: tuple[Day, ...]
    status: str
    #: The date of the latest announcement the record holds for it (None: new in this plan).
    announced: date | None = None
    #: The command ids of the events the record holds for it.
    command_ids: tuple[str, ...] = ()


@dataclass
class DraftState:
    slug: str
    presented_at: set[str] = field(default_factory=set)


@dataclass
class ProcessState:
    slug: str
    exists: bool
    title: str | None = None
    facilitators: set[str] = field(default_factory=set)
    sessions: dict[str, SessionState] = field(default_factory=dict)
    drafts: dict[str, DraftState] = field(default_factory=dict)
    #: The unnumbered sessions by kind and day, so that finding one is not a scan.
    by_day: dict[tuple[str, date], list[str]] = field(default_factory=dict)
    #: Each session's place in the order held.
    position: dict[str, int] = field(default_factory=dict)

    def put(self, session: SessionState) -> None:
        """Add ``session`` to the state, or note its new days (call it after changing them)."""
        self.sessions[session.slug] = session
        self.position.setdefault(session.slug, len(self.position))
        if session.number is None:
            for day in session.days:
                slugs = self.by_day.setdefault((session.kind, day.date), [])
                if session.slug not in slugs:
                    slugs.append(session.slug)

    def on_day(self, kind: str, on: date) -> SessionState | None:
        """The first unnumbered session of ``kind`` (in the order held) that meets on ``on``."""
        found = [
            self.sessions[slug]
            for slug in self.by_day.get((kind, on), [])
            if any(d.date == on for d in self.sessions[slug].days)
        ]
        return min(found, key=lambda s: self.position[s.slug]) if found else None

    @classmethod
    def load(cls, app: GcmProcess, slug: str) -> ProcessState:
        try:
            process = app.process(slug)
        except NotFound:
            return cls(slug, exists=False)
        state = cls(slug, True, process.title, {fold(p.name) for p in process.facilitators})
        for session_slug in session_slugs(app, slug):
            s = app.session(slug, session_slug)
            history = app.session_history(slug, session_slug)
            # The latest announcement of the events not in error (as the rules count it).
            state.put(SessionState(
                s.slug, s.kind, s.number, s.title, s.days, s.status, s.last_announced,
                tuple(e.command_id for e in history),
            ))  # fmt: skip
        return state

    def draft(self, app: GcmProcess, slug: str) -> DraftState | None:
        """A draft of the process, read from the record the first time it is asked for."""
        if slug not in self.drafts and self.exists:
            try:
                found = app.draft(self.slug, slug)
            except NotFound:
                return None
            self.drafts[slug] = DraftState(slug, {s for s, _ in found.presentations})
        return self.drafts.get(slug)

    def has_facilitator(self, person: Person) -> bool:
        return fold(person.name) in self.facilitators


def session_slugs(app: GcmProcess, process: str) -> list[str]:
    """The slugs of the sessions of ``process``, in the order they were scheduled."""
    return [e.slug for e in app.events_of(SESSION_SCHEDULED) if e.process == process]


def recorded(app: GcmProcess, command_id: str) -> Receipt | None:
    """The receipt of a command id already served, or None."""
    return app.served(command_id)
