"""What changed (newest first, with filters and "since my last visit"), and one session."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, make_response, render_template, request, url_for

from api.conditional import conditional
from api.pages import blp
from api.pages.common import jsonld_events, picture_words, process_ld
from api.pages.diff import compare
from api.pages.i18n import _
from api.pages.picture import draw
from api.pages.point import Picked, read_point
from api.services import services
from gcm_process.domain.errors import InvalidInput
from gcm_process.domain.point import NOW, parse_date
from projections import queries
from projections.pages import change_counts, letters_named, trails

#: Changes shown on one page; older ones are a link away.
PER_PAGE = 100
SEEN = "gcm_seen_"


def _date_arg(name: str, errors: dict[str, str]) -> date | None:
    text = request.args.get(name, "").strip()[:40]
    if not text:
        return None
    try:
        return parse_date(text, name)
    except InvalidInput:
        errors[name] = _("“%(text)s” is not a date. Write it as YYYY-MM-DD, such as 2018-03-01.",
                         text=text)  # fmt: skip
        return None


def _position_arg(name: str, errors: dict[str, str]) -> int | None:
    text = request.args.get(name, "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 18:
        errors[name] = _("“%(text)s” is not a position in the record (a whole number).",
                         text=text[:40])  # fmt: skip
        return None
    return int(text)


@blp.get("/processes/<process>/changes")
@conditional
def changes(process: str) -> Response:
    db = services().db
    about = queries.process(db, process)
    errors: dict[str, str] = {}
    since, until = _date_arg("since", errors), _date_arg("until", errors)
    if since and until and since > until:
        errors["until"] = _("The end of the period is before its start.")
        until = None
    after, before = _position_arg("after", errors), _position_arg("before", errors)
    session = request.args.get("session", "").strip() or None
    sessions = queries.sessions(db, process)
    if session is not None and session not in {s["slug"] for s in sessions}:
        errors["session"] = _("Process “%(process)s” has no session “%(session)s”.",
                              process=process, session=session)  # fmt: skip
        session = None
    seen_text = request.cookies.get(SEEN + process, "")
    seen = int(seen_text) if seen_text.isdigit() and len(seen_text) <= 18 else None
    latest, unseen = change_counts(db, process, seen)
    page = queries.changes_page(db, process, since, until, session, after=after, before=before,
                                limit=PER_PAGE, newest_first=True)  # fmt: skip
    shown = [{**change, "compared": compare(change)} for change in page.items]
    response = make_response(
        render_template(
            "changes.html",
            process=about,
            changes=shown,
            older=None if page.next is None else _older_url(process, page.next[0]),
            sessions=sessions,
            titles={s["slug"]: s["title"] for s in sessions},
            letter_slugs=letters_named(db, process, {c["source"] for c in shown}),
            filters={
                "session": session or "",
                "since": request.args.get("since", ""),
                "until": request.args.get("until", ""),
                "after": after,
            },
            errors=errors,
            latest=latest,
            seen=seen,
            unseen=unseen,
            jsonld=process_ld(about, request.url_root),
        ),
        422 if errors else 200,
    )
    if latest and not errors:
        # Where the reader stopped: the next visit offers what was recorded after it.
        response.set_cookie(SEEN + process, str(latest), max_age=5 * 365 * 24 * 3600,
                            samesite="Lax", httponly=True)  # fmt: skip
    return response


def _older_url(process: str, before: int) -> str:
    args: dict[str, Any] = {
        k: v for k, v in request.args.items() if k in ("session", "since", "until", "after", "lang")
    }
    return url_for("pages.changes", process=process, before=before, **args)


def _at_point(process: str, slug: str, point: Picked) -> dict[str, Any] | None:
    timeline = queries.timeline(services().db, process, point.query())
    return next((s for s in timeline["sessions"] if s["slug"] == slug), None)


@blp.get("/processes/<process>/sessions/<session>")
@conditional
def session(process: str, session: str) -> tuple[str, int]:
    db = services().db
    about = queries.process(db, process)
    now = queries.session(db, process, session)
    history = queries.session_history(db, process, session)
    point = read_point()
    shown = _at_point(process, session, point) if point.past and not point.errors else now
    paths = trails(db, process, point.query() if shown is not now else NOW, session=session)
    picture = draw([shown], paths, picture_words(about)) if shown and shown["days"] else None
    of_session = {c["version"]: c for c in queries.changes(db, process, session=session)}
    for entry in history:
        entry["position"] = of_session[entry["version"]]["position"]
    changes = {version: compare(c) for version, c in of_session.items()}
    page = render_template(
        "session.html",
        process=about,
        session=now,
        shown=shown,
        point=point,
        history=history,
        changes=changes,
        letter_slugs={x["slug"] for x in queries.letters(db, process)},
        picture=picture,
        jsonld=jsonld_events([shown], paths, about, request.url_root) if shown else [],
    )
    return page, 422 if point.errors else 200
