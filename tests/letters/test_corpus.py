"""Real letters, as extracted (scan noise and all): each file's plan is held to its expectation."""

from __future__ import annotations

from typing import Any

import pytest

from gcm_process.letters import LetterUnreadable
from tests.letters.corpus_score import CORPUS, corpus_score, expected, plan_file, sessions
from tests.letters.pdfs import make_pdf

FILES = expected()


def test_every_corpus_file_has_its_expectation() -> None:
    assert sorted(FILES) == sorted(p.name for p in CORPUS.glob("*.txt"))


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_real_letter_gives_its_expected_plan(name: str) -> None:
    want: dict[str, Any] = FILES[name]
    if "error" in want:
        with pytest.raises(LetterUnreadable, match=want["error"]):
            plan_file(name)
        return
    plan = plan_file(name)
    assert {letter.slug: [p.name for p in letter.senders] for letter in plan.letters} == want[
        "letters"
    ]
    assert sessions(plan) == want["sessions"]
    assert [(w.line, w.reason[: len(start)]) for w, (_, start) in
            zip(plan.warnings, want["warnings"], strict=False)] == [
        (line, start) for line, start in want["warnings"]
    ]  # fmt: skip
    assert len(plan.warnings) == len(want["warnings"]), [str(w) for w in plan.warnings]
    appointed = [c.arguments["person"].name for c in plan.commands
                 if c.name == "appoint_facilitator"]  # fmt: skip
    assert appointed == want["facilitators"]
    opened = [c.arguments["title"] for c in plan.commands if c.name == "open_process"]
    assert opened == ([want["title"]] if want["title"] else [])
    assert bool(plan.problems) == (want["title"] is None)


def test_the_corpus_score_has_no_wrong_fact() -> None:
    result = corpus_score()
    assert result.wrong_facts == []
    assert result.warnings_right == result.warnings_expected


@pytest.mark.parametrize("columns", [1, 2])
def test_a_pdf_of_a_real_letter_reads_as_its_text(columns: int, tmp_path: Any) -> None:
    """End to end through a PDF the test makes from a corpus letter (the lined handover)."""
    from click.testing import CliRunner

    from gcm_process.cli import main

    text = (CORPUS / "2017-03-01-synergies.txt").read_text(encoding="utf-8")
    pdf = tmp_path / "synergies.pdf"
    pdf.write_bytes(make_pdf(text, columns))
    data = tmp_path / "data"
    args = ["--data-dir", str(data), "import", str(pdf), "--title", "Synergies of agendas"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "informal-meeting-2017-03-06" in result.output
    assert "15:00 Conference Room 1" in result.output
