"""The clerk's write commands: ``schedule``, ``reschedule``, ``venue``, ``postpone``,
``cancel``, ``held`` and ``correct``, each with the provenance options of
``console.writing`` and the checks of the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from gcm_process.commands import Receipt
from gcm_process.console.context import CliContext, pass_context
from gcm_process.console.options import resolve_process
from gcm_process.console.output import echo_json
from gcm_process.console.writing import answer, dates, day, provenance_options, room, said
from gcm_process.domain import SessionKind
from gcm_process.domain.places import Mode
from gcm_process.domain.session_state import CORRECTED

_days = click.option(
    "--day",
    "days",
    multiple=True,
    required=True,
    metavar="'DATE [HH:MM-HH:MM] [ROOM]'",
    help="A day of the session (repeat for each): '2018-02-20 10:00-13:00 Conference Room 4'.",
)
_place = click.option("--place", metavar="NAME", help="Where the days are (default UN HQ).")
_mode = click.option("--mode", type=click.Choice([m.value for m in Mode]), default=None)
_reason = click.option("--reason", metavar="TEXT", help="Why, in a few words.")
_version = click.option(
    "--if-version", "expected", type=int, default=None, help="Refuse unless at this version."
)


def _record(
    ctx: CliContext,
    said_: dict[str, Any],
    write: Callable[..., Receipt],
    slug: str,
    *args: Any,
    **kwargs: Any,
) -> None:
    """``write(process, slug, ...)`` with the provenance options said, then the session it left."""
    process = resolve_process(ctx, said_.pop("process"))
    as_json = said_.pop("as_json")
    receipt = write(process, slug, *args, **kwargs, **said(ctx, process, said_))
    answer(ctx, process, slug, receipt, as_json)


@click.command()
@click.argument("slug")
@click.option("--kind", required=True, type=click.Choice([k.value for k in SessionKind]))
@click.option("--number", type=click.IntRange(1, 1000), default=None)
@click.option("--title", required=True)
@_days
@_place
@_mode
@provenance_options
@pass_context
def schedule(
    ctx: CliContext,
    /,
    slug: str,
    kind: str,
    number: int | None,
    title: str,
    days: tuple[str, ...],
    place: str | None,
    mode: str | None,
    **said_: Any,
) -> None:
    """Schedule a session SLUG with its days."""
    days_ = [day(d, place, mode) for d in days]
    _record(ctx, said_, ctx.app.schedule_session, slug, kind, title, days_, number)


@click.command()
@click.argument("session")
@_days
@_place
@_mode
@_reason
@_version
@provenance_options
@pass_context
def reschedule(
    ctx: CliContext,
    /,
    session: str,
    days: tuple[str, ...],
    place: str | None,
    mode: str | None,
    reason: str | None,
    expected: int | None,
    **said_: Any,
) -> None:
    """Give SESSION a new full list of days (reinstates a postponed or cancelled one)."""
    days_ = [day(d, place, mode) for d in days]
    _record(
        ctx, said_, ctx.app.reschedule_session, session, days_, reason, expected_version=expected
    )


@click.command()
@click.argument("session")
@click.argument("room_name", metavar="ROOM")
@click.option(
    "--date",
    "on",
    multiple=True,
    metavar="YYYY-MM-DD",
    help="A day moved (repeat); every day when left out.",
)
@_version
@provenance_options
@pass_context
def venue(
    ctx: CliContext,
    /,
    session: str,
    room_name: str,
    on: tuple[str, ...],
    expected: int | None,
    **said_: Any,
) -> None:
    """Move some or all days of SESSION to ROOM."""
    moved = room(room_name), dates(on)
    _record(ctx, said_, ctx.app.change_venue, session, *moved, expected_version=expected)


def _status_change(name: str, method: str, doc: str) -> click.Command:
    @click.command(name=name, help=doc)
    @click.argument("session")
    @_reason
    @_version
    @provenance_options
    @pass_context
    def change(
        ctx: CliContext, /, session: str, reason: str | None, expected: int | None, **said_: Any
    ) -> None:
        _record(ctx, said_, getattr(ctx.app, method), session, reason, expected_version=expected)

    return change


postpone = _status_change("postpone", "postpone_session", "Postpone SESSION.")
cancel = _status_change("cancel", "cancel_session", "Cancel SESSION.")
held = _status_change("held", "mark_held", "Record that SESSION was held.")


@click.command()
@click.argument("session", required=False)
@click.option(
    "--version",
    "versions",
    multiple=True,
    type=click.IntRange(1),
    help="A version of SESSION recorded in error (repeat for several).",
)
@click.option(
    "--letter",
    metavar="LETTER",
    help="Instead: every change to a session recorded from this letter.",
)
@click.option("--reason", required=True, metavar="TEXT", help="Why they are in error.")
@_version
@provenance_options
@pass_context
def correct(
    ctx: CliContext,
    /,
    session: str | None,
    versions: tuple[int, ...],
    letter: str | None,
    reason: str,
    expected: int | None,
    **said_: Any,
) -> None:
    """Mark versions of SESSION (or a letter's import) as recorded in error.

    Nothing is edited: a correction is a new event, and from it on the record
    answers as if those versions had never been recorded.
    """
    if (session is None) == (letter is None) or (letter is not None and versions):
        raise click.UsageError("Name either SESSION with --version, or --letter.")
    if letter is None:
        assert session is not None
        if not versions:
            raise click.UsageError("Name the versions of SESSION in error with --version.")
        chosen = list(versions)
        _record(
            ctx, said_, ctx.app.correct_session, session, chosen, reason, expected_version=expected
        )
        return
    process = resolve_process(ctx, said_.pop("process"))
    as_json = said_.pop("as_json")
    receipt = ctx.app.correct_letter(process, letter, reason, **said(ctx, process, said_))
    corrected = [
        {
            "session": ctx.app.repository.get(e.originator_id).slug,
            "version": e.originator_version,
            "corrects": list(e.versions),
        }
        for e in ctx.app.events_of(CORRECTED)
        if e.command_id == receipt.command_id
    ]
    if as_json:
        echo_json({"letter": letter, "command_id": receipt.command_id, "corrections": corrected})
        return
    for c in corrected:
        click.echo(
            f"Corrected {c['session']}: versions {c['corrects']} in error "
            f"(now version {c['version']})"
        )
