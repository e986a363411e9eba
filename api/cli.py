"""``gcm-process serve`` and ``gcm-process token``."""

from __future__ import annotations

import click

from api.config import ApiConfig
from api.server import ServeOptions
from api.server import serve as run_server
from api.tokens import ROLES, TokenStore
from gcm_process.console.context import CliContext, pass_context
from gcm_process.console.output import echo_json, echo_table


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="gunicorn workers."
)
@click.option("--dev", is_flag=True, help="Flask's development server instead of gunicorn.")
@pass_context
def serve(ctx: CliContext, host: str, port: int, workers: int, dev: bool) -> None:
    """Serve the HTTP API (JSON under /api, docs at /api/docs) until stopped."""
    config = ApiConfig.from_env(ctx.settings)
    click.echo(f"gcm-process API on http://{host}:{port}/api (docs at /api/docs)", err=True)
    run_server(config, ServeOptions(host=host, port=port, workers=workers, dev=dev))


@click.group()
def token() -> None:
    """Create, list and revoke the bearer tokens of the HTTP API."""


def _store(ctx: CliContext) -> TokenStore:
    return TokenStore(ApiConfig(ctx.settings).tokens_path)


@token.command()
@click.option("--name", required=True, help="Who uses it: recorded as the actor of each write.")
@click.option(
    "--role",
    type=click.Choice(ROLES),
    default="clerk",
    show_default=True,
    help="reader: reads only; clerk: records; admin: as clerk.",
)
@pass_context
def create(ctx: CliContext, name: str, role: str) -> None:
    """Create a token and print it: it is shown this once, only its hash is kept."""
    click.echo(_store(ctx).create(name, role))


@token.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_context
def list_tokens(ctx: CliContext, as_json: bool) -> None:
    """List the tokens (names and roles; the tokens themselves are not kept)."""
    tokens = _store(ctx).list()
    if as_json:
        echo_json(tokens)
        return
    echo_table(
        ["name", "role", "created at (UTC)", "revoked at (UTC)"],
        [(t.name, t.role, t.created_at, t.revoked_at or "") for t in tokens],
    )


@token.command()
@click.argument("name")
@pass_context
def revoke(ctx: CliContext, name: str) -> None:
    """Revoke the token NAME: it stops working at once."""
    _store(ctx).revoke(name)
    click.echo(f"Revoked {name}.")
