"""Schedule tables: "Round / Dates / Location", one row a line.

The header line names a round column, a date column and a location (venue,
room) column. Cells are separated by tabs or by spaces; the round label comes
first, then the date expression, then the room. A row with an empty round cell
continues the round above (rows before the first label belong to the first
label: a merged cell's label may land on any of its lines). A row in
parentheses is a separate event inside the round's dates, e.g. a hearing.

Round labels must run in order. A label that breaks the order (is not part of
the longest increasing run of labels) is read as the only number that fits
between its neighbours, with a warning; when no single number fits, its rows
are left out, with a warning.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date

from gcm_process.domain import Day
from gcm_process.letters.dates import find_dates, find_times, mask
from gcm_process.letters.model import ImportWarning, Meeting, SessionRef
from gcm_process.letters.text import Line
from gcm_process.letters.venues import find_venues, normalise_venue
from gcm_process.letters.words import event_ref, round_number

_HEADER = re.compile(r"^(?=.*\bround\b)(?=.*\bdates?\b)(?=.*\b(?:location|venue|room|place)s?\b)",
                     re.I)  # fmt: skip


@dataclass
class _Row:
    line: int
    label: str | None
    dates: tuple[date, ...]
    cell: str
    aside: bool


@dataclass
class _Group:
    label: str | None = None
    label_line: int = 0
    number: int | None = None
    rows: list[_Row] = field(default_factory=list)


def is_header(text: str) -> bool:
    return bool(_HEADER.match(text))


def read_table(
    lines: list[Line], letter_date: date, reconfirmed: bool
) -> tuple[list[Meeting], list[ImportWarning], int]:
    """Read the table whose header is ``lines[0]``: meetings, warnings, lines used."""
    rows: list[_Row] = []
    warnings: list[ImportWarning] = []
    used = 1
    order = _column_order(lines[0].text)
    for line in lines[1:]:
        if order is not None and not line.blank:
            usual = _in_usual_order(line, order, warnings)
            if usual is None:
                if rows and not find_dates(line.text):
                    break
                used += 1
                continue
            line = usual
        if line.blank:
            if rows:
                break
            used += 1
            continue
        row = _row(line, letter_date, warnings)
        if row is None and rows and _continues(line.text):
            # A cell wrapped onto the next line: a narrow column of a PDF (the two-column
            # PDFs the tests make from the seed and the corpus need it).
            rows[-1].cell = f"{rows[-1].cell} {line.text.strip().rstrip(')')}".strip()
            used += 1
            continue
        if row is None:
            break
        used += 1
        if row.dates:
            rows.append(row)
    groups = _groups(rows)
    _repair_labels(groups, warnings)
    meetings: list[Meeting] = []
    for group in groups:
        meetings += _meetings(group, reconfirmed, warnings)
    return meetings, warnings, used


_CELLS = re.compile(r"\t|\s*\|\s*|\s{2,}")
_ROLES = [
    ("round", re.compile(r"^(?:rounds?|sessions?|consultations?|meetings?)$", re.I)),
    ("dates", re.compile(r"^dates?$", re.I)),
    ("room", re.compile(r"^(?:location|venue|room|place)s?$", re.I)),
]
USUAL = ("round", "dates", "room")


def _cells(text: str) -> list[str]:
    return [c.strip() for c in _CELLS.split(text.strip().strip("|"))]


def _column_order(header: str) -> list[str] | None:
    """The header's columns when they are not in the usual order (round, dates, room).

    "Dates | Location | Round": a table with its columns in another order is read
    by its header (needed by the sample table of test_layouts; no real letter of the
    corpus has one).
    """
    roles = []
    for cell in _cells(header):
        role = next((name for name, pattern in _ROLES if pattern.match(cell)), None)
        if role is None:
            return None
        roles.append(role)
    if sorted(roles) != sorted(USUAL) or tuple(roles) == USUAL:
        return None
    return roles


def _in_usual_order(line: Line, order: list[str], warnings: list[ImportWarning]) -> Line | None:
    """The row with its cells in the usual order; None (with a warning) when they do not fit."""
    cells = _cells(line.text)
    if len(cells) != len(order):
        if find_dates(line.text):
            reason = f"{len(cells)} cells under {len(order)} columns"
            warnings.append(ImportWarning(line.number, f"table row not read: {reason}: "
                                          f"{line.text.strip()!r}"))  # fmt: skip
        return None
    by_role = dict(zip(order, cells, strict=True))
    return Line(line.number, "\t".join(by_role[role] for role in USUAL))


def _continues(text: str) -> bool:
    """A short line with no date and no sentence in it: the rest of a cell above."""
    words = text.split()
    return 0 < len(words) <= 4 and not re.search(r"[.:;]\s*$|\d", text)


def _row(line: Line, letter_date: date, warnings: list[ImportWarning]) -> _Row | None:
    text = line.text.replace("|", "\t")
    found = find_dates(text, letter_date)
    if not found:
        return None
    first = found[0]
    if first.problem or len(found) > 1:
        reason = first.problem or "the row gives more than one date expression"
        words = " ".join(text.split())
        words = words if len(words) <= 80 else words[:79] + "…"
        warnings.append(ImportWarning(line.number, f"table row not read: {reason}: {words!r}"))
        return _Row(line.number, None, (), "", False)
    before = text[: first.start]
    aside = "(" in before
    label = before.replace("(", " ").strip() or None
    cell = text[first.end :].strip().rstrip(")").strip(" \t,;")
    return _Row(line.number, label, first.dates, cell, aside)


def _groups(rows: list[_Row]) -> list[_Group]:
    groups: list[_Group] = []
    for row in rows:
        if not groups or (row.label is not None and groups[-1].label is not None):
            groups.append(_Group())
        group = groups[-1]
        if row.label is not None:
            group.label, group.label_line = row.label, row.line
            group.number = round_number(row.label)
        group.rows.append(row)
    return groups


def _repair_labels(groups: list[_Group], warnings: list[ImportWarning]) -> None:
    numbered = [g for g in groups if g.number is not None]
    keep = _increasing(numbered)
    for g in groups:
        if g.label is None or g.number is None:
            where = g.label_line or g.rows[0].line
            what = f"round label '{g.label}' is not a number" if g.label else "no round label"
            warnings.append(ImportWarning(where, f"table rows not read: {what}"))
            g.number = None
    for i, g in enumerate(numbered):
        if id(g) in keep:
            continue
        before = [h.number for h in numbered[:i] if id(h) in keep and h.number is not None]
        after = [h.number for h in numbered[i + 1 :] if id(h) in keep and h.number is not None]
        low, high = (before[-1] if before else 0), (after[0] if after else None)
        given = g.number
        again = next((h.label_line for h in numbered if h is not g and h.number == given), None)
        why = f"round {given} appears again on line {again}" if again else "it breaks the order"
        if high is not None and high - low == 2:
            g.number = low + 1
            warnings.append(
                ImportWarning(
                    g.label_line,
                    f"round label '{g.label}' read as round {g.number}: {why}, and the "
                    f"rows come {'first' if not before else f'after round {low}'}, "
                    f"before round {high}",
                )
            )
        else:
            g.number = None
            warnings.append(
                ImportWarning(g.label_line, f"table rows not read: round label '{g.label}' is "
                              f"out of order ({why}) and no single round fits there")
            )  # fmt: skip


def _increasing(groups: list[_Group]) -> set[int]:
    """The ids of the groups in the longest strictly increasing run of numbers."""
    tails: list[int] = []
    tail_index: list[int] = []
    parent: list[int] = [-1] * len(groups)
    for i, g in enumerate(groups):
        n = g.number or 0
        k = bisect.bisect_left(tails, n)
        if k == len(tails):
            tails.append(n)
            tail_index.append(i)
        else:
            tails[k], tail_index[k] = n, i
        parent[i] = tail_index[k - 1] if k else -1
    result: set[int] = set()
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        result.add(id(groups[i]))
        i = parent[i]
    return result


def _meetings(group: _Group, reconfirmed: bool, warnings: list[ImportWarning]) -> list[Meeting]:
    result: list[Meeting] = []
    days: dict[date, Day] = {}
    for row in group.rows:
        if row.aside:
            ref, _ = event_ref(row.cell, row.dates[0])
            title = " ".join(row.cell.split()).strip(" ()") or "Meeting"
            venues = find_venues(row.cell)
            venue = venues[0].venue if len(venues) == 1 else None
            aside_days = tuple(Day(d, venue=venue) for d in row.dates)
            result.append(Meeting(row.line, ref, title, aside_days, reconfirmed))
            continue
        if group.number is None:
            continue
        times = [t for t in find_times(row.cell) if t.problem is None]
        venue_cell = mask(row.cell, [(t.start, t.end) for t in times]) if times else row.cell
        venue = normalise_venue(venue_cell)
        start, end = (times[0].begins, times[0].ends) if len(times) == 1 else (None, None)
        for d in row.dates:
            if d in days:
                warnings.append(ImportWarning(row.line, f"{d.isoformat()} is given twice"))
            days[d] = Day(d, start, end, venue)
    if group.number is not None and days:
        ref = SessionRef("negotiation_round", group.number)
        title = f"Negotiation round {group.number}"
        line = group.label_line or group.rows[0].line
        ordered = tuple(days[d] for d in sorted(days))
        result.insert(0, Meeting(line, ref, title, ordered, reconfirmed))
    return result
