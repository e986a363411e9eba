"""The iCalendar feed of a process, built on the read models.

The timeline names the sessions at the point asked and their versions; each
session's history gives its days' tracks (``days``); ``ical`` writes the bytes.
The ETag is a digest of what the feed is made of (the process, the point, the
base URL and each session's slug and version), so a conditional request is
answered from the timeline alone, without building the feed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from projections import queries
from projections.calendar.days import SessionDays, Step, follow
from projections.calendar.ical import write_feed

_NAMES = ("event", "version", "recorded_at", "announced_on", "source", "data")

#: Bump when the feed's layout changes, so that clients' cached copies are refreshed.
LAYOUT = "1"


@dataclass(frozen=True)
class Feed:
    body: bytes
    etag: str
    last_modified: datetime | None


def _point(as_of: datetime | None, known_on: date | None) -> list[str | None]:
    return [
        None if as_of is None else as_of.isoformat(),
        None if known_on is None else known_on.isoformat(),
    ]


def etag_of(
    process: str,
    title: str,
    timeline: Mapping[str, Any],
    as_of: datetime | None,
    known_on: date | None,
    base_url: str,
) -> str:
    versions = [[s["slug"], s["version"]] for s in timeline["sessions"]]
    made_of = [LAYOUT, process, title, base_url, _point(as_of, known_on), versions]
    digest = hashlib.sha256(json.dumps(made_of).encode()).hexdigest()[:32]
    return f'"{digest}"'


def steps_of(history: Iterable[Any]) -> list[Step]:
    """History entries (mappings or objects with the same names) as steps, oldest first."""
    steps = []
    for entry in history:
        row: dict[str, Any] = (
            dict(entry) if isinstance(entry, Mapping) else {k: getattr(entry, k) for k in _NAMES}
        )
        recorded_at, announced_on, data = row["recorded_at"], row["announced_on"], row["data"]
        if isinstance(recorded_at, str):
            recorded_at = datetime.fromisoformat(recorded_at)
        if isinstance(announced_on, str):
            announced_on = date.fromisoformat(announced_on)
        steps.append(
            Step(
                event=row["event"],
                version=int(row["version"]),
                recorded_at=recorded_at,
                announced_on=announced_on,
                source=row["source"],
                data=json.loads(data) if isinstance(data, str) else data,
            )
        )
    return sorted(steps, key=lambda s: s.version)


def build(
    process: str,
    title: str,
    histories: Iterable[Iterable[Any]],
    as_of: datetime | None,
    known_on: date | None,
    base_url: str,
) -> tuple[bytes, datetime | None]:
    """The feed's bytes from the sessions' histories (in timeline order), and its last change."""
    sessions: list[SessionDays] = []
    for history in histories:
        followed = follow(steps_of(history), as_of, known_on)
        if followed is not None:
            sessions.append(followed)
    modified = [t.last_modified for s in sessions for t in s.tracks]
    return write_feed(process, title, sessions, base_url), max(modified, default=None)


def _history(db: Any, process: str, slug: str) -> list[dict[str, Any]]:
    return queries.session_history(db, process, slug)


def etag_from_views(
    db: Any, process: str, as_of: datetime | None, known_on: date | None, base_url: str
) -> str:
    title = queries.process(db, process)["title"]
    timeline = queries.timeline(db, process, as_of=as_of, known_on=known_on)
    return etag_of(process, title, timeline, as_of, known_on, base_url)


def feed_from_views(
    db: Any, process: str, as_of: datetime | None, known_on: date | None, base_url: str
) -> Feed:
    title = queries.process(db, process)["title"]
    timeline = queries.timeline(db, process, as_of=as_of, known_on=known_on)
    histories = (_history(db, process, s["slug"]) for s in timeline["sessions"])
    body, modified = build(process, title, histories, as_of, known_on, base_url)
    return Feed(body, etag_of(process, title, timeline, as_of, known_on, base_url), modified)


__all__ = ["Feed", "build", "etag_from_views", "feed_from_views", "steps_of"]
