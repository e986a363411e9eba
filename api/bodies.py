"""Reading a request body safely: counted against the limit, checked before it is parsed.

The body is read once, here, whatever its framing (``Content-Length`` or
chunked): more than the limit is a 413, a malformed chunk or a body cut short
is a 400. A JSON body nested deeper than ``MAX_JSON_DEPTH`` or holding a number
longer than ``MAX_NUMBER_CHARS`` is a 400 before any parser sees it (Python's
parser would hit its recursion limit, or refuse an integer of more than 4,300
digits, as a 500). The endpoints then read the body as usual
(``request.get_data``, ``get_json``, webargs), from memory.
"""

from __future__ import annotations

import io
import re
from itertools import accumulate

from flask import request
from werkzeug.exceptions import HTTPException

from api.errors import Problem

#: Deeper than any body of the API (a session's days are three levels down).
MAX_JSON_DEPTH = 32
#: Longer than any number a body may hold, far shorter than Python's 4,300 digits.
MAX_NUMBER_CHARS = 100

_STRING = re.compile(rb'"(?:[^"\\]|\\[\s\S])*"')
_LONG_NUMBER = re.compile(rb"[-+0-9.eE]{%d,}" % (MAX_NUMBER_CHARS + 1))
_BRACKETS = bytes(range(256)).translate(None, b"[]{}")
_STEP = [0] * 256
for _open in b"[{":
    _STEP[_open] = 1
for _close in b"]}":
    _STEP[_close] = -1


def read(limit: int) -> bytes:
    """The whole body, at most ``limit`` bytes (a ``Problem`` otherwise)."""
    # Without a Content-Length (chunked), the server's own stream, which it ends: werkzeug's
    # wrapper would stop quietly at the limit rather than say the body is larger.
    chunked = request.content_length is None and request.environ.get("wsgi.input_terminated")
    stream = request.environ["wsgi.input"] if chunked else request.stream
    try:
        data = stream.read(limit + 1)
    except HTTPException:
        raise  # werkzeug's own 413 for a stream over the limit, or 400 for one cut short
    except Exception as error:  # the server's reader: a malformed chunk, a body cut short
        raise Problem(400, f"The request body could not be read: {_reason(error)}.") from None
    if len(data) > limit:
        raise Problem(413, f"A request body may be at most {limit} bytes.")
    request._cached_data = data
    request.__dict__["stream"] = io.BytesIO(data)
    return data


def check_json(data: bytes) -> None:
    """Refuse, before parsing, JSON too deep or with numbers too long to parse safely."""
    outside_strings = _STRING.sub(b'""', data)
    if _LONG_NUMBER.search(outside_strings):
        raise Problem(400, f"A number in the body is longer than {MAX_NUMBER_CHARS} characters.")
    brackets = outside_strings.translate(None, _BRACKETS)
    if max(accumulate(map(_STEP.__getitem__, brackets)), default=0) > MAX_JSON_DEPTH:
        raise Problem(400, f"The JSON body is nested more than {MAX_JSON_DEPTH} levels deep.")


def _reason(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text[:200]
