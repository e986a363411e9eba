"""What a browser would send: the fields of a page's form, as a browser fills them."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from flask.testing import FlaskClient
from werkzeug.test import TestResponse


class _Form(HTMLParser):
    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._first: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind == "checkbox":
                if "checked" in a:
                    self.fields[name] = "on"
            elif kind not in ("submit", "file"):
                self.fields[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select, self._first = name, None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first is None:
                self._first = value
                self.fields.setdefault(self._select, value)
            if "selected" in a:
                self.fields[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self.inside = False


def fields(page: str, action: str) -> dict[str, str]:
    """The fields of the form posting to ``action`` on ``page``, as a browser would send them."""
    parser = _Form(action)
    parser.feed(page)
    return parser.fields


def csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None, "the page has no CSRF token"
    return found.group(1)


def sign_in(client: FlaskClient, token: str) -> TestResponse:
    page = client.get("/desk/sign-in").text
    return client.post("/desk/sign-in", data={"token": token, "csrf_token": csrf(page)})
