"""Letters as they arrive: a PDF's text layer, or text in any common encoding.

``letter_text`` turns the bytes of a file (or a request body) into text,
refusing what is over its limit before any of it is parsed:

- a PDF (``%PDF-`` at the start) gives the text of its pages (``pypdf``), a
  page break between pages; a PDF without a text layer (a scan that was never
  run through OCR), an encrypted one or a damaged one is a clear error;
- text with a byte-order mark is read in the encoding the mark names
  (UTF-8, UTF-16, UTF-32); without one, UTF-16 is recognised by its zero
  bytes, then UTF-8 is tried, then Windows-1252 (which covers Latin-1 text);
  bytes that are none of these are an error, never guessed characters.

Text that lost its line breaks is read as it is: the reader finds letters in
a stream of words as well as in lines (``flat``).
"""

from __future__ import annotations

import codecs
import io
import logging

from gcm_process.letters.model import LetterUnreadable

#: The largest file the command line reads, in bytes (a PDF of many letters).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: The most text one import reads, in characters (about 600 pages of letters).
MAX_TEXT_CHARS = 2_000_000
#: The most pages of a PDF read.
MAX_PDF_PAGES = 500

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


class InputTooLarge(LetterUnreadable):
    """The input is over its limit: refused before it is read."""


def letter_text(
    raw: bytes,
    name: str,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    max_chars: int = MAX_TEXT_CHARS,
    charset: str | None = None,
) -> str:
    """The text of a file or body named ``name`` (for messages); ``charset`` if it was declared."""
    if len(raw) > max_bytes:
        raise InputTooLarge(f"{name} has {len(raw):,} bytes; at most {max_bytes:,} are read.")
    text = pdf_text(raw, name) if raw.startswith(b"%PDF-") else decode(raw, name, charset)
    if len(text) > max_chars:
        raise InputTooLarge(
            f"{name} holds {len(text):,} characters of text; at most {max_chars:,} are read "
            "in one import: split it."
        )
    return text


def decode(raw: bytes, name: str, charset: str | None = None) -> str:
    """Text in the declared ``charset``, the encoding its byte-order mark names, or a known one."""
    if charset:
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            raise LetterUnreadable(f"{name} is not text in {charset!r}, as it says.") from None
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                raise LetterUnreadable(f"{name} is not valid {encoding} text.") from None
    guesses = [_utf16_without_bom(raw), "utf-8", "cp1252"]
    for encoding in [g for g in guesses if g is not None]:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LetterUnreadable(
        f"{name} is not text in a known encoding (UTF-8, UTF-16, Windows-1252): "
        "it looks like a binary file."
    )


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text of Latin script has a zero in every other byte."""
    sample = raw[:4000]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def pdf_text(raw: bytes, name: str) -> str:
    """The text layer of a PDF, pages divided by a page break."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LetterUnreadable(f"{name} is an encrypted PDF: send it without a password.")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise InputTooLarge(
                f"{name} has {len(reader.pages)} pages; at most {MAX_PDF_PAGES} are read."
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except LetterUnreadable:
        raise
    except PyPdfError as error:
        raise LetterUnreadable(f"{name} is a PDF that cannot be read: {error}.") from None
    except Exception as error:  # a damaged file can fail anywhere in the PDF parser
        raise LetterUnreadable(
            f"{name} is a damaged PDF that cannot be read ({type(error).__name__})."
        ) from None
    text = "\n\f".join(pages)
    if not text.replace("\f", "").strip():
        raise LetterUnreadable(
            f"{name} is a PDF without a text layer (a scanned image?): run it through "
            "text recognition (OCR) first, or type the letter in."
        )
    return text
