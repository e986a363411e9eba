"""The plan beside the letter's text: which lines each planned command came from, and the
warnings at their lines, letter by letter.

The importer reads by deterministic rules and every fact it reads carries its
line of the text; a command is linked to the passages of the facts of its own
letter that name what it acts on (the session, the draft); a letter's own
commands (issue, open, appoint) to the letter's first line. A passage runs on
as on the public letter page (``projections.passages.passage_end``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gcm_process.letters import Change, DraftNote, ImportPlan, Meeting, ParsedLetter, PlannedCommand
from gcm_process.letters.text import normalise
from projections.passages import passage_end

SESSION_COMMANDS = frozenset({"schedule_session", "reschedule_session", "change_venue",
                              "postpone_session", "cancel_session", "mark_held"})  # fmt: skip
DRAFT_COMMANDS = frozenset({"circulate_draft", "present_draft"})


@dataclass
class TextLine:
    number: int
    text: str
    #: The first line of the passage this line is part of, if any.
    passage: int | None = None
    #: Keys of the plan items whose passage starts here.
    items: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class LetterOutcome:
    letter: ParsedLetter
    planned: int = 0
    already: int = 0
    warnings: list[tuple[int, str]] = field(default_factory=list)


def command_lines(letter: ParsedLetter | None, command: PlannedCommand) -> list[int]:
    """The lines of ``letter`` whose facts gave ``command``."""
    if letter is None:
        return []
    args: dict[str, Any] = command.arguments
    if command.name in SESSION_COMMANDS:
        wanted = args.get("slug")
        return sorted({f.line for f in letter.facts
                       if isinstance(f, Meeting | Change) and f.ref.slug() == wanted})  # fmt: skip
    if command.name in DRAFT_COMMANDS:
        wanted = args.get("slug")
        return sorted({f.line for f in letter.facts
                       if (isinstance(f, DraftNote) and f.draft == wanted)
                       or (isinstance(f, Meeting) and f.ref.draft == wanted)})  # fmt: skip
    return [letter.first_line] if args or command.already_recorded else []


def text_lines(text: str) -> list[str]:
    """The lines of the text as the importer numbers them."""
    return normalise(text).split("\n")


def beside(text: str, plan: ImportPlan, item_lines: dict[str, list[int]]) -> list[TextLine]:
    """The text's lines with the passages of the plan's items and the warnings at their lines."""
    raw = text_lines(text)
    lines = [TextLine(n, line.rstrip()) for n, line in enumerate(raw, 1)]
    for key, numbers in item_lines.items():
        for first in numbers:
            if not 1 <= first <= len(lines):
                continue
            lines[first - 1].items.append(key)
            for n in range(first, passage_end(raw, first) + 1):
                if lines[n - 1].passage is None:
                    lines[n - 1].passage = first
    found: list[tuple[int, str]] = [(w.line, w.reason) for w in plan.warnings]
    found += [(u.line, u.reason) for u in plan.unreadable]
    for line, reason in found:
        if 1 <= line <= len(lines):
            lines[line - 1].warnings.append(reason)
    return lines


def outcomes(plan: ImportPlan) -> list[LetterOutcome]:
    """Each letter of the text with its own outcome: commands planned, already there, warnings."""
    found = [LetterOutcome(letter) for letter in plan.letters]
    by_slug = {o.letter.slug: o for o in found}
    for command in plan.commands:
        outcome = by_slug.get(command.letter or "")
        if outcome is None:
            continue
        if command.already_recorded:
            outcome.already += 1
        else:
            outcome.planned += 1
    starts = sorted(found, key=lambda o: o.letter.first_line)
    for warning in plan.warnings:
        owner = None
        for outcome in starts:
            if outcome.letter.first_line <= warning.line:
                owner = outcome
        if owner is not None:
            owner.warnings.append((warning.line, warning.reason))
    return found
