"""A letter in at the desk: planned beside its text, corrected, recorded once."""

from __future__ import annotations

from flask.testing import FlaskClient

from api.services import Services
from gcm_process.letters import plan_import, read_letters, record_plan, seed_text
from projections import queries
from tests.desk.conftest import recorded
from tests.desk.forms import csrf, fields

PLAN = "/desk/letter/plan"


def plan_page(client: FlaskClient, text: str | None = None, **more: str) -> str:
    page = client.get("/desk/letter").text
    data = {"pasted": seed_text() if text is None else text, "csrf_token": csrf(page), **more}
    answer = client.post("/desk/letter", data=data)
    assert answer.status_code == 200, answer.text
    return answer.text


def item_key(page: str, slug: str) -> str:
    """The key of the planned item that schedules ``slug``."""
    form = fields(page, PLAN)
    return next(k.removesuffix("-slug") for k, v in form.items()
                if k.endswith("-slug") and v == slug)  # fmt: skip


def round_1(client: FlaskClient) -> tuple[str, dict[str, str]]:
    """The seed letter's plan: the key of the item that schedules round 1, and the form."""
    page = plan_page(client)
    return item_key(page, "round-1"), fields(page, PLAN)


def test_the_plan_is_shown_beside_the_text_with_the_warning_at_its_line(clerk: FlaskClient) -> None:
    page = plan_page(clerk)
    assert 'id="L40"' in page
    at_40 = page[page.index('id="L40"') : page.index('id="L41"')]
    assert "Warning, line 40" in at_40 and "round label" in at_40
    key = item_key(page, "round-2")
    assert f'href="#item-{key}"' in page  # the passage links to its item
    assert 'href="#L43"' in page  # and the item to its passage
    assert "2018-01-30-co-facilitators" in page and "to record" in page


def test_a_corrected_room_is_recorded_as_the_clerks_correction(
    clerk: FlaskClient, services: Services
) -> None:
    key, form = round_1(clerk)
    assert form[f"{key}-day-1-venue"] == "Conference Room 4"
    form[f"{key}-day-1-venue"] = "CR 3"
    answer = clerk.post(PLAN, data={**form, "action": "record"})
    assert answer.status_code == 200, answer.text
    assert "15 command(s) recorded now" in answer.text
    assert 'href="/processes/gcm-2018/sessions/round-1#v1"' in answer.text
    day = queries.session(services.db, "gcm-2018", "round-1")["days"][1]
    assert day["venue"] == "Conference Room 3"
    (event,) = services.app.session_history("gcm-2018", "round-1")
    assert event.actor.startswith("clerk-ana (") and event.source == "2018-01-30-co-facilitators"
    assert "/schedule/round-1/corrected-" in event.command_id
    round_2 = services.app.session_history("gcm-2018", "round-2")[0]
    assert "/schedule/round-2/desk-" in round_2.command_id  # as planned


def test_the_letter_imported_again_does_not_undo_the_correction(
    clerk: FlaskClient, services: Services
) -> None:
    key, form = round_1(clerk)
    form[f"{key}-day-1-venue"] = "Conference Room 3"
    assert clerk.post(PLAN, data={**form, "action": "record"}).status_code == 200
    again = plan_import(services.app, read_letters(seed_text()), "gcm-2018")
    assert again.to_record == []
    assert any(c.description == "round-1 as recorded from this letter" for c in again.commands)
    assert "0 to record" in plan_page(clerk)


def test_submitting_twice_or_reloading_records_once(clerk: FlaskClient, services: Services) -> None:
    page = plan_page(clerk)
    form = {**fields(page, PLAN), "action": "record"}
    first = clerk.post(PLAN, data=form)
    position = services.app.last_position()
    again = clerk.post(PLAN, data=form)
    assert first.status_code == again.status_code == 200
    assert "0 command(s) recorded now, 15 already recorded before" in again.text, again.text[-3000:]
    assert services.app.last_position() == position


def test_a_bad_value_is_shown_next_to_its_field_and_nothing_is_recorded(
    clerk: FlaskClient, services: Services
) -> None:
    key, form = round_1(clerk)
    cases = {
        f"{key}-day-0-date": ("2018-02-30", "is not a date"),
        f"{key}-day-0-start": ("25:00", "is not a time of day"),
        f"{key}-title": ("", "must not be empty"),
        f"{key}-slug": ("Round One", "is not a slug"),
        f"{key}-number": ("zero", "whole number from 1"),
        f"{key}-kind": ("party", "Choose a kind"),
    }
    for name, (value, message) in cases.items():
        answer = clerk.post(PLAN, data={**form, name: value, "action": "record"})
        assert answer.status_code == 422, name
        assert f'id="{name}-error"' in answer.text and message in answer.text, name
        assert f'id="{name}" name="{name}" value="{value}"' in answer.text or name.endswith("kind")
    answer = clerk.post(PLAN, data={**form, f"{key}-day-0-end": "09:00",
                                    f"{key}-day-0-start": "10:00", "action": "record"})  # fmt: skip
    assert answer.status_code == 422 and "is not after" in answer.text
    assert recorded(services) == []


def test_an_item_dropped_is_not_recorded_and_one_added_is(
    clerk: FlaskClient, services: Services
) -> None:
    page = plan_page(clerk)
    form = fields(page, PLAN)
    hearing = item_key(page, "pga-hearing-2018-02-21")
    del form[f"{hearing}-keep"]
    form.update({"a0-slug": "briefing-2018-02-02", "a0-kind": "other", "a0-title": "Briefing",
                 "a0-day-0-date": "2018-02-02", "a0-day-0-venue": "Conference Room 1",
                 "a0-letter": "2018-01-30-co-facilitators"})  # fmt: skip
    checked = clerk.post(PLAN, data={**form, "action": "check"})
    assert checked.status_code == 200 and 'value="briefing-2018-02-02"' in checked.text
    assert recorded(services) == []
    answer = clerk.post(PLAN, data={**fields(checked.text, PLAN), "action": "record"})
    assert answer.status_code == 200, answer.text
    slugs = [s["slug"] for s in queries.sessions(services.db, "gcm-2018")]
    assert "pga-hearing-2018-02-21" not in slugs and "briefing-2018-02-02" in slugs
    (event,) = services.app.session_history("gcm-2018", "briefing-2018-02-02")
    assert "/added-" in event.command_id and event.source == "2018-01-30-co-facilitators"


def test_a_conflict_with_what_another_clerk_recorded_records_nothing(
    clerk: FlaskClient, services: Services
) -> None:
    page = plan_page(clerk)
    form = fields(page, PLAN)
    plan = plan_import(services.app, read_letters(seed_text()), None)
    record_plan(services.app, plan, actor="clerk-bea")
    services.views.catch_up()
    position = services.app.last_position()
    key = item_key(page, "round-1")
    form[f"{key}-day-1-venue"] = "Conference Room 3"
    answer = clerk.post(PLAN, data={**form, "action": "record"})
    assert answer.status_code == 409
    assert "Nothing was recorded" in answer.text and "As the record holds them now" in answer.text
    assert "Conference Room 4" in answer.text  # the state now
    assert services.app.last_position() == position


def test_a_reader_sees_the_plan_but_cannot_record(reader: FlaskClient, services: Services) -> None:
    page = plan_page(reader)
    assert "can see plans but not record them" in page
    answer = reader.post(PLAN, data={**fields(page, PLAN), "action": "record"})
    assert answer.status_code == 403
    assert recorded(services) == []


def test_a_plan_posted_without_its_csrf_token_records_nothing(
    clerk: FlaskClient, services: Services
) -> None:
    form = fields(plan_page(clerk), PLAN)
    del form["csrf_token"]
    answer = clerk.post(PLAN, data={**form, "action": "record"})
    assert answer.status_code == 400 and "Nothing was recorded" in answer.text
    assert recorded(services) == []


UNTITLED = """New York, 5 March 2019

Excellency,

I have the honour to inform you that an informal briefing will be held on Tuesday, 12 March
2019, from 10 a.m. to 1 p.m. in Conference Room 1.

Please accept, Excellency, the assurances of my highest consideration.

Jane Doe
"""


def test_a_new_process_needs_its_title_before_recording(
    clerk: FlaskClient, services: Services
) -> None:
    page = plan_page(clerk, UNTITLED)
    assert "do not give its title" in page
    refused = clerk.post(PLAN, data={**fields(page, PLAN), "action": "record"})
    assert refused.status_code == 422 and "do not give its title" in refused.text
    assert recorded(services) == []
    redrawn = clerk.post(PLAN, data={**fields(page, PLAN), "title": "Informal briefings",
                                     "action": "check"})  # fmt: skip
    assert redrawn.status_code == 200 and "do not give its title" not in redrawn.text
    answer = clerk.post(PLAN, data={**fields(redrawn.text, PLAN), "action": "record"})
    assert answer.status_code == 200, answer.text
    assert [p["title"] for p in queries.processes(services.db)] == ["Informal briefings"]


def test_no_input_or_not_a_letter_is_an_error_on_the_upload_page(clerk: FlaskClient) -> None:
    page = clerk.get("/desk/letter").text
    empty = clerk.post("/desk/letter", data={"pasted": " ", "csrf_token": csrf(page)})
    assert empty.status_code == 422 and "paste the letter" in empty.text
    junk = clerk.post("/desk/letter", data={"pasted": "hello", "csrf_token": csrf(page)})
    assert junk.status_code == 422 and 'role="alert"' in junk.text


def test_a_pdf_upload_is_planned(clerk: FlaskClient) -> None:
    import io

    from tests.letters.pdfs import make_pdf

    page = clerk.get("/desk/letter").text
    pdf = (io.BytesIO(make_pdf(seed_text())), "seed.pdf", "application/pdf")
    answer = clerk.post("/desk/letter", data={"letter": pdf, "csrf_token": csrf(page)},
                        content_type="multipart/form-data")  # fmt: skip
    assert answer.status_code == 200 and "schedule a session" in answer.text
    assert 'value="round-2"' in answer.text


def test_an_upload_without_its_csrf_token_is_refused(clerk: FlaskClient) -> None:
    answer = clerk.post("/desk/letter", data={"pasted": seed_text()})
    assert answer.status_code == 400 and "security token" in answer.text


def test_a_revoked_token_records_nothing_from_the_plan(
    clerk: FlaskClient, services: Services
) -> None:
    form = fields(plan_page(clerk), PLAN)
    services.tokens.revoke("clerk-ana")
    answer = clerk.post(PLAN, data={**form, "action": "record"})
    assert answer.status_code == 401 and "was revoked" in answer.text
    assert recorded(services) == []
