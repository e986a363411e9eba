"""The corpus score: real letters, as extracted, against the plan a careful clerk would make.

``expected.json`` gives for each letter file (``tests/letters/corpus``) the
sessions it announces: ``sessions`` the importer must read exactly (kind,
days with times and rooms), ``missed`` those it is allowed not to read when a
warning says so; the warnings it must give (line and the start of the
reason); the letters with their signatories; the process title it reads
(null: none, so ``--title`` is needed); or the error that refuses a text that
is not a letter (``error``).

    .venv/bin/python -m tests.letters.corpus_score     # prints the score
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain.places import UN_HEADQUARTERS
from gcm_process.letters import ImportPlan, LetterUnreadable, plan_import, read_letters
from gcm_process.letters.inputs import letter_text

CORPUS = Path(__file__).parent / "corpus"


@dataclass
class Score:
    files: int = 0
    letters: int = 0
    sessions_expected: int = 0
    sessions_right: int = 0
    warnings_expected: int = 0
    warnings_right: int = 0
    wrong_facts: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.files} files, {self.letters} letters: sessions right "
            f"{self.sessions_right}/{self.sessions_expected}, warnings right "
            f"{self.warnings_right}/{self.warnings_expected}, wrong facts planned "
            f"{len(self.wrong_facts)}"
        )


def expected() -> dict[str, Any]:
    found: dict[str, Any] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    return found


def plan_file(name: str) -> ImportPlan:
    path = CORPUS / name
    app = GcmProcess(Settings(Path("unused"), "memory").application_env())
    try:
        bundle = read_letters(letter_text(path.read_bytes(), name), name)
        return plan_import(app, bundle)
    finally:
        app.close()


def sessions(plan: ImportPlan) -> dict[str, dict[str, Any]]:
    """The sessions a plan schedules, in the shape of ``expected.json``."""
    found: dict[str, dict[str, Any]] = {}
    for c in plan.commands:
        if c.name != "schedule_session":
            continue
        days = [
            [d.date.isoformat(), d.start and f"{d.start:%H:%M}", d.end and f"{d.end:%H:%M}",
             d.venue, *([] if d.place == UN_HEADQUARTERS else [d.place.city])]
            for d in c.arguments["days"]
        ]  # fmt: skip
        found[c.arguments["slug"]] = {"kind": c.arguments["kind"], "days": days}
    return found


def score(name: str, want: dict[str, Any], total: Score) -> None:
    total.files += 1
    if "error" in want:  # not a letter: refused, so nothing of it is read
        total.sessions_expected += len(want["missed"])
        try:
            plan_file(name)
        except LetterUnreadable as error:
            if not str(error).startswith(want["error"]):
                total.wrong_facts.append(f"{name}: refused for another reason: {error}")
            return
        total.wrong_facts.append(f"{name}: read, though it is not a letter")
        return
    plan = plan_file(name)
    total.letters += len(plan.letters)
    got = sessions(plan)
    total.sessions_expected += len(want["sessions"]) + len(want["missed"])
    for slug, session in got.items():
        if want["sessions"].get(slug) == session:
            total.sessions_right += 1
        else:
            total.wrong_facts.append(f"{name}: {slug} {session}")
    reasons = [(w.line, w.reason) for w in plan.warnings]
    total.warnings_expected += len(want["warnings"])
    for line, start in want["warnings"]:
        if any(at == line and reason.startswith(start) for at, reason in reasons):
            total.warnings_right += 1


def corpus_score() -> Score:
    total = Score()
    for name, want in expected().items():
        score(name, want, total)
    return total


if __name__ == "__main__":
    result = corpus_score()
    print(result)
    for wrong in result.wrong_facts:
        print("wrong:", wrong)
