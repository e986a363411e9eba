"""Planning is linear in the text: eight times the text takes at most about ten times as long.

Both inputs are timed in turns, best of five, so that the other work of a busy
machine falls on both alike, and with the cyclic garbage collector paused (as
``timeit`` times): its full collections walk every object of the test process,
which a whole test run makes many, and would count against the larger input.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.letters import plan_import, read_letters, seed_text
from tests.letters.conftest import letter

#: How much worse than proportional the larger input may be: about ten times for eight
#: times the text, with room for a busy machine (a quadratic step would be 64 times).
SLACK = 1.5


def long_letter(meetings: int) -> str:
    """One letter announcing ``meetings`` briefings: one item per sentence, one body for all."""
    first = date(2018, 3, 5)
    sentences = [
        f"An informal briefing will be held on {(first + timedelta(days=i)):%-d %B %Y} at "
        f"3 p.m. in Conference Room {1 + i % 9}."
        for i in range(meetings)
    ]
    return letter("1 March 2018", " ".join(sentences))


def many_letters(copies: int) -> str:
    """``copies`` cover letters with enclosures, each a little different."""
    return "\n\n\n".join(
        seed_text().replace("Further details will", f"Note {i}: further details will")
        for i in range(copies)
    )


def _once(text: str) -> float:
    app = GcmProcess(Settings(Path("unused"), "memory").application_env())
    gc.collect()
    gc.disable()
    try:
        started = time.perf_counter()
        plan_import(app, read_letters(text))
        taken = time.perf_counter() - started
    finally:
        gc.enable()
    app.close()
    return taken


def _best(small: str, large: str, rounds: int = 5) -> tuple[float, float]:
    """The best time of each, timed in turns so that a busy spell falls on both alike."""
    times = [(_once(small), _once(large)) for _ in range(rounds)]
    return min(t for t, _ in times), min(t for _, t in times)


@pytest.mark.parametrize(
    ("text", "small", "large"),
    [(long_letter, 100, 860), (many_letters, 4, 32)],
    ids=["one long letter", "many letters"],
)
def test_planning_takes_linear_time(text: Callable[[int], str], small: int, large: int) -> None:
    short, long = text(small), text(large)
    ratio = len(long) / len(short)
    assert 7.5 < ratio < 8.5
    quick, slow = _best(short, long)
    assert slow <= ratio * SLACK * quick
