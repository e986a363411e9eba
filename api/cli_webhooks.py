"""``gcm-process webhooks add|list|remove|deliveries|deliver``: webhooks from the shell."""

from __future__ import annotations

import time

import click

from api.webhooks.deliver import DeliveryOptions
from api.webhooks.running import deliver as run_deliverer
from api.webhooks.store import WebhookStore
from gcm_process.console.context import CliContext, pass_context
from gcm_process.console.options import process_option, resolve_process
from gcm_process.console.output import echo_json, echo_table
from projections import recorded
from projections.cli import json_option, opened


@click.group()
def webhooks() -> None:
    """Register URLs that get each change POSTed, signed; read their delivery log; deliver."""


def _store(ctx: CliContext) -> WebhookStore:
    return WebhookStore.of(ctx.settings.data_dir)


@webhooks.command()
@click.argument("url")
@process_option
@click.option("--secret", default=None, help="The shared secret (default: a new random one).")
@click.option("--after", type=click.IntRange(0), default=None,
              help="Deliver the changes recorded after this position (default: from now on; "
              "0 for the whole log).")  # fmt: skip
@click.option("--base-url", default="http://127.0.0.1:8000", show_default=True,
              help="Where the pages are served, for the page link of each delivery.")  # fmt: skip
@json_option
@pass_context
def add(ctx: CliContext, url: str, process: str | None, secret: str | None,
        after: int | None, base_url: str, as_json: bool) -> None:  # fmt: skip
    """Register URL for the changes of a process; print its id and secret (shown this once)."""
    slug = resolve_process(ctx, process)
    with opened(ctx) as views:
        start = recorded.last_position(views.db, slug) if after is None else after
    webhook, _ = _store(ctx).add(slug, url, base_url=base_url, actor=ctx.actor, after=start,
                                 secret=secret)  # fmt: skip
    if as_json:
        echo_json({**webhook.as_json(), "secret": webhook.secret})
        return
    click.echo(f"Registered {webhook.id} for {slug}: {webhook.url}, from position {start}.")
    click.echo(f"secret: {webhook.secret}")
    click.echo("Keep the secret: it is not shown again. Deliveries are signed with it.", err=True)


@webhooks.command("list")
@click.option("--process", default=None, metavar="SLUG", help="Only this process's webhooks.")
@json_option
@pass_context
def list_webhooks(ctx: CliContext, process: str | None, as_json: bool) -> None:
    """List the webhooks (never their secrets) and where their deliveries stand."""
    found = _store(ctx).registrations(process)
    if as_json:
        echo_json([w.as_json() for w in found])
        return
    echo_table(
        ["id", "process", "url", "acknowledged", "failures", "next try (UTC)", "removed at"],
        [(w.id, w.process, w.url, w.acknowledged, w.failures, w.as_json()["next_try"] or "",
          w.removed_at or "") for w in found],
    )  # fmt: skip


@webhooks.command()
@click.argument("webhook")
@pass_context
def remove(ctx: CliContext, webhook: str) -> None:
    """Stop delivering to WEBHOOK (its delivery log is kept)."""
    _store(ctx).remove(webhook)
    click.echo(f"Removed {webhook}.")


@webhooks.command()
@click.argument("webhook")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@json_option
@pass_context
def deliveries(ctx: CliContext, webhook: str, limit: int, as_json: bool) -> None:
    """The delivery log of WEBHOOK, newest first: each attempt, its status, the next try."""
    store = _store(ctx)
    found = store.deliveries(store.get(webhook).id, limit)
    if as_json:
        echo_json(found)
        return
    echo_table(
        ["at (UTC)", "position", "attempt", "status", "acknowledged", "error", "next try", "ms"],
        [(d["at"], d["position"], d["attempt"], d["status"] or "", "yes" if d["acknowledged"]
          else "no", d["error"] or "", d["next_try"] or "", d["elapsed_ms"]) for d in found],
    )  # fmt: skip


@webhooks.command()
@click.option("--stop-after", type=float, default=None, help="Stop after this many seconds.")
@pass_context
def deliver(ctx: CliContext, stop_after: float | None) -> None:
    """Deliver the changes to every webhook until interrupted, resuming where it stopped."""
    deadline = None if stop_after is None else time.monotonic() + stop_after
    click.echo("Delivering webhooks (Ctrl-C to stop).", err=True)
    run_deliverer(
        ctx.settings,
        DeliveryOptions.from_env(),
        until=None if deadline is None else (lambda: time.monotonic() >= deadline),
        waiting=lambda: click.echo(
            "Another deliverer runs for this data directory; waiting for it to stop.", err=True
        ),
    )
    click.echo("Stopped delivering.", err=True)
