"""Prints of names whose vowel sign stands left of its consonant (issue 11).

HarfBuzz puts a Tamil 'ே' before the 'த' of 'தேவி' in the glyph run, and a program that
prints the page to PDF (Ghostscript, pdftocairo, MuPDF) writes the glyphs in that order.
Read in the order drawn, the sign was taken for a mark of the character drawn before it:
the last digit of the effective date ('Sep 1, 2020ே', ``bad-date``), a colon, or an empty
box (``countersign_date 'ே'``), and the name lost it ('சல்வராஜ்ெ', ``name-mismatch``):
honest prints read ``invalid``. Such a sign goes with the cluster drawn just right of it
(:mod:`pubrelease.pdf.prebase`). Sinhala 'සේනානායක' read '\\x05\\x06නානායක' (Ghostscript),
its ේ drawn as ෙ and the glyph of ස with its al-lakuna, never read from the glyphs.
Each release is printed by the real program (failing under ``CI=true`` when it is
missing).
"""

from __future__ import annotations

import dataclasses

import pytest

from pubrelease import Status, parse

from . import attacks as A
from . import returns as R

NAMES = [
    *("தேவி", "வைரமுத்து", "செல்வராஜ்", "றைசழவ"),  # Tamil
    *("සේනානායක", "පෙරේරා"),  # Sinhala
    *("မြန်မာ", "ဝင်းမြင့်"),  # Myanmar
    *("សុខា ពៅ", "សោភា ពើត"),  # Khmer
]
"""Tamil names whose first cluster has its vowel sign left of it; Sinhala names with ේ:
its ෙ drawn first, then the consonant's glyph with the al-lakuna, which no text layer of
these prints names (read from the glyphs: 'ක්' and 'ෙ' are 'කේ'); Myanmar names with the
medial ra, which wraps its consonant ('မန်မာြ', ``name-mismatch``); Khmer names with split
vowels, drawn as the glyph of េ and the rest ('សុខ膶 \\x04\\x06': no reading of the glyphs
left out the េ, and ើ is drawn as េ and ី are: :mod:`pubrelease.pdf.spellings`)."""


def _printed(name: str, printer: R.FlattenTool) -> bytes:
    release = dataclasses.replace(A.RELEASE, speaker_name=name, signature=name)
    return R.printed(release, printer, today=A.TODAY)


@pytest.mark.parametrize("printer", ["gs", "pdftocairo", "mutool"])
@pytest.mark.parametrize("name", NAMES)
def test_a_vowel_drawn_before_its_consonant_is_read_with_it(
    name: str, printer: R.FlattenTool
) -> None:
    record = parse(_printed(name, printer), today=A.TODAY)
    assert (record.speaker_name, record.signature) == (name, name)
    assert record.effective_date == A.RELEASE.effective_date
    assert record.status is Status.VALID, [(f.code, f.message) for f in record.findings]


def _tamil_font() -> str:
    from pubrelease.pdf.fonts import packaged_fonts

    for source in packaged_fonts():
        if "Tamil" in str(source.path) and "Bold" not in str(source.path):
            return str(source.path)
    raise AssertionError("no Noto Sans Tamil among the packaged fonts")


def _page_text(placed: list[tuple[str, float]], *, one_run: bool = False) -> str:
    """The text read from a page with each character drawn at ``x``, in the order given
    (reportlab, a Noto Sans Tamil subset with its ToUnicode map); ``one_run``: all in one
    ``TJ`` array, moved by its numbers (PDFium keeps their order; of separate ``Tj``
    it reads the characters of a line left to right)."""
    import io
    import re

    import pikepdf
    import pypdfium2 as pdfium
    from fontTools.ttLib import TTFont as FontFile
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from pubrelease.pdf.chartable import read_chars
    from pubrelease.pdf.textlines import lines

    pdfmetrics.registerFont(TTFont("TamilTest", _tamil_font()))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(300, 100), pageCompression=0)
    text = pdf.beginText(placed[0][1], 50)
    text.setFont("TamilTest", 20)
    for char, x in placed:
        text.setTextOrigin(x, 50)
        text.textOut(char)
    pdf.drawText(text)
    pdf.save()
    data = out.getvalue()
    if one_run:
        font = FontFile(_tamil_font())
        cmap, advances = font.getBestCmap(), font["hmtx"].metrics
        scale = 20 / font["head"].unitsPerEm
        doc = pikepdf.open(io.BytesIO(data))
        content = doc.pages[0].Contents.read_bytes()
        shown = re.findall(rb"(\([^)]*\)) Tj", content)  # each character's string
        run, at = [], placed[0][1]
        for k, ((char, x), string) in enumerate(zip(placed, shown, strict=True)):
            if k:
                run.append(b"%d" % round((at - x) * 1000 / 20))
            run.append(string)
            at = x + advances[cmap[ord(char)]][0] * scale
        start = content.index(shown[0] + b" Tj")
        end = content.rindex(shown[-1] + b" Tj") + len(shown[-1]) + 3
        doc.pages[0].Contents.write(
            content[:start] + b"[" + b" ".join(run) + b"] TJ" + content[end:]
        )
        saved = io.BytesIO()
        doc.save(saved)
        data = saved.getvalue()
    page = pdfium.PdfDocument(data)[0]
    chars = read_chars(page.get_textpage())
    return " / ".join(line.text for line in lines(chars, 0))


def test_a_vowel_sign_drawn_first_goes_with_the_letter_right_of_it() -> None:
    """'2', then ே drawn left of த, then த, then வ: the sign is த's ('2 தேவ')."""
    placed = [("2", 40), ("\u0bc7", 100), ("\u0ba4", 114), ("\u0bb5", 126)]
    assert _page_text(placed) == _page_text(placed, one_run=True) == "2 \u0ba4\u0bc7\u0bb5"


def test_a_vowel_sign_drawn_after_its_letter_stays_with_it() -> None:
    """In one run, த, then ே drawn left of it, then வ close by (a text layer in logical
    order whose glyphs are placed as shaped): the sign is the letter's before it, not
    the one drawn after it ('தேவ')."""
    placed = [("\u0ba4", 114), ("\u0bc7", 100), ("\u0bb5", 116)]
    assert _page_text(placed, one_run=True) == "\u0ba4\u0bc7\u0bb5"
