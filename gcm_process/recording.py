"""The machinery under every command: provenance, idempotency, concurrency, queries.

``RecordApplication`` is the ``eventsourcing`` application the commands of
``GcmProcess`` run on: ``run`` checks and records one command value (its
``CommandRecord`` saved with its events) and translates the library's errors
into the project's; the queries read aggregates now, at a version, or as their
full history. Nothing else happens inside a command: whoever keeps views
brings them up to date after it returns.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, TypeVar, cast
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Notification, Recording
from eventsourcing.utils import EnvType

from gcm_process import snapshots, transcodings
from gcm_process.command_record import CommandRecord
from gcm_process.commands import MAX_COMMAND_ID_LENGTH, Command, Receipt
from gcm_process.domain import Draft, Letter, Process, Provenance, Session
from gcm_process.domain.base import Record
from gcm_process.domain.errors import (
    AlreadyExists,
    DraftNotFound,
    GcmError,
    InvalidInput,
    LetterNotFound,
    NotFound,
    ProcessNotFound,
    SessionNotFound,
    UnknownSource,
    VersionConflict,
    VersionNotFound,
)
from gcm_process.domain.ids import (
    command_record_id,
    draft_id,
    letter_id,
    process_id,
    session_id,
)
from gcm_process.domain.topics import PROCESS_OPENED
from gcm_process.domain.values import check_date, check_optional_text, check_text
from gcm_process.jsonable import event_data, event_name, event_topic

A = TypeVar("A", bound=Aggregate)
#: Notifications read per query when walking the log.
PAGE = 1_000
#: Notifications of a save kept for ``take_saved`` at most (a larger save keeps none).
SAVED_KEPT = 1_000


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded event of an aggregate, with its metadata."""

    version: int
    event: str
    topic: str
    recorded_at: datetime
    announced_on: date
    source: str | None
    actor: str
    command_id: str
    data: dict[str, Any]


class RecordApplication(Application[UUID]):
    """The record kept as an append-only log of events: what every command stands on."""

    #: The aggregate cache and snapshots (``snapshots``): a command costs the same
    #: whatever its aggregate's history.
    env: ClassVar[dict[str, str]] = snapshots.ENV

    def __init__(self, env: EnvType | None = None) -> None:
        super().__init__(env)
        self._saved: list[Notification] = []

    def take_saved(self) -> list[Notification]:
        """The notifications of this object's latest save (at most ``SAVED_KEPT``), once:
        what a reader of the log in this process need not read back."""
        taken, self._saved = self._saved, []
        return taken

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcodings.register(transcoder)

    # -- queries --------------------------------------------------------------

    def process(self, slug: str, version: int | None = None) -> Process:
        return self._get(Process, process_id(slug), version, ProcessNotFound(slug), slug)

    def session(self, process: str, slug: str, version: int | None = None) -> Session:
        found = SessionNotFound(process, slug)
        what = f"Session '{slug}'"
        return self._get(Session, session_id(process, slug), version, found, what, process)

    def draft(self, process: str, slug: str, version: int | None = None) -> Draft:
        found = DraftNotFound(process, slug)
        what = f"Draft '{slug}'"
        return self._get(Draft, draft_id(process, slug), version, found, what, process)

    def letter(self, process: str, slug: str, version: int | None = None) -> Letter:
        found = LetterNotFound(process, slug)
        what = f"Letter '{slug}'"
        return self._get(Letter, letter_id(process, slug), version, found, what, process)

    def session_history(self, process: str, slug: str) -> list[HistoryEntry]:
        """Every event of a session, oldest first, with its metadata."""
        self.session(process, slug)
        return self.history(session_id(process, slug))

    def stream_session_history(
        self, process: str, slug: str, size: int = PAGE
    ) -> Iterator[HistoryEntry]:
        """``session_history`` read from the store a page of ``size`` events at a time."""
        aggregate_id = session_id(process, slug)
        if not self.exists(aggregate_id):
            self._require_process(process)
            raise SessionNotFound(process, slug)
        version = 0
        while True:
            page = list(self.events.get(aggregate_id, gt=version, limit=size))
            yield from map(_entry, page)
            if len(page) < size:
                return
            version = page[-1].originator_version

    def history(self, aggregate_id: UUID) -> list[HistoryEntry]:
        return [_entry(e) for e in self.events.get(aggregate_id)]

    def process_slugs(self) -> list[str]:
        """The slugs of every process opened, in the order they were opened."""
        return [event.slug for event in self.events_of(PROCESS_OPENED)]

    def events_of(self, *topics: str) -> Iterator[Any]:
        """Every stored event of these topics, in log order."""
        for page in self.pages(topics):
            yield from map(self.mapper.to_domain_event, page)

    def pages(
        self,
        topics: Sequence[str] = (),
        start: int = 1,
        stop: int | None = None,
        size: int = PAGE,
    ) -> Iterator[Sequence[Notification]]:
        """The log from ``start`` (to ``stop``) one page at a time, with no cut-off."""
        while stop is None or start <= stop:
            page = self.recorder.select_notifications(
                start=start, limit=size, stop=stop, topics=topics
            )
            if page:
                yield page
            if len(page) < size:
                return
            start = page[-1].id + 1

    def source_of(
        self, process: str | None, letter: str | None, document: str | None = None
    ) -> str | None:
        """The source a write names: a letter on the record of ``process`` (by slug), or
        another document by its reference (such as ``A/RES/72/244``), or none."""
        if letter is not None and document is not None:
            raise InvalidInput(
                "Name the source once: a letter on the record (source) or another "
                "document (document), not both."
            )
        if document is not None:
            return check_text(document, "A document's reference", max_length=200)
        if letter is None:
            return None
        if process is None or not self.exists(letter_id(process, letter)):
            where = "this process" if process is None else f"process '{process}'"
            raise UnknownSource(
                f"source '{letter}' is not a letter on the record of {where}: record the "
                "letter first, or name another document instead (its reference, such as "
                "A/RES/72/244)."
            )
        return letter

    def served(self, command_id: str) -> Receipt | None:
        """The receipt of a command id already served (``replayed``), or None."""
        record = self._command_record(command_id)
        return None if record is None else record.receipt()

    def last_position(self) -> int:
        """The notification id of the newest stored event (0 when empty)."""
        return int(self.recorder.max_notification_id() or 0)

    # -- the machinery --------------------------------------------------------

    def run(self, command: Command) -> Receipt:
        """Check and record ``command``; a command id already served answers as the first time."""
        _check_command_id(command.command_id)
        if not isinstance(command.actor, str) or not command.actor.strip():
            raise InvalidInput("Every command needs an actor: who records it.")
        actor = check_text(command.actor, "An actor", max_length=200)
        source = check_optional_text(command.source, "A source", max_length=200)
        announced_on = command.announced()
        if announced_on is not None:
            check_date(announced_on, "An announcement date")
        # The digest identifies a command id's command: without an id nothing uses it.
        digest = "" if command.command_id is None else command.digest(source)
        provenance = Provenance(
            announced_on=announced_on or date.today(),
            source=source,
            actor=actor,
            command_id=command.command_id or uuid4().hex,
        )
        # A command id already served is not looked up first: its record is saved with
        # the events, so a second save collides with it on the store's unique key, and
        # the answer is the first receipt (below). A command the record now refuses (its
        # change made already, a stale expected version) may be such a repeat too.
        try:
            changed = command.act(self, provenance)
        except GcmError:
            if command.command_id is not None:
                prior = self._command_record(command.command_id)
                if prior is not None:
                    return prior.receipt_for(command.NAME, digest)
            raise
        # A command may change several aggregates at once (a letter's import corrected):
        # they are saved together, and the receipt names the last.
        aggregates = changed if isinstance(changed, tuple) else (changed,)
        aggregate = aggregates[-1]
        record: CommandRecord | None = None
        if command.command_id is not None:
            record = CommandRecord(
                command_id=command.command_id,
                command=command.NAME,
                digest=digest,
                aggregate_id=aggregate.id,
                aggregate_version=aggregate.version,
            )
        try:
            self.save(*aggregates, record)
        except IntegrityError:
            if command.command_id is not None:
                prior = self._command_record(command.command_id)
                if prior is not None:
                    return prior.receipt_for(command.NAME, digest)
            if aggregate.version == 1:
                raise AlreadyExists(
                    f"{type(aggregate).__name__} '{getattr(aggregate, 'slug', '')}' "
                    "was created by somebody else meanwhile."
                ) from None
            raise VersionConflict(
                f"Somebody else changed {type(aggregate).__name__.lower()} "
                f"'{getattr(aggregate, 'slug', '')}' meanwhile; nothing was recorded. "
                "Read it again and retry."
            ) from None
        return Receipt(command.NAME, provenance.command_id, aggregate.id, aggregate.version)

    # -- what the commands ask of the record -----------------------------------

    def exists(self, aggregate_id: UUID) -> bool:
        return bool(self.recorder.select_events(aggregate_id, limit=1))

    def load_process(self, process: str, expected_version: int | None) -> Process:
        found = self.process(process)
        self.check_version(found, expected_version, f"Process '{process}'")
        return found

    @staticmethod
    def check_version(aggregate: Aggregate, expected: int | None, what: str) -> None:
        check_version(aggregate, expected, what)

    # -- the machinery --------------------------------------------------------

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        super()._notify(recordings)
        kept = recordings if len(recordings) <= SAVED_KEPT else []
        self._saved = [r.notification for r in kept]

    def _take_snapshots(self, processing_event: ProcessingEvent[UUID]) -> None:
        snapshots.take(self.snapshots, processing_event)

    def _command_record(self, command_id: str) -> CommandRecord | None:
        try:
            record: Aggregate = self.repository.get(command_record_id(command_id))
        except AggregateNotFoundError:
            return None
        assert isinstance(record, CommandRecord)
        return record

    def _require_process(self, process: str) -> None:
        if not self.exists(process_id(process)):
            raise ProcessNotFound(process)

    def _get(
        self,
        kind: type[A],
        aggregate_id: UUID,
        version: int | None,
        not_found: NotFound,
        what: str,
        within: str | None = None,
    ) -> A:
        """An aggregate by id; one ``within`` a process looks the process up only when the
        aggregate is missing (nothing is created in a process that does not exist), to say
        which is."""
        if version is not None and (not isinstance(version, int) or version < 1):
            raise InvalidInput("A version is a whole number from 1.")
        try:
            aggregate: Aggregate | None = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            aggregate = None
        if not isinstance(aggregate, kind):
            if within is not None:
                self._require_process(within)
            raise not_found
        if version is not None and aggregate.version != version:
            raise VersionNotFound(what, version, aggregate.version)
        return aggregate


def check_version(aggregate: Aggregate, expected: int | None, what: str) -> None:
    if expected is None:
        return
    if not isinstance(expected, int) or isinstance(expected, bool) or expected < 0:
        raise InvalidInput(f"An expected version is a whole number, not {expected!r}.")
    if expected != aggregate.version:
        raise VersionConflict(
            f"{what} is at version {aggregate.version}, not {expected}: somebody "
            "changed it since you read it. Nothing was recorded; read it again."
        )


def _check_command_id(command_id: str | None) -> None:
    if command_id is None:
        return
    if not isinstance(command_id, str) or not command_id.strip():
        raise InvalidInput("A command id must be a non-empty string.")
    if len(command_id) > MAX_COMMAND_ID_LENGTH:
        raise InvalidInput(f"A command id is at most {MAX_COMMAND_ID_LENGTH} characters.")


def _entry(event: Any) -> HistoryEntry:
    e = cast("Record.Event", event)
    return HistoryEntry(
        version=e.originator_version,
        event=event_name(e),
        topic=event_topic(e),
        recorded_at=e.timestamp,
        announced_on=e.announced_on,
        source=e.source,
        actor=e.actor,
        command_id=e.command_id,
        data=event_data(e),
    )
