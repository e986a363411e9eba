"""Every session event the aggregate can record is read by the fold and worded by each output.

Adding an event to ``Session`` without giving it a meaning and words fails here
(see "Adding an event" in the README).
"""

from __future__ import annotations

from pathlib import Path

from eventsourcing.utils import get_topic

from api import create_app
from api.config import ApiConfig
from api.pages import common
from gcm_process.config import Settings
from gcm_process.domain import Session, SessionStatus
from gcm_process.domain.base import Record
from gcm_process.domain.session_state import (
    BY_TOPIC,
    MEANINGS,
    SESSION_TOPICS,
    SessionState,
    UnknownSessionEvent,
    fold,
)
from projections import jsonld
from projections.calendar.ical import ICAL_STATUS
from projections.report.replay import TOPICS

SCHEDULED = {
    "process": "p",
    "slug": "s",
    "kind": "other",
    "number": None,
    "title": "S",
    "days": [{"date": "2018-02-20", "start": None, "end": None, "venue": "Room A"}],
}
CHANGE = {**SCHEDULED, "dates": ["2018-02-20"], "venue": "Room B", "reason": "why"}


def recorded_session_topics() -> set[str]:
    """The topics of the events ``Session`` declares, found on the class itself."""
    return {
        get_topic(value)
        for name, value in vars(Session).items()
        if isinstance(value, type)
        and issubclass(value, Record.Event)
        and name not in ("Event", "Created")
    }


def test_every_event_of_a_session_has_a_meaning() -> None:
    assert recorded_session_topics() == set(SESSION_TOPICS) == set(BY_TOPIC)


def test_the_fold_reads_every_event_and_refuses_an_unknown_one() -> None:
    first = fold(None, MEANINGS[0].topic, SCHEDULED, 1)
    assert isinstance(first, SessionState)
    for version, meaning in enumerate(MEANINGS[1:], 2):
        after = fold(first, meaning.topic, CHANGE, version)
        assert after is not None and after.version == version, meaning.name
        if meaning.status is not None:
            assert after.status == meaning.status.value
    try:
        fold(first, "gcm.Session.Renamed", CHANGE, 9)
    except UnknownSessionEvent as error:
        assert "gcm.Session.Renamed" in str(error)
    else:
        raise AssertionError("an unknown session event was folded")


def test_every_output_words_every_event_and_every_status() -> None:
    assert all(m.words.strip() for m in MEANINGS), "the change log's words"
    assert len({m.words for m in MEANINGS}) == len(MEANINGS), "each event its own words"
    assert set(SESSION_TOPICS) <= set(TOPICS), "the report reads every session event"
    statuses = {s.value for s in SessionStatus}
    assert statuses <= set(ICAL_STATUS), "the calendar"
    assert statuses == set(jsonld.STATUS), "JSON-LD"
    reached = {m.status.value for m in MEANINGS if m.status is not None}
    assert reached == statuses, "every status is reached by some event"


def test_the_pages_word_every_event_and_every_status(tmp_path: Path) -> None:
    app = create_app(ApiConfig(Settings(tmp_path / "data"), write_rate=None))
    try:
        with app.test_request_context("/"):
            assert set(common.events()) == {m.name for m in MEANINGS}
            assert {s.value for s in SessionStatus} <= set(common.statuses())
    finally:
        app.extensions["gcm"].close()
