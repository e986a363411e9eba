"""Meetings, changes and drafts announced in sentences.

Each sentence is read on its own, with the meeting named just before it for
"The presentation will be held ..." / "It will ...". In order of precedence:

- changes: cancelled, postponed, rescheduled, moved, "instead of" (the module
  ``changes`` lists the phrases);
- announcement: "will be held", "to be held", "will take place", "invite you to
  attend", "will present"; "as previously announced", "reconfirm" mark it as a
  reconfirmation, which never changes a session already recorded;
- drafts: "the zero draft will be shared / circulated / made available";
  "revision 1 will be presented at the fourth round".

A sentence that names a session and a word of change ("moved", "shifted",
"will not") but none of these phrases is a warning, never silence.
A sentence with such a phrase that cannot be read with confidence (several
sessions, several rooms or times, a doubtful date, a change to no named
session) is reported as a warning with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, time

from gcm_process.domain import Day
from gcm_process.domain.places import KNOWN, UN_HEADQUARTERS, Mode, find_mode, find_place
from gcm_process.letters.changes import CHANGE_WORD, CHANGES, ChangeReader
from gcm_process.letters.dates import DateMatch, find_dates, find_times, mask
from gcm_process.letters.model import Change, DraftNote, Fact, ImportWarning, Meeting, SessionRef
from gcm_process.letters.text import Sentence
from gcm_process.letters.venues import find_venues
from gcm_process.letters.words import (
    COUNTED,
    counted_meetings,
    drafts_named,
    event_ref,
    rounds_named,
)

RECONFIRM = re.compile(
    r"\bas\s+previously\s+(?:announced|communicated|scheduled|indicated)\b|\breconfirm"
    r"|\bremains?\s+unchanged\b|\bas\s+planned\b|\bas\s+scheduled\b",
    re.I,
)
_ANNOUNCE = re.compile(
    r"\b(?:will|shall)\s+be\s+(?:held|convened)\b|\bto\s+be\s+held\b|\btake\s+place\b"
    r"|\b(?:is|are)\s+scheduled\b|\binvite\s+you\s+to\s+(?:attend|participate|join)\b"
    r"|\bwill\s+(?:present|hold|host|organi[sz]e|convene)\b"
    r"|\b(?:plan|intend)s?\s+to\s+(?:hold|convene)\b"
    r"|\blook\s+forward\s+to\s+(?:seeing|welcoming)\s+you\b"
    r"|\bfor\s+(?:action|adoption|consideration)\s+(?:at|by)\s+(?:the|a)\s+plenary\s+meeting\b",
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
_PLACE = re.compile(
    r"\b(?:in|at)\s+(?:the\s+)?(?P<p>Palais\s+des\s+Nations(?:,?\s+Geneva)?|Geneva|Nairobi"
    r"|Vienna|Bonn|Marrakech|Marrakesh|(?!New\s+York)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,\s+"
    r"(?!the\b)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
)
#: "at the opening of the high-level political forum ... on Tuesday, 5 July 2022"
#: (2022-07-04-hlpf-opening): the opening or closing of a meeting named by its name.
_OPENING = re.compile(r"\b(?:opening|closing)\s+of\s+the\s+[^,;:()]*[^,;:()\s]", re.I)
_NEW_YORK = re.compile(r"\bNew\s+York\b|\bHeadquarters\b")
_ROOM = re.compile(r"\b(?:Room|Salle)\s+([IVXL]{1,6}|\d{1,2})\b")
#: "in the Trusteeship Counci1 Chamber": words that name a room, though not one the reader
#: knows (a scan error in a known name, or a room of its own); read as no room, and said.
_ROOM_LIKE = re.compile(
    r"\b(?:in|at)\s+(?:the\s+)?((?:[A-Z][\w'\u2019.-]*\s+){1,5}(?:Chamber|Room|Hall|Auditorium))\b"
)
_TOGETHER = re.compile(r"\b(?:merge|combine|join|single|together|back-to-back)", re.I)
_KINDS = re.compile(r"\b(?:[\w-]+\s+){0,3}?(?:hearing|briefing|informal\s+meeting|meeting"
                    r"|conference|consultations?)\b", re.I)  # fmt: skip


@dataclass
class ProseReader(ChangeReader):
    letter_date: date
    facts: list[Fact] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    #: The index in ``facts`` of the meeting named last, for "The presentation will ...".
    last: int | None = None
    #: A place other than UN Headquarters that the letter names ("Geneva"), if any.
    elsewhere: str | None = None

    def read(self, s: Sentence) -> None:
        dates = find_dates(s.text, self.letter_date)
        masked = mask(s.text, [(d.start, d.end) for d in dates])
        for action, pattern in CHANGES:
            verb = pattern.search(masked)
            if verb:
                self._change(s, action, verb, dates, masked)
                return
        rounds = rounds_named(s.text)
        if len(rounds) > 1 and (_ANNOUNCE.search(masked) or CHANGE_WORD.search(masked)
                                or _TOGETHER.search(masked)):  # fmt: skip
            # "The third and fourth rounds will be merged into a single round ...": several
            # sessions in one sentence are never folded into one (test_layouts: merged rounds).
            named = " and ".join(str(n) for _, n in rounds)
            self._warn(s, f"not read: it names rounds {named} in one sentence")
            self.last = None
            return
        read = (len(self.facts), len(self.warnings))
        self._drafts(s, dates, masked)
        if _ANNOUNCE.search(masked) or RECONFIRM.search(masked):
            self._announce(s, dates, masked)
        if read == (len(self.facts), len(self.warnings)) and CHANGE_WORD.search(masked):
            ref = self._ref(s.text, masked, dates)[0]
            if ref is not None:
                self._warn(s, f"not read: says {ref.describe()} changes, but not in words known")

    def look_around(self, text: str) -> None:
        """Note the place other than UN Headquarters that the letter's ``text`` names, if any."""
        places = sorted({p.city for pattern, p in KNOWN if pattern.search(text)} - {"New York"})
        self.elsewhere = " and ".join(places) or None

    # -- announcements --------------------------------------------------------

    def _announce(
        self, s: Sentence, dates: list[DateMatch], masked: str, one: bool = False
    ) -> None:
        """Read the meeting ``s`` announces (``one``: one of the meetings it counts)."""
        ref, title, anaphoric = self._ref(s.text, masked, dates)
        doubtful = [d for d in dates if d.problem]
        if doubtful:
            self._warn(s, f"not read: {doubtful[0].problem}")
            return
        if ref is None:
            if dates:
                self._warn(s, "announces a meeting but does not say which session it is")
            return
        given = [m for m in dates if m.dates]
        counted = None if one else counted_meetings(masked)
        if counted is not None and counted != len(given):
            self._warn(s, f"not read: it counts {counted} meetings but gives {len(given)} "
                       "date(s)")  # fmt: skip
            return
        if (
            len(given) > 1
            and not anaphoric
            and counted == len(given)
            and (ref.number is None and ref.draft is None and all(len(m.dates) == 1 for m in given))
        ):
            # "We plan to hold two further meetings on 3 December and 16 December"
            # (2014-11-17-post-2015, the co-facilitators' letter): the sentence counts its
            # meetings and gives as many single dates: one meeting on each.
            for m in given:
                self._announce(replace(s, text=_one_date(s.text, dates, m)), [m], masked, True)
            return
        if len(given) > 1 and not anaphoric:
            # "consultations held on 4 November and 10 November ... will convene on 3 December
            # and 16 December 2014" (2014-11-17-post-2015); "New York: 20 February and 22 to 23
            # February 2018 (...) 12 to 15 March 2018 3 to 6 April 2018" (a list without bullets):
            # several date expressions in one sentence may be several sessions, or a session
            # and an earlier meeting: never folded into one.
            listed = ", ".join(repr(s.text[m.start : m.end]) for m in given[:4])
            more = ", ..." if len(given) > 4 else ""
            self._warn(s, f"not read: it gives {len(given)} separate dates or date ranges "
                       f"({listed}{more}) for {ref.describe()}")  # fmt: skip
            return
        reconfirmed = bool(RECONFIRM.search(masked))
        details = self._details(s, masked)
        if details is None:
            return
        start, end, venue = details
        where = find_place(masked)
        mode = find_mode(masked) or Mode.IN_PERSON
        named = _PLACE.search(masked)
        if where is None and named is not None and dates:
            # "from 4-6 December in Some City, Country": a place not known is not guessed (nor
            # its time zone), and its days are not put at UN Headquarters either.
            self._warn(s, f"not read: the place {named.group('p')!r} is not one the record "
                       "knows")  # fmt: skip
            return
        if where is not None and where != UN_HEADQUARTERS and venue is None:
            # "in Room XVII of the Palais des Nations, Geneva": a room of another place.
            room = _ROOM.search(masked)
            venue = f"Room {room.group(1)}" if room else None
        if venue is None and (room_like := _ROOM_LIKE.search(masked)):
            self._warn(s, f"the room {room_like.group(1)!r} is not one the reader knows: "
                       "read without a room")  # fmt: skip
        if not dates:
            if anaphoric and self.last is not None:
                self._merge(start, end, venue)
            elif venue is not None and not reconfirmed:
                self._add(Change(s.line, ref, "venue", venue=venue), ref)
            return
        if where is None and self.elsewhere and not venue and not _NEW_YORK.search(masked):
            # A meeting that names no place, no room and not New York, in a letter that names
            # another place ("the review processes in Geneva and New York", a letter of the
            # President of the Human Rights Council: 2010-10-05-hrc-review-geneva): its place
            # is not guessed, so its days are not put at UN Headquarters either.
            self._warn(s, f"not read: it gives no place, and the letter names another place "
                       f"({self.elsewhere})")  # fmt: skip
            return
        place = where or UN_HEADQUARTERS
        days = tuple(Day(d, start, end, venue, place, mode.value) for m in dates for d in m.dates)
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
        kind = _KINDS.search(masked) or COUNTED.search(masked)
        if _ANAPHOR.match(text) and self.last is not None:
            meeting = self.facts[self.last]
            if isinstance(meeting, Meeting) and (kind is None or first is None):
                return meeting.ref, meeting.title, True
        if kind:
            ref, title = event_ref(kind.group(0), first)
            return ref, title, False
        opening = _OPENING.search(masked)
        if opening:
            name = opening.group(0)
            ref = SessionRef("other", label=name.split()[0].lower(), on=first)
            return ref, name[:1].upper() + name[1:], False
        return None, "", False


def _one_date(text: str, dates: list[DateMatch], keep: DateMatch) -> str:
    """``text`` with every date expression but ``keep`` blanked out."""
    return mask(text, [(d.start, d.end) for d in dates if d is not keep])
