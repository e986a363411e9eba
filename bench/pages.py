"""Benchmark of the pages against the JSON timeline, in one run, as a ratio.

    .venv/bin/python bench/pages.py [--quick] [--rounds 5] [--requests 200] [--sessions 1000]

Server time: each request goes through the whole app (guards, views, templates)
in this process with Flask's test client, so the figures are the server's own
work without the network. Two records, each in a fresh data directory:

- the GCM 2018 record as the seed letter makes it: ``GET /processes/gcm-2018``
  (the schedule page, with its picture and JSON-LD) against ``GET
  /api/processes/gcm-2018/timeline``, in alternating turns of 10 requests so the
  machine's other work falls on both alike (target: the page at least 0.5 of the
  JSON's rate);
- a process of ``--sessions`` sessions of three days (one in ten rescheduled, one
  in ten with a day in another room): the schedule page's p95 (target < 100 ms)
  and the size of its SVG picture (target < 500 KB).

Each figure is the median of ``--rounds`` rounds; the JSON lands in
``bench/out/pages.json`` (or ``--out``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api import create_app  # noqa: E402
from api.config import ApiConfig  # noqa: E402
from gcm_process.application import GcmProcess  # noqa: E402
from gcm_process.config import Settings  # noqa: E402
from gcm_process.domain import Day  # noqa: E402
from gcm_process.letters import plan_import, read_letters, record_plan, seed_text  # noqa: E402

ACTOR = "bench"
ROOMS = ("Conference Room 1", "Conference Room 2", "Conference Room 3")
TURN = 10


def app_on(data: Path) -> Any:
    config = ApiConfig(Settings(data), write_rate=None, views_poll_seconds=3600)
    return create_app(config)


def record_seed(app: GcmProcess) -> None:
    record_plan(app, plan_import(app, read_letters(seed_text(), "seed"), "gcm-2018"), actor=ACTOR)


def record_many(app: GcmProcess, sessions: int) -> None:
    """``sessions`` sessions of three days a week apart; some moved, some in another room."""
    app.open_process("gcm-2018", "Global Compact for Migration", actor=ACTOR)
    first = date(2018, 2, 20)
    for n in range(sessions):
        start = first + timedelta(days=7 * n)
        days = [Day(start + timedelta(days=d), venue=ROOMS[0]) for d in range(3)]
        slug = f"round-{n + 1}"
        app.schedule_session("gcm-2018", slug, "negotiation_round", f"Round {n + 1}", days,
                             n + 1, actor=ACTOR)  # fmt: skip
        if n % 10 == 3:
            moved = [Day(d.date + timedelta(days=2), venue=ROOMS[1]) for d in days]
            app.reschedule_session("gcm-2018", slug, moved, actor=ACTOR)
        elif n % 10 == 7:
            app.change_venue("gcm-2018", slug, ROOMS[2], [days[1].date], actor=ACTOR)


#: A name ending in this is rendered afresh each time: the page cache is emptied first.
RENDERED = " rendered"


def timed(client: Any, url: str, count: int, into: list[float], fresh: bool = False) -> None:
    for _ in range(count):
        if fresh:
            client.application.extensions.pop("gcm.pages", None)
        t = time.perf_counter()
        response = client.get(url)
        response.get_data()
        into.append(time.perf_counter() - t)
        if response.status_code != 200:
            raise SystemExit(f"GET {url}: {response.status_code}")


def quantiles(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "p50_ms": 1000 * ordered[len(ordered) // 2],
        "p95_ms": 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))],
        "per_s": len(ordered) / sum(ordered),
    }


def side_by_side(client: Any, urls: dict[str, str], requests: int) -> dict[str, dict[str, float]]:
    """Each URL ``requests`` times, in alternating turns of ``TURN``."""
    latencies: dict[str, list[float]] = {name: [] for name in urls}
    for url in urls.values():
        timed(client, url, 3, [])  # warm up: templates compiled, caches filled
    for _ in range(max(1, requests // TURN)):
        for name, url in urls.items():
            timed(client, url, TURN, latencies[name], fresh=name.endswith(RENDERED))
    return {name: quantiles(found) for name, found in latencies.items()}


def gcm_2018(rounds: int, requests: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        app = app_on(Path(tmp) / "data")
        record_seed(app.extensions["gcm"].app)
        client = app.test_client()
        found = [side_by_side(client, URLS, requests) for _ in range(rounds)]
        app.extensions["gcm"].close()
    return figures(found)


URLS = {
    "page": "/processes/gcm-2018",
    "page" + RENDERED: "/processes/gcm-2018",
    "json": "/api/processes/gcm-2018/timeline",
}


def figures(found: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians over the rounds of each URL's rate and quantiles, and the ratios to the JSON."""
    result: dict[str, Any] = {}
    for name in URLS:
        key = name.replace(" ", "_")
        for figure in ("per_s", "p50_ms", "p95_ms"):
            result[f"{key}_{figure}"] = statistics.median(r[name][figure] for r in found)
    result["ratio"] = result["page_per_s"] / result["json_per_s"]
    result["ratio_rendered"] = result["page_rendered_per_s"] / result["json_per_s"]
    return result


def many_sessions(sessions: int, rounds: int, requests: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        app = app_on(Path(tmp) / "data")
        record_many(app.extensions["gcm"].app, sessions)
        client = app.test_client()
        html = client.get("/processes/gcm-2018").get_data(as_text=True)
        svg = client.get("/processes/gcm-2018/timeline.svg").get_data()
        inline = html[html.index("<svg") : html.index("</svg>") + 6]
        count = max(requests // 5, TURN)
        found = [side_by_side(client, URLS, count) for _ in range(rounds)]
        app.extensions["gcm"].close()
    return {
        "sessions": sessions,
        **figures(found),
        "page_bytes": len(html.encode()),
        "svg_bytes": len(svg),
        "inline_svg_bytes": len(inline.encode()),
        "ghosts": inline.count('class="g"'),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small figures: a smoke test")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "pages.json")
    args = parser.parse_args()
    if args.quick:
        args.requests, args.sessions = 20, 50
    found = {
        "gcm_2018": gcm_2018(args.rounds, args.requests),
        "many": many_sessions(args.sessions, args.rounds, args.requests),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(found, indent=2))
    g, m = found["gcm_2018"], found["many"]
    for title, f in (("GCM 2018", g), (f"{m['sessions']:,} sessions", m)):
        print(f"{title}: JSON timeline {f['json_per_s']:,.0f}/s (p50 {f['json_p50_ms']:.2f} ms, "
              f"p95 {f['json_p95_ms']:.2f} ms)")  # fmt: skip
        for name, label in (("page", "schedule page, kept"), ("page_rendered", "rendered")):
            print(f"  {label}: {f[name + '_per_s']:,.1f}/s (p50 {f[name + '_p50_ms']:.2f} ms, "
                  f"p95 {f[name + '_p95_ms']:.2f} ms), ratio to JSON "
                  f"{f['ratio' if name == 'page' else 'ratio_rendered']:.2f}")  # fmt: skip
    print(f"{m['sessions']:,} sessions: page {m['page_bytes'] / 1000:,.0f} KB, SVG "
          f"{m['svg_bytes'] / 1000:,.0f} KB (target < 500), {m['ghosts']} ghosts")


if __name__ == "__main__":
    main()
