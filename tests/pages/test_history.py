"""What changed (newest first, filters, since my last visit) and one session's page."""

from __future__ import annotations

import re
from datetime import date

from flask.testing import FlaskClient

from api.services import Services
from tests.pages.conftest import P
from tests.pages.test_schedule import jsonld, page


def positions(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<li id="change-(\d+)">', html)]


def test_changes_are_newest_first_with_provenance_and_the_difference(client: FlaskClient) -> None:
    html = page(client, f"{P}/changes")
    assert "<title>What changed: Global Compact" in html
    found = positions(html)
    assert len(found) == 8 + 2 + 3  # scheduled, then two letters' changes
    assert found == sorted(found, reverse=True)
    venue = html.split("Negotiation round 1</a>: room changed")[1].split("</article>")[0]
    assert "clerk-ana" in venue
    assert f'href="{P}/letters/2018-02-14-co-facilitators"' in venue
    assert "14 February 2018" in venue  # announced on
    # Before and after side by side, only the room of day 2 marked.
    changed = '<span class="visually-hidden"> (changed)</span>'
    assert f"<mark>Conference Room 1{changed}</mark>" in venue
    assert "<mark>Conference Room 4" in venue
    assert "<mark>Thu 22 Feb 2018" not in venue
    moved = html.split("Negotiation round 3</a>: rescheduled")[1].split("</article>")[0]
    assert "<mark>Mon 9 Apr 2018" in moved and "<mark>Tue 3 Apr 2018" in moved
    assert "<mark>Conference Room 2" not in moved


def test_changes_filter_by_session_and_announced_date(client: FlaskClient) -> None:
    html = page(client, f"{P}/changes?session=round-3")
    assert len(positions(html)) == 2
    assert '<option value="round-3" selected>' in html
    html = page(client, f"{P}/changes?since=2018-02-01&until=2018-02-28")
    assert len(positions(html)) == 2  # the room change and the hearing's new times
    html = page(client, f"{P}/changes?since=2018-03-01")
    assert len(positions(html)) == 3


def test_bad_filters_are_the_page_with_the_error_by_the_field(client: FlaskClient) -> None:
    html = page(client, f"{P}/changes?since=2018-02-30", 422)
    assert 'id="since-error"' in html and "“2018-02-30” is not a date." in html
    html = page(client, f"{P}/changes?since=2018-03-01&until=2018-02-01", 422)
    assert "The end of the period is before its start." in html
    html = page(client, f"{P}/changes?session=round-9", 422)
    assert "has no session “round-9”" in html
    html = page(client, f"{P}/changes?after=soon", 422)
    assert "is not a position in the record" in html


def test_since_my_last_visit_offers_what_was_recorded_after(
    client: FlaskClient, services: Services
) -> None:
    first = client.get(f"{P}/changes")
    assert "since your last visit" not in first.get_data(as_text=True)
    assert "gcm_seen_gcm-2018=" in first.headers["Set-Cookie"]
    latest = max(positions(first.get_data(as_text=True)))
    services.app.postpone_session(
        "gcm-2018", "round-6", "no room", announced_on=date(2018, 3, 5), actor="clerk-bo"
    )
    html = page(client, f"{P}/changes")  # the cookie from the first visit goes with it
    assert f'href="{P}/changes?after={latest}">1 change since your last visit</a>' in html
    html = page(client, f"{P}/changes?after={latest}")
    [new] = positions(html)
    assert new > latest and "clerk-bo" in html
    assert f"Changes recorded after position {latest} of the record." in html
    # A link to come back to where the reader stopped, without a cookie.
    assert f'href="{P}/changes?after={new}">changes after position {new}</a>' in html


def test_a_session_page_has_its_days_status_and_every_event(client: FlaskClient) -> None:
    html = page(client, f"{P}/sessions/round-1")
    assert "<title>Negotiation round 1: Global Compact" in html
    assert '<span class="status status-scheduled">scheduled</span>' in html
    assert "Its days now" in html and "Conference Room 1" in html
    assert 'id="v1"' in html and 'id="v2"' in html
    assert "import/gcm-2018/2018-02-14-co-facilitators@" in html  # the command
    assert f'href="{P}/letters/2018-01-30-co-facilitators"' in html
    event = jsonld(html)
    assert isinstance(event, list) and event[0]["identifier"] == "round-1"


def test_a_session_at_a_point_and_before_it_existed(client: FlaskClient) -> None:
    html = page(client, f"{P}/sessions/round-1?known_on=2018-02-01")
    assert "Its days at that point" in html
    at_point = html.split("Its days at that point")[1].split("Its history")[0]
    assert "Conference Room 4" in at_point and "Conference Room 1" not in at_point
    html = page(client, f"{P}/sessions/round-1?known_on=2018-01-01")
    assert "This session had not been announced and recorded at that point." in html
    html = page(client, f"{P}/sessions/round-1?known_on=2018-1-1", 422)
    assert 'id="known_on-error"' in html


def test_an_unknown_session_is_a_404_page(client: FlaskClient) -> None:
    html = page(client, f"{P}/sessions/round-9", 404)
    assert "Process “gcm-2018” has no session “round-9”." in html
    assert 'href="/"' in html
