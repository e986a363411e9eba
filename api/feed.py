"""The Atom feed of a process's changes, newest first, for feed readers.

Each entry is one change of the change log (``projections.recorded``), worded
as the changes page words it: its title says which session and what kind of
change, its summary the before and after in the command line's words, its
content the page's before-and-after table with the provenance; it links to the
session's page at that change. Entry ids name the session and version, so they
never change (a rebuild of the views, another node). The ETag is the position
of the process's newest change in the views, with the language.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from feedgen.feed import FeedGenerator
from flask import Response, render_template, request, url_for
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from api.openapi import ETAG, Blueprint, reads
from api.pages import i18n
from api.pages.common import events
from api.pages.diff import compare
from api.services import services
from gcm_process.console.output import change_in_words
from projections import corrections, queries, recorded
from projections.records import process_key

blp = Blueprint(
    "feed", __name__, url_prefix="/api/processes/<process>", description="Following the changes"
)
ATOM = "application/atom+xml"
#: Entries in a feed when ``limit`` is not given, and at most.
ENTRIES, MOST = 50, 200
#: What XML 1.0 cannot hold (control characters, lone surrogates): left out of the feed.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml(text: str) -> str:
    """``text`` without the characters an XML document cannot hold."""
    return NOT_XML.sub("", text)


class FeedArgs(Schema):
    limit = fields.Integer(
        load_default=ENTRIES,
        validate=validate.Range(1, MOST),
        metadata={"description": f"how many of the newest changes (default {ENTRIES})"},
    )


def entry_id(process: str, change: dict[str, Any]) -> str:
    """The entry's id: the same for a change wherever and whenever the feed is built."""
    return f"urn:gcm-process:change:{process}:{change['session']}:{change['version']}"


def session_page(process: str, change: dict[str, Any]) -> str:
    return (
        url_for("pages.session", process=process, session=change["session"], _external=True)
        + f"#v{change['version']}"
    )


def _feed(process: str, limit: int) -> bytes:
    db = services().db
    about = queries.process(db, process)
    titles = {s["slug"]: s["title"] for s in queries.sessions(db, process)}
    letters = {x["slug"] for x in queries.letters(db, process)}
    words = events()
    # Each entry says whether it was recorded in error, and what a correction marks.
    found = corrections.mark(db, process_key(db, process), recorded.latest(db, process, limit))
    feed = FeedGenerator()
    feed.id(f"urn:gcm-process:changes:{process}")
    feed.title(xml(i18n._("What changed") + f": {about['title']}"))
    feed.subtitle(
        i18n._("Newest first; each change with who recorded it, when, and from which letter.")
    )
    feed.language(i18n.language())
    feed.link(href=request.url, rel="self", type=ATOM)
    feed.link(href=url_for("pages.changes", process=process, _external=True), rel="alternate",
              type="text/html")  # fmt: skip
    newest = found[0]["recorded_at"] if found else recorded.opened_at(db, process)
    feed.updated(datetime.fromisoformat(newest))
    for change in reversed(found):  # feedgen puts each new entry first: newest ends first
        entry = feed.add_entry()
        entry.id(entry_id(process, change))
        title = titles.get(change["session"], change["session"])
        entry.title(xml(f"{title}: {words.get(change['event'], change['event'])}"))
        at = datetime.fromisoformat(change["recorded_at"])
        entry.updated(at)
        entry.published(at)
        entry.author(name=xml(change["actor"]))
        entry.link(href=session_page(process, change), rel="alternate", type="text/html")
        was, now = change_in_words(change["before"], change["after"])
        entry.summary(xml(f"{was} → {now}" if was else now))
        source = change["source"]
        letter_url = (
            url_for("pages.letter", process=process, letter=source, _external=True)
            if source in letters else None
        )  # fmt: skip
        entry.content(
            xml(render_template(
                "_feed_entry.html", ch={**change, "compared": compare(change)},
                letter_url=letter_url,
            )),
            type="html",
        )  # fmt: skip
    body: bytes = feed.atom_str(pretty=True)
    return body


@blp.route("/changes.atom")
class Changes(MethodView):
    @reads(blp, 304)
    @blp.arguments(FeedArgs, location="query")
    @blp.response(200, {"type": "string"}, content_type=ATOM,
                  description="the Atom feed (RFC 4287) of the changes", headers=ETAG)  # fmt: skip
    def get(self, args: dict[str, Any], process: str) -> Response:
        """The Atom feed of the changes, newest first; poll it with If-None-Match"""
        position = recorded.last_position(services().db, process)
        etag = f'"changes-{position}-{args["limit"]}-{i18n.language()}"'
        if request.if_none_match.contains_weak(etag.strip('"')):
            response = Response(status=304, headers={"ETag": etag})
        else:
            response = Response(_feed(process, args["limit"]), content_type=ATOM)
            response.headers["ETag"] = etag
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
        return response
