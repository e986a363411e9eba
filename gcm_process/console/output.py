"""Printing for the command line: JSON for machines, aligned tables for people."""

from __future__ import annotations

import itertools
import json
import textwrap
from collections.abc import Callable, Iterable, Sequence
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


#: Rows a streamed table reads before it prints, to size its columns.
SAMPLE = 200


def echo_table_stream(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """A table printed as its rows come: columns sized by the first ``SAMPLE`` rows
    (a longer cell later widens only its own line); the number of rows printed."""
    stream = iter(rows)
    first = list(itertools.islice(stream, SAMPLE))
    cells = [_cells(row) for row in first]
    widths = [max([len(h), *(len(row[i]) for row in cells)]) for i, h in enumerate(headers)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    count = 0
    for row in itertools.chain(cells, map(_cells, stream)):
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        count += 1
    return count


def _cells(row: Sequence[Any]) -> list[str]:
    return ["" if c is None else str(c) for c in row]


def echo_json_stream(
    head: dict[str, Any], key: str, items: Iterable[Any], tail: Callable[[], dict[str, Any]]
) -> None:
    """``echo_json({**head, key: [*items], **tail()})``, written an item at a time."""
    click.echo("{")
    for name, value in head.items():
        click.echo(f"  {_member(name, value)},")
    started = False
    for item in items:
        text = json.dumps(to_jsonable(item), indent=2, ensure_ascii=False)
        click.echo(("" if started else f"  {json.dumps(key)}: [\n") + ",\n" * started, nl=False)
        click.echo(textwrap.indent(text, "    "), nl=False)
        started = True
    close = "\n  ]" if started else f"  {json.dumps(key)}: []"
    rest = tail()
    click.echo(close + ("," if rest else ""))
    for n, (name, value) in enumerate(rest.items(), 1):
        click.echo(f"  {_member(name, value)}" + ("," if n < len(rest) else ""))
    click.echo("}")


def _member(name: str, value: Any) -> str:
    text = json.dumps(to_jsonable(value), indent=2, ensure_ascii=False)
    return f"{json.dumps(name)}: " + textwrap.indent(text, "  ").lstrip()
