"""Where one letter ends and the next begins.

A letter is recognised by its salutation ("Excellency,", "Dear colleagues,"),
a line of its own. Its date is the nearest line above the salutation that is
only a date, or a place and a date ("New York, 30 January 2018"); a letter
without one cannot be read. Two letters are divided at the longest run of
blank lines (or a page break) between the first one's complimentary close
("Please accept ...", "Yours sincerely") and the second one's date: what lies
after that run (a letterhead) belongs to the second letter. A person who read
the date the text lost may give it (``dates``, by the letter's first line).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from gcm_process.letters.dates import find_dates
from gcm_process.letters.model import LettersUndated, LetterUnreadable, UnreadableLetter
from gcm_process.letters.text import Line

_SALUTATION = re.compile(
    r"^\s*(?:Your\s+)?(?:Excellency|Excellencies|Dear\s+[^,:]{1,80}|Sir|Madam|Sir\s+or\s+Madam"
    r"|Distinguished\s+[^,:]{1,60})\s*[,:]?\s*$"
)
_CLOSING = re.compile(
    r"^\s*(?:Please\s+accept|Accept,?\s+Excellency|Yours\s+(?:sincerely|faithfully|truly)"
    r"|Sincerely|With\s+(?:kind|best|warm)\s+regards|Kind\s+regards|Best\s+regards)",
    re.I,
)
_PLACE = re.compile(r"^(?P<place>[A-Z][\w .'\u2019-]{1,40}),\s+")
_REFERENCE = re.compile(r"^\s*(?:Ref(?:erence)?\.?|Our\s+ref\.?)\s*:?\s*(?P<ref>\S.{0,80})$", re.I)
_SYMBOL = re.compile(r"^\s*(?P<ref>[A-Z]{1,6}(?:/[A-Z0-9.-]+){2,6})\s*$")

#: How far above its salutation a letter's date may be, in lines.
DATE_REACH = 15


@dataclass(frozen=True)
class Segment:
    """One letter's lines, cut into header, body and what follows the close."""

    lines: list[Line]
    header: list[Line]
    date_line: Line
    dated: date
    place: str | None
    reference: str | None
    main: list[Line]
    tail: list[Line]
    #: Why this letter cannot be read (it has no date), when it cannot.
    unreadable: str | None = None


def split_letters(lines: list[Line], dates: Mapping[int, date] | None = None) -> list[Segment]:
    """The letters of ``lines``; one without a date that can be read takes the date given for
    its first line in ``dates``, else it is marked unreadable."""
    salutations = [i for i, line in enumerate(lines) if _SALUTATION.match(line.text)]
    if not salutations:
        raise LetterUnreadable(
            "This does not look like a letter: no salutation such as 'Excellency,' "
            "or 'Dear colleagues,' on a line of its own."
        )
    dated: list[tuple[int, date, str | None]] = []
    undated: set[int] = set()
    floor = 0
    for k, s in enumerate(salutations):
        found = _date_above(lines, s, floor)
        if found is None:
            # Read the others; this one is reported as unreadable (its text is not read).
            undated.add(k)
            found = (s, date.min, None)
        dated.append(found)
        floor = s + 1
    starts = [0]
    for k in range(1, len(salutations)):
        after = _closing(lines, salutations[k - 1], dated[k][0])
        starts.append(_gap_end(lines, after, min(dated[k][0], salutations[k])))
    ends = [*starts[1:], len(lines)]
    segments = [
        _segment(lines[start:end], lines, salutations[k], dated[k], start)
        for k, (start, end) in enumerate(zip(starts, ends, strict=True))
    ]
    for k in undated:
        given = (dates or {}).get(segments[k].lines[0].number)
        if given is not None:
            segments[k] = replace(segments[k], dated=given)
            continue
        near = _near_date(lines, salutations[k])
        words = f" (line {near.number} says {near.text.strip()[:80]!r})" if near else ""
        segments[k] = replace(segments[k], unreadable=(
            f"the letter whose salutation is on line {lines[salutations[k]].number} has no date "
            "that can be read (a line such as '30 January 2018' or 'New York, 30 January 2018' "
            f"above it){words}: it is not read"))  # fmt: skip
    unread = [s for s in segments if s.unreadable is not None]
    if len(unread) == len(segments):
        why = str(segments[0].unreadable)
        where = tuple(UnreadableLetter(s.lines[0].number, str(s.unreadable), undated=True)
                      for s in unread)  # fmt: skip
        raise LettersUndated(why[0].upper() + why[1:] + ".", where)
    return segments


def _date_above(
    lines: list[Line], salutation: int, floor: int
) -> tuple[int, date, str | None] | None:
    for i in range(salutation - 1, max(floor, salutation - DATE_REACH) - 1, -1):
        text = lines[i].text.strip()
        if not text:
            continue
        place_match = _PLACE.match(text)
        rest = text[place_match.end() :] if place_match else text
        matches = find_dates(rest)
        if (
            len(matches) == 1
            and matches[0].start == 0
            and not rest[matches[0].end :].strip(" .")
            and len(matches[0].dates) == 1
            and matches[0].problem is None
        ):
            place = place_match.group("place").strip() if place_match else None
            return i, matches[0].dates[0], place
    return _date_below(lines, salutation)


def _date_below(lines: list[Line], salutation: int) -> tuple[int, date, str | None] | None:
    """A date on the first line after the salutation ("Excellency,", then "17 September 2018")."""
    for i in range(salutation + 1, min(len(lines), salutation + 3)):
        text = lines[i].text.strip(" .")
        if not text:
            continue
        matches = find_dates(text)
        if (len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(text)
                and len(matches[0].dates) == 1 and matches[0].problem is None):  # fmt: skip
            return i, matches[0].dates[0], None
        return None
    return None


_MONTH = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September"
                    r"|October|November|December)\b", re.I)  # fmt: skip


def _near_date(lines: list[Line], salutation: int) -> Line | None:
    """The line above a salutation that names a month: the date that could not be read."""
    for i in range(salutation - 1, max(0, salutation - DATE_REACH) - 1, -1):
        if _MONTH.search(lines[i].text):
            return lines[i]
    return None


def _closing(lines: list[Line], salutation: int, limit: int) -> int:
    for i in range(salutation + 1, limit):
        if _CLOSING.match(lines[i].text):
            return i
    return salutation


def _gap_end(lines: list[Line], after: int, date_index: int) -> int:
    """The first line after the longest blank run between ``after`` and ``date_index``."""
    best_len, best_end, run = 0, date_index, 0
    for i in range(after + 1, date_index):
        if "\f" in lines[i].text:
            return i if lines[i].text.replace("\f", "").strip() else i + 1
        run = run + 1 if lines[i].blank else 0
        if run and run >= best_len:
            best_len, best_end = run, i + 1
    return best_end


def _segment(
    own: list[Line],
    lines: list[Line],
    salutation: int,
    found: tuple[int, date, str | None],
    start: int,
) -> Segment:
    date_index, dated, place = found
    header = lines[start:salutation]
    closing = _closing(lines, salutation, start + len(own))
    main_end = closing if closing != salutation else start + len(own)
    reference = None
    for line in header:
        m = _REFERENCE.match(line.text) or _SYMBOL.match(line.text)
        if m:
            reference = m.group("ref").strip()
            break
    return Segment(
        lines=own,
        header=header,
        date_line=lines[date_index],
        dated=dated,
        place=place,
        reference=reference,
        main=lines[salutation + 1 : main_end],
        tail=lines[main_end : start + len(own)] if closing != salutation else [],
    )
