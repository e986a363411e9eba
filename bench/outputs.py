"""Benchmark of the outputs: the replayed report over a long log, the calendar feed.

    .venv/bin/python bench/outputs.py            # 1,000,000 events; 1,000 sessions
    .venv/bin/python bench/outputs.py --quick    # a few seconds: 20,000 events; 100 sessions

Report: a process whose log holds ``--events`` events (200 sessions of three
days, changed by venue changes, reschedules and the odd postponement; letters
and drafts beside them) is written fast, by making the events directly and
saving them through the application's mapper and recorder in batches of
10,000. In a fresh child process each (so that peak memory is the run's own),
``build_report`` replays it, and a baseline reads and decodes the same
notifications with the eventsourcing library alone (same batches, same topic
filter). Targets: replay at least 0.5 of the baseline's events per second,
peak memory under 200 MB. The ratio is given on wall-clock time and on CPU
time (steadier on a shared machine).

Calendar: ``--sessions`` sessions recorded through the application (a third
rescheduled, a third moved to another room), three days each. p50/p95 of
building the feed from the views (what the first request after a change
costs), of ``GET .../calendar.ics`` through the Flask test client once the
worker holds it, and of a conditional request answered 304. Each figure is
the median of ``--rounds`` rounds; the JSON lands in ``bench/out/outputs.json``.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gcm_process.application import GcmProcess  # noqa: E402
from gcm_process.config import Settings  # noqa: E402
from gcm_process.domain import Day, Person, Session  # noqa: E402
from gcm_process.domain.ids import session_id  # noqa: E402

PROCESS = "gcm-bench"
ACTOR = "bench"
SESSIONS = 200
ROOMS = ("Trusteeship Council Chamber", "Conference Room 4", "ECOSOC Chamber", "GA Hall")
ANNOUNCED = date(2018, 1, 30)
START = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)
BATCH = 10_000


def first_day(n: int, shift: int = 0) -> date:
    return date(2018, 2, 5) + timedelta(days=7 * n + shift % 3)


def three_days(n: int, shift: int, room: str) -> list[Day]:
    start = first_day(n, shift)
    return [Day(start + timedelta(days=d), venue=room) for d in range(3)]


def write_log(data_dir: Path, events: int) -> int:
    """A process whose log holds ``events`` events; the position reached."""
    app = GcmProcess.from_settings(Settings(data_dir))
    said = {"actor": ACTOR, "announced_on": ANNOUNCED}
    app.open_process(PROCESS, "Benchmark Compact", "resolution 71/280", **said)  # type: ignore[arg-type]
    app.appoint_facilitator(PROCESS, Person("A. Facilitator", "Ambassador", "Mexico"), **said)  # type: ignore[arg-type]
    for n in range(20):
        app.issue_letter(
            PROCESS, f"letter-{n}", ANNOUNCED, f"Letter {n}", "Excellency, ...", actor=ACTOR
        )
    for n in range(SESSIONS):
        days = three_days(n, 0, ROOMS[0])
        app.schedule_session(
            PROCESS,
            f"round-{n}",
            "negotiation_round",
            f"Round {n}",
            days,
            n + 1,
            source="letter-0",
            **said,
        )  # type: ignore[arg-type]
    app.circulate_draft(PROCESS, "zero-draft", "Zero draft", ANNOUNCED, **said)  # type: ignore[arg-type]
    app.present_draft(PROCESS, "zero-draft", "round-0", **said)  # type: ignore[arg-type]
    versions = [1] * SESSIONS
    count = app.last_position()
    while count < events:
        batch = []
        for i in range(count, min(events, count + BATCH)):
            n = i % SESSIONS
            versions[n] += 1
            batch.append(_event(i, n, versions[n]))
        app.recorder.insert_events([app.mapper.to_stored_event(e) for e in batch])
        count += len(batch)
    position = app.last_position()
    app.close()
    return position


def _event(i: int, n: int, version: int) -> Any:
    common = {
        "originator_id": session_id(PROCESS, f"round-{n}"),
        "originator_version": version,
        "timestamp": START + timedelta(milliseconds=10 * i),
        "announced_on": ANNOUNCED + timedelta(days=i // 5_000),
        "source": f"letter-{i % 20}",
        "actor": ACTOR,
        "command_id": uuid4().hex,
    }
    turn = (i // SESSIONS) % 10
    if turn == 9:
        return Session.Postponed(reason="to be announced", **common)  # type: ignore[call-arg]
    if turn % 2 == 0:
        days = three_days(n, i // SESSIONS, ROOMS[i % 4])
        return Session.Rescheduled(days=days, reason=None, **common)  # type: ignore[call-arg]
    moved = [first_day(n, i // SESSIONS - 1)]
    return Session.VenueChanged(venue=ROOMS[(i + 1) % 4], dates=moved, **common)  # type: ignore[call-arg]


def child(kind: str, data_dir: str) -> None:
    """In a fresh process: replay (or only decode) the log, print events, seconds, peak MB."""
    from projections.report import build_report
    from projections.report.replay import BATCH as REPLAY_BATCH
    from projections.report.replay import TOPICS

    app = GcmProcess.from_settings(Settings(Path(data_dir)))
    last = app.last_position()
    started, cpu = time.perf_counter(), time.process_time()
    if kind == "replay":
        with build_report(app, PROCESS) as report:
            read, changes = report.events_read, len(report.changes)
    else:
        read = changes = 0
        start = 1
        while start <= last:
            found = app.recorder.select_notifications(start, REPLAY_BATCH, stop=last, topics=TOPICS)
            for n in found:
                app.mapper.to_domain_event(n)
            read += len(found)
            if len(found) < REPLAY_BATCH:
                break
            start = found[-1].id + 1
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    app.close()
    found = {"events": read, "changes": changes, "seconds": seconds, "cpu": cpu, "peak_mb": peak_mb}
    print(json.dumps(found))


def run_child(kind: str, data_dir: Path) -> dict[str, Any]:
    found = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(data_dir)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(found.stdout)
    return result


def report_bench(tmp: Path, events: int, rounds: int) -> dict[str, Any]:
    data_dir = tmp / "report"
    started = time.perf_counter()
    position = write_log(data_dir, events)
    written = time.perf_counter() - started
    replays, baselines = [], []
    for _ in range(rounds):
        baselines.append(run_child("decode", data_dir))
        replays.append(run_child("replay", data_dir))
    replay_rate = statistics.median(r["events"] / r["seconds"] for r in replays)
    decode_rate = statistics.median(b["events"] / b["seconds"] for b in baselines)
    replay_cpu = statistics.median(r["events"] / r["cpu"] for r in replays)
    decode_cpu = statistics.median(b["events"] / b["cpu"] for b in baselines)
    return {
        "events": position,
        "write_seconds": round(written, 1),
        "replay_events_per_s": round(replay_rate),
        "decode_only_events_per_s": round(decode_rate),
        "ratio": round(replay_rate / decode_rate, 3),
        "ratio_cpu_time": round(replay_cpu / decode_cpu, 3),
        "replay_seconds": round(statistics.median(r["seconds"] for r in replays), 2),
        "changes": replays[0]["changes"],
        "peak_mb": round(max(r["peak_mb"] for r in replays), 1),
        "decode_only_peak_mb": round(max(b["peak_mb"] for b in baselines), 1),
    }


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 2),
    }


def calendar_bench(tmp: Path, sessions: int, rounds: int, requests: int) -> dict[str, Any]:
    from api import create_app
    from api.config import ApiConfig
    from projections import Point, calendar

    flask = create_app(ApiConfig(Settings(tmp / "calendar"), write_rate=None))
    app, views = flask.extensions["gcm"].app, flask.extensions["gcm"].views
    said: dict[str, Any] = {"actor": ACTOR, "announced_on": ANNOUNCED}
    app.open_process(PROCESS, "Benchmark Compact", **said)
    for n in range(sessions):
        slug = f"round-{n}"
        days = three_days(n, 0, ROOMS[0])
        app.schedule_session(PROCESS, slug, "negotiation_round", f"Round {n}", days, n + 1, **said)
        if n % 3 == 1:
            app.reschedule_session(PROCESS, slug, three_days(n, 1, ROOMS[1]), actor=ACTOR)
        elif n % 3 == 2:
            app.change_venue(PROCESS, slug, ROOMS[2], actor=ACTOR)
    client = flask.test_client()
    url = f"/api/processes/{PROCESS}/calendar.ics"
    built: list[dict[str, float]] = []
    cached: list[dict[str, float]] = []
    answered: list[dict[str, float]] = []
    first = client.get(url)
    size, etag = len(first.data), first.headers["ETag"]
    for _ in range(rounds):
        cold, warm, not_modified = [], [], []
        for _ in range(requests):
            started = time.perf_counter()
            calendar.source(views.db, PROCESS, Point(), "http://localhost").build(views.db)
            cold.append(time.perf_counter() - started)
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            warm.append(time.perf_counter() - started)
        for _ in range(requests * 10):
            started = time.perf_counter()
            response = client.get(url, headers={"If-None-Match": etag})
            not_modified.append(time.perf_counter() - started)
            assert response.status_code == 304
        built.append(percentiles(cold))
        cached.append(percentiles(warm))
        answered.append(percentiles(not_modified))
    flask.extensions["gcm"].close()
    median = lambda runs, key: round(statistics.median(r[key] for r in runs), 2)  # noqa: E731
    return {
        "sessions": sessions,
        "vevents": sessions * 3,
        "bytes": size,
        "generate_p50_ms": median(built, "p50_ms"),
        "generate_p95_ms": median(built, "p95_ms"),
        "get_200_cached_p95_ms": median(cached, "p95_ms"),
        "not_modified_p50_ms": median(answered, "p50_ms"),
        "not_modified_p95_ms": median(answered, "p95_ms"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a few seconds")
    parser.add_argument("--events", type=int, default=None)
    parser.add_argument("--sessions", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "outputs.json")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "DATA_DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    events = args.events or (20_000 if args.quick else 1_000_000)
    sessions = args.sessions or (100 if args.quick else 1_000)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        found = {
            "report": report_bench(tmp, events, args.rounds),
            "calendar": calendar_bench(tmp, sessions, args.rounds, 5 if args.quick else 10),
        }
    found["targets_met"] = {
        "replay_ratio_at_least_0.5": found["report"]["ratio"] >= 0.5,
        "peak_under_200_mb": found["report"]["peak_mb"] < 200,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(found, indent=2) + "\n")
    print(json.dumps(found, indent=2))


if __name__ == "__main__":
    main()
