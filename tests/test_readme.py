"""The README documents every command, and CI runs the README's own test command."""

from __future__ import annotations

import re
from pathlib import Path

from gcm_process.cli import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme_table() -> None:
    documented = set(re.findall(r"^\| `([a-z-]+)[ `]", README, flags=re.MULTILINE))
    assert set(COMMANDS) - documented == set()


def test_the_quick_start_has_exactly_two_command_lines() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line for line in section.splitlines() if line.startswith("    python3 -m venv")]
    assert len(commands) == 2
    assert commands[0].endswith("gcm-process demo")
    assert commands[1].endswith("pytest")
