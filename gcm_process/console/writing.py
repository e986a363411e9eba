"""What the write commands share: provenance options, days as typed, the answer printed.

The checks and messages are the API's: dates read by the one date parser
(``domain.point.parse_date``), rooms spelt by the importer's rules
(``letters.venues``), the source checked by ``GcmProcess.source_of``, and the
domain's own rules and errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, time
from typing import Any, TypeVar

import click

from gcm_process.commands import Receipt
from gcm_process.console.context import CliContext
from gcm_process.console.options import process_option
from gcm_process.console.output import echo_json
from gcm_process.domain import Day
from gcm_process.domain.errors import InvalidInput
from gcm_process.domain.places import UN_HEADQUARTERS, Mode, find_place
from gcm_process.domain.point import parse_date
from gcm_process.domain.session_state import SessionState, describe_days
from gcm_process.letters.venues import spell_room

F = TypeVar("F", bound=Callable[..., Any])
#: ``HH:MM-HH:MM`` or ``HH:MM``, the second word of a ``--day``.
HOURS = re.compile(r"^([0-2][0-9]:[0-5][0-9])(?:-([0-2][0-9]:[0-5][0-9]))?$")


def provenance_options(command: F) -> F:
    """``--process``, ``--announced-on`` (required), ``--source``/``--document``, ``--actor``,
    ``--json``: every write command has them."""
    for option in reversed(
        (
            process_option,
            click.option(
                "--announced-on",
                required=True,
                metavar="YYYY-MM-DD",
                help="When the fact became official (the letter's date); never defaults.",
            ),
            click.option("--source", metavar="LETTER", help="The slug of a letter on the record."),
            click.option(
                "--document",
                metavar="REFERENCE",
                help="Instead of a letter: another document, such as A/RES/72/244.",
            ),
            click.option(
                "--actor", metavar="NAME", help="Who records it (default: the system user)."
            ),
            click.option("--json", "as_json", is_flag=True, help="Print JSON."),
        )
    ):
        command = option(command)
    return command


def said(ctx: CliContext, process: str, options: dict[str, Any]) -> dict[str, Any]:
    """The provenance keyword arguments of a command from the shared options."""
    return {
        "announced_on": parse_date(options["announced_on"], "--announced-on"),
        "source": ctx.app.source_of(process, options["source"], options["document"]),
        "actor": options["actor"] or ctx.actor,
    }


def room(text: str) -> str:
    return spell_room(text)


def day(text: str, place: str | None = None, mode: str | None = None) -> Day:
    """A ``--day``: ``DATE [HH:MM-HH:MM] [ROOM]``, such as ``2018-02-20 10:00-13:00 CR 4``."""
    words = text.split(None, 1)
    if not words:
        raise InvalidInput("A --day starts with its date (YYYY-MM-DD).")
    when = parse_date(words[0], "--day")
    rest = words[1] if len(words) > 1 else ""
    start = end = None
    hours = HOURS.match(rest.split(None, 1)[0]) if rest else None
    if hours is not None:
        start, end = _time(hours.group(1)), hours.group(2) and _time(hours.group(2))
        rest = rest.split(None, 1)[1] if len(rest.split(None, 1)) > 1 else ""
    where = UN_HEADQUARTERS
    if place is not None:
        found = find_place(place)
        if found is None:
            raise InvalidInput(f"'{place}' is not a place the record knows (such as Geneva).")
        where = found
    return Day(
        when,
        start,
        end or None,
        room(rest) if rest.strip() else None,
        where,
        mode or Mode.IN_PERSON.value,
    )


def _time(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"'{text}' is not a time of day (HH:MM).") from None


def dates(texts: tuple[str, ...]) -> list[date] | None:
    return [parse_date(t, "--date") for t in texts] or None


def answer(ctx: CliContext, process: str, slug: str, receipt: Receipt, as_json: bool) -> None:
    """The session as the write left it."""
    state = SessionState.of(ctx.app.session(process, slug, version=receipt.version))
    if as_json:
        echo_json(
            {
                "command": receipt.command,
                "command_id": receipt.command_id,
                "replayed": receipt.replayed,
                "session": state.as_json(),
            }
        )
        return
    click.echo(
        f"Recorded {receipt.command} on {slug}: version {state.version}, {state.status}, "
        f"{describe_days(state.days, to=' to ')}"
    )
