"""The home page and the schedule: now, at a point on either axis, its picture and downloads."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date

from flask.testing import FlaskClient

from api.services import Services
from tests.pages.conftest import P

SVG = "{http://www.w3.org/2000/svg}"


def page(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url, headers={"Accept-Language": "en"})
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def jsonld(html: str) -> object:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_home_lists_the_processes_with_links_to_everything(client: FlaskClient) -> None:
    html = page(client, "/")
    assert '<html lang="en">' in html
    assert "<title>The record · gcm-process</title>" in html
    assert "Global Compact for Safe, Orderly and Regular Migration" in html
    api = "/api/processes/gcm-2018/timeline"
    for link in (P, f"{P}/changes", f"{P}/letters", "/api/docs/", api):
        assert f'href="{link}"' in html
    assert "No session to come. The last one:" in html  # 2018 is over


def test_the_schedule_now_has_every_day_with_its_room_and_status(client: FlaskClient) -> None:
    response = client.get(P)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "form-action 'self'" in response.headers["Content-Security-Policy"]
    assert "<title>Schedule: Global Compact" in html
    assert html.count('<article class="session"') == 8
    # Round 1's second day moved to Conference Room 1 (letter of 14 February).
    assert "Thu 22 Feb 2018</time></th><td>" in html
    assert "Conference Room 1" in html
    assert '<span class="status status-scheduled">scheduled</span>' in html
    assert 'href="webcal://localhost/api/processes/gcm-2018/calendar.ics"' in html
    assert f'href="{P}/schedule.csv"' in html
    assert 'href="/api/processes/gcm-2018/report?format=html"' in html
    assert "This is an earlier point" not in html


def test_the_schedule_embeds_schema_org_events_of_the_process(client: FlaskClient) -> None:
    events = jsonld(page(client, P))
    assert isinstance(events, list) and len(events) == 8
    round_3 = next(e for e in events if e["identifier"] == "round-3")
    assert round_3["@type"] == "Event"
    assert round_3["superEvent"]["name"].startswith("Global Compact")
    assert round_3["startDate"] == "2018-04-09"
    assert round_3["previousStartDate"] == ["2018-04-03"]


def test_known_on_turns_the_page_into_the_schedule_announced_by_then(client: FlaskClient) -> None:
    html = page(client, f"{P}?known_on=2018-02-01")
    assert "This is an earlier point, not the record now." in html
    assert "Announced by 1 February 2018." in html
    assert "Tue 3 Apr 2018" in html and "Mon 9 Apr 2018" not in html
    assert 'value="2018-02-01"' in html
    # The downloads follow the point.
    assert f'href="{P}/schedule.csv?known_on=2018-02-01"' in html


def test_as_of_before_anything_was_recorded_shows_an_empty_schedule(client: FlaskClient) -> None:
    html = page(client, f"{P}?as_of=2000-01-01T00:00")
    assert "No session had been announced and recorded at that point." in html
    assert "As recorded at 1 Jan 2000, 00:00:00 UTC." in html
    # The picker shows the instant in its own form, whatever form the address gave.
    html = page(client, f"{P}?as_of=2018-03-01T08:00-04:00")
    assert 'name="as_of" step="1" value="2018-03-01T12:00:00"' in html


def test_an_impossible_date_is_the_page_with_the_error_by_the_picker(client: FlaskClient) -> None:
    html = page(client, f"{P}?known_on=2018-02-31", 422)
    assert 'id="known_on-error"' in html
    assert "“2018-02-31” is not a date." in html
    assert 'aria-invalid="true"' in html
    # The schedule now is still there, not a half page.
    assert html.count('<article class="session"') == 8
    html = page(client, f"{P}?as_of=yesterday", 422)
    assert 'id="as_of-error"' in html and "“yesterday” is not a date and time." in html


def test_an_unknown_process_is_a_404_page_with_a_link_home(client: FlaskClient) -> None:
    for url in ("/processes/nope", "/processes/nope/changes", "/processes/nope/letters"):
        html = page(client, url, 404)
        assert "The record holds no process “nope”." in html
        assert 'href="/"' in html


def test_the_home_page_of_an_empty_record(empty_app: object) -> None:
    from flask import Flask

    assert isinstance(empty_app, Flask)
    html = page(empty_app.test_client(), "/")
    assert "No process is on the record yet." in html


def test_the_schedule_csv_has_one_row_per_day(client: FlaskClient) -> None:
    response = client.get(f"{P}/schedule.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 1 + 3 + 1 + 4 + 4 + 5 + 5 + 5
    day_2 = next(r for r in rows if r["session"] == "round-1" and r["day"] == "2")
    assert (day_2["date"], day_2["room"], day_2["status"]) == (
        "2018-02-22",
        "Conference Room 1",
        "scheduled",
    )
    earlier = client.get(f"{P}/schedule.csv?known_on=2018-02-01").get_data(as_text=True)
    assert "2018-02-22,,,Conference Room 4" in earlier
    assert client.get(f"{P}/schedule.csv?known_on=2018-13-01").status_code == 422


def test_the_picture_draws_a_row_per_session_and_ghosts_of_moved_days(client: FlaskClient) -> None:
    response = client.get(f"{P}/timeline.svg")
    assert response.mimetype == "image/svg+xml"
    svg = ET.fromstring(response.get_data())
    rows = [g for g in svg.iter(f"{SVG}g") if g.get("class", "").startswith("s-")]
    assert len(rows) == 8
    round_3 = next(g for g in rows if "Negotiation round 3" in (g.findtext(f"{SVG}text") or ""))
    ghosts = [r for r in round_3.iter(f"{SVG}rect") if r.get("class") == "g"]
    # 3-6 April moved to 9-12 April: the days no longer on those dates are ghosts with arrows.
    tips = [r.findtext(f"{SVG}title") for r in ghosts]
    assert "earlier: Tue 3 Apr 2018, Conference Room 2; moved to Mon 9 Apr 2018" in tips
    assert len(ghosts) == 4
    assert len(list(round_3.iter(f"{SVG}path"))) == 1  # the four days moved together
    bars = [r.findtext(f"{SVG}title") for r in svg.iter(f"{SVG}rect") if r.get("class") is None]
    assert "Thu 22 Feb 2018, Conference Room 1 (was in Conference Room 4)" in bars
    # Before the letter of 1 March, round 3 had not moved.
    earlier = client.get(f"{P}/timeline.svg?known_on=2018-02-28").get_data(as_text=True)
    assert "Tue 3 Apr 2018, Conference Room 2</title></rect>" in earlier
    assert 'class="g"' not in earlier.split("Negotiation round 3")[1].split("</g>")[0]


def test_a_kept_page_is_served_again_until_the_record_changes(
    client: FlaskClient, services: Services
) -> None:
    first = client.get(P)
    etag = first.headers["ETag"]
    assert client.get(P).get_data() == first.get_data()
    assert client.get(P, headers={"If-None-Match": etag}).status_code == 304
    # Another language is another page.
    assert client.get(f"{P}?lang=fr", headers={"If-None-Match": etag}).status_code == 200
    client.delete_cookie("gcm_lang")
    services.app.cancel_session(
        "gcm-2018", "round-6", "no room", announced_on=date(2018, 3, 5), actor="clerk-bo"
    )
    after = client.get(P, headers={"If-None-Match": etag, "Accept-Language": "en"})
    assert after.status_code == 200 and after.headers["ETag"] != etag
    assert '<span class="status status-cancelled">cancelled</span>' in after.get_data(as_text=True)
