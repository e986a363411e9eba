"""A report by replaying the event log: the same fold and time axes as ``projections.replay``.

One pass over the log, in batches, up to the newest event when the replay
starts. Only the events of the process asked are decoded: the events that
create an aggregate are decoded to learn whose they are, the others are kept
or skipped by their originator id, before decoding.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from uuid import UUID

from gcm_process.application import GcmProcess
from gcm_process.domain import Day
from projections.replay import (
    SCHEDULED,
    SESSION_TOPICS,
    SessionState,
    apply,
    counts,
    sort_sessions,
)
from projections.report.changes import compare
from projections.report.model import (
    ChangeLog,
    DraftPart,
    LetterPart,
    ProcessPart,
    Report,
    describe_days,
    micros,
)

BATCH = 2_000

OPENED = "gcm.Process.Opened"
APPOINTED = "gcm.Process.FacilitatorAppointed"
CIRCULATED = "gcm.Draft.Circulated"
PRESENTED = "gcm.Draft.Presented"
ISSUED = "gcm.Letter.Issued"
#: The topics of the events that create an aggregate, and the attribute naming its process.
CREATED = {OPENED: "slug", SCHEDULED: "process", CIRCULATED: "process", ISSUED: "process"}
#: The topics of the changes to a session, and their names in the change log.
CHANGED = frozenset(SESSION_TOPICS) - {SCHEDULED}
NAME = {topic: topic.rpartition(".")[2] for topic in SESSION_TOPICS}
TOPICS = (OPENED, APPOINTED, *SESSION_TOPICS, CIRCULATED, PRESENTED, ISSUED)

WHAT = {
    SCHEDULED: "scheduled",
    "gcm.Session.Rescheduled": "rescheduled",
    "gcm.Session.VenueChanged": "venue changed",
    "gcm.Session.Postponed": "postponed",
    "gcm.Session.Cancelled": "cancelled",
    "gcm.Session.Held": "held",
}


class _Fold:
    """The state of one process at a point, built one event at a time."""

    def __init__(
        self,
        process: str,
        as_of: datetime | None,
        known_on: date | None,
        since: date | None,
    ) -> None:
        self.process = process
        self.as_of = as_of
        self.known_on = known_on
        self.since = since
        self.ours: set[UUID] = set()
        self.part: ProcessPart | None = None
        self.sessions: dict[UUID, SessionState | None] = {}
        self.drafts: dict[UUID, DraftPart] = {}
        self.letters: dict[UUID, LetterPart] = {}
        self.changes = ChangeLog()
        self.described: dict[UUID, tuple[tuple[Day, ...], str]] = {}
        self.last_recorded: datetime | None = None

    def fold(self, position: int, topic: str, event: Any) -> None:
        if topic in CHANGED:
            # The hot path: a change to a session of this process.
            if counts(event, self.as_of, self.known_on):
                if self.last_recorded is None or event.timestamp > self.last_recorded:
                    self.last_recorded = event.timestamp
                self._session(position, topic, event)
            return
        created = CREATED.get(topic)
        if created is not None:
            if getattr(event, created) != self.process:
                return
            self.ours.add(event.originator_id)
        if topic == OPENED:
            # The title names the report even at a point before the process was opened.
            self.part = ProcessPart(event.slug, event.title, event.mandate, None)
        if not counts(event, self.as_of, self.known_on):
            return
        if self.last_recorded is None or event.timestamp > self.last_recorded:
            self.last_recorded = event.timestamp
        if topic in WHAT:
            self._session(position, topic, event)
        elif topic == OPENED:
            assert self.part is not None
            self.part.opened_on = event.announced_on
        elif topic == APPOINTED:
            assert self.part is not None
            self.part.facilitators.append(event.person)
        elif topic == CIRCULATED:
            self.drafts[event.originator_id] = DraftPart(
                event.slug,
                event.title,
                event.circulated_on,
                event.note,
                event.announced_on,
                event.source,
            )
        elif topic == PRESENTED:
            draft = self.drafts.get(event.originator_id)
            if draft is not None:
                draft.presentations.append((event.session, event.presented_on))
        elif topic == ISSUED:
            self.letters[event.originator_id] = _letter(event)

    def _session(self, position: int, topic: str, event: Any) -> None:
        before = self.sessions.get(event.originator_id)
        after = apply(before, topic, event)
        self.sessions[event.originator_id] = after
        if after is None or (self.since is not None and event.announced_on < self.since):
            return
        was, now = compare(before, after, topic, self._described(event.originator_id))
        reason = getattr(event, "reason", None)
        self.changes.append_record(
            (
                position,
                after.slug,
                NAME[topic],
                WHAT[topic] + (f": {reason}" if reason else ""),
                was,
                now,
                event.announced_on.toordinal(),
                micros(event.timestamp),
                event.actor,
                event.source,
                event.command_id,
            )
        )

    def _described(self, session: UUID) -> Callable[[tuple[Day, ...]], str]:
        """``describe_days`` that remembers a session's last days: most changes start there."""

        def describe(days: tuple[Day, ...]) -> str:
            last = self.described.get(session)
            if last is not None and last[0] is days:
                return last[1]
            text = describe_days(days)
            self.described[session] = (days, text)
            return text

        return describe


def _letter(event: Any) -> LetterPart:
    return LetterPart(
        slug=event.slug,
        dated=event.dated,
        place=event.place,
        senders=tuple(event.senders),
        addressees=tuple(event.addressees),
        subject=event.subject,
        reference=event.reference,
        encloses=tuple(event.encloses),
        length=len(event.body),
    )


def build_report(
    app: GcmProcess,
    process: str,
    as_of: datetime | None = None,
    known_on: date | None = None,
    since: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Replay the log into a report of ``process`` at the point asked.

    ``progress(position, last)`` is called after each batch read.
    """
    app.process(process)
    last = app.last_position()
    fold = _Fold(process, as_of, known_on, since)
    read = 0
    start = 1
    try:
        while start <= last:
            batch = app.recorder.select_notifications(
                start=start, limit=BATCH, stop=last, topics=TOPICS
            )
            ours, decode = fold.ours, app.mapper.to_domain_event
            for n in batch:
                if n.topic in CREATED or _uuid(n.originator_id) in ours:
                    fold.fold(n.id, n.topic, decode(n))
            read += len(batch)
            if progress is not None:
                progress(batch[-1].id if batch else last, last)
            if len(batch) < BATCH:
                break
            start = batch[-1].id + 1
    except BaseException:
        fold.changes.close()
        raise
    assert fold.part is not None
    return Report(
        process=fold.part,
        as_of=as_of,
        known_on=known_on,
        since=since,
        sessions=sort_sessions([s for s in fold.sessions.values() if s is not None]),
        changes=fold.changes,
        drafts=sorted(fold.drafts.values(), key=lambda d: (d.circulated_on or date.max, d.slug)),
        letters=sorted(fold.letters.values(), key=lambda x: (x.dated, x.slug)),
        events_read=read,
        last_recorded=fold.last_recorded,
    )


def _uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(value)
