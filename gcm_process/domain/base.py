"""What every recorded fact carries, whatever aggregate it belongs to.

Stored topics are explicit names (``gcm.Session.Rescheduled``), never module
paths, so moving code never breaks the replay of stored history. Each
aggregate declares ``TOPIC`` and names a topic on every ``@event``.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import Any, Self, TypedDict
from uuid import UUID

from eventsourcing.domain import Aggregate, BaseAggregate
from eventsourcing.domain import Snapshot as LibrarySnapshot
from eventsourcing.utils import register_topic

from gcm_process.domain.entries import Entries


class ProvenanceFields(TypedDict):
    announced_on: date
    source: str | None
    actor: str
    command_id: str


@dataclass(frozen=True)
class Provenance:
    """Where a fact comes from: when it became official, which letter, who, which command."""

    announced_on: date
    source: str | None
    actor: str
    command_id: str

    def as_kwargs(self) -> ProvenanceFields:
        return {
            "announced_on": self.announced_on,
            "source": self.source,
            "actor": self.actor,
            "command_id": self.command_id,
        }


class Record(Aggregate):
    """Base of the aggregates of the record: their events carry provenance.

    The provenance fields are declared once, on ``Record.Event``. A created event
    is made with ``cls._create(event_class, ..., **provenance.as_kwargs())``,
    so that its ``__init__`` names only the fields it keeps; the other events name
    them in their ``@event`` method, whose signature is their stored form.
    """

    class Event(Aggregate.Event):
        announced_on: date
        source: str | None
        actor: str
        command_id: str

    class Created(Event, Aggregate.Created):
        pass

    #: The process (slug) this aggregate belongs to.
    process: str
    #: Its slug within the process.
    slug: str

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        """The copy the aggregate cache hands each command: the attributes that are
        immutable values (all of them but the pending events, as the aggregates hold
        tuples, frozen values and ``Entries``) are shared, anything else is copied
        deeply, so a command's changes never reach the cached aggregate."""
        copied = object.__new__(type(self))
        memo[id(self)] = copied
        state = copied.__dict__
        for name, value in self.__dict__.items():
            state[name] = value if immutable(value) else deepcopy(value, memo)
        return copied


#: Types whose values never change once made.
_ATOMS = frozenset(
    {str, int, float, bool, bytes, type(None), UUID, date, datetime, time, timedelta, Entries}
)


def immutable(value: Any) -> bool:
    """True for a value that can be shared by copies: an atom, or a tuple, frozenset or
    frozen dataclass of immutable values."""
    kind = type(value)
    if kind in _ATOMS:
        return True
    if kind is tuple or kind is frozenset:
        return all(immutable(item) for item in value)
    params = getattr(kind, "__dataclass_params__", None)
    if params is not None and params.frozen:
        return all(immutable(getattr(value, f.name)) for f in fields(value))
    return False


PROVENANCE_FIELDS = ("announced_on", "source", "actor", "command_id")


class Snapshot(LibrarySnapshot):
    """An aggregate's attributes at a version, stored so that loading it need not replay.

    Its topic is stable; ``topic`` in its state names the aggregate's own. The
    aggregates hold tuples, never lists, and JSON has only lists: a snapshot's
    lists are read back as tuples, and the attributes an aggregate names in
    ``APPENDED_ONLY`` (a session's ``entries``) as ``Entries``, which a snapshot
    stores as the plain list it always was. An aggregate whose attributes change
    gets a ``class_version`` and an ``upcast_vN_vM`` for its older snapshots (the
    library's rule; ``tests/test_snapshots.py`` pins the attributes).
    """

    TOPIC = "gcm.Snapshot"

    @classmethod
    def take(cls, aggregate: Any) -> Snapshot:
        snapshot = super().take(aggregate)
        for name, value in snapshot.state.items():
            if isinstance(value, Entries):
                snapshot.state[name] = list(value)
        return snapshot

    def mutate(self, _: None) -> BaseAggregate[Any]:
        aggregate = super().mutate(None)
        appended_only = getattr(type(aggregate), "APPENDED_ONLY", ())
        for name, value in vars(aggregate).items():
            if name in appended_only:
                vars(aggregate)[name] = Entries(value)
            elif isinstance(value, list) and not name.startswith("_"):
                vars(aggregate)[name] = _tuples(value)
        return aggregate


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


register_topic(Snapshot.TOPIC, Snapshot)
