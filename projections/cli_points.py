"""Options naming a point on the two time axes: ``--as-of`` (recorded), ``--known-on``.

They read their values as the API's ``as_of`` and ``known_on`` do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from gcm_process.domain.errors import InvalidInput
from projections.parsing import parse_as_of, parse_date, parse_known_on

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


as_of_option = click.option(
    "--as-of",
    "as_of",
    metavar="TIME",
    callback=_parsed(parse_as_of),
    help="As the record stood at this recorded time (ISO 8601, UTC when no offset is given; "
    "a bare date means the end of that day).",
)
known_on_option = click.option(
    "--known-on",
    "known_on",
    metavar="DATE",
    callback=_parsed(parse_known_on),
    help="As officially announced by this date, whenever it was recorded.",
)


def _announced_bound(name: str, help_text: str) -> Callable[[F], F]:
    """``--since`` or ``--until``: an inclusive bound on the announced date of changes."""
    return click.option(
        f"--{name}", name, metavar="DATE", callback=_parsed(lambda t: parse_date(t, name)),
        help=help_text,
    )  # fmt: skip


since_option = _announced_bound("since", "Only the changes announced on or after this date.")
until_option = _announced_bound("until", "Only the changes announced on or before this date.")
