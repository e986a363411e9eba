"""The letters, with full-text search, and a letter with the passages that made the record."""

from __future__ import annotations

from flask import render_template, request

from api.conditional import conditional
from api.pages import blp
from api.pages.common import process_ld
from api.pages.i18n import _
from api.services import services
from gcm_process.domain.errors import InvalidInput
from projections import queries
from projections.passages import letter_text
from projections.records import drafts

MAX_QUERY = 200


@blp.get("/processes/<process>/letters")
@conditional
def letters(process: str) -> tuple[str, int]:
    db = services().db
    about = queries.process(db, process)
    q = request.args.get("q", "").strip()[:MAX_QUERY]
    error = None
    try:
        found = queries.letters(db, process, q or None)
    except InvalidInput:
        error = _("A search may not contain control characters (such as a tab or a line break).")
        found = []
    page = render_template("letters.html", process=about, letters=found, q=q, error=error,
                           jsonld=process_ld(about, request.url_root))  # fmt: skip
    return page, 422 if error else 200


@blp.get("/processes/<process>/letters/<letter>")
@conditional
def letter(process: str, letter: str) -> str:
    db = services().db
    about = queries.process(db, process)
    text = letter_text(db, process, letter)
    lines = [
        {"number": n, "text": line, "passage": text.passage_at(n)}
        for n, line in enumerate(text.lines, 1)
    ]
    titles = {d["slug"]: d["title"] for d in drafts(db, process)}
    return render_template(
        "letter.html",
        process=about,
        letter=text.letter,
        lines=lines,
        passages=text.passages,
        draft_titles=titles,
        jsonld=process_ld(about, request.url_root),
    )
