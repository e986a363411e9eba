"""Printing for the command line: JSON for machines, aligned tables for people."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import click

from gcm_process.jsonable import to_jsonable


def echo_json(value: Any) -> None:
    click.echo(json.dumps(to_jsonable(value), indent=2, ensure_ascii=False))


def echo_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    click.echo(line.rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in cells:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def describe_days(days: Sequence[dict[str, Any]]) -> str:
    """Days as people read them: runs of consecutive days in one room with one time, joined.

    ``2018-02-05 15:00-18:00 Trusteeship Council Chamber``;
    ``2018-03-12 to 2018-03-15 Conference Room 2``.
    """
    runs: list[list[dict[str, Any]]] = []
    for day in days:
        last = runs[-1][-1] if runs else None
        if last is not None and _continues(last, day):
            runs[-1].append(day)
        else:
            runs.append([day])
    return "; ".join(_run(run) for run in runs)


def _continues(last: dict[str, Any], day: dict[str, Any]) -> bool:
    same = all(last.get(k) == day.get(k) for k in ("start", "end", "venue"))
    gap = date.fromisoformat(day["date"]) - date.fromisoformat(last["date"])
    return same and gap == timedelta(days=1)


def _run(run: list[dict[str, Any]]) -> str:
    first = run[0]
    when = first["date"] if len(run) == 1 else f"{first['date']} to {run[-1]['date']}"
    if first.get("start"):
        when += f" {first['start']}" + (f"-{first['end']}" if first.get("end") else "")
    return f"{when} {first.get('venue') or '(no room given)'}"
