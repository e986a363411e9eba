"""Tiny factories: the GCM 2018 process as the seed letter announces it."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, time
from pathlib import Path
from typing import Any

from gcm_process.application import GcmProcess
from gcm_process.commands import Receipt
from gcm_process.config import Settings
from gcm_process.domain import Day, Person
from projections import Views

PROCESS = "gcm-2018"
CLERK = "clerk:test"
#: The date of the seed letter, which announced the schedule.
LETTER_DATE = date(2018, 1, 30)
LETTER = "letter-2018-01-30"


def day(
    when: str, venue: str | None = None, start: str | None = None, end: str | None = None
) -> Day:
    """A session day from ISO strings: ``day("2018-02-20", "ECOSOC Chamber", "10:00", "13:00")``."""
    return Day(
        date.fromisoformat(when),
        None if start is None else time.fromisoformat(start),
        None if end is None else time.fromisoformat(end),
        venue,
    )


#: Round 1 as announced: three days, each in its own room (the hearing sits between).
ROUND_1 = (
    day("2018-02-20", "Trusteeship Council Chamber"),
    day("2018-02-22", "Conference Room 4"),
    day("2018-02-23", "ECOSOC Chamber"),
)
ZERO_DRAFT_PRESENTATION = (day("2018-02-05", "Trusteeship Council Chamber", "15:00", "18:00"),)
#: The sessions the seed letter schedules, in timeline order.
SEED_SESSIONS = [
    "zero-draft-presentation",
    "round-1",
    "pga-hearing-2018-02-21",
    "round-2",
    "round-3",
    "round-4",
    "round-5",
    "round-6",
]
MEXICO = Person("Juan José Gómez Camacho", "Ambassador and Permanent Representative", "Mexico")
SWITZERLAND = Person("Jürg Lauber", "Ambassador and Permanent Representative", "Switzerland")


def open_gcm(app: GcmProcess, **kwargs: Any) -> Receipt:
    return app.open_process(
        PROCESS,
        "Global Compact for Safe, Orderly and Regular Migration",
        "paragraph 27 of General Assembly resolution 71/280",
        announced_on=LETTER_DATE,
        source=LETTER,
        actor=CLERK,
        **kwargs,
    )


def schedule_round_1(app: GcmProcess, **kwargs: Any) -> Receipt:
    options = {"announced_on": LETTER_DATE, "source": LETTER, "actor": CLERK, **kwargs}
    return app.schedule_session(
        PROCESS,
        "round-1",
        "negotiation_round",
        "First round of intergovernmental negotiations",
        ROUND_1,
        1,
        **options,
    )


def event_count(app: GcmProcess) -> int:
    """How many events the store holds, whatever aggregate they belong to."""
    return app.last_position()


MOVED = (day("2018-02-26", "Conference Room 2"), day("2018-02-27", "Conference Room 2"))


def tell_round_1_story(app: GcmProcess) -> None:
    """Schedule round 1, move a day's room, reschedule, cancel, reschedule again (v1..v5)."""
    schedule_round_1(app)
    app.change_venue(
        PROCESS,
        "round-1",
        "Conference Room 1",
        [date(2018, 2, 22)],
        announced_on=date(2018, 2, 10),
        source="letter-2018-02-10",
        actor="clerk:ana",
    )
    app.reschedule_session(
        PROCESS, "round-1", MOVED, "room works", announced_on=date(2018, 2, 15), actor="clerk:ben"
    )
    app.cancel_session(
        PROCESS, "round-1", "no quorum", announced_on=date(2018, 2, 20), actor="clerk:ana"
    )
    app.reschedule_session(PROCESS, "round-1", ROUND_1, "reinstated", actor="clerk:ben")


@contextmanager
def opened_with_views() -> Iterator[tuple[GcmProcess, Views]]:
    """gcm-2018 opened on the in-memory store, with views of it in a temporary directory;
    closed and removed afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(Path(folder), "memory")
        app = GcmProcess.from_settings(settings)
        views = Views.open(settings, app)
        try:
            open_gcm(app)
            yield app, views
        finally:
            views.close()
            app.close()
