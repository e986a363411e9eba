"""Benchmark of the core: the application against the eventsourcing library used directly.

    .venv/bin/python bench/core.py                      # SQLite file, 5 rounds
    .venv/bin/python bench/core.py --quick              # a few seconds (a smoke test)
    .venv/bin/python bench/core.py --store memory --store postgresql://u:p@127.0.0.1/db

Both sides use the same store (the project's append-only SQLite, WAL,
``synchronous=FULL``; or the one named) and the same domain model, so what
differs is only the service layer of ``GcmProcess``: input checks, the
process lookup, the payload digest, the translation of errors and, with a
command id, the idempotency record saved in the same transaction.

* **single commands**: ``--commands`` venue changes, one transaction each,
  spread over ``--sessions`` sessions. The library side is what a caller of
  the library would write: ``repository.get``, ``Session.change_venue``,
  ``save``. The application side calls ``GcmProcess.change_venue``, without
  and with a command id. Target: at least 0.8 of the library's rate without.
* **batched events**: ``--batch`` sessions with ``--changes`` venue changes
  each, made by the domain model and saved in one call (one transaction), by
  ``GcmProcess.save`` and by the library's ``Application.save``.

Each round gives every side a fresh store of its own and runs the sides in
turns (25 commands, or one batch), the order rotating, so that whatever else
the machine does falls on every side alike; figures are medians over
``--rounds`` rounds. The table goes to stdout, then one line of JSON; the JSON
also lands in ``bench/out/core.json``. A PostgreSQL URL is printed without its
user and password.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventsourcing.application import Application  # noqa: E402
from eventsourcing.persistence import JSONTranscoder  # noqa: E402

from bench import command_latency  # noqa: E402
from gcm_process import transcodings  # noqa: E402
from gcm_process.application import GcmProcess  # noqa: E402
from gcm_process.config import Settings  # noqa: E402
from gcm_process.domain import Day, Provenance, Session  # noqa: E402
from gcm_process.snapshots import CACHE_SIZE  # noqa: E402

PROCESS = "bench"
ACTOR = "bench"
ROOMS = ("Conference Room 1", "Conference Room 2")
FIRST = date(2018, 2, 20)
#: Calls a side makes in one turn before the next side takes over.
CHUNK = 25


class Library(Application[uuid.UUID]):
    """The library used directly: its own Application, our events' transcodings and the
    library's own aggregate cache, as a caller of it would switch on; nothing else."""

    name = GcmProcess.name
    env: ClassVar[dict[str, str]] = {"AGGREGATE_CACHE_MAXSIZE": str(CACHE_SIZE)}

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcodings.register(transcoder)


def provenance() -> Provenance:
    """What the application would stamp on an event: the same fields, a fresh command id."""
    return Provenance(date.today(), None, ACTOR, uuid.uuid4().hex)


def new_session(n: int) -> Session:
    days = [Day(FIRST + timedelta(days=7 * n + d), venue=ROOMS[0]) for d in range(3)]
    return Session.schedule(
        process=PROCESS,
        slug=f"s-{n}",
        kind="negotiation_round",
        number=n + 1,
        title=f"Round {n + 1}",
        days=days,
        provenance=provenance(),
    )


# -- stores -------------------------------------------------------------------------------


@contextmanager
def fresh_settings(store: str) -> Iterator[Settings]:
    """Settings for an empty store of the kind named: a new directory, or a new schema."""
    with tempfile.TemporaryDirectory() as tmp:
        if store == "sqlite":
            yield Settings(Path(tmp) / "data")
        elif store == "memory":
            yield Settings(Path(tmp), "memory")
        else:
            import psycopg

            schema = f"bench_{uuid.uuid4().hex[:12]}"
            with psycopg.connect(store, autocommit=True) as conn:
                conn.execute(f"CREATE SCHEMA {schema}")
            try:
                yield Settings(Path(tmp), f"{store}?schema={schema}")
            finally:
                with psycopg.connect(store, autocommit=True) as conn:
                    conn.execute(f"DROP SCHEMA {schema} CASCADE")


# -- single commands ----------------------------------------------------------------------


def room(i: int, sessions: int) -> str:
    """The room of the i-th change: every change of a session moves it to the other room."""
    return ROOMS[(i // sessions + 1) % 2]


def library_side(settings: Settings, sessions: int) -> tuple[Library, Callable[[int], None]]:
    lib = Library(settings.application_env())
    made = [new_session(n) for n in range(sessions)]
    lib.save(*made)
    ids = [s.id for s in made]

    def change_venue(i: int) -> None:
        session: Session = lib.repository.get(ids[i % sessions])
        session.change_venue(room(i, sessions), None, provenance())
        lib.save(session)

    return lib, change_venue


def app_side(
    settings: Settings, sessions: int, with_id: bool
) -> tuple[GcmProcess, Callable[[int], None]]:
    app = GcmProcess.from_settings(settings)
    app.open_process(PROCESS, "Benchmark", actor=ACTOR)
    for n in range(sessions):
        s = new_session(n)
        app.schedule_session(PROCESS, s.slug, s.kind, s.title, s.days, s.number, actor=ACTOR)

    def change_venue(i: int) -> None:
        app.change_venue(
            PROCESS,
            f"s-{i % sessions}",
            room(i, sessions),
            actor=ACTOR,
            command_id=uuid.uuid4().hex if with_id else None,
        )

    return app, change_venue


def interleaved(
    sides: dict[str, Callable[[int], object]], count: int, chunk: int = CHUNK
) -> dict[str, float]:
    """Calls per second of each side, run in turns of ``chunk`` calls (the order rotating),
    so that whatever else the machine does falls on every side alike."""
    spent = dict.fromkeys(sides, 0.0)
    names = list(sides)
    for turn, start in enumerate(range(0, count, chunk)):
        for name in names[turn % len(names) :] + names[: turn % len(names)]:
            gc.collect()
            began = time.perf_counter()
            for i in range(start, min(start + chunk, count)):
                sides[name](i)
            spent[name] += time.perf_counter() - began
    return {name: count / seconds for name, seconds in spent.items()}


def single_commands(store: str, commands: int, sessions: int) -> dict[str, float]:
    with ExitStack() as stack:
        lib, lib_change = library_side(stack.enter_context(fresh_settings(store)), sessions)
        stack.callback(lib.close)
        app, app_change = app_side(stack.enter_context(fresh_settings(store)), sessions, False)
        stack.callback(app.close)
        keyed, keyed_change = app_side(stack.enter_context(fresh_settings(store)), sessions, True)
        stack.callback(keyed.close)
        sides = {
            "library_commands": lib_change,
            "app_commands": app_change,
            "app_commands_with_id": keyed_change,
        }
        return interleaved(sides, commands)


# -- batched events -----------------------------------------------------------------------


def batch_of(size: int, changes: int, first: int) -> list[Session]:
    """``size`` new sessions (``s-{first}`` on) with ``changes`` venue changes each, unsaved."""
    made = [new_session(n) for n in range(first, first + size)]
    for session in made:
        for c in range(changes):
            session.change_venue(ROOMS[(c + 1) % 2], None, provenance())
    return made


def batched_events(store: str, size: int, changes: int, batches: int) -> dict[str, float]:
    """Events per second saved in batches of ``size * (changes + 1)`` events, one call each."""
    with ExitStack() as stack:
        lib = Library(stack.enter_context(fresh_settings(store)).application_env())
        stack.callback(lib.close)
        app = GcmProcess.from_settings(stack.enter_context(fresh_settings(store)))
        stack.callback(app.close)
        made = [batch_of(size, changes, b * size) for b in range(batches)]
        again = [batch_of(size, changes, b * size) for b in range(batches)]
        rates = interleaved(
            {
                "library_batch": lambda b: lib.save(*made[b]),
                "app_batch": lambda b: app.save(*again[b]),
            },
            batches,
            chunk=1,
        )
        return {name: rate * size * (changes + 1) for name, rate in rates.items()}


# -- the run ------------------------------------------------------------------------------


def measure(store: str, args: argparse.Namespace) -> dict[str, Any]:
    rounds: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        figures = {
            **single_commands(store, args.commands, args.sessions),
            **batched_events(store, args.batch, args.changes, args.batches),
        }
        for name, value in figures.items():
            rounds.setdefault(name, []).append(value)
    rate = {name: statistics.median(values) for name, values in rounds.items()}
    return {
        "per_second": {name: round(value, 1) for name, value in rate.items()},
        "ratios": {
            "single_commands": round(rate["app_commands"] / rate["library_commands"], 3),
            "single_commands_with_id": round(
                rate["app_commands_with_id"] / rate["library_commands"], 3
            ),
            "batched_events": round(rate["app_batch"] / rate["library_batch"], 3),
        },
        "spread": {
            name: [round(min(values), 1), round(max(values), 1)] for name, values in rounds.items()
        },
    }


def report(store: str, result: dict[str, Any], target: float) -> None:
    rate, ratio = result["per_second"], result["ratios"]
    label = store.split("@")[-1] if "://" in store else store
    print(f"store: {label}")
    print(f"  {'':<34}{'library/s':>12}{'app/s':>12}{'ratio':>8}")
    rows = [
        ("single commands", "library_commands", "app_commands", "single_commands"),
        ("single commands, with command id", "library_commands", "app_commands_with_id",
         "single_commands_with_id"),
        ("batched events", "library_batch", "app_batch", "batched_events"),
    ]  # fmt: skip
    for title, lib, app, key in rows:
        print(f"  {title:<34}{rate[lib]:>12,.0f}{rate[app]:>12,.0f}{ratio[key]:>8.2f}")
    verdict = "meets" if ratio["single_commands"] >= target else "BELOW"
    print(f"  single commands: {ratio['single_commands']:.2f} ({verdict} the target {target})")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--store",
        action="append",
        help="sqlite (default), memory, or a postgresql:// URL; may be repeated",
    )
    parser.add_argument("--commands", type=int, default=1000, help="single commands per round")
    parser.add_argument("--sessions", type=int, default=50, help="sessions they are spread over")
    parser.add_argument("--batch", type=int, default=200, help="sessions saved in one batch")
    parser.add_argument("--changes", type=int, default=24, help="venue changes per batched session")
    parser.add_argument("--batches", type=int, default=5, help="batches saved per round and side")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--priors",
        default="10,1000,100000",
        help="prior events of the session in the latency measure, comma-separated",
    )
    parser.add_argument(
        "--latency-commands", type=int, default=300, help="timed per side and history"
    )
    parser.add_argument("--quick", action="store_true", help="one short round (a smoke test)")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "out" / "core.json")
    args = parser.parse_args(argv)
    if args.quick:
        args.commands, args.sessions, args.batch, args.changes = 50, 5, 20, 4
        args.batches, args.rounds = 2, 1
        args.priors, args.latency_commands = "10,300", 25
    priors = [int(p) for p in args.priors.split(",")]
    target = 0.8
    result: dict[str, Any] = {
        "settings": {
            k: getattr(args, k)
            for k in ("commands", "sessions", "batch", "changes", "batches", "rounds")
        },
        "target": {"single_commands": target, "flatness_p95": 1.5, "read_your_writes_ratio": 0.8},
        "stores": {},
    }
    for store in args.store or ["sqlite"]:
        measured = measure(store, args)
        measured["latency"] = command_latency.measure(
            partial(fresh_settings, store), priors, args.latency_commands, Library
        )
        name = store.split("@")[-1] if "://" in store else store
        result["stores"][name] = measured
        report(store, measured, target)
        command_latency.report(measured["latency"])
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
