"""PDFs for the tests, made from a letter's text with fpdf2: one column or two."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

#: A font with the letters of the names in the corpus (č, é, ü, ...).
FONTS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
]


def make_pdf(text: str, columns: int = 1) -> bytes:
    """A PDF whose text layer is ``text``: each letter on a new page, in one or two columns."""
    pdf = FPDF(format="A4")
    font = next((f for f in FONTS if f.exists()), None)
    assert font is not None, "install fonts-dejavu-core (.ci/run does)"
    pdf.add_font("Body", fname=str(font))
    pdf.set_font("Body", size=10)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    body = text.replace("\t", "    ").replace("\f", "\n")
    if columns == 1:
        for line in body.split("\n"):
            pdf.multi_cell(0, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
    else:
        with pdf.text_columns(ncols=columns, gutter=8) as cols:
            for line in body.split("\n"):
                cols.write(text=(line or " ") + "\n")
    return bytes(pdf.output())


def blank_pdf() -> bytes:
    """A PDF with a drawing and no text layer, as a scan without OCR is."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())
