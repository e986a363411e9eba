"""Schedules in other layouts: a table's columns in another order, merged rounds, lists."""

from __future__ import annotations

from datetime import date

from gcm_process.application import GcmProcess
from gcm_process.letters import plan_import, read_letters, seed_text
from tests.letters.conftest import import_seed, letter, scheduled_days

REORDERED = """We are pleased to confirm the dates of the negotiation rounds:

Dates | Location | Round
20 to 23 February 2018 | Conference Room 4 | 1
12 to 15 March 2018 | Trusteeship Council Chamber | 2
3 to 6 April 2018 | Conference Room 2 | 3
14 to 18 May 2018 | Conference Room 2 |

Further details will follow."""


def test_a_table_with_its_columns_in_another_order_is_read_by_its_header(
    app: GcmProcess,
) -> None:
    text = letter("15 January 2018", REORDERED)
    plan = plan_import(app, read_letters(text))
    found = scheduled_days(app, text)
    assert found["round-1"][0] == (date(2018, 2, 20), "Conference Room 4")
    assert found["round-2"][-1] == (date(2018, 3, 15), "Trusteeship Council Chamber")
    assert [s for s in found if s.startswith("round-")] == ["round-1", "round-2", "round-3"]
    assert [w.reason.split(":")[0] for w in plan.warnings] == [
        "table row not read"
    ]  # the row without its round cell


def test_merged_rounds_are_warned_not_folded_into_one(app: GcmProcess) -> None:
    import_seed(app)
    seeded = app
    text = letter(
        "1 March 2018",
        "The third and fourth rounds will be merged into a single round, to be held from "
        "14 to 18 May 2018 in Conference Room 2.",
    )
    plan = plan_import(seeded, read_letters(text))
    assert plan.to_record and all(c.name == "issue_letter" for c in plan.to_record)
    assert [w.reason.split(" in one")[0] for w in plan.warnings] == [
        "not read: it names rounds 3 and 4"
    ]


def test_a_list_of_dates_without_bullets_is_not_one_session(app: GcmProcess) -> None:
    text = letter(
        "15 January 2018",
        "The negotiation sessions are to be held at United Nations Headquarters in New York: "
        "20 February and 22 to 23 February 2018 (Informal interactive multi-stakeholder "
        "hearing, organized and chaired by the PGA on 21 February) 12 to 15 March 2018 3 to 6 "
        "April 2018 14 to 18 May 2018.",
    )
    plan = plan_import(app, read_letters(text))
    assert not [c for c in plan.commands if c.name == "schedule_session"]
    assert any("separate dates or date ranges" in w.reason for w in plan.warnings)


def test_the_seed_still_gives_its_fifteen_commands(app: GcmProcess) -> None:
    assert len(plan_import(app, read_letters(seed_text())).commands) == 15
