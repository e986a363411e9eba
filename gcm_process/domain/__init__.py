"""The domain model: aggregates, their events, value objects and domain errors."""

from gcm_process.domain.base import Provenance
from gcm_process.domain.draft import Draft
from gcm_process.domain.letter import Letter
from gcm_process.domain.process import Process
from gcm_process.domain.session import Session
from gcm_process.domain.values import Day, Person, SessionKind, SessionStatus

__all__ = [
    "Day",
    "Draft",
    "Letter",
    "Person",
    "Process",
    "Provenance",
    "Session",
    "SessionKind",
    "SessionStatus",
]
