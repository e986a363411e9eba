"""The RFC 5545 feed: one VEVENT per session day, the same bytes for the same history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from gcm_process.domain import SessionKind, SessionStatus
from gcm_process.domain.places import UN_HEADQUARTERS
from gcm_process.domain.session_state import BY_NAME, SessionState
from gcm_process.domain.values import DEFAULT_TIMEZONE
from projections.calendar.days import REMOVED, SessionDays, Track

PRODID = "-//gcm-process//calendar feed//EN"
DASH = "\N{EN DASH}"
PLACE = UN_HEADQUARTERS.describe()
ZONE = ZoneInfo(DEFAULT_TIMEZONE)
#: What a client shows for each status of a day: the session's, or removed.
ICAL_STATUS = {
    SessionStatus.SCHEDULED.value: "CONFIRMED",
    SessionStatus.HELD.value: "CONFIRMED",
    SessionStatus.POSTPONED.value: "CANCELLED",
    SessionStatus.CANCELLED.value: "CANCELLED",
    REMOVED: "CANCELLED",
}
PREFIX = {
    SessionStatus.POSTPONED.value: "Postponed: ",
    SessionStatus.CANCELLED.value: "Cancelled: ",
    REMOVED: "Cancelled: ",
}


def process_label(slug: str, title: str) -> str:
    """A short label: 'GCM' for gcm-2018, else the title's capitals, else the title."""
    head = slug.split("-")[0]
    if head.isalpha() and len(head) <= 6:
        return head.upper()
    capitals = "".join(w[0] for w in title.split() if w[:1].isupper())
    return capitals if len(capitals) >= 2 else title


def session_name(s: SessionState) -> str:
    if s.kind == SessionKind.NEGOTIATION_ROUND and s.number is not None:
        return f"Round {s.number}"
    return s.title


def uid(process: str, slug: str, position: int) -> str:
    """Stable across changes and rebuilds: the process, the session and the day's position."""
    return f"{process}.{slug}.day-{position}@gcm-process"


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo("UTC"))


def _event(
    process: str, label: str, followed: SessionDays, track: Track, base_url: str
) -> icalendar.Event:
    s, status, shown = followed.state, track.shown.status, track.shown.day.value()
    count = len(s.days)
    if status == REMOVED:
        where = " (day removed)"
    else:
        where = f" (day {track.position} of {count})" if count > 1 else ""
    ev = icalendar.Event()
    ev.add("uid", uid(process, s.slug, track.position))
    ev.add("dtstamp", _utc(followed.stamp or track.last_modified))
    ev.add("created", _utc(track.created))
    ev.add("last-modified", _utc(track.last_modified))
    ev.add("sequence", track.sequence)
    ev.add("summary", f"{PREFIX.get(status, '')}{label} {DASH} {session_name(s)}{where}")
    zone = ZONE if shown.place == UN_HEADQUARTERS else ZoneInfo(shown.place.timezone)
    if shown.start is not None:
        ev.add("dtstart", datetime.combine(shown.date, shown.start, zone))
        if shown.end is not None:
            ev.add("dtend", datetime.combine(shown.date, shown.end, zone))
    else:
        ev.add("dtstart", shown.date)
        ev.add("dtend", shown.date + timedelta(days=1))
    ev.add("status", ICAL_STATUS[status])
    where = shown.place.describe()
    ev.add("location", f"{shown.venue}, {where}" if shown.venue else where)
    ev.add("description", _description(followed, status))
    ev.add("categories", [s.kind.replace("_", " ")])
    ev.add("url", f"{base_url}/api/processes/{process}/sessions/{s.slug}")
    ev.add("transp", "OPAQUE")
    return ev


def _description(followed: SessionDays, shown: str) -> str:
    s = followed.state
    kind = s.kind.replace("_", " ").capitalize() + (f" {s.number}" if s.number else "")
    lines = [f"{s.title}", f"{kind}. Status: {s.status}."]
    if shown == REMOVED:
        lines.append("This day is no longer part of the session.")
    for source, event, on in followed.sources:
        verb = "Announced" if BY_NAME[event].creates else f"{event} on {on.isoformat()}"
        lines.append(f"{verb} in {source}")
    return "\n".join(lines)


def write_feed(process: str, title: str, sessions: Sequence[SessionDays], base_url: str) -> bytes:
    """The feed's bytes for these sessions (in timeline order)."""
    label = process_label(process, title)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", f"{label} {DASH} {title}")
    cal.add("x-wr-calname", f"{label} {DASH} {title}")
    cal.add("x-wr-timezone", DEFAULT_TIMEZONE)
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    dates: list[date] = []
    for s in sessions:
        for track in s.tracks:
            cal.add_component(_event(process, label, s, track, base_url.rstrip("/")))
            if track.shown.day.start is not None:
                dates.append(date.fromisoformat(track.shown.day.date))
    if dates:
        cal.add_missing_timezones(
            first_date=date(min(dates).year, 1, 1), last_date=date(max(dates).year + 1, 1, 1)
        )
    return bytes(cal.to_ical())
