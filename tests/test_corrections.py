"""Corrections at the application level: what may be corrected, and what it means."""

from __future__ import annotations

from datetime import date

import pytest

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain import errors
from gcm_process.domain.point import Point
from gcm_process.integrity.record import verify_record
from projections.replay import replay_sessions
from tests.factories import CLERK, LETTER, PROCESS, open_gcm, schedule_round_1

ON = {"announced_on": date(2018, 2, 14), "actor": CLERK}
TODAY = {"announced_on": date(2026, 12, 1), "actor": CLERK}


def _rooms(app: GcmProcess) -> list[str | None]:
    return [d.venue for d in app.session(PROCESS, "round-1").days]


def test_a_correction_undoes_the_demo_trap(round_1: GcmProcess) -> None:
    app = round_1
    app.change_venue(PROCESS, "round-1", "Conference Room 1", **TODAY)
    with pytest.raises(errors.AnnouncedBeforeLatest):
        app.change_venue(PROCESS, "round-1", "Conference Room 2", **ON)
    receipt = app.correct_session(PROCESS, "round-1", [2], "dated today by mistake", **ON)
    assert receipt.version == 3
    session = app.session(PROCESS, "round-1")
    assert session.last_announced == date(2018, 1, 30) and session.in_error == (2,)
    assert _rooms(app) == ["Trusteeship Council Chamber", "Conference Room 4", "ECOSOC Chamber"]
    app.change_venue(PROCESS, "round-1", "Conference Room 2", [date(2018, 2, 22)], **ON)
    assert _rooms(app)[1] == "Conference Room 2"


def test_a_correction_counts_from_when_it_is_recorded_on_both_axes(round_1: GcmProcess) -> None:
    app = round_1
    app.change_venue(PROCESS, "round-1", "Conference Room 1", **TODAY)
    before = app.session_history(PROCESS, "round-1")[-1].recorded_at
    app.correct_session(PROCESS, "round-1", [2], "typed in error", **ON)
    (then,) = replay_sessions(app, PROCESS, Point(as_of=before))
    assert then.days[0].venue == "Conference Room 1" and then.version == 2
    for known_on in (None, date(2018, 2, 1), date(2026, 12, 31)):
        (now,) = replay_sessions(app, PROCESS, Point(known_on=known_on))
        assert now.days[0].venue == "Trusteeship Council Chamber" and now.version == 3


@pytest.mark.parametrize(
    ("versions", "why"),
    [
        ([1], "schedules it"),
        ([9], "has no version 9"),
        ([3], "itself a correction"),
        ([2], "already marked"),
    ],
)
def test_what_cannot_be_corrected(round_1: GcmProcess, versions: list[int], why: str) -> None:
    app = round_1
    app.postpone_session(PROCESS, "round-1", **ON)
    app.correct_session(PROCESS, "round-1", [2], "not postponed", **ON)
    position = app.last_position()
    with pytest.raises(errors.CannotCorrect, match=why):
        app.correct_session(PROCESS, "round-1", versions, "again", **ON)
    with pytest.raises(errors.InvalidInput):
        app.correct_session(PROCESS, "round-1", [], "nothing named", **ON)
    with pytest.raises(errors.InvalidInput):
        app.correct_session(PROCESS, "round-1", [2], " ", **ON)
    assert app.last_position() == position


def test_a_letter_s_import_is_corrected_on_every_session_it_changed(round_1: GcmProcess) -> None:
    app = round_1
    app.schedule_session(PROCESS, "round-2", "negotiation_round", "R2",
                         app.session(PROCESS, "round-1").days, 2, source=LETTER, **ON)  # fmt: skip
    app.issue_letter(PROCESS, "2018-02-14-co", date(2018, 2, 14), "Rooms", "Text", actor=CLERK)
    app.change_venue(PROCESS, "round-1", "Conference Room 1", source="2018-02-14-co", **ON)
    app.postpone_session(PROCESS, "round-1", source="2018-02-14-co", **ON)
    app.cancel_session(PROCESS, "round-2", source="2018-02-14-co", **ON)
    position = app.last_position()
    app.correct_letter(PROCESS, "2018-02-14-co", "filed under the wrong process", **ON)
    assert app.last_position() == position + 2  # one correction per session, saved together
    assert app.session(PROCESS, "round-1").in_error == (2, 3)
    assert app.session(PROCESS, "round-2").status == "scheduled"
    with pytest.raises(errors.CannotCorrect, match="left to correct"):
        app.correct_letter(PROCESS, "2018-02-14-co", "again", **ON)
    with pytest.raises(errors.LetterNotFound):
        app.correct_letter(PROCESS, "no-such-letter", "why", **ON)


def test_a_source_is_a_letter_on_the_record_or_another_document(gcm: GcmProcess) -> None:
    gcm.issue_letter(PROCESS, "2018-02-14-co", date(2018, 2, 14), "Rooms", "Text", actor=CLERK)
    assert gcm.source_of(PROCESS, "2018-02-14-co") == "2018-02-14-co"
    assert gcm.source_of(PROCESS, None, "A/RES/72/244") == "A/RES/72/244"
    assert gcm.source_of(PROCESS, None) is None
    with pytest.raises(errors.UnknownSource, match="not a letter on the record"):
        gcm.source_of(PROCESS, "no-such-letter")
    with pytest.raises(errors.InvalidInput, match="not both"):
        gcm.source_of(PROCESS, "2018-02-14-co", "A/RES/72/244")


def test_a_letter_s_corrections_are_saved_together_on_a_durable_store(
    durable_settings: Settings,
) -> None:
    app = GcmProcess.from_settings(durable_settings)
    try:
        open_gcm(app)
        schedule_round_1(app)
        app.issue_letter(PROCESS, "2018-02-14-co", date(2018, 2, 14), "Rooms", "Text", actor=CLERK)
        app.change_venue(PROCESS, "round-1", "Conference Room 1", source="2018-02-14-co", **ON)
        app.correct_letter(PROCESS, "2018-02-14-co", "filed twice", **ON)
        assert _rooms(app)[0] == "Trusteeship Council Chamber"
    finally:
        app.close()
    reopened = GcmProcess.from_settings(durable_settings)
    try:
        assert reopened.session(PROCESS, "round-1").in_error == (2,)
    finally:
        reopened.close()
    assert verify_record(durable_settings).ok
