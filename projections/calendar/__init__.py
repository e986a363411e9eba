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

from gcm_process.domain.point import Point
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


def etag_of(
    process: str,
    title: str,
    timeline: Mapping[str, Any],
    base_url: str,
) -> str:
    """The feed's ETag, from the timeline at the point asked (which names that point)."""
    versions = [[s["slug"], s["version"]] for s in timeline["sessions"]]
    point = [timeline["as_of"], timeline["known_on"]]
    made_of = [LAYOUT, process, title, base_url, point, versions]
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
    point: Point,
    base_url: str,
) -> tuple[bytes, datetime | None]:
    """The feed's bytes from the sessions' histories (in timeline order), and its last change."""
    sessions: list[SessionDays] = []
    for history in histories:
        followed = follow(steps_of(history), point)
        if followed is not None:
            sessions.append(followed)
    modified = [t.last_modified for s in sessions for t in s.tracks]
    return write_feed(process, title, sessions, base_url), max(modified, default=None)


@dataclass(frozen=True)
class FeedSource:
    """What a feed at a point is made of: known before it is built, it gives the ETag."""

    process: str
    title: str
    timeline: dict[str, Any]
    point: Point
    base_url: str

    @property
    def etag(self) -> str:
        return etag_of(self.process, self.title, self.timeline, self.base_url)

    def build(self, db: Any) -> Feed:
        """The feed: the timeline names the sessions, their histories the days."""
        slugs = [s["slug"] for s in self.timeline["sessions"]]
        histories = (queries.session_history(db, self.process, slug) for slug in slugs)
        body, modified = build(self.process, self.title, histories, self.point, self.base_url)
        return Feed(body, self.etag, modified)


def source(db: Any, process: str, point: Point, base_url: str) -> FeedSource:
    """The feed of ``process`` at ``point``, ready to be built (one timeline query)."""
    title = queries.process(db, process)["title"]
    return FeedSource(process, title, queries.timeline(db, process, point), point, base_url)


__all__ = ["Feed", "FeedSource", "build", "source", "steps_of"]
