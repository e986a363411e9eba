"""What was recorded since I last looked (``after=``), and the schedule as CSV."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner
from flask.testing import FlaskClient

from api.config import ApiConfig
from gcm_process.cli import main
from projections.schedule_csv import FIELDS
from tests.api.helpers import ROUND_1_DAYS, ok, schedule

Headers = dict[str, str]
P = "/api/processes/gcm-2018"


def _venue(client: FlaskClient, clerk: Headers, venue: str, on: str) -> None:
    body = {"venue": venue, "announced_on": on}
    ok(client.post(f"{P}/sessions/round-1/venue", json=body, headers=clerk))


def test_changes_after_a_position_give_what_was_recorded_since(
    client: FlaskClient, clerk: Headers, recorded: str
) -> None:
    first = ok(client.get(f"{P}/changes"))
    assert [c["event"] for c in first["items"]] == ["Scheduled"]
    looked = first["next_after"]
    assert looked == ok(client.get("/healthz"))["views"]
    assert ok(client.get(f"{P}/changes?after={looked}"))["items"] == []
    _venue(client, clerk, "Conference Room 1", "2018-02-01")
    _venue(client, clerk, "Conference Room 2", "2018-02-02")
    since = ok(client.get(f"{P}/changes?after={looked}&limit=1"))
    assert [c["after"]["days"][0]["venue"] for c in since["items"]] == ["Conference Room 1"]
    # A page that is not the last: next time, ask from its last change.
    assert since["next_after"] == since["items"][0]["position"] and since["next_cursor"]
    rest = ok(client.get(f"{P}/changes?after={looked}&limit=1&cursor={since['next_cursor']}"))
    assert [c["after"]["days"][0]["venue"] for c in rest["items"]] == ["Conference Room 2"]
    assert rest["next_cursor"] is None and rest["next_after"] == rest["items"][0]["position"]
    again = ok(client.get(f"{P}/changes?after={rest['next_after']}"))
    assert again["items"] == [] and again["next_after"] == rest["next_after"]
    # The other filters still apply, and an after beyond this node's views is kept.
    assert (
        ok(client.get(f"{P}/changes?after={looked}&session=round-1&since=2018-02-02"))["items"]
        == rest["items"]
    )
    assert ok(client.get(f"{P}/changes?after=999999"))["next_after"] == 999999
    refused = client.get(f"{P}/changes?after=-1")
    assert refused.status_code == 422 and refused.get_json()["errors"][0]["field"] == "after"


def _csv(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == FIELDS
    return list(reader)


def test_the_schedule_as_csv_has_a_row_per_day_of_the_timeline(
    client: FlaskClient, clerk: Headers, recorded: str, api_config: ApiConfig
) -> None:
    schedule(client, clerk, slug="round-2", number=2, days=[{"date": "2018-03-12"}])
    _venue(client, clerk, "Conference Room 1", "2018-02-01")
    for point in ("", "known_on=2018-01-31", "as_of=2000-01-01"):
        timeline = ok(client.get(f"{P}/timeline?{point}"))
        response = client.get(f"{P}/timeline?format=csv&{point}")
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert response.headers["ETag"] and "attachment" in response.headers["Content-Disposition"]
        rows = _csv(response.get_data(as_text=True))
        expected = [
            (s["slug"], str(n), d["date"], d["venue"] or "", s["status"], str(s["version"]))
            for s in timeline["sessions"]
            for n, d in enumerate(s["days"], 1)
        ]
        found = [(r["session"], r["day"], r["date"], r["room"], r["status"], r["version"])
                 for r in rows]  # fmt: skip
        assert found == expected, point
    now = _csv(client.get(f"{P}/timeline?format=csv").get_data(as_text=True))
    assert len(now) == len(ROUND_1_DAYS) + 1
    assert now[0] == {
        "process": "gcm-2018", "session": "round-1",
        "title": "First round of intergovernmental negotiations", "kind": "negotiation_round",
        "number": "1", "status": "scheduled", "version": "2", "day": "1", "date": "2018-02-20",
        "start": "10:00", "end": "13:00", "room": "Conference Room 1",
        "place": "United Nations Headquarters, New York", "timezone": "America/New_York",
        "mode": "in_person",
    }  # fmt: skip
    earlier = _csv(client.get(f"{P}/timeline?format=csv&known_on=2018-01-31").get_data(True))
    assert earlier[0]["room"] == "Conference Room 4"
    page = client.get("/processes/gcm-2018/schedule.csv?known_on=2018-01-31")
    assert _csv(page.get_data(as_text=True)) == earlier
    assert client.get(f"{P}/timeline?format=xml").status_code == 422
    # The command line writes the same bytes.
    data = str(api_config.settings.data_dir)
    printed = CliRunner().invoke(main, ["--data-dir", data, "timeline", "--csv", "--known-on",
                                        "2018-01-31"])  # fmt: skip
    assert printed.exit_code == 0, printed.output
    assert printed.output.replace("\r\n", "\n") == page.get_data(as_text=True).replace("\r\n", "\n")
    both = CliRunner().invoke(main, ["--data-dir", data, "timeline", "--csv", "--json"])
    assert both.exit_code == 2 and "not both" in both.output


def test_the_command_line_asks_what_was_recorded_since_and_says_where_to_ask_next(
    client: FlaskClient, clerk: Headers, recorded: str, api_config: ApiConfig
) -> None:
    data = str(api_config.settings.data_dir)

    def changes(*args: str) -> str:
        result = CliRunner().invoke(main, ["--data-dir", data, "changes", *args])
        assert result.exit_code == 0, result.output
        return result.output

    first = json.loads(changes("--json"))
    looked = first["next_after"]
    assert [c["event"] for c in first["changes"]] == ["Scheduled"]
    _venue(client, clerk, "Conference Room 1", "2018-02-01")
    since = json.loads(changes("--after", str(looked), "--json"))
    assert [c["event"] for c in since["changes"]] == ["VenueChanged"]
    assert since["next_after"] == since["changes"][0]["position"] > looked
    table = changes("--after", str(since["next_after"]))
    assert table.splitlines()[-1].startswith(f"Next position: {since['next_after']} ")
    assert "VenueChanged" not in table and "VenueChanged" in changes("--after", str(looked))
