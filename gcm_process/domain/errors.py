"""Domain errors: what a clerk is told when a command cannot be recorded.

Every error raised by the domain or the application is a ``GcmError``; the
HTTP layer maps the families below to status codes in one place.
"""

from __future__ import annotations


class GcmError(Exception):
    """Base of every error this project raises on purpose."""


class InvalidInput(GcmError):
    """A value given to a command is malformed (not a rule of the process)."""


class UnknownSource(InvalidInput):
    """A write names as its source a letter that is not on the record of its process."""


class NotFound(GcmError):
    """Something named by slug does not exist."""


class ProcessNotFound(NotFound):
    def __init__(self, process: str) -> None:
        super().__init__(f"There is no process '{process}'.")


class SessionNotFound(NotFound):
    def __init__(self, process: str, session: str) -> None:
        super().__init__(f"Process '{process}' has no session '{session}'.")


class DraftNotFound(NotFound):
    def __init__(self, process: str, draft: str) -> None:
        super().__init__(f"Process '{process}' has no draft '{draft}'.")


class LetterNotFound(NotFound):
    def __init__(self, process: str, letter: str) -> None:
        super().__init__(f"Process '{process}' has no letter '{letter}'.")


class VersionNotFound(NotFound):
    def __init__(self, what: str, version: int, latest: int) -> None:
        super().__init__(f"{what} has no version {version} (latest is {latest}).")


class Conflict(GcmError):
    """The command conflicts with what is already recorded."""


class RuleBroken(Conflict):
    """A rule of the domain forbids the command; nothing was recorded."""


class AlreadyExists(RuleBroken):
    """A slug that is already taken was used to create something new."""


class DaysNotInOrder(RuleBroken):
    """A session's days must be given once each, in date order."""


class EndNotAfterStart(RuleBroken):
    """A day's end time must come after its start time."""


class NoDays(RuleBroken):
    """A session needs at least one day."""


class UnknownSessionDay(RuleBroken):
    """A venue change names a date the session does not have."""


class SessionIsCancelled(RuleBroken):
    """Only a reschedule may follow a cancellation."""


class AlreadyCancelled(SessionIsCancelled):
    """A cancelled session cannot be cancelled again."""


class CancelledSessionNotHeld(SessionIsCancelled):
    """A cancelled session cannot be marked as held."""


class SessionAlreadyHeld(RuleBroken):
    """A session that took place cannot be postponed, cancelled or moved to other dates
    (its venue may still be corrected)."""


class AlreadyPostponed(RuleBroken):
    """A postponed session cannot be postponed again until rescheduled."""


class AnnouncedBeforeLatest(RuleBroken):
    """A change to a session may not be announced before the session's latest announcement.

    The schedule now is the latest announcement: a fact announced earlier, typed
    in after a later one, would silently overturn it.
    """


class CannotCorrect(RuleBroken):
    """The versions named cannot be marked as recorded in error (see the message)."""


class NothingChanged(RuleBroken):
    """The command would record a change that changes nothing."""


class AlreadyAppointed(RuleBroken):
    """The facilitator is already appointed to the process."""


class DraftAlreadyPresented(RuleBroken):
    """The draft was already presented at that session."""


class VersionConflict(Conflict):
    """Somebody else changed the thing since the version the command expected."""


class IdempotencyConflict(Conflict):
    """A command id was reused for a different command or payload."""
