"""Fonts written inline in a resource dictionary (pyHanko writes its stamp's so), checked
once per process like the others (pdf/nodefonts.py, pdf/pagefonts.py).

The fast reader's walk of a page's fonts refused a font written inline, and every such
file's fonts were checked by walking its pages with pypdf (3 ms of a stamped return's
reading). The walk now gives such a font by what it is (its digest, no reference): the
first file's is checked through pypdf's walk, which finds it at the same page under the
same name, and remembered by that digest; a file with the same font is then answered
without pypdf, the same answer. A font that lies is named every time; another font under
the same name is checked again.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from pubrelease import fill
from pubrelease.pdf import pagefonts
from pubrelease.pdf.pagefonts import check_fonts

from .helpers import update
from .pki import Pki
from .signed import release
from .test_font_digest import _facts, _fast
from .test_signature_stamps import MARGIN, stamped


def _walked(data: bytes) -> pagefonts.PageFonts:
    """The answer of pypdf's own walk of the pages, nothing remembered."""
    pagefonts._BY_NODES.clear()
    pagefonts._REMEMBERED.clear()
    return check_fonts(PdfReader(io.BytesIO(data)), max_pages=4)


def _stamp_font(writer: PdfWriter) -> DictionaryObject:
    """The stamp's font, written inline in its appearance's resources."""
    for annot in writer.pages[1]["/Annots"]:
        widget = annot.get_object()
        if widget.get("/FT") == "/Sig" and "/AP" in widget:
            fonts = widget["/AP"]["/N"].get_object()["/Resources"]["/Font"]
            for font in fonts.values():
                if isinstance(font, DictionaryObject):
                    return font
    raise AssertionError("no inline font")


def test_a_stamps_inline_font_is_remembered_and_known_next_time(pki: Pki) -> None:
    first = stamped(fill(release()), pki.speaker, MARGIN)
    second = stamped(fill(release(name="Ann Other")), pki.speaker, MARGIN)
    walked = _walked(second)
    _, opened = _fast(first)
    assert opened  # (the first: pypdf's walk reads the inline font)
    found, opened = _fast(second)
    assert not opened  # known by its digest: pypdf not opened
    assert _facts(found) == _facts(walked)


def _lying_map(writer: PdfWriter) -> None:
    """The stamp's Courier given a ToUnicode map that reads its "D" and "X" glyphs as each
    other (the glyphs drawn stay Courier's own)."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CMapName /Lie def /CMapType 2 def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"2 beginbfchar <44> <0058> <58> <0044> endbfchar\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    stream = DecodedStreamObject()
    stream.set_data(cmap)
    _stamp_font(writer)[NameObject("/ToUnicode")] = writer._add_object(stream)


def test_an_inline_font_that_lies_is_named_every_time(pki: Pki) -> None:
    honest = stamped(fill(release()), pki.speaker, MARGIN)
    _fast(honest)
    data = update(honest, _lying_map)
    walked = _walked(data)
    assert walked.lies, "pypdf's walk names the lie"
    for _ in range(2):
        found, _ = _fast(data)
        assert _facts(found) == _facts(walked)
