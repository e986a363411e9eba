"""``gcm-process history``: every event of a session, with its metadata."""

from __future__ import annotations

import itertools

import click

from gcm_process.console.context import CliContext, pass_context
from gcm_process.console.options import process_option, resolve_process
from gcm_process.console.output import describe_days, echo_json_stream, echo_table_stream


@click.command()
@click.argument("session")
@process_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_context
def history(ctx: CliContext, session: str, process: str | None, as_json: bool) -> None:
    """Print every event of SESSION (a slug such as round-1), oldest first, as it is read."""
    slug = resolve_process(ctx, process)
    entries = ctx.app.stream_session_history(slug, session)
    first = next(entries, None)  # a session that does not exist is an error, not a table
    if first is not None:
        entries = itertools.chain([first], entries)
    if as_json:
        echo_json_stream({"process": slug, "session": session}, "events", entries, dict)
        return
    # A later correction marks earlier versions: the session knows which, without a second read.
    wrong = set(ctx.app.session(slug, session).in_error)
    echo_table_stream(
        ["version", "event", "announced", "recorded at (UTC)", "actor", "source", "what"],
        (
            (
                e.version,
                e.event + (" (in error)" if e.version in wrong else ""),
                e.announced_on.isoformat(),
                e.recorded_at.strftime("%Y-%m-%d %H:%M:%S"),
                e.actor,
                e.source or "",
                _summary(e.data),
            )
            for e in entries
        ),
    )


def _summary(data: dict[str, object]) -> str:
    parts = []
    for key, value in data.items():
        if key in ("process", "slug") or value in (None, [], ""):
            continue
        if key == "days" and isinstance(value, list):
            value = describe_days(value)
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        parts.append(f"{key}={value}")
    return "; ".join(parts)
