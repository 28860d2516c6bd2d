"""More shadow attacks on the project's own release, built with the real tools.

Each is an edit (pypdf objects; reportlab and fontTools for new ink) applied as
:mod:`tests.attacks` applies its own: as an incremental update, or rewritten whole by
qpdf (pikepdf). What the page shows changes; the text layer and the fields do not:

* clause 1 reworded on the page, the original lines kept in an optional-content group
  that is off (the new words drawn as outlines, so the text layer has only the original);
* clause 1 drawn in a font whose ToUnicode map lies: the glyphs say new words, the map
  gives back the original characters;
* a flattened release whose box glyphs are drawn ☐ (Accept) and ☒ (Decline) while their
  ToUnicode says ☒ and ☐;
* a layer that shows only on paper (``/Usage /Print`` with a print ``/AS`` event) ticking
  Decline;
* fonts and drawings redefined under unchanged content streams: the page's font, a
  widget font's widths or embedded program, a Form XObject the page draws.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

from fontTools.pens.basePen import BasePen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)
from reportlab.pdfgen import canvas

from . import attacks as A

DEJAVU = Path(__file__).parents[1] / "src" / "pubrelease" / "pdf" / "fontfiles" / "DejaVuSans.ttf"

CLAUSE1_REWORDED = (
    "In exchange for nothing at all, I grant ICML no license of any kind to the Articles I have "
    "submitted; ICML may not copy, distribute or display any part of the Articles or anything "
    "derived from them, for any purpose, in any jurisdiction or medium, now or in the future."
)
"""What the page shows instead of clause 1."""

Edit = Callable[[PdfWriter], None]


def _clause1_lines(text: str) -> list[tuple[float, float, str, tuple[int, int]]]:
    """(x, y, words, span) of clause 1's body lines in our template's page content."""
    start, end = A._lines_of_clause(text, 1)
    pattern = re.compile(r"BT /F1 10 Tf 0 g 1 0 0 1 ([\d.]+) ([\d.]+) Tm \((.*?)\) Tj ET\n?")
    return [
        (float(m[1]), float(m[2]), m[3], (m.start(), m.end()))
        for m in pattern.finditer(text, start, end)
        if float(m[1]) > 80
    ]


def _reworded(lines: int, widths: list[int]) -> list[str]:
    """CLAUSE1_REWORDED cut into ``lines`` lines of the given character counts."""
    words = CLAUSE1_REWORDED.split()
    out: list[str] = []
    for width in widths[:lines]:
        line = ""
        while words and len(line) + len(words[0]) + (1 if line else 0) <= width:
            line += (" " if line else "") + words.pop(0)
        out.append(line.ljust(width))
    return out


class _CanvasPen(BasePen):
    """Glyph outlines drawn onto a reportlab path, scaled and placed."""

    def __init__(self, glyphs: object, path: object, x: float, y: float, scale: float) -> None:
        super().__init__(glyphs)
        self.path, self.x, self.y, self.scale = path, x, y, scale

    def _p(self, pt: tuple[float, float]) -> tuple[float, float]:
        return self.x + pt[0] * self.scale, self.y + pt[1] * self.scale

    def _moveTo(self, pt: tuple[float, float]) -> None:
        self.path.moveTo(*self._p(pt))  # type: ignore[attr-defined]

    def _lineTo(self, pt: tuple[float, float]) -> None:
        self.path.lineTo(*self._p(pt))  # type: ignore[attr-defined]

    def _curveToOne(
        self, a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]
    ) -> None:
        self.path.curveTo(*self._p(a), *self._p(b), *self._p(c))  # type: ignore[attr-defined]

    def _closePath(self) -> None:
        self.path.close()  # type: ignore[attr-defined]


def draw_outlines(c: canvas.Canvas, text: str, x: float, y: float, size: float) -> None:
    """``text`` as filled glyph outlines (no text layer), DejaVu Sans at ``size`` points."""
    font = TTFont(DEJAVU)
    glyphs = font.getGlyphSet()
    cmap = font.getBestCmap()
    scale = size / font["head"].unitsPerEm
    path = c.beginPath()
    for char in text:
        name = cmap.get(ord(char), ".notdef")
        glyphs[name].draw(_CanvasPen(glyphs, path, x, y, scale))
        x += font["hmtx"][name][0] * scale
    c.setFillColorRGB(0, 0, 0)
    c.drawPath(path, fill=1, stroke=0)


def _off_layer(writer: PdfWriter, page: int, tag: str) -> None:
    layer = writer._add_object(
        DictionaryObject(
            {NameObject("/Type"): NameObject("/OCG"), NameObject("/Name"): TextStringObject(tag)}
        )
    )
    writer._root_object[NameObject("/OCProperties")] = DictionaryObject(
        {
            NameObject("/OCGs"): ArrayObject([layer]),
            NameObject("/D"): DictionaryObject({NameObject("/OFF"): ArrayObject([layer])}),
        }
    )
    resources = writer.pages[page]["/Resources"].get_object()
    resources[NameObject("/Properties")] = DictionaryObject({NameObject(f"/{tag}"): layer})


def clause1_off_layer_reworded(writer: PdfWriter) -> None:
    """Clause 1's lines in a layer that is off; reworded lines drawn as outlines over them."""
    text = writer.pages[0].get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
    lines = _clause1_lines(text)
    first, last = lines[0][3][0], lines[-1][3][1]

    def change(text: str) -> str:
        return text[:first] + "/OC /Hide BDC\n" + text[first:last] + "EMC\n" + text[last:]

    A._edit_content(0, change)(writer)
    _off_layer(writer, 0, "Hide")
    shown = _reworded(len(lines), [len(w) for _, _, w, _ in lines])

    def draw(c: canvas.Canvas) -> None:
        for (x, y, _, _), words in zip(lines, shown, strict=True):
            draw_outlines(c, words.rstrip(), x, y, 9)

    A._draw_on(0, draw)(writer)


def _font_file(writer: PdfWriter, shown: str, *, strip_cmap: bool = False) -> object:
    """DejaVu Sans, subset to ASCII and the characters of ``shown``, glyph ids kept;
    without its cmap when asked. (Subset to ASCII alone, a Greek or Arabic lie drew
    nothing at all: an empty box whose text reads the name, not the lie meant.)"""
    font = TTFont(DEJAVU)
    options = Options()
    options.retain_gids = True
    options.notdef_outline = True
    subsetter = Subsetter(options)
    subsetter.populate(unicodes=set(range(0x20, 0x7F)) | {ord(c) for c in shown})
    subsetter.subset(font)
    if strip_cmap:
        for table in font["cmap"].tables:
            table.cmap = {}
    out = io.BytesIO()
    font.save(out)
    stream = StreamObject()
    stream.set_data(out.getvalue())
    stream[NameObject("/Length1")] = NumberObject(len(out.getvalue()))
    return writer._add_object(stream)


def _lying_font(writer: PdfWriter, shown: str, meant: str, *, strip_cmap: bool = False) -> object:
    """A Type0 font whose code ``i + 1`` draws ``shown[i]`` and maps to ``meant[i]``."""
    font = TTFont(DEJAVU)
    cmap = font.getBestCmap()
    gids = [font.getGlyphID(cmap.get(ord(c), ".notdef")) for c in shown]
    widths = [round(font["hmtx"][cmap.get(ord(c), ".notdef")][0] * 1000 / 2048) for c in shown]
    cid_to_gid = StreamObject()
    cid_to_gid.set_data(b"\0\0" + b"".join(g.to_bytes(2, "big") for g in gids))
    entries = "\n".join(f"<{i + 1:04X}> <{ord(c):04X}>" for i, c in enumerate(meant))
    to_unicode = StreamObject()
    cmap_text = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CMapName /Lie def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        + "".join(
            f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar\n"
            for chunk in (entries.split("\n")[k : k + 100] for k in range(0, len(meant), 100))
        )
        + "endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    to_unicode.set_data(cmap_text.encode())
    descriptor = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): NameObject("/DejaVuSans"),
            NameObject("/Flags"): NumberObject(32),
            NameObject("/FontBBox"): ArrayObject(
                NumberObject(v) for v in (-1021, -463, 1793, 1232)
            ),
            NameObject("/ItalicAngle"): NumberObject(0),
            NameObject("/Ascent"): NumberObject(928),
            NameObject("/Descent"): NumberObject(-236),
            NameObject("/CapHeight"): NumberObject(729),
            NameObject("/StemV"): NumberObject(80),
            NameObject("/FontFile2"): _font_file(writer, shown, strip_cmap=strip_cmap),
        }
    )
    cid_font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/CIDFontType2"),
            NameObject("/BaseFont"): NameObject("/DejaVuSans"),
            NameObject("/CIDSystemInfo"): DictionaryObject(
                {
                    NameObject("/Registry"): TextStringObject("Adobe"),
                    NameObject("/Ordering"): TextStringObject("Identity"),
                    NameObject("/Supplement"): NumberObject(0),
                }
            ),
            NameObject("/FontDescriptor"): writer._add_object(descriptor),
            NameObject("/CIDToGIDMap"): writer._add_object(cid_to_gid),
            NameObject("/W"): ArrayObject(
                [NumberObject(1), ArrayObject(NumberObject(w) for w in widths)]
            ),
        }
    )
    return writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type0"),
                NameObject("/BaseFont"): NameObject("/DejaVuSans"),
                NameObject("/Encoding"): NameObject("/Identity-H"),
                NameObject("/DescendantFonts"): ArrayObject([writer._add_object(cid_font)]),
                NameObject("/ToUnicode"): writer._add_object(to_unicode),
            }
        )
    )


def clause1_lying_tounicode(writer: PdfWriter) -> None:
    """Clause 1's lines drawn in a font whose glyphs say CLAUSE1_REWORDED while its
    ToUnicode map gives back the original characters, one code per character."""
    text = writer.pages[0].get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
    lines = _clause1_lines(text)
    originals = [w for _, _, w, _ in lines]
    shown = _reworded(len(lines), [len(w) for w in originals])
    font = _lying_font(writer, "".join(shown), "".join(originals))
    pieces, code = [], 1
    for (x, y, words, _), _line in zip(lines, shown, strict=True):
        codes = "".join(f"{code + i:04X}" for i in range(len(words)))
        code += len(words)
        pieces.append(f"BT /FLie 9 Tf 0 g 1 0 0 1 {x} {y} Tm <{codes}> Tj ET\n")
    replaced, at = "", 0
    for (_, _, _, (start, end)), piece in zip(lines, pieces, strict=True):
        replaced += text[at:start] + piece
        at = end
    replaced += text[at:]
    A._edit_content(0, lambda _: replaced)(writer)
    fonts = writer.pages[0]["/Resources"].get_object()["/Font"].get_object()
    fonts[NameObject("/FLie")] = font


def _box_font(writer: PdfWriter) -> tuple[DictionaryObject, DictionaryObject, DictionaryObject]:
    page = writer.pages[A._page_of("consent")]
    xobjects = page["/Resources"].get_object()["/XObject"].get_object()
    accept = decline = None
    for name in xobjects:
        data = xobjects[name].get_object().get_data()
        if b"<02E8> Tj" in data and accept is None:
            accept = xobjects[name].get_object()
        elif b"<02E7> Tj" in data:
            decline = xobjects[name].get_object()
    assert accept is not None and decline is not None
    return accept, decline, accept["/Resources"]["/Font"]["/PRF0"].get_object()


def boxes_lying_tounicode(writer: PdfWriter) -> None:
    """On a flattened release: Accept drawn ☐ and Decline drawn ☒, the font's ToUnicode
    swapped so that the text layer still reads ☒ Accept ☐ Decline."""
    accept, decline, font = _box_font(writer)
    accept.set_data(accept.get_data().replace(b"<02E8>", b"<02E7>"))
    decline.set_data(decline.get_data().replace(b"<02E7>", b"<02E8>"))
    to_unicode = font["/ToUnicode"].get_object()
    cmap = to_unicode.get_data()
    swapped = cmap.replace(b"<02E7> <2610>", b"<02E7> <XXXX>")
    swapped = swapped.replace(b"<02E8> <2612>", b"<02E8> <2610>").replace(b"<XXXX>", b"<2612>")
    assert swapped != cmap
    to_unicode.set_data(swapped)


def print_only_layer_decline(writer: PdfWriter) -> None:
    """An X on the Decline box in a layer that is off on screen and on in print (its
    ``/Usage /Print`` state, applied by a print ``/AS`` event of the default config)."""
    page = A._page_of("consent")
    x0, y0, x1, y1 = A._widget_rect("consent", "Decline")
    layer = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/OCG"),
                NameObject("/Name"): TextStringObject("Print"),
                NameObject("/Usage"): DictionaryObject(
                    {
                        NameObject("/Print"): DictionaryObject(
                            {NameObject("/PrintState"): NameObject("/ON")}
                        ),
                        NameObject("/View"): DictionaryObject(
                            {NameObject("/ViewState"): NameObject("/OFF")}
                        ),
                    }
                ),
            }
        )
    )
    event = DictionaryObject(
        {
            NameObject("/Event"): NameObject("/Print"),
            NameObject("/OCGs"): ArrayObject([layer]),
            NameObject("/Category"): ArrayObject([NameObject("/Print")]),
        }
    )
    view = DictionaryObject(
        {
            NameObject("/Event"): NameObject("/View"),
            NameObject("/OCGs"): ArrayObject([layer]),
            NameObject("/Category"): ArrayObject([NameObject("/View")]),
        }
    )
    writer._root_object[NameObject("/OCProperties")] = DictionaryObject(
        {
            NameObject("/OCGs"): ArrayObject([layer]),
            NameObject("/D"): DictionaryObject(
                {
                    NameObject("/OFF"): ArrayObject([layer]),
                    NameObject("/AS"): ArrayObject([event, view]),
                }
            ),
        }
    )
    target = writer.pages[page]
    resources = target["/Resources"].get_object()
    resources[NameObject("/Properties")] = DictionaryObject({NameObject("/PrintOnly"): layer})
    cross = (
        f"\n/OC /PrintOnly BDC q 0 G 1.5 w {x0 + 1} {y0 + 1} m {x1 - 1} {y1 - 1} l S "
        f"{x0 + 1} {y1 - 1} m {x1 - 1} {y0 + 1} l S Q EMC\n"
    )
    stream = StreamObject()
    stream.set_data(cross.encode())
    contents = target.get_contents()
    old = contents.get_data() if contents is not None else b""
    whole = StreamObject()
    whole.set_data(old + cross.encode())
    target[NameObject("/Contents")] = writer._add_object(whole)


# -- fonts and drawings redefined under unchanged content ------------------------------------


def page_font_swapped(writer: PdfWriter) -> None:
    """The page's wording font object redefined (Helvetica -> Courier); content unchanged."""
    font = writer.pages[0]["/Resources"].get_object()["/Font"]["/F1"].get_object()
    font[NameObject("/BaseFont")] = NameObject("/Courier")


def _widget_font(writer: PdfWriter) -> DictionaryObject:
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            normal = annot.get("/AP", {}).get("/N")
            if normal is None:
                continue
            normal = normal.get_object()
            if isinstance(normal, StreamObject) and "/Resources" in normal:
                fonts = normal["/Resources"].get_object().get("/Font")
                if fonts is not None and "/PRF0" in fonts.get_object():
                    return fonts.get_object()["/PRF0"].get_object()
    raise AssertionError("no widget font")


def widget_font_widths(writer: PdfWriter) -> None:
    """The widget font's glyph widths (/W of its CIDFont) redefined: every value drawn
    with other spacing, the appearance streams untouched."""
    cid_font = _widget_font(writer)["/DescendantFonts"][0].get_object()
    widths = cid_font["/W"]
    new = ArrayObject()
    for item in widths:
        if isinstance(item, ArrayObject):
            new.append(ArrayObject(FloatObject(float(w) * 2.2) for w in item))
        else:
            new.append(item)
    cid_font[NameObject("/W")] = new


def widget_font_program(writer: PdfWriter) -> None:
    """The widget font's embedded program replaced by the whole DejaVu Sans: the same
    codes now draw other glyphs (the subset's glyph ids are not the full font's)."""
    cid_font = _widget_font(writer)["/DescendantFonts"][0].get_object()
    descriptor = cid_font["/FontDescriptor"].get_object()
    program = descriptor["/FontFile2"].get_object()
    data = DEJAVU.read_bytes()
    program.set_data(data)
    program[NameObject("/Length1")] = NumberObject(len(data))


def xobject_redefined(writer: PdfWriter) -> None:
    """On a flattened release, the Form XObject that draws the printed name redefined to
    show "Mallory Impostor" (the original kept as invisible text); the page's content
    stream, which only says ``/Wn Do``, unchanged."""
    page = writer.pages[A._page_of("speaker_name")]
    xobjects = page["/Resources"].get_object()["/XObject"].get_object()
    x0, _, x1, _ = A._widget_rect("speaker_name")
    for name in xobjects:
        xobject = xobjects[name].get_object()
        box = [float(v) for v in xobject["/BBox"]]
        if abs((box[2] - box[0]) - (x1 - x0)) < 1 and b"Tj" in xobject.get_data():
            font = A._stream(writer, b"", (0, 0, 1, 1)).get_object()["/Resources"]  # type: ignore[attr-defined]
            resources = xobject["/Resources"].get_object()
            resources[NameObject("/Font")].get_object()[NameObject("/Helv")] = font["/Font"][
                "/Helv"
            ]
            data = xobject.get_data()
            hidden = data.replace(b"BT 0 g", b"BT 0 g 3 Tr")
            shown = b" BT /Helv 10 Tf 0 Tr 0 g 2 3 Td (Mallory Impostor) Tj ET"
            xobject.set_data(hidden + shown)
            return
    raise AssertionError("no name XObject")


SHADOWS: dict[str, tuple[Edit, bool]] = {
    "clause1-off-layer-reworded": (clause1_off_layer_reworded, False),
    "clause1-lying-tounicode": (clause1_lying_tounicode, False),
    "boxes-lying-tounicode": (boxes_lying_tounicode, True),
    "print-only-layer-decline": (print_only_layer_decline, False),
    "page-font-swapped": (page_font_swapped, False),
    "widget-font-widths": (widget_font_widths, False),
    "widget-font-program": (widget_font_program, False),
    "xobject-redefined": (xobject_redefined, True),
}
"""Name -> (the edit, whether it is made on a flattened release)."""


def shadowed(name: str, save: A.Save) -> bytes:
    edit, flatten = SHADOWS[name]
    return A.apply(A.issued(flatten=flatten), edit, save)


# -- ink without text on another system's layout ----------------------------------------------


def foreign_release(tmp: Path) -> bytes:
    """The release typeset by another system (reportlab, tests/layouts.py): not our template."""
    from .layouts import Style, render

    return render(A.RELEASE, tmp / "foreign.pdf", Style(font="Helvetica")).read_bytes()


def stamp_image(writer: PdfWriter) -> None:
    """A red "DECLINED" stamp pasted as an image over page 2 (no text under it)."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader

    picture = Image.new("RGB", (900, 160), "white")
    draw = ImageDraw.Draw(picture)
    font = ImageFont.truetype(str(DEJAVU), 110)
    draw.rectangle((4, 4, 895, 155), outline=(200, 0, 0), width=8)
    draw.text((40, 15), "DECLINED", fill=(200, 0, 0), font=font)
    last = len(writer.pages) - 1

    def paste(c: canvas.Canvas) -> None:
        c.drawImage(ImageReader(picture), 150, 120, width=270, height=48)

    A._draw_on(last, paste)(writer)


def outlined_line(writer: PdfWriter) -> None:
    """ "THE SPEAKER DOES NOT AGREE" drawn as glyph outlines at the top of page 1."""
    A._draw_on(0, lambda c: draw_outlines(c, "THE SPEAKER DOES NOT AGREE", 150, 745, 14))(writer)


FOREIGN: dict[str, Edit] = {"stamp-image": stamp_image, "outlined-line": outlined_line}
"""Name -> an edit of another system's layout that adds words without text."""


# -- a value drawn in a lying font; a box glyph map swapped on another layout ------------------

SIGNATURE_SHOWN = "I DO NOT AGREE"


def signature_lie(
    strip_cmap: bool, shown: str = SIGNATURE_SHOWN, meant: str = A.RELEASE.signature or ""
) -> Edit:
    """The signature box redrawn to show ``shown`` in a DejaVu font whose map reads
    ``meant`` (padded with spaces to as many characters)."""

    def edit(writer: PdfWriter) -> None:
        font = _lying_font(writer, shown, meant.ljust(len(shown)), strip_cmap=strip_cmap)
        codes = "".join(f"{i + 1:04X}" for i in range(len(shown)))
        A.redraw_widgets(
            writer,
            ("signature",),
            lambda _: f"/Tx BMC BT /FLie 10 Tf 0 g 2 3 Td <{codes}> Tj ET EMC".encode(),
            DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/FLie"): font})}),
        )

    return edit


SIGNATURE_LIES: dict[str, Edit] = {
    "signature-lying-font": signature_lie(strip_cmap=False),
    "signature-lying-font-no-cmap": signature_lie(strip_cmap=True),
}
"""The signature drawn "I DO NOT AGREE" in a font whose map reads "Bohyung Han"; in the
second, the font program has no cmap left to tell what its glyphs are."""


def foreign_declined(tmp: Path) -> bytes:
    """Another system's layout of a *declined* release, ballot boxes drawn with DejaVu."""
    from pubrelease import Release

    from .layouts import Style, render

    release = Release.create(**{**A.RELEASE.values(), "consent": "decline"})
    return render(release, tmp / "declined.pdf", Style(font="Helvetica")).read_bytes()


def swap_box_map(writer: PdfWriter) -> None:
    """The ToUnicode map of the font drawing the boxes swaps ☒ and ☐: the page shows
    Decline ticked, the text reads "☒ Accept ☐ Decline"."""
    for page in writer.pages:
        fonts = page["/Resources"].get_object().get("/Font")
        for name in fonts.get_object() if fonts is not None else {}:
            font = fonts.get_object()[name].get_object()
            if "/ToUnicode" not in font:
                continue
            stream = font["/ToUnicode"].get_object()
            data = stream.get_data()
            if b"<2610>" in data and b"<2612>" in data:
                swapped = data.replace(b"<2610>", b"<XXXX>").replace(b"<2612>", b"<2610>")
                stream.set_data(swapped.replace(b"<XXXX>", b"<2612>"))
                return
    raise AssertionError("no box font")


def print_only_stamp(writer: PdfWriter) -> None:
    """ "DECLINED" in large letters on page 2 that only prints: an annotation with the
    Print flag whose NoView flag hides it on screen."""
    content = b"1 0 0 rg BT /Helv 28 Tf 4 8 Td (DECLINED) Tj ET"
    A._annotation(
        writer, A._page_of("signature"), "/Stamp", (150, 300, 400, 340), content, flags=4 | 32
    )


SHADOWS["print-only-stamp"] = (print_only_stamp, False)
