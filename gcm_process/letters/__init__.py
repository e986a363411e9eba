"""The letter importer: from an official letter's text to the commands it implies.

``read_letters`` parses text into a bundle of letters (deterministic rules,
documented in each module: ``split``, ``dates``, ``venues``, ``tables``,
``prose``, ``signatures``, ``reader``); ``plan_import`` compares it with the
record and lists the commands and warnings; ``record_plan`` records them.
"""

from gcm_process.letters.model import (
    Change,
    DraftNote,
    ImportWarning,
    LetterBundle,
    LettersUndated,
    LetterUnreadable,
    Meeting,
    ParsedLetter,
    SessionRef,
)
from gcm_process.letters.plan import ImportPlan, PlannedCommand
from gcm_process.letters.planner import derive_slug, plan_import
from gcm_process.letters.reader import combine, read_letters
from gcm_process.letters.record import record_plan
from gcm_process.letters.seed import SEED_LETTER, seed_text

__all__ = [
    "SEED_LETTER",
    "Change",
    "DraftNote",
    "ImportPlan",
    "ImportWarning",
    "LetterBundle",
    "LetterUnreadable",
    "LettersUndated",
    "Meeting",
    "ParsedLetter",
    "PlannedCommand",
    "SessionRef",
    "combine",
    "derive_slug",
    "plan_import",
    "read_letters",
    "record_plan",
    "seed_text",
]
