"""The ``gcm-process`` command line.

Commands are loaded lazily by name, so that ``gcm-process history`` does not
import the web stack and the domain packages import nothing from the views or
the API: this module is the composition root.
"""

from __future__ import annotations

import importlib
import sqlite3
from typing import Any

import click
from eventsourcing.persistence import PersistenceError

from gcm_process import __version__
from gcm_process.cli.context import CliContext
from gcm_process.domain.errors import GcmError

#: command name -> "module:attribute" of its click command, in help order.
COMMANDS: dict[str, str] = {
    "demo": "api.demo:demo",
    "import": "gcm_process.cli.importing:import_letters",
    "history": "gcm_process.cli.history:history",
    "timeline": "projections.cli:timeline",
    "changes": "projections.cli:changes",
    "rebuild": "projections.cli:rebuild",
    "follow": "projections.cli:follow",
    "calendar": "projections.cli_calendar:calendar",
    "report": "projections.cli_report:report",
    "serve": "api.cli:serve",
    "token": "api.cli:token",
    "verify": "projections.cli_verify:verify",
    "export": "api.cli_integrity:export",
    "verify-export": "api.cli_integrity:verify_export",
    "restore": "api.cli_integrity:restore",
    "backup": "api.cli_integrity:backup",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command

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
