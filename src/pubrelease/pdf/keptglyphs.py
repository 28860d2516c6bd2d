"""The glyphs PDFium draws for the standard fonts, kept from one file to the next.

Most returns draw their words in fonts no file embeds: the standard fonts (Helvetica,
Times, Courier, Symbol, ZapfDingbats), which pdftk, pypdf, pdf-lib and our own template
name and PDFium draws with its own copies of them. PDFium loads each such copy once for
the process, but the bitmaps of its glyphs (a glyph at a size, rasterised) are kept in a
cache that lives only as long as some open document's font uses it: every return opened
and closed in turn rasterises the same glyphs of the same words again, about a third of
what a render of a form's page costs (callgrind: 7 M of the 151 M instructions a parse
of a pdftk fill takes).

So a small document of our own, drawing one glyph in each standard font, is kept open
with its page, drawn once: its fonts hold those caches open, and a glyph drawn once at a
size is taken from there by every later file. The glyphs are the ones PDFium would make
again (the same font, size and matrix): what is drawn does not change. The cache grows
with every new size a file draws at, so the keeper is let go and made anew every
:data:`RENEW` renders: a worker's memory stays bounded whatever its files draw.

PDFium is used from one thread at a time here, as everywhere else in the reading.
"""

from __future__ import annotations

import pypdfium2 as pdfium

from .writer import write_document

__all__ = ["RENEW", "keep_standard_glyphs"]

RENEW = 5000
"""Renders after which the kept document is closed and made again (a few hundred returns:
the glyphs of the sizes drawn since are let go)."""

_STANDARD = (
    "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
    "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic",
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
    "Symbol", "ZapfDingbats",
)  # fmt: skip


def _document() -> bytes:
    """A one-page PDF drawing an "a" in each of the standard fonts (not embedded)."""
    fonts = " ".join(f"/F{i} {5 + i} 0 R" for i in range(len(_STANDARD)))
    shown = " ".join(f"/F{i} 10 Tf 10 {20 + 12 * i} Td (a) Tj" for i in range(len(_STANDARD)))
    content = f"BT {shown} ET".encode()
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents %d 0 R"
        b" /Resources << /Font << %s >> >> >>" % (5 + len(_STANDARD), fonts.encode()),
        b"<< /Producer (pubrelease) >>",
        *(f"<< /Type /Font /Subtype /Type1 /BaseFont /{name} >>".encode() for name in _STANDARD),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    objects = dict(enumerate(bodies, 1))
    return write_document(objects, root=1, info=4, file_id="0" * 32)


class _Keeper:
    def __init__(self) -> None:
        self.kept: tuple[pdfium.PdfDocument, pdfium.PdfPage] | None = None
        self.renders = 0

    def keep(self) -> None:
        if self.kept is None or self.renders >= RENEW:
            self.let_go()
            doc = pdfium.PdfDocument(_document())
            page = doc[0]
            page.render(scale=1.0, grayscale=True).close()  # (each font's cache made)
            self.kept = (doc, page)
            self.renders = 0
        self.renders += 1

    def let_go(self) -> None:
        if self.kept is not None:
            doc, page = self.kept
            self.kept = None
            page.close()
            doc.close()


_KEEPER = _Keeper()


def keep_standard_glyphs() -> None:
    """Make sure the standard fonts' glyphs outlive the document about to be rendered (see
    the module); call before each render."""
    _KEEPER.keep()
