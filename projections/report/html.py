"""The report as one self-contained, printable HTML page: no scripts, fonts or images."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import TextIO

from projections.report.model import Report
from projections.report.text import SCHEDULE_HEADERS, about, person, tables

STYLE = """
:root { color-scheme: light; }
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; color: #111; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid #888; margin-top: 2rem; }
.point { color: #444; margin-top: 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: bold; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font: 9.5pt/1.35 system-ui, sans-serif; }
th, td { border: 1px solid #bbb; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #eee; }
tr.cancelled td, tr.postponed td { color: #8a1c1c; }
td.num { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
.empty { color: #666; font-style: italic; }
footer { margin-top: 2rem; color: #555; font-size: .85rem; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def _table(
    out: TextIO,
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    row_class: int | None = None,
) -> None:
    out.write("<table>\n<thead><tr>")
    out.write("".join(f"<th>{escape(h)}</th>" for h in headers))
    out.write("</tr></thead>\n<tbody>\n")
    empty = True
    for row in rows:
        empty = False
        css = f' class="{escape(row[row_class])}"' if row_class is not None else ""
        # A list of days ("a; b; c") reads best one day a line.
        cells = (f"<td>{escape(c).replace('; ', '<br>')}</td>" for c in row)
        out.write(f"<tr{css}>" + "".join(cells) + "</tr>\n")
    if empty:
        out.write(f'<tr><td class="empty" colspan="{len(headers)}">None.</td></tr>\n')
    out.write("</tbody>\n</table>\n")


def render_html(report: Report, out: TextIO) -> None:
    p = report.process
    title = f"{p.title}: report {report.point}"
    out.write('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    out.write('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    out.write(f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n")
    out.write(f"<header>\n<h1>{escape(p.title)}</h1>\n")
    out.write(f'<p class="point">Process <code>{escape(p.slug)}</code>, {escape(report.point)}')
    if report.last_recorded is not None:
        out.write(f"; history recorded up to {escape(report.last_recorded.isoformat())}")
    out.write(".</p>\n")
    if report.fingerprint is not None:
        out.write(f'<p class="point">Record fingerprint: <code>{report.fingerprint}</code>.</p>\n')
    out.write("</header>\n<main>\n<section>\n<h2>The process</h2>\n<dl>\n")
    for label, value in about(report):
        out.write(f"<dt>{label}</dt><dd>{escape(value)}</dd>\n")
    people = "<br>".join(escape(person(f)) for f in p.facilitators) or "none recorded"
    out.write(f"<dt>Co-facilitators</dt><dd>{people}</dd>\n</dl>\n</section>\n")
    for heading, headers, rows in tables(report):
        out.write(f"<section>\n<h2>{escape(heading)}</h2>\n")
        # The schedule's rows are marked with their status (cancelled, postponed).
        _table(out, headers, rows, row_class=2 if headers is SCHEDULE_HEADERS else None)
        out.write("</section>\n")
    out.write("</main>\n<footer>Replayed from the append-only event log of ")
    out.write("gcm-process. Recorded times are UTC; meeting times are local to the venue ")
    out.write("(America/New_York).</footer>\n</body>\n</html>\n")
