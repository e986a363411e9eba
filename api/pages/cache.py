"""Pages rendered once per change to the record: each worker keeps its last few.

A page that reads only the views (the schedule, its picture) is the same for
the same address, language and views position: it is kept under that key and
served again until an event moves the position. Its ETag says the same, so a
browser revalidating (``Cache-Control: no-cache``) is answered 304.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import TypeVar

from flask import Response, request

from api.kept import Kept, copy, in_app
from api.pages import i18n
from api.services import services

#: Pages kept by each worker (a schedule of 1,000 sessions is about 3.5 MB).
PAGES_KEPT = 32
View = TypeVar("View", bound=Callable[..., Response])


def _cache() -> Kept[Response]:
    return in_app("gcm.pages", PAGES_KEPT)


def _key() -> str:
    position = services().views.position()
    parts = (request.full_path, request.url_root, i18n.language(), str(position))
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:32]


def kept(view: View) -> View:
    """Serve ``view``'s answer from the cache while the record has not changed."""

    @functools.wraps(view)
    def serve(*args: object, **kwargs: object) -> Response:
        key = _key()
        etag = f"page-{key}"
        if request.if_none_match.contains_weak(etag):
            return Response(status=304, headers={"ETag": f'"{etag}"'})
        found = _cache().get(key)
        if found is None:
            found = view(*args, **kwargs)
            if found.status_code == 200:
                found.set_etag(etag)
                _cache().put(key, found)
        return copy(found)

    return serve  # type: ignore[return-value]
