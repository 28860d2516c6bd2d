"""A cedilla a clip cuts (``inkspan.CEDILLA_SHOWN``): poppler sets a value as high as its
box (Evince and Okular save "François" at 13 points in a box 13 high, 1.3 points above
its foot), and its clip cuts 0.56 of a Helvetica cedilla.

The reading from widgets takes such a value where what shows of the cedilla still hooks
under its letter in every viewer (measured here in PDFium, poppler, MuPDF and pdf.js, as
pixels of ink below the letter's own foot, beside the same cut of a plain c), and only
where the general path vouches for the cut without looking, so that both read the file
alike: at 12 points or more, under a clip of one rectangle, with no comma cut beside it.
Cut further, in Courier (URW's cedilla, thin and apart from its c, fades from half in
poppler and MuPDF), smaller, beside a cut comma or under pdf-lib's clip of two
rectangles (where the general path looks at the box, and reads a c: review of session
60), the value goes to the general path.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from pubrelease import Release, Status
from pubrelease.pdf.writer import write_document
from pubrelease.reading.inkspan import CEDILLA_SHOWN, CEDILLA_SIZE, J_SHOWN, REACH

from . import returns as R
from .helpers import ROOT, require_node_module, require_tool, rewritten, update, widget_readings
from .test_proven_fills import _field
from .test_rev38_tails import _font

TODAY = dt.date(2020, 9, 23)
NAME = "François Gonçalves"
J_NAME = "Benjamin Jiajun Li"
"""A name whose j's a clip may cut (a J has no tail), as poppler cuts them: 0.46 of their
tails shows (:data:`.inkspan.J_SHOWN`)."""
SIZE = 13.0
"""The size of the signature's value below, poppler's in the form's boxes (13 points high)."""
BUILDS = pytest.mark.parametrize("build", [update, rewritten], ids=["incremental", "re-saved"])
FAMILIES = {"Helvetica": "/Helvetica", "Times": "/Times-Roman", "Courier": "/Courier"}


def _filled(name: str, folder: Path) -> bytes:
    release = Release.create(
        speaker_name=name,
        event_title="Notes on the Analytical Engine",
        event_date="2020-07-13",
        effective_date="2020-07-01",
        consent="accept",
        signature=name,
        sign_date="2020-07-02",
    )
    return R.fill_pypdf(release, folder / "filled.pdf").read_bytes()


@pytest.fixture(scope="module")
def honest(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return _filled(NAME, tmp_path_factory.mktemp("cedilla"))


@pytest.fixture(scope="module")
def honest_j(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """:data:`J_NAME`'s release, filled by pypdf."""
    return _filled(J_NAME, tmp_path_factory.mktemp("j"))


def _depth(family: str, letter: int = 0xE7) -> float:
    """How far below its baseline a ç (``letter``) reaches, of the size (the furthest of
    every viewer's)."""
    return float(json.loads(REACH.read_text())[family][str(letter)][0]) / 1000


def _signed(
    family: str,
    shown: float,
    size: float = SIZE,
    name: str = NAME,
    clip: bytes = b"",
    letter: int = 0xE7,
) -> Callable[[PdfWriter], None]:
    """The signature's widget drawing ``name`` in ``family`` at ``size``, its baseline so
    far above the box's foot that ``shown`` of a ç's cedilla (``letter``'s tail) shows,
    after ``clip``."""
    rise = shown * _depth(family, letter) * size

    def edit(writer: PdfWriter) -> None:
        widget = _field(writer, "signature")
        stream = widget["/AP"]["/N"].get_object()
        raw = name.encode("cp1252").replace(b"\xe7", b"\\347")
        text = b"BT /F1 %.2f Tf 0 g 2 %.3f Td (%s) Tj ET" % (size, rise, raw)
        stream.set_data(clip + text)
        font = writer._add_object(_font(FAMILIES[family]))
        stream["/Resources"]["/Font"][NameObject("/F1")] = font
        widget[NameObject("/V")] = TextStringObject(name)

    return edit


SHOWN = {family: CEDILLA_SHOWN[family] + 0.01 for family in CEDILLA_SHOWN}
"""What shows of a cedilla in the cases taken: a hundredth more (the rise is rounded)."""


@BUILDS
@pytest.mark.parametrize("size", [CEDILLA_SIZE, 14.0])
@pytest.mark.parametrize("family", sorted(CEDILLA_SHOWN))
def test_a_cedilla_cut_no_further_than_it_shows_is_taken_as_the_general_path_reads_it(
    honest: bytes, family: str, size: float, build: Callable[..., bytes]
) -> None:
    _assert_taken_as_read_generally(build(honest, _signed(family, SHOWN[family], size)), NAME)


def _assert_taken_as_read_generally(data: bytes, name: str) -> None:
    """``data`` is read from its widgets, valid, signed ``name``, as the general path reads it."""
    record, taken, general = widget_readings(data, today=TODAY)
    assert taken
    assert record.status is Status.VALID, record.findings
    assert record.signature == name
    assert record == general


@BUILDS
@pytest.mark.parametrize(
    ("family", "shown"),
    [("Helvetica", 0.4), ("Helvetica", 0.3), ("Times", 0.44), ("Times", 0.3), ("Courier", 0.6)],
)
def test_a_cedilla_cut_further_is_left_to_the_general_path(
    honest: bytes, family: str, shown: float, build: Callable[..., bytes]
) -> None:
    _, taken, _ = widget_readings(build(honest, _signed(family, shown)), today=TODAY)
    assert not taken, (family, shown)


@BUILDS
@pytest.mark.parametrize("size", [6.0, 9.0, 12.0, CEDILLA_SIZE - 0.01])
def test_a_small_cut_cedilla_is_left_to_the_general_path(
    honest: bytes, size: float, build: Callable[..., bytes]
) -> None:
    """pdf.js draws nothing of it at 6 to 9 points (review of session 60), a faint pixel
    at 12 (review of session 61)."""
    edit = _signed("Helvetica", SHOWN["Helvetica"], size)
    _, taken, _ = widget_readings(build(honest, edit), today=TODAY)
    assert not taken


@BUILDS
@pytest.mark.parametrize("name", ["Gonçalves, François", "François Gonçalves, Jr."])
def test_a_cut_cedilla_beside_a_cut_comma_is_left_to_the_general_path(
    honest: bytes, name: str, build: Callable[..., bytes]
) -> None:
    """The general path reads a box with a comma cut by OCR, which reads the cut
    cedilla as a c (review of session 60)."""
    edit = _signed("Helvetica", SHOWN["Helvetica"], name=name)
    _, taken, _ = widget_readings(build(honest, edit), today=TODAY)
    assert not taken


@BUILDS
def test_a_cut_cedilla_drawn_smaller_than_set_is_left_to_the_general_path(
    honest: bytes, build: Callable[..., bytes]
) -> None:
    """At 13 points in a box 0.4 point taller than its widget, which a viewer draws
    smaller: 12.6 points on the page (review of session 61)."""

    def taller(writer: PdfWriter) -> None:
        stream = _field(writer, "signature")["/AP"]["/N"].get_object()
        left, bottom, right, top = (float(v) for v in stream["/BBox"])
        stream[NameObject("/BBox")] = ArrayObject(
            FloatObject(v) for v in (left, bottom, right, top + 0.4)
        )

    edit = _signed("Helvetica", SHOWN["Helvetica"])
    _, taken, _ = widget_readings(build(honest, edit, taller), today=TODAY)
    assert not taken


def _font_named_helvetica(field: str, encoding: str = "/MacExpertEncoding") -> Callable[..., None]:
    """A font named Helvetica, in ``encoding``, among the fonts of ``field``'s appearance,
    drawing nothing."""

    def edit(writer: PdfWriter) -> None:
        stream = _field(writer, field)["/AP"]["/N"].get_object()
        fonts = stream["/Resources"].setdefault(NameObject("/Font"), DictionaryObject())
        fonts[NameObject("/F9")] = writer._add_object(_font("/Helvetica", encoding))

    return edit


@BUILDS
@pytest.mark.parametrize("field", ["signature", "sign_date"])
def test_a_cut_cedilla_beside_a_namesake_font_the_general_path_distrusts_is_left_to_it(
    honest: bytes, field: str, build: Callable[..., bytes]
) -> None:
    """A font named Helvetica that draws no glyph its encoding names, drawing nothing:
    the general path trusts no font of that name, looks at the box and reads the cut
    cedilla as a c (review of session 61). Left to it, the cedilla cut or whole; the
    same file without that font is read from the widgets."""
    poisoned = _font_named_helvetica(field)
    for shown in (SHOWN["Helvetica"], 1.2):
        poisoned_file = build(honest, _signed("Helvetica", shown), poisoned)
        _, taken, _ = widget_readings(poisoned_file, today=TODAY)
        assert not taken, shown
        plain_file = build(honest, _signed("Helvetica", shown))
        record, taken, general = widget_readings(plain_file, today=TODAY)
        assert taken and record == general, shown


@BUILDS
@pytest.mark.parametrize(
    "before",
    [
        # (pdf-lib's clip, an outline left open across q, then a rectangle clipped by the
        # nonzero rule: where the file clips another value by the even-odd rule, the
        # general path cannot say what it lets through, and looks: review of session 60)
        b"2 0 254 13 re q 2 0 254 13 re W n ",
        # (a path left open before the text: PDFium sets the next clip by it and that
        # clip's path, two rectangles)
        b"0 0 260 13 re BT ET 2 0 254 13 re W n ",
        # (a clip pending across q: every viewer sets it at the next n)
        b"2 1.6 254 13 re W q n Q ",
    ],
    ids=["two-rectangles", "open-path", "pending-clip"],
)
def test_a_cut_cedilla_under_a_clip_read_otherwise_is_left_to_the_general_path(
    honest: bytes, before: bytes, build: Callable[..., bytes]
) -> None:
    """A clip the general path cannot say what it lets through, or that the reading from
    widgets did not see as viewers set it (review of session 61)."""
    edit = _signed("Helvetica", SHOWN["Helvetica"], clip=before)
    _, taken, _ = widget_readings(build(honest, edit, _signed_date_evenodd), today=TODAY)
    assert not taken


@BUILDS
def test_a_cut_cedilla_in_a_value_of_two_fonts_is_left_to_the_general_path(
    honest: bytes, build: Callable[..., bytes]
) -> None:
    """ "François Gonç" in Helvetica, its cedillas cut, then "alves" in Times: a value in
    two fonts is left to the general path, which looks at the box wherever it trusts not
    every one of them (an unused namesake of one in another encoding), and reads the cut
    cedilla as a c (review of session 61)."""
    rise = SHOWN["Helvetica"] * _depth("Helvetica") * SIZE

    def edit(writer: PdfWriter) -> None:
        widget = _field(writer, "signature")
        stream = widget["/AP"]["/N"].get_object()
        stream.set_data(
            b"BT /F1 13 Tf 0 g 2 %.3f Td (Fran\\347ois Gon\\347) Tj /F2 13 Tf (alves) Tj ET" % rise
        )
        fonts = stream["/Resources"]["/Font"]
        for key, base in (("/F1", "/Helvetica"), ("/F2", "/Times-Roman")):
            fonts[NameObject(key)] = writer._add_object(_font(base))
        widget[NameObject("/V")] = TextStringObject(NAME)

    record, taken, general = widget_readings(build(honest, edit), today=TODAY)
    assert not taken
    assert record == general


def _signed_date_evenodd(writer: PdfWriter) -> None:
    """The date's widget clipping its value (whole) by the even-odd rule."""
    stream = _field(writer, "sign_date")["/AP"]["/N"].get_object()
    stream.set_data(b"q 2 0 154 13 re W* n " + stream.get_data() + b" Q")


@BUILDS
@pytest.mark.parametrize(
    ("shown", "size"), [(J_SHOWN["Helvetica"] + 0.01, CEDILLA_SIZE), (0.46, 14.0), (1.2, SIZE)]
)
def test_a_j_cut_no_further_than_it_shows_is_taken_as_the_general_path_reads_it(
    honest_j: bytes, shown: float, size: float, build: Callable[..., bytes]
) -> None:
    edit = _signed("Helvetica", shown, size, name=J_NAME, letter=ord("j"))
    _assert_taken_as_read_generally(build(honest_j, edit), J_NAME)


@BUILDS
@pytest.mark.parametrize(
    ("family", "shown", "size"),
    [
        ("Helvetica", 0.4, SIZE),
        ("Helvetica", 0.3, SIZE),
        ("Helvetica", 0.46, CEDILLA_SIZE - 0.5),
        ("Times", 0.6, SIZE),
        ("Courier", 0.6, SIZE),
    ],
)
def test_a_j_cut_further_smaller_or_in_another_font_is_left_to_the_general_path(
    honest_j: bytes, family: str, shown: float, size: float, build: Callable[..., bytes]
) -> None:
    edit = _signed(family, shown, size, name=J_NAME, letter=ord("j"))
    _, taken, _ = widget_readings(build(honest_j, edit), today=TODAY)
    assert not taken, (family, shown, size)


@BUILDS
def test_the_same_cut_cedilla_whole_and_cut_reads_the_same(
    honest: bytes, build: Callable[..., bytes]
) -> None:
    """A value taken with its cedilla cut reads as it does with its cedilla whole."""
    cut = widget_readings(build(honest, _signed("Helvetica", SHOWN["Helvetica"])), today=TODAY)
    whole = widget_readings(build(honest, _signed("Helvetica", 1.2)), today=TODAY)
    assert cut[1] and whole[1]
    assert (cut[0].status, cut[0].signature) == (whole[0].status, whole[0].signature)


# -------------------------------------------------------------- what viewers show of it

DPI = 288
STUB = 14
"""Pixels of ink at :data:`DPI` that a cut cedilla at 13 points shows below its letter's
foot, at least, where the reading takes it (15 to 25 measured in session 60: 8 to 11 for
Times' at 0.44, 2 to 4 for either at 0.3)."""
STYLES = {"Helvetica": ("Helvetica", "Helvetica-Bold"), "Times": ("Times-Roman", "Times-Bold")}


def _page(cells: list[tuple[str, int, float, float]]) -> bytes:
    """One page drawing each cell's byte (WinAnsi) at 13 points in its standard font from
    ``(x, 700)``, under a clip from ``y`` up."""
    fonts = sorted({font for font, _, _, _ in cells})
    ops = [
        b"q %.3f %.3f 18 40 re W n BT /F%d 13 Tf %.3f 700 Td <%02x> Tj ET Q"
        % (x, y, fonts.index(font), x, code)
        for font, code, x, y in cells
    ]
    content = b"\n".join(ops)
    names = b" ".join(b"/F%d %d 0 R" % (i, 5 + i) for i in range(len(fonts)))
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << " + names + b" >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        *(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>"
            % font.encode()
            for font in fonts
        ),
    ]
    objects = dict(enumerate(bodies, 1))
    return write_document(objects, root=1, info=1, file_id="0" * 32)


def _render(viewer: str, data: bytes, folder: Path) -> np.ndarray:
    """The page of ``data`` in grey at :data:`DPI`, drawn by ``viewer``."""
    source = folder / "page.pdf"
    source.write_bytes(data)
    if viewer == "pdfium":
        image = pdfium.PdfDocument(data)[0].render(scale=DPI / 72, grayscale=True).to_pil()
    elif viewer == "poppler":
        command = [require_tool("pdftoppm"), "-r", str(DPI), "-png", "-gray", str(source)]
        image = Image.open(
            io.BytesIO(subprocess.run(command, capture_output=True, check=True).stdout)
        )
    elif viewer == "mupdf":
        out = folder / "page.png"
        command = [require_tool("mutool"), "draw", "-q", "-r", str(DPI), "-c", "gray"]
        subprocess.run([*command, "-o", str(out), str(source)], capture_output=True, check=True)
        image = Image.open(out)
    else:
        require_node_module("pdfjs-dist")
        command = ["node", str(ROOT / "tools/render_pdfjs.mjs"), str(source), str(folder / "js")]
        subprocess.run([*command, str(DPI / 72)], capture_output=True, check=True)
        image = Image.open(folder / "js-1.png")
    return np.asarray(image.convert("L"))


def _cut_and_plain(
    viewer: str, taken: dict[str, float], pairs: tuple[tuple[int, int], ...], folder: Path
) -> list[tuple[str, str, int]]:
    """For each family of ``taken`` and each of its :data:`STYLES`, and each pair of
    ``pairs`` (a letter with a tail, the same letter without: a ç and a c), both drawn by
    ``viewer`` at 13 points under a clip that leaves ``taken[family]`` of the first one's
    tail: the style, the letter and its pixels of ink below the plain letter's foot, the
    cut letter first."""
    reach = json.loads(REACH.read_text())
    cells, feet = [], []
    for family, shown in taken.items():
        for style in STYLES[family]:
            for tailed, letter in pairs:
                clip = 700 - shown * reach[family][str(tailed)][0] * 13 / 1000
                foot = 700 - reach[family][str(letter)][0] * 13 / 1000
                for code in (tailed, letter):  # (the plain letter: nothing below its foot)
                    cells.append((style, code, 20 + 20 * len(cells), clip))
                    feet.append(foot)
    page = _render(viewer, _page(cells), folder)
    scale = DPI / 72
    shown = []
    for (style, code, x, clip), foot in zip(cells, feet, strict=True):
        below = page[
            int((792 - foot) * scale) + 1 : int((792 - clip) * scale),
            int(x * scale) : int((x + 18) * scale),
        ]
        shown.append((style, bytes([code]).decode("cp1252"), int((below < 128).sum())))
    return shown


@pytest.mark.parametrize("viewer", ["pdfium", "poppler", "mupdf", "pdfjs"])
def test_what_the_reading_takes_of_a_cedilla_shows_in_every_viewer(
    viewer: str, tmp_path: Path
) -> None:
    shown = _cut_and_plain(viewer, CEDILLA_SHOWN, ((0xE7, 0x63), (0xC7, 0x43)), tmp_path)
    cut = [s for s in shown[0::2] if s[2] < STUB]
    plain = [s for s in shown[1::2] if s[2]]
    assert not cut, f"{viewer}: a cedilla the reading takes shows no hook: {cut}"
    assert not plain, f"{viewer}: ink below a plain letter's foot: {plain}"


@pytest.mark.parametrize("viewer", ["pdfium", "poppler", "mupdf", "pdfjs"])
def test_what_the_reading_takes_of_a_j_shows_in_every_viewer(viewer: str, tmp_path: Path) -> None:
    """A j cut to :data:`.inkspan.J_SHOWN` shows as much below the baseline as a cedilla
    the reading takes (16 to 33 pixels measured in session 63; 12 to 15 from 0.4), an i
    nothing."""
    shown = _cut_and_plain(viewer, J_SHOWN, ((ord("j"), ord("i")),), tmp_path)
    cut = [s for s in shown[0::2] if s[2] < STUB]
    plain = [s for s in shown[1::2] if s[2]]
    assert not cut, f"{viewer}: a j the reading takes shows no tail: {cut}"
    assert not plain, f"{viewer}: ink below an i's foot: {plain}"
