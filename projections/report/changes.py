"""What a change to a session was and became, in words for the change log."""

from __future__ import annotations

from collections.abc import Callable

from gcm_process.domain import SessionStatus
from gcm_process.domain.session_state import BY_TOPIC, Days, DaysChange, SessionState
from projections.report.model import list_days


def compare(
    before: SessionState | None,
    after: SessionState,
    topic: str,
    describe: Callable[[Days], str] = list_days,
) -> tuple[str, str]:
    """What a change was and became: the days that moved, else the status."""
    if before is None:
        return "", status_and_days(after)
    found = BY_TOPIC[topic]
    # A correction may undo any change: it is read as a new list of days and a status.
    change = DaysChange.REPLACES if found.corrects else found.days
    if change is DaysChange.MOVES:
        # Only rooms change (on the days the session still has).
        moved = [(b, a) for b, a in zip(before.days, after.days, strict=True) if b.venue != a.venue]
        return list_days(tuple(b for b, _ in moved)), list_days(tuple(a for _, a in moved))
    if change is not DaysChange.REPLACES or before.days == after.days:
        return before.status, after.status
    was, now = before.days, after.days
    if len(was) == len(now) and all(b.date == a.date for b, a in zip(was, now, strict=True)):
        # The same dates: name only the days whose times or rooms changed.
        moved = [(b, a) for b, a in zip(was, now, strict=True) if b != a]
        was, now = tuple(b for b, _ in moved), tuple(a for _, a in moved)
    if before.status != after.status:
        return f"{before.status}: {describe(was)}", describe(now)
    return describe(was), describe(now)


def status_and_days(state: SessionState) -> str:
    days = list_days(state.days)
    return days if state.status == SessionStatus.SCHEDULED else f"{state.status}: {days}"
