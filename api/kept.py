"""What a worker keeps of its answers: the last few values, by key, least recently used out.

The feeds, the pages and the API's reads are each made once per change to the
record: their key names the views' position, so a kept value is never served
for a record that has moved on; it only waits to be pushed out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Generic, TypeVar

from flask import Response, current_app
from werkzeug.datastructures import Headers

V = TypeVar("V")


class Kept(Generic[V]):
    """The last ``size`` values put, by key."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[str, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> V | None:
        with self._lock:
            found = self._values.get(key)
            if found is not None:
                self._values.move_to_end(key)
            return found

    def put(self, key: str, value: V) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)


def copy(response: Response) -> Response:
    """A kept answer to send: what the request's hooks add to its headers is not kept."""
    return Response(response.get_data(), response.status_code, Headers(response.headers))


def in_app(name: str, size: int) -> Kept[Any]:
    """The current app's ``Kept`` called ``name``, made on first use."""
    found = current_app.extensions.get(name)
    if found is None:
        found = current_app.extensions.setdefault(name, Kept(size))
    assert isinstance(found, Kept)
    return found
