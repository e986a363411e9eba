"""The service layer: ``GcmProcess``, one method per command, and the queries on aggregates.

Each command is a value (``commands``, ``session_commands``); each method here
takes the value's fields and runs it (``recording.RecordApplication.run``), so
a command's arguments are named once, in its dataclass.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, ParamSpec

from gcm_process.commands import (
    AppointFacilitator,
    CirculateDraft,
    Command,
    IssueLetter,
    OpenProcess,
    PresentDraft,
    Receipt,
)
from gcm_process.config import Settings
from gcm_process.domain.errors import GcmError
from gcm_process.recording import HistoryEntry, RecordApplication
from gcm_process.session_commands import (
    CancelSession,
    ChangeVenue,
    CorrectLetter,
    CorrectSession,
    MarkHeld,
    PostponeSession,
    RescheduleSession,
    ScheduleSession,
)

P = ParamSpec("P")


def command(
    kind: Callable[P, Command],
) -> Callable[Concatenate[RecordApplication, P], Receipt]:
    """A method taking exactly the fields of the command ``kind`` and running it."""

    def method(self: RecordApplication, /, *args: P.args, **kwargs: P.kwargs) -> Receipt:
        return self.run(kind(*args, **kwargs))

    method.__doc__ = kind.__doc__
    return method


class GcmProcess(RecordApplication):
    """The record of negotiation processes, kept as an append-only log of events."""

    name = "gcm"

    @classmethod
    def from_settings(cls, settings: Settings) -> GcmProcess:
        return cls(settings.application_env())

    open_process = command(OpenProcess)
    appoint_facilitator = command(AppointFacilitator)
    schedule_session = command(ScheduleSession)
    reschedule_session = command(RescheduleSession)
    change_venue = command(ChangeVenue)
    postpone_session = command(PostponeSession)
    cancel_session = command(CancelSession)
    mark_held = command(MarkHeld)
    correct_session = command(CorrectSession)
    correct_letter = command(CorrectLetter)
    circulate_draft = command(CirculateDraft)
    present_draft = command(PresentDraft)
    issue_letter = command(IssueLetter)


__all__ = ["GcmError", "GcmProcess", "HistoryEntry", "Receipt"]
