"""The export format: the whole record as newline-delimited JSON, gzip when the name ends .gz.

Version 1, one JSON object per line:

- first, the header: ``{"type": "header", "format": "gcm-process-record",
  "version": 1, "chain": "sha256-v1", "exported_at": …, "process": null,
  "events": N}``;
- then every stored event in position order (aggregates' events and command
  records alike): ``{"type": "event", "position", "originator_id" (a UUID),
  "originator_version", "topic", "state" (the stored bytes as UTF-8 text, or
  "state_base64" when they are not text), "hash"}``, ``hash`` being its link
  in the chain (``gcm_process.integrity.chain``); an export of one process
  (``"process": SLUG``) also gives each event's ``previous`` link hash;
- then the API credentials: ``{"type": "credential", "name", "role",
  "hash", "created_at", "revoked_at"}``, ``hash`` being the SHA-256 of the
  token, never the token;
- last, ``{"type": "end", "events": N, "credentials": M, "head_position",
  "head_hash"}``: an export without it was cut short.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, cast
from uuid import UUID

from gcm_process.domain.errors import InvalidInput
from gcm_process.integrity.chain import CHAIN_FORMAT, GENESIS, Linker, StoredRow
from gcm_process.integrity.verify import Fingerprint

FORMAT = "gcm-process-record"
VERSION = 1
CREDENTIAL_FIELDS = ("name", "role", "hash", "created_at", "revoked_at")


@dataclass
class Summary:
    """What an export holds, as written or as read back and checked."""

    process: str | None = None
    events: int = 0
    head: Fingerprint = field(default_factory=lambda: Fingerprint(0, GENESIS))
    credentials: list[dict[str, Any]] = field(default_factory=list)


def _open(path: Path, mode: str, name: str | None = None) -> IO[str]:
    """``path`` as text, through gzip when ``name`` (the path's own by default) ends .gz."""
    if (name or path.name).endswith(".gz"):
        return cast(IO[str], gzip.open(path, mode + "t", encoding="utf-8", newline="\n"))
    return path.open(mode, encoding="utf-8", newline="\n")


def _event_line(row: StoredRow, digest: bytes, previous: bytes | None) -> dict[str, Any]:
    line: dict[str, Any] = {
        "type": "event",
        "position": row.position,
        "originator_id": str(UUID(row.originator_id)),
        "originator_version": row.originator_version,
        "topic": row.topic,
    }
    try:
        line["state"] = row.state.decode("utf-8")
    except UnicodeDecodeError:
        line["state_base64"] = base64.b64encode(row.state).decode()
    line["hash"] = digest.hex()
    if previous is not None:
        line["previous"] = previous.hex()
    return line


def linked(
    events: Iterator[StoredRow], links: Iterator[tuple[int, bytes]]
) -> Iterator[tuple[StoredRow, bytes]]:
    """Events with their links, each checked; the first that does not verify stops the export."""
    previous, compute = GENESIS, Linker()
    for event in events:
        chained = next(links, None)
        if (
            chained is None
            or chained[0] != event.position
            or compute(previous, event) != chained[1]
        ):
            raise InvalidInput(
                f"The record does not verify at position {event.position}: nothing was "
                "exported. Run 'gcm-process verify' to see what changed."
            )
        previous = chained[1]
        yield event, previous
    if next(links, None) is not None:
        raise InvalidInput(
            "The record's chain is longer than its events: run 'gcm-process verify'."
        )


def write_export(
    path: Path,
    rows: Iterable[tuple[StoredRow, bytes]],
    total: int,
    credentials: list[dict[str, Any]],
    *,
    process: Callable[[StoredRow], bool] | None = None,
    process_slug: str | None = None,
    progress: Callable[[int], None] = lambda n: None,
) -> Summary:
    """Write the export to ``path`` (through a temporary file, so never half of one)."""
    summary = Summary(process=process_slug, credentials=credentials)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with _open(temporary, "w", path.name) as out:
            header = {
                "type": "header",
                "format": FORMAT,
                "version": VERSION,
                "chain": CHAIN_FORMAT,
                "exported_at": datetime.now(UTC).isoformat(),
                "process": process_slug,
                "events": total,
            }
            out.write(json.dumps(header, ensure_ascii=False) + "\n")
            previous = GENESIS
            for row, digest in rows:
                if process is None or process(row):
                    part = None if process is None else previous
                    out.write(json.dumps(_event_line(row, digest, part), ensure_ascii=False))
                    out.write("\n")
                    summary.events += 1
                summary.head = Fingerprint(row.position, digest)
                previous = digest
                progress(1)
            for credential in credentials:
                line = {"type": "credential", **{k: credential[k] for k in CREDENTIAL_FIELDS}}
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
            end = {
                "type": "end",
                "events": summary.events,
                "credentials": len(credentials),
                "head_position": summary.head.position,
                "head_hash": summary.head.hash.hex(),
            }
            out.write(json.dumps(end) + "\n")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return summary
