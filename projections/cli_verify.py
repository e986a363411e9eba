"""``gcm-process verify``: the chain recomputed, the guards audited, the views held to the log."""

from __future__ import annotations

import json
from typing import Any

import click

from gcm_process.console.context import CliContext, pass_context
from gcm_process.integrity.record import verify_record
from gcm_process.integrity.verify import Fingerprint, Verdict
from projections import Views, queries
from projections.replay import replay_timeline
from projections.session_rows import ViewsInconsistent


def _fingerprint(value: str | None) -> Fingerprint | None:
    return None if value is None else Fingerprint.parse(value)


@click.command()
@click.option(
    "--expect",
    metavar="POSITION:HASH",
    default=None,
    help="A record fingerprint printed earlier (on a report, by verify) that the chain must hold.",
)
@click.option("--no-views", is_flag=True, help="Check the event log only, not this node's views.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@pass_context
def verify(ctx: CliContext, expect: str | None, no_views: bool, as_json: bool) -> None:
    """Recompute the record's hash chain and check the views against the event log.

    Exits 0 with the head position and hash (the record fingerprint), or 1 naming
    the first position where the record was altered, removed, inserted or
    reordered, and what changed there.
    """
    verdict = verify_record(ctx.settings, _fingerprint(expect))
    views: list[str] = [] if no_views or not verdict.ok else _check_views(ctx)
    if as_json:
        click.echo(json.dumps(_as_json(verdict, views), indent=2))
    else:
        _print(verdict, views)
    if not verdict.ok or views:
        raise SystemExit(1)


def _check_views(ctx: CliContext) -> list[str]:
    """Each process's timeline from the views against the same timeline replayed from the log."""
    differences = []
    try:
        views = Views.open(ctx.settings, ctx.app)
    except ViewsInconsistent as error:
        return [str(error)]
    try:
        for slug in ctx.app.process_slugs():
            if queries.timeline(views.db, slug) != replay_timeline(ctx.app, slug):
                differences.append(
                    f"the views' timeline of {slug} differs from the event log's: "
                    "run 'gcm-process rebuild'"
                )
    finally:
        views.close()
    return differences


def _as_json(verdict: Verdict, views: list[str]) -> dict[str, Any]:
    return {
        "ok": verdict.ok and not views,
        "events": verdict.events,
        "head_position": verdict.head_position,
        "head_hash": verdict.head_hash.hex(),
        "fingerprint": str(verdict.fingerprint),
        "problems": [
            {"position": p.position, "kind": p.kind, "detail": p.detail} for p in verdict.problems
        ],
        "more_problems": verdict.more,
        "views": views,
    }


def _print(verdict: Verdict, views: list[str]) -> None:
    if verdict.ok and not views:
        click.echo(
            f"The record is intact: {verdict.events:,} events, head at position "
            f"{verdict.head_position}."
        )
        click.echo(f"record fingerprint: {verdict.fingerprint}")
        return
    if not verdict.ok:
        first = verdict.problems[0]
        click.echo(f"The record was tampered with: {first}", err=True)
        for problem in verdict.problems[1:]:
            click.echo(f"  also {problem}", err=True)
        if verdict.more:
            click.echo(f"  and {verdict.more} more problem(s)", err=True)
    for difference in views:
        click.echo(f"The views do not match the record: {difference}", err=True)
