"""A report by replaying the event log: the same fold and time axes as ``projections.replay``.

One pass over the log, in batches, up to the newest event when the replay
starts. Session events are read as plain data (``projections.events``) and
folded with ``session_state.fold``; of the other events, only those of the
process asked are decoded: the events that create an aggregate are decoded to
learn whose they are, the others kept or skipped by their originator id.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from gcm_process.application import GcmProcess
from gcm_process.domain import topics
from gcm_process.domain.point import NOW, Point, micros
from gcm_process.domain.session_state import (
    CORRECTED,
    SCHEDULED,
    SESSION_TOPICS,
    Days,
    SessionState,
    fold,
    in_error,
    meaning,
    sort_sessions,
)
from projections.events import Decoder, SessionEvent
from projections.replay import counts, errors
from projections.report.changes import compare
from projections.report.fingerprint import stamped
from projections.report.model import (
    ChangeLog,
    DraftPart,
    LetterPart,
    ProcessPart,
    Report,
    list_days,
)

BATCH = 2_000
#: Called with (position, last) after each batch read.
Progress = Callable[[int, int], None]

#: The topics of the events that create an aggregate, and the attribute naming its process.
CREATED = {
    topics.PROCESS_OPENED: "slug",
    topics.DRAFT_CIRCULATED: "process",
    topics.LETTER_ISSUED: "process",
}
TOPICS = (*topics.OTHER_TOPICS, *SESSION_TOPICS)


class _Fold:
    """The state of one process at a point, built one event at a time."""

    def __init__(
        self,
        process: str,
        point: Point,
        since: date | None,
        wrong: dict[tuple[str, int], SessionEvent] | None = None,
    ) -> None:
        self.process = process
        #: The events in error at the point, with their corrections.
        self.wrong = wrong or {}
        #: The events so far of the sessions that have corrections, to fold them again.
        self.kept: dict[str, list[SessionEvent]] = {session: [] for session, _ in self.wrong}
        self.point = point
        self.since = since
        self.ours: set[str] = set()
        self.part: ProcessPart | None = None
        self.sessions: dict[str, SessionState | None] = {}
        self.drafts: dict[str, DraftPart] = {}
        self.letters: dict[str, LetterPart] = {}
        self.changes = ChangeLog()
        self.described: dict[str, tuple[Days, str]] = {}
        self.last_t = -1
        self.last_recorded: str | None = None

    def session(self, event: SessionEvent) -> None:
        if event.topic == SCHEDULED:
            if event.data["process"] != self.process:
                return
            self.ours.add(event.session)
        if not counts(self.point, event):
            return
        if event.t > self.last_t:
            self.last_t, self.last_recorded = event.t, event.recorded_at
        data = event.data
        before = self.sessions.get(event.session)
        kept = self.kept.get(event.session)
        if kept is not None:
            kept.append(event)
        correction = self.wrong.get((event.session, event.version))
        after = fold(before, event.topic, data, event.version, event.days)
        if correction is None:
            self.sessions[event.session] = after
        what = meaning(event.topic).words
        if kept is not None and event.topic == CORRECTED:
            versions = ", ".join(map(str, in_error(data)))
            what += f": version {versions} recorded in error ({data['reason']})"
            before = self._refold(kept, event.version)
        elif data.get("reason"):
            what += f": {data['reason']}"
        elif correction is not None:
            what += (
                f" [recorded in error: corrected by version {correction.version}, "
                f"{correction.data['actor']}, {correction.recorded_at}]"
            )
        if after is None or (self.since is not None and event.d < self.since.toordinal()):
            return
        was, now = compare(before, after, event.topic, self._described(event.session))
        self.changes.append_record(
            (
                event.position,
                after.slug,
                event.name,
                what,
                was,
                now,
                event.d,
                event.t,
                data["actor"],
                data.get("source"),
                data["command_id"],
            )
        )

    def _refold(self, kept: list[SessionEvent], version: int) -> SessionState | None:
        """A session as the record held it just before its correction at ``version``:
        without the events earlier corrections had marked, with those this one marks."""
        earlier = {
            v
            for e in kept
            if e.topic == CORRECTED and e.version < version
            for v in in_error(e.data)
        }
        state: SessionState | None = None
        for e in kept:
            if e.version < version and e.version not in earlier and counts(self.point, e):
                state = fold(state, e.topic, e.data, e.version, e.days)
        return state

    def other(self, topic: str, event: Any) -> None:
        created = CREATED.get(topic)
        if created is not None:
            if getattr(event, created) != self.process:
                return
            self.ours.add(str(event.originator_id))
        if topic == topics.PROCESS_OPENED:
            # The title names the report even at a point before the process was opened.
            self.part = ProcessPart(event.slug, event.title, event.mandate, None)
        if not self.point.counts(event.timestamp, event.announced_on):
            return
        t = micros(event.timestamp)
        if t > self.last_t:
            self.last_t, self.last_recorded = t, event.timestamp.isoformat()
        key = str(event.originator_id)
        if topic == topics.PROCESS_OPENED:
            assert self.part is not None
            self.part.opened_on = event.announced_on
        elif topic == topics.FACILITATOR_APPOINTED:
            assert self.part is not None
            self.part.facilitators.append(event.person)
        elif topic == topics.DRAFT_CIRCULATED:
            self.drafts[key] = DraftPart(
                event.slug,
                event.title,
                event.circulated_on,
                event.note,
                event.announced_on,
                event.source,
            )
        elif topic == topics.DRAFT_PRESENTED:
            draft = self.drafts.get(key)
            if draft is not None:
                draft.presentations.append((event.session, event.presented_on))
        elif topic == topics.LETTER_ISSUED:
            self.letters[key] = _letter(event)

    def _described(self, session: str) -> Callable[[Days], str]:
        """``list_days`` that remembers a session's last days: most changes start there."""

        def describe(days: Days) -> str:
            last = self.described.get(session)
            if last is not None and last[0] is days:
                return last[1]
            text = list_days(days)
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
    point: Point = NOW,
    since: date | None = None,
    progress: Progress | None = None,
) -> Report:
    """Replay the log into a report of ``process`` at ``point``, stamped with the record
    fingerprint of the log it replayed (``fingerprint.stamped``).

    ``progress(position, last)`` is called after each batch read.
    """
    app.process(process)

    def replay() -> Report:
        last = app.last_position()
        fold = _Fold(process, point, since, errors(app, point, stop=last))
        return _replay(app, fold, last, progress)

    return stamped(app, replay)


def _replay(app: GcmProcess, fold: _Fold, last: int, progress: Progress | None) -> Report:
    read = 0
    session_event, decode = Decoder(app), app.mapper.to_domain_event
    try:
        for batch in app.pages(TOPICS, stop=last, size=BATCH):
            ours = fold.ours
            for n in batch:
                if n.topic in SESSION_TOPICS:
                    if n.topic == SCHEDULED or str(n.originator_id) in ours:
                        fold.session(session_event(n))
                elif n.topic in CREATED or str(n.originator_id) in ours:
                    fold.other(n.topic, decode(n))
            read += len(batch)
            if progress is not None:
                progress(batch[-1].id, last)
    except BaseException:
        fold.changes.close()
        raise
    if progress is not None:
        progress(last, last)
    assert fold.part is not None
    return Report(
        process=fold.part,
        at=fold.point,
        since=fold.since,
        sessions=sort_sessions(s for s in fold.sessions.values() if s is not None),
        changes=fold.changes,
        drafts=sorted(fold.drafts.values(), key=lambda d: (d.circulated_on or date.max, d.slug)),
        letters=sorted(fold.letters.values(), key=lambda x: (x.dated, x.slug)),
        events_read=read,
        last_recorded=None if fold.last_recorded is None else _moment(fold.last_recorded),
    )


def _moment(iso: str) -> datetime:
    return datetime.fromisoformat(iso)
