"""``gcm-process calendar``: the iCalendar feed of a process on standard output."""

from __future__ import annotations

from datetime import date, datetime

import click

from gcm_process.cli.context import CliContext, pass_context
from gcm_process.cli.options import process_option, resolve_process
from projections.calendar import feed_from_views
from projections.cli_points import as_of_option, known_on_option
from projections.views import Views

DEFAULT_BASE_URL = "http://localhost:8000"


@click.command()
@process_option
@as_of_option
@known_on_option
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
    as_of: datetime | None,
    known_on: date | None,
    base_url: str,
) -> None:
    """Print the iCalendar (RFC 5545) feed of a process: one event per session day.

    Save it (``> gcm.ics``) to import it, or subscribe to the API's
    ``/api/processes/{p}/calendar.ics`` to follow changes.
    """
    slug = resolve_process(ctx, process)
    views = Views.open(ctx.settings, ctx.app)
    try:
        feed = feed_from_views(views.db, slug, as_of, known_on, base_url)
    finally:
        views.close()
    click.echo(feed.body, nl=False)
