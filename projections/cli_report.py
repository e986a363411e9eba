"""``gcm-process report``: a report of a process replayed from the event log."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click
from tqdm import tqdm

from gcm_process.console.context import CliContext, pass_context
from gcm_process.console.options import process_option, resolve_process
from gcm_process.console.points import point_options, since_option
from gcm_process.domain.point import Point
from projections.report import FORMATS, build_report, render

#: The progress bar shows only when the replay takes longer than this, in seconds.
PROGRESS_AFTER = 0.5


@click.command()
@process_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="md",
    show_default=True,
    help="md for people, html to print, csv (the change log) for spreadsheets, json.",
)
@point_options
@since_option
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write the report to FILE instead of standard output.",
)
@pass_context
def report(
    ctx: CliContext,
    process: str | None,
    fmt: str,
    point: Point,
    since: date | None,
    output: Path | None,
) -> None:
    """Replay the event log into a report: the process, its schedule, every change, drafts
    and letters, as the record stood at the point asked (now by default)."""
    slug = resolve_process(ctx, process)
    with tqdm(
        total=ctx.app.last_position(),
        unit="event",
        unit_scale=True,
        desc="replaying",
        delay=PROGRESS_AFTER,
        file=sys.stderr,
        leave=False,
    ) as bar:

        def progress(position: int, last: int) -> None:
            bar.update(position - bar.n)

        built = build_report(ctx.app, slug, point, since, progress)
    with built:
        if output is None:
            render(built, fmt, sys.stdout)
            return
        with output.open("w", encoding="utf-8", newline="") as out:
            render(built, fmt, out)
    click.echo(f"{output}: {fmt} report of {slug}, {len(built.changes)} changes.", err=True)
