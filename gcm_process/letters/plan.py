"""An import plan: the letters read, the commands they imply, the warnings.

Command ids are ``import/<process>/<letter slug>@<digest of its text>/<item>``,
where the item names the command and what it acts on (``schedule/round-1``,
``venue/round-3/conference-room-1``): the same letter always gives the same
ids, so an interrupted import is completed by running it again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gcm_process.application import GcmProcess
from gcm_process.domain import Day, session_state
from gcm_process.domain.session_state import DayForm
from gcm_process.jsonable import to_jsonable
from gcm_process.letters.model import ImportWarning, ParsedLetter, UnreadableLetter
from gcm_process.letters.state import ProcessState, recorded

MAX_ID = 200


@dataclass(frozen=True)
class PlannedCommand:
    name: str
    arguments: dict[str, Any]
    command_id: str
    description: str
    letter: str | None
    #: The command id was already served: running the plan records nothing for it.
    already_recorded: bool = False


@dataclass(frozen=True)
class ImportPlan:
    process: str
    new_process: bool
    letters: tuple[ParsedLetter, ...]
    commands: tuple[PlannedCommand, ...]
    warnings: tuple[ImportWarning, ...]
    #: Letters of the text that could not be read: recording the rest needs a choice.
    unreadable: tuple[UnreadableLetter, ...] = ()
    #: What keeps the plan from being recorded as it is (a new process without a title).
    problems: tuple[str, ...] = ()

    @property
    def to_record(self) -> list[PlannedCommand]:
        return [c for c in self.commands if not c.already_recorded]

    def refusal(self, accept_partial: bool) -> str | None:
        """Why this plan may not be recorded (None: it may)."""
        if self.problems:
            return " ".join(self.problems) + " Nothing was recorded."
        if self.unreadable and not accept_partial:
            listed = "; ".join(str(u) for u in self.unreadable)
            return (
                f"{len(self.unreadable)} letter(s) of the text could not be read ({listed}). "
                "Nothing was recorded: fix the text, or record the letters that were read "
                "with --accept-partial (accept_partial=true over HTTP)."
            )
        return None

    def as_json(self) -> dict[str, Any]:
        return {
            "process": self.process,
            "new_process": self.new_process,
            "letters": [_letter_json(letter) for letter in self.letters],
            "commands": [
                {
                    "name": c.name,
                    "arguments": to_jsonable(c.arguments),
                    "command_id": c.command_id,
                    "description": c.description,
                    "letter": c.letter,
                    "already_recorded": c.already_recorded,
                }
                for c in self.commands
            ],
            "warnings": [
                {"file": w.file, "line": w.line, "reason": w.reason} for w in self.warnings
            ],
            "unreadable": [
                {"file": u.file, "line": u.line, "reason": u.reason} for u in self.unreadable
            ],
            "problems": list(self.problems),
        }


def _letter_json(letter: ParsedLetter) -> dict[str, Any]:
    return {
        "slug": letter.slug,
        "dated": letter.dated.isoformat(),
        "place": letter.place,
        "senders": to_jsonable(letter.senders),
        "addressees": list(letter.addressees),
        "subject": letter.subject,
        "reference": letter.reference,
        "encloses": list(letter.encloses),
        "file": letter.file,
        "first_line": letter.first_line,
    }


def item_id(process: str, letter: ParsedLetter, item: str) -> str:
    """The command id of ``item`` of ``letter``, cut to the longest id the record takes."""
    return bounded_id(f"import/{process}/{letter.slug}@{letter.fingerprint}/{item}")


def bounded_id(full: str) -> str:
    if len(full) <= MAX_ID:
        return full
    return full[: MAX_ID - 17] + "~" + hashlib.sha256(full.encode()).hexdigest()[:16]


@dataclass
class Builder:
    """The plan as it is built: the simulated state, the commands, the warnings."""

    app: GcmProcess
    state: ProcessState
    commands: list[PlannedCommand] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)

    def command_id(self, letter: ParsedLetter, item: str) -> str:
        return item_id(self.state.slug, letter, item)

    def add(
        self,
        letter: ParsedLetter,
        item: str,
        name: str,
        arguments: dict[str, Any],
        description: str,
        *,
        source: bool = True,
    ) -> None:
        arguments = {**arguments, "announced_on": letter.dated}
        if source:
            arguments["source"] = letter.slug
        command_id = self.command_id(letter, item)
        done = recorded(self.app, command_id) is not None
        self.commands.append(
            PlannedCommand(name, arguments, command_id, description, letter.slug, done)
        )

    def already(self, letter: ParsedLetter, items: Sequence[str], description: str) -> bool:
        """Note a command this letter already recorded (found by its id), if any; was there one."""
        for item in items:
            command_id = self.command_id(letter, item)
            receipt = recorded(self.app, command_id)
            if receipt is not None:
                self.commands.append(
                    PlannedCommand(receipt.command, {}, command_id, description, letter.slug, True)
                )
                return True
        return False

    def read_before(self, letter: ParsedLetter, command_ids: Sequence[str], what: str) -> bool:
        """Whether the record holds a command of ``letter`` among ``command_ids`` (then note it).

        A letter recorded once, as read or as a clerk corrected it, is not read again
        into changes of what it already recorded.
        """
        prefix = item_id(self.state.slug, letter, "")
        mine = [c for c in command_ids if c.startswith(prefix)]
        receipt = recorded(self.app, mine[-1]) if mine else None
        if receipt is None:
            return False
        self.commands.append(PlannedCommand(receipt.command, {}, mine[-1], what, letter.slug, True))
        return True

    def warn(self, letter: ParsedLetter, line: int, reason: str) -> None:
        self.warnings.append(ImportWarning(line, reason, letter.file))


def describe_days(days: Sequence[Day]) -> str:
    """Days grouped into runs of consecutive dates with the same room, place and times."""
    return session_state.describe_days(DayForm.of(d) for d in days)
