"""Rules real letters need: tables run together, counted meetings, places, openings."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from click.testing import CliRunner

from gcm_process.application import GcmProcess
from gcm_process.cli import main
from gcm_process.domain.places import UN_HEADQUARTERS
from gcm_process.letters import plan_import, read_letters, seed_text
from tests.letters.conftest import letter, scheduled_days, the_one_scheduled
from tests.letters.pdfs import make_pdf

TABLE = (
    "We reconfirm the dates of the negotiation rounds, to be held at United Nations "
    "Headquarters in New York: Round Dates Location 1 20 to 23 February 2018 Conference Room 4 "
    "2 12 to 15 March 2018 ECOSOC Chamber 3 3 to 6 April 2018 {last} Further details will "
    "follow."
)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_seed_flattened_to_one_line_plans_what_the_seed_plans(app: GcmProcess) -> None:
    lined = plan_import(app, read_letters(seed_text()))
    flat = plan_import(app, read_letters(_flat(seed_text())))
    assert [c.name for c in flat.commands] == [c.name for c in lined.commands]
    assert len(flat.commands) == 15
    assert scheduled_days(app, _flat(seed_text())) == scheduled_days(app, seed_text())
    assert [w.reason.split(":")[0] for w in flat.warnings] == ["round label '4' read as round 1"]


def test_rows_run_together_are_found_again_by_their_dates_and_rooms(app: GcmProcess) -> None:
    text = letter("15 January 2018", TABLE.format(last="Conference Room 2"))
    found = scheduled_days(app, _flat(text))
    assert found["round-1"][0] == (date(2018, 2, 20), "Conference Room 4")
    assert found["round-2"][-1] == (date(2018, 3, 15), "ECOSOC Chamber")
    assert found["round-3"] == [(date(2018, 4, d), "Conference Room 2") for d in range(3, 7)]


def test_rows_whose_end_is_not_sure_stay_a_warning(app: GcmProcess) -> None:
    text = _flat(letter("15 January 2018", TABLE.format(last="a room to be announced")))
    plan = plan_import(app, read_letters(text))
    assert not [c for c in plan.commands if c.name == "schedule_session"]
    assert [w.reason.split(":")[0] for w in plan.warnings] == ["table row not read"]


def test_a_sentence_counting_its_meetings_gives_one_session_on_each_date(
    app: GcmProcess,
) -> None:
    said = "We plan to hold two further meetings on 3 December and 16 December 2017."
    found = scheduled_days(app, letter("17 November 2017", said))
    assert found == {
        "informal-meeting-2017-12-03": [(date(2017, 12, 3), None)],
        "informal-meeting-2017-12-16": [(date(2017, 12, 16), None)],
    }
    miscounted = "We plan to hold three further meetings on 3 December and 16 December 2017."
    plan = plan_import(app, read_letters(letter("17 November 2017", miscounted)))
    assert not [c for c in plan.commands if c.name == "schedule_session"]
    assert [w.reason.split(': "')[0] for w in plan.warnings] == [
        "not read: it counts 3 meetings but gives 2 date(s)"
    ]


def test_a_meeting_with_no_place_in_a_letter_naming_geneva_is_not_put_in_new_york(
    app: GcmProcess,
) -> None:
    context = "The review processes in Geneva and New York are complementary."
    placeless = "The working group will hold a meeting from 25 to 29 October 2017."
    plan = plan_import(app, read_letters(letter("5 October 2017", context, placeless)))
    assert not [c for c in plan.commands if c.name == "schedule_session"]
    assert [w.reason.split(': "')[0] for w in plan.warnings] == [
        "not read: it gives no place, and the letter names another place (Geneva)"
    ]
    in_a_room = "An informal meeting will be held on 30 October 2017 in Conference Room 1."
    scheduled = the_one_scheduled(app, letter("5 October 2017", context, in_a_room))
    assert [(d.venue, d.place) for d in scheduled["days"]] == [
        ("Conference Room 1", UN_HEADQUARTERS)
    ]


def test_an_invitation_to_the_opening_of_a_forum_schedules_that_opening(app: GcmProcess) -> None:
    said = (
        "I look forward to seeing you at the opening of the high-level political forum on "
        "sustainable development (HLPF) on Tuesday, 5 July 2022, in the General Assembly Hall."
    )
    scheduled = the_one_scheduled(app, letter("4 July 2022", said))
    assert scheduled["slug"] == "opening-2022-07-05"
    assert scheduled["kind"] == "other"
    assert scheduled["title"].startswith("Opening of the high-level political forum")
    assert [(d.date, d.venue) for d in scheduled["days"]] == [
        (date(2022, 7, 5), "General Assembly Hall")
    ]


def test_every_letter_flattened_to_one_line_plans_the_same_sessions(app: GcmProcess) -> None:
    """The seed, the samples and the corpus, each run into one line, plan what their lines plan."""
    from tests.letters.conftest import SAMPLES
    from tests.letters.corpus_score import CORPUS, expected

    texts = [seed_text()] + [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    texts += [
        (CORPUS / n).read_text(encoding="utf-8") for n, w in expected().items() if "error" not in w
    ]
    for text in texts:
        assert scheduled_days(app, _flat(text)) == scheduled_days(app, text), text[:80]


def test_a_plenary_meeting_with_its_time_spaced_by_a_pdf_is_read(app: GcmProcess) -> None:
    said = (
        "I intend to present the draft decision for action at the plenary meeting of the "
        "General Assembly on Friday, 1 September 2023 at 10. 00 a. m. in the General Assembly Hall."
    )
    scheduled = the_one_scheduled(app, letter("30 August 2023", said))
    assert (scheduled["slug"], scheduled["kind"]) == (
        "plenary-2023-09-01",
        "other",
    )
    (day,) = scheduled["days"]
    assert (day.date, day.start, day.venue) == (date(2023, 9, 1), time(10), "General Assembly Hall")


@pytest.mark.parametrize("columns", [1, 2])
def test_a_pdf_of_the_seed_run_into_one_line_records_its_fifteen_commands(
    columns: int, tmp_path: Path
) -> None:
    """End to end: the CLI imports a PDF made from the corpus's flattened seed, table and all."""
    from tests.letters.corpus_score import CORPUS

    text = (CORPUS / "gcm-2018-01-30.flat.txt").read_text(encoding="utf-8")
    pdf = tmp_path / "flat.pdf"
    pdf.write_bytes(make_pdf(text, columns))
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), "import", str(pdf)])
    assert result.exit_code == 0, result.output
    assert "Recorded 15 command(s) in gcm-2018; 0 were already recorded." in result.output
    assert "2018-05-14..2018-05-18 Conference Room 2" in result.output
