"""Every blueprint of the API, in one list: add a resource with one line here.

Each entry is ``(module, attribute)`` of a flask-smorest ``Blueprint``; they
are imported when the app is built.
"""

from __future__ import annotations

BLUEPRINTS: list[tuple[str, str]] = [
    ("api.resources.health", "blp"),
    ("api.resources.processes", "blp"),
    ("api.resources.sessions", "blp"),
    ("api.resources.drafts", "blp"),
    ("api.resources.letters", "blp"),
    ("api.resources.imports", "blp"),
    ("api.outputs", "blp"),
    ("api.feed", "blp"),
    ("api.resources.webhooks", "blp"),
    ("api.resources.integrity", "blp"),
]
