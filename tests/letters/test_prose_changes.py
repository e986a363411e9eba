"""Changes in other words: "will not take place in X but in Y", one day's room, "moved from"."""

from __future__ import annotations

import pytest

from gcm_process.application import GcmProcess
from gcm_process.letters import plan_import, read_letters
from tests.letters.conftest import import_seed, import_text, letter

P = "gcm-2018"


@pytest.fixture
def seeded(app: GcmProcess) -> GcmProcess:
    import_seed(app)
    return app


def _only_warned(app: GcmProcess, sentence: str) -> str:
    """Why the letter of 1 March 2018 saying ``sentence`` warns, on its line, recording only
    itself."""
    plan = plan_import(app, read_letters(letter("1 March 2018", sentence)))
    assert [c.name for c in plan.to_record] == ["issue_letter"]
    assert [w.line for w in plan.warnings] == [9]
    return plan.warnings[0].reason


def _rooms(app: GcmProcess, slug: str) -> list[str | None]:
    return [d.venue for d in app.session(P, slug).days]


@pytest.mark.parametrize(
    "sentence",
    [
        "The sixth round will not take place in Conference Room 1 but in Conference Room 3.",
        "The sixth round will not be held in CR 1 but in Conference Room 3.",
    ],
)
def test_not_in_one_room_but_in_another_is_a_venue_change(
    seeded: GcmProcess, sentence: str
) -> None:
    assert import_text(seeded, letter("1 March 2018", sentence)) == [
        "issue_letter",
        "change_venue",
    ]
    round_6 = seeded.session(P, "round-6")
    assert round_6.status == "scheduled"
    assert _rooms(seeded, "round-6") == ["Conference Room 3"] * 5


def test_will_not_take_place_alone_is_a_cancellation(seeded: GcmProcess) -> None:
    text = letter("1 March 2018", "The sixth round will not take place.")
    assert import_text(seeded, text) == ["issue_letter", "cancel_session"]
    assert seeded.session(P, "round-6").status == "cancelled"


def test_will_not_take_place_then_other_dates_is_a_warning(seeded: GcmProcess) -> None:
    sentence = "The sixth round will not take place on 9 July 2018 but on 16 July 2018."
    assert "will not take place" in _only_warned(seeded, sentence)


def test_a_room_change_that_names_a_day_moves_that_day_only(seeded: GcmProcess) -> None:
    sentence = (
        "The meeting of the first round on 22 February 2018 has been moved to Conference Room 1."
    )
    assert import_text(seeded, letter("14 February 2018", sentence)) == [
        "issue_letter",
        "change_venue",
    ]
    assert _rooms(seeded, "round-1") == [
        "Trusteeship Council Chamber",
        "Conference Room 1",
        "ECOSOC Chamber",
    ]


def test_moved_from_one_room_to_another(seeded: GcmProcess) -> None:
    sentence = "Round 3 has been moved from Conference Room 2 to Conference Room 4."
    assert import_text(seeded, letter("1 March 2018", sentence)) == [
        "issue_letter",
        "change_venue",
    ]
    assert _rooms(seeded, "round-3") == ["Conference Room 4"] * 4


def test_moved_from_a_room_it_is_not_in_is_a_warning(seeded: GcmProcess) -> None:
    sentence = "Round 3 has been moved from Conference Room 5 to Conference Room 4."
    assert "was in Conference Room 5" in _only_warned(seeded, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Round 3 has been shifted to Conference Room 4.",
        "The third round has been transferred to Conference Room 4.",
        "Round 3 is moving to Conference Room 4.",
    ],
)
def test_a_change_in_words_not_known_is_a_warning(seeded: GcmProcess, sentence: str) -> None:
    assert "round 3 changes" in _only_warned(seeded, sentence)
