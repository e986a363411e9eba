"""Changes announced in sentences: cancelled, postponed, rescheduled, moved, "instead of".

- "is cancelled", "has been cancelled"; "will not take place" or "will not be
  held" with no room, date or "but" after it; "will not take place in X but in
  Y" is a venue change, anything else after it a warning;
- "has been postponed" ("until further notice" is kept as the reason); with new
  dates after it, a reschedule;
- "has been rescheduled to DATES", "will now be held from ... to ...";
- "has been moved to" a room (venue change) or to dates (reschedule), "moved
  from X to Y" likewise; a room change moves the days the sentence names, if
  any, else every day;
- "will be held in X instead of Y" (venue change), "on D1 instead of D2".
"""

from __future__ import annotations

import re

from gcm_process.domain import Day
from gcm_process.letters.dates import DateMatch, find_times
from gcm_process.letters.model import Change, Fact, ImportWarning, SessionRef
from gcm_process.letters.text import Sentence
from gcm_process.letters.venues import VenueMatch, find_venues

_BE = r"\b(?:is|are|has\s+been|have\s+been|was|were|will\s+be|had\s+been)\s+(?:hereby\s+)?"
_CANCEL = re.compile(_BE + r"cancell?ed\b", re.I)
_NOT_HELD = re.compile(r"\bwill\s+not\s+(?:take\s+place|be\s+held)\b", re.I)
_BUT = re.compile(r"\bbut\b", re.I)
_TO = re.compile(r"\bto\b", re.I)
_POSTPONE = re.compile(_BE + r"postponed\b", re.I)
_RESCHEDULE = re.compile(
    _BE + r"rescheduled\b|\bwill\s+now\s+(?:be\s+held|take\s+place|run|convene)\b", re.I
)
_MOVED = re.compile(_BE + r"(?:moved|relocated|changed)\s+(?:to|from)\b", re.I)
_INSTEAD = re.compile(r"\binstead\s+of\b", re.I)
_FURTHER_NOTICE = re.compile(r"until\s+further\s+notice|sine\s+die|to\s+a\s+later\s+date", re.I)
_BECAUSE = re.compile(r"\b(?:due\s+to|owing\s+to|because\s+of|in\s+view\s+of)\s+(.{3,200}?)\.?$")
#: A word that says a session changes, however the sentence puts it.
CHANGE_WORD = re.compile(
    r"\b(?:mov(?:ed|es|ing)|relocat|chang|shift|transferr|brought\s+forward|advanced|delay"
    r"|defer|postpon|reschedul|cancel|called\s+off|will\s+not|no\s+longer)",
    re.I,
)
#: The change phrases, in order of precedence.
CHANGES = (("cancel", _CANCEL), ("not_held", _NOT_HELD), ("postpone", _POSTPONE),
           ("reschedule", _RESCHEDULE), ("moved", _MOVED), ("instead", _INSTEAD))  # fmt: skip


class ChangeReader:
    """Reading a sentence that announces a change to a session (a part of the prose reader)."""

    facts: list[Fact]
    warnings: list[ImportWarning]

    def _ref(
        self, text: str, masked: str, dates: list[DateMatch]
    ) -> tuple[SessionRef | None, str, bool]:
        raise NotImplementedError

    def _change(
        self, s: Sentence, action: str, verb: re.Match[str], dates: list[DateMatch], masked: str
    ) -> None:
        doubtful = [d for d in dates if d.problem]
        if doubtful:
            self._warn(s, f"not read: {doubtful[0].problem}")
            return
        before = [d for d in dates if d.end <= verb.start()]
        head = s.text[: verb.start()]
        ref, _, _ = self._ref(head, masked[: verb.start()], before)
        if ref is None:
            self._warn(s, "announces a change but does not say to which session")
            return
        # "moved from X to Y": what follows "to" is the new, X the old.
        pivot, old = verb.end(), None
        if verb.group(0).lower().endswith("from"):
            to = _TO.search(masked, verb.end())
            if to is None:
                self._warn(s, "says session " + ref.describe() + " moves from but not to what")
                return
            pivot = to.end()
            old = _one([v for v in find_venues(masked) if verb.end() <= v.start < pivot])
            if old == "?":
                self._warn(s, "not read: it names more than one room it moves from")
                return
        after = [d for d in dates if d.start >= pivot]
        new_dates = tuple(d for m in after for d in m.dates)
        venues_after = [v for v in find_venues(masked) if v.start >= pivot]
        venues_before = [v for v in find_venues(masked) if v.end <= verb.start()]
        named = _named_days(ref, before)
        if action == "cancel":
            self._add(Change(s.line, ref, "cancel", reason=_reason(s.text)), ref)
        elif action == "not_held":
            self._not_held(s, ref, masked[verb.end() :], named, bool(after), venues_after)
        elif action == "postpone" and not new_dates:
            further = _FURTHER_NOTICE.search(s.text)
            reason = further.group(0) if further else _reason(s.text)
            self._add(Change(s.line, ref, "postpone", reason=reason), ref)
        elif action == "instead":
            self._instead(s, ref, verb, before, after, venues_before)
        elif new_dates:
            venue = _one(venues_after)
            times = find_times(masked[pivot:])
            if len(times) > 1 or any(t.problem for t in times) or venue == "?":
                self._warn(s, "not read: it gives more than one room or time for the new dates")
                return
            start, end = (times[0].begins, times[0].ends) if times else (None, None)
            days = tuple(Day(d, start, end, venue if venue != "?" else None) for d in new_dates)
            self._add(Change(s.line, ref, "reschedule", days=days), ref)
        elif action in ("moved", "reschedule") and _one(venues_after) not in (None, "?", old):
            change = Change(s.line, ref, "venue", named, _one(venues_after), old_venue=old)
            self._add(change, ref)
        else:
            self._warn(s, f"says session {ref.describe()} changes but gives no new dates or room")

    def _instead(
        self,
        s: Sentence,
        ref: SessionRef,
        verb: re.Match[str],
        before: list[DateMatch],
        after: list[DateMatch],
        venues_before: list[VenueMatch],
    ) -> None:
        venues_after = [v for v in find_venues(s.text) if v.start >= verb.end()]
        if venues_before and venues_after:
            new, old = venues_before[-1].venue, venues_after[0].venue
            on = _named_days(ref, before)
            self._add(Change(s.line, ref, "venue", days=on, venue=new, old_venue=old), ref)
        elif before and after:
            days = tuple(Day(d) for d in before[-1].dates)
            self._add(Change(s.line, ref, "reschedule", days=days), ref)
        else:
            self._warn(s, "says 'instead of' but not what replaces what")

    def _not_held(
        self,
        s: Sentence,
        ref: SessionRef,
        rest: str,
        days: tuple[Day, ...],
        dated: bool,
        venues: list[VenueMatch],
    ) -> None:
        """Read "will not take place": a cancellation, or "not in X but in Y" a venue change."""
        but = _BUT.search(rest)
        if not (but or dated or venues):
            self._add(Change(s.line, ref, "cancel", reason=_reason(s.text)), ref)
            return
        split = len(s.text) - len(rest) + but.start() if but else -1
        names = [v.venue for v in venues]
        if (
            not dated
            and len(set(names)) == 2 == len(names)
            and venues[0].start < split < venues[1].start
        ):
            self._add(Change(s.line, ref, "venue", days, names[1], old_venue=names[0]), ref)
            return
        self._warn(s, f"not read: says {ref.describe()} will not take place, then more")

    def _add(self, fact: Fact, ref: SessionRef) -> None:
        self.facts.append(fact)

    def _warn(self, s: Sentence, reason: str) -> None:
        short = s.text if len(s.text) <= 80 else s.text[:77] + "..."
        self.warnings.append(ImportWarning(s.line, f'{reason}: "{short}"'))


def _one(venues: list[VenueMatch]) -> str | None:
    names = {v.venue for v in venues}
    if len(names) > 1:
        return "?"
    return next(iter(names), None)


def _named_days(ref: SessionRef, dates: list[DateMatch]) -> tuple[Day, ...]:
    """The days a sentence names for a change, but the date that only tells the session."""
    return tuple(Day(d) for m in dates for d in m.dates if d != ref.on)


def _reason(text: str) -> str | None:
    m = _BECAUSE.search(text)
    return m.group(1).strip() if m else None
