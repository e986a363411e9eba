"""Single-command latency on a session with a growing history (part of ``bench/core.py``).

For each number of prior events (10, 1,000, 100,000 by default) one store
holds three sessions with that many prior events each, one per side, so the
sides share the store and its size:

* **library**: the library used directly on its own session, as a caller of
  it would write a command: ``repository.get``, ``Session.change_venue``,
  ``save``, with the library's aggregate cache switched on (``Library`` in
  ``bench/core.py``);
* **application**: ``GcmProcess.change_venue``;
* **application with views**: ``GcmProcess.change_venue`` then this node's
  views brought up to date (read your writes), as a POST does. The views
  catch up with the other sides' events, untimed, before each of its turns.
  The catch-up applies the events the command saved (``take_saved``);
* **reading back**: the same with views of their own that read the command's
  events back from the store, as a catch-up did before it took them from
  the application (the catch-up of the side above, measured in the same run).

All the stores are made first; then every side of every history runs its
warm-up commands, and then turns of ``CHUNK`` commands, all histories' sides
in one rotating order, so that a change in the machine's load falls on every
history alike; every command is timed on its own. The flatness figure is
the application's p95 at the largest history over its p95 at the smallest
(target ≤ 1.5); the read-your-writes figure is the library's median latency
over the application-with-views median at the largest history (a rate
ratio, target ≥ 0.8).
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain import Session
from gcm_process.domain.ids import session_id
from projections import Views

#: Prior events written per save while the history is built.
BUILD_BATCH = 2_000
CHUNK = 25
WARM_UP = 5
SIDES = ("library", "application", "application_with_views", "reading_back")


@dataclass
class Sides:
    """The sides' commands by name, what runs untimed before a side's turn, what closes them."""

    run: dict[str, Callable[[int], None]]
    before_turn: dict[str, Callable[[], object]] = field(default_factory=dict)
    close: list[Callable[[], None]] = field(default_factory=list)


def other_room(session: Session) -> str:
    from bench.core import ROOMS

    return ROOMS[1] if session.days[0].venue == ROOMS[0] else ROOMS[0]


def grow(app: Any, session: Session, events: int) -> None:
    """Give ``session`` (created, unsaved or saved) ``events`` prior events in all."""
    from bench.core import provenance

    for i in range(session.version, events):
        session.change_venue(other_room(session), None, provenance())
        if (i + 1) % BUILD_BATCH == 0:
            app.save(session)
    app.save(session)


def toggling(rooms: tuple[str, str]) -> Callable[[], str]:
    """The other room each time (a session's rooms are known to its side, not read)."""
    state = [0]

    def next_room() -> str:
        chosen = rooms[state[0]]
        state[0] ^= 1
        return chosen

    return next_room


def sides(settings: Settings, priors: int, library_class: type) -> Sides:
    """The four sides on one store, each with a session of ``priors`` prior events."""
    from bench.core import ACTOR, PROCESS, ROOMS, new_session, provenance

    app = GcmProcess.from_settings(settings)
    lib = library_class(settings.application_env())
    views = Views.open(settings, app)
    read_back = Views(settings.views_path.with_name("views-read-back.sqlite"), app)
    app.open_process(PROCESS, "Benchmark", actor=ACTOR)
    own = new_session(0)
    grow(lib, own, priors)
    rooms = {"s-0": other_room(own)}
    for n in (1, 2, 3):
        s = new_session(n)
        app.schedule_session(PROCESS, s.slug, s.kind, s.title, s.days, s.number, actor=ACTOR)
        grown = app.session(PROCESS, s.slug)
        grow(app, grown, priors)
        rooms[s.slug] = other_room(grown)
    views.rebuild()
    read_back.rebuild()
    nexts = {
        slug: toggling((room, ROOMS[1] if room == ROOMS[0] else ROOMS[0]))
        for slug, room in rooms.items()
    }

    def library(_: int) -> None:
        session: Session = lib.repository.get(own.id)
        session.change_venue(nexts["s-0"](), None, provenance())
        lib.save(session)

    def application(_: int) -> None:
        app.change_venue(PROCESS, "s-1", nexts["s-1"](), actor=ACTOR)

    def with_views(_: int) -> None:
        app.change_venue(PROCESS, "s-2", nexts["s-2"](), actor=ACTOR)
        views.catch_up()

    def reading_back(_: int) -> None:
        app.change_venue(PROCESS, "s-3", nexts["s-3"](), actor=ACTOR)
        app.take_saved()  # not handed over: the catch-up reads them from the store
        read_back.catch_up()

    assert lib.repository.get(session_id(PROCESS, "s-0")).version == priors
    return Sides(
        run={
            "library": library,
            "application": application,
            "application_with_views": with_views,
            "reading_back": reading_back,
        },
        before_turn={"application_with_views": views.catch_up, "reading_back": read_back.catch_up},
        close=[views.close, read_back.close, app.close, lib.close],
    )


def timed(sides_: Sides, commands: int) -> dict[str, list[float]]:
    """Each command's seconds, by side, in rotating turns of CHUNK after a warm-up."""
    names = list(sides_.run)
    for name in names:
        for i in range(WARM_UP):
            sides_.run[name](i)
    times: dict[str, list[float]] = {name: [] for name in names}
    for turn, start in enumerate(range(WARM_UP, WARM_UP + commands, CHUNK)):
        for name in names[turn % len(names) :] + names[: turn % len(names)]:
            sides_.before_turn.get(name, lambda: None)()
            gc.collect()
            command = sides_.run[name]
            for i in range(start, min(start + CHUNK, WARM_UP + commands)):
                began = time.perf_counter()
                command(i)
                times[name].append(time.perf_counter() - began)
    return times


def quantiles(values: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(values, n=20)
    return {
        "p50_ms": round(statistics.median(values) * 1000, 3),
        "p95_ms": round(cuts[18] * 1000, 3),
    }


def measure(
    fresh: Callable[[], Any],
    priors: list[int],
    commands: int,
    library_class: type,
) -> dict[str, Any]:
    """Latency by prior events and side, with the flatness and read-your-writes figures."""
    every = Sides(run={})
    with ExitStack() as stack:
        for count in priors:
            made = sides(stack.enter_context(fresh()), count, library_class)
            stack.callback(lambda closing=made.close: [close() for close in closing])
            every.run.update({f"{count}/{k}": f for k, f in made.run.items()})
            every.before_turn.update({f"{count}/{k}": f for k, f in made.before_turn.items()})
        times = timed(every, commands)
    by_priors = {
        str(count): {k: quantiles(times[f"{count}/{k}"]) for k in SIDES} for count in priors
    }
    small, large = by_priors[str(min(priors))], by_priors[str(max(priors))]
    return {
        "commands": commands,
        "by_prior_events": by_priors,
        "flatness_p95": round(large["application"]["p95_ms"] / small["application"]["p95_ms"], 3),
        "library_flatness_p95": round(large["library"]["p95_ms"] / small["library"]["p95_ms"], 3),
        "read_your_writes_ratio": round(
            large["library"]["p50_ms"] / large["application_with_views"]["p50_ms"], 3
        ),
        "read_your_writes_ratio_reading_back": round(
            large["library"]["p50_ms"] / large["reading_back"]["p50_ms"], 3
        ),
    }


def report(result: dict[str, Any]) -> None:
    print(f"  latency of one command ({result['commands']} per side and history), p50 / p95 ms:")
    heads = ("library", "application", "with views", "reading back")
    print(f"    {'prior events':>12}  " + "  ".join(f"{h:>17}" for h in heads))
    for count, row in result["by_prior_events"].items():
        cells = [f"{row[k]['p50_ms']:>7.2f} / {row[k]['p95_ms']:>7.2f}" for k in SIDES]
        print(f"    {int(count):>12,}  " + "  ".join(cells))
    flat, lib = result["flatness_p95"], result["library_flatness_p95"]
    ryw = result["read_your_writes_ratio"]
    print(f"  flatness (p95 at the most / the fewest prior events): {flat:.2f} "
          f"({'meets' if flat <= 1.5 else 'BELOW'} the target 1.5); library {lib:.2f}")  # fmt: skip
    print(f"  application with views against the library: {ryw:.2f} "
          f"({'meets' if ryw >= 0.8 else 'BELOW'} the target 0.8); reading its events "
          f"back from the store: {result['read_your_writes_ratio_reading_back']:.2f}")  # fmt: skip
