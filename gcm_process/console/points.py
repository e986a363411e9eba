"""Options naming a point on the two time axes (``--as-of``, ``--known-on``) and bounds.

They read their values as the API's ``as_of`` and ``known_on`` do, with
``gcm_process.domain.point``; ``point_options`` hands the command one ``Point``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

import click

from gcm_process.domain.errors import InvalidInput
from gcm_process.domain.point import Point, parse_as_of, parse_date, parse_known_on

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


def _parsed(parse: Callable[[str], T]) -> Callable[[click.Context, click.Parameter, Any], T | None]:
    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> T | None:
        if value is None:
            return None
        try:
            return parse(value)
        except InvalidInput as error:
            raise click.BadParameter(str(error)) from None

    return callback


def point_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--as-of TIME`` and ``--known-on DATE``, given to the command as ``point``."""

    @functools.wraps(command)
    def with_point(*args: Any, as_of: datetime | None, known_on: date | None, **kw: Any) -> Any:
        return command(*args, point=Point(as_of, known_on), **kw)

    with_known_on = click.option(
        "--known-on",
        "known_on",
        metavar="DATE",
        callback=_parsed(parse_known_on),
        help="As officially announced by this date, whenever it was recorded.",
    )(with_point)
    return click.option(
        "--as-of",
        "as_of",
        metavar="TIME",
        callback=_parsed(parse_as_of),
        help="As the record stood at this recorded time (ISO 8601, UTC when no offset is "
        "given; a bare date means the end of that day).",
    )(with_known_on)


def _announced_bound(name: str, help_text: str) -> Callable[[F], F]:
    """``--since`` or ``--until``: an inclusive bound on the announced date of changes."""
    return click.option(
        f"--{name}", name, metavar="DATE", callback=_parsed(lambda t: parse_date(t, name)),
        help=help_text,
    )  # fmt: skip


since_option = _announced_bound("since", "Only the changes announced on or after this date.")
until_option = _announced_bound("until", "Only the changes announced on or before this date.")
