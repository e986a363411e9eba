"""Planning the sessions a letter announces or changes.

A session the record does not have is scheduled when a letter announces it
(in prose or in a table); a change to a session it does not have is a warning,
never a new session. A session it has is changed only where the letter
differs: other dates or times give a reschedule (with the full new list of
days), the same dates in other rooms a venue change; a held session does not
change (other days are a warning). Days a letter gives
without a room or times keep those of the same date, or the single room (and
times) the session had. A reconfirmation never changes a session: a difference
is a warning. Two letters of the same day that disagree give a warning, and
the first one's version stands. A letter older than the latest announcement
the record holds for a session changes nothing of it: a warning says so. A
letter already recorded for a session (as read, or as a clerk corrected it)
is not read again into changes of that session.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from gcm_process.domain import Day, SessionStatus
from gcm_process.domain.errors import GcmError
from gcm_process.domain.values import check_days
from gcm_process.letters.model import Change, Meeting, ParsedLetter, SessionRef
from gcm_process.letters.plan import Builder, describe_days
from gcm_process.letters.state import SessionState
from gcm_process.letters.text import slugify

_CHANGE_ITEMS = ("schedule", "reschedule", "cancel", "postpone")


def find(b: Builder, ref: SessionRef) -> SessionState | None:
    """The session of the record (or of this plan) that ``ref`` names."""
    found = b.state.sessions.get(ref.slug())
    if found is not None or ref.on is None:
        return found
    return b.state.on_day(ref.kind, ref.on)


def plan_meeting(b: Builder, letter: ParsedLetter, m: Meeting, touched: dict[str, date]) -> None:
    session = find(b, m.ref)
    if session is None:
        _schedule(b, letter, m)
        touched[m.ref.slug()] = letter.dated
        return
    days = merge(b, letter, m.line, session, m.days)
    if days is None:
        return
    if session.status == SessionStatus.HELD:
        if days != session.days:
            b.warn(letter, m.line, f"{session.slug} has been held as "
                   f"{describe_days(session.days)}; the letter's {describe_days(days)} "
                   "is not recorded")  # fmt: skip
        return
    unchanged = days == session.days and session.status == SessionStatus.SCHEDULED
    if not unchanged and touched.get(session.slug) == letter.dated:
        b.warn(
            letter,
            m.line,
            f"{session.slug} is given as {describe_days(days)}, but a letter of the same day "
            f"gives {describe_days(session.days)}; the first one stands",
        )
        return
    if unchanged:
        touched[session.slug] = letter.dated
        b.already(letter, _items(session.slug, days), f"{session.slug} as announced")
        return
    if _older(b, letter, m.line, session):
        return
    if b.read_before(letter, session.command_ids, f"{session.slug} as recorded from this letter"):
        return
    if m.reconfirmed:
        b.warn(letter, m.line, f"the letter reconfirms {session.slug} as {describe_days(days)}, "
               f"but the record has {describe_days(session.days)} ({session.status}); "
               "nothing recorded")  # fmt: skip
        return
    touched[session.slug] = letter.dated
    _change_days(b, letter, session, days)


def plan_change(b: Builder, letter: ParsedLetter, c: Change, touched: dict[str, date]) -> None:
    session = find(b, c.ref)
    if session is None:
        b.warn(letter, c.line, f"the letter changes {c.ref.describe()}, which the process "
               "does not have; nothing recorded")  # fmt: skip
        return
    if _older(b, letter, c.line, session):
        return
    if session.status == SessionStatus.HELD:
        b.warn(letter, c.line, f"{session.slug} has been held and cannot change; nothing recorded")
        return
    touched[session.slug] = letter.dated
    if c.action == "cancel":
        if session.status == SessionStatus.CANCELLED:
            b.already(letter, [f"cancel/{session.slug}"], f"{session.slug} cancelled")
            return
        session.status = SessionStatus.CANCELLED.value
        b.add(letter, f"cancel/{session.slug}", "cancel_session",
              _args(b, session.slug, reason=c.reason), f"cancel {session.slug}")  # fmt: skip
    elif c.action == "postpone":
        if session.status == SessionStatus.POSTPONED:
            b.already(letter, [f"postpone/{session.slug}"], f"{session.slug} postponed")
            return
        if session.status == SessionStatus.CANCELLED:
            b.warn(letter, c.line, f"{session.slug} is cancelled; it cannot be postponed")
            return
        session.status = SessionStatus.POSTPONED.value
        why = f" ({c.reason})" if c.reason else ""
        b.add(letter, f"postpone/{session.slug}", "postpone_session",
              _args(b, session.slug, reason=c.reason), f"postpone {session.slug}{why}")  # fmt: skip
    elif b.read_before(letter, session.command_ids, f"{session.slug} as recorded from this letter"):
        return
    elif c.action == "venue":
        _venue(b, letter, c, session)
    else:
        days = merge(b, letter, c.line, session, c.days)
        if days is None:
            return
        if days == session.days and session.status == SessionStatus.SCHEDULED:
            b.already(letter, _items(session.slug, days), f"{session.slug} as announced")
            return
        _change_days(b, letter, session, days)


def _older(b: Builder, letter: ParsedLetter, line: int, session: SessionState) -> bool:
    """Whether the record has a later announcement for ``session`` (then warn, unless done)."""
    latest = session.announced
    if latest is None or letter.dated >= latest:
        return False
    what = f"{session.slug} as this letter gave it"
    if not b.already(letter, _items(session.slug, session.days), what):
        b.warn(letter, line, f"letter of {letter.dated.isoformat()} is older than "
               f"{session.slug}'s latest announcement ({latest.isoformat()}): its schedule "
               f"for {session.slug} is not recorded")  # fmt: skip
    return True


def _venue(b: Builder, letter: ParsedLetter, c: Change, session: SessionState) -> None:
    assert c.venue is not None
    if session.status == SessionStatus.CANCELLED:
        b.warn(letter, c.line, f"{session.slug} is cancelled; its room cannot change")
        return
    own = {d.date for d in session.days}
    chosen = {d.date for d in c.days}
    if chosen - own:
        missing = ", ".join(sorted(d.isoformat() for d in chosen - own))
        b.warn(letter, c.line, f"{session.slug} does not meet on {missing}; nothing recorded")
        return
    if c.old_venue is not None:
        was = {d.date for d in session.days if d.venue == c.old_venue}
        if not was:
            b.warn(letter, c.line, f"the letter says {session.slug} was in {c.old_venue}, but the "
                   f"record has {describe_days(session.days)}; nothing recorded")  # fmt: skip
            return
        chosen = chosen or was
    days = tuple(d.with_venue(c.venue) if not chosen or d.date in chosen else d
                 for d in session.days)  # fmt: skip
    _change_days(b, letter, session, days, rooms_only=True)


def _change_days(
    b: Builder,
    letter: ParsedLetter,
    s: SessionState,
    days: tuple[Day, ...],
    rooms_only: bool = False,
) -> None:
    """Record the new days: a venue change when only rooms differ, else a reschedule.

    A letter that announces a postponed or cancelled session again reinstates it
    (a reschedule); a letter that only moves it to another room does not.
    """
    same_dates = [(d.date, d.start, d.end) for d in days] == [
        (d.date, d.start, d.end) for d in s.days
    ]
    if same_dates and (s.status == SessionStatus.SCHEDULED or rooms_only):
        for venue in sorted({d.venue for d in days if d.venue is not None}):
            moved = [d.date for d, old in zip(days, s.days, strict=True)
                     if d.venue == venue and old.venue != venue]  # fmt: skip
            if not moved:
                continue
            every = len(moved) == len(days)
            b.add(letter, f"venue/{s.slug}/{slugify(venue)}", "change_venue",
                  _args(b, s.slug, venue=venue, dates=None if every else moved),
                  f"move {s.slug} to {venue}" + ("" if every else " on " +
                  ", ".join(d.isoformat() for d in moved)))  # fmt: skip
        s.days = days
        b.state.put(s)
        return
    b.add(letter, f"reschedule/{s.slug}", "reschedule_session", _args(b, s.slug, days=list(days)),
          f"reschedule {s.slug}: {describe_days(days)} (was {describe_days(s.days)}"
          f"{'' if s.status == 'scheduled' else ', ' + s.status})")  # fmt: skip
    s.days, s.status = days, SessionStatus.SCHEDULED.value
    b.state.put(s)


def _schedule(b: Builder, letter: ParsedLetter, m: Meeting) -> None:
    try:
        days = tuple(check_days(m.days))
    except GcmError as error:
        b.warn(letter, m.line, f"{m.ref.slug()} not scheduled: {error}")
        return
    slug = m.ref.slug()
    b.state.put(
        SessionState(slug, m.ref.kind, m.ref.number, m.title, days, SessionStatus.SCHEDULED.value)
    )
    args = _args(b, slug, kind=m.ref.kind, title=m.title, days=list(days), number=m.ref.number)
    kind = m.ref.kind + (f" {m.ref.number}" if m.ref.number else "")
    b.add(letter, f"schedule/{slug}", "schedule_session", args,
          f"schedule {slug} ({kind}): {describe_days(days)}")  # fmt: skip


def merge(
    b: Builder, letter: ParsedLetter, line: int, s: SessionState, given: tuple[Day, ...]
) -> tuple[Day, ...] | None:
    """The letter's days, completed from the session's own where it leaves rooms or times out."""
    if not given:
        return s.days
    old = {d.date: d for d in s.days}
    rooms = {d.venue for d in s.days}
    times = {(d.start, d.end) for d in s.days}
    result = []
    for day in given:
        before = old.get(day.date)
        if day.start is None and day.end is None:
            if before is not None:
                day = replace(day, start=before.start, end=before.end)
            elif len(times) == 1:
                start, end = next(iter(times))
                day = replace(day, start=start, end=end)
        if day.venue is None:
            if before is not None and before.venue is not None:
                day = day.with_venue(before.venue)
            elif len(rooms) == 1 and None not in rooms:
                day = day.with_venue(next(iter(rooms)))  # type: ignore[arg-type]
        result.append(day)
    try:
        return tuple(check_days(sorted(result, key=lambda d: d.date)))
    except GcmError as error:
        b.warn(letter, line, f"{s.slug} not changed: {error}")
        return None


def _items(slug: str, days: tuple[Day, ...]) -> list[str]:
    venues = sorted({slugify(d.venue) for d in days if d.venue})
    return [f"{item}/{slug}" for item in _CHANGE_ITEMS] + [f"venue/{slug}/{v}" for v in venues]


def _args(b: Builder, slug: str, **more: object) -> dict[str, object]:
    return {"process": b.state.slug, "slug": slug, **more}
