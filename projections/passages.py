"""Which passage of a letter produced which recorded fact.

The importer reads a letter's text by deterministic rules, and every fact it
reads carries its line. Reading the stored text of a letter again gives the
same facts on the same lines of that text; a passage is linked to the events
of the record whose source is the letter and whose session the fact names
(and to the drafts the letter circulated or presented). A passage whose fact
the record does not hold (a warning at import, a fact recorded from another
letter) is not highlighted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from gcm_process.domain.errors import InvalidInput
from gcm_process.letters import Change, DraftNote, Meeting, read_letters
from projections.pages import events_from_letter
from projections.records import drafts, letter

#: A passage runs on over lines that do not end a sentence, up to this many.
MAX_LINES = 6
_ENDS = (".", ";", ":", "!", "?")


@dataclass
class Passage:
    """Lines ``first``..``last`` (1-based) of a letter's text and the facts they produced."""

    first: int
    last: int
    #: Session events (``session``, ``version``, ``event`` ...) the passage produced.
    events: list[dict[str, Any]] = field(default_factory=list)
    #: Slugs of the drafts it circulated or presented.
    drafts: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"line-{self.first}"


@dataclass
class LetterText:
    letter: dict[str, Any]
    lines: list[str]
    passages: list[Passage]

    def passage_at(self, number: int) -> Passage | None:
        for passage in self.passages:
            if passage.first <= number <= passage.last:
                return passage
        return None


def letter_text(db: Database, process: str, slug: str) -> LetterText:
    """The letter, its lines, and the passages that produced what the record holds from it."""
    found = letter(db, process, slug)
    lines = found["body"].split("\n")
    events = events_from_letter(db, process, slug)
    by_session: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        by_session.setdefault(event["slug"], []).append(event)
    from_letter = {d["slug"] for d in drafts(db, process) if d["source"] == slug}
    passages: dict[int, Passage] = {}
    for line, session, draft in _facts(found["body"]):
        chosen = by_session.get(session or "", [])
        wanted = draft if draft in from_letter else None
        if not chosen and wanted is None:
            continue
        passage = passages.get(line)
        if passage is None:
            passage = passages[line] = Passage(line, passage_end(lines, line))
        for event in chosen:
            if event not in passage.events:
                passage.events.append(event)
        if wanted is not None and wanted not in passage.drafts:
            passage.drafts.append(wanted)
    return LetterText(found, lines, sorted(passages.values(), key=lambda p: p.first))


def _facts(body: str) -> list[tuple[int, str | None, str | None]]:
    """(line, session slug, draft slug) of every fact read in the text."""
    try:
        bundle = read_letters(body)
    except InvalidInput:
        return []  # a letter recorded by hand, not in a form the importer reads
    found: list[tuple[int, str | None, str | None]] = []
    for parsed in bundle.letters:
        for fact in parsed.facts:
            if isinstance(fact, Meeting | Change):
                found.append((fact.line, fact.ref.slug(), fact.ref.draft))
            elif isinstance(fact, DraftNote):
                # Its session's own changes come from other passages.
                found.append((fact.line, None, fact.draft))
    return found


def passage_end(lines: list[str], first: int) -> int:
    last = first
    while (
        last - first < MAX_LINES - 1
        and last < len(lines)
        and not lines[last - 1].rstrip().endswith(_ENDS)
        and "\t" not in lines[last - 1]
        and lines[last].strip()
        and "\t" not in lines[last]
    ):
        last += 1
    return last
