"""A text layer in a script OCR does not read, disagreeing with the value, is for a person.

pdf-lib draws an Arabic name in Noto Sans Arabic (``--font``, through fontkit) joined
and right to left, as it should look in poppler, MuPDF and PDFium, and maps some of its
glyphs to other letters or control characters: its text layer reads 'محمد ال\\x05زهزاء'
for 'محمد الزهراء'. The return was ``invalid`` (``value-disagreement``: a reviewer's
finding) where a person sees the name written. Nothing here reads Arabic from the
pixels, so the disagreement is left to a person: ``incomplete``, the finding quoting
the value and the text layer's reading (:mod:`pubrelease.reading.unreadable`).

What a reading can still prove stays an error: a stored name in Latin letters beside an
Arabic drawing, and an Arabic stored name beside a drawing in Latin letters (OCR reads
them), are ``invalid``; so is another Arabic name drawn than the one stored, whose text
layer reads other words. A name a letter apart is not ``valid``.
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
from .helpers import signed_release

ARABIC = "justmytype_intl_rtl/fonts/ofl/notosansarabic/NotoSansArabic[wdth,wght].ttf"
NAME = "محمد الزهراء"
OTHER = "فاطمة علي"


@functools.cache
def _filled(name: str, flatten: bool = False) -> bytes:
    import justmytype_intl_rtl  # the packaged fonts: pubrelease depends on them

    font = Path(justmytype_intl_rtl.__file__).parent.parent / ARABIC
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


def test_another_arabic_name_drawn_stays_invalid() -> None:
    """The text layer reads other words than the value: not a broken map."""
    record = parse(_stored_as(_filled(OTHER), OTHER, NAME), today=A.TODAY)
    findings = [(str(f.code), f.message) for f in record.findings]
    assert record.status is Status.INVALID, findings
    assert any(c == "value-disagreement" and OTHER[:4] in m for c, m in findings), findings


def test_a_name_a_letter_apart_is_not_valid() -> None:
    """'أحمد' drawn for 'محمد': a broken map could read so too; a person looks."""
    near = "أحمد الزهراء"
    record = parse(_stored_as(_filled(near), near, NAME), today=A.TODAY)
    findings = [(str(f.code), f.message) for f in record.findings]
    assert record.status is not Status.VALID, findings


@pytest.mark.parametrize(
    ("drawn", "stored"),
    [(NAME, "John Smith"), ("John Smith", NAME)],
    ids=["latin-stored", "latin-drawn"],
)
def test_latin_on_either_side_stays_invalid(drawn: str, stored: str) -> None:
    record = parse(_stored_as(_filled(drawn), drawn, stored), today=A.TODAY)
    findings = [(str(f.code), f.message) for f in record.findings]
    assert record.status is Status.INVALID, findings
    assert any(c == "value-disagreement" for c, _ in findings), findings
