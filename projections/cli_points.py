"""Options naming a point on the two time axes: ``--as-of`` (recorded), ``--known-on``.

They read their values as the API's ``as_of`` and ``known_on`` do.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import click

from gcm_process.domain.errors import InvalidInput
from projections.parsing import parse_as_of, parse_date, parse_known_on

T = TypeVar("T")


def _parsed(parse: Callable[[str], T]) -> Callable[[click.Context, click.Parameter, Any], T | None]:
    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> T | None:
        if value is None:
            return None
        try:
            return parse(value)
        except InvalidInput as error:
            raise click.BadParameter(str(error)) from None

    return callback


def _since(text: str) -> date:
    return parse_date(text, "since")


def _until(text: str) -> date:
    return parse_date(text, "until")


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
since_option = click.option(
    "--since",
    "since",
    metavar="DATE",
    callback=_parsed(_since),
    help="Only the changes announced on or after this date.",
)
until_option = click.option(
    "--until",
    "until",
    metavar="DATE",
    callback=_parsed(_until),
    help="Only the changes announced on or before this date.",
)
