"""The GCM 2018 schedule as the seed letter announces it, recorded through the application."""

from __future__ import annotations

from datetime import date, time

from gcm_process.application import GcmProcess
from gcm_process.domain import Day, Person

P = "gcm-2018"
LETTER = "pga-2018-01-30"
ENCLOSED = "co-facilitators-2018-01-30"
ON = date(2018, 1, 30)
CLERK = "clerk:test"

TCC = "Trusteeship Council Chamber"


def days(first: date, count: int, venue: str) -> list[Day]:
    return [Day(date(first.year, first.month, first.day + i), venue=venue) for i in range(count)]


def record_gcm(app: GcmProcess) -> None:
    """Open the process and record what the seed letter announces."""
    app.open_process(
        P,
        "Global Compact for Safe, Orderly and Regular Migration",
        "paragraph 27 of General Assembly resolution 71/280",
        announced_on=ON,
        actor=CLERK,
    )
    for name, delegation in (
        ("Juan José Gómez Camacho", "Mexico"),
        ("Jürg Lauber", "Switzerland"),
    ):
        app.appoint_facilitator(
            P,
            Person(name, "Ambassador and Permanent Representative", delegation),
            announced_on=ON,
            source=ENCLOSED,
            actor=CLERK,
        )
    app.issue_letter(
        P,
        ENCLOSED,
        ON,
        "Zero draft presentation and negotiation sessions",
        "We write to you in our capacity as co-facilitators ...",
        place="New York",
        senders=[Person("Juan José Gómez Camacho"), Person("Jürg Lauber")],
        actor=CLERK,
    )
    app.issue_letter(
        P,
        LETTER,
        ON,
        "Global Compact for Migration: zero draft",
        "Please find enclosed herewith a letter ...",
        senders=[Person("Miroslav Lajčák", "President of the General Assembly")],
        encloses=[ENCLOSED],
        actor=CLERK,
    )
    said = {"announced_on": ON, "source": LETTER, "actor": CLERK}
    app.schedule_session(
        P,
        "zero-draft-presentation",
        "informal_meeting",
        "Presentation of the zero draft",
        [Day(date(2018, 2, 5), time(15), time(18), TCC)],
        **said,  # type: ignore[arg-type]
    )
    app.schedule_session(
        P,
        "round-1",
        "negotiation_round",
        "Round 1",
        [
            Day(date(2018, 2, 20), venue=TCC),
            Day(date(2018, 2, 22), venue="Conference Room 4"),
            Day(date(2018, 2, 23), venue="ECOSOC Chamber"),
        ],
        1,
        **said,  # type: ignore[arg-type]
    )
    app.schedule_session(
        P,
        "pga-hearing-2018-02-21",
        "hearing",
        "PGA multi-stakeholder hearing",
        [Day(date(2018, 2, 21))],
        **said,  # type: ignore[arg-type]
    )
    rounds = [
        (2, date(2018, 3, 12), 4, TCC),
        (3, date(2018, 4, 3), 4, "Conference Room 2"),
        (4, date(2018, 5, 14), 5, "Conference Room 2"),
        (5, date(2018, 6, 4), 5, TCC),
        (6, date(2018, 7, 9), 5, "Conference Room 1"),
    ]
    for number, first, count, venue in rounds:
        app.schedule_session(
            P,
            f"round-{number}",
            "negotiation_round",
            f"Round {number}",
            days(first, count, venue),
            number,
            **said,  # type: ignore[arg-type]
        )
    app.circulate_draft(
        P, "zero-draft", "Zero draft", date(2018, 2, 5), announced_on=ON, source=LETTER, actor=CLERK
    )
    app.present_draft(
        P, "zero-draft", "zero-draft-presentation", date(2018, 2, 5), announced_on=ON, actor=CLERK
    )
