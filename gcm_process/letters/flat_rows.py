"""A schedule table whose lines were lost: its rows found again in the run of words.

Copied out of a PDF as one line, the seed's table reads "Round Dates Location
20 February 2018 Trusteeship Council Chamber 4 (21 February 2018 PGA
Multi-stakeholder Hearing) 22 February 2018 Conference Room 4 23 February 2018
ECOSOC Chamber 2 12 to 15 March 2018 ..." (gcm-2018-01-30.flat in the corpus).
With its columns in the usual order (round, dates, location) every row is
"[label] [(]date location": a row starts at each date expression, with the
round label and the "(" of a row in parentheses just before it, so the words
between two dates are the location of the row before and the label of the
next. A number after a location belongs to it when the location needs one
("Conference Room 4 23 February": the room), and is the next row's label when
it does not ("ECOSOC Chamber 2 12 to 15 March", "Conference Room 2 4 14 to
18 May"). The last row's location is the known room it starts with; the words
after it are the letter's again.

When any of this is not sure (words other than a label before a date, a
location with a sentence in it, a last row that is not a known room, a date
that cannot be read), nothing is rebuilt: the run stays one line, and the
table reader warns about it.
"""

from __future__ import annotations

import re

from gcm_process.letters.dates import find_dates
from gcm_process.letters.venues import find_venues

_USUAL = re.compile(r"^(?:Rounds?|Sessions?)\s+Dates?\s+(?:Location|Venue|Room|Place)s?$", re.I)
#: A location that is not whole without the number after it: "Conference Room", "CR".
_NEEDS_NUMBER = re.compile(r"\b(?:Room|Rm\.?|CR|No\.?)$", re.I)
_LABEL = re.compile(r"^(?:(?P<before>.*?)\s+)?(?P<label>\d{1,2})$", re.S)
_SENTENCE = re.compile(r"[.;:!?](?:\s|$)")


def table_rows(header: str, run: str) -> tuple[list[str], int] | None:
    """The rows (cells joined by tabs) of the table ``run`` after ``header``, and where they end.

    None when the rows cannot be found with confidence (the run is then left as it is).
    """
    if not _USUAL.match(" ".join(header.split())):
        return None
    found = find_dates(run)
    if not found or any(m.problem or not m.dates for m in found):
        return None
    first = _prefix(run[: found[0].start])
    if first is None:
        return None
    label, aside = first
    rows: list[str] = []
    end = len(run)
    for k, m in enumerate(found):
        if k + 1 < len(found):
            split = _between(run[m.end : found[k + 1].start])
            if split is None:
                return None
            cell, next_label, next_aside = split
        else:
            last = _last_cell(run, m.end, aside)
            if last is None:
                return None
            cell, end = last
            next_label, next_aside = None, False
        when = ("(" if aside else "") + run[m.start : m.end]
        rows.append("\t".join([label or "", when, cell]))
        label, aside = next_label, next_aside
    return rows, end


def _prefix(text: str) -> tuple[str | None, bool] | None:
    """A row's label and whether it opens a parenthesis, from the words before its date."""
    text = text.strip()
    aside = text.endswith("(")
    text = text.rstrip("(").strip()
    if not text:
        return None, aside
    return (text, aside) if text.isdigit() and len(text) <= 2 else None


def _between(text: str) -> tuple[str, str | None, bool] | None:
    """The words between two dates: this row's location, and the next row's label and "("."""
    text = text.strip()
    aside = text.endswith("(")
    text = text.rstrip("(").strip()
    label: str | None = None
    m = _LABEL.match(text)
    if m is not None and not _NEEDS_NUMBER.search((m.group("before") or "").strip()):
        label, text = m.group("label"), (m.group("before") or "").strip()
    if _SENTENCE.search(text.rstrip(")")) or find_dates(text):
        return None
    return text, label, aside


def _last_cell(run: str, at: int, aside: bool) -> tuple[str, int] | None:
    """The last row's location (the known room it starts with) and where it ends."""
    if aside:
        return None
    after = run[at:]
    lead = len(after) - len(after.lstrip())
    venues = find_venues(after)
    if not venues or venues[0].start != lead:
        return None
    return after[lead : venues[0].end], at + venues[0].end
