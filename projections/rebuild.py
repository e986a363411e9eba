"""Recreate the views from the event log into a new file, swapped in when complete.

A reader never sees a half-built view, and a failed rebuild leaves the old
file serving. Memory stays bounded: the log is read in batches, and only the
session rows still open are kept between them.

The log is read with plain SQL where the store allows (``log_reader``). The
new file is nobody's until it is swapped in, so it is built without a
journal or syncs, the session rows stay in memory until the end, and the
session tables' indexes are made once, at the end, from the sorted rows. The
rows are the same as catching up would write (``tests/projections``).

On a SQLite store of at least ``PARALLEL_FROM`` events and a machine of
several CPUs, the sessions are shared out between processes by their number
of events (``rebuild_part``): each reads the log, folds its own sessions
into a file of its own, and this process, which also folds everything that
is not a session's, copies the others' rows in when they are done. Ids do
not depend on the order of folding (``session_rows``), so the rows are
those of one pass.
"""

from __future__ import annotations

import contextlib
import gc
import heapq
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

from sqlite_utils import Database
from tqdm import tqdm

from gcm_process.application import GcmProcess
from gcm_process.domain.errors import InvalidInput
from projections.log_reader import aggregate_sizes, log_reader
from projections.projector import Part, project
from projections.rebuild_part import Others
from projections.schema import migrate
from projections.session_rows import SessionRows
from projections.views_file import connect_file, swap_in

#: Events applied per transaction while rebuilding.
REBUILD_BATCH = 20_000
#: Tables whose secondary indexes are made at the end of a rebuild.
DEFERRED = ("session_rows", "session_events")
#: Events from which a rebuild shares the sessions out between processes.
PARALLEL_FROM = 50_000
#: The processes of a rebuild at most (with this one).
MOST_PARTS = 4


def rebuild(path: Path, app: GcmProcess, progress: bool = False, parts: int | None = None) -> int:
    """Build the views of ``app``'s whole log at ``path``; the position reached.

    ``parts``: how many processes fold the sessions (by default ``parts_wanted``;
    more than one only where the store allows).
    """
    building = path.with_name(path.name + ".rebuilding")
    _remove(building)
    try:
        end = app.last_position()
        mine, *theirs = _share(app, end, parts)
        conn = connect_file(building, "OFF")
        try:
            indexes = prepare(conn)
            with contextlib.ExitStack() as stack:
                others = stack.enter_context(Others(app, building, theirs, end))
                fill(conn, app, mine, end, progress)
                steps = stack.enter_context(_finishing(len(theirs), len(indexes), progress))
                steps.set_postfix_str("the other parts' rows")
                others.copy_into(conn)
                steps.update(len(theirs))
                _set_position(conn, app, end)
                for name, sql in indexes:
                    steps.set_postfix_str(name)
                    conn.execute(sql)
                    steps.update()
                steps.set_postfix_str("statistics")
                conn.execute("ANALYZE")
                steps.update()
        finally:
            conn.close()
        swap_in(building, path)
    except BaseException:
        _remove(building)
        raise
    return end


def _finishing(parts: int, indexes: int, progress: bool) -> tqdm[NoReturn]:
    """The steps after the fold, shown as they are taken (a long log's indexes take a while):
    copying each other part's rows in, making each index, the statistics."""
    return tqdm(
        total=parts + indexes + 1, unit="step", desc="finish", disable=not progress, leave=True
    )


def prepare(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """A new views file, unjournaled, without the deferred indexes; the names and
    statements that make them again."""
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA cache_size=-65536")
    migrate(Database(conn))
    found = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({', '.join('?' * len(DEFERRED))})",
        DEFERRED,
    ).fetchall()
    for name, _ in found:
        conn.execute(f'DROP INDEX "{name}"')
    return [(str(name), str(sql)) for name, sql in found]


def fill(
    conn: sqlite3.Connection,
    app: GcmProcess,
    part: Part | None,
    end: int,
    progress: bool = False,
) -> None:
    """Fold the log up to ``end`` (``part`` of it, or all) into ``conn``."""
    position = 0
    sessions = SessionRows(conn, keep=True)
    bar = tqdm(total=end, unit="event", unit_scale=True, desc="rebuild", disable=not progress)
    with log_reader(app, part, end) as read, bar, _collecting_per_batch():
        while position < end:
            batch = read(position + 1, REBUILD_BATCH)
            if batch and batch[-1].id > end:
                batch = [n for n in batch if n.id <= end]
            if not batch:
                break
            project(conn, app, batch, sessions, part)
            conn.commit()
            gc.collect(1)
            reached = end if len(batch) < REBUILD_BATCH else batch[-1].id
            bar.update(reached - position)
            position = reached
    sessions.finish()
    conn.commit()


@contextlib.contextmanager
def _collecting_per_batch() -> Iterator[None]:
    """Python's cyclic collector paused while folding, the caller collecting the young
    objects after each batch instead (``gc.collect(1)``).

    A fold makes some objects for every event and keeps many (open rows, states'
    texts); the collector, run every few hundred new objects, kept walking those,
    for about a sixth of a one-process rebuild's time, and found almost no cycles.
    The collector is process-wide: it is on again when the fold ends, however it ends.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _set_position(conn: sqlite3.Connection, app: GcmProcess, end: int) -> None:
    """The views' position: the log's event at ``end`` (its last when the rebuild began)."""
    if not end:
        return
    found = app.recorder.select_notifications(start=end, limit=1)
    if not found or found[0].id != end:
        raise RuntimeError(f"the log's event {end} is no longer where the rebuild found it")
    last = found[0]
    conn.execute(
        "UPDATE position SET position = ?, originator_id = ?, originator_version = ?",
        (last.id, str(last.originator_id), last.originator_version),
    )
    conn.commit()


def parts_wanted(end: int) -> int:
    """How many processes rebuild a log of ``end`` events: ``GCM_REBUILD_PARTS`` (``1``: this
    one alone), or one per CPU up to ``MOST_PARTS`` for a log of ``PARALLEL_FROM`` or more."""
    chosen = os.environ.get("GCM_REBUILD_PARTS", "").strip()
    if chosen:
        try:
            count = int(chosen)
        except ValueError:
            count = 0
        if not 1 <= count <= MOST_PARTS:
            raise InvalidInput(f"GCM_REBUILD_PARTS must be a whole number from 1 to {MOST_PARTS}.")
        return count
    return min(os.cpu_count() or 1, MOST_PARTS) if end >= PARALLEL_FROM else 1


def _share(app: GcmProcess, end: int, parts: int | None) -> list[Part | None]:
    """The parts of the log each process folds, this one's first ([None]: all, here)."""
    count = parts_wanted(end) if parts is None else parts
    sizes = aggregate_sizes(app) if count > 1 else None
    if sizes is None:
        return [None]
    # The largest aggregates first, each to the part with the fewest events so far.
    heap = [(0, i) for i in range(count)]
    shares: list[set[str]] = [set() for _ in range(count)]
    for aggregate, size in sorted(sizes.items(), key=lambda item: -item[1]):
        total, i = heapq.heappop(heap)
        shares[i].add(aggregate)
        heapq.heappush(heap, (total + size, i))
    return [
        Part(frozenset(share), first=i == 0) for i, share in enumerate(shares) if share or i == 0
    ]


def _remove(path: Path) -> None:
    """A half-built file, its journal, and the files of its parts (one left by a part
    that went on after its rebuild was killed)."""
    parts = [path.with_name(f"{path.name}.{i}") for i in range(1, MOST_PARTS)]
    for name in (path, path.with_name(path.name + "-journal"), *parts):
        with contextlib.suppress(FileNotFoundError):
            os.remove(name)
