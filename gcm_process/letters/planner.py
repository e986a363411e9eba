"""From a bundle of parsed letters and the record to the commands they imply.

The order of the plan: open the process if it is new (title and mandate from
the letters), appoint the co-facilitators who sign as such, issue each letter,
then the sessions each letter announces or changes, then the drafts circulated
and presented. Letters are read in date order, an enclosed letter before the
letter that covers it: the co-facilitators' own letter is the source of what a
cover letter repeats. Every command carries ``announced_on`` = the letter's
date and ``source`` = the letter's slug.

A letter given twice (same slug, same text) is read once. A letter already in
the record with the same text is not issued again; one with the same slug and
another text gets the next free slug (``-2``, ``-3``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date

from gcm_process.application import GcmProcess
from gcm_process.domain.errors import InvalidInput, NotFound
from gcm_process.letters.model import (
    Change,
    DraftNote,
    LetterBundle,
    Meeting,
    ParsedLetter,
)
from gcm_process.letters.plan import Builder, ImportPlan
from gcm_process.letters.sessions import find, plan_change, plan_meeting
from gcm_process.letters.state import DraftState, ProcessState
from gcm_process.letters.text import fold, slugify

_CONNECTORS = {"for", "on", "of", "against", "to", "in"}


def derive_slug(title: str, year: int) -> str:
    """``gcm-2018`` for the "Global Compact for Safe, Orderly and Regular Migration" of 2018.

    The initials of the words before the first "for/on/of/against/to/in" and of
    the last word, then the year of the earliest letter.
    """
    words = re.findall(r"[^\W\d_][\w'\u2019-]*", title)
    cut = next((i for i, w in enumerate(words) if w.lower() in _CONNECTORS), None)
    chosen = words if cut is None else [*words[:cut], words[-1]]
    initials = "".join(w[0] for w in chosen if w[0].isupper()) or slugify(title, 20)
    return f"{slugify(initials, 20)}-{year}"


def plan_import(
    app: GcmProcess,
    bundle: LetterBundle,
    process: str | None = None,
    *,
    title: str | None = None,
) -> ImportPlan:
    """The commands that would record what the letters say, given what the record holds.

    ``title`` names a new process whose letters do not give its title; without
    it, such a plan is shown with a problem that keeps it from being recorded.
    """
    if not bundle.letters:
        raise InvalidInput("There is no letter to import.")
    slug, read_title = _choose_process(app, bundle, process, title)
    b = Builder(app, ProcessState.load(app, slug))
    b.warnings += dict.fromkeys(bundle.warnings)
    letters = _final_slugs(b, bundle.letters)
    new_process = not b.state.exists
    problems: list[str] = []
    if new_process:
        chosen = title or read_title
        if chosen is None:
            problems.append(
                f"Process '{slug}' is new and the letters do not give its title (such as "
                "'Global Compact for ...' or 'the high-level meeting on ...' in the subject): "
                "give it with --title."
            )
            b.state.exists = True  # plan the rest as if it were open
        else:
            _open(b, letters, chosen)
    else:
        for letter in letters:
            b.already(letter, ["open"], f"open process {slug}")
    _facilitators(b, letters)
    for letter in letters:
        _issue(b, letter)
    touched: dict[str, date] = {}
    for letter in _reading_order(letters):
        for fact in letter.facts:
            if isinstance(fact, Meeting):
                plan_meeting(b, letter, fact, touched)
            elif isinstance(fact, Change):
                plan_change(b, letter, fact, touched)
    _drafts(b, letters)
    return ImportPlan(
        slug,
        new_process,
        tuple(letters),
        tuple(b.commands),
        tuple(b.warnings),
        unreadable=bundle.unreadable,
        problems=tuple(problems),
    )


def _choose_process(
    app: GcmProcess, bundle: LetterBundle, process: str | None, given: str | None
) -> tuple[str, str | None]:
    titles = Counter(letter.title for letter in bundle.letters if letter.title)
    title = max(titles, key=lambda t: (titles[t], len(t))) if titles else None
    title = given or title
    year = min(letter.dated for letter in bundle.letters).year
    derived = derive_slug(title, year) if title else None
    if process is not None:
        return process, title
    # The process the letters name: the one of the derived slug, else the only one
    # held with the same title, else (no title read) the only one held, else a new one.
    known = app.process_slugs()
    if derived is not None and derived in known:
        return derived, title
    if title is None and len(known) == 1:
        return known[0], title
    same = [k for k in known if title is not None and fold(app.process(k).title) == fold(title)]
    if len(same) == 1:
        return same[0], title
    if derived is None:
        return f"untitled-{year}", None
    return derived, title


def _final_slugs(b: Builder, given: tuple[ParsedLetter, ...]) -> list[ParsedLetter]:
    """The letters, each once, with the slugs they are recorded under."""
    once: dict[tuple[str, str], ParsedLetter] = {}
    for letter in given:
        once.setdefault((letter.slug, letter.fingerprint), letter)
    letters = list(once.values())
    renamed: list[str] = []
    taken: set[str] = set()
    for letter in letters:
        base, n, slug = letter.slug, 1, letter.slug
        while slug in taken or not _free_or_same(b, slug, letter):
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        renamed.append(slug)
    # A letter encloses the one of that slug read from the same file, else the first one.
    by_old: dict[tuple[str | None, str], str] = {}
    for letter, slug in zip(letters, renamed, strict=True):
        by_old.setdefault((letter.file, letter.slug), slug)
        by_old.setdefault((None, letter.slug), slug)

    def enclosed(letter: ParsedLetter) -> tuple[str, ...]:
        return tuple(
            by_old.get((letter.file, e), by_old.get((None, e), e)) for e in letter.encloses
        )

    return [
        replace(letter, slug=slug, encloses=enclosed(letter))
        for letter, slug in zip(letters, renamed, strict=True)
    ]


def _free_or_same(b: Builder, slug: str, letter: ParsedLetter) -> bool:
    if not b.state.exists:
        return True
    try:
        held = b.app.letter(b.state.slug, slug)
    except NotFound:
        return True
    return held.body == letter.body


def _held(b: Builder, slug: str) -> bool:
    if not b.state.exists:
        return False
    try:
        b.app.letter(b.state.slug, slug)
    except NotFound:
        return False
    return True


def _open(b: Builder, letters: list[ParsedLetter], title: str) -> None:
    named = [letter for letter in letters if letter.title == title] or letters
    source = next((letter for letter in named if letter.mandate), named[0])
    mandate = next((letter.mandate for letter in letters if letter.mandate), None)
    args = {"slug": b.state.slug, "title": title, "mandate": mandate}
    about = f"open process {b.state.slug}: {title}" + (f" ({mandate})" if mandate else "")
    b.add(source, "open", "open_process", args, about)
    b.state.exists, b.state.title = True, title


def _facilitators(b: Builder, letters: list[ParsedLetter]) -> None:
    for letter in letters:
        if not letter.by_facilitators:
            continue
        for person in letter.senders:
            item = f"appoint/{slugify(person.name)}"
            about = f"appoint co-facilitator {person.name}" + (
                f" ({person.delegation})" if person.delegation else "")  # fmt: skip
            if b.state.has_facilitator(person):
                b.already(letter, [item], about)
                continue
            b.state.facilitators.add(fold(person.name))
            b.add(letter, item, "appoint_facilitator",
                  {"process": b.state.slug, "person": person}, about)  # fmt: skip


def _issue(b: Builder, letter: ParsedLetter) -> None:
    senders = ", ".join(p.name for p in letter.senders) or "no signature read"
    encloses = f", enclosing {', '.join(letter.encloses)}" if letter.encloses else ""
    about = f"issue letter {letter.slug} of {letter.dated.isoformat()} from {senders}{encloses}"
    if _held(b, letter.slug):
        b.already(letter, ["issue"], about)
        return
    args = {
        "process": b.state.slug,
        "slug": letter.slug,
        "dated": letter.dated,
        "subject": letter.subject,
        "body": letter.body,
        "place": letter.place,
        "senders": list(letter.senders),
        "addressees": list(letter.addressees),
        "reference": letter.reference,
        "encloses": list(letter.encloses),
    }
    b.add(letter, "issue", "issue_letter", args, about, source=False)


def _reading_order(letters: list[ParsedLetter]) -> list[ParsedLetter]:
    return sorted(letters, key=lambda letter: (letter.dated, bool(letter.encloses)))


def _drafts(b: Builder, letters: list[ParsedLetter]) -> None:
    ordered = _reading_order(letters)
    for letter in ordered:
        for fact in letter.facts:
            if isinstance(fact, DraftNote) and fact.action == "circulate":
                _circulate(b, letter, fact.draft, fact.title, fact.on, fact.note)
    for letter in ordered:
        for fact in letter.facts:
            if isinstance(fact, Meeting) and fact.ref.draft is not None and fact.days:
                title = fact.title.removeprefix("Presentation of the ").capitalize()
                _present(b, letter, fact.line, fact.ref.draft, title, fact.ref.slug())
            elif isinstance(fact, DraftNote) and fact.session is not None:
                _present(b, letter, fact.line, fact.draft, fact.title, fact.session.slug())


def _circulate(
    b: Builder, letter: ParsedLetter, slug: str, title: str, on: date | None, note: str | None
) -> None:
    about = f"circulate {slug} ({title})" + (f" on {on.isoformat()}" if on else "")
    if b.state.draft(b.app, slug) is not None:
        b.already(letter, [f"circulate/{slug}"], about)
        return
    b.state.drafts[slug] = DraftState(slug)
    args = {"process": b.state.slug, "slug": slug, "title": title, "circulated_on": on,
            "note": note}  # fmt: skip
    b.add(letter, f"circulate/{slug}", "circulate_draft", args, about)


def _present(
    b: Builder, letter: ParsedLetter, line: int, draft: str, title: str, session_slug: str
) -> None:
    session = b.state.sessions.get(session_slug)
    if session is None:
        b.warn(letter, line, f"{draft} is to be presented at {session_slug}, which the process "
               "does not have; nothing recorded")  # fmt: skip
        return
    if b.state.draft(b.app, draft) is None:
        _circulate(b, letter, draft, title, None, None)
    state = b.state.drafts[draft]
    on = session.days[0].date
    about = f"present {draft} at {session_slug} on {on.isoformat()}"
    if session_slug in state.presented_at:
        b.already(letter, [f"present/{draft}/{session_slug}"], about)
        return
    state.presented_at.add(session_slug)
    args = {"process": b.state.slug, "slug": draft, "session": session_slug, "presented_on": on}
    b.add(letter, f"present/{draft}/{session_slug}", "present_draft", args, about)


__all__ = ["derive_slug", "find", "plan_import"]
