"""The Atom feed of the changes, read by a feed reader's parser (feedparser)."""

from __future__ import annotations

import feedparser
from flask.testing import FlaskClient

from tests.api.conftest import Headers
from tests.api.helpers import SESSIONS, ok

FEED = "/api/processes/gcm-2018/changes.atom"


def _change(client: FlaskClient, clerk: Headers, what: str, body: dict[str, object]) -> None:
    ok(client.post(f"{SESSIONS}/round-1/{what}", json=body, headers=clerk))


def _history(client: FlaskClient, clerk: Headers) -> None:
    days = [{"date": "2018-02-21", "venue": "Conference Room 1"}]
    _change(client, clerk, "reschedule", {"days": days, "announced_on": "2018-02-01"})
    room = {"venue": "Trusteeship Council Chamber", "announced_on": "2018-02-10"}
    _change(client, clerk, "venue", room)
    _change(client, clerk, "cancel", {"reason": "merged", "announced_on": "2018-02-15"})


def test_a_feed_reader_reads_each_change_newest_first(
    client: FlaskClient, clerk: Headers, recorded: str
) -> None:
    _history(client, clerk)
    response = client.get(FEED)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.title.startswith("What changed: Global Compact")
    assert feed.feed.links[1].href == "http://localhost/processes/gcm-2018/changes"
    titles = [e.title for e in feed.entries]
    assert titles == [
        "First round of intergovernmental negotiations: cancelled",
        "First round of intergovernmental negotiations: room changed",
        "First round of intergovernmental negotiations: rescheduled",
        "First round of intergovernmental negotiations: scheduled",
    ]
    cancelled, venue, moved, scheduled = feed.entries
    assert cancelled.summary == "status scheduled → status cancelled"
    assert venue.summary == (
        "2018-02-21 Conference Room 1 → 2018-02-21 Trusteeship Council Chamber"
    )
    assert moved.summary.startswith("2018-02-20 10:00-13:00 Conference Room 4;")
    assert moved.summary.endswith("→ 2018-02-21 Conference Room 1")
    assert scheduled.summary.startswith("status scheduled; 2018-02-20")
    # The content is the page's before and after, with who, when and from where.
    content = moved.content[0].value
    assert "Before" in content and "(changed)" in content and "Conference Room 4" in content
    assert "Recorded by clerk-ana" in content and "Announced on 1 February 2018" in content
    assert moved.link == "http://localhost/processes/gcm-2018/sessions/round-1#v2"
    assert moved.author == "clerk-ana"
    assert moved.id == "urn:gcm-process:change:gcm-2018:round-1:2"
    assert feed.feed.updated == cancelled.updated


def test_entry_ids_stay_and_the_etag_moves_with_a_change(
    client: FlaskClient, clerk: Headers, recorded: str
) -> None:
    first = client.get(FEED)
    ids = [e.id for e in feedparser.parse(first.data).entries]
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache"
    again = client.get(FEED, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["ETag"] == etag and not again.data
    _change(client, clerk, "postpone", {"announced_on": "2018-02-01"})
    later = client.get(FEED, headers={"If-None-Match": etag})
    assert later.status_code == 200 and later.headers["ETag"] != etag
    assert [e.id for e in feedparser.parse(later.data).entries][1:] == ids


def test_limit_and_an_unknown_process(client: FlaskClient, clerk: Headers, recorded: str) -> None:
    _history(client, clerk)
    assert len(feedparser.parse(client.get(FEED + "?limit=2").data).entries) == 2
    assert client.get(FEED + "?limit=0").status_code == 422
    missing = client.get("/api/processes/no-such/changes.atom")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"


def test_a_process_without_changes_has_an_empty_feed(client: FlaskClient, clerk: Headers) -> None:
    body = {"slug": "p-1", "title": "Þ\u001aÚV\ud9bd\udc7f", "announced_on": "2018-04-04"}
    ok(client.post("/api/processes", json=body, headers=clerk), 201)
    feed = feedparser.parse(client.get("/api/processes/p-1/changes.atom").data)
    assert not feed.bozo and feed.entries == [] and feed.feed.title == "What changed: ÞÚV\U0007f47f"
    assert feed.feed.updated.startswith("20")
