"""Commands in constant time: the aggregate cache and snapshots.

A command loads one aggregate, changes it and saves it; replaying the
aggregate's whole history to load it would make its cost grow with that
history. Two levers of the library, used together:

* **the aggregate cache** (``AGGREGATE_CACHE_MAXSIZE``): each application
  object keeps the aggregates it loaded last. Every ``repository.get``
  fast-forwards the cached one with the events stored since its version (one
  indexed query; the library's default) and hands the command a deep copy.
  So a cached aggregate never hides another writer's event: what was stored
  before the command read it is read, and what another writer (worker, node)
  stores after that makes the save fail on the store's unique (aggregate,
  version) key, a ``VersionConflict``, never a lost update. A save that fails
  leaves the cached aggregate as it was stored.
* **snapshots** (``next_snapshot``: every ``INTERVAL`` versions at first, then
  at steps that double as the history does), in the store's snapshots table
  (``stored_snapshots`` in SQLite, ``gcm_snapshots`` in PostgreSQL), of the
  aggregate as just saved (``domain.base.Snapshot``, topic
  ``gcm.Snapshot``): an application that has not cached an aggregate (just
  started, or evicted it) reads its latest snapshot and the events after it.
  A snapshot is only ever a shortcut: one that cannot be stored (disk full, a
  snapshot already there) is logged and the command stands, since its events
  are recorded.

A session's snapshot holds every change it recorded (a correction derives its
state from them), so it grows with the history. Taken every ``INTERVAL``
versions for ever, the snapshots of a session of 100,000 events would hold
some 50 million entries; taken at steps of an eighth to a quarter of the
version (``next_snapshot``), a snapshot costs a command a few entries' worth
of writing on average, the snapshots of an aggregate hold a few times its
latest one, and an application that has not cached it replays at most a
quarter of its history after the latest.
"""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from eventsourcing.application import ProcessingEvent
from eventsourcing.persistence import EventStore, PersistenceError

from gcm_process.domain import Draft, Process, Session
from gcm_process.domain.base import Snapshot

#: A snapshot every this many versions of an aggregate, while its history is short.
INTERVAL = 100
#: Snapshots are at least this many times the step between them apart from version 0.
SPREAD = 8
#: The aggregates whose history grows with use (a letter is issued once).
SNAPSHOTTED = (Session, Process, Draft)
#: Aggregates each application object keeps in its cache.
CACHE_SIZE = 10_000
#: The library's settings for both levers.
ENV = {"AGGREGATE_CACHE_MAXSIZE": str(CACHE_SIZE), "IS_SNAPSHOTTING_ENABLED": "y"}

log = logging.getLogger(__name__)


def next_snapshot(version: int) -> int:
    """The first version after ``version`` that is snapshotted: the next multiple of
    ``INTERVAL``, or of the largest power-of-two multiple of it that goes ``SPREAD`` times
    into ``version`` (every 100 to 800, then 1,000, 1,200 … 1,600, 2,000, 2,400 …)."""
    step = INTERVAL
    while step * SPREAD <= version:
        step *= 2
    return (version // step + 1) * step


def due(processing_event: ProcessingEvent[UUID]) -> list[Snapshot]:
    """Snapshots of the saved aggregates whose new events reached a snapshotted version."""
    added: dict[UUID, int] = {}
    for event in processing_event.events:
        added[event.originator_id] = added.get(event.originator_id, 0) + 1
    taken = []
    for aggregate_id, aggregate in processing_event.aggregates.items():
        if not isinstance(aggregate, SNAPSHOTTED) or not added.get(aggregate_id):
            continue
        version: int = aggregate.version
        if next_snapshot(version - added[aggregate_id]) <= version:
            taken.append(Snapshot.take(aggregate))
    return taken


def take(snapshots: EventStore[Any] | None, processing_event: ProcessingEvent[UUID]) -> None:
    """Store the snapshots due after a save; a failure to store one is only logged."""
    if snapshots is None:
        return
    for snapshot in due(processing_event):
        try:
            snapshots.put([snapshot])
        except PersistenceError as error:
            log.warning(
                "snapshot of %s at version %d not stored: %s",
                snapshot.originator_id,
                snapshot.originator_version,
                error,
            )
