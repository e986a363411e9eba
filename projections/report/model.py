"""What a report holds: the process, its schedule at a point, the change log, drafts, letters.

Everything but the change log is bounded by the size of the process (its
sessions, drafts and letters). The change log grows with the history, so it is
spooled to a temporary file as the replay meets it and read back in order by
the renderers: a report of a million events holds a million rows on disk, not
in memory.
"""

from __future__ import annotations

import marshal
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import TracebackType
from typing import IO, Any

from gcm_process.domain import Person
from gcm_process.domain.letter import LetterHeading
from gcm_process.domain.places import UN_HEADQUARTERS
from gcm_process.domain.point import EPOCH, Point
from gcm_process.domain.session_state import IN_PERSON, DayForm, Days, SessionState

#: Change logs up to this size stay in memory; larger ones move to a temporary file.
SPOOL_IN_MEMORY = 4 * 1024 * 1024
#: Changes written to the spool at a time.
CHUNK = 1_000


@dataclass(frozen=True)
class Change:
    """One recorded change to a session, with what it was before and after."""

    position: int
    session: str
    event: str
    what: str
    before: str
    after: str
    announced_on: date
    recorded_at: datetime
    actor: str
    source: str | None
    command_id: str

    def row(self) -> list[Any]:
        """The change as the CSV and JSON forms give it."""
        return [
            self.position,
            self.session,
            self.event,
            self.what,
            self.before,
            self.after,
            self.announced_on.isoformat(),
            self.recorded_at.isoformat(),
            self.actor,
            self.source,
            self.command_id,
        ]

    @classmethod
    def from_record(cls, r: Record) -> Change:
        return cls(
            position=r[0],
            session=r[1],
            event=r[2],
            what=r[3],
            before=r[4],
            after=r[5],
            announced_on=date.fromordinal(r[6]),
            recorded_at=EPOCH + timedelta(microseconds=r[7]),
            actor=r[8],
            source=r[9],
            command_id=r[10],
        )


#: A change as spooled: position, session, event, what, before, after, announced
#: (ordinal), recorded at (microseconds since 1970 UTC), actor, source, command id.
Record = tuple[int, str, str, str, str, str, int, int, str, str | None, str]


class ChangeLog:
    """The change log in log order, spooled with ``marshal``; iterate it as often as needed.

    ``marshal`` writes plain tuples several times faster than JSON or pickle,
    which matters on a history of a million changes; the spool lives only as
    long as the report, in the interpreter that wrote it.
    """

    def __init__(self) -> None:
        # Closed by close(), which the report's context manager calls.
        self._file: IO[bytes] = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=SPOOL_IN_MEMORY
        )
        self._pending: list[Record] = []
        self._chunks = 0
        self.count = 0

    def append_record(self, record: Record) -> None:
        self._pending.append(record)
        self.count += 1
        if len(self._pending) == CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            marshal.dump(self._pending, self._file)
            self._pending = []
            self._chunks += 1

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Change]:
        self._flush()
        self._file.seek(0)
        for _ in range(self._chunks):
            for record in marshal.load(self._file):
                yield Change.from_record(record)
        self._file.seek(0, 2)

    def close(self) -> None:
        self._pending = []
        self._file.close()


@dataclass
class ProcessPart:
    slug: str
    title: str
    mandate: str | None
    opened_on: date | None
    facilitators: list[Person] = field(default_factory=list)


@dataclass
class DraftPart:
    slug: str
    title: str
    circulated_on: date | None
    note: str | None
    announced_on: date
    source: str | None
    presentations: list[tuple[str, date | None]] = field(default_factory=list)


@dataclass(frozen=True)
class LetterPart(LetterHeading):
    """A letter without its full text (the text stays in the record and the letters view)."""

    reference: str | None
    encloses: tuple[str, ...]
    length: int


@dataclass
class Report:
    """A process replayed to a point on both time axes; close it (or use ``with``) when done."""

    process: ProcessPart
    #: The point on both time axes the report was replayed to.
    at: Point
    since: date | None
    sessions: list[SessionState]
    changes: ChangeLog
    drafts: list[DraftPart]
    letters: list[LetterPart]
    #: Events of the log read by the replay, and the newest recorded time among those counted.
    events_read: int
    last_recorded: datetime | None
    #: The record fingerprint (``POSITION:HASH`` of the chain) of the log replayed.
    fingerprint: str | None = None

    def __enter__(self) -> Report:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.changes.close()

    @property
    def as_of(self) -> datetime | None:
        return self.at.as_of

    @property
    def known_on(self) -> date | None:
        return self.at.known_on

    @property
    def point(self) -> str:
        """The point asked, in words."""
        parts = []
        if self.as_of is not None:
            parts.append(f"as recorded at {self.as_of.isoformat()}")
        if self.known_on is not None:
            parts.append(f"as announced by {self.known_on.isoformat()}")
        return " and ".join(parts) or "now"


def describe_day(day: DayForm) -> str:
    """'2018-02-20 15:00-18:00 Trusteeship Council Chamber'."""
    text = day.date
    if day.start is not None:
        text += " " + day.start
        if day.end is not None:
            text += "-" + day.end
    if day.venue or day.place != UN_HEADQUARTERS or day.mode != IN_PERSON:
        text += " " + day.where()
    return text


def list_days(days: Days) -> str:
    """Every day, one after the other (the change log's before and after)."""
    return "; ".join(map(describe_day, days))
