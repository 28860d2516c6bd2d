"""Prints of a release on other paper, or turned, read as shown (rev26 #4-#6, issue 11).

Each a release ``fill`` issued, printed to PDF by a real program (failing under
``CI=true`` when it is missing), read ``valid`` with the name as filled.

* A page turned by qpdf (``qpdf --rotate=+90``), then printed by Ghostscript, pdftocairo or
  mutool: the print's drawing is turned in the page's own space, and the reading lays it
  in the form's frame first (:mod:`pubrelease.pdf.reframe`). Its Arabic and Devanagari
  names, whose text layer names no character for some glyphs, were read from the glyphs
  the *file's* pages show, where the turned page has them, not where the copy laid in
  the frame does: no box held a glyph, the holes stayed ('محمد ع\\x0e\\x03د الرحم�'),
  ``invalid``. The glyphs are read from the copy; and so the boxes of pdftocairo's Greek
  name are seen to draw it glyph by glyph (they were left to a person,
  ``shown-text-unchecked``).
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import pytest

from pubrelease import Status, fill, parse

from . import attacks as A
from . import returns as R
from . import turned as T

ARABIC, DEVANAGARI, GREEK = "محمد عبد الرحمن", "अमित कुमार शर्मा", "Γεώργιος Παπαδόπουλος"
TURNED = [
    (name, printer) for name in (ARABIC, DEVANAGARI) for printer in ("gs", "pdftocairo", "mutool")
]
TURNED.append((GREEK, "pdftocairo"))


def _issued(name: str) -> bytes:
    return fill(dataclasses.replace(A.RELEASE, speaker_name=name, signature=name), today=A.TODAY)


def _turned_printed(name: str, printer: R.FlattenTool) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "turned-issued.pdf"
        source.write_bytes(T.qpdf_rotate(_issued(name), "+90", Path(folder)))
        printed = R.flatten_with(printer, source, Path(folder) / "printed.pdf", strict=False)
        return printed.read_bytes()


@pytest.mark.parametrize(("name", "printer"), TURNED)
def test_a_turned_page_printed_reads_its_name_from_its_glyphs(
    name: str, printer: R.FlattenTool
) -> None:
    record = parse(_turned_printed(name, printer), today=A.TODAY)
    assert (record.speaker_name, record.signature) == (name, name)
    assert record.status is Status.VALID, [(f.code, f.message) for f in record.findings]
