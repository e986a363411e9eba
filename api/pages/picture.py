"""The timeline picture: an SVG drawn on the server, one row per session.

Each day is a bar on a date axis, coloured by its session's status (and
patterned, so colour is never the only signal; the row's label says the
status in words), with the date and room in its tooltip. The earlier
positions of days that moved are drawn as dashed ghosts, with an arrow to
where they went (one for the days that moved together). The drawing is
plain string building: a process of 1,000 sessions is one pass over its days.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from markupsafe import escape

from projections.pages import Ghost, Trail, earlier_rooms, ghosts

ROW = 50
#: A row's origin is the top of its bars (so a bar needs no ``y``); its label sits above.
TOP = 54
BAR = 16
LABEL_Y = -6
MARGIN = 12
WIDTH = 1240
MIN_DAY, MAX_DAY = 4, 18

#: For the picture as a file of its own (inline, the page's stylesheet applies).
STYLE = (
    "text{font:12px sans-serif;fill:#1b1b1b}.axis text{fill:#444}.axis line{stroke:#bbb}"
    ".s-scheduled>rect{fill:#1d4e89}.s-held>rect{fill:#2b6a30}"
    ".s-postponed>rect{fill:url(#stripes);stroke:#8a4b00;stroke-width:1.5}"
    ".s-cancelled>rect{fill:url(#hatch);stroke:#a4161a;stroke-width:1.5}"
    "svg g>rect.g{fill:none;stroke:#555;stroke-width:1.5;stroke-dasharray:3 2}"
    "path.m{fill:none;stroke:#555;stroke-width:1.2}"
)
DEFS = (
    '<defs><pattern id="stripes" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f3d9b1"/>'
    '<rect width="3" height="6" fill="#8a4b00"/></pattern>'
    '<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(-45)"><rect width="6" height="6" fill="#fbe3e4"/>'
    '<rect width="1.5" height="6" fill="#a4161a"/></pattern>'
    '<marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" '
    'orient="auto-start-reverse"><path d="M0 0L8 4L0 8z" fill="#555"/></marker></defs>'
)


@dataclass(frozen=True)
class Words:
    """What the picture says, in the reader's language."""

    title: str
    description: str
    status: Mapping[str, str]
    day: Callable[[date], str]
    month: Callable[[date], str]
    earlier: str  # "earlier: {day}, {room}; moved to {to}" with the moved_to part optional
    moved_to: str
    dropped: str
    was_in: str


def _dates(sessions: list[dict[str, Any]], moved: Mapping[str, list[Ghost]]) -> list[date]:
    found = [date.fromisoformat(d["date"]) for s in sessions for d in s["days"]]
    found += [date.fromisoformat(g.date) for gs in moved.values() for g in gs]
    return found


def draw(
    sessions: list[dict[str, Any]],
    trails: Mapping[str, Trail],
    words: Words,
    standalone: bool = False,
) -> str:
    """The SVG of ``sessions`` (timeline JSON) with the ghosts their ``trails`` leave."""
    moved = {
        s["slug"]: ghosts(trails[s["slug"]], s["days"]) for s in sessions if s["slug"] in trails
    }
    dates = _dates(sessions, moved)
    first = min(dates, default=date.today()) - timedelta(days=2)
    last = max(dates, default=date.today()) + timedelta(days=3)
    span = (last - first).days
    day = max(MIN_DAY, min(MAX_DAY, (WIDTH - 2 * MARGIN) // max(span, 1)))
    width = 2 * MARGIN + span * day
    height = TOP + ROW * len(sessions) - 14

    def x(on: str | date) -> int:
        when = date.fromisoformat(on) if isinstance(on, str) else on
        return MARGIN + (when - first).days * day

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" '
        f'aria-labelledby="tl-title tl-desc" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        f'<title id="tl-title">{escape(words.title)}</title>'
        f'<desc id="tl-desc">{escape(words.description)}</desc>',
    ]
    if standalone:
        out.append(f"<style>{STYLE}</style>")
    out.append(DEFS)
    out.append(_axis(first, last, x, height, words))
    for row, session in enumerate(sessions):
        out.append(_row(session, row, x, day, trails.get(session["slug"]), moved, words, width))
    out.append("</svg>")
    return "".join(out)


def _axis(first: date, last: date, x: Callable[[date], int], height: int, words: Words) -> str:
    parts = ['<g class="axis">']
    month = date(first.year, first.month, 1)
    while month <= last:
        if month >= first:
            at = x(month)
            parts.append(
                f'<line x1="{at}" y1="18" x2="{at}" y2="{height}"/>'
                f'<text x="{at + 3}" y="14">{escape(words.month(month))}</text>'
            )
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    parts.append("</g>")
    return "".join(parts)


def _row(
    session: dict[str, Any],
    row: int,
    x: Callable[[str], int],
    day: int,
    trail: Trail | None,
    moved: Mapping[str, list[Ghost]],
    words: Words,
    width: int,
) -> str:
    days = session["days"]
    status = session["status"]
    y = TOP + row * ROW
    label = f"{session['title']} · {words.status.get(status, status)}"
    starts = [x(d["date"]) for d in days] + [x(g.date) for g in moved.get(session["slug"], [])]
    left = min(starts, default=MARGIN)
    anchor = ' text-anchor="end"' if left + 7 * len(label) > width else ""
    at = max(starts, default=left) + day if anchor else left
    parts = [
        f'<g class="s-{escape(status)}" transform="translate(0,{y})">'
        f'<text x="{at}" y="{LABEL_Y}"{anchor}>{escape(label)}</text>'
    ]
    rooms = earlier_rooms(trail, days) if trail is not None else [[] for _ in days]
    for d, was in zip(days, rooms, strict=True):
        tip = _where(d, words)
        if was:
            tip += " (" + words.was_in.format(rooms=", ".join(was)) + ")"
        parts.append(
            f'<rect x="{x(d["date"])}" width="{day - 1}" height="{BAR}">'
            f"<title>{escape(tip)}</title></rect>"
        )
    shifts: set[int] = set()
    for ghost in moved.get(session["slug"], []):
        gx = x(ghost.date)
        where = _where({"date": ghost.date, "venue": ghost.venue}, words)
        if ghost.moved_to is None:
            tip = words.earlier.format(where=where) + "; " + words.dropped
        else:
            tip = (
                words.earlier.format(where=where)
                + "; "
                + words.moved_to.format(day=words.day(date.fromisoformat(ghost.moved_to)))
            )
        parts.append(
            f'<rect class="g" x="{gx}" width="{day - 1}" height="{BAR}">'
            f"<title>{escape(tip)}</title></rect>"
        )
        if ghost.moved_to is not None and (x(ghost.moved_to) - gx) not in shifts:
            # One arrow for the days that moved together (by the same number of days),
            # from the first of them, below the bars.
            shifts.add(x(ghost.moved_to) - gx)
            a, b = gx + day // 2, x(ghost.moved_to) + day // 2
            drop = BAR + 6 + min(abs(b - a) // 10, 6)
            parts.append(
                f'<path class="m" d="M{a} {BAR}Q{(a + b) // 2} {drop} {b} {BAR}" '
                'marker-end="url(#arrow)"/>'
            )
    parts.append("</g>")
    return "".join(parts)


def _where(d: Mapping[str, Any], words: Words) -> str:
    found = [words.day(date.fromisoformat(d["date"]))]
    if d.get("start"):
        found.append(d["start"] + (f"\u2013{d['end']}" if d.get("end") else ""))
    for key in ("venue", "place", "mode"):
        if d.get(key):
            found.append(str(d[key]))
    return ", ".join(found)
