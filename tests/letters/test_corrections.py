"""Letters that arrive out of order, restate held sessions or say a change in other words."""

from __future__ import annotations

from datetime import date

import pytest

from gcm_process.application import GcmProcess
from gcm_process.letters import plan_import, read_letters
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
