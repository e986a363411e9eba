"""A point in time is read the same way, and refused with the same body, everywhere."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.api.test_errors import problem
from tests.api.test_openapi import spec

P = "/api/processes/gcm-2018"
#: Every endpoint and the point arguments it takes.
POINTS = {
    f"{P}/timeline": ("as_of", "known_on"),
    f"{P}/calendar.ics": ("as_of", "known_on"),
    f"{P}/report": ("as_of", "known_on", "since"),
    f"{P}/changes": ("since", "until"),
}
BAD = ["yesterday", "2018-02-30", "2018-3-1", "99999-01-01", "2018-03-01T25:00Z", "x" * 300]


@pytest.mark.parametrize(("path", "name"), [(p, n) for p, ns in POINTS.items() for n in ns])
def test_a_bad_point_is_a_field_error_of_the_query(
    client: FlaskClient, recorded: str, path: str, name: str
) -> None:
    for value in BAD:
        body = problem(client.get(path, query_string={name: value}), 422, "invalid")
        assert [(e["in"], e["field"]) for e in body["errors"]] == [("query", name)], value


@pytest.mark.parametrize("path", list(POINTS))
def test_good_points_are_read(client: FlaskClient, recorded: str, path: str) -> None:
    good = {
        "as_of": "2018-03-01T12:00:00Z",
        "known_on": "2018-03-01",
        "since": "2018-01-01",
        "until": "2018-12-31",
    }
    response = client.get(path, query_string={n: good[n] for n in POINTS[path]})
    assert response.status_code == 200, response.get_data(as_text=True)


def test_a_bare_date_as_of_is_the_end_of_that_day(client: FlaskClient, recorded: str) -> None:
    today = client.get(f"{P}/timeline", query_string={"as_of": "2999-01-01"}).get_json()
    assert [s["slug"] for s in today["sessions"]] == ["round-1"]
    before = client.get(f"{P}/timeline", query_string={"as_of": "2000-01-01"}).get_json()
    assert before["sessions"] == []


def parameters(client: FlaskClient, path: str) -> dict[str, Any]:
    operation = spec(client)["paths"][path.replace("gcm-2018", "{process}")]["get"]
    return {p["name"]: p for p in operation["parameters"] if p["in"] == "query"}


@pytest.mark.parametrize("path", list(POINTS))
def test_the_document_gives_each_point_its_format(client: FlaskClient, path: str) -> None:
    found = parameters(client, path)
    for name in POINTS[path]:
        schema = found[name]["schema"]
        formats = [schema.get("format")] + [b["format"] for b in schema.get("anyOf", [])]
        assert "date" in formats, (path, name, schema)
        if name == "as_of":
            assert "date-time" in formats
        assert found[name]["description"]


def test_the_document_gives_the_cursor_its_shape(client: FlaskClient) -> None:
    cursor = parameters(client, f"{P}/changes")["cursor"]
    assert cursor["schema"]["pattern"] and "next_cursor" in cursor["description"]


def test_a_cursor_the_list_gave_is_read_and_any_other_is_a_400(
    client: FlaskClient, clerk: dict[str, str], recorded: str
) -> None:
    body = {"venue": "Conference Room 1", "announced_on": "2018-02-01"}
    assert client.post(f"{P}/sessions/round-1/venue", json=body, headers=clerk).status_code == 200
    first = client.get(f"{P}/changes?limit=1").get_json()
    assert len(first["items"]) == 1 and first["next_cursor"]
    second = client.get(f"{P}/changes?limit=1&cursor={first['next_cursor']}")
    assert second.status_code == 200 and second.get_json()["items"] != first["items"]
    elsewhere = client.get(f"{P}/sessions?cursor={first['next_cursor']}")
    for refused in (elsewhere, *(client.get(f"{P}/changes?cursor={c}") for c in BAD_CURSORS)):
        assert refused.status_code == 400 and refused.mimetype == "application/problem+json"
        body = refused.get_json()
        assert body["type"].endswith(":bad-cursor") and "next_cursor" in body["detail"]


#: Not base64, base64 of no JSON, of another shape, of a key of the wrong size, forged.
BAD_CURSORS = ("-1", "%25%25", "bm9wZQ", "WzFd", "WyJjaGFuZ2VzIiwxLDJd", "0")
