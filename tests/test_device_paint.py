"""Paint only some devices show: overprint, transfer functions, PostScript XObjects,
default colour spaces.

Each return is the honest release with a bar drawn over a blank part of page 2 that
PDFium (whose page the checks judge) shows as nothing, in a stamp annotation or in the
page's own content, as pypdf's incremental update and saved again whole by qpdf. The
bar is shown by Ghostscript simulating overprint and by poppler applying the transfer
function or the default colour space, which the tests check with those programs (review
of session 34; default colour spaces, session 62). A default colour space also hides a
value other programs filled from poppler's viewers, PDFium showing it.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from pubrelease import fill, load_form, parse
from pubrelease.record import Record
from tests.helpers import page_grey, require_tool, signed_release, update
from tests.returns import fill_pdfbox, fill_pypdf

N = NameObject
BAR = (200, 300, 420, 330)
"""A blank stretch of page 2 (points: left, bottom, right, top)."""


def _overprint(writer: PdfWriter) -> tuple[DictionaryObject, str]:
    """A black bar under a CMYK white that overprints it (mode 1: a zero paints nothing)."""
    state = {N("/Type"): N("/ExtGState"), N("/OP"): BooleanObject(True)}
    state |= {N("/op"): BooleanObject(True), N("/OPM"): NumberObject(1)}
    return _states(writer, state), "0 0 0 1 k 0 0 W H re f /GS0 gs 0 0 0 0 k 0 0 W H re f"


def _transfer(writer: PdfWriter) -> tuple[DictionaryObject, str]:
    """A white stencil mask painted through a transfer function that makes every level
    black (PDFium applies it to a fill, not to a mask)."""
    zero = ArrayObject([FloatObject(0)])
    function = {N("/FunctionType"): NumberObject(2), N("/N"): NumberObject(1)}
    function |= {N("/Domain"): ArrayObject([NumberObject(0), NumberObject(1)])}
    function |= {N("/C0"): zero, N("/C1"): zero}
    state = {N("/Type"): N("/ExtGState"), N("/TR"): DictionaryObject(function)}
    mask = StreamObject()
    mask.set_data(bytes(8))  # (8 x 8 bits of 0: each pixel painted)
    mask.update({N("/Type"): N("/XObject"), N("/Subtype"): N("/Image")})
    mask.update({N("/Width"): NumberObject(8), N("/Height"): NumberObject(8)})
    mask.update({N("/ImageMask"): BooleanObject(True), N("/BitsPerComponent"): NumberObject(1)})
    resources = _states(writer, state)
    resources[N("/XObject")] = DictionaryObject({N("/Im0"): writer._add_object(mask)})
    return resources, "/GS0 gs 1 g W 0 0 H 0 0 cm /Im0 Do"


def _postscript(writer: PdfWriter) -> tuple[DictionaryObject, str]:
    """A PostScript XObject that fills the bar when printed through PostScript."""
    code = StreamObject()
    code.set_data(b"0 setgray 0 0 W H rectfill")
    code.update({N("/Type"): N("/XObject"), N("/Subtype"): N("/PS")})
    xobjects = DictionaryObject({N("/PS0"): writer._add_object(code)})
    return DictionaryObject({N("/XObject"): xobjects}), "/PS0 Do"


def _painting(level: float) -> ArrayObject:
    """A colour space that paints every level of its one component ``level`` grey (a
    separation whose tint turns into that RGB colour, whatever the tint)."""
    grey = ArrayObject([FloatObject(level)] * 3)
    function = {N("/FunctionType"): NumberObject(2), N("/N"): NumberObject(1)}
    function |= {N("/Domain"): ArrayObject([NumberObject(0), NumberObject(1)])}
    function |= {N("/C0"): grey, N("/C1"): grey}
    return ArrayObject([N("/Separation"), N("/Ink"), N("/DeviceRGB"), DictionaryObject(function)])


def _default_colour(writer: PdfWriter) -> tuple[DictionaryObject, str]:
    """A white bar set ``1 g``, its grey painted through a default colour space that makes
    every level black: poppler honours it for ``g``, PDFium only for a colour set by
    ``cs``."""
    spaces = DictionaryObject({N("/DefaultGray"): _painting(0.0)})
    return DictionaryObject({N("/ColorSpace"): spaces}), "1 g 0 0 W H re f"


def _named_device(writer: PdfWriter) -> tuple[DictionaryObject, str]:
    """A white bar set ``/DeviceGray cs 1 sc`` beside a colour space resource named
    ``/DeviceGray`` that paints every level black: poppler takes the resource, the others
    the device's grey."""
    spaces = DictionaryObject({N("/DeviceGray"): _painting(0.0)})
    return DictionaryObject({N("/ColorSpace"): spaces}), "/DeviceGray cs 1 sc 0 0 W H re f"


def _states(writer: PdfWriter, state: dict[NameObject, object]) -> DictionaryObject:
    """Resources holding ``state`` as the graphics state ``/GS0``."""
    states = DictionaryObject({N("/GS0"): writer._add_object(DictionaryObject(state))})
    return DictionaryObject({N("/ExtGState"): states})


KINDS: dict[str, tuple[Callable[[PdfWriter], tuple[DictionaryObject, str]], str]] = {
    "overprint": (_overprint, "overprint: printers and viewers that preview it"),
    "transfer": (_transfer, "a transfer function"),
    "postscript": (_postscript, "a PostScript XObject"),
    "default-colour": (_default_colour, "a default colour space"),
    "named-device": (_named_device, "a colour space named as a device's"),
}


def _sized(content: str) -> bytes:
    left, bottom, right, top = BAR
    return content.replace("W", str(right - left)).replace("H", str(top - bottom)).encode()


def _in_a_stamp(kind: str) -> Callable[[PdfWriter], object]:
    def edit(writer: PdfWriter) -> None:
        resources, content = KINDS[kind][0](writer)
        appearance = StreamObject()
        appearance.set_data(b"q " + _sized(content) + b" Q")
        left, bottom, right, top = BAR
        box = ArrayObject([NumberObject(0), NumberObject(0)])
        box += [NumberObject(right - left), NumberObject(top - bottom)]
        appearance.update(
            {
                N("/Type"): N("/XObject"),
                N("/Subtype"): N("/Form"),
                N("/BBox"): box,
                N("/Resources"): resources,
            }
        )
        stamp = DictionaryObject(
            {
                N("/Type"): N("/Annot"),
                N("/Subtype"): N("/Stamp"),
                N("/F"): NumberObject(4),
                N("/Rect"): ArrayObject([NumberObject(v) for v in BAR]),
                N("/AP"): DictionaryObject({N("/N"): writer._add_object(appearance)}),
            }
        )
        page = writer.pages[1]
        page[N("/Annots")].append(writer._add_object(stamp))

    return edit


def _in_the_page(kind: str) -> Callable[[PdfWriter], object]:
    def edit(writer: PdfWriter) -> None:
        resources, content = KINDS[kind][0](writer)
        page = writer.pages[1]
        page_resources = page["/Resources"].get_object()
        for key, named in resources.items():
            kept = page_resources.get(key)
            merged = DictionaryObject(kept.get_object() if kept is not None else {})
            merged.update(named)
            page_resources[N(key)] = merged
        left, bottom, _, _ = BAR
        extra = StreamObject()
        extra.set_data(b"q 1 0 0 1 %d %d cm " % (left, bottom) + _sized(content) + b" Q")
        contents = page["/Contents"]
        parts = ArrayObject(
            contents if isinstance(contents, ArrayObject) else [page.raw_get("/Contents")]
        )
        parts.append(writer._add_object(extra))
        page[N("/Contents")] = parts

    return edit


@pytest.fixture(scope="module")
def honest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("paint") / "honest.pdf"
    path.write_bytes(fill(signed_release("Ana Pérez")))
    assert parse(path).status.value == "valid"
    return path


def _returns(honest: Path, kind: str, where: str, out: Path) -> list[Path]:
    edit = (_in_a_stamp if where == "stamp" else _in_the_page)(kind)
    appended = out / f"{kind}-{where}-inc.pdf"
    appended.write_bytes(update(honest.read_bytes(), edit))
    whole = out / f"{kind}-{where}-qpdf.pdf"
    # (qpdf warns that pypdf's update counts objects it does not write: exit 3)
    command = [require_tool("qpdf"), "--warning-exit-0", str(appended), str(whole)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return [appended, whole]


def _said(record: Record, words: str) -> bool:
    return any(
        f.code == "viewers-disagree" and f.message.startswith(f"page 2: {words}")
        for f in record.findings
    )


@pytest.mark.parametrize("where", ["stamp", "page"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_paint_only_some_devices_show_is_a_viewers_disagreement(
    honest: Path, tmp_path: Path, kind: str, where: str
) -> None:
    for path in _returns(honest, kind, where, tmp_path):
        # PDFium shows the page as the honest one there: nothing else sees the bar
        assert (page_grey(path.read_bytes(), 1, 1.0)[792 - 330 : 792 - 300, 200:420] > 250).all()
        record = parse(path)
        assert record.status.value == "invalid", (path.name, record.findings)
        assert _said(record, KINDS[kind][1]), (path.name, record.findings)


def _dark(png: Path) -> float:
    """The share of dark pixels in :data:`BAR` of a page rendered at 72 dpi."""
    left, bottom, right, top = BAR
    grey = np.asarray(Image.open(png).convert("L"))
    return float((grey[792 - top : 792 - bottom, left:right] < 128).mean())


def test_the_bars_are_what_ghostscript_and_poppler_show(honest: Path, tmp_path: Path) -> None:
    """The returns above are real: Ghostscript simulating overprint, and poppler's
    pdftoppm applying the transfer function, draw the bar PDFium does not."""
    overprinted, _ = _returns(honest, "overprint", "stamp", tmp_path)
    shown = tmp_path / "overprint.png"
    subprocess.run(
        [
            require_tool("gs"), "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=png16m",
            "-dOverprint=/simulate", "-dFirstPage=2", "-dLastPage=2", "-r72",
            f"-sOutputFile={shown}", str(overprinted),
        ],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert _dark(shown) > 0.9
    transferred, _ = _returns(honest, "transfer", "page", tmp_path)
    subprocess.run(
        [
            require_tool("pdftoppm"), "-f", "2", "-l", "2", "-r", "72", "-png", "-singlefile",
            str(transferred), str(tmp_path / "transfer"),
        ],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert _dark(tmp_path / "transfer.png") > 0.9
    for kind in ("default-colour", "named-device"):
        painted, _ = _returns(honest, kind, "stamp", tmp_path)
        _poppler_page(painted, 2, tmp_path / kind)
        assert _dark(tmp_path / f"{kind}.png") > 0.9


def _poppler_page(path: Path, page: int, out: Path) -> None:
    """Page ``page`` of ``path`` as poppler's pdftoppm draws it at 72 dpi, to ``out``.png."""
    subprocess.run(
        [
            require_tool("pdftoppm"), "-f", str(page), "-l", str(page), "-r", "72", "-png",
            "-singlefile", str(path), str(out),
        ],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def _hidden_signature(spaces: dict[str, object]) -> Callable[[PdfWriter], None]:
    """The typed signature's appearance given the colour spaces ``spaces``."""

    def edit(writer: PdfWriter) -> None:
        for page in writer.pages:
            for annotation in page.get("/Annots", ()):
                widget = annotation.get_object()
                field = widget if "/T" in widget else widget["/Parent"].get_object()
                if field.get("/T") != "signature":
                    continue
                appearance = widget["/AP"]["/N"].get_object()
                resources = appearance["/Resources"].get_object()
                named = {N(k): v for k, v in spaces.items()}
                resources[N("/ColorSpace")] = DictionaryObject(named)
                return
        raise AssertionError("no signature widget")

    return edit


HIDERS = {
    # pypdf's value, drawn 0 g, under a default grey that paints white
    "a default colour space": (fill_pypdf, {"/DefaultGray": _painting(1.0)}),
    # PDFBox's value, drawn /DeviceGray cs 0 sc, through a resource so named: a pattern
    # space with no pattern (review of session 62)
    "a colour space named as a device's": (fill_pdfbox, {"/DeviceGray": N("/Pattern")}),
}


@pytest.mark.parametrize("hider", sorted(HIDERS))
def test_a_value_a_colour_space_hides_from_poppler_is_not_valid(tmp_path: Path, hider: str) -> None:
    """A fill's typed signature whose colour poppler paints through a colour space of the
    appearance's resources and PDFium does not: PDFium (and the fast readers of
    appearances) show the name, poppler's viewers a blank box: as an incremental update
    and saved again whole by qpdf."""
    filler, spaces = HIDERS[hider]
    filled = filler(signed_release("Ana Pérez"), tmp_path / "filled.pdf")
    assert parse(filled).status.value == "valid"
    appended = tmp_path / "hidden-inc.pdf"
    appended.write_bytes(update(filled.read_bytes(), _hidden_signature(spaces)))
    whole = tmp_path / "hidden-qpdf.pdf"
    command = [require_tool("qpdf"), "--warning-exit-0", str(appended), str(whole)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    left, bottom, right, top = (120, 491, 380, 504)  # (the signature's box on page 2, in points)

    def poppler_box(path: Path) -> np.ndarray:
        _poppler_page(path, 2, tmp_path / path.stem)
        grey = np.asarray(Image.open(tmp_path / f"{path.stem}.png").convert("L"))
        return grey[792 - top : 792 - bottom, left:right].astype(int)

    def pdfium_box(path: Path) -> np.ndarray:
        doc = pdfium.PdfDocument(path.read_bytes())
        doc.init_forms()  # (its widgets drawn, as a viewer does)
        try:
            grey = doc[1].render(scale=1.0, may_draw_forms=True).to_pil().convert("L")
        finally:
            doc.close()
        return np.asarray(grey)[792 - top : 792 - bottom, left:right].astype(int)

    blank = tmp_path / "blank.pdf"
    blank.write_bytes(load_form().template)
    unsigned = poppler_box(blank)
    assert (abs(poppler_box(filled) - unsigned) > 128).sum() > 50  # (the name, in poppler)
    for path in (appended, whole):
        assert (abs(pdfium_box(path) - unsigned) > 128).sum() > 50  # (PDFium draws the name)
        assert (abs(poppler_box(path) - unsigned) <= 8).all()  # (poppler: the blank box)
        record = parse(path)
        assert record.status.value == "invalid", (path.name, record.findings)
        assert any(f.code == "viewers-disagree" and hider in f.message for f in record.findings), (
            path.name,
            record.findings,
        )


def test_overprint_off_and_the_identity_transfer_are_no_finding(
    honest: Path, tmp_path: Path
) -> None:
    def plain(writer: PdfWriter) -> tuple[DictionaryObject, str]:
        # the identity written as a function too, one per colourant, as a printer may
        identity = {N("/FunctionType"): NumberObject(2), N("/N"): NumberObject(1)}
        identity |= {N("/Domain"): ArrayObject([NumberObject(0), NumberObject(1)])}
        each = ArrayObject([writer._add_object(DictionaryObject(identity))] * 4)
        state = {N("/Type"): N("/ExtGState"), N("/OP"): BooleanObject(False)}
        state |= {N("/TR"): N("/Identity"), N("/TR2"): each}
        return _states(writer, state), "/GS0 gs 1 g 0 0 W H re f"

    KINDS["plain"] = (plain, "")
    try:
        for path in _returns(honest, "plain", "page", tmp_path):
            record = parse(path)
            assert not any(f.code == "viewers-disagree" for f in record.findings), record.findings
    finally:
        del KINDS["plain"]


def _sampled(writer: PdfWriter, levels: bytes) -> object:
    """A sampled (type 0) transfer function of 8-bit ``levels``, from 0 to 1."""
    function = StreamObject()
    function.set_data(levels)
    unit = ArrayObject([NumberObject(0), NumberObject(1)])
    function.update({N("/FunctionType"): NumberObject(0), N("/Domain"): unit})
    function.update({N("/Range"): unit, N("/BitsPerSample"): NumberObject(8)})
    function.update({N("/Size"): ArrayObject([NumberObject(len(levels))])})
    return writer._add_object(function)


def _postscript_function(writer: PdfWriter, code: bytes) -> object:
    function = StreamObject()
    function.set_data(code)
    unit = ArrayObject([NumberObject(0), NumberObject(1)])
    function.update({N("/FunctionType"): NumberObject(4), N("/Domain"): unit, N("/Range"): unit})
    return writer._add_object(function)


IDENTITIES: dict[str, Callable[[PdfWriter], object]] = {
    "sampled": lambda writer: _sampled(writer, bytes(range(256))),
    "sampled-coarse": lambda writer: _sampled(writer, bytes([0, 64, 128, 191, 255])),
    "postscript": lambda writer: _postscript_function(writer, b"{ }"),
}
"""The identity as a print driver may write it: sampled, or a PostScript function."""
NOT_IDENTITIES: dict[str, Callable[[PdfWriter], object]] = {
    "sampled-inverted": lambda writer: _sampled(writer, bytes(range(255, -1, -1))),
    "postscript-inverted": lambda writer: _postscript_function(writer, b"{ 1 exch sub }"),
}


@pytest.mark.parametrize("name", sorted(IDENTITIES) + sorted(NOT_IDENTITIES))
def test_the_identity_written_as_a_sampled_or_postscript_function_is_no_finding(
    honest: Path, tmp_path: Path, name: str
) -> None:
    """A sampled or PostScript transfer function is read: the identity is none of this
    module's paint (it was flagged unread), anything else still is."""
    make = IDENTITIES.get(name) or NOT_IDENTITIES[name]

    def painted(writer: PdfWriter) -> tuple[DictionaryObject, str]:
        state = {N("/Type"): N("/ExtGState"), N("/TR"): make(writer)}
        return _states(writer, state), "/GS0 gs 1 g 0 0 W H re f"

    key = f"identity-{name}"  # (not "postscript": a kind of KINDS of its own)
    KINDS[key] = (painted, "")
    try:
        for path in _returns(honest, key, "page", tmp_path):
            flagged = _said(parse(path), "a transfer function")
            assert flagged is (name in NOT_IDENTITIES), path.name
    finally:
        del KINDS[key]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_paint_only_some_devices_show_is_found_in_a_file_the_fast_reader_refuses(
    honest: Path, tmp_path: Path, kind: str
) -> None:
    # a line added after the header puts every offset of the table a line off: pypdf and
    # every viewer repair it, the fast reader refuses it, and pypdf's objects are walked
    for path in _returns(honest, kind, "stamp", tmp_path):
        data = path.read_bytes()
        end = data.index(b"\n") + 1
        shifted = tmp_path / f"shifted-{path.name}"
        shifted.write_bytes(data[:end] + b"%a comment\n" + data[end:])
        record = parse(shifted)
        assert record.status.value == "invalid", (shifted.name, record.findings)
        assert _said(record, KINDS[kind][1]), (shifted.name, record.findings)
