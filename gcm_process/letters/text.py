"""Plain text as a letter arrives: lines, paragraphs, sentences, slugs.

Line numbers are 1-based and count every line of the input, so a warning's
line number is the one an editor shows for the file as given.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

#: Characters PDF extraction leaves that mean a space.
_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u200b": ""})

#: Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = ("H.E.", "Mr.", "Ms.", "Mrs.", "Dr.", "No.", "Nos.", "St.", "e.g.", "i.e.")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"\u201d\u2019)]?\s+(?=[A-Z(\u201c\"'])")


@dataclass(frozen=True)
class Line:
    number: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Sentence:
    line: int
    text: str


def normalise(text: str) -> str:
    """Unify line ends and odd spaces; keep tabs, which separate table cells."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_SPACES)
    return unicodedata.normalize("NFC", text)


def to_lines(text: str, first: int = 1) -> list[Line]:
    return [Line(first + i, raw.rstrip()) for i, raw in enumerate(text.split("\n"))]


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Runs of non-blank lines; a page break (form feed) also ends a paragraph."""
    result: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.blank or "\f" in line.text:
            if current:
                result.append(current)
            current = []
            if not line.blank:
                current = [Line(line.number, line.text.replace("\f", ""))]
        else:
            current.append(line)
    if current:
        result.append(current)
    return result


def sentences(paragraph: list[Line]) -> list[Sentence]:
    """Split a paragraph into sentences, each with the line it starts on."""
    joined = "\n".join(line.text.strip() for line in paragraph)
    flat = joined.replace("\n", " ").replace("\t", " ")
    breaks = [i for i, c in enumerate(joined) if c == "\n"]
    result: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(flat):
        before = flat[max(start, match.start() - 12) : match.start() + 1].rstrip()
        if before.endswith(_ABBREVIATIONS) or re.search(r"\b[A-Z]\.$", before):
            continue
        _add(result, paragraph, breaks, joined, start, match.start() + 1)
        start = match.end()
    _add(result, paragraph, breaks, joined, start, len(flat))
    return result


def _add(
    result: list[Sentence], paragraph: list[Line], breaks: list[int], joined: str, start: int,
    end: int,
) -> None:  # fmt: skip
    text = " ".join(joined[start:end].split())
    if text:
        # The line it starts on: the paragraph's own numbers (a long line cut into pieces
        # keeps the number of the line it came from).
        result.append(Sentence(paragraph[bisect.bisect_right(breaks, start - 1)].number, text))


def fold(text: str) -> str:
    """Lower case without accents or punctuation: for comparing names."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split())


def slugify(text: str, max_length: int = 60) -> str:
    slug = fold(text).replace(" ", "-")[:max_length].strip("-")
    return slug or "x"


def looks_binary(text: str) -> bool:
    """Text with NUL bytes or mostly control characters is not a letter's text."""
    if "\x00" in text:
        return True
    sample = text[:4000]
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    return controls > max(4, len(sample) // 50)
