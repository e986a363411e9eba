"""A letter whose date cannot be read: the clerk gives it beside the letter, at the desk."""

from __future__ import annotations

from flask.testing import FlaskClient

from api.services import Services
from gcm_process.letters import seed_text
from projections import queries
from tests.desk.conftest import recorded
from tests.desk.forms import csrf, fields
from tests.letters.conftest import sample

PLAN = "/desk/letter/plan"
DATE_LINE = "New York, 14 February 2018\n"
ROOMS = "2018-02-14-co-facilitators"


def undated() -> str:
    """The co-facilitators' letter of 14 February 2018, its date line cut off."""
    text = sample("gcm-2018-02-14-rooms.txt")
    assert DATE_LINE in text
    return text.replace(DATE_LINE, "")


def letter_in(client: FlaskClient, text: str) -> str:
    page = client.get("/desk/letter").text
    answer = client.post("/desk/letter", data={"pasted": text, "csrf_token": csrf(page)})
    assert answer.status_code == 200, answer.text
    return answer.text


def dated(client: FlaskClient) -> str:
    """The plan of the undated letter, drawn again with the date the clerk gave."""
    page = letter_in(client, undated())
    return client.post(PLAN, data={**fields(page, PLAN), "dated-1": "2018-02-14"}).text


def test_the_letter_without_a_date_asks_for_it_beside_it(
    clerk: FlaskClient, record: Services
) -> None:
    before = recorded(record)
    page = letter_in(clerk, undated())
    unreadable = page[page.index('class="unreadable"') :]
    assert "has no date that can be read" in unreadable
    assert unreadable.index('id="dated-1"') < unreadable.index("</li>")  # beside its outcome
    assert "Record the plan" not in page  # nothing to record until it is dated
    form = {**fields(page, PLAN), "dated-1": "2018-02-14", "action": "check"}
    drawn = clerk.post(PLAN, data=form)
    assert drawn.status_code == 200, drawn.text
    assert f"{ROOMS}</a> (Wed 14 Feb 2018): 3 to record" in drawn.text
    assert 'id="dated-1" name="dated-1" value="2018-02-14"' in drawn.text
    assert "Corrected: recorded as the clerk" in drawn.text
    assert recorded(record) == before


def test_the_date_given_is_the_letters_and_the_record_notes_the_clerk_gave_it(
    clerk: FlaskClient, record: Services
) -> None:
    drawn = dated(clerk)
    answer = clerk.post(PLAN, data={**fields(drawn, PLAN), "action": "record"})
    assert answer.status_code == 200, answer.text
    assert "3 command(s) recorded now" in answer.text and "corrected at the desk" in answer.text
    letter = queries.letter(record.db, "gcm-2018", ROOMS)
    assert letter["dated"] == "2018-02-14"
    (moved,) = [e for e in record.app.session_history("gcm-2018", "round-1")
                if e.event == "VenueChanged"]  # fmt: skip
    assert (moved.source, moved.announced_on.isoformat()) == (ROOMS, "2018-02-14")
    assert moved.actor.startswith("clerk-ana (") and "/corrected-" in moved.command_id
    days = queries.session(record.db, "gcm-2018", "round-1")["days"]
    assert [d["venue"] for d in days if d["date"] == "2018-02-22"] == ["Conference Room 1"]
    again = clerk.post(PLAN, data={**fields(drawn, PLAN), "action": "record"})
    assert "0 command(s) recorded now, 3 already recorded before" in again.text
    assert clerk.get(f"/processes/gcm-2018/letters/{ROOMS}").status_code == 200


def test_a_bad_or_impossible_date_is_shown_at_its_field(
    clerk: FlaskClient, record: Services
) -> None:
    page = letter_in(clerk, undated())
    before = recorded(record)
    for value, message in (("2018-02-30", "is not a date"), ("1800-02-14", "is not between")):
        form = {**fields(page, PLAN), "dated-1": value, "action": "record"}
        answer = clerk.post(PLAN, data=form)
        assert answer.status_code == 422, value
        assert 'id="dated-1-error"' in answer.text and message in answer.text, value
        assert f'name="dated-1" value="{value}"' in answer.text
    assert recorded(record) == before


def test_a_date_changed_after_the_plan_was_drawn_draws_it_again(
    clerk: FlaskClient, record: Services
) -> None:
    drawn = dated(clerk)
    before = recorded(record)
    form = {**fields(drawn, PLAN), "dated-1": "2018-02-13", "action": "record"}
    answer = clerk.post(PLAN, data=form)
    assert answer.status_code == 200 and "Record the plan" in answer.text
    assert "2018-02-13-co-facilitators" in answer.text and recorded(record) == before


def test_one_letter_of_several_dated_at_the_desk(clerk: FlaskClient, services: Services) -> None:
    text = seed_text()
    cut = text.replace("New York, 30 January 2018\n", "", 1)
    assert cut != text
    page = letter_in(clerk, cut)
    assert "2018-01-30-pga" in page and 'class="unreadable"' in page
    line = int(page.split('id="dated-', 1)[1].split('"', 1)[0])
    drawn = clerk.post(PLAN, data={**fields(page, PLAN), f"dated-{line}": "2018-01-30"}).text
    assert "2018-01-30-co-facilitators" in drawn and 'class="unreadable"' not in drawn
    answer = clerk.post(PLAN, data={**fields(drawn, PLAN), "action": "record"})
    assert answer.status_code == 200 and "15 command(s) recorded now" in answer.text
    (scheduled,) = services.app.session_history("gcm-2018", "round-1")
    assert "/corrected-" in scheduled.command_id
    assert scheduled.announced_on.isoformat() == "2018-01-30"
