"""``gcm-process timeline``, ``changes``, ``rebuild`` and ``follow``: the views from the shell."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import click

from gcm_process.console.context import CliContext, pass_context
from gcm_process.console.options import process_option, resolve_process
from gcm_process.console.output import change_in_words, describe_days, echo_json, echo_table
from gcm_process.console.points import point_options, since_option, until_option
from gcm_process.domain.point import Point
from projections import Views, corrections, queries
from projections.rebuild import rebuild as build

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


@contextmanager
def opened(ctx: CliContext) -> Iterator[Views]:
    views = Views.open(ctx.settings, ctx.app)
    try:
        yield views
    finally:
        views.close()


@click.command()
@process_option
@point_options
@json_option
@pass_context
def timeline(ctx: CliContext, process: str | None, point: Point, as_json: bool) -> None:
    """Print the schedule: sessions in date order with their days and rooms."""
    slug = resolve_process(ctx, process)
    with opened(ctx) as views:
        found = queries.timeline(views.db, slug, point)
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
@json_option
@pass_context
def changes(
    ctx: CliContext,
    process: str | None,
    since: date | None,
    until: date | None,
    session: str | None,
    as_json: bool,
) -> None:
    """Print the change log: what changed, before and after, announced when, by whom."""
    slug = resolve_process(ctx, process)
    with opened(ctx) as views:
        found = queries.changes(views.db, slug, since, until, session)
    if as_json:
        echo_json({"process": slug, "changes": found})
        return
    echo_table(
        ["announced", "recorded at (UTC)", "by", "session", "event", "before", "after", "source"],
        [
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
        ],
    )


@click.command()
@pass_context
def rebuild(ctx: CliContext) -> None:
    """Recreate the views from the event log (progress bar; the old file serves until done)."""
    started = time.perf_counter()
    position = build(ctx.settings.views_path, ctx.app, progress=True)
    elapsed = time.perf_counter() - started
    click.echo(f"Rebuilt the views up to event {position} in {elapsed:.1f} s.")


@click.command()
@click.option("--interval", default=1.0, show_default=True, help="Seconds between polls.")
@click.option("--stop-after", type=float, default=None, help="Stop after this many seconds.")
@pass_context
def follow(ctx: CliContext, interval: float, stop_after: float | None) -> None:
    """Keep this node's views current with events written elsewhere, until interrupted."""
    deadline = None if stop_after is None else time.monotonic() + stop_after
    with opened(ctx) as views:
        position = views.position()
        click.echo(f"Views at event {position}; following (Ctrl-C to stop).", err=True)
        try:
            while deadline is None or time.monotonic() < deadline:
                reached = views.catch_up()
                if reached != position:
                    click.echo(f"Views at event {reached}.", err=True)
                    position = reached
                time.sleep(interval)
        except KeyboardInterrupt:
            pass
        click.echo(f"Stopped at event {views.position()}.", err=True)
