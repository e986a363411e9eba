"""The outputs through HTTP: the feed with conditional requests, the report in each format."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import re
from datetime import date

import vobject
from flask.testing import FlaskClient

from gcm_process.application import GcmProcess
from tests.outputs.conftest import change_round_2
from tests.outputs.gcm2018 import P

API = FlaskClient
FEED = f"/api/processes/{P}/calendar.ics"
REPORT = f"/api/processes/{P}/report"


def test_the_feed_answers_304_until_the_schedule_changes(api: tuple[API, GcmProcess]) -> None:
    client, app = api
    first = client.get(FEED)
    assert first.status_code == 200 and first.mimetype == "text/calendar"
    assert first.headers["Content-Type"] == "text/calendar; charset=utf-8"
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    calendar = vobject.readOne(first.get_data(as_text=True))
    assert len(calendar.contents["vevent"]) == 28
    url = calendar.contents["vevent"][0].url.value
    assert url == f"http://localhost/api/processes/{P}/sessions/zero-draft-presentation"

    again = client.get(FEED, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "no-cache"
    # Revalidation is by ETag: Last-Modified has whole seconds and misses some changes.
    assert client.get(FEED, headers={"If-Modified-Since": modified}).status_code == 200

    change_round_2(app)
    changed = client.get(FEED, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert b"SEQUENCE:1" in changed.data
    assert client.get(FEED, headers={"If-None-Match": changed.headers["ETag"]}).status_code == 304


def test_the_feed_as_of_either_axis(api: tuple[API, GcmProcess]) -> None:
    client, app = api
    change_round_2(app)
    then = client.get(FEED, query_string={"known_on": "2018-02-01"})
    now = client.get(FEED)
    assert then.status_code == 200 and then.headers["ETag"] != now.headers["ETag"]
    assert b"SEQUENCE:1" not in then.data and b"SEQUENCE:1" in now.data
    assert client.get(FEED, query_string={"as_of": "2000-01-01"}).data.count(b"VEVENT") == 0


def test_the_feed_refuses_a_bad_point_and_an_unknown_process(
    api: tuple[API, GcmProcess],
) -> None:
    client, _ = api
    bad = client.get(FEED, query_string={"known_on": "1 March"})
    assert bad.status_code == 422 and bad.mimetype == "application/problem+json"
    assert [e["field"] for e in bad.json["errors"]] == ["known_on"]  # type: ignore[index]
    missing = client.get("/api/processes/nope/calendar.ics")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"


def test_the_report_in_each_format(api: tuple[API, GcmProcess]) -> None:
    client, app = api
    change_round_2(app)
    md = client.get(REPORT)
    assert md.mimetype == "text/markdown" and md.data.startswith(b"# Global Compact")
    page = client.get(REPORT, query_string={"format": "html"})
    assert page.mimetype == "text/html"
    style = re.search(r"<style>(.*?)</style>", page.get_data(as_text=True), re.S)
    assert style is not None
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in page.headers["Content-Security-Policy"]
    changes = client.get(REPORT, query_string={"format": "csv", "since": "2018-03-01"})
    assert changes.mimetype == "text/csv" and "attachment" in changes.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(changes.get_data(as_text=True))))
    assert [r["session"] for r in rows] == ["round-3", "round-6"]


def test_the_json_report_agrees_with_the_timeline_at_a_point(api: tuple[API, GcmProcess]) -> None:
    client, app = api
    change_round_2(app)
    for known_on in ("2018-01-30", "2018-02-25", "2018-06-01"):
        point = {"known_on": known_on}
        report = client.get(REPORT, query_string={"format": "json", **point})
        timeline = client.get(f"/api/processes/{P}/timeline", query_string=point)
        assert report.json["sessions"] == timeline.json["sessions"]  # type: ignore[index]
        assert report.json["known_on"] == date.fromisoformat(known_on).isoformat()  # type: ignore[index]


def test_the_report_refuses_an_unknown_format(api: tuple[API, GcmProcess]) -> None:
    client, _ = api
    found = client.get(REPORT, query_string={"format": "pdf"})
    assert found.status_code == 422 and found.mimetype == "application/problem+json"
    assert client.get(REPORT, query_string={"since": "soon"}).status_code == 422
