"""Printing for the command line: JSON for machines, aligned tables for people."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import click

from gcm_process.domain import session_state
from gcm_process.domain.session_state import days_of
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
    """Days as people read them (``2018-03-12 to 2018-03-15 Conference Room 2``)."""
    return session_state.describe_days(days_of(days), to=" to ")


def change_in_words(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[str, str]:
    """Only what changed, each side in words (a new session shows its status and days)."""
    before, after = before or {}, after or {}
    keys = [k for k in after if before.get(k) != after.get(k)] if before else ["status", "days"]
    return _fields(before, keys), _fields(after, keys)


def _fields(fields: dict[str, Any], keys: list[str]) -> str:
    shown = []
    for key in keys:
        if key in fields:
            value = fields[key]
            shown.append(describe_days(value) if key == "days" else f"{key} {value}")
    return "; ".join(shown)
