"""``gcm-process timeline``, ``changes`` and ``rebuild``: the views from the shell."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import click

from gcm_process.console.context import CliContext, pass_context
from gcm_process.console.options import process_option, resolve_process
from gcm_process.console.output import (
    change_in_words,
    describe_days,
    echo_json,
    echo_json_stream,
    echo_table,
    echo_table_stream,
)
from gcm_process.console.points import point_options, since_option, until_option
from gcm_process.domain.point import Point
from projections import Views, corrections, queries, schedule_csv
from projections.paging import Key, Page, every
from projections.rebuild import rebuild as build
from projections.rebuild_part import PartFailed
from projections.session_rows import ViewsInconsistent

#: Changes read from the views at a time while printing.
PAGE = 500

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


@contextmanager
def opened(ctx: CliContext) -> Iterator[Views]:
    """The views, caught up (a views file changed by hand: an error that says what to do)."""
    try:
        views = Views.open(ctx.settings, ctx.app)
    except ViewsInconsistent as error:
        raise click.ClickException(str(error)) from None
    try:
        yield views
    finally:
        views.close()


@click.command()
@process_option
@point_options
@json_option
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV, one row per day.")
@pass_context
def timeline(
    ctx: CliContext, process: str | None, point: Point, as_json: bool, as_csv: bool
) -> None:
    """Print the schedule: sessions in date order with their days and rooms."""
    if as_json and as_csv:
        raise click.UsageError("Give --json or --csv, not both.")
    slug = resolve_process(ctx, process)
    with opened(ctx) as views:
        found = queries.timeline(views.db, slug, point)
    if as_csv:
        click.echo(schedule_csv.text(found), nl=False)
        return
    if as_json:
        echo_json(found)
        return
    if not found["sessions"]:
        click.echo("No session had been announced and recorded at that point.")
        return
    echo_table(
        ["session", "kind", "status", "days", "v"],
        [
            (s["slug"], s["kind"], s["status"], describe_days(s["days"]), s["version"])
            for s in found["sessions"]
        ],
    )


@click.command()
@process_option
@since_option
@until_option
@click.option("--session", metavar="SLUG", help="Only the changes of this session.")
@click.option(
    "--after",
    type=click.IntRange(min=0),
    metavar="POSITION",
    help="Only what was recorded after this position (the one printed last time).",
)
@json_option
@pass_context
def changes(
    ctx: CliContext,
    process: str | None,
    since: date | None,
    until: date | None,
    session: str | None,
    after: int | None,
    as_json: bool,
) -> None:
    """Print the change log: what changed, before and after, announced when, by whom.

    Rows are printed as they are read; the last line gives the position to ask
    from next time (--after), what was recorded since comes after it.
    """
    slug = resolve_process(ctx, process)
    with opened(ctx) as views:
        db = views.db
        # The position first: what is recorded while the log is printed is left for next time.
        reached = max(queries.last_position(db), after or 0)
        queries.changes_page(db, slug, since, until, session, limit=1)  # bad input: an error now

        def reader(key: Key | None) -> Page:
            start = after if key is None else key[0]
            return queries.changes_page(
                db, slug, since, until, session, after=start, before=reached + 1, limit=PAGE
            )

        found = every(reader)
        if as_json:
            echo_json_stream({"process": slug}, "changes", found, lambda: {"next_after": reached})
            return
        _table(found)
        click.echo(f"Next position: {reached} (--after {reached} shows what is recorded after it)")


def _table(found: Iterable[dict[str, Any]]) -> None:
    echo_table_stream(
        ["announced", "recorded at (UTC)", "by", "session", "event", "before", "after", "source"],
        (
            (
                c["announced_on"],
                c["recorded_at"][:19].replace("T", " "),
                c["actor"],
                c["session"],
                corrections.told(c),
                *change_in_words(c["before"], c["after"]),
                c["source"] or "",
            )
            for c in found
        ),
    )


@click.command()
@pass_context
def rebuild(ctx: CliContext) -> None:
    """Recreate the views from the event log (progress bar; the old file serves until done)."""
    started = time.perf_counter()
    try:
        position = build(ctx.settings.views_path, ctx.app, progress=True)
    except (PartFailed, OSError, sqlite3.Error) as error:
        raise click.ClickException(
            f"The views were not rebuilt ({error}); the views in use are unchanged."
        ) from None
    elapsed = time.perf_counter() - started
    click.echo(f"Rebuilt the views up to event {position} in {elapsed:.1f} s.")
