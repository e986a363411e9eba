"""The clerk's write commands on the command line: the API's checks and messages."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from gcm_process.cli import main
from gcm_process.letters import seed_text


def _run(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), *args])
    return result.exit_code, result.output


def _seeded(tmp_path: Path) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text(), encoding="utf-8")
    assert _run(tmp_path, "import", str(seed))[0] == 0


def test_a_mistake_corrected_from_the_command_line(tmp_path: Path) -> None:
    _seeded(tmp_path)
    code, out = _run(tmp_path, "venue", "round-1", "CR 1", "--date", "2018-02-22",
                     "--announced-on", "2026-12-01", "--actor", "clerk-ana")  # fmt: skip
    assert code == 0 and "2018-02-22 Conference Room 1" in out
    code, out = _run(tmp_path, "venue", "round-1", "CR 3", "--announced-on", "2018-02-15")
    assert code == 1 and "last announced on 2026-12-01" in out
    code, out = _run(tmp_path, "correct", "round-1", "--version", "2", "--reason", "wrong date",
                     "--announced-on", "2018-02-15", "--actor", "clerk-ana", "--json")  # fmt: skip
    assert code == 0, out
    answer = json.loads(out)
    assert answer["command"] == "correct_session" and answer["session"]["version"] == 3
    assert _run(tmp_path, "venue", "round-1", "CR 3", "--announced-on", "2018-02-15")[0] == 0
    code, out = _run(tmp_path, "changes", "--session", "round-1")
    assert "[in error: corrected by version 3, clerk-ana]" in out
    assert "version 2 in error: wrong date" in out
    code, out = _run(tmp_path, "history", "round-1")
    assert "VenueChanged (in error)" in out


def test_the_same_checks_and_messages_as_the_api(tmp_path: Path) -> None:
    _seeded(tmp_path)
    code, out = _run(tmp_path, "postpone", "round-1")
    assert code == 2 and "Missing option '--announced-on'" in out
    code, out = _run(tmp_path, "postpone", "round-1", "--announced-on", "2018-02-30")
    assert code == 1 and "February 2018 has 28 days, not 30" in out
    code, out = _run(tmp_path, "held", "round-1", "--announced-on", "2018-03-01",
                     "--source", "no-such-letter")  # fmt: skip
    assert code == 1 and "not a letter on the record of process 'gcm-2018'" in out
    code, out = _run(tmp_path, "schedule", "round-7", "--kind", "negotiation_round",
                     "--number", "7", "--title", "Round 7", "--day", "2018-07-20 10:00-13:00 CR 4",
                     "--day", "2018-07-21", "--announced-on", "2018-03-01",
                     "--document", "A/RES/72/244", "--json")  # fmt: skip
    assert code == 0, out
    days = json.loads(out)["session"]["days"]
    assert days[0] == {"date": "2018-07-20", "start": "10:00", "end": "13:00",
                       "venue": "Conference Room 4"}  # fmt: skip
    code, out = _run(tmp_path, "cancel", "round-7", "--announced-on", "2018-03-02",
                     "--reason", "merged with round 6", "--if-version", "5")  # fmt: skip
    assert code == 1 and "is at version 1, not 5" in out
    code, out = _run(tmp_path, "reschedule", "round-7", "--day", "2018-07-22 Geneva room",
                     "--place", "Geneva", "--mode", "virtual", "--announced-on", "2018-03-02",
                     "--json")  # fmt: skip
    assert code == 0, out
    day = json.loads(out)["session"]["days"][0]
    assert day["place"]["city"] == "Geneva" and day["mode"] == "virtual"
    code, out = _run(tmp_path, "correct", "round-7", "--letter", "x", "--reason", "r",
                     "--announced-on", "2018-03-02")  # fmt: skip
    assert code == 2 and "either SESSION" in out


def test_a_letter_s_import_is_corrected_from_the_command_line(tmp_path: Path) -> None:
    _seeded(tmp_path)
    letter = Path(__file__).parent / "letters" / "samples" / "gcm-2018-02-14-rooms.txt"
    assert _run(tmp_path, "import", str(letter))[0] == 0
    code, out = _run(tmp_path, "correct", "--letter", "2018-02-14-co-facilitators",
                     "--reason", "filed twice", "--announced-on", "2018-02-14",
                     "--json")  # fmt: skip
    assert code == 0, out
    found = json.loads(out)["corrections"]
    assert {c["session"] for c in found} >= {"round-1"}
    code, out = _run(tmp_path, "timeline", "--json")
    rooms = [d["venue"] for s in json.loads(out)["sessions"] if s["slug"] == "round-1"
             for d in s["days"]]  # fmt: skip
    assert rooms == ["Trusteeship Council Chamber", "Conference Room 4", "ECOSOC Chamber"]
