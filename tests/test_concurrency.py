"""Two writers at the same version: exactly one wins, the other is told, nothing is lost.

Each writer reads the aggregate, decides, then waits at a barrier before saving,
so both are certain to have read the same version: the store, not luck or the
application's version check, must pick the winner.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain.errors import VersionConflict
from tests.factories import CLERK, PROCESS, ROUND_1, day, open_gcm, schedule_round_1
from tests.racing import Outcome, SavesAtTheBarrier, start_in_process, write, write_in_process

ROOM_1 = ("round-1", "Conference Room 1")
ROOM_2 = ("round-1", "Conference Room 2")
ROUND_2_DAYS = [day("2018-03-12"), day("2018-03-13")]
ROUND_2 = ("round-2", "negotiation_round", "Second round", ROUND_2_DAYS, 2)
RACES = {
    "two room changes": (("change_venue", ROOM_1, None), ("change_venue", ROOM_2, None)),
    "a room change and a cancellation": (
        ("change_venue", ROOM_1, None),
        ("cancel_session", ("round-1", "no quorum"), None),
    ),
    "two schedulings of one slug": (
        ("schedule_session", ROUND_2, None),
        ("schedule_session", (*ROUND_2[:2], "Round two", *ROUND_2[3:]), None),
    ),
    "one command sent twice at once": (
        ("change_venue", ROOM_1, "cv-1"),
        ("change_venue", ROOM_1, "cv-1"),
    ),
}
#: How many applications start at once in the test of starting together.
STARTING = 4
#: What the loser of each race is told.
LOSER = {
    "two room changes": "VersionConflict",
    "a room change and a cancellation": "VersionConflict",
    "two schedulings of one slug": "AlreadyExists",
    "one command sent twice at once": None,  # the loser gets the winner's receipt
}


def race_in_threads(app: SavesAtTheBarrier, race: str) -> list[Outcome]:
    app.barrier = threading.Barrier(2)
    outcomes: list[Outcome] = []
    threads = [
        threading.Thread(target=lambda w=w: outcomes.append(write(app, *w))) for w in RACES[race]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert len(outcomes) == 2, "a writer did not finish"
    return outcomes


def race_in_processes(settings: Settings, race: str) -> list[Outcome]:
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(2)
    queue = spawn.Queue()
    writers = [
        spawn.Process(target=write_in_process, args=(settings, barrier, queue, *w))
        for w in RACES[race]
    ]
    for writer in writers:
        writer.start()
    outcomes = [queue.get(timeout=120) for _ in writers]
    for writer in writers:
        writer.join(timeout=30)
        assert writer.exitcode == 0
    return outcomes


def check_one_winner(app: GcmProcess, race: str, outcomes: list[Outcome], before: int) -> None:
    won = [o for o in outcomes if o[0] == "won" and not o[2]]
    assert len(won) == 1, outcomes
    (lost,) = [o for o in outcomes if o is not won[0]]
    if LOSER[race] is None:
        assert lost == ("won", won[0][1], True)
    else:
        assert lost[0] == LOSER[race]
        assert "meanwhile" in lost[1]
    slug = "round-2" if "scheduling" in race else "round-1"
    history = app.session_history(PROCESS, slug)
    assert len(history) == won[0][1], "an event was lost or duplicated"
    # Exactly the winner's event was added: one event, plus the command record if any.
    with_record = 1 if RACES[race][0][2] else 0
    assert app.last_position() == before + 1 + with_record


def prepare(app: GcmProcess) -> int:
    open_gcm(app)
    schedule_round_1(app)
    return app.last_position()


@pytest.fixture
def racing_memory() -> Iterator[SavesAtTheBarrier]:
    app = SavesAtTheBarrier(Settings(Path("unused"), "memory").application_env())
    yield app
    app.close()


@pytest.mark.parametrize("race", RACES)
def test_two_threads_in_memory(racing_memory: SavesAtTheBarrier, race: str) -> None:
    before = prepare(racing_memory)
    check_one_winner(racing_memory, race, race_in_threads(racing_memory, race), before)


@pytest.mark.parametrize("race", RACES)
def test_two_threads_on_a_durable_store(durable_settings: Settings, race: str) -> None:
    app = SavesAtTheBarrier(durable_settings.application_env())
    try:
        before = prepare(app)
        check_one_winner(app, race, race_in_threads(app, race), before)
    finally:
        app.close()


@pytest.mark.slow
@pytest.mark.parametrize("race", ["two room changes", "one command sent twice at once"])
def test_two_os_processes_on_a_durable_store(durable_settings: Settings, race: str) -> None:
    app = GcmProcess.from_settings(durable_settings)
    try:
        before = prepare(app)
        outcomes = race_in_processes(durable_settings, race)
        check_one_winner(app, race, outcomes, before)
    finally:
        app.close()


def test_without_the_barrier_the_version_check_catches_the_late_writer(
    round_1: GcmProcess,
) -> None:
    """The ordinary case: the second writer read version 1 and says so."""
    seen = round_1.session(PROCESS, "round-1").version
    round_1.change_venue(
        PROCESS, "round-1", "Conference Room 1", expected_version=seen, actor=CLERK
    )
    with pytest.raises(VersionConflict, match="not 1: somebody changed it"):
        round_1.reschedule_session(
            PROCESS, "round-1", ROUND_1[:1], expected_version=seen, actor=CLERK
        )
    assert round_1.session(PROCESS, "round-1").version == 2


def test_many_writers_lose_nothing(durable_settings: Settings) -> None:
    """Eight threads, each retrying on conflict, each moving one session: every move is kept."""
    app = GcmProcess.from_settings(durable_settings)
    try:
        open_gcm(app)
        schedule_round_1(app)
        errors: list[Any] = []

        def move(n: int) -> None:
            for _ in range(200):
                try:
                    app.change_venue(PROCESS, "round-1", f"Conference Room {n}", actor=CLERK)
                    return
                except VersionConflict:
                    continue
                except Exception as error:
                    errors.append(error)
                    return
            errors.append(f"writer {n} never won")

        threads = [threading.Thread(target=move, args=(n,)) for n in range(1, 9)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert errors == []
        history = app.session_history(PROCESS, "round-1")
        assert [h.version for h in history] == list(range(1, 10))
        rooms = sorted(h.data["venue"] for h in history[1:])
        assert rooms == sorted(f"Conference Room {n}" for n in range(1, 9))
    finally:
        app.close()


@pytest.mark.slow
@pytest.mark.parametrize("tables", ["new", "existing"])
def test_applications_starting_at_once_all_start(durable_settings: Settings, tables: str) -> None:
    """Several API workers or nodes start together on one store: none may fail to start."""
    if tables == "existing":
        GcmProcess.from_settings(durable_settings).close()
    spawn = multiprocessing.get_context("spawn")
    barrier, queue = spawn.Barrier(STARTING), spawn.Queue()
    starters = [
        spawn.Process(target=start_in_process, args=(durable_settings, barrier, queue))
        for _ in range(STARTING)
    ]
    for starter in starters:
        starter.start()
    outcomes = [queue.get(timeout=120) for _ in starters]
    for starter in starters:
        starter.join(timeout=30)
    assert outcomes == ["started"] * STARTING
