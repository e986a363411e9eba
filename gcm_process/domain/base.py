"""What every recorded fact carries, whatever aggregate it belongs to.

Stored topics are explicit names (``gcm.Session.Rescheduled``), never module
paths, so moving code never breaks the replay of stored history. Each
aggregate declares ``TOPIC`` and names a topic on every ``@event``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from eventsourcing.domain import Aggregate


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
    """Base of the aggregates of the record: their events carry provenance."""

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


PROVENANCE_FIELDS = ("announced_on", "source", "actor", "command_id")
