"""Rebuild rate of the views, in wall and CPU seconds, comparing checkouts on one event log.

    .venv/bin/python bench/rebuild_cpu.py --events 60000 --data LOG            # make the log
    .venv/bin/python bench/rebuild_cpu.py --data LOG --code OLD --code .       # compare, 5 turns
    .venv/bin/python bench/rebuild_cpu.py --data LOG --code .@1 --code .       # alone, in parts
    .venv/bin/python bench/rebuild_cpu.py --quick                              # a smoke test

Each rebuild runs ``projections.rebuild.rebuild`` of one checkout (``--code``,
this one by default) in a fresh process over the same event log, and counts
the CPU seconds it spent, its own and those of the processes it started (a
rebuild in parts), so that checkouts measured on a busy machine compare like
with like, and the wall seconds, which a rebuild in parts lowers and the
machine's other work raises. The checkouts take turns, the order rotating
each turn; the figures are the medians over the turns, and the ratios are
each checkout's rate over the first one's. The log is the one
``bench/views.py`` writes (8 sessions, venue changes and reschedules).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()


def rebuild_once(code: Path, data: Path) -> dict[str, float]:
    """Rebuild the views of the log in ``data`` with the checkout at ``code`` (this process)."""
    sys.path.insert(0, str(code.resolve()))
    from gcm_process.application import GcmProcess
    from gcm_process.config import Settings
    from projections.rebuild import rebuild

    app = GcmProcess.from_settings(Settings(data))
    with tempfile.TemporaryDirectory() as folder:
        started, cpu, parts = time.perf_counter(), time.process_time(), _children_cpu()
        events = rebuild(Path(folder) / "views.sqlite", app)
        wall = time.perf_counter() - started
        cpu = time.process_time() - cpu + _children_cpu() - parts
    app.close()
    status = Path("/proc/self/status").read_text()
    (line,) = (x for x in status.splitlines() if x.startswith("VmHWM:"))
    # ru_maxrss of the children: the largest part (a child's, in KiB, on Linux)
    part_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "events": events,
        "cpu_s": cpu,
        "wall_s": wall,
        "peak_mb": int(line.split()[1]) / 1024,
        "part_peak_mb": part_mb,
    }


def _children_cpu() -> float:
    """CPU seconds of this process's ended children (the parts of a rebuild)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def write_log(data: Path, events: int) -> None:
    sys.path.insert(0, str(HERE.parents[1]))
    sys.path.insert(0, str(HERE.parent))
    from views import Log

    from gcm_process.config import Settings

    Log(Settings(data)).grow(events)


def compare(data: Path, codes: list[Path], turns: int) -> dict[str, Any]:
    """Every checkout's rebuild once a turn, in rotating order; medians and ratios."""
    runs: dict[Path, list[dict[str, float]]] = {code: [] for code in codes}
    for turn in range(turns):
        shift = turn % len(codes)
        for code in codes[shift:] + codes[:shift]:
            path, _, parts = str(code).partition("@")
            command = [sys.executable, str(HERE), "--data", str(data), "--one", path]
            env = {**os.environ, "GCM_REBUILD_PARTS": parts} if parts else None
            out = subprocess.run(
                command, check=True, capture_output=True, text=True, env=env
            ).stdout
            runs[code].append(json.loads(out.splitlines()[-1]))
    result: dict[str, Any] = {"turns": turns, "checkouts": []}
    first_rate = first_wall = None
    for code in codes:
        rates = [r["events"] / r["cpu_s"] for r in runs[code]]
        rate = statistics.median(rates)
        wall_rate = statistics.median(r["events"] / r["wall_s"] for r in runs[code])
        first_rate = first_rate or rate
        first_wall = first_wall or wall_rate
        result["checkouts"].append(
            {
                "code": str(code),
                "events": int(runs[code][0]["events"]),
                "events_per_cpu_s": round(rate),
                "range": [round(min(rates)), round(max(rates))],
                "wall_s": round(statistics.median(r["wall_s"] for r in runs[code]), 2),
                "events_per_s": round(wall_rate),
                "peak_mb": round(max(r["peak_mb"] for r in runs[code])),
                "part_peak_mb": round(max(r["part_peak_mb"] for r in runs[code])),
                "ratio": round(rate / first_rate, 2),
                "wall_ratio": round(wall_rate / first_wall, 2),
            }
        )
    return result


def main(argv: list[str] | None = None) -> dict[str, Any] | None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="the log's data directory")
    parser.add_argument("--events", type=int, help="write a log of this many events first")
    parser.add_argument(
        "--code",
        type=Path,
        action="append",
        help="a checkout (repeatable); CODE@N rebuilds in N parts (GCM_REBUILD_PARTS)",
    )
    parser.add_argument("--turns", type=int, default=5)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="2,000 events, one turn")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(rebuild_once(args.one, args.data)))
        return None
    with tempfile.TemporaryDirectory() as scratch:
        if args.quick:
            args.data, args.events, args.turns = Path(scratch), 2_000, 1
        if args.data is None:
            parser.error("--data is required (or --quick)")
        if args.events:
            write_log(args.data, args.events)
        codes = args.code or [HERE.parents[1]]
        result = compare(args.data, codes, args.turns)
    for found in result["checkouts"]:
        low, high = found["range"]
        print(
            f"{found['code']}: {found['events']:,} events, {found['events_per_cpu_s']:,} "
            f"events/CPU s (median of {args.turns}; {low:,} to {high:,}), "
            f"ratio {found['ratio']}; wall {found['wall_s']} s, {found['events_per_s']:,} "
            f"events/s, ratio {found['wall_ratio']}; peak {found['peak_mb']} MB, "
            f"largest part {found['part_peak_mb']} MB"
        )
    return result


if __name__ == "__main__":
    main()
