"""The other processes of a parallel rebuild, and what each of them runs.

``Others`` starts one process per part after the first (``python -m
projections.rebuild_part``), hands it the application's environment, the
file to build, the part's sessions and the position to stop at on its
standard input, and, once this process has folded its own part, waits for
each and copies its session tables in. A part that fails fails the rebuild
(its error is in the exception); its file is removed either way, and a
rebuild that fails or is interrupted stops the processes it started.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from gcm_process.application import GcmProcess
from projections.projector import Part

#: What a part's file holds that the rebuilt views take from it.
PART_TABLES = (
    "sessions",
    "session_days",
    "session_states",
    "session_rows",
    "session_bounds",
    "session_events",
)


class PartFailed(RuntimeError):
    """A process of a parallel rebuild did not finish its part."""


class Others:
    def __init__(
        self, app: GcmProcess, building: Path, parts: Sequence[Part | None], end: int
    ) -> None:
        self.app, self.building, self.parts, self.end = app, building, parts, end
        self.running: list[tuple[subprocess.Popen[bytes], Path, IO[bytes]]] = []

    def __enter__(self) -> Others:
        root = str(Path(__file__).resolve().parents[1])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        try:
            for i, part in enumerate(self.parts, 1):
                assert part is not None
                self._start(self.building.with_name(f"{self.building.name}.{i}"), part, env)
        except BaseException:  # those started are stopped, as when a rebuild fails later
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self, path: Path, part: Part, env: dict[str, str]) -> None:
        _remove(path)
        errors = tempfile.TemporaryFile()  # noqa: SIM115 (kept with its process, closed on exit)
        try:
            child = subprocess.Popen(
                [sys.executable, "-m", "projections.rebuild_part"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                env=env,
            )
        except BaseException:
            errors.close()
            raise
        self.running.append((child, path, errors))
        order = {
            "env": dict(self.app.env),
            "path": str(path),
            "sessions": sorted(part.sessions),
            "end": self.end,
        }
        assert child.stdin is not None
        # A part that ended before reading its order is told by its exit code.
        with contextlib.suppress(BrokenPipeError), child.stdin:
            child.stdin.write(json.dumps(order).encode())

    def copy_into(self, conn: sqlite3.Connection) -> None:
        """Wait for every part and copy its rows into ``conn``; each must have read the
        log up to the same end as this process."""
        for child, path, errors in self.running:
            assert child.stdout is not None
            with child.stdout:
                out = child.stdout.read()
            child.wait()
            if child.returncode != 0:
                errors.seek(0)
                said = errors.read().decode(errors="replace").strip().splitlines()
                raise PartFailed(
                    f"a rebuild part ended with code {child.returncode}: "
                    + (said[-1] if said else "no message")
                )
            reached = json.loads(out.decode().strip().splitlines()[-1])["end"]
            if reached != self.end:
                raise PartFailed(f"a rebuild part read the log to {reached}, not {self.end}")
            conn.execute("ATTACH DATABASE ? AS part", (str(path),))
            try:
                for table in PART_TABLES:
                    conn.execute(f"INSERT INTO main.{table} SELECT * FROM part.{table}")
                conn.commit()
            finally:
                conn.execute("DETACH DATABASE part")
            _remove(path)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for child, path, errors in self.running:
            if child.poll() is None:
                child.kill()
            child.wait()
            if child.stdout is not None:
                child.stdout.close()
            errors.close()
            _remove(path)


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def run_part(order: dict[str, Any]) -> int:
    """Fold one part of the log into a file of its own; the end it read the log to."""
    from projections.rebuild import fill, prepare
    from projections.views_file import connect_file

    app = GcmProcess(order["env"])
    try:
        conn = connect_file(Path(order["path"]), "OFF")
        try:
            prepare(conn)
            part = Part(frozenset(order["sessions"]), first=False)
            end = int(order["end"])
            fill(conn, app, part, end)
        finally:
            conn.close()
    finally:
        app.close()
    return end


if __name__ == "__main__":
    reached = run_part(json.loads(sys.stdin.buffer.read()))
    sys.stdout.write(json.dumps({"end": reached}) + "\n")
