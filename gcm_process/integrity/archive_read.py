"""Reading an export back, checking every line: the format, the chain, the end."""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

from gcm_process.domain.errors import InvalidInput
from gcm_process.integrity.archive import CREDENTIAL_FIELDS, FORMAT, VERSION, Summary, _open
from gcm_process.integrity.chain import CHAIN_FORMAT, GENESIS, StoredRow
from gcm_process.integrity.verify import Fingerprint


class ExportReader:
    """``rows()`` yields the events with their links, checked; ``summary`` when done."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.summary = Summary()
        self.done = False

    def _fail(self, number: int, why: str) -> InvalidInput:
        return InvalidInput(f"{self.path.name}, line {number}: {why}; nothing was restored.")

    def _lines(self) -> Iterator[tuple[int, dict[str, Any]]]:
        number = 0
        try:
            with _open(self.path, "r") as source:
                for number, text in enumerate(source, start=1):
                    try:
                        value = json.loads(text)
                    except json.JSONDecodeError:
                        raise self._fail(number, "not a JSON line (corrupted?)") from None
                    if not isinstance(value, dict):
                        raise self._fail(number, "not a JSON object")
                    yield number, value
        except (OSError, EOFError, zlib.error, UnicodeDecodeError) as error:
            if isinstance(error, FileNotFoundError):
                raise InvalidInput(f"There is no file {self.path}.") from None
            raise self._fail(number + 1, f"unreadable ({error})") from None

    def rows(self, *, whole: bool = False) -> Iterator[tuple[StoredRow, bytes]]:
        """The events, checked; ``whole`` refuses an export of one process."""
        lines = self._lines()
        first = next(lines, None)
        if first is None:
            raise self._fail(1, "the file is empty")
        number, header = first
        if header.get("format") != FORMAT or header.get("type") != "header":
            raise self._fail(number, "not an export of a gcm-process record")
        if header.get("version") != VERSION or header.get("chain") != CHAIN_FORMAT:
            raise self._fail(
                number, f"format version {header.get('version')}, this program reads {VERSION}"
            )
        self.summary.process = header.get("process")
        if whole and self.summary.process is not None:
            raise self._fail(
                number,
                f"an export of the process {self.summary.process} only: a record is "
                "restored from an export of the whole record",
            )
        previous, last = GENESIS, 0
        for number, line in lines:
            kind = line.get("type")
            if kind == "event":
                row, digest = self._event(number, line)
                if row.position <= last:
                    raise self._fail(number, f"position {row.position} comes after {last}")
                before = self._previous(number, line, previous)
                if row.link(before) != digest:
                    raise self._fail(
                        number, f"the event at position {row.position} does not match its hash"
                    )
                previous, last = digest, row.position
                self.summary.events += 1
                self.summary.head = Fingerprint(row.position, digest)
                yield row, digest
            elif kind == "credential":
                self.summary.credentials.append(self._credential(number, line))
            elif kind == "end":
                self._end(number, line)
                if next(lines, None) is not None:
                    raise self._fail(number + 1, "lines after the end")
                self.done = True
                return
            else:
                raise self._fail(number, f"unknown line type {kind!r}")
        raise self._fail(number + 1, "the export was cut short (no end line)")

    def _event(self, number: int, line: dict[str, Any]) -> tuple[StoredRow, bytes]:
        try:
            if "state" in line:
                state = str(line["state"]).encode("utf-8")
            else:
                state = base64.b64decode(line["state_base64"], validate=True)
            row = StoredRow(
                int(line["position"]),
                UUID(str(line["originator_id"])).hex,
                int(line["originator_version"]),
                str(line["topic"]),
                state,
            )
            return row, bytes.fromhex(line["hash"])
        except (KeyError, ValueError, TypeError, binascii.Error):
            raise self._fail(number, "an event line without its fields") from None

    def _previous(self, number: int, line: dict[str, Any], previous: bytes) -> bytes:
        if self.summary.process is None:
            return previous
        try:
            return bytes.fromhex(line["previous"])
        except (KeyError, ValueError, TypeError):
            raise self._fail(
                number, "an event of a one-process export without 'previous'"
            ) from None

    def _credential(self, number: int, line: dict[str, Any]) -> dict[str, Any]:
        if any(k not in line for k in CREDENTIAL_FIELDS):
            raise self._fail(number, "a credential line without its fields")
        return {k: line[k] for k in CREDENTIAL_FIELDS}

    def _end(self, number: int, line: dict[str, Any]) -> None:
        expected = (
            self.summary.events,
            len(self.summary.credentials),
            self.summary.head.position,
            self.summary.head.hash.hex(),
        )
        found = tuple(line.get(k) for k in ("events", "credentials", "head_position", "head_hash"))
        if found != expected and self.summary.process is None:
            raise self._fail(number, f"the end line says {found}, the file holds {expected}")
        if self.summary.process is not None:
            if found[:2] != expected[:2]:
                raise self._fail(number, f"the end line says {found}, the file holds {expected}")
            try:
                head_hash = bytes.fromhex(str(line["head_hash"]))
                self.summary.head = Fingerprint(int(line["head_position"]), head_hash)
            except (KeyError, ValueError, TypeError):
                raise self._fail(number, "an end line without its head") from None


def read_all(path: Path) -> Summary:
    """Read and check a whole export; its summary."""
    reader = ExportReader(path)
    for _ in reader.rows():
        pass
    return reader.summary


__all__ = ["ExportReader", "read_all"]
