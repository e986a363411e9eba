"""The direct forms: each command with its announcement date, its source and If-Match."""

from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient

from api.services import Services
from projections import queries
from tests.desk.conftest import SEED
from tests.desk.forms import fields

P = "/desk/processes/gcm-2018"


def submit(client: FlaskClient, path: str, **values: str) -> tuple[int, str]:
    form = {**fields(client.get(path).text, path), "announced_on": "2018-02-10",
            "source_letter": SEED, **values}  # fmt: skip
    answer = client.post(path, data=form)
    return answer.status_code, answer.text


FORMS = [
    (f"{P}/schedule", {"slug": "briefing-1", "kind": "other", "title": "Briefing",
                       "day-0-date": "2018-03-01", "day-0-venue": "CR 2"}),
    (f"{P}/sessions/round-2/reschedule", {"day-0-date": "2018-03-19", "day-1-date": "",
                                          "day-2-date": "", "day-3-date": ""}),
    (f"{P}/sessions/round-2/venue", {"venue": "Conference Room 1", "dates": "2018-03-13"}),
    (f"{P}/sessions/round-3/postpone", {"reason": "Liquidity crisis"}),
    (f"{P}/sessions/round-3/cancel", {}),
    (f"{P}/sessions/zero-draft-presentation/held", {}),
    (f"{P}/circulate", {"slug": "revision-1", "title": "Revision 1"}),
    (f"{P}/drafts/zero-draft/present", {"session": "round-1", "presented_on": "2018-02-20"}),
]  # fmt: skip


@pytest.mark.parametrize(("path", "values"), FORMS, ids=[p.rsplit("/", 1)[1] for p, _ in FORMS])
def test_each_form_records_its_command_once(
    clerk: FlaskClient, record: Services, path: str, values: dict[str, str]
) -> None:
    form = {**fields(clerk.get(path).text, path), "announced_on": "2018-02-10",
            "source_letter": SEED, **values}  # fmt: skip
    before = record.app.last_position()
    answer = clerk.post(path, data=form)
    assert answer.status_code == 200, answer.text
    assert "recorded as version" in answer.text
    assert "/processes/gcm-2018/changes?after=" in answer.text
    after = record.app.last_position()
    assert after > before
    again = clerk.post(path, data=form)  # submitted twice
    assert again.status_code == 200 and "already been recorded" in again.text
    assert record.app.last_position() == after


def test_what_a_form_records_carries_the_clerk_and_the_source(
    clerk: FlaskClient, record: Services
) -> None:
    status, page = submit(clerk, f"{P}/sessions/round-2/venue", venue="CR 1",
                          source_letter="", source_other="A/RES/72/244")  # fmt: skip
    assert status == 200, page
    last = record.app.session_history("gcm-2018", "round-2")[-1]
    assert (last.source, last.event) == ("A/RES/72/244", "VenueChanged")
    assert last.actor.startswith("clerk-ana (")  # the name and the credential id, as the API
    assert last.command_id.startswith("desk:clerk-ana:")
    assert queries.session(record.db, "gcm-2018", "round-2")["days"][0]["venue"] == (
        "Conference Room 1")  # fmt: skip


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"announced_on": ""}, "announced_on", "Give a date"),
        ({"announced_on": "2018-13-01"}, "announced_on", "is not a date"),
        ({"source_letter": ""}, "source", "one of the two"),
        ({"source_other": "A/RES/72/244"}, "source", "one of the two"),
        ({"venue": ""}, "venue", "must not be empty"),
        ({"venue": "x" * 201}, "venue", "longer than 200"),
        ({"dates": "13 March"}, "dates", "is not a date"),
    ],
)
def test_a_bad_value_is_shown_at_its_field_and_nothing_is_recorded(
    clerk: FlaskClient, record: Services, values: dict[str, str], field: str, message: str
) -> None:
    before = record.app.last_position()
    status, page = submit(clerk, f"{P}/sessions/round-2/venue", **{"venue": "CR 1", **values})
    assert status == 422
    assert f'id="{field}-error"' in page and message in page
    assert record.app.last_position() == before


def test_a_day_error_is_at_its_day(clerk: FlaskClient, record: Services) -> None:
    status, page = submit(clerk, f"{P}/sessions/round-2/reschedule", **{"day-1-start": "14:00",
                          "day-1-end": "13:00"})  # fmt: skip
    assert status == 422 and 'id="day-1-end-error"' in page and "is not after" in page


def test_a_stale_form_is_a_conflict_with_the_state_now(
    clerk: FlaskClient, record: Services
) -> None:
    path = f"{P}/sessions/round-2/postpone"
    form = {**fields(clerk.get(path).text, path), "announced_on": "2018-02-10",
            "source_letter": SEED}  # fmt: skip
    record.app.change_venue("gcm-2018", "round-2", venue="Conference Room 1", actor="clerk-bea",
                            announced_on=date(2018, 2, 9))  # fmt: skip
    record.views.catch_up()
    before = record.app.last_position()
    answer = clerk.post(path, data=form)
    assert answer.status_code == 409
    assert "is at version 2, not 1" in answer.text and "Now: scheduled, version 2" in answer.text
    assert record.app.last_position() == before


def test_the_record_refusing_a_form_is_said_and_records_nothing(
    clerk: FlaskClient, record: Services
) -> None:
    before = record.app.last_position()
    status, page = submit(clerk, f"{P}/sessions/round-2/venue", venue="Trusteeship Council Chamber")
    assert status == 422 and "already meets in" in page
    assert record.app.last_position() == before


def test_a_reader_cannot_record_and_a_form_without_csrf_records_nothing(
    reader: FlaskClient, clerk: FlaskClient, record: Services
) -> None:
    before = record.app.last_position()
    status, page = submit(reader, f"{P}/sessions/round-3/cancel")
    assert status == 403 and "not record" in page
    path = f"{P}/sessions/round-3/cancel"
    form = {**fields(clerk.get(path).text, path), "announced_on": "2018-02-10",
            "source_letter": SEED}  # fmt: skip
    del form["csrf_token"]
    assert clerk.post(path, data=form).status_code == 400
    assert record.app.last_position() == before


def test_a_revoked_token_records_nothing(clerk: FlaskClient, record: Services) -> None:
    path = f"{P}/sessions/round-3/cancel"
    form = {**fields(clerk.get(path).text, path), "announced_on": "2018-02-10",
            "source_letter": SEED}  # fmt: skip
    record.tokens.revoke("clerk-ana")
    before = record.app.last_position()
    answer = clerk.post(path, data=form)
    assert answer.status_code == 401 and "was revoked" in answer.text
    assert record.app.last_position() == before


def test_the_process_desk_links_every_form(clerk: FlaskClient, record: Services) -> None:
    page = clerk.get(P).text
    for path, _values in FORMS:
        assert f'href="{path}"' in page
    assert clerk.get(f"{P}/sessions/round-2/nothing").status_code == 404
