"""Running a command for a request: actor, idempotency key and If-Match.

The actor is the token's name and credential id. An ``Idempotency-Key`` becomes
the command id ``http:{credential}:{key}``: the application stores it with the
events, so a retry is answered as the first time, also after a restart or on
another node, and the same key with another body is refused. ``If-Match``
becomes the expected version. Before a conflict is answered (409, 412) the
views are brought up to the store's head, so that reading again, on this node,
shows what the write met.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import g, request

from api.errors import Problem
from api.services import services
from gcm_process.commands import Receipt
from gcm_process.domain.errors import Conflict

#: 1 to 128 visible ASCII characters.
IDEMPOTENCY_KEY = re.compile(r"^[!-~]{1,128}$")
ETAG = re.compile(r'^(?:W/)?"(\d{1,9})"$|^(\d{1,9})$')
#: What If-Match takes: ``*``, or a session's ETag as read (its quotes may be left out).
IF_MATCH = re.compile(r'^(\*|(W/)?"[0-9]{1,9}"|[0-9]{1,9})$')


def command_id() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not IDEMPOTENCY_KEY.match(key):
        raise Problem(400, "An Idempotency-Key is 1 to 128 visible ASCII characters.")
    return f"http:{g.token.credential}:{key}"


def if_match() -> int | None:
    """The version named by If-Match (``"3"``), None when absent or ``*``."""
    header = request.headers.get("If-Match")
    g.if_match = None
    if header is None or header.strip() == "*":
        return None
    found = ETAG.match(header.strip())
    if found is None:
        raise Problem(400, 'If-Match takes the ETag of the session as read, such as "3".')
    g.if_match = int(found.group(1) or found.group(2))
    return int(g.if_match)


def run(
    command: Callable[..., Receipt], *args: Any, versioned: bool = False, **kwargs: Any
) -> Receipt:
    """Run ``command`` as the caller; ``versioned`` commands honour If-Match.

    The body's ``source`` must name a letter on the record of the process (the first
    argument), or ``document`` another document.
    """
    process = args[0] if args else None
    kwargs["source"] = services().app.source_of(
        process, kwargs.pop("source", None), kwargs.pop("document", None)
    )
    if versioned:
        kwargs["expected_version"] = if_match()
    try:
        receipt = command(*args, actor=g.token.actor, command_id=command_id(), **kwargs)
    except Conflict:
        services().converge()
        raise
    g.replayed = receipt.replayed
    recorded()
    return receipt


def recorded() -> None:
    """After a write: the views include it, or the answer says they are behind."""
    g.views_behind = not services().after_write()


def etag(version: int) -> str:
    return f'"{version}"'


def newer_than_views(version: int) -> bool:
    """True when If-None-Match names a version newer than ``version``, the views' own.

    The client read it on a node whose views are ahead of these: it is never
    answered 304 (nor sent back in time) before these views catch up.
    """
    held = [ETAG.match(tag) for tag in request.if_none_match.as_set(include_weak=True)]
    return any(int(m.group(1) or m.group(2)) > version for m in held if m is not None)
