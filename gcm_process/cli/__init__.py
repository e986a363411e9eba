"""The ``gcm-process`` command line: the composition root.

Each command is imported where it is invoked, so that ``gcm-process history``
does not import the web stack. This module is the one place in ``gcm_process``
that names modules of ``projections`` and ``api``, always inside a function
(``tests/test_architecture.py`` holds that); the commands themselves share
``gcm_process.console`` and never import this module.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import click
from eventsourcing.persistence import PersistenceError

from gcm_process import __version__
from gcm_process.console.context import CliContext
from gcm_process.domain.errors import GcmError

#: The commands, in help order.
COMMANDS = (
    "demo",
    "import",
    "history",
    "schedule",
    "reschedule",
    "venue",
    "postpone",
    "cancel",
    "held",
    "correct",
    "timeline",
    "changes",
    "rebuild",
    "follow",
    "calendar",
    "report",
    "serve",
    "token",
    "webhooks",
    "verify",
    "export",
    "verify-export",
    "restore",
    "backup",
)

#: The clerk's write commands (``gcm_process.cli.writing``).
WRITES = ("schedule", "reschedule", "venue", "postpone", "cancel", "held", "correct")


def load(name: str) -> click.Command | None:
    """The click command ``name``, imported now (None when there is none)."""
    command: click.Command
    if name == "demo":
        from api.demo import demo as command
    elif name == "import":
        from gcm_process.cli.importing import import_letters as command
    elif name == "history":
        from gcm_process.cli.history import history as command
    elif name in WRITES:
        from gcm_process.cli import writing

        command = getattr(writing, name)
    elif name == "timeline":
        from projections.cli import timeline as command
    elif name == "changes":
        from projections.cli import changes as command
    elif name == "rebuild":
        from projections.cli import rebuild as command
    elif name == "follow":
        from api.cli import follow as command
    elif name == "calendar":
        from projections.cli_calendar import calendar as command
    elif name == "report":
        from projections.cli_report import report as command
    elif name == "serve":
        from api.cli import serve as command
    elif name == "token":
        from api.cli import token as command
    elif name == "webhooks":
        from api.cli_webhooks import webhooks as command
    elif name == "verify":
        from projections.cli_verify import verify as command
    elif name == "export":
        from api.cli_integrity import export as command
    elif name == "verify-export":
        from api.cli_integrity import verify_export as command
    elif name == "restore":
        from api.cli_integrity import restore as command
    elif name == "backup":
        from api.cli_integrity import backup as command
    else:
        return None
    return command


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return load(cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GcmError as error:
            raise click.ClickException(str(error)) from None
        except (sqlite3.DatabaseError, PersistenceError) as error:
            raise click.ClickException(
                f"The record could not be read ({error}); nothing was recorded. Check the "
                "data directory (--data-dir) or GCM_EVENT_STORE, or restore it from a backup."
            ) from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data-dir",
    envvar="GCM_DATA_DIR",
    type=click.Path(file_okay=False),
    default=None,
    help="Where the record lives (default ./gcm-data; GCM_DATA_DIR does the same).",
)
@click.version_option(__version__, prog_name="gcm-process")
@click.pass_context
def main(ctx: click.Context, data_dir: str | None) -> None:
    """The official record of a negotiation process, kept as an append-only event log."""
    ctx.obj = CliContext.create(data_dir)
    ctx.call_on_close(ctx.obj.close)
