"""End to end under gunicorn: paging with a cursor, after=, ETag/304/HEAD, the schedule CSV."""

from __future__ import annotations

import json
from pathlib import Path

from tests.api.helpers import ROUND_1_DAYS
from tests.api.served import Answer, Served, served

P = "/api/processes/gcm-2018"


def _post(server: Served, path: str, body: dict[str, object]) -> Answer:
    headers = {"Authorization": f"Bearer {server.token}", "Content-Type": "application/json"}
    answer = server.request("POST", path, json.dumps(body).encode(), headers)
    assert answer.status in (200, 201), answer.body
    return answer


def test_a_reader_pages_asks_what_is_new_and_revalidates(tmp_path: Path) -> None:
    # Each worker looks for the other's writes before every read.
    with served(tmp_path / "data", workers=2, GCM_VIEWS_POLL_SECONDS="0") as server:
        _post(server, "/api/processes", {"slug": "gcm-2018", "title": "GCM",
                                         "announced_on": "2018-01-26"})  # fmt: skip
        _post(server, f"{P}/sessions", {"slug": "round-1", "kind": "negotiation_round",
              "number": 1, "title": "Round 1", "days": ROUND_1_DAYS,
              "announced_on": "2018-01-30"})  # fmt: skip
        for n, room in enumerate(("Conference Room 1", "Conference Room 2"), 1):
            _post(server, f"{P}/sessions/round-1/venue",
                  {"venue": room, "announced_on": f"2018-02-0{n}"})  # fmt: skip
        first = server.request("GET", f"{P}/changes?limit=2")
        assert first.status == 200 and len(first.json()["items"]) == 2
        rest = server.request("GET", f"{P}/changes?limit=2&cursor={first.json()['next_cursor']}")
        events = [c["event"] for c in first.json()["items"] + rest.json()["items"]]
        assert events == ["Scheduled", "VenueChanged", "VenueChanged"]
        looked = rest.json()["next_after"]
        assert server.request("GET", f"{P}/changes?after={looked}").json()["items"] == []
        bad = server.request("GET", f"{P}/changes?cursor=nope")
        assert bad.status == 400 and bad.mimetype == "application/problem+json"

        timeline = server.request("GET", f"{P}/timeline")
        tag = timeline.headers["etag"]
        head = server.request("HEAD", f"{P}/timeline")
        assert head.status == 200 and head.body == b"" and head.headers["etag"] == tag
        assert head.headers["cache-control"] == timeline.headers["cache-control"] == "no-cache"
        again = server.request("GET", f"{P}/timeline", headers={"If-None-Match": tag})
        assert again.status == 304 and again.body == b""
        point = server.request("GET", f"{P}/timeline?known_on=2018-02-01",
                               headers={"If-None-Match": tag})  # fmt: skip
        assert point.status == 200

        _post(server, f"{P}/sessions/round-1/venue",
              {"venue": "ECOSOC Chamber", "announced_on": "2018-02-03"})  # fmt: skip
        # Either worker: the write moved the position, so the old tag no longer holds.
        for _ in range(2):
            assert (
                server.request("GET", f"{P}/timeline", headers={"If-None-Match": tag}).status == 200
            )
        new = server.request("GET", f"{P}/changes?after={looked}").json()
        assert [c["after"]["days"][0]["venue"] for c in new["items"]] == ["ECOSOC Chamber"]

        csv = server.request("GET", f"{P}/timeline?format=csv")
        assert csv.status == 200 and csv.mimetype == "text/csv"
        lines = csv.body.decode().splitlines()
        assert lines[0].startswith("process,session,title,kind,number,status")
        assert len(lines) == 1 + len(ROUND_1_DAYS) and "ECOSOC Chamber" in lines[1]
