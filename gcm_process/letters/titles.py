"""The process a letter is about: its title and its mandate.

A title is read where the letter says what its process is about, never from
a name it merely cites:

- a capitalised name of an instrument ("Global Compact for Safe, Orderly and
  Regular Migration", a Convention, Treaty, Declaration, Agenda, ...) right
  after "on / for / of / to / regarding / entitled (the)", but not after "the
  adoption / implementation / follow-up / review of the", "in light of the":
  those name what is already agreed (2017-03-01-synergies cites the "2030
  Agenda for Sustainable Development" that way, and gives no title);
- the same in any case ("the global compact for safe, orderly and regular
  migration", 2017-11-10-gcm-stocktaking; "the high-level meeting on
  universal health coverage", 2018-11-27-uhc), up to the end of the name
  (a comma before "the / as / to ...", a verb such as "contained" or "to be",
  a full stop), written in title case;
- the subject of the resolution the letter cites ("resolution 62/276 on the
  Revitalization of the work of the General Assembly", 2009-03-20-revitalization
  and 2018-09-17-handover).

The most frequent candidate wins (the longest among equals); names written
with capitals win over names in lower case. The mandate is
the first "paragraph N of General Assembly resolution X/Y" (or decision, or
of another Council); "GeneralAssembly" run together by a scan is read as the
two words.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter

_CALENDAR = "|".join([*calendar.month_name[1:], *calendar.day_name])
_TOKEN = r"(?!(?:" + _CALENDAR + r")\b)[A-Z][\w'\u2019-]*"
_PHRASE = re.compile(
    r"(?:\d{4}\s+)?" + _TOKEN + r"(?:,?\s+(?:(?:for|on|of|against|and|in|to|the)\s+)*"
    + _TOKEN + r")*"
)  # fmt: skip
_INSTRUMENT = re.compile(
    r"\b(?:Compact|Convention|Treaty|Agreement|Declaration|Pact|Framework|Agenda|Protocol"
    r"|Charter)\b"
)
_ABOUT = re.compile(
    r"(?<![\w-])(?:on|for|of|to|regarding|concerning|towards|entitled)\s+(?:the\s+)?$", re.I
)
_CITED = re.compile(
    r"\b(?:adoption|implementation|follow-up|review|light|pursuant|accordance|line|context"
    r"|work)\s+of\s+(?:the\s+)?$",
    re.I,
)
_HEAD = (
    r"(?:global\s+compact|compact|convention|treaty|agreement|declaration|pact|protocol|charter"
    r"|high-level\s+meeting|high-level\s+political\s+forum|world\s+conference|summit)"
)
_LOWER = re.compile(
    r"(?<![\w-])(?:on|for|of|to|regarding|concerning|towards)\s+the\s+(?:one-day\s+)?(?P<t>"
    + _HEAD + r"\s+(?:on|for|of|against|to)\s+[^.;:()]{3,160})",
    re.I,
)  # fmt: skip
_STOP = re.compile(
    r",\s+(?:the|as|to|which|and\s+the|in|at|from|with|we|i|it|our|this|who|a|an)\b"
    r"|\s+(?:contained|to\s+be|will|shall|is|are|was|were|held|convened|which|that|adopted|at|from|by|in\s+(?:New|the|its)"
    r"|and\s+the|during|before|after)\b",
    re.I,
)
_RESOLUTION = re.compile(
    r"\bresolutions?\s+\d+/\d+(?:\s+of\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4})?\s+on\s+(?:the\s+)?"
    r"(?P<t>[A-Za-z][\w'\u2019-]*(?:\s+(?:of|on|for|and|the|to|in|[A-Z][\w'\u2019-]*"
    r"|[a-z]+(?=\s+of\b)))*)"
)
_SMALL = {"for", "on", "of", "against", "and", "in", "to", "the", "a", "an", "at", "by"}
MANDATE = re.compile(
    r"(?:paragraphs?\s+\d+(?:\s*(?:,|and|to)\s*\d+)*\s+of\s+)?(?:General\s*Assembly"
    r"|Economic\s+and\s+Social\s+Council|Human\s+Rights\s+Council|Security\s+Council)\s+"
    r"(?:resolution|decision)\s+\d+/\d+"
)
#: The longest title the record keeps.
MAX_TITLE = 500


def process_title(text: str) -> str | None:
    """The title of the process ``text`` (a letter's body, joined) is about, if it says."""
    counts: Counter[str] = Counter()
    for m in _PHRASE.finditer(text):
        phrase = re.sub(r"^The\s+", "", m.group(0))
        before = text[max(0, m.start() - 60) : m.start()]
        if (
            _INSTRUMENT.search(phrase)
            and len(phrase.split()) >= 3
            and _ABOUT.search(before)
            and not _CITED.search(before)
        ):
            counts[phrase] += 1
    if counts:  # a name written as a name is better evidence than one in lower case
        return _most(counts)
    for m in _LOWER.finditer(text):
        before = text[max(0, m.start() - 60) : m.end("t") - len(m.group("t"))]
        if _CITED.search(before):
            continue
        name = _STOP.split(m.group("t"), maxsplit=1)[0].strip(" ,")
        if 3 <= len(name.split()) <= 14:
            counts[title_case(name)] += 1
    for m in _RESOLUTION.finditer(text):
        name = m.group("t").strip()
        if 3 <= len(name.split()) <= 14:
            counts[title_case(name)] += 1
    return _most(counts)


def _most(counts: Counter[str]) -> str | None:
    chosen = [t for t in counts if len(t) <= MAX_TITLE]
    if not chosen:
        return None
    return max(chosen, key=lambda t: (counts[t], len(t)))


def title_case(name: str) -> str:
    """ "global compact for safe, orderly and regular migration" as a title."""
    words = " ".join(name.split()).split(" ")
    return " ".join(
        w if i and w.lower() in _SMALL else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


def mandate(text: str) -> str | None:
    m = MANDATE.search(text)
    if m is None:
        return None
    return re.sub(r"General\s*Assembly", "General Assembly", " ".join(m.group(0).split()))
