"""Conditional reads: ETag, If-None-Match answered 304, HEAD with the headers of GET."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api.config import ApiConfig

Headers = dict[str, str]
P = "/api/processes/gcm-2018"
#: Every read of the views that answers conditionally, the API's and the pages'.
READS = (
    "/api/processes",
    P,
    f"{P}/timeline",
    f"{P}/timeline?known_on=2018-01-29",
    f"{P}/changes",
    f"{P}/changes?after=1&limit=1",
    f"{P}/sessions",
    f"{P}/sessions/round-1",
    f"{P}/sessions/round-1/history",
    f"{P}/letters",
    f"{P}/drafts",
    "/",
    "/processes/gcm-2018",
    "/processes/gcm-2018/changes",
    "/processes/gcm-2018/sessions/round-1",
    "/processes/gcm-2018/letters",
    "/processes/gcm-2018/schedule.csv",
)


def _venue(client: FlaskClient, clerk: Headers, venue: str, on: str) -> None:
    body = {"venue": venue, "announced_on": on}
    response = client.post(f"{P}/sessions/round-1/venue", json=body, headers=clerk)
    assert response.status_code == 200, response.get_data(as_text=True)


@pytest.mark.parametrize("path", READS)
def test_a_read_is_tagged_revalidated_and_headed_alike(
    flask_app: Flask, clerk: Headers, recorded: str, path: str
) -> None:
    # Without a cookie jar: the changes page's cookie is part of what it answers.
    client = flask_app.test_client(use_cookies=False)
    got = client.get(path)
    assert got.status_code == 200 and got.headers["ETag"]
    assert got.headers["Cache-Control"] == "no-cache"
    head = client.head(path)
    assert head.status_code == 200 and head.get_data() == b""
    for name in ("ETag", "Cache-Control", "Content-Type"):
        assert head.headers[name] == got.headers[name], name
    same = client.get(path, headers={"If-None-Match": got.headers["ETag"]})
    assert same.status_code == 304 and same.get_data() == b""
    assert same.headers["ETag"] == got.headers["ETag"]
    assert same.headers["Cache-Control"] == "no-cache"
    assert client.head(path, headers={"If-None-Match": got.headers["ETag"]}).status_code == 304
    _venue(client, clerk, "Conference Room 1", "2018-02-01")
    changed = client.get(path, headers={"If-None-Match": got.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != got.headers["ETag"]


def test_a_tag_of_one_point_never_answers_for_another(
    client: FlaskClient, clerk: Headers, recorded: str
) -> None:
    _venue(client, clerk, "Conference Room 1", "2018-02-01")
    now = client.get(f"{P}/timeline")
    for point in ("known_on=2018-01-29", "as_of=2000-01-01", "known_on=2018-01-31"):
        earlier = client.get(
            f"{P}/timeline?{point}", headers={"If-None-Match": now.headers["ETag"]}
        )
        assert earlier.status_code == 200, point
        assert earlier.headers["ETag"] != now.headers["ETag"]
    before = client.get(f"{P}/timeline?known_on=2018-01-31").get_json()
    assert before["sessions"] != now.get_json()["sessions"]


def test_the_tag_depends_on_the_representation_asked(client: FlaskClient, recorded: str) -> None:
    english = client.get("/processes/gcm-2018", headers={"Accept-Language": "en"})
    french = client.get(
        "/processes/gcm-2018",
        headers={"Accept-Language": "fr", "If-None-Match": english.headers["ETag"]},
    )
    assert french.status_code == 200 and french.headers["ETag"] != english.headers["ETag"]


def test_an_answer_that_is_not_a_success_has_no_tag(client: FlaskClient, recorded: str) -> None:
    for path in (f"{P}/timeline?as_of=yesterday", f"{P}/sessions/round-9/history"):
        refused = client.get(path)
        assert refused.status_code in (404, 422) and "ETag" not in refused.headers


def test_a_page_that_remembers_the_visit_is_tagged_by_its_cookie(
    client: FlaskClient, recorded: str
) -> None:
    first = client.get("/processes/gcm-2018/changes")
    again = client.get(
        "/processes/gcm-2018/changes", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert "gcm_seen_gcm-2018" in first.headers["Set-Cookie"]
    assert again.status_code == 200 and again.headers["ETag"] != first.headers["ETag"]
    assert "Cookie" in again.headers["Vary"]


def test_a_read_is_answered_from_what_was_kept_until_the_record_moves(
    client: FlaskClient, clerk: Headers, recorded: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from projections import queries

    made: list[str] = []
    timeline = queries.timeline

    def counted(*args: Any, **kwargs: Any) -> Any:
        made.append("timeline")
        return timeline(*args, **kwargs)

    monkeypatch.setattr(queries, "timeline", counted)
    first = client.get(f"{P}/timeline", headers={"X-Request-ID": "first"})
    again = client.get(f"{P}/timeline", headers={"X-Request-ID": "again"})
    assert made == ["timeline"] and again.get_json() == first.get_json()
    # What the hooks add is the request's own: its id, and the position the tag names.
    assert again.headers["X-Request-ID"] == "again"
    assert again.headers["ETag"] == first.headers["ETag"]
    assert first.headers["ETag"].startswith(f'"v{first.headers["Views-Position"]}-')
    assert client.get(f"{P}/timeline?format=csv").mimetype == "text/csv"
    assert len(made) == 2  # another query is another answer
    _venue(client, clerk, "Conference Room 1", "2018-02-01")
    moved = client.get(f"{P}/timeline")
    assert len(made) == 3 and moved.get_json() != first.get_json()
    assert moved.headers["ETag"].startswith(f'"v{moved.headers["Views-Position"]}-')
    assert int(moved.headers["Views-Position"]) > int(first.headers["Views-Position"])


def test_a_bad_query_is_refused_also_after_a_good_one_was_kept(
    client: FlaskClient, recorded: str
) -> None:
    assert client.get(f"{P}/changes?limit=2").status_code == 200
    refused = client.get(f"{P}/changes?limit=0")
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"


def test_a_kept_read_is_given_only_to_a_caller_who_may_read(
    make_app: Callable[..., Flask], api_config: ApiConfig, reader: Headers, recorded: str
) -> None:
    client = make_app(api_config, public_reads=False).test_client()
    assert client.get(f"{P}/timeline", headers=reader).status_code == 200
    assert client.get(f"{P}/timeline", headers=reader).status_code == 200  # kept
    for headers in ({}, {"Authorization": "Bearer gcm_unknown"}, {"Authorization": "Basic x"}):
        refused = client.get(f"{P}/timeline", headers=headers)
        assert refused.status_code == 401 and refused.mimetype == "application/problem+json"
        assert refused.headers["WWW-Authenticate"].startswith("Bearer")
