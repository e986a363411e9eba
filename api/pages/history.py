"""What changed (newest first, with filters and "since my last visit"), and one session."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, make_response, render_template, request, url_for

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
from projections.pages import change_positions, trails

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
    positions = change_positions(db, process)
    latest = max(positions.values(), default=0)
    found = []
    for change in reversed(queries.changes(db, process, since, until, session)):
        at = positions[(change["session"], change["version"])]
        if (after is not None and at <= after) or (before is not None and at >= before):
            continue
        found.append({**change, "position": at, "compared": compare(change)})
    shown, more = found[:PER_PAGE], len(found) > PER_PAGE
    seen_text = request.cookies.get(SEEN + process, "")
    seen = int(seen_text) if seen_text.isdigit() else None
    response = make_response(
        render_template(
            "changes.html",
            process=about,
            changes=shown,
            older=_older_url(process, shown[-1]["position"]) if more else None,
            sessions=sessions,
            titles={s["slug"]: s["title"] for s in sessions},
            letter_slugs={x["slug"] for x in queries.letters(db, process)},
            filters={
                "session": session or "",
                "since": request.args.get("since", ""),
                "until": request.args.get("until", ""),
                "after": after,
            },
            errors=errors,
            latest=latest,
            seen=seen,
            unseen=sum(1 for p in positions.values() if seen is not None and p > seen),
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
def session(process: str, session: str) -> tuple[str, int]:
    db = services().db
    about = queries.process(db, process)
    now = queries.session(db, process, session)
    history = queries.session_history(db, process, session)
    point = read_point()
    shown = _at_point(process, session, point) if point.past and not point.errors else now
    paths = trails(db, process, point.query() if shown is not now else NOW, session=session)
    picture = draw([shown], paths, picture_words(about)) if shown and shown["days"] else None
    positions = change_positions(db, process)
    for entry in history:
        entry["position"] = positions.get((session, entry["version"]))
    changes = {c["version"]: compare(c) for c in queries.changes(db, process, session=session)}
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
