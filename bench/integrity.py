"""Benchmark of the record's integrity: the chain's cost, verify, export and restore.

    .venv/bin/python bench/integrity.py                        # SQLite, 100,000 events
    .venv/bin/python bench/integrity.py --events 1000000       # the 1,000,000-event figure
    .venv/bin/python bench/integrity.py --store "$GCM_TEST_POSTGRES"   # chain cost on PostgreSQL
    .venv/bin/python bench/integrity.py --quick                # a few seconds (a smoke test)

* **chain cost**: ``GcmProcess.change_venue`` on a store that links every event
  into the chain against the same store without the chain (the recorder of
  before: the same guards, no companion table), one transaction per command,
  in turns of 25 commands, the order rotating; medians over ``--rounds``.
  Target: at most 5 % slower.
* **verify**: ``verify_record`` (read both tables, recompute and compare every
  link) over ``--events`` events, against ``hashlib.sha256`` alone chaining
  the very bytes the chain hashes, already in memory. Target: a rate ratio of
  at least 0.5.
* **export** and **restore**: ``gcm-process export`` (NDJSON, and gzip) and
  ``restore`` into an empty SQLite store, in events per second.

The table goes to stdout, then one line of JSON (also in ``bench/out/integrity.json``).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventsourcing.persistence import StoredEvent  # noqa: E402
from eventsourcing.postgres import PostgresApplicationRecorder  # noqa: E402
from eventsourcing.sqlite import SQLiteApplicationRecorder  # noqa: E402

from bench.core import fresh_settings, room  # noqa: E402
from gcm_process.application import GcmProcess  # noqa: E402
from gcm_process.config import Settings  # noqa: E402
from gcm_process.domain import Day  # noqa: E402
from gcm_process.integrity.archive import linked, write_export  # noqa: E402
from gcm_process.integrity.chain import _HEADER, _LENGTH, GENESIS, id_bytes  # noqa: E402
from gcm_process.integrity.record import verify_record  # noqa: E402
from gcm_process.integrity.restore import restore  # noqa: E402
from gcm_process.integrity.signing import node_key, sign_file  # noqa: E402
from gcm_process.integrity.stores import open_raw  # noqa: E402
from gcm_process.store import AppendOnlySQLiteRecorder, DurableSQLiteFactory  # noqa: E402
from gcm_process.store_postgres import (  # noqa: E402
    AppendOnlyPostgresFactory,
    AppendOnlyPostgresRecorder,
)

PROCESS, ACTOR, CHUNK, SESSIONS = "bench", "bench", 25, 20


# -- the store without the chain, as it was before ----------------------------------------


class UnchainedSQLiteRecorder(AppendOnlySQLiteRecorder):
    def _insert_events(self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Any:
        return SQLiteApplicationRecorder._insert_events(self, c, stored_events, **kwargs)


class UnchainedSQLiteFactory(DurableSQLiteFactory):
    application_recorder_class = UnchainedSQLiteRecorder


class UnchainedPostgresRecorder(AppendOnlyPostgresRecorder):
    def _fetch_ids_after_insert_events(self, curs: Any, stored: Any, **kwargs: Any) -> Any:
        return PostgresApplicationRecorder._fetch_ids_after_insert_events(
            self, curs, stored, **kwargs
        )


class UnchainedPostgresFactory(AppendOnlyPostgresFactory):
    application_recorder_class = UnchainedPostgresRecorder


def application(settings: Settings, chained: bool) -> GcmProcess:
    env = settings.application_env()
    if not chained:
        kind = "SQLite" if settings.store_kind == "sqlite" else "Postgres"
        env["PERSISTENCE_MODULE"] = f"bench.integrity:Unchained{kind}Factory"
    return GcmProcess(env)


def side(settings: Settings, chained: bool) -> tuple[GcmProcess, Callable[[int], None]]:
    app = application(settings, chained)
    app.open_process(PROCESS, "Benchmark", actor=ACTOR)
    first = Day(date(2018, 2, 20), venue="Conference Room 1")
    for n in range(SESSIONS):
        app.schedule_session(PROCESS, f"s-{n}", "other", f"S {n}", [first], actor=ACTOR)

    def change(i: int) -> None:
        app.change_venue(PROCESS, f"s-{i % SESSIONS}", room(i, SESSIONS), actor=ACTOR)

    return app, change


def chain_cost(store: str, commands: int, rounds: int) -> dict[str, float]:
    rates: dict[str, list[float]] = {"without": [], "with": []}
    for _ in range(rounds):
        with fresh_settings(store) as plain, fresh_settings(store) as chained:
            apps = {"without": side(plain, False), "with": side(chained, True)}
            spent = dict.fromkeys(apps, 0.0)
            for turn, start in enumerate(range(0, commands, CHUNK)):
                for name in list(apps)[turn % 2 :] + list(apps)[: turn % 2]:
                    gc.collect()
                    began = time.perf_counter()
                    for i in range(start, min(start + CHUNK, commands)):
                        apps[name][1](i)
                    spent[name] += time.perf_counter() - began
            for name, (app, _) in apps.items():
                rates[name].append(commands / spent[name])
                app.close()
    without, with_chain = (statistics.median(rates[k]) for k in ("without", "with"))
    return {"without_per_s": without, "with_per_s": with_chain, "ratio": with_chain / without}


# -- a long record, verify, export, restore -----------------------------------------------


def fill(settings: Settings, events: int) -> None:
    """``events`` events of realistic size (25 per aggregate), saved in batches of 1,000."""
    state = json.dumps(
        {
            "timestamp": {"_type_": "datetime_iso", "_data_": "2018-02-10T15:01:00.000000+00:00"},
            "originator_topic": "gcm.Session",
            "announced_on": {"_type_": "date_iso", "_data_": "2018-02-10"},
            "source": "letter-2018-02-10",
            "actor": "clerk:ana",
            "command_id": None,
            "venue": "Conference Room 1",
            "dates": [{"_type_": "date_iso", "_data_": "2018-02-22"}],
            "days": [{"date": "2018-02-22", "start": None, "end": None, "venue": "CR 1"}] * 2,
        }
    ).encode()
    app = GcmProcess.from_settings(settings)
    try:
        batch: list[StoredEvent] = []
        aggregate = uuid.uuid4()
        for n in range(events):
            if n % 25 == 0:
                aggregate = uuid.uuid4()
            batch.append(StoredEvent(aggregate, n % 25 + 1, "gcm.Session.VenueChanged", state))
            if len(batch) == 1000:
                app.recorder.insert_events(batch)
                batch = []
        if batch:
            app.recorder.insert_events(batch)
    finally:
        app.close()


def hashlib_alone(settings: Settings) -> float:
    """Seconds for sha256 alone to chain the bytes the chain hashes (read beforehand)."""
    raw = open_raw(settings)
    spent, previous, chunk = 0.0, GENESIS, []
    sha256 = hashlib.sha256
    try:
        events, _ = raw.read()
        for row in events:
            topic = row.topic.encode()
            chunk.append(
                _HEADER.pack(row.position, row.originator_version, 16)
                + id_bytes(row.originator_id)
                + _LENGTH.pack(len(topic))
                + topic
                + row.state
            )
            if len(chunk) == 10_000:
                began = time.perf_counter()
                for message in chunk:
                    previous = sha256(previous + message).digest()
                spent += time.perf_counter() - began
                chunk = []
        began = time.perf_counter()
        for message in chunk:
            previous = sha256(previous + message).digest()
        spent += time.perf_counter() - began
    finally:
        raw.close()
    return spent


def timed(work: Callable[[], object]) -> float:
    gc.collect()
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def export_to(settings: Settings, path: Path) -> None:
    raw = open_raw(settings)
    try:
        total, _ = raw.counts()
        events, links = raw.read()
        write_export(path, linked(events, links), total, [])
    finally:
        raw.close()
    sign_file(path, node_key(settings.data_dir))


def long_record(events: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(Path(tmp) / "data")
        filled = timed(lambda: fill(settings, events))
        verify = timed(lambda: verify_record(settings))
        alone = hashlib_alone(settings)
        read = reading_alone(settings)
        plain, packed = Path(tmp) / "r.ndjson", Path(tmp) / "r.ndjson.gz"
        export = timed(lambda: export_to(settings, plain))
        export_gz = timed(lambda: export_to(settings, packed))
        restored = timed(lambda: restore(Settings(Path(tmp) / "restored"), plain, None))
        assert verify_record(Settings(Path(tmp) / "restored")).events == events
        return {
            "events": events,
            "write_chained_per_s": events / filled,
            "verify_per_s": events / verify,
            "hashlib_per_s": events / alone,
            "verify_ratio": alone / verify,
            "read_per_s": events / read,
            "export_per_s": events / export,
            "export_gz_per_s": events / export_gz,
            "restore_per_s": events / restored,
            "export_bytes": plain.stat().st_size,
            "export_gz_bytes": packed.stat().st_size,
        }


def report(rounds: int, store: str, cost: dict[str, float], record: dict[str, float]) -> None:
    r = record
    lines = [
        f"chain cost on single commands ({store}, median of {rounds} rounds):",
        f"  without the chain {cost['without_per_s']:10,.0f}/s",
        f"  with the chain    {cost['with_per_s']:10,.0f}/s   ratio {cost['ratio']:.3f}"
        " (target: 0.95 or more, at most 5 % slower)",
        f"a record of {r['events']:,} events (SQLite):",
        f"  verify        {r['verify_per_s']:12,.0f} events/s",
        f"  hashlib alone {r['hashlib_per_s']:12,.0f} events/s   ratio {r['verify_ratio']:.3f}"
        " (target 0.5)",
        f"  reading alone {r['read_per_s']:12,.0f} events/s (sqlite3 fetching the same rows)",
        f"  export        {r['export_per_s']:12,.0f} events/s ({r['export_bytes']:,} bytes)",
        f"  export .gz    {r['export_gz_per_s']:12,.0f} events/s ({r['export_gz_bytes']:,} bytes)",
        f"  restore       {r['restore_per_s']:12,.0f} events/s",
        f"  writing it    {r['write_chained_per_s']:12,.0f} events/s (batches of 1,000, chained)",
    ]
    print("\n".join(lines))


def reading_alone(settings: Settings) -> float:
    """Seconds for sqlite3 alone to fetch the rows verify reads (both tables)."""
    conn = sqlite3.connect(settings.events_path)
    try:
        began = time.perf_counter()
        for sql in (
            "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events "
            "ORDER BY rowid",
            "SELECT position, hash FROM stored_events_chain ORDER BY position",
        ):
            cursor = conn.execute(sql)
            while cursor.fetchmany(2_000):
                pass
        return time.perf_counter() - began
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", default="sqlite", help="sqlite or a postgresql:// URL")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--commands", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke test")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "out" / "integrity.json")
    args = parser.parse_args()
    if args.quick:
        args.events, args.commands, args.rounds = 2_000, 50, 1
    cost = chain_cost(args.store, args.commands, args.rounds)
    store = args.store if args.store in ("sqlite", "memory") else "postgresql"
    record = long_record(args.events)
    report(args.rounds, store, cost, record)
    result = {"store": store, "chain_cost": cost, "record": record}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
