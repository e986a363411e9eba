"""Places beyond UN Headquarters: a day's place and mode, stored, upcast, followed by outputs."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import pytest

from gcm_process.application import GcmProcess
from gcm_process.commands import payload_digest
from gcm_process.domain import Day
from gcm_process.domain.errors import InvalidInput
from gcm_process.domain.places import (
    PALAIS_DES_NATIONS,
    UN_HEADQUARTERS,
    Place,
    check_place,
    find_mode,
    find_place,
)
from gcm_process.domain.session_state import DayForm
from gcm_process.domain.values import check_day
from gcm_process.letters import plan_import, read_letters, record_plan, seed_text
from projections.jsonld import moment, place
from tests.letters.conftest import letter
from tests.test_stored_history import archive, insert_archive, record_story

GENEVA = (
    "An informal briefing will be held on Monday, 12 March 2018, from 10 a.m. to 1 p.m., "
    "in Room XVII of the Palais des Nations, Geneva."
)


def test_days_stored_before_places_are_at_headquarters_in_person(app: GcmProcess) -> None:
    archived = insert_archive(app)
    stored_days = [d for row in archive() if "days" in row["state"] for d in row["state"]["days"]]
    assert stored_days and all("place" not in d["_data_"] for d in stored_days)
    for day in archived.session("gcm-2018", "zero-draft-presentation").days:
        assert (day.place, day.mode) == (UN_HEADQUARTERS, "in_person")
        assert day.place.timezone == "America/New_York"
    position = archived.last_position()
    record_story(archived)  # the same commands: their digests did not change
    assert archived.last_position() == position


def test_a_day_at_headquarters_digests_as_before() -> None:
    old = Day(date(2018, 2, 20), time(10), None, "Conference Room 4")
    assert payload_digest("x", {"days": [old]}) == payload_digest(
        "x", {"days": [{"date": old.date, "start": old.start, "end": None,
                        "venue": "Conference Room 4"}]}
    )  # fmt: skip
    geneva = Day(old.date, old.start, None, "Room XVII", PALAIS_DES_NATIONS)
    assert payload_digest("x", {"days": [geneva]}) != payload_digest("x", {"days": [old]})


def test_places_are_known_by_name_and_checked() -> None:
    assert find_place("in Room XVII of the Palais des Nations, Geneva") == PALAIS_DES_NATIONS
    assert find_place("in Puerto Vallarta, Mexico") == Place(
        "Puerto Vallarta", "Puerto Vallarta", "America/Mexico_City"
    )
    assert find_place("in Geneva and in Vienna") is None
    assert find_mode("a virtual meeting") == "virtual" and find_mode("in person") is None
    with pytest.raises(InvalidInput, match="not a time zone"):
        check_place(Place("Somewhere", "Nowhere", "Mars/Olympus"))
    with pytest.raises(InvalidInput, match="not a mode"):
        check_day(Day(date(2018, 3, 1), mode="teleported"))


def test_a_letter_schedules_a_day_in_geneva_and_it_is_stored(app: GcmProcess) -> None:
    record_plan(app, plan_import(app, read_letters(seed_text())), actor="test")
    plan = plan_import(app, read_letters(letter("1 March 2018", GENEVA)))
    record_plan(app, plan, actor="test")
    [day] = app.session("gcm-2018", "briefing-2018-03-12").days
    assert day == Day(date(2018, 3, 12), time(10), time(13), "Room XVII", PALAIS_DES_NATIONS)
    stored = [json.loads(n.state) for n in app.recorder.select_notifications(1, 1000)
              if n.topic == "gcm.Session.Scheduled"]  # fmt: skip
    assert stored[-1]["days"][0]["_data_"]["place"]["timezone"] == "Europe/Zurich"


def test_a_place_not_known_is_not_put_at_headquarters(app: GcmProcess) -> None:
    text = letter("1 March 2018", "The hearing will take place on 16 March 2018 in Springfield, "
                  "Freedonia.")  # fmt: skip
    plan = plan_import(app, read_letters(text))
    assert not [c for c in plan.commands if c.name == "schedule_session"]
    assert any("'Springfield, Freedonia' is not one the record knows" in w.reason
               for w in plan.warnings)  # fmt: skip


def test_the_calendar_and_json_ld_follow_the_place() -> None:
    stored = {"date": "2018-03-12", "start": "10:00", "end": "13:00", "venue": "Room XVII",
              "place": PALAIS_DES_NATIONS.as_dict()}  # fmt: skip
    assert DayForm.from_json(stored).place == PALAIS_DES_NATIONS
    assert DayForm.from_json({**stored, "place": None}).place == UN_HEADQUARTERS
    assert moment(stored, "start") == "2018-03-12T10:00:00+01:00"
    assert moment({**stored, "place": None}, "start") == "2018-03-12T10:00:00-04:00"
    assert place("Room XVII", stored["place"])["containedInPlace"]["name"] == "Palais des Nations"


def test_the_feed_gives_a_geneva_day_its_time_zone(tmp_path: Path) -> None:
    """End to end: the letters imported, the calendar written by the command line."""
    from click.testing import CliRunner

    from gcm_process.cli import main

    (tmp_path / "seed.txt").write_text(seed_text(), encoding="utf-8")
    (tmp_path / "geneva.txt").write_text(letter("1 March 2018", GENEVA), encoding="utf-8")
    data = ["--data-dir", str(tmp_path / "data")]
    for name in ("seed.txt", "geneva.txt"):
        done = CliRunner().invoke(main, [*data, "import", str(tmp_path / name)])
        assert done.exit_code == 0, done.output
    feed = CliRunner().invoke(main, [*data, "calendar"]).output.replace("\r\n ", "")
    assert "DTSTART;TZID=Europe/Zurich:20180312T100000" in feed
    assert "LOCATION:Room XVII\\, Palais des Nations\\, Geneva" in feed
    assert "TZID:Europe/Zurich" in feed and "TZID:America/New_York" in feed
    assert "DTSTART;TZID=America/New_York:20180205T150000" in feed
