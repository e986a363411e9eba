"""Benchmark of the views: rebuild throughput, as-of latency, read-your-writes cost.

    .venv/bin/python bench/views.py            # histories up to 1,000,000 events
    .venv/bin/python bench/views.py --quick    # a few seconds, up to 10,000
    .venv/bin/python bench/views.py --sizes 1000,1000000
    .venv/bin/python bench/views.py --sizes 1000,1000000 --previous   # and the queries before

The as-of latency is measured once every size is written: each size's views
(a copy of the file as it stood then, the largest the file itself) are open
at once and answer in turns, the order rotating, so the machine's other work
falls on every size alike; the figure is p95 at the largest size over p95 at
the smallest.

The event log is a SQLite event store of 8 sessions whose history grows by
venue changes and reschedules (one event every 10 s of recorded time, mostly
announced in order, 1 in 50 back-dated by a month). It is written fast: the
events are made directly and saved through the application's mapper and
recorder in batches of 10,000, not one command at a time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

from sqlite_utils import Database

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain import Day, Session
from gcm_process.domain.ids import session_id
from gcm_process.domain.session_state import END_OF_TIME
from projections import Point, Views, queries
from projections.rebuild import rebuild
from projections.records import process_key
from projections.views_file import open_in_use
from tests.projections.lookups_before import READING_ROWS

PROCESS = "bench"
SESSIONS = 8
VENUES = ("Trusteeship Council Chamber", "Conference Room 4", "ECOSOC Chamber", "GA Hall")
START = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)
ANNOUNCED = date(2018, 1, 1)


class Log:
    """A growing event log: ``grow(n)`` appends events until the log holds ``n``."""

    def __init__(self, settings: Settings) -> None:
        self.app = GcmProcess.from_settings(settings)
        self.app.open_process(PROCESS, "Benchmark", actor="bench", announced_on=ANNOUNCED)
        for n in range(SESSIONS):
            first = Day(ANNOUNCED + timedelta(days=60 + 10 * n), venue=VENUES[0])
            self.app.schedule_session(
                PROCESS, f"s-{n}", "other", f"S{n}", [first], actor="bench", announced_on=ANNOUNCED
            )
        self.versions = [1] * SESSIONS
        #: Each session's first day as it now stands, so venue changes move a real day.
        self.first_days = [ANNOUNCED + timedelta(days=60 + 10 * n) for n in range(SESSIONS)]
        self.count = self.app.last_position()
        self.rng = random.Random(1)

    def instant(self, i: int) -> datetime:
        return START + timedelta(seconds=10 * i)

    def announced(self, i: int) -> date:
        return ANNOUNCED + timedelta(days=i // 2_000)

    def grow(self, total: int) -> None:
        while self.count < total:
            batch = [self._event(i) for i in range(self.count, min(total, self.count + 10_000))]
            self.app.recorder.insert_events([self.app.mapper.to_stored_event(e) for e in batch])
            self.count += len(batch)

    def _event(self, i: int) -> Any:
        n = i % SESSIONS
        self.versions[n] += 1
        on = self.announced(i)
        if self.rng.random() < 0.02:
            on -= timedelta(days=30)
        common = {
            "originator_id": session_id(PROCESS, f"s-{n}"),
            "originator_version": self.versions[n],
            "timestamp": self.instant(i),
            "announced_on": on,
            "source": None,
            "actor": "bench",
            "command_id": uuid4().hex,
        }
        first = ANNOUNCED + timedelta(days=60 + 10 * n + (i // 100) % 5)
        if i % 7 == 0:
            self.first_days[n] = first
            days = [
                Day(first, venue=VENUES[i % 4]),
                Day(first + timedelta(days=1), venue=VENUES[0]),
            ]
            return Session.Rescheduled(days=days, reason=None, **common)  # type: ignore[call-arg]
        moved = [self.first_days[n]]
        return Session.VenueChanged(venue=VENUES[i % 4], dates=moved, **common)  # type: ignore[call-arg]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 3),
    }


CURRENT = {"as_of": queries._AS_OF, "known_on": queries._AT}
KINDS = ("as_of", "known_on")
#: Queries of each kind one views file answers before the next file takes its turn.
TURN = 10


def previous_timeline(db: Database, kind: str, point: Point) -> dict[str, Any]:
    """``queries.timeline`` at a point, with the previous query of that kind."""
    p = process_key(db, PROCESS)
    rows = db.execute(READING_ROWS[kind], {"p": p, "t": point.t, "d": point.d}).fetchall()
    states = sorted(
        (json.loads(r[0]) for r in rows if r[0] is not None),
        key=lambda s: (s["days"][0]["date"] if s["days"] else END_OF_TIME, s["slug"]),
    )
    return {"process": PROCESS, **point.as_json(), "sessions": states}


class Sized:
    """The views of the log's first ``events`` events, opened for the latency turns."""

    def __init__(self, path: Path, events: int, log: Log) -> None:
        self.db = Database(open_in_use(path)[0])  # as the views connect
        self.events = events
        self.log = log
        self.rng = random.Random(events)
        self.samples: dict[tuple[str, str], list[float]] = {}

    def point(self, kind: str) -> Point:
        i = self.rng.randrange(self.events)
        if kind == "as_of":
            return Point(as_of=self.log.instant(i))
        return Point(known_on=self.log.announced(i))

    def measure(self, kind: str, side: str) -> None:
        point = self.point(kind)
        started = time.perf_counter()
        if side == "current":
            found = queries.timeline(self.db, PROCESS, point)
        else:
            found = previous_timeline(self.db, kind, point)
        elapsed = time.perf_counter() - started
        assert len(found["sessions"]) == SESSIONS, found
        self.samples.setdefault((kind, side), []).append(elapsed)

    def agree(self, checks: int) -> bool:
        """The previous queries answer as the current ones do, at random points."""
        return all(
            queries.timeline(self.db, PROCESS, point) == previous_timeline(self.db, kind, point)
            for kind in KINDS
            for point in (self.point(kind) for _ in range(checks))
        )


def as_of_latency(files: dict[int, Sized], queries_count: int, sides: list[str]) -> None:
    """Every size's views answer in turns, the order of sizes (and of sides) rotating.

    A turn is ``TURN`` queries of each kind on one file; after a warm-up, the
    files take turns until each has answered ``queries_count`` of each kind on
    each side, so the machine's other work falls on every size alike.
    """
    sized = list(files.values())
    for each in sized:
        for kind in KINDS:
            for _ in range(TURN):
                each.measure(kind, "current")
        each.samples.clear()
    for turn in range(-(-queries_count // TURN)):
        for each in sized[turn % len(sized) :] + sized[: turn % len(sized)]:
            for i in range(TURN):
                for j, kind in enumerate(KINDS):
                    offset = (turn + i + j) % len(sides)
                    for side in sides[offset:] + sides[:offset]:
                        each.measure(kind, side)


def query_plans(db: Database, sides: list[str]) -> dict[str, list[str]]:
    """SQLite's plan of each as-of query (``EXPLAIN QUERY PLAN``), step by step."""
    found = {}
    for side in sides:
        for kind, sql in (CURRENT if side == "current" else READING_ROWS).items():
            name = kind if side == "current" else f"{kind} (previous)"
            rows = db.execute(f"EXPLAIN QUERY PLAN {sql}", {"p": 1, "t": 0, "d": 0})
            found[name] = [row[-1] for row in rows.fetchall()]
    return found


def snapshot(path: Path, into: Path) -> Path:
    """A copy of the views file as it now stands (SQLite's online backup)."""
    source, copy = sqlite3.connect(str(path)), sqlite3.connect(str(into))
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return into


def read_your_writes(tmp: Path, commands: int) -> dict[str, float]:
    settings = Settings(tmp / "ryw")
    app = GcmProcess.from_settings(settings)
    views = Views.open(settings, app)
    app.open_process(PROCESS, "Benchmark", actor="bench")
    app.schedule_session(PROCESS, "s-0", "other", "S0", [Day(date(2018, 3, 1))], actor="bench")
    samples: list[float] = []
    for i in range(commands):
        app.change_venue(PROCESS, "s-0", VENUES[i % 2], actor="bench")
        started = time.perf_counter()
        views.catch_up()
        samples.append(time.perf_counter() - started)
    views.close()
    app.close()
    return percentiles(samples)


def raw_inserts(path: Path, rows: int) -> float:
    """Rows per second: plain sqlite3 inserting ``rows`` rows in one transaction."""
    conn = sqlite3.connect(str(path))
    conn.execute(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, session TEXT, version INTEGER, data TEXT)"
    )
    started = time.perf_counter()
    with conn:
        conn.executemany(
            "INSERT INTO t (session, version, data) VALUES (?, ?, ?)",
            ((f"s-{i % 8}", i, VENUES[i % 4]) for i in range(rows)),
        )
    elapsed = time.perf_counter() - started
    conn.close()
    return rows / elapsed


def rebuild_child(data_dir: str) -> None:
    """In a child process (so its peak memory is the rebuild's own): rebuild, print figures."""
    settings = Settings(Path(data_dir))
    app = GcmProcess.from_settings(settings)
    started = time.perf_counter()
    position = rebuild(settings.views_path, app)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "events": position,
                "seconds": elapsed,
                "peak_mb": round(peak_mb, 1),
                "rows_per_event": rows_per_event(settings.views_path, position),
            }
        )
    )


def rows_per_event(path: Path, events: int) -> dict[str, float]:
    """Rows the views hold per event, by table (index entries not counted)."""
    conn = sqlite3.connect(str(path))
    tables = ("session_events", "session_states", "session_rows", "session_bounds")
    found = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] / events for t in tables}
    conn.close()
    return {**{t: round(n, 3) for t, n in found.items()}, "total": round(sum(found.values()), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small histories, a few seconds")
    parser.add_argument("--sizes", help="the histories measured, comma-separated (events)")
    parser.add_argument(
        "--previous",
        action="store_true",
        help="also measure the as-of queries as they were before the covering indexes",
    )
    parser.add_argument("--rebuild-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rebuild_child:
        rebuild_child(args.rebuild_child)
        return
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000, 1_000_000]
    if args.sizes:
        sizes = sorted(int(size) for size in args.sizes.split(","))
    samples = 100 if args.quick else 500
    sides = ["current", "previous"] if args.previous else ["current"]
    report: dict[str, Any] = {"load_average": {"start": os.getloadavg()[0]}, "latency": {}}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        settings = Settings(tmp / "log")
        log = Log(settings)
        views = Views.open(settings, log.app)
        files: dict[int, Sized] = {}
        plans = report["plans"] = {}
        for size in sizes:
            started = time.perf_counter()
            log.grow(size)
            written = time.perf_counter() - started
            views.catch_up(batch=10_000)
            report["latency"][size] = {"written_s": round(written, 1)}
            plans[size] = query_plans(views.db, sides)
            path = settings.views_path
            if size != sizes[-1]:
                path = snapshot(path, tmp / f"views-{size}.sqlite")
            files[size] = Sized(path, log.count, log)
            print(f"{size:>9,} events written and caught up ({written:.1f} s)", flush=True)
        views.close()
        report["same_plans"] = all(p == plans[sizes[-1]] for p in plans.values())
        for step, plan in plans[sizes[-1]].items():
            print(f"plan of {step}: " + "; ".join(plan), flush=True)
        print(f"the same query plans at every size: {report['same_plans']}", flush=True)
        report["load_average"]["latency_start"] = os.getloadavg()[0]
        as_of_latency(files, samples, sides)
        report["load_average"]["latency_end"] = os.getloadavg()[0]
        for size, each in files.items():
            figures = {
                f"{kind}{'' if side == 'current' else ' (previous)'}": percentiles(found)
                for (kind, side), found in each.samples.items()
            }
            report["latency"][size].update(figures)
            if args.previous:
                report["latency"][size]["previous_agrees"] = each.agree(20)
            print(f"{size:>9,} events: {report['latency'][size]}", flush=True)
            each.db.close()
        smallest, largest = report["latency"][sizes[0]], report["latency"][sizes[-1]]
        report["p95_ratio"] = {
            name: round(largest[name]["p95_ms"] / smallest[name]["p95_ms"], 2)
            for name in smallest
            if isinstance(smallest[name], dict)
        }
        report["p50_ratio"] = {
            name: round(largest[name]["p50_ms"] / smallest[name]["p50_ms"], 2)
            for name in smallest
            if isinstance(smallest[name], dict)
        }
        print(
            f"p95 at {sizes[-1]:,} over p95 at {sizes[0]:,} events: {report['p95_ratio']}"
            f" (p50: {report['p50_ratio']})",
            flush=True,
        )
        child = subprocess.run(
            [sys.executable, __file__, "--rebuild-child", str(settings.data_dir)],
            check=True,
            capture_output=True,
            text=True,
        )
        built = json.loads(child.stdout)
        rebuilt = Database(sqlite3.connect(str(settings.views_path)))
        report["rebuilt_same_plans"] = query_plans(rebuilt, sides) == plans[sizes[-1]]
        rebuilt.close()
        print(f"the same query plans after a rebuild: {report['rebuilt_same_plans']}", flush=True)
        raw = raw_inserts(tmp / "raw.sqlite", built["events"])
        rate = built["events"] / built["seconds"]
        report["rebuild"] = {
            **built,
            "events_per_s": round(rate),
            "raw_rows_per_s": round(raw),
            "ratio": round(rate / raw, 3),
        }
        print(f"rebuild: {report['rebuild']}", flush=True)
        report["read_your_writes"] = read_your_writes(tmp, 100 if args.quick else 1_000)
        print(f"read-your-writes: {report['read_your_writes']}", flush=True)
        log.app.close()
    report["load_average"]["end"] = os.getloadavg()[0]
    print(f"load average (1 min): {report['load_average']}", flush=True)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
