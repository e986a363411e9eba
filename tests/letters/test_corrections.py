"""Letters that arrive out of order, restate held sessions or say a change in other words."""

from __future__ import annotations

from datetime import date

import pytest

from gcm_process.application import GcmProcess
from gcm_process.letters import plan_import, read_letters, record_plan, seed_text
from tests.letters.conftest import import_seed, import_text, letter

P = "gcm-2018"
MARCH_1 = letter("1 March 2018", "The second round will now be held from 26 to 29 March 2018.")
FEBRUARY_15 = letter(
    "15 February 2018", "The second round will now be held from 19 to 22 March 2018."
)


@pytest.fixture
def seeded(app: GcmProcess) -> GcmProcess:
    import_seed(app)
    return app


def _dates(app: GcmProcess, slug: str) -> list[int]:
    return [d.date.day for d in app.session(P, slug).days]


def test_an_older_letter_imported_later_does_not_undo_a_newer_one(seeded: GcmProcess) -> None:
    import_text(seeded, MARCH_1)
    plan = plan_import(seeded, read_letters(FEBRUARY_15))
    assert [c.name for c in plan.to_record] == ["issue_letter"]
    assert [(w.line, w.reason) for w in plan.warnings] == [
        (9, "letter of 2018-02-15 is older than round-2's latest announcement (2018-03-01): "
         "its schedule for round-2 is not recorded")
    ]  # fmt: skip
    import_text(seeded, FEBRUARY_15)
    assert _dates(seeded, "round-2") == [26, 27, 28, 29]
    assert seeded.letter(P, "2018-02-15-co-facilitators").dated == date(2018, 2, 15)


def test_older_and_newer_letters_in_one_import_are_read_in_date_order(seeded: GcmProcess) -> None:
    import_text(seeded, MARCH_1 + "\n\n" + FEBRUARY_15)
    assert _dates(seeded, "round-2") == [26, 27, 28, 29]
    plan = plan_import(seeded, read_letters(FEBRUARY_15))
    assert plan.to_record == [] and plan.warnings == ()


TABLE = letter(
    "1 March 2018",
    "The dates and venues of the negotiation sessions, to be held at United Nations "
    "Headquarters in New York, are as follows:",
    "Round\tDates\tLocation\n"
    "1\t20 February 2018\tTrusteeship Council Chamber\n"
    "\t22 February 2018\tConference Room 4\n"
    "\t23 February 2018\tECOSOC Chamber\n"
    "2\t19 to 22 March 2018\tTrusteeship Council Chamber\n"
    "3\t3 to 6 April 2018\tConference Room 2",
)

HELD_ON = date(2018, 2, 23)


def test_a_held_round_listed_with_its_days_does_not_stop_the_import(seeded: GcmProcess) -> None:
    seeded.mark_held(P, "round-1", announced_on=HELD_ON, actor="test")
    assert import_text(seeded, TABLE) == ["issue_letter", "reschedule_session"]
    assert _dates(seeded, "round-2") == [19, 20, 21, 22]
    assert seeded.session(P, "round-1").status == "held"
    assert plan_import(seeded, read_letters(TABLE)).warnings == ()


def test_a_held_round_listed_with_other_days_is_a_warning(seeded: GcmProcess) -> None:
    seeded.mark_held(P, "round-1", announced_on=HELD_ON, actor="test")
    text = TABLE.replace("23 February 2018\tECOSOC", "24 February 2018\tECOSOC")
    plan = plan_import(seeded, read_letters(text))
    assert [c.name for c in plan.to_record] == ["issue_letter", "reschedule_session"]
    assert [w.reason.split(" as ")[0] for w in plan.warnings] == ["round-1 has been held"]
    assert "2018-02-24 ECOSOC Chamber is not recorded" in plan.warnings[0].reason


@pytest.mark.parametrize(
    "sentence",
    [
        "The first round has been cancelled.",
        "The first round has been postponed until further notice.",
        "The first round has been moved to Conference Room 3.",
        "The first round has been rescheduled to 26 to 28 February 2018.",
    ],
)
def test_no_change_is_planned_for_a_held_round(seeded: GcmProcess, sentence: str) -> None:
    seeded.mark_held(P, "round-1", announced_on=HELD_ON, actor="test")
    text = letter(
        "1 March 2018", sentence, "The third round will now be held from 9 to 12 April 2018."
    )
    plan = plan_import(seeded, read_letters(text))
    assert [c.name for c in plan.to_record] == ["issue_letter", "reschedule_session"]
    assert [w.reason for w in plan.warnings] == [
        "round-1 has been held and cannot change; nothing recorded"
    ]
    import_text(seeded, text)
    assert _dates(seeded, "round-3") == [9, 10, 11, 12]


def test_the_same_letter_twice_in_one_import_is_read_once(app: GcmProcess) -> None:
    bundle = read_letters(seed_text(), "seed.txt") + read_letters(seed_text(), "seed.txt")
    plan = plan_import(app, bundle)
    assert [letter.slug for letter in plan.letters] == [
        "2018-01-30-pga",
        "2018-01-30-co-facilitators",
    ]
    assert plan.letters[0].encloses == ("2018-01-30-co-facilitators",)
    record_plan(app, plan, actor="test")
    again = plan_import(app, bundle)
    assert again.to_record == []
    assert again.warnings == plan.warnings == read_letters(seed_text(), "seed.txt").warnings
    assert [c.letter for c in plan.commands if c.name == "issue_letter"] == [
        "2018-01-30-pga",
        "2018-01-30-co-facilitators",
    ]


def test_two_letters_of_one_slug_each_enclose_their_own(app: GcmProcess) -> None:
    other = seed_text().replace("9 to 13 July", "16 to 20 July").replace("also includes", "gives")
    plan = plan_import(app, read_letters(seed_text(), "a.txt") + read_letters(other, "b.txt"))
    assert [(letter.slug, letter.encloses) for letter in plan.letters] == [
        ("2018-01-30-pga", ("2018-01-30-co-facilitators",)),
        ("2018-01-30-co-facilitators", ()),
        ("2018-01-30-pga-2", ("2018-01-30-co-facilitators-2",)),
        ("2018-01-30-co-facilitators-2", ()),
    ]
