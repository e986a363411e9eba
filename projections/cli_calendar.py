"""``gcm-process calendar``: the iCalendar feed of a process on standard output."""

from __future__ import annotations

import click

from gcm_process.console.context import CliContext, pass_context
from gcm_process.console.options import process_option, resolve_process
from gcm_process.console.points import point_options
from gcm_process.domain.point import Point
from projections.calendar import source
from projections.cli import opened

DEFAULT_BASE_URL = "http://localhost:8000"


@click.command()
@process_option
@point_options
@click.option(
    "--base-url",
    default=DEFAULT_BASE_URL,
    show_default=True,
    help="Where the API is served: the events link to their sessions there.",
)
@pass_context
def calendar(
    ctx: CliContext,
    process: str | None,
    point: Point,
    base_url: str,
) -> None:
    """Print the iCalendar (RFC 5545) feed of a process: one event per session day.

    Save it (``> gcm.ics``) to import it, or subscribe to the API's
    ``/api/processes/{p}/calendar.ics`` to follow changes.
    """
    slug = resolve_process(ctx, process)
    with opened(ctx) as views:
        feed = source(views.db, slug, point, base_url).build(views.db)
    click.echo(feed.body, nl=False)
