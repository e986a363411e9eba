"""What a command's read-your-writes catch-up writes, and what a command's copy costs.

    .venv/bin/python bench/catch_up.py            # 200 venue changes, session of 1,000 events
    .venv/bin/python bench/catch_up.py --quick    # a smoke test

* **Pages written by one catch-up**: a session of ``--events`` prior events on
  a SQLite store, its views caught up; then, for each venue change, the views'
  WAL is emptied (``wal_checkpoint(TRUNCATE)``), the change is made and the
  views catch up, and the frames the WAL then holds are counted and named by
  the table or index their page belongs to (``dbstat``). Deterministic: the
  median and the mean per table over the changes.
* **The copy a command works on**: the aggregate cache hands each command a
  copy of the cached session (``copy.deepcopy``, ``Record.__deepcopy__``),
  against a deep copy of the same attributes into a new object (what the
  copy was before), in turns of 100, medians.
"""

from __future__ import annotations

import argparse
import collections
import copy
import json
import os
import statistics
import struct
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.command_latency import grow, other_room, toggling
from bench.core import ACTOR, PROCESS, ROOMS, fresh_settings, new_session
from gcm_process.application import GcmProcess
from gcm_process.domain.ids import session_id
from projections import Views


def wal_pages(views: Views) -> list[int]:
    """The page numbers of the frames in the views' WAL."""
    wal = Path(os.path.realpath(views.path) + "-wal").read_bytes()
    size = struct.unpack(">I", wal[8:12])[0]
    return [struct.unpack(">I", wal[at : at + 4])[0] for at in range(32, len(wal), 24 + size)]


def pages_written(app: GcmProcess, views: Views, slug: str, changes: int) -> dict[str, Any]:
    first = other_room(app.session(PROCESS, slug))
    room = toggling((first, ROOMS[1] if first == ROOMS[0] else ROOMS[0]))
    counts, by_tree = [], collections.Counter[str]()
    for _ in range(changes):
        views.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        app.change_venue(PROCESS, slug, room(), actor=ACTOR)
        views.catch_up()
        pages = wal_pages(views)
        names = dict(views.db.execute("SELECT pageno, name FROM dbstat").fetchall())
        counts.append(len(pages))
        by_tree.update(names.get(p, "(new page)") for p in pages)
    return {
        "median": statistics.median(counts),
        "by_table_or_index": {k: round(v / changes, 2) for k, v in by_tree.most_common()},
    }


def copy_cost(app: GcmProcess, slug: str, turns: int) -> dict[str, float]:
    cached = app.repository.get(session_id(PROCESS, slug))

    def before() -> object:
        copied = object.__new__(type(cached))
        copied.__dict__.update(copy.deepcopy(vars(cached)))
        return copied

    sides = {"record": lambda: copy.deepcopy(cached), "deep": before}
    times: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(turns):
        for name, made in sides.items():
            for _ in range(100):
                began = time.perf_counter()
                made()
                times[name].append(time.perf_counter() - began)
    record, deep = (statistics.median(times[n]) * 1e6 for n in ("record", "deep"))
    return {
        "record_us": round(record, 1),
        "deep_us": round(deep, 1),
        "ratio": round(deep / record, 1),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000, help="prior events of the session")
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.events, args.changes = 50, 5
    with fresh_settings("sqlite") as settings:
        app = GcmProcess.from_settings(settings)
        views = Views.open(settings, app)
        app.open_process(PROCESS, "Benchmark", actor=ACTOR)
        s = new_session(1)
        app.schedule_session(PROCESS, s.slug, s.kind, s.title, s.days, s.number, actor=ACTOR)
        grow(app, app.session(PROCESS, s.slug), args.events)
        views.rebuild()
        result = {
            "events": args.events,
            "pages_per_catch_up": pages_written(app, views, s.slug, args.changes),
            "copy": copy_cost(app, s.slug, max(args.changes // 10, 2)),
        }
        views.close()
        app.close()
    pages, copied = result["pages_per_catch_up"], result["copy"]
    print(f"pages one catch-up writes to the WAL (median of {args.changes}): {pages['median']}")
    for name, mean in pages["by_table_or_index"].items():
        print(f"  {mean:5.2f}  {name}")
    print(f"copy of a cached session of {args.events:,} events: {copied['record_us']} µs, "
          f"against {copied['deep_us']} µs copied deeply ({copied['ratio']} times)")  # fmt: skip
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
