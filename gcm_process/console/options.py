"""Options shared by several commands."""

from __future__ import annotations

import click

from gcm_process.console.context import CliContext
from gcm_process.domain.errors import InvalidInput

process_option = click.option(
    "--process",
    "process",
    default=None,
    metavar="SLUG",
    help="The process (may be left out when the record holds exactly one).",
)


def resolve_process(ctx: CliContext, process: str | None) -> str:
    """The process named, or the only one the record holds."""
    if process is not None:
        ctx.app.process(process)
        return process
    slugs = ctx.app.process_slugs()
    if len(slugs) == 1:
        return slugs[0]
    if not slugs:
        raise InvalidInput("The record holds no process yet; import a letter first.")
    raise InvalidInput(f"Name the process with --process: one of {', '.join(slugs)}.")
