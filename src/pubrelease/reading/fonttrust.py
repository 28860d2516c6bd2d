"""Which fonts' glyphs are what the text layer reads, by name, for the checks that vouch
for a page's words without looking at them (:mod:`.vouching`, :mod:`.wordingglyphs`) and
for the reading from widgets, which takes a value only where they would
(:mod:`.provenfill`); :mod:`.vouching` says which fonts, and why.
"""

from __future__ import annotations

import functools
import hashlib

from ..form.template import Form
from ..pdf.outlineproof import SUBSET_TAG
from ..pdf.pagefonts import PageFonts

__all__ = [
    "ReleaseFonts",
    "our_programs",
    "trusted_fonts",
    "trusted_names",
    "value_box_fonts",
]

ReleaseFonts = frozenset[tuple[bytes, bytes]]
"""The fonts ``fill`` makes for a release's values: (digest of the program, as PDFium's
``FPDFFont_GetFontData`` gives it, :attr:`~..pdf.tounicode.FontCheck.glyph_texts`)."""


@functools.lru_cache(maxsize=8)
def our_programs(form: Form) -> frozenset[bytes]:
    """Digests of the font programs ``fill`` embeds for the form's values (as PDFium's
    ``FPDFFont_GetFontData`` gives them)."""
    return frozenset({hashlib.blake2b(form.value_font.program, digest_size=20).digest()})


def trusted_names(
    fonts: PageFonts,
    ours: frozenset[bytes],
    release: ReleaseFonts = frozenset(),
    *,
    outlined: bool = False,
) -> dict[str, bool]:
    """Font name -> whether it is embedded, for the names whose glyphs are what the text
    layer reads (see :mod:`.vouching`; ``outlined``: a font proved by its outlines counts)."""
    if not fonts.complete:
        return {}
    out: dict[str, bool] = {}
    for name, checks in fonts.by_name.items():
        if all(c.draws_named_glyphs for c in checks):
            out[name] = False
        elif all(
            not c.swaps
            and (
                (c.reads_as_drawn and c.program in ours)
                or (c.program is not None and (c.program, c.glyph_texts) in release)
                or (outlined and c.program is not None and c.draws_reference)
            )
            for c in checks
        ):
            out[name] = True
    # PDFium names a simple TrueType font without its subset tag ("DejaVuSans" for
    # pdftocairo's "NRISUG+DejaVuSans"): that name is trusted only as every font it may
    # be is (the same way), else not at all
    bare: dict[str, set[bool | None]] = {}
    for name in fonts.by_name:
        bare.setdefault(SUBSET_TAG.sub("", name), set()).add(out.get(name))
    for name, embedded in bare.items():
        agreed = next(iter(embedded)) if len(embedded) == 1 else None
        if agreed is None:
            out.pop(name, None)
        else:
            out[name] = agreed
    return out


def trusted_fonts(
    fonts: PageFonts, form: Form, release: ReleaseFonts = frozenset()
) -> dict[str, bool]:
    """Font name -> whether it is embedded, for the names of the file whose glyphs are
    what the text layer reads: a standard font not embedded, ``fill``'s own program, or
    one of ``release`` (:func:`release_fonts`; see the module); empty when some font of
    the pages was not checked.

    A printer's subset proved by its outlines is not among them: this is what the
    wording's check asks (:mod:`.wordingglyphs`), which, when every font is trusted,
    takes the page's pixels to be the form's own, cell by cell; a print places the
    page's words anew (Ghostscript's "1. In" a pixel off), and is looked at as a print."""
    return trusted_names(fonts, our_programs(form), release)


def value_box_fonts(fonts: PageFonts, form: Form) -> dict[str, bool]:
    """Font name -> whether it is embedded, for the names whose glyphs :func:`unvouched_boxes`
    takes to be what the text layer reads in a value box, but for the fonts ``fill`` makes
    for a release (which the reading from widgets proves by the drawings ``fill`` makes):
    a standard font not embedded, ``fill``'s own program, a font proved by its outlines."""
    return trusted_names(fonts, our_programs(form), outlined=True)
