"""One batch of the event log applied to every view, inside the caller's transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from gcm_process.application import GcmProcess
from gcm_process.domain.topics import (
    DRAFT_CIRCULATED,
    DRAFT_PRESENTED,
    FACILITATOR_APPOINTED,
    LETTER_ISSUED,
    OTHER_TOPICS,
    PROCESS_OPENED,
    SESSION_SCHEDULED,
    SESSION_TOPICS,
)
from gcm_process.jsonable import to_jsonable
from projections.events import Decoder, Logged, stored
from projections.session_rows import SessionRows


@dataclass(frozen=True)
class Part:
    """What one process of a parallel rebuild folds: the events of ``sessions`` and, in
    the ``first`` part, every event of the log that is not a session's. Every part
    opens the processes (their keys number the sessions' rows) and counts every
    session scheduled (for the sessions' keys)."""

    sessions: Collection[str]
    first: bool

    @property
    def topics(self) -> tuple[str, ...]:
        """The topics a part reads of every aggregate, not only of its own sessions."""
        if self.first:
            return (SESSION_SCHEDULED, *OTHER_TOPICS)
        return (SESSION_SCHEDULED, PROCESS_OPENED)


def project(
    conn: sqlite3.Connection,
    app: GcmProcess,
    batch: Sequence[Logged],
    sessions: SessionRows | None = None,
    part: Part | None = None,
) -> None:
    """Apply ``batch`` (in log order) to the views; the caller commits or rolls back.

    ``sessions`` carries the session rows over from batch to batch (a rebuild);
    by default they are read and written back within this batch. ``part``: only
    that part of the views (a parallel rebuild's); all of them by default.
    """
    if sessions is None:
        sessions = SessionRows(conn)
    decode = Decoder(app)
    for notification in batch:
        topic = notification.topic
        if topic in SESSION_TOPICS:
            if part is None or notification.originator_id in part.sessions:
                sessions.apply(decode(notification))
            elif topic == SESSION_SCHEDULED:
                sessions.scheduled_elsewhere()
        elif topic in OTHER_TOPICS and (part is None or part.first or topic == PROCESS_OPENED):
            _apply_other(conn, topic, app.mapper.to_domain_event(stored(notification)))
    sessions.flush()


def _apply_other(conn: sqlite3.Connection, topic: str, event: Any) -> None:
    announced = event.announced_on.isoformat()
    if topic == PROCESS_OPENED:
        conn.execute(
            "INSERT INTO processes (id, slug, title, mandate, announced_on, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                str(event.originator_id),
                event.slug,
                event.title,
                event.mandate,
                announced,
                event.timestamp.isoformat(),
            ),
        )
    elif topic == FACILITATOR_APPOINTED:
        person = event.person
        conn.execute(
            "INSERT INTO facilitators SELECT key, ?, ?, ?, ? FROM processes WHERE id = ?",
            (person.name, person.title, person.delegation, announced, str(event.originator_id)),
        )
    elif topic == DRAFT_CIRCULATED:
        conn.execute(
            "INSERT INTO drafts (id, process_key, slug, title, circulated_on, note, "
            "announced_on, source, version) "
            "SELECT ?, key, ?, ?, ?, ?, ?, ?, ? FROM processes WHERE slug = ?",
            (
                str(event.originator_id),
                event.slug,
                event.title,
                to_jsonable(event.circulated_on),
                event.note,
                announced,
                event.source,
                event.originator_version,
                event.process,
            ),
        )
    elif topic == DRAFT_PRESENTED:
        draft_id = str(event.originator_id)
        conn.execute(
            "INSERT INTO presentations SELECT key, ?, ?, ?, ? FROM drafts WHERE id = ?",
            (event.session, to_jsonable(event.presented_on), announced, event.source, draft_id),
        )
        conn.execute(
            "UPDATE drafts SET version = ? WHERE id = ?", (event.originator_version, draft_id)
        )
    elif topic == LETTER_ISSUED:
        conn.execute(
            "INSERT INTO letters (process_key, slug, dated, place, senders, addressees, "
            "subject, body, reference, encloses, announced_on, source, recorded_at) "
            "SELECT key, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM processes WHERE slug = ?",
            (
                event.slug,
                event.dated.isoformat(),
                event.place,
                _json(event.senders),
                _json(event.addressees),
                event.subject,
                event.body,
                event.reference,
                _json(event.encloses),
                announced,
                event.source,
                event.timestamp.isoformat(),
                event.process,
            ),
        )


def _json(value: Any) -> str:
    return json.dumps(to_jsonable(value), ensure_ascii=False)
