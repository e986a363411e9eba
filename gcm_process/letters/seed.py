"""The letter the GCM 2018 record starts from, shipped with the package."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

#: The President of the General Assembly's letter of 30 January 2018 enclosing
#: the co-facilitators' letter of the same day (text extracted from the PDF).
SEED_LETTER: Traversable = files("gcm_process") / "data" / "gcm-2018-01-30.txt"


def seed_text() -> str:
    return SEED_LETTER.read_text(encoding="utf-8")
