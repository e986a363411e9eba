"""From text to a bundle of parsed letters: ``read_letters``.

For each letter: its date and place, reference, senders and addressees
(``signatures``), subject (a "Subject:" line, else the first sentence), full
text, the process it names (the most frequent capitalised name of a compact,
convention, treaty, agreement, declaration ...; the first "paragraph N of
General Assembly resolution X/Y" as the mandate) and its facts (``prose``,
``tables``). A letter that says it encloses or transmits "a letter" encloses
the letter after it in the text ("letters": every following one up to the next
such cover letter).

Letter slugs are the date and the sender: ``2018-01-30-pga`` for the President
of the General Assembly, ``2018-01-30-co-facilitators`` for letters the
co-facilitators sign as such, otherwise the first signatory's surname;
``-2``, ``-3`` tell apart letters of one sender on one day.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date

from gcm_process.domain import Person
from gcm_process.domain.errors import InvalidInput
from gcm_process.domain.letter import MAX_BODY
from gcm_process.domain.values import check_person, check_text
from gcm_process.letters.flat import relineate
from gcm_process.letters.model import (
    ImportWarning,
    LetterBundle,
    LetterUnreadable,
    ParsedLetter,
    UnreadableLetter,
)
from gcm_process.letters.prose import RECONFIRM, ProseReader
from gcm_process.letters.signatures import noisy_signatures, read_tail
from gcm_process.letters.split import Segment, split_letters
from gcm_process.letters.tables import is_header, read_table
from gcm_process.letters.text import Line, looks_binary, normalise, paragraphs, sentences, slugify
from gcm_process.letters.text import to_lines as _to_lines
from gcm_process.letters.titles import mandate, process_title

_ENCLOSES = re.compile(
    r"\b(?:enclosed|attached|transmit|forward)\s+(?:herewith\s+)?(?:a|the)\s+(?:copy\s+of\s+)?"
    r"(?:joint\s+)?(letters?)\b",
    re.I,
)
_SUBJECT = re.compile(r"^\s*(?:Subject|Re)\s*:\s*(?P<s>\S.*)$", re.I)
_FACILITATORS = re.compile(r"\bco-?facilitators?\b", re.I)
_WE = re.compile(r"\b(?:we|our|us)\b", re.I)
_PGA_TITLE = re.compile(r"President\s+of\s+the\s+(?:[\w-]+\s+session\s+of\s+the\s+)?General"
                        r"\s+Assembly", re.I)  # fmt: skip


def read_letters(
    text: str, file: str | None = None, dates: Mapping[int, date] | None = None
) -> LetterBundle:
    """Read every letter in ``text``; ``LetterUnreadable`` if it holds none that can be read.

    ``dates`` gives the date of a letter whose date cannot be read, by its first line."""
    if not isinstance(text, str) or looks_binary(text):
        raise LetterUnreadable(f"{file or 'The input'} is not text: it looks like a binary file.")
    text = normalise(text)
    if not text.strip():
        raise LetterUnreadable(f"{file or 'The input'} is empty.")
    segments = split_letters(relineate(_to_lines(text)), dates)
    letters: list[ParsedLetter] = []
    warnings: list[ImportWarning] = []
    taken: Counter[str] = Counter()
    seen: dict[tuple[str, str], ParsedLetter] = {}
    repeats: Counter[int] = Counter()
    kept: list[Segment] = []
    unreadable: list[UnreadableLetter] = []
    for segment in segments:
        if segment.unreadable is not None:
            where = segment.lines[0].number
            unreadable.append(UnreadableLetter(where, segment.unreadable, file, undated=True))
            continue
        letter, found = _letter(segment, file)
        if len(letter.body) > MAX_BODY:
            why = (
                f"the letter of {letter.dated.isoformat()} is {len(letter.body):,} characters "
                f"long; the record keeps letters of at most {MAX_BODY:,}: it is not read"
            )
            unreadable.append(UnreadableLetter(letter.first_line, why, file))
            continue
        first = seen.setdefault((letter.slug, letter.body), letter)
        if first is not letter:
            repeats[first.first_line] += 1
            continue
        kept.append(segment)
        taken[letter.slug] += 1
        if taken[letter.slug] > 1:
            letter = _with_slug(letter, f"{letter.slug}-{taken[letter.slug]}")
        letters.append(letter)
        warnings += found
    for line, n in repeats.items():
        why = f"this letter is repeated word for word {n} more time(s) in the text; it is read once"
        warnings.append(ImportWarning(line, why, file))
    if not letters:
        raise LetterUnreadable(f"{file or 'The input'}: " + "; ".join(u.reason for u in unreadable))
    letters = _link_enclosures(letters, kept, warnings, file)
    return LetterBundle(tuple(letters), tuple(warnings), tuple(unreadable))


def _letter(segment: Segment, file: str | None) -> tuple[ParsedLetter, list[ImportWarning]]:
    senders, addressees = read_tail(segment.tail, segment.header)
    refused = [
        ImportWarning(
            line.number, f"signature not read: scan noise in {word!r}: {line.text!r}", file
        )
        for line, word in noisy_signatures(segment.tail)
    ]
    senders, addressees = _acceptable(senders, addressees, segment, refused, file)
    reader = ProseReader(segment.dated)
    main_text = " ".join(" ".join(line.text.split()) for line in segment.main)
    reader.look_around(main_text)
    _read_body(segment.main, reader)
    by_facilitators = bool(_FACILITATORS.search(main_text) and _WE.search(main_text) and senders)
    letter = ParsedLetter(
        slug="",
        dated=segment.dated,
        place=segment.place,
        senders=tuple(senders),
        addressees=tuple(addressees),
        subject=_subject(segment),
        body="\n".join(line.text for line in segment.lines).strip(),
        reference=segment.reference,
        encloses=(),
        first_line=segment.lines[0].number,
        facts=tuple(reader.facts),
        by_facilitators=by_facilitators,
        title=process_title(main_text),
        mandate=mandate(main_text),
        file=file,
    )
    warnings = refused + [ImportWarning(w.line, w.reason, file) for w in reader.warnings]
    return _with_slug(letter, f"{segment.dated.isoformat()}-{_who(letter)}"), warnings


def _read_body(main: list[Line], reader: ProseReader) -> None:
    i, pending, last = 0, [], ""
    while i < len(main):
        if not is_header(main[i].text):
            pending.append(main[i])
            i += 1
            continue
        last = _read_prose(pending, reader) or last
        pending = []
        meetings, warnings, used = read_table(main[i:], reader.letter_date,
                                              bool(RECONFIRM.search(last)))  # fmt: skip
        reader.facts += meetings
        reader.warnings += warnings
        reader.last = None
        i += used
    _read_prose(pending, reader)


def _read_prose(lines: list[Line], reader: ProseReader) -> str:
    last = ""
    for paragraph in paragraphs(lines):
        for sentence in sentences(paragraph):
            reader.read(sentence)
            last = sentence.text
        reader.last = None if reader.last is None else reader.last
    return last


def _acceptable(
    senders: list[Person],
    addressees: list[str],
    segment: Segment,
    warnings: list[ImportWarning],
    file: str | None,
) -> tuple[list[Person], list[str]]:
    """The signatures and addressees the record accepts; a warning for each it would refuse.

    A scan or a damaged text can run a signature's title on for pages; the
    importer never plans a value the domain refuses (``check_person``).
    """
    line = (segment.tail or segment.lines)[0].number
    people = []
    for person in senders:
        try:
            people.append(check_person(person))
        except InvalidInput as error:
            warnings.append(ImportWarning(line, f"signature of {person.name[:60]!r} not read: "
                                          f"{error}", file))  # fmt: skip
    kept = []
    for addressee in addressees:
        try:
            kept.append(check_text(addressee, "An addressee", max_length=500))
        except InvalidInput as error:
            warnings.append(ImportWarning(line, f"addressee {addressee[:60]!r}… not read: "
                                          f"{error}", file))  # fmt: skip
    return people, kept


def _subject(segment: Segment) -> str:
    for line in [*segment.header, *segment.main[:3]]:
        m = _SUBJECT.match(line.text)
        if m:
            return m.group("s").strip()[:1000]
    for paragraph in paragraphs(segment.main):
        for sentence in sentences(paragraph):
            text = sentence.text
            return text if len(text) <= 200 else text[:199].rsplit(" ", 1)[0] + "…"
    return "Letter of " + segment.dated.isoformat()


def _who(letter: ParsedLetter) -> str:
    if any(p.title and _PGA_TITLE.search(p.title) for p in letter.senders):
        return "pga"
    if letter.by_facilitators:
        return "co-facilitators" if len(letter.senders) > 1 else "co-facilitator"
    if letter.senders:
        return slugify(letter.senders[0].name.split()[-1], 40)
    return "letter"


def _with_slug(letter: ParsedLetter, slug: str) -> ParsedLetter:

    return replace(letter, slug=slug)


def _link_enclosures(
    letters: list[ParsedLetter],
    segments: list[Segment],
    warnings: list[ImportWarning],
    file: str | None,
) -> list[ParsedLetter]:

    covers = []
    for segment in segments:
        main_text = " ".join(line.text for line in segment.main)
        m = _ENCLOSES.search(main_text)
        covers.append(None if m is None else m.group(1).lower())
    result = list(letters)
    for i, kind in enumerate(covers):
        if kind is None:
            continue
        following = _following(letters, covers, i)
        if kind == "letter":
            following = following[:1]
        if not following:
            warnings.append(ImportWarning(letters[i].first_line, "it encloses a letter that is "
                                          "not in the text", file))  # fmt: skip
        result[i] = replace(result[i], encloses=tuple(following))
    return result


def _following(letters: list[ParsedLetter], covers: list[str | None], i: int) -> list[str]:
    result: list[str] = []
    for letter, kind in zip(letters[i + 1 :], covers[i + 1 :], strict=True):
        if kind is not None:
            break
        result.append(letter.slug)
    return result


def combine(bundles: Iterable[LetterBundle]) -> LetterBundle:
    """Several texts read as one bundle (for importing several files at once)."""
    result = LetterBundle(())
    for bundle in bundles:
        result = result + bundle
    return result
