"""Where a node's views are kept: one file per rebuild, named by a link, in WAL mode.

``views.sqlite`` is a symbolic link to the file in use, ``views.sqlite.<8 hex
digits>`` (a generation). The file is in WAL mode, whose commits cost a
catch-up less than a rollback journal's and never keep a reader waiting. A
rebuild builds a new file and swaps it in by replacing the link (an atomic
rename), under the write lock of the file in use, then removes the old file:
WAL's side files (``-wal``, ``-shm``) are named after their generation, so
they can never be applied to another file, which a rename of the file itself
would risk. A process still on the old file (it opened it before the swap)
sees the link name another file at its next catch-up and opens that; what it
wrote meanwhile went to a file nobody uses.

A views file from before generations (a plain file at ``views.sqlite``) keeps
its rollback journal (``PERSIST``) until its first rebuild replaces it by a
link. In a directory this process cannot write, the file is read as it is. The
views are disposable: ``synchronous=OFF``, so an operating-system
crash may need a rebuild, while a crashed process never leaves half a
transaction.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import sqlite3
from pathlib import Path
from urllib.parse import quote

#: Attempts to open the file in use while rebuilds swap others in.
_ATTEMPTS = 5


def in_use(path: Path) -> Path:
    """The file the views at ``path`` are in: a first, empty generation if there is none,
    or if the file the link names was removed (the views are disposable)."""
    if path.is_symlink():
        named = path.parent / os.readlink(path)
        if named.exists():
            return named
        fresh = _new_generation(path)
        connect_file(fresh, "WAL").close()
        _point(path, fresh)
        return fresh
    if path.exists():
        return path  # a plain file from before generations
    return _first(path)


def open_in_use(path: Path) -> tuple[sqlite3.Connection, Path]:
    """A connection to the views file in use, and that file."""
    for _ in range(_ATTEMPTS):
        file = in_use(path)
        try:
            conn = connect_file(file, "PERSIST" if file == path else "WAL", create=False)
        except sqlite3.OperationalError:
            if in_use(path) != file:
                continue  # a rebuild swapped it out and removed it meanwhile
            if os.access(file.parent, os.W_OK):
                raise
            return _read_only(file), file
        return conn, file
    raise sqlite3.OperationalError(f"the views file named by {path} keeps being replaced")


def connect_file(file: Path, journal: str, create: bool = True) -> sqlite3.Connection:
    """A connection to ``file`` itself in ``journal`` mode, unsynced (the views are disposable)."""
    mode = "rwc" if create else "rw"
    conn = sqlite3.connect(
        f"file:{quote(str(file))}?mode={mode}", uri=True, timeout=30, check_same_thread=False
    )
    try:
        conn.execute(f"PRAGMA journal_mode={journal}")
        conn.execute("PRAGMA synchronous=OFF")
    except BaseException:
        conn.close()
        raise
    return conn


def _read_only(file: Path) -> sqlite3.Connection:
    """The views in a directory this process cannot write (nor make WAL's side files in):
    read through the side files left there, or, where there are none, the file alone,
    which is then all there is (a last connection closing folds its log into it)."""
    alone = "" if Path(f"{file}-wal").exists() else "&immutable=1"
    return sqlite3.connect(
        f"file:{quote(str(file))}?mode=ro{alone}", uri=True, timeout=30, check_same_thread=False
    )


def swap_in(built: Path, path: Path) -> None:
    """Make the finished file ``built`` the views at ``path``; remove the file it replaces.

    The link is replaced while the write lock of the file in use is held, so no
    catch-up is half-way through it; another rebuild waits for the same lock.
    """
    connect_file(built, "WAL").close()
    lock = None
    if path.is_symlink() or path.exists():
        lock, _ = open_in_use(path)
        lock.isolation_level = None
        lock.execute("BEGIN EXCLUSIVE")
    try:
        generation = _new_generation(path)
        os.replace(built, generation)
        _point(path, generation)
    finally:
        if lock is not None:
            lock.execute("ROLLBACK")
            lock.close()
    remove_others(path)


def remove_others(path: Path) -> None:
    """Every generation of ``path`` but the one in use, with its side files, and the
    journal of a plain file from before generations."""
    keep = os.readlink(path) if path.is_symlink() else None
    pattern = re.compile(re.escape(path.name) + r"\.([0-9a-f]{8})(-wal|-shm|-journal)?")
    for found in path.parent.iterdir():
        matched = pattern.fullmatch(found.name)
        if matched and path.name + "." + matched.group(1) != keep:
            with contextlib.suppress(FileNotFoundError):
                found.unlink()
    if keep is not None:
        with contextlib.suppress(FileNotFoundError):
            path.with_name(path.name + "-journal").unlink()


def _first(path: Path) -> Path:
    """A first, empty generation linked at ``path`` (or the one another process linked)."""
    generation = _new_generation(path)
    connect_file(generation, "WAL").close()
    try:
        os.symlink(generation.name, path)
    except FileExistsError:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(f"{generation}{suffix}")
    return in_use(path)


def _point(path: Path, generation: Path) -> None:
    """Replace ``path`` by a link to ``generation``, atomically."""
    link = path.with_name(f".{path.name}.{secrets.token_hex(4)}.link")
    os.symlink(generation.name, link)
    try:
        os.replace(link, path)
    except BaseException:
        link.unlink(missing_ok=True)
        raise


def _new_generation(path: Path) -> Path:
    return path.with_name(f"{path.name}.{secrets.token_hex(4)}")
