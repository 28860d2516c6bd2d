"""pypdf's objects parsed where the fast reader found them are pypdf's reader's objects.

The font check reads a font it has not met with pypdf's objects; for a file the fast
reader vouched for, :class:`~pubrelease.pdf.nodereader.ObjectsReader` parses them one at a
time instead of opening pypdf's reader on the file (pdf-lib writes every dictionary into
one object stream, which pypdf parses whole at the first object asked for). Files of the
outside tools: every object, and every font's check, as pypdf's reader gives them.
"""

from __future__ import annotations

import functools
import io
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject, NullObject

from pubrelease import Release
from pubrelease.pdf.fonts import bundled_font
from pubrelease.pdf.nodefonts import node_fonts
from pubrelease.pdf.nodereader import ObjectsReader
from pubrelease.pdf.objects import Objects
from pubrelease.pdf.pagefonts import check_fonts
from pubrelease.pdf.revisions import node_of
from pubrelease.pdf.tounicode import FontCheck, check_font, dict_of

from . import attacks as A
from . import returns as R

GREEK = Release.create(
    **{
        **A.RELEASE.values(),
        "speaker_name": "Αλέξανδρος Παπαδόπουλος",
        "signature": "Αλέξανδρος Παπαδόπουλος",
    }
)


def _made(make: Callable[[Path, Path], Path]) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        issued = Path(folder) / "issued.pdf"
        issued.write_bytes(A.issued())
        return make(issued, Path(folder) / "out.pdf").read_bytes()


FILES: dict[str, Callable[[Path, Path], Path]] = {
    "pdf-lib-dejavu": lambda _, out: R.fill_pdflib(GREEK, out, font=bundled_font().path),
    "pdf-lib": lambda _, out: R.fill_pdflib(A.RELEASE, out),
    "ghostscript": lambda issued, out: R.flatten_with("gs", issued, out),
    "pdftocairo": lambda issued, out: R.flatten_with("pdftocairo", issued, out),
    "pdftk": lambda _, out: R.fill_pdftk(A.RELEASE, out),
}


@functools.cache
def made(name: str) -> bytes:
    return _made(FILES[name])


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_object_is_pypdfs(name: str) -> None:
    data = made(name)
    objects = Objects(data)
    ours, theirs = ObjectsReader(objects), PdfReader(io.BytesIO(data))
    numbers = [(n, 0) for n in objects.in_stream] + list(objects.xref)
    assert len(numbers) > 10
    for num, gen in numbers:
        mine = IndirectObject(num, gen, ours).get_object()
        read = IndirectObject(num, gen, theirs).get_object()
        assert node_of(mine) == node_of(read), (num, gen)
        if hasattr(read, "get_data"):
            assert mine.get_data() == read.get_data(), (num, gen)  # type: ignore[union-attr]
    # an object the file does not hold reads as pypdf reads it: null
    missing = max(num for num, _ in numbers) + 10
    assert isinstance(IndirectObject(missing, 0, ours).get_object(), NullObject)


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_fonts_check_is_the_one_pypdf_gives(name: str) -> None:
    data = made(name)
    objects = Objects(data)
    fonts, _ = node_fonts(objects, max_pages=4, max_objects=512, max_fonts=64)
    assert fonts
    ours, theirs = ObjectsReader(objects), PdfReader(io.BytesIO(data))
    for font in fonts:
        mine = check_font(dict_of(IndirectObject(font.ref.num, font.ref.gen, ours)))
        read = check_font(dict_of(IndirectObject(font.ref.num, font.ref.gen, theirs)))
        assert mine == read, font.base


def test_a_new_font_is_checked_without_opening_pypdf() -> None:
    """pdf-lib's subset of DejaVu Sans, new to the process, is checked (and proved) on
    the fast reader's objects: pypdf's reader is never opened."""
    data = made("pdf-lib-dejavu")

    def never() -> PdfReader:
        raise AssertionError("pypdf's reader was opened")

    found = check_fonts(never, max_pages=4, objects=Objects(data))
    named = [checks for name, checks in found.by_name.items() if "DejaVuSans-" in name]
    proved = [check.draws_reference for checks in named for check in checks]
    assert proved and all(proved)
    by_pypdf = check_fonts(PdfReader(io.BytesIO(data)), max_pages=4).by_name
    # (the same checks; each carries the digest of the reader that found it)
    assert _undigested(found.by_name) == _undigested(by_pypdf)


def _undigested(by_name: dict[str, list[FontCheck]]) -> dict[str, list[FontCheck]]:
    return {name: [replace(c, digest=None) for c in checks] for name, checks in by_name.items()}
