"""Recorded in error, at the desk: versions of a session, or a letter's whole import."""

from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient

from api.services import Services
from gcm_process.letters import plan_import, read_letters, record_plan
from projections import queries
from tests.desk.conftest import recorded
from tests.desk.forms import fields
from tests.letters.conftest import sample

P = "/desk/processes/gcm-2018"
CORRECT = f"{P}/sessions/round-1/correct"
ROOMS = "2018-02-14-co-facilitators"


@pytest.fixture
def mistaken(record: Services) -> Services:
    """Round 1 moved to another room with an announcement date typed wrong (2026)."""
    record.app.change_venue("gcm-2018", "round-1", venue="Conference Room 1", actor="clerk-bea",
                            announced_on=date(2026, 12, 1))  # fmt: skip
    record.views.catch_up()
    return record


def filled(client: FlaskClient, path: str, **values: str) -> dict[str, str]:
    """The form at ``path`` as a browser would post it, the announcement date given."""
    return {**fields(client.get(path).text, path), "announced_on": "2018-02-15", **values}


def post(client: FlaskClient, path: str, **values: str) -> tuple[int, str]:
    answer = client.post(path, data=filled(client, path, **values))
    return answer.status_code, answer.text


def test_the_form_lists_the_history_and_offers_only_what_may_be_in_error(
    clerk: FlaskClient, mistaken: Services
) -> None:
    assert f'href="{CORRECT}"' in clerk.get(P).text  # from the desk's list of sessions
    page = clerk.get(CORRECT).text
    assert 'name="versions" value="2"' in page and 'name="versions" value="1"' not in page
    assert "the scheduling: not offered" in page and "(Conference Room 1)" in page
    assert "1 Dec 2026" in page and "2018-01-30-co-facilitators" in page
    mistaken.app.correct_session("gcm-2018", "round-1", versions=[2], reason="typed wrong",
                                 actor="clerk-bea", announced_on=date(2018, 2, 15))  # fmt: skip
    mistaken.views.catch_up()
    again = clerk.get(CORRECT).text
    assert 'name="versions" value="2"' not in again  # not offered twice
    assert "already in error (corrected by version 3)" in again
    assert "a correction: not offered" in again


def test_the_demo_trap_is_undone_at_the_desk_alone(clerk: FlaskClient, record: Services) -> None:
    venue = f"{P}/sessions/round-1/venue"
    status, page = post(clerk, venue, venue="CR 1", dates="2018-02-22", announced_on="2026-12-01",
                        source_other="A/AC.1/2018/1")  # a date typed wrong  # fmt: skip
    assert status == 200, page
    real = {"venue": "CR 3", "dates": "2018-02-22", "source_other": "A/AC.1/2018/2"}
    status, page = post(clerk, venue, **real)
    assert status == 422 and "would overturn that later announcement" in page
    status, page = post(clerk, CORRECT, versions="2", reason="2026 typed for 2018")
    assert status == 200, page
    assert 'href="/processes/gcm-2018/sessions/round-1#v2"' in page
    assert 'href="/processes/gcm-2018/changes?session=round-1"' in page
    (correction,) = [e for e in record.app.session_history("gcm-2018", "round-1")
                     if e.event == "Corrected"]  # fmt: skip
    assert correction.actor.startswith("clerk-ana (") and correction.data["versions"] == [2]
    assert correction.command_id.startswith("desk:clerk-ana:")
    changes = clerk.get("/processes/gcm-2018/changes?session=round-1").text
    assert "Recorded in error." in changes and "2026 typed for 2018" in changes
    status, page = post(clerk, venue, **real)  # the real change of 2018, now accepted
    assert status == 200, page
    day = queries.session(record.db, "gcm-2018", "round-1")["days"][1]
    assert (day["date"], day["venue"]) == ("2018-02-22", "Conference Room 3")


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"reason": "typed wrong"}, "versions", "Name at least one version"),
        ({"versions": "9", "reason": "typed wrong"}, "versions", "has no version 9"),
        ({"versions": "two", "reason": "typed wrong"}, "versions", "is not a version"),
        ({"versions": "2", "reason": " "}, "reason", "must not be empty"),
        ({"versions": "2", "reason": "x", "announced_on": ""}, "announced_on", "Give a date"),
        ({"versions": "2", "reason": "x", "source_letter": ROOMS, "source_other": "A/1"},
         "source", "one of the two"),
    ],
)  # fmt: skip
def test_a_bad_value_is_shown_at_its_field_and_nothing_is_recorded(
    clerk: FlaskClient, mistaken: Services, values: dict[str, str], field: str, message: str
) -> None:
    before = mistaken.app.last_position()
    status, page = post(clerk, CORRECT, **values)
    assert status == 422, page
    assert f'id="{field}-error"' in page and message in page
    assert mistaken.app.last_position() == before


def test_a_version_already_in_error_is_refused_at_its_field(
    clerk: FlaskClient, mistaken: Services
) -> None:
    form = filled(clerk, CORRECT, versions="2", reason="typed wrong")
    assert clerk.post(CORRECT, data=form).status_code == 200
    before = mistaken.app.last_position()
    form = {**filled(clerk, CORRECT), "versions": "2", "reason": "again"}  # a version typed in
    answer = clerk.post(CORRECT, data=form)
    assert answer.status_code == 422 and 'id="versions-error"' in answer.text
    assert "already marked as recorded in error" in answer.text
    assert mistaken.app.last_position() == before


def test_submitting_twice_records_once(clerk: FlaskClient, mistaken: Services) -> None:
    form = filled(clerk, CORRECT, versions="2", reason="typed wrong")
    assert clerk.post(CORRECT, data=form).status_code == 200
    after = mistaken.app.last_position()
    again = clerk.post(CORRECT, data=form)
    assert again.status_code == 200 and "already been recorded" in again.text
    assert mistaken.app.last_position() == after


def test_a_change_recorded_meanwhile_is_a_conflict(clerk: FlaskClient, mistaken: Services) -> None:
    form = filled(clerk, CORRECT, versions="2", reason="typed wrong")
    mistaken.app.postpone_session("gcm-2018", "round-1", actor="clerk-bea",
                                  announced_on=date(2026, 12, 2))  # fmt: skip
    mistaken.views.catch_up()
    before = mistaken.app.last_position()
    answer = clerk.post(CORRECT, data=form)
    assert answer.status_code == 409
    assert "is at version 3, not 2" in answer.text and "Now: postponed, version 3" in answer.text
    assert 'name="versions" value="3"' in answer.text  # the form drawn again on the record now
    assert mistaken.app.last_position() == before


def test_a_reader_a_revoked_token_and_a_form_without_csrf_record_nothing(
    clerk: FlaskClient, reader: FlaskClient, mistaken: Services
) -> None:
    before = recorded(mistaken)
    assert "version 2 in error" in reader.get(CORRECT).text  # a reader sees the form
    status, page = post(reader, CORRECT, versions="2", reason="typed wrong")
    assert status == 403 and "not record" in page
    form = filled(clerk, CORRECT, versions="2", reason="typed wrong")
    assert clerk.post(CORRECT, data={k: v for k, v in form.items() if k != "csrf_token"}
                      ).status_code == 400  # fmt: skip
    mistaken.tokens.revoke("clerk-ana")
    answer = clerk.post(CORRECT, data=form)
    assert answer.status_code == 401 and "was revoked" in answer.text
    assert recorded(mistaken) == before  # besides the revocation


@pytest.fixture
def rooms(record: Services) -> Services:
    """The co-facilitators' letter of 14 February, recorded: it moves round 1's second day."""
    text = sample("gcm-2018-02-14-rooms.txt")
    record_plan(record.app, plan_import(record.app, read_letters(text), "gcm-2018"),
                actor="clerk-bea")  # fmt: skip
    record.views.catch_up()
    return record


UNDO = f"{P}/letters/{ROOMS}/undo"


def test_a_letters_import_is_undone_with_a_reason(clerk: FlaskClient, rooms: Services) -> None:
    assert f'href="{UNDO}"' in clerk.get(P).text
    page = clerk.get(UNDO).text
    assert "to be marked in error" in page and "round-1" in page
    before = rooms.app.last_position()
    status, page = post(clerk, UNDO, reason=" ")
    assert status == 422 and 'id="reason-error"' in page and "must not be empty" in page
    status, page = post(clerk, f"{P}/letters/2018-01-30-co-facilitators/undo", reason="x")
    assert status == 422 and "cannot be without its scheduling" in page  # refused whole
    assert rooms.app.last_position() == before
    status, page = post(clerk, UNDO, reason="filed under the wrong process")
    assert status == 200, page
    assert f'href="/processes/gcm-2018/letters/{ROOMS}"' in page
    assert 'href="/processes/gcm-2018/changes?session=round-1"' in page
    day = queries.session(rooms.db, "gcm-2018", "round-1")["days"][1]
    assert day["venue"] == "Conference Room 4"  # as the seed letter had it
    changes = clerk.get("/processes/gcm-2018/changes?session=round-1").text
    assert "Recorded in error." in changes and "filed under the wrong process" in changes
    again = clerk.get(UNDO).text
    assert "already in error" in again and "to be marked in error" not in again


def test_a_letter_changed_since_the_form_was_drawn_is_a_conflict(
    clerk: FlaskClient, rooms: Services
) -> None:
    form = filled(clerk, UNDO, reason="filed twice")
    hearing = "pga-hearing-2018-02-21"
    last = rooms.app.session_history("gcm-2018", hearing)[-1].version
    rooms.app.correct_session("gcm-2018", hearing, versions=[last], reason="x", actor="clerk-bea",
                              announced_on=date(2018, 2, 15))  # fmt: skip
    rooms.views.catch_up()
    before = rooms.app.last_position()
    answer = clerk.post(UNDO, data=form)
    assert answer.status_code == 409 and "Nothing was recorded" in answer.text
    assert rooms.app.last_position() == before
    again = clerk.post(UNDO, data=filled(clerk, UNDO, reason="filed twice"))
    assert again.status_code == 200 and clerk.post(UNDO, data=form).status_code == 409
