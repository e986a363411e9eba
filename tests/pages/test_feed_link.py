"""The changes page names its Atom feed, in its head for feed readers and as a link for people."""

from __future__ import annotations

import re

import feedparser
from flask.testing import FlaskClient

from tests.pages.conftest import P


def test_the_changes_page_links_to_its_feed(client: FlaskClient) -> None:
    page = client.get(P + "/changes").get_data(as_text=True)
    head = page.split("</head>")[0]
    found = re.search(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"', head)
    assert found is not None and found.group(1) == "/api/processes/gcm-2018/changes.atom"
    assert 'type="application/atom+xml">Follow the changes in a feed reader (Atom)</a>' in page
    feed = feedparser.parse(client.get(found.group(1)).data)
    assert not feed.bozo and feed.entries
    # The newest entry is the newest change on the page, linked to its session's page.
    newest = re.search(r'<h2 id="change-\d+-h"><a href="([^"]+)"', page)
    assert newest is not None and feed.entries[0].link == "http://localhost" + newest.group(1)
