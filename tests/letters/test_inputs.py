"""Letters as they arrive: PDFs (one and two columns), encodings, limits, partial plans."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from gcm_process.application import GcmProcess
from gcm_process.letters import LetterUnreadable, plan_import, read_letters, seed_text
from gcm_process.letters.inputs import InputTooLarge, letter_text
from tests.factories import SEED_SESSIONS
from tests.letters.conftest import Cli
from tests.letters.pdfs import blank_pdf, make_pdf

SEED_COMMANDS = 15


@pytest.mark.parametrize("columns", [1, 2])
def test_a_pdf_of_the_seed_gives_its_fifteen_commands(app: GcmProcess, columns: int) -> None:
    text = letter_text(make_pdf(seed_text(), columns), "seed.pdf")
    plan = plan_import(app, read_letters(text, "seed.pdf"))
    assert len(plan.commands) == SEED_COMMANDS
    scheduled = [c.arguments["slug"] for c in plan.commands if c.name == "schedule_session"]
    assert scheduled == SEED_SESSIONS
    assert len(plan.warnings) == 1


def test_a_pdf_without_text_or_damaged_is_a_clear_error() -> None:
    with pytest.raises(LetterUnreadable, match="without a text layer"):
        letter_text(blank_pdf(), "scan.pdf")
    with pytest.raises(LetterUnreadable, match=r"scan.pdf is a .*PDF that cannot be read"):
        letter_text(make_pdf(seed_text())[:900], "scan.pdf")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
def test_text_in_any_common_encoding(encoding: str) -> None:
    text = seed_text().replace("Lajčák", "Lajcák")  # Windows-1252 has no č
    assert letter_text(text.encode(encoding), "x") == text.lstrip("\ufeff")


def test_bytes_in_no_known_encoding_are_an_error() -> None:
    with pytest.raises(LetterUnreadable, match="not text in a known encoding"):
        letter_text(b"Excellency,\x81\x8d\x8f\x90\x9d" * 10, "x")


def test_inputs_over_their_limit_are_refused_before_reading() -> None:
    with pytest.raises(InputTooLarge, match="at most 100 are read"):
        letter_text(b"x" * 101, "big.txt", max_bytes=100)
    with pytest.raises(InputTooLarge, match="at most 10 are read in one import"):
        letter_text(b"x" * 11, "big.txt", max_chars=10)


def test_the_cli_imports_a_pdf_end_to_end(
    cli: Cli, tmp_path: Path, stored: Callable[[], GcmProcess]
) -> None:
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(make_pdf(seed_text(), columns=2))
    result = cli("import", pdf)
    assert result.exit_code == 0, result.output
    assert f"Recorded {SEED_COMMANDS} command(s) in gcm-2018" in result.output
    again = cli("import", pdf)
    assert f"Recorded 0 command(s) in gcm-2018; {SEED_COMMANDS} were already" in again.output
    assert stored().session("gcm-2018", "round-6").days[0].venue == "Conference Room 1"


def test_the_cli_refuses_a_file_over_the_limit(cli: Cli, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(21 * 1024 * 1024)
    result = cli("import", big)
    assert result.exit_code == 1 and "at most 20,971,520 are read" in result.output


UNDATED = seed_text().replace("New York, 30 January 2018", "New York, 30 January 20 I 8")


def test_an_unreadable_letter_is_an_error_naming_it_and_the_rest_is_planned(
    app: GcmProcess,
) -> None:
    bundle = read_letters(UNDATED, "two.txt")
    assert [letter.slug for letter in bundle.letters] == ["2018-01-30-pga"]
    [unreadable] = bundle.unreadable
    assert "salutation is on line 28" in unreadable.reason
    assert "line 26 says 'New York, 30 January 20 I 8'" in unreadable.reason
    plan = plan_import(app, bundle)
    assert plan.refusal(accept_partial=False) is not None
    assert plan.refusal(accept_partial=True) is None
    assert "2018-02-05" in " ".join(c.description for c in plan.commands)


def _refused(cli: Cli, path: Path, text: str) -> tuple[Path, str]:
    """The letter written to ``path``, and what ``import`` says as it refuses it."""
    path.write_text(text, encoding="utf-8")
    refused = cli("import", path)
    assert refused.exit_code == 1
    return path, refused.output


def test_recording_a_partial_plan_needs_accept_partial(
    cli: Cli, tmp_path: Path, stored: Callable[[], GcmProcess]
) -> None:
    path, refused = _refused(cli, tmp_path / "two.txt", UNDATED)
    assert "Letters not read (errors)" in refused
    assert "1 letter(s) of the text could not be read" in refused
    assert stored().process_slugs() == []
    accepted = cli("import", path, "--accept-partial")
    assert accepted.exit_code == 0, accepted.output
    assert stored().process_slugs() == ["gcm-2018"]


NO_TITLE = """30 January 2018

Excellency,

The co-facilitators will hold an informal briefing on Monday, 5 February 2018, at 3 p.m. \
in Conference Room 3.

Please accept, Excellency, the assurances of my highest consideration.

Miroslav Lajčák
"""


def test_without_a_title_the_plan_says_so_and_title_supplies_it(
    cli: Cli, tmp_path: Path, stored: Callable[[], GcmProcess]
) -> None:
    path, refused = _refused(cli, tmp_path / "briefing.txt", NO_TITLE)
    assert "do not give its title" in refused and "--title" in refused
    assert "briefing-2018-02-05" in refused  # the rest of the plan is shown
    ok = cli("import", path, "--title", "Informal briefings on migration")
    assert ok.exit_code == 0, ok.output
    [slug] = stored().process_slugs()
    assert stored().process(slug).title == "Informal briefings on migration"
