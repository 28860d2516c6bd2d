"""A text layer in a script OCR does not read, disagreeing with the value, where the box
draws the value's very glyphs, is for a person.

pdf-lib draws an Arabic name in Noto Sans Arabic (``--font``, through fontkit) joined
and right to left, as it should look in poppler, MuPDF and PDFium, and maps some of its
glyphs to other letters or control characters: its text layer reads 'محمد ال\\x05زهزاء'
for 'محمد الزهراء'. The return was ``invalid`` (``value-disagreement``: a reviewer's
finding) where a person sees the name written. The glyphs the box draws are the outlines
HarfBuzz shapes the stored name into in the packaged Noto Sans Arabic
(:mod:`pubrelease.reading.shapedproof`): the disagreement is the map's, folded into the
box's ``shown-text-unchecked`` finding (:mod:`pubrelease.reading.unreadable`).

Any other drawing stays an error (review rev18: letter likeness let these through): the
words of the name swapped, one letter changed (أحمد for محمد), another name, a Hebrew
name's words swapped, a Latin letter changed in a mixed value; and a stored name in Latin
letters beside an Arabic drawing, or an Arabic stored name beside Latin letters.
"""

from __future__ import annotations

import functools
import io
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from pubrelease import Status, parse

from . import attacks as A
from . import returns as R
from .helpers import ARABIC_FONT, HEBREW_FONT, packaged_rtl_font, signed_release

NAME = "محمد الزهراء"
OTHER = "فاطمة علي"


@functools.cache
def _filled(name: str, flatten: bool = False) -> bytes:
    hebrew = any("\u0590" <= c <= "\u05ff" for c in name)
    font = packaged_rtl_font(HEBREW_FONT if hebrew else ARABIC_FONT)
    with tempfile.TemporaryDirectory(prefix="unread-") as folder:
        out = Path(folder) / "pdflib.pdf"
        R.fill_pdflib(signed_release(name), out, font=font, flatten=flatten)
        return out.read_bytes()


def _stored_as(data: bytes, drawn: str, stored: str) -> bytes:
    """``data`` re-saved with every field whose value is ``drawn`` storing ``stored``
    (the appearances left as they are: the page still shows ``drawn``)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    pending = list(writer._root_object["/AcroForm"]["/Fields"])
    changed = 0
    while pending:
        node = pending.pop().get_object()
        assert isinstance(node, DictionaryObject)
        pending.extend(node.get("/Kids", []))
        if node.get("/V") == drawn:
            node[NameObject("/V")] = TextStringObject(stored)
            changed += 1
    assert changed
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("name", [NAME, OTHER])
def test_pdf_lib_arabic_is_left_to_a_person(name: str) -> None:
    record = parse(_filled(name), today=A.TODAY)
    findings = [(str(f.code), f.message) for f in record.findings]
    assert record.status is Status.INCOMPLETE, findings
    assert record.speaker_name == name
    unchecked = [m for c, m in findings if c == "shown-text-unchecked" and "text layer" in m]
    assert unchecked and all(name in m for m in unchecked), findings


FORGED = {
    # what the page draws -> the stored value
    "another-name": (OTHER, NAME),
    "words-swapped": ("حسن علي", "علي حسن"),
    "one-letter": ("أحمد الزهراء", NAME),
    "hebrew-swapped": ("לוי דוד", "דוד לוי"),
    "latin-in-mixed": ("John Smyth ع", "John Smith ع"),
    "latin-stored": (NAME, "John Smith"),
    "latin-drawn": ("John Smith", NAME),
}


@pytest.mark.parametrize("case", sorted(FORGED))
def test_any_other_drawing_stays_invalid(case: str) -> None:
    drawn, stored = FORGED[case]
    record = parse(_stored_as(_filled(drawn), drawn, stored), today=A.TODAY)
    findings = [(str(f.code), f.message) for f in record.findings]
    assert record.status is Status.INVALID, findings
    assert any(c in ("value-disagreement", "name-mismatch") for c, _ in findings), findings
