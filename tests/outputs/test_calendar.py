"""The calendar feed, read by a subscribing client with another iCalendar library (vobject)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import vobject

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain.point import Point
from projections import Views
from projections.calendar import source
from tests.outputs.conftest import change_round_2
from tests.outputs.gcm2018 import CLERK, TCC, P, days

BASE = "https://gcm.example.org"


@pytest.fixture
def views(tmp_path: Path, gcm2018: GcmProcess) -> Iterator[Views]:
    opened = Views.open(Settings(tmp_path / "data", "memory"), gcm2018)
    yield opened
    opened.close()


def feed(views: Views, **point: Any) -> bytes:
    """The feed as a node whose views include every write gives it."""
    views.catch_up()
    return source(views.db, P, Point(**point), BASE).build(views.db).body


@dataclass(frozen=True)
class Shown:
    """What a calendar client shows of one event."""

    uid: str
    sequence: int
    start: date | datetime
    summary: str
    location: str
    status: str
    url: str


def parse(body: bytes) -> list[Shown]:
    calendar = vobject.readOne(body.decode("utf-8"))
    return [
        Shown(
            uid=e.uid.value,
            sequence=int(e.sequence.value),
            start=e.dtstart.value,
            summary=e.summary.value,
            location=e.location.value,
            status=e.status.value,
            url=e.url.value,
        )
        for e in calendar.contents.get("vevent", [])
    ]


class Subscriber:
    """A client subscribed to the feed: it keeps, per UID, the newest sequence it was given."""

    def __init__(self) -> None:
        self.events: dict[str, Shown] = {}

    def refresh(self, body: bytes) -> None:
        parsed = parse(body)
        uids = [e.uid for e in parsed]
        assert len(uids) == len(set(uids)), "a feed must not repeat a UID"
        assert set(self.events) <= set(uids), "an event the client holds vanished (a ghost)"
        for e in parsed:
            held = self.events.get(e.uid)
            assert held is None or e.sequence >= held.sequence, "a sequence went backwards"
            self.events[e.uid] = e

    def shown(self) -> dict[str, Shown]:
        return {u: e for u, e in self.events.items() if e.status != "CANCELLED"}


def uid(slug: str, position: int) -> str:
    return f"{P}.{slug}.day-{position}@gcm-process"


def test_a_subscriber_follows_a_reschedule_a_venue_change_and_a_cancellation(
    views: Views, gcm2018: GcmProcess
) -> None:
    client = Subscriber()
    client.refresh(feed(views))
    assert len(client.shown()) == 1 + 3 + 1 + 4 + 4 + 5 + 5 + 5
    assert client.events[uid("round-2", 1)].start == date(2018, 3, 12)

    change_round_2(gcm2018)
    client.refresh(feed(views))

    shown = client.shown()
    assert len(client.events) == 28 and len(shown) == 28 - 1 - 5
    moved = [client.events[uid("round-2", i)] for i in (1, 2, 3, 4)]
    assert [e.start for e in moved] == [date(2018, 3, d) for d in (13, 14, 15, 15)]
    assert [e.sequence for e in moved] == [1, 1, 1, 1]
    assert moved[3].status == "CANCELLED" and "(day removed)" in moved[3].summary
    assert moved[0].summary == "GCM \N{EN DASH} Round 2 (day 1 of 3)"
    room = [client.events[uid("round-3", i)] for i in (1, 2, 3, 4)]
    assert [e.sequence for e in room] == [0, 1, 0, 0]
    assert room[1].location == "Conference Room 4, United Nations Headquarters, New York"
    assert room[0].location == "Conference Room 2, United Nations Headquarters, New York"
    cancelled = [client.events[uid("round-6", i)] for i in range(1, 6)]
    assert {(e.status, e.sequence) for e in cancelled} == {("CANCELLED", 1)}
    assert all(e.summary.startswith("Cancelled: GCM") for e in cancelled)
    untouched = client.events[uid("round-1", 2)]
    assert (untouched.sequence, untouched.start) == (0, date(2018, 2, 22))


def test_a_removed_day_that_comes_back_is_the_same_event_again(
    views: Views, gcm2018: GcmProcess
) -> None:
    client = Subscriber()
    change_round_2(gcm2018)
    client.refresh(feed(views))
    gcm2018.reschedule_session(P, "round-2", days(date(2018, 3, 12), 4, TCC), actor=CLERK)
    client.refresh(feed(views))
    back = client.events[uid("round-2", 4)]
    assert (back.status, back.sequence, back.start) == ("CONFIRMED", 2, date(2018, 3, 15))
    first = client.events[uid("round-2", 1)]
    assert (first.sequence, first.start) == (2, date(2018, 3, 12))


def test_postponed_days_are_withdrawn_until_rescheduled(views: Views, gcm2018: GcmProcess) -> None:
    gcm2018.postpone_session(P, "round-4", actor=CLERK)
    postponed = parse(feed(views))
    round_4 = [e for e in postponed if ".round-4." in e.uid]
    assert {(e.status, e.sequence) for e in round_4} == {("CANCELLED", 1)}
    assert round_4[0].summary.startswith("Postponed: GCM")


def test_timed_days_carry_their_zone_and_whole_days_are_dates(views: Views) -> None:
    body = feed(views)
    assert b"BEGIN:VTIMEZONE\r\nTZID:America/New_York" in body
    events = {e.uid: e for e in parse(body)}
    opening = events[uid("zero-draft-presentation", 1)]
    assert isinstance(opening.start, datetime)
    assert (opening.start.hour, opening.start.utcoffset()) == (15, timedelta(hours=-5))
    assert opening.summary == "GCM \N{EN DASH} Presentation of the zero draft"
    whole = events[uid("round-1", 3)]
    assert type(whole.start) is date and whole.location.startswith("ECOSOC Chamber, ")
    assert whole.url == f"{BASE}/api/processes/{P}/sessions/round-1"
    assert b"DESCRIPTION:Round 1\\nNegotiation round 1. Status: scheduled.\\nAnnounced in " in (
        body.replace(b"\r\n ", b"")
    )


def test_the_feed_as_it_stood_on_either_axis(views: Views, gcm2018: GcmProcess) -> None:
    before = datetime.now().astimezone()
    change_round_2(gcm2018)
    for point in ({"known_on": date(2018, 2, 24)}, {"as_of": before}):
        events = {e.uid: e for e in parse(feed(views, **point))}
        first = events[uid("round-2", 1)]
        assert (first.start, first.sequence) == (date(2018, 3, 12), 0), point
        assert events[uid("round-6", 1)].status == "CONFIRMED"
    on_20_march = {e.uid: e for e in parse(feed(views, known_on=date(2018, 3, 20)))}
    assert on_20_march[uid("round-3", 2)].sequence == 1
    assert on_20_march[uid("round-6", 1)].status == "CONFIRMED"
    assert parse(feed(views, known_on=date(2018, 1, 29))) == []


def test_the_same_history_gives_the_same_bytes_after_a_rebuild(
    views: Views, gcm2018: GcmProcess
) -> None:
    change_round_2(gcm2018)
    first = feed(views)
    views.rebuild()
    assert feed(views) == first
    assert feed(views, known_on=date(2018, 3, 1)) == feed(views, known_on=date(2018, 3, 1))


def test_the_etag_follows_what_the_feed_is_made_of(views: Views, gcm2018: GcmProcess) -> None:
    made = source(views.db, P, Point(), BASE).build(views.db)
    assert source(views.db, P, Point(), BASE).etag == made.etag
    assert made.last_modified is not None
    gcm2018.open_process("other", "Another process", actor=CLERK)
    views.catch_up()
    assert source(views.db, P, Point(), BASE).etag == made.etag
    change_round_2(gcm2018)
    views.catch_up()
    changed = source(views.db, P, Point(), BASE).build(views.db)
    assert changed.etag != made.etag and changed.body != made.body
    assert changed.last_modified is not None and changed.last_modified > made.last_modified
    assert source(views.db, P, Point(known_on=date(2018, 2, 1)), BASE).etag != changed.etag
