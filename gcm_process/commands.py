"""Commands as values: what is asked of the record, by whom, and where the fact comes from.

Each command is a frozen dataclass: its own fields, then the provenance every
command carries (``announced_on``, ``source``, ``actor``, ``command_id``). The
application runs it (``RecordApplication.run``); ``act`` is what it does to the
aggregates. Its idempotency digest is computed from the value: the command's
name and its fields, with the announcement date and source as checked. Stored
digests must never change (``tests/test_stored_history.py`` pins them), so a
field keeps its name in the digest (``expected_version`` is ``expected``).

The commands on processes, drafts and letters are here; those on sessions in
``session_commands``.
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from gcm_process.domain import Draft, Letter, Person, Process, Provenance
from gcm_process.domain.base import Record
from gcm_process.domain.errors import AlreadyExists
from gcm_process.domain.ids import process_id

if TYPE_CHECKING:
    from gcm_process.recording import RecordApplication

MAX_COMMAND_ID_LENGTH = 200
#: The provenance fields of every command; the digest names the first two itself.
PROVENANCE = frozenset({"announced_on", "source", "actor", "command_id"})
#: Fields whose name in the digest differs from the value's.
DIGEST_NAMES = {"expected_version": "expected"}


@dataclass(frozen=True)
class Receipt:
    """What a command returns: the aggregate it changed and the version it reached."""

    command: str
    command_id: str
    aggregate_id: UUID
    version: int
    #: True when the command id had already been served and nothing new was recorded.
    replayed: bool = False


@dataclass(frozen=True, kw_only=True)
class Command(ABC):
    """A change asked of the record, with its provenance."""

    #: The command's name, in receipts, command records and digests.
    NAME: ClassVar[str]

    announced_on: date | None = None
    source: str | None = None
    actor: str
    command_id: str | None = None

    def announced(self) -> date | None:
        """The date the fact became official, as the command gives it."""
        return self.announced_on

    def facts(self) -> dict[str, Any]:
        """The command's own fields (all but the provenance), by name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in PROVENANCE}

    def digest(self, source: str | None) -> str:
        """The idempotency digest, with ``source`` as checked."""
        payload = {DIGEST_NAMES.get(name, name): value for name, value in self.facts().items()}
        return payload_digest(
            self.NAME, {**payload, "announced_on": self.announced(), "source": source}
        )

    @abstractmethod
    def act(
        self, app: RecordApplication, provenance: Provenance
    ) -> Aggregate | tuple[Aggregate, ...]:
        """Check the command against the record and return the aggregate(s) it changed."""


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "__dataclass_fields__"):
        # A field marked omit_default (a day's place and mode) counts only when it is not its
        # default: commands digested before it existed keep their digests.
        return {
            k: getattr(value, k)
            for k, f in value.__dataclass_fields__.items()
            if not (f.metadata.get("omit_default") and getattr(value, k) == f.default)
        }
    return str(value)


def payload_digest(command: str, payload: dict[str, Any]) -> str:
    text = json.dumps([command, payload], sort_keys=True, default=_default)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class OpenProcess(Command):
    NAME = "open_process"
    slug: str
    title: str
    mandate: str | None = None

    def act(self, app: RecordApplication, provenance: Provenance) -> Process:
        if app.exists(process_id(self.slug)):
            raise AlreadyExists(f"There is already a process '{self.slug}'.")
        return Process.open(
            slug=self.slug, title=self.title, mandate=self.mandate, provenance=provenance
        )


@dataclass(frozen=True)
class AppointFacilitator(Command):
    NAME = "appoint_facilitator"
    process: str
    person: Person
    expected_version: int | None = field(default=None, kw_only=True)

    def act(self, app: RecordApplication, provenance: Provenance) -> Process:
        found = app.load_process(self.process, self.expected_version)
        found.appoint_facilitator(self.person, provenance)
        return found


@dataclass(frozen=True)
class Creation(Command):
    """A command that creates an aggregate of a process under a slug the process has not used:
    its fields are the arguments of the aggregate's factory ``MAKE``."""

    #: The aggregate, and its factory (a class method) that makes one.
    AGGREGATE: ClassVar[type[Record]]
    MAKE: ClassVar[Callable[..., Record]]

    process: str
    slug: str

    def act(self, app: RecordApplication, provenance: Provenance) -> Record:
        app.load_process(self.process, None)
        if app.exists(self.AGGREGATE.create_id(self.process, self.slug)):
            what = self.AGGREGATE.__name__.lower()
            raise AlreadyExists(f"Process '{self.process}' already has a {what} '{self.slug}'.")
        return type(self).MAKE(**self.facts(), provenance=provenance)


@dataclass(frozen=True)
class CirculateDraft(Creation):
    NAME = "circulate_draft"
    AGGREGATE, MAKE = Draft, Draft.circulate
    title: str
    circulated_on: date | None = None
    note: str | None = None


@dataclass(frozen=True)
class PresentDraft(Command):
    NAME = "present_draft"
    process: str
    slug: str
    session: str
    presented_on: date | None = None
    expected_version: int | None = field(default=None, kw_only=True)

    def act(self, app: RecordApplication, provenance: Provenance) -> Draft:
        app.session(self.process, self.session)
        found = app.draft(self.process, self.slug)
        app.check_version(found, self.expected_version, f"Draft '{self.slug}'")
        found.present(self.session, self.presented_on, provenance)
        return found


@dataclass(frozen=True)
class IssueLetter(Creation):
    NAME = "issue_letter"
    AGGREGATE, MAKE = Letter, Letter.issue
    dated: date
    subject: str
    body: str
    place: str | None = None
    senders: Sequence[Person] = ()
    addressees: Sequence[str] = ()
    reference: str | None = None
    encloses: Sequence[str] = ()

    def announced(self) -> date | None:
        """A letter's announcement date is its own date unless told otherwise."""
        return self.announced_on or self.dated
