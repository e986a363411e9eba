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
* **snapshots**, every ``INTERVAL`` versions, in the store's snapshots table
  (``stored_snapshots`` in SQLite, ``gcm_snapshots`` in PostgreSQL), of the
  aggregate as just saved (``domain.base.Snapshot``, topic
  ``gcm.Snapshot``): an application that has not cached an aggregate (just
  started, or evicted it) reads its latest snapshot and the events after it.
  A snapshot is only ever a shortcut: one that cannot be stored (disk full, a
  snapshot already there) is logged and the command stands, since its events
  are recorded.
"""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from eventsourcing.application import ProcessingEvent
from eventsourcing.persistence import EventStore, PersistenceError

from gcm_process.domain import Draft, Process, Session
from gcm_process.domain.base import Snapshot

#: A snapshot every this many versions of an aggregate.
INTERVAL = 100
#: The aggregates whose history grows with use (a letter is issued once).
SNAPSHOTTED = (Session, Process, Draft)
#: Aggregates each application object keeps in its cache.
CACHE_SIZE = 10_000
#: The library's settings for both levers.
ENV = {"AGGREGATE_CACHE_MAXSIZE": str(CACHE_SIZE), "IS_SNAPSHOTTING_ENABLED": "y"}

log = logging.getLogger(__name__)


def due(processing_event: ProcessingEvent[UUID]) -> list[Snapshot]:
    """Snapshots of the saved aggregates whose new events crossed a multiple of INTERVAL."""
    added: dict[UUID, int] = {}
    for event in processing_event.events:
        added[event.originator_id] = added.get(event.originator_id, 0) + 1
    taken = []
    for aggregate_id, aggregate in processing_event.aggregates.items():
        if not isinstance(aggregate, SNAPSHOTTED) or not added.get(aggregate_id):
            continue
        version: int = aggregate.version
        if version // INTERVAL > (version - added[aggregate_id]) // INTERVAL:
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
