"""The seed letter, imported through the command line, gives exactly the issue's table."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, time
from pathlib import Path

from gcm_process.application import GcmProcess
from gcm_process.domain import Day, Person
from gcm_process.letters import SEED_LETTER, seed_text
from tests.factories import SEED_SESSIONS
from tests.letters.conftest import SEED, Cli

ANNOUNCED = date(2018, 1, 30)
TCC, ECOSOC = "Trusteeship Council Chamber", "ECOSOC Chamber"


def _range(first: date, last: date, venue: str) -> tuple[Day, ...]:
    return tuple(
        Day(date.fromordinal(n), venue=venue)
        for n in range(first.toordinal(), last.toordinal() + 1)
    )


EXPECTED: dict[str, tuple[str, int | None, tuple[Day, ...]]] = {
    "zero-draft-presentation": (
        "informal_meeting",
        None,
        (Day(date(2018, 2, 5), time(15), time(18), TCC),),
    ),
    "round-1": (
        "negotiation_round",
        1,
        (
            Day(date(2018, 2, 20), venue=TCC),
            Day(date(2018, 2, 22), venue="Conference Room 4"),
            Day(date(2018, 2, 23), venue=ECOSOC),
        ),
    ),
    "pga-hearing-2018-02-21": ("hearing", None, (Day(date(2018, 2, 21)),)),
    "round-2": ("negotiation_round", 2, _range(date(2018, 3, 12), date(2018, 3, 15), TCC)),
    "round-3": (
        "negotiation_round",
        3,
        _range(date(2018, 4, 3), date(2018, 4, 6), "Conference Room 2"),
    ),
    "round-4": (
        "negotiation_round",
        4,
        _range(date(2018, 5, 14), date(2018, 5, 18), "Conference Room 2"),
    ),
    "round-5": ("negotiation_round", 5, _range(date(2018, 6, 4), date(2018, 6, 8), TCC)),
    "round-6": (
        "negotiation_round",
        6,
        _range(date(2018, 7, 9), date(2018, 7, 13), "Conference Room 1"),
    ),
}


def test_the_seed_ships_byte_identical() -> None:
    assert SEED_LETTER.read_bytes() == SEED.read_bytes()
    assert seed_text().startswith("\n\n30 January 2018")


def test_importing_the_seed_gives_exactly_the_table(
    cli: Cli, stored: Callable[[], GcmProcess]
) -> None:
    result = cli("import", SEED)
    assert result.exit_code == 0, result.output
    assert "Recorded 15 command(s) in gcm-2018; 0 were already recorded." in result.output
    assert "round label '4' read as round 1" in result.output

    app = stored()
    assert app.process_slugs() == ["gcm-2018"]
    for slug, (kind, number, days) in EXPECTED.items():
        session = app.session("gcm-2018", slug)
        assert (session.kind, session.number, session.days) == (kind, number, days), slug
        assert session.status == "scheduled"
        assert [e.announced_on for e in app.session_history("gcm-2018", slug)] == [ANNOUNCED]
        assert app.session_history("gcm-2018", slug)[0].source == "2018-01-30-co-facilitators"

    timeline = json.loads(cli("timeline", "--json").output)
    assert [s["slug"] for s in timeline["sessions"]] == SEED_SESSIONS
    for row in timeline["sessions"]:
        days = EXPECTED[row["slug"]][2]
        assert [(d["date"], d["venue"]) for d in row["days"]] == [
            (d.date.isoformat(), d.venue) for d in days
        ]


def test_the_seed_gives_the_process_its_letters_and_the_zero_draft(
    cli: Cli, stored: Callable[[], GcmProcess]
) -> None:
    assert cli("import", SEED).exit_code == 0
    app = stored()
    process = app.process("gcm-2018")
    assert process.title == "Global Compact for Safe, Orderly and Regular Migration"
    assert process.mandate == "paragraph 27 of General Assembly resolution 71/280"
    assert process.facilitators == (
        Person(
            "Juan José Gómez Camacho",
            "Ambassador and Permanent Representative of Mexico to the United Nations",
            "Mexico",
        ),
        Person(
            "Jürg Lauber",
            "Ambassador and Permanent Representative of Switzerland to the United Nations",
            "Switzerland",
        ),
    )
    cover = app.letter("gcm-2018", "2018-01-30-pga")
    enclosed = app.letter("gcm-2018", "2018-01-30-co-facilitators")
    assert cover.encloses == ("2018-01-30-co-facilitators",)
    assert cover.dated == enclosed.dated == ANNOUNCED
    assert [p.name for p in cover.senders] == ["Miroslav Lajčák"]
    assert enclosed.place == "New York"
    assert "Round\tDates\tLocation" in enclosed.body
    draft = app.draft("gcm-2018", "zero-draft")
    assert "shortly before the presentation" in (draft.note or "")
    assert draft.presentations == (("zero-draft-presentation", date(2018, 2, 5)),)


def test_the_dry_run_shows_one_warning_and_records_nothing(
    cli: Cli, stored: Callable[[], GcmProcess]
) -> None:
    result = cli("import", SEED, "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert plan["process"] == "gcm-2018" and plan["dry_run"] is True
    assert [(w["line"], w["reason"].split(":")[0]) for w in plan["warnings"]] == [
        (40, "round label '4' read as round 1")
    ]
    assert [c["name"] for c in plan["commands"]].count("schedule_session") == 8
    assert {c["arguments"].get("announced_on") for c in plan["commands"]} == {"2018-01-30"}
    assert [letter["slug"] for letter in plan["letters"]] == [
        "2018-01-30-pga",
        "2018-01-30-co-facilitators",
    ]
    assert stored().process_slugs() == []


def test_importing_again_records_nothing(cli: Cli, stored: Callable[[], GcmProcess]) -> None:
    assert cli("import", SEED).exit_code == 0
    before = stored().last_position()
    again = cli("import", SEED)
    assert again.exit_code == 0, again.output
    assert "Recorded 0 command(s) in gcm-2018; 15 were already recorded." in again.output
    assert stored().last_position() == before


def test_unreadable_input_is_a_clear_error_and_records_nothing(
    cli: Cli, stored: Callable[[], GcmProcess], tmp_path: Path
) -> None:
    cases = {
        "binary.pdf": b"%PDF-1.4\x00\x01\x02\xff\xfe binary",
        "empty.txt": b"  \n\n",
        "notes.txt": b"Shopping list\n\neggs, milk, 3 to 6 April 2018\n",
        "undated.txt": SEED.read_bytes().replace(b"30 January 2018", b"late January"),
    }
    messages = {
        "binary.pdf": "is a PDF that cannot be read",
        "empty.txt": "is empty",
        "notes.txt": "does not look like a letter",
        "undated.txt": "has no date",
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        result = cli("import", SEED, path)
        assert result.exit_code != 0, name
        assert messages[name] in result.output, result.output
        assert "Traceback" not in result.output
    assert stored().process_slugs() == []
