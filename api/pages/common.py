"""What several pages share: status words, the picture's words, JSON-LD of what they show."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from flask import url_for
from markupsafe import Markup

from api.pages import blp, i18n
from api.pages.i18n import _
from api.pages.picture import Words
from gcm_process.domain.session_state import MEANINGS
from projections.jsonld import session_event
from projections.pages import Trail


def statuses() -> dict[str, str]:
    """Each status in words (colour is never the only signal)."""
    return {
        "scheduled": _("scheduled"),
        "postponed": _("postponed"),
        "cancelled": _("cancelled"),
        "held": _("held"),
    }


def kinds() -> dict[str, str]:
    return {
        "informal_meeting": _("informal meeting"),
        "negotiation_round": _("negotiation round"),
        "hearing": _("hearing"),
        "conference": _("conference"),
        "other": _("other meeting"),
    }


def events() -> dict[str, str]:
    """What each kind of change is called on the pages: its meaning's words, translated."""
    return {m.name: _(m.words) for m in MEANINGS}


def picture_words(process: Mapping[str, Any]) -> Words:
    language = i18n.language()
    return Words(
        title=_("Timeline of %(title)s", title=process["title"]),
        description=_(
            "One row per session; a bar per day, coloured and patterned by status. "
            "Dashed outlines are the earlier positions of days that moved, with an arrow "
            "to where each went. The table below gives the same days in words."
        ),
        status=statuses(),
        day=lambda on: i18n.day(on, language),
        month=lambda on: i18n.month(on, language),
        earlier=_("earlier: %(where)s", where="{where}"),
        moved_to=_("moved to %(day)s", day="{day}"),
        dropped=_("no longer a day of the session"),
        was_in=_("was in %(rooms)s", rooms="{rooms}"),
    )


def jsonld_events(
    sessions: list[dict[str, Any]],
    trails: Mapping[str, Trail],
    process: Mapping[str, Any],
    base_url: str,
) -> list[dict[str, Any]]:
    """schema.org ``Event``s of the sessions shown, each with the process as ``superEvent``."""
    found = []
    for session in sessions:
        if not session["days"]:
            continue
        trail = trails.get(session["slug"])
        history = [] if trail is None else trail.history()
        found.append(session_event(session, history, process, base_url))
    return found


def process_ld(process: Mapping[str, Any], base_url: str) -> dict[str, Any]:
    url = f"{base_url.rstrip('/')}/api/processes/{process['slug']}"
    found: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": url,
        "url": url,
        "name": process["title"],
    }
    if process.get("mandate"):
        found["description"] = process["mandate"]
    return found


@blp.app_template_filter("jsonld")
def jsonld_filter(data: Any) -> Markup:
    """JSON for a ``<script type="application/ld+json">``: nothing in it can close the tag."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@blp.app_context_processor
def _shared() -> dict[str, Any]:
    return {
        "status_words": statuses(),
        "kind_words": kinds(),
        "event_words": events(),
        "field_words": {
            "title": _("Title"),
            "kind": _("Kind"),
            "number": _("Number"),
            "status": _("Status"),
        },
        "lang": i18n.language(),
        "day_words": {
            "date": _("Date"),
            "times": _("Times"),
            "room": _("Room"),
            "not_given": _("not given"),
            "no_room": _("no room given"),
        },
        "languages": {"en": "English", "fr": "Français"},
        "switch_url": _switch_url,
    }


def _switch_url(language: str) -> str:
    from flask import request

    args: dict[str, Any] = {**request.args.to_dict(), **(request.view_args or {})}
    args["lang"] = language
    return url_for(request.endpoint or "pages.home", **args)
