"""The home page and a process's schedule: now or at a point, with its picture and downloads."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, make_response, render_template, request, url_for

from api.conditional import conditional, daily
from api.pages import blp
from api.pages.cache import kept
from api.pages.common import jsonld_events, picture_words, process_ld, statuses
from api.pages.picture import draw
from api.pages.point import Picked, read_point
from api.services import services
from projections import queries
from projections import schedule_csv as csv_of
from projections.pages import trails


@blp.get("/")
@daily
def home() -> str:
    db = services().db
    today = date.today().isoformat()
    held = []
    for process in queries.processes(db):
        sessions = queries.sessions(db, process["slug"])
        coming = [s for s in sessions if s["days"] and s["days"][-1]["date"] >= today]
        held.append(
            {
                **process,
                "next": coming[0] if coming else None,
                "last": sessions[-1] if sessions and not coming else None,
            }
        )
    return render_template("home.html", processes=held, statuses=statuses())


def _timeline(process: str, point: Picked) -> dict[str, Any]:
    found: dict[str, Any] = queries.timeline(services().db, process, point.query())
    return found


@blp.get("/processes/<process>")
@kept
def schedule(process: str) -> Response:
    db = services().db
    about = queries.process(db, process)
    point = read_point()
    shown = Picked() if point.errors else point
    timeline = _timeline(process, shown)
    paths = trails(db, process, shown.query())
    base = request.url_root
    picture = draw(timeline["sessions"], paths, picture_words(about))
    host = request.host
    feed = url_for("outputs.Calendar", process=process)
    page = render_template(
        "schedule.html",
        process=about,
        point=point,
        sessions=timeline["sessions"],
        picture=picture,
        statuses=statuses(),
        webcal=f"webcal://{host}{feed}",
        feed=feed,
        jsonld=jsonld_events(timeline["sessions"], paths, about, base) or process_ld(about, base),
    )
    return make_response(page, 422 if point.errors else 200)


@blp.get("/processes/<process>/timeline.svg")
@kept
def picture(process: str) -> Response:
    db = services().db
    about = queries.process(db, process)
    point = read_point()
    if point.errors:
        return Response(" ".join(point.errors.values()), status=422, mimetype="text/plain")
    timeline = _timeline(process, point)
    svg = draw(timeline["sessions"], trails(db, process, point.query()), picture_words(about),
               standalone=True)  # fmt: skip
    return Response(svg, mimetype="image/svg+xml")


@blp.get("/processes/<process>/schedule.csv")
@conditional
def schedule_csv(process: str) -> Response:
    """One row per day of every session, at the point asked."""
    queries.process(services().db, process)
    point = read_point()
    if point.errors:
        return Response(" ".join(point.errors.values()), status=422, mimetype="text/plain")
    response = Response(csv_of.text(_timeline(process, point)),
                        mimetype=csv_of.MEDIA_TYPE)  # fmt: skip
    response.headers["Content-Disposition"] = f'attachment; filename="{process}-schedule.csv"'
    return response
