"""Text that lost its line breaks: the lines a letter's layout had, found in a stream of words.

Text copied out of a PDF often arrives as one long line per page, or per
file. A line longer than ``LONG`` characters is cut where a letter's layout
would have broken it, and every piece keeps the number of the line it came
from (so warnings still name the line of the file as given):

- a letter starts at its date (with its place: "New York, 30 January 2018")
  followed by a salutation ("Excellency,", "Excellency", "Dear colleagues,"),
  or at a salutation followed by the date ("Excellency, 17 September 2018"):
  the date and the salutation each become a line of their own, with the
  letterhead before them a line of its own;
- a complimentary close ("Please accept, Excellency, ...") starts a paragraph
  and ends at its full stop (or at "consideration"), after which come the
  signatures: a title ("Ambassador and Permanent Representative of ...",
  "President of ...", "Co-Facilitator") starts a line when it follows a
  capitalised word (the end of a name), and "... to the United Nations"
  followed by a capitalised word ends one (the next signatory's name);
- a schedule table's header ("Round Dates Location") starts a line, and its
  rows run together are cut into the lines they had when that is sure
  (``flat_rows``; gcm-2018-01-30.flat);
- the addressees ("All Permanent Representatives ...", "Permanent and
  Observer Missions ...") start a line and end after "New York" (else after
  "United Nations"); what follows them is set apart by blank lines (the
  letterhead of the next letter).

The reader then reads the pieces as it reads lines. Which letters need each
rule: the one-line letters of the corpus (``tests/letters/corpus``:
2017-03-01-synergies, 2014-11-17-post-2015, 2017-11-10-gcm-stocktaking,
2018-11-27-uhc, 2009-03-20-revitalization, 2018-09-17-handover, and the
flattened copies ``*.flat.txt``).
"""

from __future__ import annotations

import bisect
import re

from gcm_process.letters.dates import find_dates
from gcm_process.letters.flat_rows import table_rows
from gcm_process.letters.text import Line

#: A line longer than this may be several lines run together.
LONG = 240

_SALUTE = (
    r"(?:Your\s+)?(?:Excellency|Excellencies|Dear\s+(?:[Cc]olleagues?|Sir\s+or\s+Madam|Sir|Madam"
    r"|Ambassadors?|Members)|Distinguished\s+(?:[Cc]olleagues|[Dd]elegates))"
)
#: A salutation where a letter may start: before a capital, with or without its comma.
_SALUTATION = re.compile(_SALUTE + r"\s*[,:]?(?=\s+[A-Z\d(\u201c\"])")
_PLACE = re.compile(r"(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?),\s*$")
_CLOSE = re.compile(
    r"(?:Please\s+accept|Accept,?\s+Excellency|Yours\s+(?:sincerely|faithfully|truly)"
    r"|With\s+(?:kind|best|warm)\s+regards|Kind\s+regards|Best\s+regards)\b",
    re.I,
)
_CLOSE_END = re.compile(r"consideration\w*\s*\.?|[.!](?=\s)|sincerely,?|faithfully,?|regards,?")
_ADDRESSEES = re.compile(
    r"\b(?:All\s+Permanent|Permanent\s+and\s+Observer\s+Missions|All\s+Member\s+States"
    r"|All\s+Missions)"
)
_ADDRESSEES_END = re.compile(r"New\s+York\b|NEW\s+YORK\b|United\s+Nations\b(?!\s+(?:in|at)\b)")
_TITLE = re.compile(
    r"(\b[A-Z\u00c0-\u00de][\w\u2019'.-]*)\s+(?=(?:Ambassador|Permanent\s+Representative|Deputy\s+Permanent"
    r"|Charg[eé]|President\s+of|Co-?[Ff]acilitators?\b|Co-?[Cc]hairs?\b|Minister|Secretary)\b)"
)
_CELL = r"(?:Rounds?|Dates?|Location|Venue|Room|Place|Session)"
#: Three column names in a row: a table whose lines were lost (gcm-2018-01-30.flat).
_HEADER = re.compile(r"\b" + _CELL + r"\s+" + _CELL + r"\s+" + _CELL + r"\b")
_NEXT_NAME = re.compile(r"(to\s+the\s+United\s+Nations)\s+(?=[A-Z][a-z\u00c0-\u017f])")


def relineate(lines: list[Line]) -> list[Line]:
    """``lines`` with every run of words that lost its layout cut into the lines it had.

    A block of non-blank lines is cut when one of its lines is long, or when a
    letter starts or closes in the middle of one of its lines (a PDF that
    wrapped a one-line text at the width of its page: the PDFs the tests make
    from the corpus). Each piece keeps the number of the line it starts on.
    """
    result: list[Line] = []
    block: list[Line] = []
    for line in [*lines, Line(0, "")]:
        if not line.blank and "\f" not in line.text:
            block.append(line)
            continue
        result += _block(block)
        block = []
        if line.number:
            result.append(line)
    return result


def _block(block: list[Line]) -> list[Line]:
    if not block:
        return []
    if len(block) == 1 and len(block[0].text) <= LONG:
        return block
    starts: list[int] = []
    parts: list[str] = []
    at = 0
    for line in block:
        starts.append(at)
        parts.append(line.text.strip())
        at += len(parts[-1]) + 1
    text = " ".join(parts)
    if all(len(line.text) <= LONG for line in block) and not _broken(text, starts):
        return block
    result: list[Line] = []
    position = 0
    for piece in _pieces(text):
        probe = max(piece.split("\t"), key=len).strip("( ")  # a table row's longest cell
        found = text.find(probe, position) if probe else -1
        if found >= 0:
            position = found
        result.append(Line(block[bisect.bisect_right(starts, position) - 1].number, piece))
    return result


def _broken(text: str, line_starts: list[int]) -> bool:
    """Whether a letter starts or closes in the middle of a line of the block."""
    heads = {start for start, _, _ in _letter_starts(text)}
    heads |= {m.start() for m in _CLOSE.finditer(text)}
    return bool(heads - set(line_starts))


def _pieces(text: str) -> list[str]:
    starts = _letter_starts(text)
    bounds = starts
    pieces: list[str] = []
    if not starts or starts[0][0] > 0:
        first = starts[0][0] if starts else len(text)
        pieces += _body(text[:first])
    for k, (start, middle, end) in enumerate(starts):
        following = bounds[k + 1][0] if k + 1 < len(starts) else len(text)
        pieces += [text[start:middle].strip(), "", text[middle:end].strip(), ""]
        pieces += _body(text[end:following])
    return pieces


def _letter_starts(text: str) -> list[tuple[int, int, int]]:
    """Where letters start: (start, end of the date or salutation, end of the other)."""
    dates = [m for m in find_dates(text) if len(m.dates) == 1 and m.problem is None]
    by_end = {m.end: m for m in dates}
    by_start = {m.start: m for m in dates}
    found: list[tuple[int, int, int]] = []
    for s in _SALUTATION.finditer(text):
        before = text[: s.start()].rstrip()
        date = by_end.get(len(before))
        if date is not None:  # "New York, 30 January 2018 Excellency,"
            place = _PLACE.search(text[: date.start])
            start = place.start() if place else date.start
            found.append((start, s.start(), s.end()))
            continue
        after = len(text[: s.end()]) + (len(text[s.end() :]) - len(text[s.end() :].lstrip()))
        date = by_start.get(after)
        if date is not None and not re.search(r"[,;]\s*$", before):  # "Excellency, 17 May 2018"
            found.append((s.start(), s.end(), date.end))
    return found


def _body(text: str) -> list[str]:
    """A letter's body, then its close, signatures and addressees, as lines."""
    close = _CLOSE.search(text)
    if close is None:
        return _tables(text.strip())
    end = _CLOSE_END.search(text, close.end())
    cut = end.end() if end else len(text)
    body = _tables(text[: close.start()].strip())
    return [*([*body, ""] if body != [""] else []), text[close.start() : cut].strip(), "",
            *_tail(text[cut:])]  # fmt: skip


def _tables(text: str) -> list[str]:
    """A table's header starts a line, then its rows (``flat_rows``), each a line of its own.

    Rows that cannot be found with confidence stay run together, and are warned about.
    """
    header = _HEADER.search(text)
    if header is None:
        return [text]
    before, run = text[: header.start()].strip(), text[header.end() :].strip()
    found = table_rows(header.group(0), run)
    if found is None:
        return [before, header.group(0), run]
    rows, end = found
    rest = run[end:].strip()
    return [before, header.group(0), *rows, "", *([rest] if rest else [])]


def _tail(text: str) -> list[str]:
    addressed = _ADDRESSEES.search(text)
    signatures = text[: addressed.start()] if addressed else text
    lines = [
        piece.strip()
        for piece in _NEXT_NAME.sub(r"\1\n", _TITLE.sub(r"\1\n", signatures)).split("\n")
        if piece.strip()
    ]
    if addressed is None:
        return lines
    rest = text[addressed.start() :]
    end = _ADDRESSEES_END.search(rest)
    cut = end.end() if end else len(rest)
    after = rest[cut:].strip()
    return [*lines, "", rest[:cut].strip(), *(["", "", "", after] if after else [])]
