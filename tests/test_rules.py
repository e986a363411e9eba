"""The rules of the domain: each raises its named error, and nothing is recorded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from gcm_process.application import GcmProcess
from gcm_process.domain import Day, errors
from tests.factories import CLERK, MEXICO, PROCESS, ROUND_1, day, schedule_round_1


def refused(app: GcmProcess, error: type[errors.GcmError], command: Callable[[], Any]) -> str:
    """Run ``command``, expect ``error``, check the store is untouched; return the message."""
    before = app.last_position()
    with pytest.raises(error) as raised:
        command()
    assert app.last_position() == before, "a refused command recorded something"
    return str(raised.value)


# -- a session's days ----------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "says"),
    [
        ((day("2018-03-12"), day("2018-03-12")), "2018-03-12 is given twice"),
        ((day("2018-03-15"), day("2018-03-12")), "not in date order"),
    ],
)
def test_days_given_twice_or_out_of_order_are_refused(
    gcm: GcmProcess, days: tuple[Day, ...], says: str
) -> None:
    message = refused(
        gcm,
        errors.DaysNotInOrder,
        lambda: gcm.schedule_session(
            PROCESS, "round-2", "negotiation_round", "R2", days, 2, actor=CLERK
        ),
    )
    assert says in message


def test_a_day_must_end_after_it_starts(gcm: GcmProcess) -> None:
    for end in ("15:00", "14:00"):
        message = refused(
            gcm,
            errors.EndNotAfterStart,
            lambda end=end: gcm.schedule_session(
                PROCESS,
                "zero-draft",
                "informal_meeting",
                "Zero draft",
                (day("2018-02-05", None, "15:00", end),),
                actor=CLERK,
            ),
        )
        assert f"end time {end} is not after the start time 15:00" in message


def test_a_session_needs_a_day(gcm: GcmProcess) -> None:
    refused(
        gcm,
        errors.NoDays,
        lambda: gcm.schedule_session(
            PROCESS, "round-2", "negotiation_round", "R2", (), actor=CLERK
        ),
    )


def test_a_reschedule_obeys_the_same_day_rules(round_1: GcmProcess) -> None:
    backwards = (day("2018-02-23"), day("2018-02-20"))
    refused(
        round_1,
        errors.DaysNotInOrder,
        lambda: round_1.reschedule_session(PROCESS, "round-1", backwards, actor=CLERK),
    )
    refused(
        round_1,
        errors.NoDays,
        lambda: round_1.reschedule_session(PROCESS, "round-1", (), actor=CLERK),
    )
    assert round_1.session(PROCESS, "round-1").days == ROUND_1


# -- venues ---------------------------------------------------------------------


def test_no_venue_change_for_a_date_the_session_does_not_have(round_1: GcmProcess) -> None:
    message = refused(
        round_1,
        errors.UnknownSessionDay,
        lambda: round_1.change_venue(
            PROCESS, "round-1", "Conference Room 1", [date(2018, 2, 21)], actor=CLERK
        ),
    )
    assert "does not meet on 2018-02-21" in message
    assert "2018-02-20, 2018-02-22, 2018-02-23" in message


def test_a_venue_change_naming_no_date_is_malformed(round_1: GcmProcess) -> None:
    refused(
        round_1,
        errors.InvalidInput,
        lambda: round_1.change_venue(PROCESS, "round-1", "Conference Room 1", [], actor=CLERK),
    )


def test_a_venue_change_that_changes_nothing_is_refused(round_1: GcmProcess) -> None:
    refused(
        round_1,
        errors.NothingChanged,
        lambda: round_1.change_venue(
            PROCESS, "round-1", "ECOSOC Chamber", [date(2018, 2, 23)], actor=CLERK
        ),
    )


def test_a_reschedule_to_the_same_days_is_refused(round_1: GcmProcess) -> None:
    refused(
        round_1,
        errors.NothingChanged,
        lambda: round_1.reschedule_session(PROCESS, "round-1", ROUND_1, actor=CLERK),
    )


# -- cancellation: only a reschedule may follow it -------------------------------


@pytest.fixture
def cancelled(round_1: GcmProcess) -> GcmProcess:
    round_1.cancel_session(PROCESS, "round-1", "no quorum", actor=CLERK)
    return round_1


def test_a_cancelled_session_cannot_move_room(cancelled: GcmProcess) -> None:
    message = refused(
        cancelled,
        errors.SessionIsCancelled,
        lambda: cancelled.change_venue(PROCESS, "round-1", "Conference Room 1", actor=CLERK),
    )
    assert "only a reschedule can reinstate it" in message


@pytest.mark.parametrize(
    ("change", "error", "says"),
    [
        ("postpone_session", errors.SessionIsCancelled, "only a reschedule can reinstate it"),
        ("cancel_session", errors.AlreadyCancelled, "already cancelled"),
        ("mark_held", errors.CancelledSessionNotHeld, "reschedule it first"),
    ],
)
def test_a_cancelled_session_is_not_postponed_cancelled_again_or_held(
    cancelled: GcmProcess, change: str, error: type[errors.GcmError], says: str
) -> None:
    command = getattr(cancelled, change)
    message = refused(cancelled, error, lambda: command(PROCESS, "round-1", actor=CLERK))
    assert says in message


def test_a_reschedule_reinstates_a_cancelled_session_even_on_the_same_days(
    cancelled: GcmProcess,
) -> None:
    cancelled.reschedule_session(PROCESS, "round-1", ROUND_1, actor=CLERK)
    session = cancelled.session(PROCESS, "round-1")
    assert (session.status, session.days, session.version) == ("scheduled", ROUND_1, 3)


# -- postponement and holding ----------------------------------------------------


def test_no_second_postponement_until_rescheduled(round_1: GcmProcess) -> None:
    round_1.postpone_session(PROCESS, "round-1", "until further notice", actor=CLERK)
    refused(
        round_1,
        errors.AlreadyPostponed,
        lambda: round_1.postpone_session(PROCESS, "round-1", actor=CLERK),
    )
    round_1.reschedule_session(PROCESS, "round-1", ROUND_1, actor=CLERK)
    round_1.postpone_session(PROCESS, "round-1", actor=CLERK)
    assert round_1.session(PROCESS, "round-1").status == "postponed"


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("postpone_session", ()),
        ("cancel_session", ()),
        ("mark_held", ()),
        ("reschedule_session", ((day("2018-02-26"),),)),
    ],
)
def test_a_session_that_was_held_stays_held(
    round_1: GcmProcess, command: str, args: tuple[Any, ...]
) -> None:
    round_1.mark_held(PROCESS, "round-1", actor=CLERK)
    message = refused(
        round_1,
        errors.SessionAlreadyHeld,
        lambda: getattr(round_1, command)(PROCESS, "round-1", *args, actor=CLERK),
    )
    assert "has been held" in message


# -- creation never overwrites ---------------------------------------------------


def test_scheduling_a_slug_that_exists_is_an_error_not_an_overwrite(round_1: GcmProcess) -> None:
    message = refused(
        round_1,
        errors.AlreadyExists,
        lambda: round_1.schedule_session(
            PROCESS, "round-1", "hearing", "Something else", (day("2018-03-01"),), actor=CLERK
        ),
    )
    assert "already has a session 'round-1'" in message
    assert (
        round_1.session(PROCESS, "round-1").title == "First round of intergovernmental negotiations"
    )


@pytest.mark.parametrize(
    ("create", "what"),
    [
        (lambda app: app.open_process(PROCESS, "Again", actor=CLERK), "process"),
        (lambda app: app.circulate_draft(PROCESS, "zero-draft", "Again", actor=CLERK), "draft"),
        (
            lambda app: app.issue_letter(
                PROCESS, "l1", date(2018, 1, 30), "Again", "Again", actor=CLERK
            ),
            "letter",
        ),
    ],
)
def test_no_other_slug_is_created_twice(
    gcm: GcmProcess, create: Callable[[GcmProcess], Any], what: str
) -> None:
    gcm.circulate_draft(PROCESS, "zero-draft", "Zero draft", actor=CLERK)
    gcm.issue_letter(PROCESS, "l1", date(2018, 1, 30), "Subject", "Body", actor=CLERK)
    message = refused(gcm, errors.AlreadyExists, lambda: create(gcm))
    assert f"already a {what}" in message or f"already has a {what}" in message


def test_a_facilitator_is_appointed_once(gcm: GcmProcess) -> None:
    gcm.appoint_facilitator(PROCESS, MEXICO, actor=CLERK)
    refused(
        gcm, errors.AlreadyAppointed, lambda: gcm.appoint_facilitator(PROCESS, MEXICO, actor=CLERK)
    )


def test_a_draft_is_presented_once_at_a_session(round_1: GcmProcess) -> None:
    round_1.circulate_draft(PROCESS, "zero-draft", "Zero draft", actor=CLERK)
    round_1.present_draft(PROCESS, "zero-draft", "round-1", actor=CLERK)
    refused(
        round_1,
        errors.DraftAlreadyPresented,
        lambda: round_1.present_draft(PROCESS, "zero-draft", "round-1", actor=CLERK),
    )


# -- what does not exist ---------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "error"),
    [
        (
            lambda app: app.schedule_session(
                "gcm-2019", "round-1", "other", "R", ROUND_1, actor=CLERK
            ),
            errors.ProcessNotFound,
        ),
        (
            lambda app: app.reschedule_session(PROCESS, "round-9", ROUND_1, actor=CLERK),
            errors.SessionNotFound,
        ),
        (lambda app: app.cancel_session(PROCESS, "round-9", actor=CLERK), errors.SessionNotFound),
        (
            lambda app: app.present_draft(PROCESS, "zero-draft", "round-9", actor=CLERK),
            errors.SessionNotFound,
        ),
        (
            lambda app: app.present_draft(PROCESS, "revision-9", "round-1", actor=CLERK),
            errors.DraftNotFound,
        ),
        (
            lambda app: app.issue_letter(
                "gcm-2019", "l1", date(2018, 1, 30), "S", "B", actor=CLERK
            ),
            errors.ProcessNotFound,
        ),
        (
            lambda app: app.appoint_facilitator("gcm-2019", MEXICO, actor=CLERK),
            errors.ProcessNotFound,
        ),
    ],
)
def test_commands_on_what_does_not_exist_are_refused(
    round_1: GcmProcess, command: Callable[[GcmProcess], Any], error: type[errors.GcmError]
) -> None:
    round_1.circulate_draft(PROCESS, "zero-draft", "Zero draft", actor=CLERK)
    refused(round_1, error, lambda: command(round_1))


def test_a_session_is_found_only_in_its_own_process(round_1: GcmProcess) -> None:
    round_1.open_process("gcm-2019", "Another process", actor=CLERK)
    with pytest.raises(errors.SessionNotFound, match="Process 'gcm-2019' has no session 'round-1'"):
        round_1.session("gcm-2019", "round-1")
    with pytest.raises(errors.ProcessNotFound):
        round_1.session("gcm-2020", "round-1")


@pytest.mark.parametrize(
    ("query", "missing"),
    [
        ("session", errors.SessionNotFound),
        ("draft", errors.DraftNotFound),
        ("letter", errors.LetterNotFound),
    ],
)
def test_a_query_says_whether_the_process_or_the_thing_is_missing(
    gcm: GcmProcess, query: str, missing: type[errors.NotFound]
) -> None:
    with pytest.raises(errors.ProcessNotFound, match="no process 'gcm-2020'"):
        getattr(gcm, query)("gcm-2020", "round-1")
    with pytest.raises(missing, match=f"Process 'gcm-2018' has no {query} 'round-1'"):
        getattr(gcm, query)(PROCESS, "round-1")


# -- malformed input -------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        lambda app: app.schedule_session(
            PROCESS, "Round 2", "negotiation_round", "R2", ROUND_1, actor=CLERK
        ),
        lambda app: app.schedule_session(
            PROCESS, "round--2", "negotiation_round", "R2", ROUND_1, actor=CLERK
        ),
        lambda app: app.schedule_session(
            PROCESS, "r" * 101, "negotiation_round", "R2", ROUND_1, actor=CLERK
        ),
        lambda app: app.schedule_session(PROCESS, "round-2", "plenary", "R2", ROUND_1, actor=CLERK),
        lambda app: app.schedule_session(
            PROCESS, "round-2", "negotiation_round", "R2", ROUND_1, 0, actor=CLERK
        ),
        lambda app: app.schedule_session(
            PROCESS, "round-2", "negotiation_round", "  ", ROUND_1, actor=CLERK
        ),
        lambda app: app.schedule_session(
            PROCESS, "round-2", "other", "R2", ("2018-03-12",), actor=CLERK
        ),
        lambda app: app.schedule_session(
            PROCESS, "round-2", "other", "R2", (day("2018-03-12", " "),), actor=CLERK
        ),
        lambda app: app.schedule_session(PROCESS, "round-2", "other", "R2", ROUND_1, actor=""),
        lambda app: app.schedule_session(
            PROCESS, "round-2", "other", "R2", ROUND_1, actor=CLERK, command_id=" "
        ),
        lambda app: app.schedule_session(
            PROCESS, "round-2", "other", "R2", ROUND_1, actor=CLERK, command_id="x" * 201
        ),
        lambda app: app.change_venue(PROCESS, "round-1", "", actor=CLERK),
        lambda app: app.open_process("gcm-2019", "GCM", "m" * 2001, actor=CLERK),
        lambda app: app.issue_letter(PROCESS, "l1", date(2018, 1, 30), "S", "", actor=CLERK),
        lambda app: app.issue_letter(
            PROCESS, "l1", date(2018, 1, 30), "S", "B", encloses=["Letter 2"], actor=CLERK
        ),
        lambda app: app.session(PROCESS, "round-1", version=0),
    ],
)
def test_malformed_input_is_refused_as_invalid(
    round_1: GcmProcess, command: Callable[[GcmProcess], Any]
) -> None:
    refused(round_1, errors.InvalidInput, lambda: command(round_1))


def test_every_domain_error_is_a_gcm_error() -> None:
    named = [v for v in vars(errors).values() if isinstance(v, type) and issubclass(v, Exception)]
    assert len(named) > 20
    assert all(issubclass(e, errors.GcmError) for e in named)
    assert issubclass(errors.SessionIsCancelled, errors.RuleBroken)
    assert issubclass(errors.VersionConflict, errors.Conflict)


# -- the order of announcements ----------------------------------------------------


def test_a_change_announced_before_the_latest_announcement_is_refused(gcm: GcmProcess) -> None:
    schedule_round_1(gcm)
    gcm.change_venue(
        PROCESS, "round-1", "ECOSOC Chamber", announced_on=date(2018, 3, 1), actor=CLERK
    )
    for command in (
        lambda: gcm.reschedule_session(
            PROCESS, "round-1", ROUND_1[:1], announced_on=date(2018, 2, 15), actor=CLERK
        ),
        lambda: gcm.change_venue(
            PROCESS, "round-1", "Conference Room 1", announced_on=date(2018, 2, 28), actor=CLERK
        ),
        lambda: gcm.postpone_session(
            PROCESS, "round-1", announced_on=date(2018, 2, 1), actor=CLERK
        ),
        lambda: gcm.cancel_session(PROCESS, "round-1", announced_on=date(2018, 2, 1), actor=CLERK),
        lambda: gcm.mark_held(PROCESS, "round-1", announced_on=date(2018, 2, 1), actor=CLERK),
    ):
        message = refused(gcm, errors.AnnouncedBeforeLatest, command)
        assert "last announced on 2018-03-01" in message
    gcm.postpone_session(PROCESS, "round-1", announced_on=date(2018, 3, 1), actor=CLERK)
    assert gcm.session(PROCESS, "round-1").status == "postponed"
