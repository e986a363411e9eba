"""The words letters use for sessions and drafts.

Rounds: "the third round", "the 3rd informal round", "round 3", "Round III",
"the second negotiation session", "the fourth session of the intergovernmental
negotiations". Drafts: "zero draft", "zero draft plus", "revision 1", "Rev.2",
"the first revision", "final draft". Other meetings: a hearing ("PGA
multi-stakeholder hearing"), a briefing, an informal meeting, a conference.
"""

from __future__ import annotations

import re
from datetime import date

from gcm_process.letters.model import SessionRef
from gcm_process.letters.text import slugify

ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth"]  # fmt: skip
CARDINALS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]

_ORD = r"(?<![\w-])(" + "|".join(ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))"
_NUM = r"(\d{1,2}|" + "|".join(CARDINALS) + r"|[IVX]{1,4})"
_ORDINAL = re.compile(_ORD, re.I)
_ROUND_PATTERNS = [
    re.compile(_ORD + r"\s+(?:[a-z-]+\s+){0,3}?rounds?\b", re.I),
    re.compile(_ORD + r"\s+(?:intergovernmental\s+)?negotiati(?:on|ng)\s+sessions?\b", re.I),
    re.compile(_ORD + r"\s+session\s+of\s+(?:the\s+)?(?:intergovernmental\s+)?negotiations", re.I),
    re.compile(r"\bround\s+" + _NUM + r"\b", re.I),
]
_DRAFT = re.compile(
    r"\b(?P<zero>zero[- ]draft(?P<plus>[- ]plus)?)"
    r"|\b(?P<ordrev>first|second|third|fourth|fifth)\s+revis(?:ion|ed\s+draft)\b"
    r"|\brevision\s+(?P<rev>\d|one|two|three|four|five)\b"
    r"|\bRev\.?\s*(?P<abbr>\d)\b"
    r"|\b(?P<final>final\s+draft)\b",
    re.I,
)
_PGA = re.compile(r"\bPGA\b|President\s+of\s+the\s+General\s+Assembly", re.I)


def number_word(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if w.isdigit():
        return int(w) if 1 <= int(w) <= 99 else None
    digits = re.match(r"^(\d{1,2})(?:st|nd|rd|th)$", w)
    if digits:
        return int(digits.group(1))
    for table in (ORDINALS, CARDINALS, ROMAN):
        if w in table:
            return table.index(w) + 1
    return None


def round_number(label: str) -> int | None:
    """A table's round cell as a number: "3", "Round 3", "Third", "III", "3rd round"."""
    words = re.sub(r"\b(?:round|session)\b", " ", label, flags=re.I).split()
    return number_word(words[0]) if len(words) == 1 else None


def rounds_named(text: str) -> list[tuple[int, int]]:
    """The rounds a sentence names, as (offset, number), without repeats."""
    found: dict[int, int] = {}
    for pattern in _ROUND_PATTERNS:
        for m in pattern.finditer(text):
            # "the third and fourth rounds": every ordinal of the phrase is a round.
            words = [m.group(1), *_ORDINAL.findall(m.group(0)[m.end(1) - m.start() :])]
            for word in words:
                n = number_word(word)
                if n is not None and n not in found:
                    found[n] = m.start()
    return sorted((offset, n) for n, offset in found.items())


def drafts_named(text: str) -> list[tuple[int, str, str]]:
    """The drafts a sentence names, as (offset, slug, title)."""
    result: list[tuple[int, str, str]] = []
    for m in _DRAFT.finditer(text):
        if m.group("zero"):
            slug, title = (
                ("zero-draft-plus", "Zero draft plus")
                if m.group("plus")
                else ("zero-draft", "Zero draft")
            )
        elif m.group("final"):
            slug, title = "final-draft", "Final draft"
        else:
            word = m.group("ordrev") or m.group("rev") or m.group("abbr")
            n = number_word(word)
            if n is None:
                continue
            slug, title = f"revision-{n}", f"Revision {n}"
        if all(s != slug for _, s, _ in result):
            result.append((m.start(), slug, title))
    return result


def event_ref(text: str, on: date | None) -> tuple[SessionRef, str]:
    """A meeting that is not a round, from the words describing it: its ref and usual name."""
    low = text.lower()
    pga = bool(_PGA.search(text))
    if "hearing" in low:
        usual = "PGA multi-stakeholder hearing" if pga else "Multi-stakeholder hearing"
        return SessionRef("hearing", label="pga" if pga else None, on=on), usual
    if "briefing" in low:
        return SessionRef("informal_meeting", label="briefing", on=on), "Informal briefing"
    if "plenary" in low:  # a formal meeting of the Assembly (2023-08-30-summit-of-the-future)
        return SessionRef("other", label="plenary", on=on), "Plenary meeting"
    if "conference" in low:
        return SessionRef("conference", on=on), "Intergovernmental conference"
    if "meeting" in low or "consultation" in low:
        ref = SessionRef("informal_meeting", label="informal-meeting", on=on)
        return ref, "Informal meeting"
    written = " ".join(text.split()).strip(" ()") or "Meeting"
    return SessionRef("other", label=slugify(written, 40), on=on), written


#: "two further meetings": a sentence that counts the meetings it announces
#: (2014-11-17-post-2015, the co-facilitators' letter).
COUNTED = re.compile(
    r"\b(two|three|four|five|six)\s+(?:(?:further|more|additional|other|separate|informal)\s+)*"
    r"(?:meetings|sessions|consultations|briefings|hearings)\b",
    re.I,
)
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def counted_meetings(text: str) -> int | None:
    """How many meetings a sentence says it announces ("two further meetings"), if it says."""
    found = COUNTED.findall(text)
    return _COUNTS[found[0].lower()] if len(found) == 1 else None
