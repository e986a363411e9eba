"""A session's changes as recorded: a sequence that only grows, shared by its copies.

A session keeps every change it has recorded, so that a correction can derive
its state again without the versions marked in error. Copying that whole
sequence on every change would make a command cost what the history costs;
``Entries`` is immutable and appending makes a new one that shares all but
the last few entries with the old (full chunks are shared, only the short tail
is copied), so a change costs the same however long the history, and the
copies the aggregate cache hands out share it for nothing.

In a snapshot it is stored as the plain list of entries it always was
(``base.Snapshot``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

#: Entries per shared chunk.
CHUNK = 256

Entry = dict[str, Any]


class Entries:
    """An append-only sequence of entries; ``appended`` returns a new one."""

    __slots__ = ("_chunks", "_tail")

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        flat = tuple(entries)
        full = len(flat) - len(flat) % CHUNK
        self._chunks: tuple[tuple[Entry, ...], ...] = tuple(
            flat[i : i + CHUNK] for i in range(0, full, CHUNK)
        )
        self._tail: tuple[Entry, ...] = flat[full:]

    @classmethod
    def _of(cls, chunks: tuple[tuple[Entry, ...], ...], tail: tuple[Entry, ...]) -> Entries:
        made = cls.__new__(cls)
        made._chunks, made._tail = chunks, tail
        return made

    def appended(self, entry: Entry) -> Entries:
        """These entries and ``entry`` after them (this sequence is unchanged)."""
        tail = (*self._tail, entry)
        if len(tail) == CHUNK:
            return Entries._of((*self._chunks, tail), ())
        return Entries._of(self._chunks, tail)

    def __iter__(self) -> Iterator[Entry]:
        return itertools.chain(itertools.chain.from_iterable(self._chunks), self._tail)

    def __len__(self) -> int:
        return len(self._chunks) * CHUNK + len(self._tail)

    def __getitem__(self, index: int) -> Entry:
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("entry index out of range")
        chunk, within = divmod(index, CHUNK)
        return self._chunks[chunk][within] if chunk < len(self._chunks) else self._tail[within]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Entries):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __deepcopy__(self, memo: dict[int, Any]) -> Entries:
        return self  # immutable: copies share it

    def __copy__(self) -> Entries:
        return self

    def __repr__(self) -> str:
        return f"Entries({len(self)} entries)"
