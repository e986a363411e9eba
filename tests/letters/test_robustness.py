"""Whatever the text, the parser gives letters and warnings, or LetterUnreadable: never a crash."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain.errors import InvalidInput
from gcm_process.letters import LetterUnreadable, plan_import, read_letters, record_plan, seed_text
from tests.letters.conftest import sample

SEED_LINES = seed_text().split("\n")
LATER = sample("gcm-2018-03-01-dates.txt").split("\n")
LETTERISH = "Excellency,\n 0123456789 February 2018 to\u2013-\tRound CR ()"
NOISE = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


@st.composite
def mutated(draw: st.DrawFn, lines: list[str]) -> str:
    """A letter with lines deleted, duplicated or swapped, and random characters put in."""
    result = list(lines)
    for _ in range(draw(st.integers(0, 6))):
        if not result:
            break
        i = draw(st.integers(0, len(result) - 1))
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "noise"]))
        if operation == "delete":
            del result[i]
        elif operation == "duplicate":
            result.insert(i, result[i])
        elif operation == "swap":
            j = draw(st.integers(0, len(result) - 1))
            result[i], result[j] = result[j], result[i]
        else:
            at = draw(st.integers(0, len(result[i])))
            result[i] = result[i][:at] + draw(NOISE) + result[i][at:]
    return "\n".join(result)


def _read(text: str) -> None:
    try:
        bundle = read_letters(text)
    except LetterUnreadable as error:
        assert str(error)
        return
    assert bundle.letters
    for warning in bundle.warnings:
        assert warning.line >= 1 and warning.reason


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes_the_parser(text: str) -> None:
    _read(text)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=LETTERISH, max_size=300))
def test_letter_like_noise_never_crashes_the_parser(text: str) -> None:
    _read(text)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(SEED_LINES), mutated(LATER))
def test_mutated_letters_are_read_planned_and_recorded_without_crashing(
    seed: str, later: str
) -> None:
    """Planning never crashes either, and what it plans the application accepts."""
    app = GcmProcess(Settings(Path("unused"), "memory").application_env())
    try:
        for text in (seed, later):
            try:
                plan = plan_import(app, read_letters(text))
            except InvalidInput:  # LetterUnreadable
                continue
            if plan.problems:  # no title read for a new process: the plan says so
                continue
            receipts = record_plan(app, plan, actor="test", accept_partial=True)
            assert len(receipts) == len(plan.commands)
            again = plan_import(app, read_letters(text), plan.process)
            assert again.to_record == []
    finally:
        app.close()
