"""The stored topics of the events, read from the aggregates' event classes: named once.

Readers of the log select and dispatch on these; no other module spells a topic.
"""

from __future__ import annotations

from eventsourcing.utils import get_topic

from gcm_process.domain.draft import Draft
from gcm_process.domain.letter import Letter
from gcm_process.domain.process import Process
from gcm_process.domain.session_state import SCHEDULED, SESSION_TOPICS

PROCESS_OPENED = get_topic(Process.Opened)
FACILITATOR_APPOINTED = get_topic(Process.FacilitatorAppointed)
DRAFT_CIRCULATED = get_topic(Draft.Circulated)
DRAFT_PRESENTED = get_topic(Draft.Presented)
LETTER_ISSUED = get_topic(Letter.Issued)
SESSION_SCHEDULED = SCHEDULED
#: The topics of every event that is not a session's.
OTHER_TOPICS = (
    PROCESS_OPENED,
    FACILITATOR_APPOINTED,
    DRAFT_CIRCULATED,
    DRAFT_PRESENTED,
    LETTER_ISSUED,
)

__all__ = [
    "DRAFT_CIRCULATED",
    "DRAFT_PRESENTED",
    "FACILITATOR_APPOINTED",
    "LETTER_ISSUED",
    "OTHER_TOPICS",
    "PROCESS_OPENED",
    "SESSION_SCHEDULED",
    "SESSION_TOPICS",
]
