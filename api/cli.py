"""``gcm-process serve``, ``follow`` and ``token``."""

from __future__ import annotations

import signal
import threading
from types import FrameType

import click

from api.config import ApiConfig
from api.follower import follow_until
from api.server import ServeOptions
from api.server import serve as run_server
from api.status import ViewsStatus
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


@click.command()
@click.option(
    "--interval",
    type=click.FloatRange(0.01, 60),
    default=None,
    help="Seconds between looks at the store (default 0.5 on PostgreSQL, which pushes; 0.25).",
)
@click.option(
    "--stop-after", type=float, default=None, help="Stop after following this many seconds."
)
@pass_context
def follow(ctx: CliContext, interval: float | None, stop_after: float | None) -> None:
    """Keep this node's views and credentials current with the event store, until stopped.

    ``serve`` runs one itself; run this where the views are read without serving.
    """
    config = ApiConfig.from_env(ctx.settings)
    stop = threading.Event()

    def stopped(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, stopped)
    reached: list[int] = []
    reachable = [True]

    def report(seen: ViewsStatus) -> None:
        if not reached:
            click.echo(f"Views at event {seen.views}; following (Ctrl-C to stop).", err=True)
            if stop_after is not None:  # counted from the first look
                timer = threading.Timer(stop_after, stop.set)
                timer.daemon = True
                timer.start()
        elif seen.views != reached[-1]:
            click.echo(f"Views at event {seen.views}.", err=True)
        if seen.store_ok != reachable[-1]:
            said = "can be reached again." if seen.store_ok else f"cannot be reached: {seen.error}"
            click.echo(f"The store {said}", err=True)
            reachable.append(seen.store_ok)
        reached.append(seen.views)

    try:
        position = follow_until(config, stop, interval, report)
    except KeyboardInterrupt:
        stop.set()
        position = reached[-1] if reached else 0
    click.echo(f"Stopped at event {position}.", err=True)


@click.group()
def token() -> None:
    """Create, list and revoke the bearer tokens of the HTTP API."""


def _store(ctx: CliContext) -> TokenStore:
    """The tokens of this node, their changes recorded in the event store (every node's)."""
    return TokenStore(ApiConfig(ctx.settings).tokens_path, ctx.app)


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
    click.echo(_store(ctx).create(name, role, actor=ctx.actor))


@token.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_context
def list_tokens(ctx: CliContext, as_json: bool) -> None:
    """List the tokens (names and roles; the tokens themselves are not kept)."""
    store = _store(ctx)
    store.catch_up()
    tokens = store.list()
    if as_json:
        echo_json(tokens)
        return
    echo_table(
        ["name", "role", "created at (UTC)", "revoked at (UTC)", "credential", "kept"],
        [
            (t.name, t.role, t.created_at, t.revoked_at or "", t.credential, _kept(t.shared))
            for t in tokens
        ],
    )


@token.command()
@click.argument("name")
@pass_context
def revoke(ctx: CliContext, name: str) -> None:
    """Revoke the token NAME: it stops working on every node within a second."""
    _store(ctx).revoke(name, actor=ctx.actor)
    click.echo(f"Revoked {name}.")


@token.command()
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@pass_context
def role(ctx: CliContext, name: str, role: str) -> None:
    """Give the token NAME another ROLE, on every node within a second."""
    _store(ctx).change_role(name, role, actor=ctx.actor)
    click.echo(f"{name} is now {role}.")


def _kept(shared: bool) -> str:
    return "event store" if shared else "this node"
