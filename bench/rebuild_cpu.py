"""Rebuild rate of the views in CPU seconds, for comparing two revisions on one log.

    .venv/bin/python bench/rebuild_cpu.py --events 60000 --data /tmp/log          # make the log
    .venv/bin/python bench/rebuild_cpu.py --data /tmp/log --code ../other-checkout  # rebuild it

CPU time (``time.process_time``) of ``projections.rebuild.rebuild`` over the
same event log, so that two checkouts measured one after the other on a busy
machine compare like with like; run each side a few times, alternating.
The log is the one ``bench/views.py`` writes (8 sessions, venue changes and
reschedules).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the log's data directory")
    parser.add_argument("--events", type=int, help="write a log of this many events first")
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    from gcm_process.application import GcmProcess
    from gcm_process.config import Settings
    from projections.rebuild import rebuild

    settings = Settings(args.data)
    if args.events:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from views import Log

        Log(settings).grow(args.events)
    app = GcmProcess.from_settings(settings)
    with tempfile.TemporaryDirectory() as folder:
        started = time.process_time()
        events = rebuild(Path(folder) / "views.sqlite", app)
        spent = time.process_time() - started
    app.close()
    rate = events / spent
    print(f"{args.code}: {events:,} events in {spent:.2f} CPU s, {rate:,.0f} events/CPU s")


if __name__ == "__main__":
    main()
