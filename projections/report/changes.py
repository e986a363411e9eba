"""What a change to a session was and became, in words for the change log."""

from __future__ import annotations

from collections.abc import Callable

from gcm_process.domain import Day, SessionStatus
from projections.replay import SessionState
from projections.report.model import describe_days

RESCHEDULED = "gcm.Session.Rescheduled"
VENUE_CHANGED = "gcm.Session.VenueChanged"


def compare(
    before: SessionState | None,
    after: SessionState,
    topic: str,
    describe: Callable[[tuple[Day, ...]], str] = describe_days,
) -> tuple[str, str]:
    """What a change was and became: the days that moved, else the status."""
    if before is None:
        return "", status_and_days(after)
    if topic == VENUE_CHANGED:
        # Only rooms change (on the days the session still has).
        moved = [(b, a) for b, a in zip(before.days, after.days, strict=True) if b.venue != a.venue]
        return describe_days(tuple(b for b, _ in moved)), describe_days(tuple(a for _, a in moved))
    if topic != RESCHEDULED or before.days == after.days:
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
    days = describe_days(state.days)
    return days if state.status == SessionStatus.SCHEDULED else f"{state.status}: {days}"
