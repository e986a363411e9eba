"""Meetings, changes and drafts announced in sentences.

Each sentence is read on its own, with the meeting named just before it for
"The presentation will be held ..." / "It will ...". In order of precedence:

- cancellation: "is cancelled", "has been cancelled", "will not take place";
- postponement: "has been postponed" ("until further notice" is kept as the
  reason); with new dates after it, a reschedule;
- reschedule: "has been rescheduled to DATES", "will now be held from ... to ...";
- move: "has been moved to" a room (venue change) or to dates (reschedule);
  "will be held in X instead of Y" (venue change), "on D1 instead of D2";
- announcement: "will be held", "to be held", "will take place", "invite you to
  attend", "will present"; "as previously announced", "reconfirm" mark it as a
  reconfirmation, which never changes a session already recorded;
- drafts: "the zero draft will be shared / circulated / made available";
  "revision 1 will be presented at the fourth round".

A sentence with such a phrase that cannot be read with confidence (several
sessions, several rooms or times, a doubtful date, a change to no named
session) is reported as a warning with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, time

from gcm_process.domain import Day
from gcm_process.letters.dates import DateMatch, find_dates, find_times, mask
from gcm_process.letters.model import Change, DraftNote, Fact, ImportWarning, Meeting, SessionRef
from gcm_process.letters.text import Sentence
from gcm_process.letters.venues import VenueMatch, find_venues
from gcm_process.letters.words import drafts_named, event_ref, rounds_named

_BE = r"\b(?:is|are|has\s+been|have\s+been|was|were|will\s+be|had\s+been)\s+(?:hereby\s+)?"
_CANCEL = re.compile(_BE + r"cancell?ed\b|\bwill\s+not\s+(?:take\s+place|be\s+held)\b", re.I)
_POSTPONE = re.compile(_BE + r"postponed\b", re.I)
_RESCHEDULE = re.compile(
    _BE + r"rescheduled\b|\bwill\s+now\s+(?:be\s+held|take\s+place|run|convene)\b", re.I
)
_MOVED = re.compile(_BE + r"(?:moved|relocated|changed)\s+to\b", re.I)
_INSTEAD = re.compile(r"\binstead\s+of\b", re.I)
RECONFIRM = re.compile(
    r"\bas\s+previously\s+(?:announced|communicated|scheduled|indicated)\b|\breconfirm"
    r"|\bremains?\s+unchanged\b|\bas\s+planned\b|\bas\s+scheduled\b",
    re.I,
)
_ANNOUNCE = re.compile(
    r"\b(?:will|shall)\s+be\s+(?:held|convened)\b|\bto\s+be\s+held\b|\btake\s+place\b"
    r"|\b(?:is|are)\s+scheduled\b|\binvite\s+you\s+to\s+(?:attend|participate|join)\b"
    r"|\bwill\s+(?:present|hold|host|organi[sz]e|convene)\b",
    re.I,
)
_CIRCULATE = re.compile(
    r"\b(?:will|shall)\s+be\s+(?:shared|circulated|issued|made\s+available|distributed|released)"
    r"|\b(?:is|are)\s+being\s+(?:shared|circulated)"
    r"|\b(?:has|have)\s+been\s+(?:shared|circulated|issued|made\s+available|distributed)"
    r"|\bwas\s+(?:shared|circulated|issued|released)\b",
    re.I,
)
_PRESENTED_AT = re.compile(r"\b(?:will|shall)\s+be\s+presented\s+(?:at|during|in|on)\b", re.I)
_PRESENTS = re.compile(r"\bpresent(?:ation\s+of|s|ing)?\s+(?:the\s+)?$", re.I)
_ANAPHOR = re.compile(
    r"^(?:It\b|(?:The|This|That|Such)\s+(?:informal\s+)?(?:presentation|meeting|hearing"
    r"|briefing|session|event)\b)"
)
_FURTHER_NOTICE = re.compile(r"until\s+further\s+notice|sine\s+die|to\s+a\s+later\s+date", re.I)
_BECAUSE = re.compile(r"\b(?:due\s+to|owing\s+to|because\s+of|in\s+view\s+of)\s+(.{3,200}?)\.?$")
_KINDS = re.compile(r"\b(?:[\w-]+\s+){0,3}?(?:hearing|briefing|informal\s+meeting|meeting"
                    r"|conference|consultations?)\b", re.I)  # fmt: skip


@dataclass
class ProseReader:
    letter_date: date
    facts: list[Fact] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    #: The index in ``facts`` of the meeting named last, for "The presentation will ...".
    last: int | None = None

    def read(self, s: Sentence) -> None:
        dates = find_dates(s.text, self.letter_date)
        masked = mask(s.text, [(d.start, d.end) for d in dates])
        for action, pattern in (("cancel", _CANCEL), ("postpone", _POSTPONE),
                                ("reschedule", _RESCHEDULE), ("moved", _MOVED),
                                ("instead", _INSTEAD)):  # fmt: skip
            verb = pattern.search(masked)
            if verb:
                self._change(s, action, verb, dates, masked)
                return
        self._drafts(s, dates, masked)
        if _ANNOUNCE.search(masked) or RECONFIRM.search(masked):
            self._announce(s, dates, masked)

    # -- announcements --------------------------------------------------------

    def _announce(self, s: Sentence, dates: list[DateMatch], masked: str) -> None:
        ref, title, anaphoric = self._ref(s.text, masked, dates)
        doubtful = [d for d in dates if d.problem]
        if doubtful:
            self._warn(s, f"not read: {doubtful[0].problem}")
            return
        if ref is None:
            if dates:
                self._warn(s, "announces a meeting but does not say which session it is")
            return
        reconfirmed = bool(RECONFIRM.search(masked))
        details = self._details(s, masked)
        if details is None:
            return
        start, end, venue = details
        if not dates:
            if anaphoric and self.last is not None:
                self._merge(start, end, venue)
            elif venue is not None and not reconfirmed:
                self._add(Change(s.line, ref, "venue", venue=venue), ref)
            return
        days = tuple(Day(d, start, end, venue) for m in dates for d in m.dates)
        if len({d.date for d in days}) != len(days):
            self._warn(s, "not read: a date is given twice")
            return
        meeting = Meeting(s.line, ref, title, tuple(sorted(days, key=lambda d: d.date)),
                          reconfirmed)  # fmt: skip
        self.facts.append(meeting)
        self.last = len(self.facts) - 1

    def _merge(self, start: time | None, end: time | None, venue: str | None) -> None:
        assert self.last is not None
        meeting = self.facts[self.last]
        assert isinstance(meeting, Meeting)
        days = tuple(
            Day(
                d.date,
                d.start if start is None else start,
                d.end if end is None else end,
                d.venue if venue is None else venue,
            )
            for d in meeting.days
        )
        self.facts[self.last] = replace(meeting, days=days)

    def _details(
        self, s: Sentence, masked: str
    ) -> tuple[time | None, time | None, str | None] | None:
        times = [t for t in find_times(masked)]
        venues = {v.venue for v in find_venues(masked)}
        if any(t.problem for t in times) or len(times) > 1:
            self._warn(s, "not read: " + (times[0].problem or "it gives more than one time"))
            return None
        if len(venues) > 1:
            self._warn(s, "not read: it names more than one room")
            return None
        start, end = (times[0].begins, times[0].ends) if times else (None, None)
        return start, end, next(iter(venues), None)

    # -- changes --------------------------------------------------------------

    def _change(
        self, s: Sentence, action: str, verb: re.Match[str], dates: list[DateMatch], masked: str
    ) -> None:
        doubtful = [d for d in dates if d.problem]
        if doubtful:
            self._warn(s, f"not read: {doubtful[0].problem}")
            return
        before = [d for d in dates if d.end <= verb.start()]
        after = [d for d in dates if d.start >= verb.end()]
        head = s.text[: verb.start()]
        ref, _, _ = self._ref(head, masked[: verb.start()], before)
        if ref is None:
            self._warn(s, "announces a change but does not say to which session")
            return
        new_dates = tuple(d for m in after for d in m.dates)
        venues_after = [v for v in find_venues(masked) if v.start >= verb.end()]
        venues_before = [v for v in find_venues(masked) if v.end <= verb.start()]
        if action == "cancel":
            self._add(Change(s.line, ref, "cancel", reason=_reason(s.text)), ref)
        elif action == "postpone" and not new_dates:
            further = _FURTHER_NOTICE.search(s.text)
            reason = further.group(0) if further else _reason(s.text)
            self._add(Change(s.line, ref, "postpone", reason=reason), ref)
        elif action == "instead":
            self._instead(s, ref, verb, before, after, venues_before)
        elif new_dates:
            venue = _one(venues_after)
            times = find_times(masked[verb.end() :])
            if len(times) > 1 or any(t.problem for t in times) or venue == "?":
                self._warn(s, "not read: it gives more than one room or time for the new dates")
                return
            start, end = (times[0].begins, times[0].ends) if times else (None, None)
            days = tuple(Day(d, start, end, venue if venue != "?" else None) for d in new_dates)
            self._add(Change(s.line, ref, "reschedule", days=days), ref)
        elif action in ("moved", "reschedule") and _one(venues_after) not in (None, "?"):
            self._add(Change(s.line, ref, "venue", venue=_one(venues_after)), ref)
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
            ref_dates = {ref.on} if ref.on else set()
            on = tuple(Day(d) for m in before for d in m.dates if d not in ref_dates)
            self._add(Change(s.line, ref, "venue", days=on, venue=new, old_venue=old), ref)
        elif before and after:
            days = tuple(Day(d) for d in before[-1].dates)
            self._add(Change(s.line, ref, "reschedule", days=days), ref)
        else:
            self._warn(s, "says 'instead of' but not what replaces what")

    # -- drafts ---------------------------------------------------------------

    def _drafts(self, s: Sentence, dates: list[DateMatch], masked: str) -> None:
        drafts = drafts_named(s.text)
        if not drafts:
            return
        good = [d for m in dates if not m.problem for d in m.dates]
        if _CIRCULATE.search(masked):
            on = good[0] if len(good) == 1 else None
            for _, slug, title in drafts:
                self.facts.append(DraftNote(s.line, slug, title, "circulate", on, s.text))
        presented = _PRESENTED_AT.search(masked)
        if presented:
            after = s.text[presented.end() :]
            rounds = rounds_named(after)
            ref = SessionRef("negotiation_round", rounds[0][1]) if len(rounds) == 1 else None
            if ref is None:
                self._warn(s, "says a draft will be presented but not at which round")
                return
            for _, slug, title in drafts:
                self.facts.append(DraftNote(s.line, slug, title, "present", None, None, ref))

    # -- which session --------------------------------------------------------

    def _ref(
        self, text: str, masked: str, dates: list[DateMatch]
    ) -> tuple[SessionRef | None, str, bool]:
        """The session a sentence (or its head) names, its title, and if it said "it"."""
        first = next((d for m in dates if not m.problem for d in m.dates), None)
        for offset, slug, title in drafts_named(text):
            if _PRESENTS.search(text[:offset]):
                ref = SessionRef("informal_meeting", draft=slug)
                return ref, f"Presentation of the {title.lower()}", False
        rounds = rounds_named(text)
        if len(rounds) == 1:
            n = rounds[0][1]
            return SessionRef("negotiation_round", n), f"Negotiation round {n}", False
        if len(rounds) > 1:
            return None, "", False
        kind = _KINDS.search(masked)
        if _ANAPHOR.match(text) and self.last is not None:
            meeting = self.facts[self.last]
            if isinstance(meeting, Meeting) and (kind is None or first is None):
                return meeting.ref, meeting.title, True
        if kind:
            ref, title = event_ref(kind.group(0), first)
            return ref, title, False
        return None, "", False

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


def _reason(text: str) -> str | None:
    m = _BECAUSE.search(text)
    return m.group(1).strip() if m else None
