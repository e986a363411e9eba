"""Pages rendered once per change to the record: each worker keeps its last few.

A page that reads only the views (the schedule, its picture) is the same for
the same address, language and views position: it is kept under that key and
served again until an event moves the position. Its ETag says the same, so a
browser revalidating (``Cache-Control: no-cache``) is answered 304.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from flask import Response, current_app, request

from api.pages import i18n
from api.services import services

#: Pages kept by each worker (a schedule of 1,000 sessions is about 3.5 MB).
PAGES_KEPT = 32
View = TypeVar("View", bound=Callable[..., Response])


class PageCache:
    def __init__(self, size: int = PAGES_KEPT) -> None:
        self.size = size
        self._pages: OrderedDict[str, Response] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Response | None:
        with self._lock:
            found = self._pages.get(key)
            if found is not None:
                self._pages.move_to_end(key)
            return found

    def put(self, key: str, response: Response) -> None:
        with self._lock:
            self._pages[key] = response
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


def _cache() -> PageCache:
    found = current_app.extensions.setdefault("gcm.pages", PageCache())
    assert isinstance(found, PageCache)
    return found


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
        return Response(found.get_data(), status=found.status_code, headers=found.headers)

    return serve  # type: ignore[return-value]
