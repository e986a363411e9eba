"""A session as a schema.org ``Event`` in JSON-LD, for search engines and other systems.

Built from the read models' JSON: the session, its history and the process.
Times are local to the venue (America/New_York) and written with their offset.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from gcm_process.domain import SessionStatus
from gcm_process.domain.session_state import BY_NAME, DaysChange
from gcm_process.domain.values import DEFAULT_TIMEZONE

SCHEMA = "https://schema.org/"
ZONE = ZoneInfo(DEFAULT_TIMEZONE)

#: United Nations Headquarters, where every room of the record is.
HEADQUARTERS: dict[str, Any] = {
    "@type": "Place",
    "name": "United Nations Headquarters",
    "address": {
        "@type": "PostalAddress",
        "streetAddress": "405 East 42nd Street",
        "addressLocality": "New York",
        "addressRegion": "NY",
        "postalCode": "10017",
        "addressCountry": "US",
    },
}

#: Each status as a schema.org ``EventStatusType``; a scheduled or held session that
#: was given other days is ``EventRescheduled`` (see ``event_status``).
STATUS = {
    SessionStatus.SCHEDULED.value: "EventScheduled",
    SessionStatus.HELD.value: "EventScheduled",
    SessionStatus.POSTPONED.value: "EventPostponed",
    SessionStatus.CANCELLED.value: "EventCancelled",
}
MOVABLE = frozenset({SessionStatus.SCHEDULED.value, SessionStatus.HELD.value})


def _gives_days(entry: Mapping[str, Any]) -> bool:
    return BY_NAME[entry["event"]].days is DaysChange.REPLACES


def moment(day: Mapping[str, Any], which: str) -> str:
    """A day's start or end: a date-time with its offset when the time is known, else a date."""
    on = date.fromisoformat(day["date"])
    at = day.get(which)
    if at is None:
        return on.isoformat()
    found = day.get("place")
    zone = ZoneInfo(found["timezone"]) if found else ZONE
    return datetime.combine(on, time.fromisoformat(at), zone).isoformat()


def place(venue: str | None, where: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The room in its place: UN Headquarters unless the day names another (``place``)."""
    building = HEADQUARTERS if not where else {
        "@type": "Place",
        "name": where["building"],
        "address": {"@type": "PostalAddress", "addressLocality": where["city"]},
    }  # fmt: skip
    if venue is None:
        return building
    return {"@type": "Place", "name": venue, "containedInPlace": building}


def start_dates(history: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every first date the session was given, oldest first, once each."""
    seen: list[str] = []
    for entry in history:
        days = entry["data"].get("days") if _gives_days(entry) else None
        if days and days[0]["date"] not in seen:
            seen.append(days[0]["date"])
    return seen


def event_status(status: str, history: Iterable[Mapping[str, Any]]) -> str:
    """The status; a session given new days after it was scheduled is rescheduled."""
    rescheduled = sum(_gives_days(e) for e in history) > 1
    if status in MOVABLE and rescheduled:
        return SCHEMA + "EventRescheduled"
    return SCHEMA + STATUS[status]


def organizer(person: Mapping[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {"@type": "Person", "name": person["name"]}
    if person.get("title"):
        found["jobTitle"] = person["title"]
    if person.get("delegation"):
        mission = f"Permanent Mission of {person['delegation']} to the United Nations"
        found["affiliation"] = {"@type": "Organization", "name": mission}
    return found


def session_event(
    session: Mapping[str, Any],
    history: Iterable[Mapping[str, Any]],
    process: Mapping[str, Any],
    base_url: str,
) -> dict[str, Any]:
    """The session as a schema.org Event (one ``subEvent`` per day, each with its room)."""
    base = base_url.rstrip("/")
    process_url = f"{base}/api/processes/{process['slug']}"
    url = f"{process_url}/sessions/{session['slug']}"
    history = [e for e in history if e["version"] <= session["version"]]
    days = list(session["days"])
    starts = start_dates(history)
    rooms: dict[str, dict[str, Any]] = {}
    for d in days:
        rooms.setdefault(repr((d.get("venue"), sorted((d.get("place") or {}).items()))),
                         place(d.get("venue"), d.get("place")))  # fmt: skip
    locations = list(rooms.values())
    found: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": url,
        "url": url,
        "identifier": session["slug"],
        "name": f"{session['title']} ({process['title']})",
        "eventStatus": event_status(session["status"], history),
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "startDate": moment(days[0], "start"),
        "endDate": moment(days[-1], "end"),
        "location": locations if len(locations) > 1 else locations[0],
        "superEvent": {
            "@type": "Event",
            "@id": process_url,
            "url": process_url,
            "name": process["title"],
        },
        "organizer": [organizer(p) for p in process.get("facilitators", [])],
        "subEvent": [
            {
                "@type": "Event",
                "name": f"{session['title']}, day {i} of {len(days)}",
                "startDate": moment(d, "start"),
                "endDate": moment(d, "end"),
                "location": place(d.get("venue"), d.get("place")),
            }
            for i, d in enumerate(days, 1)
        ],
    }
    if not found["organizer"]:
        del found["organizer"]
    previous = [s for s in starts if s != days[0]["date"]]
    if previous:
        found["previousStartDate"] = previous
    if process.get("mandate"):
        found["superEvent"]["description"] = process["mandate"]
    return found
