"""Benchmark of paged reads: ``changes`` and ``history``, first page and 1,000th page.

    .venv/bin/python bench/paging.py            # 1,000 and 1,000,000 events (several minutes)
    .venv/bin/python bench/paging.py --quick    # 1,000 and 10,000 events, a few seconds

Each record is written once into a temporary directory (the history of
``bench/views.py``: 8 sessions, then venue changes and reschedules, saved in
batches through the application's mapper and recorder) and its views are
rebuilt. A worker process then opens the whole app (``create_app``, as a
gunicorn worker does) and asks, through Flask's test client, for a page of 10
changes or history entries: the first page, and the 1,000th (reached with the
cursor the 999th page gives). The baseline, in the same run and in turns with
the app, is the same SQL read of one page straight from ``sqlite3`` on the same
file. Figures: p50/p95 of each, the app's p95 against the baseline's, page
1,000 against page 1, and the worker's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.views import PROCESS, Log, percentiles
from gcm_process.config import Settings

#: Items per page, as in ``GET /changes?limit=10``.
SIZE = 10
#: The page measured besides the first.
FAR = 1_000
CHANGES_SQL = (
    "SELECT x.slug, e.event, b.json, a.json, e.announced_on, e.recorded_at, e.actor, "
    "e.source, e.version, e.command_id, e.position FROM session_events e "
    "JOIN sessions x ON x.key = e.session_key "
    "JOIN session_states a ON a.id = e.state_id "
    "LEFT JOIN session_states b ON b.id = e.before_state_id "
    "WHERE e.process_key = ? AND e.position > ? AND e.position < ? ORDER BY e.position LIMIT ?"
)
HISTORY_SQL = (
    "SELECT version, event, announced_on, recorded_at, actor, source, command_id, data "
    "FROM session_events WHERE session_key = ? AND version > ? ORDER BY version LIMIT ?"
)


def build(folder: Path, events: int) -> Path:
    """A record of ``events`` events with its views, in ``folder``; its data directory."""
    from projections.rebuild import rebuild

    settings = Settings(folder / "data")
    log = Log(settings)
    log.grow(events)
    rebuild(settings.views_path, log.app)
    log.app.close()
    return settings.data_dir


def peak_mb() -> float:
    """This process's peak resident memory, MB.

    ``VmHWM`` is this program's own high-water mark; ``ru_maxrss`` would also
    count the parent's memory at the ``fork`` that started it (Linux keeps it
    across ``exec``), which is where a record of 1,000,000 events was built.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    (line,) = (x for x in status.splitlines() if x.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def worker(data_dir: str, rounds: int) -> None:
    """In its own process (its peak memory is the worker's): the app's pages and the baseline."""
    from api import create_app
    from api.config import ApiConfig
    from api.cursors import encode

    config = ApiConfig(Settings(Path(data_dir)), write_rate=None, views_poll_seconds=3600)
    client = create_app(config).test_client()
    opened_mb = peak_mb()
    raw = sqlite3.connect(str(config.settings.views_path))
    (process,) = raw.execute("SELECT key FROM processes WHERE slug = ?", (PROCESS,)).fetchone()
    (session,) = raw.execute("SELECT key FROM sessions WHERE slug = 's-0'").fetchone()
    (reached,) = raw.execute("SELECT position FROM position").fetchone()
    # The key the 999th page ends on (the last page's, on a record with fewer pages).
    (far_position,) = raw.execute(
        "SELECT position FROM session_events WHERE process_key = ? ORDER BY position "
        "LIMIT 1 OFFSET min(?, (SELECT count(*) FROM session_events WHERE process_key = ?) - ?)",
        (process, (FAR - 1) * SIZE - 1, process, SIZE + 1),
    ).fetchone()
    (versions,) = raw.execute(
        "SELECT max(version) FROM session_events WHERE session_key = ?", (session,)
    ).fetchone()
    far_version = min((FAR - 1) * SIZE, versions - SIZE)
    base = f"/api/processes/{PROCESS}"
    cases: dict[str, tuple[str, Callable[[], object]]] = {
        "changes, page 1": (
            f"{base}/changes?limit={SIZE}",
            lambda: raw.execute(CHANGES_SQL, (process, 0, reached + 1, SIZE + 1)).fetchall(),
        ),
        f"changes, page {FAR:,}": (
            f"{base}/changes?limit={SIZE}&cursor={encode('changes', (far_position,))}",
            lambda: raw.execute(
                CHANGES_SQL, (process, far_position, reached + 1, SIZE + 1)
            ).fetchall(),
        ),
        "history, page 1": (
            f"{base}/sessions/s-0/history?limit={SIZE}",
            lambda: raw.execute(HISTORY_SQL, (session, 0, SIZE + 1)).fetchall(),
        ),
        f"history, page {FAR:,}": (
            f"{base}/sessions/s-0/history?limit={SIZE}&cursor={encode('history', (far_version,))}",
            lambda: raw.execute(HISTORY_SQL, (session, far_version, SIZE + 1)).fetchall(),
        ),
    }
    found: dict[str, Any] = {}
    for name, (url, baseline) in cases.items():
        app: list[float] = []
        sql: list[float] = []
        for turn in range(rounds + 20):
            started = time.perf_counter()
            response = client.get(url)
            took = time.perf_counter() - started
            assert response.status_code == 200, response.get_data(as_text=True)
            assert len(response.get_json()["items"]) == SIZE, url
            started = time.perf_counter()
            baseline()
            raw_took = time.perf_counter() - started
            if turn >= 20:  # the first turns warm the caches
                app.append(took)
                sql.append(raw_took)
        mine, theirs = percentiles(app), percentiles(sql)
        found[name] = {
            "app": mine,
            "sqlite3": theirs,
            "p95_ratio": round(mine["p95_ms"] / max(theirs["p95_ms"], 0.001), 1),
        }
    found["worker_rss_mb"] = {"opened": round(opened_mb, 1), "peak": round(peak_mb(), 1)}
    print(json.dumps(found))


def measure(data_dir: Path, rounds: int) -> dict[str, Any]:
    child = subprocess.run(
        [sys.executable, __file__, "--worker", str(data_dir), "--rounds", str(rounds)],
        check=True,
        capture_output=True,
        text=True,
    )
    found: dict[str, Any] = json.loads(child.stdout.splitlines()[-1])
    for far in ("changes", "history"):
        first = found[f"{far}, page 1"]["app"]["p95_ms"]
        found[f"{far}, page {FAR:,}"]["against_page_1"] = round(
            found[f"{far}, page {FAR:,}"]["app"]["p95_ms"] / max(first, 0.001), 2
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 events")
    parser.add_argument("--rounds", type=int, default=None, help="requests per case")
    parser.add_argument(
        "--keep", type=Path, help="build the records in this folder and reuse them when there"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    rounds = args.rounds or (50 if args.quick else 300)
    if args.worker:
        worker(args.worker, rounds)
        return
    sizes = [1_000, 10_000] if args.quick else [1_000, 1_000_000]
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as name:
        for size in sizes:
            started = time.perf_counter()
            folder = (args.keep or Path(name)) / str(size)
            data_dir = folder / "data" if (folder / "built").exists() else build(folder, size)
            (folder / "built").touch()
            built = round(time.perf_counter() - started, 1)
            report[str(size)] = {**measure(data_dir, rounds), "built_s": built}
            print(f"{size:>9,} events: {json.dumps(report[str(size)])}", flush=True)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
