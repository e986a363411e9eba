"""Options naming a point on the two time axes: ``--as-of`` (recorded), ``--known-on``."""

from __future__ import annotations

from datetime import UTC, date, datetime

import click


def _as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a time such as 2018-03-01T12:00:00Z.") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date such as 2018-03-01.") from None


as_of_option = click.option(
    "--as-of",
    "as_of",
    metavar="TIME",
    callback=_as_of,
    help="As the record stood at this recorded time (ISO 8601; UTC when no offset is given).",
)
known_on_option = click.option(
    "--known-on",
    "known_on",
    metavar="DATE",
    callback=_date,
    help="As officially announced by this date, whenever it was recorded.",
)
since_option = click.option(
    "--since",
    "since",
    metavar="DATE",
    callback=_date,
    help="Only the changes announced on or after this date.",
)
