"""Who wrote a letter and to whom: the lines after its complimentary close.

After the close come the signatures, then the addressees. A signature is a
name on a line of its own (two to six capitalised words, no digits, none of
the words of a title), followed by the lines of its title, which are joined
("Ambassador and Permanent Representative of" + "Mexico to the United Nations").
The delegation is read from the title ("Permanent Representative of Mexico").
Addressees start at a line such as "All Permanent Representatives ...",
"Permanent and Observer Missions ...", "Member States", "To: ...".

A signature without a title takes it from the letterhead ("The President of
the General Assembly") or, for the office-holders listed in ``KNOWN_TITLES``,
from that list: their letterhead is often lost when a PDF is turned into text.
"""

from __future__ import annotations

import re

from gcm_process.domain import Person
from gcm_process.letters.text import Line, fold

#: Titles of people who sign letters of the processes held, by folded name.
KNOWN_TITLES = {
    "miroslav lajcak": "President of the seventy-second session of the General Assembly",
}

_TITLE_WORDS = {
    "of", "to", "the", "and", "for", "united", "nations", "ambassador", "representative",
    "permanent", "president", "mission", "chair", "co-facilitator", "co-facilitators",
    "minister", "secretary", "general", "assembly", "council", "deputy", "new", "york",
    "excellency", "observer", "missions", "states", "member", "all", "chef", "cabinet",
    "head", "director", "vice", "special", "adviser", "envoy", "office", "h.e.",
}  # fmt: skip
_PARTICLES = {"de", "da", "del", "della", "der", "van", "von", "bin", "al", "la", "le", "di"}
_WORD = re.compile(r"^[^\W\d_][\w'\u2019.-]*$")
_ADDRESSEE = re.compile(
    r"^\s*(?:All\s|To:|Permanent\s+(?:and\s+Observer\s+)?Missions|Permanent\s+Representatives"
    r"|Permanent\s+Observers|Member\s+States|Delegations|Heads\s+of\s)",
    re.I,
)
_SIGNED = re.compile(
    r"^\s*(?:\((?:signed|sgd\.?)\)\s*)?(?:(?:H\.\s?E\.?,?|Mr\.?|Ms\.?|Mrs\.?|Dr\.?)\s+)*", re.I
)
#: A word of a name with a digit among its letters: scan noise ("G6mez").
_NOISY = re.compile(r"^[^\W\d_]+\d+[^\W\d_]*$|^[^\W\d_]*\d+[^\W\d_]+$")
_DELEGATION = re.compile(
    r"(?:Permanent\s+)?(?:Representative|Observer|Ambassador)\s+of\s+(?:the\s+)?(?P<d>.+?)"
    r"(?:\s+to\s+the\s+United\s+Nations.*)?$"
)
_OFFICE = re.compile(
    r"^\s*(?:The\s+|Office\s+of\s+the\s+)?(President of the General Assembly)\b", re.I
)


def is_name(text: str) -> bool:
    words = _SIGNED.sub("", text).split()
    if not 2 <= len(words) <= 6:
        return False
    for word in words:
        if word.lower() in _TITLE_WORDS or not _WORD.match(word) or _NOISY.match(word):
            return False
        if not word[0].isupper() and word.lower() not in _PARTICLES:
            return False
    return True


def noisy_signatures(tail: list[Line]) -> list[tuple[Line, str]]:
    """Signature lines that would be a name but for scan noise in a word: (line, word).

    A name carries a fact (who signs, who is appointed): it is warned about, never
    guessed ("H.E. Mr. Juan Jose G6mez Camacho").
    """
    rest = _after_close(tail)
    split = next((i for i, line in enumerate(rest) if _ADDRESSEE.match(line.text)), len(rest))
    found = []
    for line in rest[:split]:
        text = " ".join(line.text.split())
        if _is_noisy_name(text):
            found.append((line, next(w for w in text.split() if _NOISY.match(w))))
    return found


def _is_noisy_name(text: str) -> bool:
    words = _SIGNED.sub("", text).split()
    return (
        2 <= len(words) <= 6
        and any(_NOISY.match(w) for w in words)
        and all(_NOISY.match(w) or (w[0].isupper() and _WORD.match(w)) for w in words)
        and not any(w.lower() in _TITLE_WORDS for w in words)
    )


def read_tail(tail: list[Line], header: list[Line]) -> tuple[list[Person], list[str]]:
    """The senders and addressees written after the complimentary close."""
    rest = _after_close(tail)
    split = next((i for i, line in enumerate(rest) if _ADDRESSEE.match(line.text)), len(rest))
    senders = _signatures(rest[:split], header)
    return senders, _addressees(rest[split:])


def _after_close(tail: list[Line]) -> list[Line]:
    for i, line in enumerate(tail):
        if line.blank:
            return tail[i:]
    return []


def _signatures(lines: list[Line], header: list[Line]) -> list[Person]:
    people: list[tuple[str, list[str]]] = []
    for line in lines:
        text = " ".join(line.text.split())
        if not text:
            continue
        if is_name(text):
            people.append((_SIGNED.sub("", text), []))
        elif _is_noisy_name(text):
            people.append(("", []))  # not read (warned): its title lines go with it
        elif people:
            people[-1][1].append(text)
    office = _office(header)
    result = []
    read = [(name, title_lines) for name, title_lines in people if name]
    for name, title_lines in read:
        title = " ".join(title_lines) or None
        if title is None:
            title = KNOWN_TITLES.get(fold(name)) or (office if len(people) == 1 else None)
        result.append(Person(name=name, title=title, delegation=_delegation(title)))
    return result


def _office(header: list[Line]) -> str | None:
    for line in header:
        m = _OFFICE.match(line.text)
        if m:
            return "President of the General Assembly"
    return None


def _delegation(title: str | None) -> str | None:
    if title is None:
        return None
    m = _DELEGATION.search(title)
    return m.group("d").strip(" ,.") if m else None


def _addressees(lines: list[Line]) -> list[str]:
    result: list[str] = []
    current: list[str] = []
    for line in [*lines, Line(0, "")]:
        text = " ".join(line.text.split())
        if text and (not current or not _ADDRESSEE.match(text)):
            current.append(text.title() if text.isupper() else text)
            continue
        if current:
            result.append(", ".join(current))
        current = [text] if text else []
    return result
