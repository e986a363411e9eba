"""``gcm-process demo``: the GCM 2018 record from the seed letter, served on loopback."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import click

from api.config import ApiConfig
from api.server import ServeOptions, serve
from api.tokens import TokenStore
from gcm_process.console.context import CliContext, pass_context
from gcm_process.letters import plan_import, read_letters, record_plan, seed_text

DEMO_PROCESS = "gcm-2018"
#: The example writes the demo prints: each says when its fact became official, in 2018.
EXAMPLE_VENUE = json.dumps(
    {"venue": "Conference Room 1", "dates": ["2018-02-22"], "announced_on": "2018-02-15"}
)
EXAMPLE_CORRECTION = json.dumps(
    {"versions": [2], "reason": "typed in error", "announced_on": "2018-02-15"}
)


@click.command()
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 16))
@click.option("--no-serve", is_flag=True, help="Record the seed and stop: serve nothing.")
@pass_context
def demo(ctx: CliContext, port: int, workers: int, no_serve: bool) -> None:
    """Open gcm-2018 from the seed letter of 30 January 2018 and serve it on 127.0.0.1.

    Running it again reuses the data directory: the seed is recorded once.
    """
    plan = plan_import(ctx.app, read_letters(seed_text(), "seed letter"), DEMO_PROCESS)
    receipts = record_plan(ctx.app, plan, actor="demo")
    fresh = sum(not r.replayed for r in receipts)
    click.echo(
        f"{DEMO_PROCESS}: {fresh} command(s) recorded from the seed letter, "
        f"{len(receipts) - fresh} already there; data in {ctx.settings.data_dir}"
    )
    for warning in plan.warnings:
        click.echo(f"warning: {warning}")
    if no_serve:
        return
    config = ApiConfig.from_env(ctx.settings)
    name = "demo-clerk-" + datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    token = TokenStore(config.tokens_path).create(name, "clerk")
    base = f"http://127.0.0.1:{port}"
    api = f"{base}/api/processes/{DEMO_PROCESS}"
    click.echo(
        f"""
Open the pages: {base}/processes/{DEMO_PROCESS}

Serving the GCM 2018 record on {base} (Ctrl-C to stop). Try:

  curl -s {api}/timeline
  curl -s '{api}/timeline?known_on=2018-01-29'
  curl -s {api}/sessions/round-1/history
  curl -s {api}/calendar.ics
  curl -s '{api}/report?format=md'
  open {base}/api/docs

A clerk token for writes ({name}, shown once):

  curl -s -X POST -H 'Authorization: Bearer {token}' -H 'Content-Type: application/json' \\
       -d '{EXAMPLE_VENUE}' \\
       {api}/sessions/round-1/venue

A change recorded in error is marked so by a correction (nothing is edited):

  curl -s -X POST -H 'Authorization: Bearer {token}' -H 'Content-Type: application/json' \\
       -d '{EXAMPLE_CORRECTION}' \\
       {api}/sessions/round-1/correct
"""
    )
    ctx.close()
    serve(config, ServeOptions(host="127.0.0.1", port=port, workers=workers))
