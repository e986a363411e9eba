"""What every command shares: the settings and, once asked for, the application."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field

import click

from gcm_process.application import GcmProcess
from gcm_process.config import Settings


@dataclass
class CliContext:
    settings: Settings
    _app: GcmProcess | None = field(default=None, repr=False)

    @classmethod
    def create(cls, data_dir: str | None) -> CliContext:
        return cls(Settings.from_env(data_dir))

    @property
    def app(self) -> GcmProcess:
        if self._app is None:
            self._app = GcmProcess.from_settings(self.settings)
        return self._app

    @property
    def actor(self) -> str:
        """Who records from the command line: the operating-system user."""
        try:
            return f"cli:{getpass.getuser()}"
        except (KeyError, OSError):
            return "cli:unknown"

    def close(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app = None


pass_context = click.make_pass_decorator(CliContext)
