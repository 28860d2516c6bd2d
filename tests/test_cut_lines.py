"""A long title MuPDF set larger than its box, read from its widget (``reading/cutlines.py``).

PyMuPDF's ``widget.update()`` sets a long title in lines of a fixed size under a clip a
point inside its box: the third line is cut through at the box's bottom edge, the fourth
lies wholly below it. Session 40 left such a return to the general path (about 40 ms:
close-ups and OCR of the date's box, which the cut line's character boxes meet), which
reads the title whole and says ``value-clipped``. The widget reading now reads it so too,
each condition of the general path met with room to spare: real PyMuPDF fills of many
titles and sizes, each either left to the general path or read with its record; and
drawings built to hide text below a box (incremental and re-saved), each left to it.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter
from pypdf.generic import NameObject

from pubrelease import Release

from .clippedfills import LONG_TITLE, RELEASE, mupdf_fill, mutool_fill
from .helpers import pdfium_glyph_boxes, rewritten, update, widget_readings
from .test_rev38_tails import Edit, _drawn, _font

BUILDS = pytest.mark.parametrize("build", [update, rewritten], ids=["incremental", "re-saved"])
ROOT = Path(__file__).resolve().parents[1]

# PyMuPDF's lines of LONG_TITLE at 12 points in the title's box (417.98 x 39 points)
LINES = (
    "Differentiable Masks for Operation-Aware Channel Pruning Differentiable ",
    "Masks for Operation-Aware Channel Pruning Differentiable Masks for ",
    "Operation-Aware Channel Pruning Differentiable Masks for Operation-Aware ",
    "Channel Pruning Differentiable Masks f",
)


def _lines(
    lines: tuple[str, ...] = LINES,
    steps: tuple[float, ...] = (13.392,) * 4,
    *,
    clip: bytes = b"1 1 415.98 37 re",
    fonts: tuple[bytes, ...] = (b"/Helv 12 Tf",) * 4,
    across: tuple[float, ...] = (0,) * 4,
    base: str | None = None,
    baked: bool = False,
) -> Edit:
    """The title's widget drawing ``lines`` as PyMuPDF does, each ``steps`` below the one
    before (from the box's top), moved ``across``, in ``fonts`` (``/F1``: the standard
    font ``base``); its ``/V`` the lines joined. ``baked``: the drawing of the title's box
    in a file PyMuPDF flattened (``Document.bake()``), which has no fields."""
    ops = [b"/Tx BMC q 1 w", clip, b"W n BT 0 g 2 37 Td"]
    for line, step, font, dx in zip(lines, steps, fonts, across, strict=True):
        text = line.encode("cp1252").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append(b"%g %g Td %s (%s) Tj" % (dx, -step, font, text))
        if dx:
            ops.append(b"%g 0 Td" % -dx)
    ops.append(b"ET Q EMC")
    if not baked:
        return _drawn("event_title", b"\n".join(ops), " ".join(s.strip() for s in lines), base)

    def edit(writer: PdfWriter) -> None:
        xobjects = writer.pages[0]["/Resources"]["/XObject"]
        (title,) = [
            x.get_object()
            for x in xobjects.values()
            if [float(v) for v in x.get_object()["/BBox"]] == [0, 0, 417.98, 39]
        ]
        title.set_data(b"\n".join(ops))
        if base is not None:
            title["/Resources"]["/Font"][NameObject("/F1")] = writer._add_object(_font(base))

    return edit


Case = Callable[[bool], Edit]
"""An edit of the title's drawing, of its widget or (given True) of its baked drawing."""


def _case(*args: Any, **options: Any) -> Case:
    return lambda baked: _lines(*args, baked=baked, **options)


@pytest.fixture(scope="module")
def mupdf() -> bytes:
    """PyMuPDF's fill of :data:`.clippedfills.RELEASE` (a 250-character title)."""
    return mupdf_fill()


@pytest.fixture(scope="module")
def mupdf_baked() -> bytes:
    """The same, flattened by PyMuPDF (``Document.bake()``)."""
    return mupdf_fill(bake=True)


def test_pymupdfs_long_title_is_read_from_its_widget(mupdf: bytes) -> None:
    record, taken, general = widget_readings(mupdf)
    assert taken and record == general
    (clipped,) = [f for f in record.findings if f.code.value == "value-clipped"]
    assert "the rest of the value, 'Channel Pruning Differentiable Masks f'" in clipped.message
    assert record.event_title == LONG_TITLE


def test_pymupdfs_baked_long_title_is_read_from_its_drawing(mupdf_baked: bytes) -> None:
    record, taken, general = widget_readings(mupdf_baked)
    assert taken and record == general
    assert "value-clipped" in [f.code.value for f in record.findings]


@BUILDS
@pytest.mark.parametrize("baked", [False, True], ids=["widget", "baked"])
def test_the_same_lines_drawn_again_are_read_so(
    mupdf: bytes, mupdf_baked: bytes, baked: bool, build: Callable[..., bytes]
) -> None:
    record, taken, general = widget_readings(
        build(mupdf_baked if baked else mupdf, _lines(baked=baked))
    )
    assert taken and record == general


# each hides the title's end, or draws it as no program sets a value too large: the
# general path says hidden-text, or reads the box otherwise; here each is left to it
HIDDEN: dict[str, Case] = {
    "the fourth line 200 points below the box": _case(steps=(13.392, 13.392, 13.392, 200)),
    "the fourth line three sizes below the third": _case(steps=(13.392, 13.392, 13.392, 36)),
    "the fourth line 250 points across": _case(across=(0, 0, 0, 250)),
    "the fourth line in Times": _case(
        fonts=(b"/Helv 12 Tf",) * 3 + (b"/F1 12 Tf",), base="/Times-Roman"
    ),
    "the fourth line at 11 points": _case(fonts=(b"/Helv 12 Tf",) * 3 + (b"/Helv 11 Tf",)),
    # (review of session 41: a font object of the same bytes as /Helv, which the object
    # reader gives as one dictionary and PDFium loads as another font)
    "the fourth line in another Helvetica": _case(
        fonts=(b"/Helv 12 Tf",) * 3 + (b"/F1 12 Tf",), base="/Helvetica"
    ),
    "a first word that would have stood on the line above": _case(
        (LINES[0], LINES[1], LINES[2][:24], LINES[2][24:] + LINES[3])
    ),
    "the clip 6 points above the box's bottom": _case(clip=b"1 6 415.98 32 re"),
    "the third line's middle under the box": _case(steps=(13.392, 13.392, 16.5, 13.392)),
    "the cut lines drawn before those shown": _case(
        (LINES[3], LINES[0], LINES[1], LINES[2]), steps=(-16.56, 40.176, 13.392, 13.392)
    ),
    "the fourth line over the agreement's wording": _case(steps=(13.392, 13.392, 13.392, 60)),
}


@BUILDS
@pytest.mark.parametrize("baked", [False, True], ids=["widget", "baked"])
@pytest.mark.parametrize("case", sorted(HIDDEN))
def test_text_hidden_below_a_box_is_left_to_the_general_path(
    mupdf: bytes, mupdf_baked: bytes, case: str, baked: bool, build: Callable[..., bytes]
) -> None:
    source = mupdf_baked if baked else mupdf
    _, taken, general = widget_readings(build(source, HIDDEN[case](baked)))
    assert not taken, (case, general.status, [f.code.value for f in general.findings])


# drawn otherwise than PyMuPDF draws, each is read as the general path reads it, or left
# to it
OTHER: dict[str, Case] = {
    "the third line dropped wholly under the clip": _case(steps=(13.392, 13.392, 20.2, 13.392)),
    "the third line dropped to show a point": _case(steps=(13.392, 13.392, 15.4, 13.392)),
    "lines 1.5 sizes apart": _case(steps=(13.392, 18, 18, 18)),
    "lines a size apart": _case(steps=(13.392, 12, 12, 12)),
    "the third line raised to show its x-height": _case(steps=(13.392, 13.392, 12.6, 13.392)),
    "the fourth line a point across": _case(across=(0, 0, 0, 1)),
    "the clip at the box's bottom": _case(clip=b"1 0 415.98 38 re"),
    "the clip 2 points above the box's bottom": _case(clip=b"1 2 415.98 35 re"),
    "the fourth line ending with a comma": _case((*LINES[:3], "Channel Pruning, Masks,")),
    "the third line ending with a full stop": _case(
        (LINES[0], LINES[1], LINES[2].rstrip() + ".", LINES[3])
    ),
    "the title in Courier-Bold": _case(fonts=(b"/F1 12 Tf",) * 4, base="/Courier-Bold"),
}


@BUILDS
@pytest.mark.parametrize("baked", [False, True], ids=["widget", "baked"])
@pytest.mark.parametrize("case", sorted(OTHER))
def test_values_cut_otherwise_are_read_as_the_general_path_reads_them(
    mupdf: bytes, mupdf_baked: bytes, case: str, baked: bool, build: Callable[..., bytes]
) -> None:
    source = mupdf_baked if baked else mupdf
    record, taken, general = widget_readings(build(source, OTHER[case](baked)))
    assert not taken or record == general, (case, [f.message for f in general.findings])


TITLES = (
    LONG_TITLE,
    # the general path judges the stem of an L cut through hidden (its bar cut away)
    "pq on Q&A transport of 3D Q&A Ærø Ångström 'quoted' neural, gyp 2020 I networks, "
    "Language [draft] e.g., x-ray; neural inference Encoders etc. naïve Language 2020 "
    "optimal; learning Encoders Language {set} Amortised {set} a variational;",
    "Towards Understanding Variational Inference for Graph Neural Networks with Robust "
    "Optimal Transport: Bayesian Models, Structured Priors and Amortised Encoders Evaluated "
    "on Twelve Benchmarks Across Vision, Language and Reinforcement Learning Tasks in Practice",
    "A Study of Scalable Hierarchical Methods in Practice, " * 6,
)


def _pymupdf(release: Release, size: int, bake: bool = False) -> bytes:
    """``release`` filled by PyMuPDF, its title at ``size`` points (0: PyMuPDF's own);
    ``bake``: flattened by it (``Document.bake()``)."""
    return mupdf_fill(release, bake=bake, size=size)


@pytest.mark.parametrize("bake", [False, True], ids=["filled", "baked"])
@pytest.mark.parametrize("size", [0, 9, 10, 11, 13, 14, 16])
@pytest.mark.parametrize("title", range(len(TITLES)))
def test_real_pymupdf_fills_are_read_as_the_general_path_reads_them(
    title: int, size: int, bake: bool
) -> None:
    release = dataclasses.replace(RELEASE, event_title=TITLES[title].strip())
    record, taken, general = widget_readings(_pymupdf(release, size, bake))
    assert not taken or record == general, [f.message for f in general.findings]


def test_an_l_whose_stem_alone_shows_is_left_to_the_general_path() -> None:
    release = dataclasses.replace(RELEASE, event_title=TITLES[1])
    _, taken, general = widget_readings(_pymupdf(release, 0))
    assert not taken and "hidden-text" in [f.code.value for f in general.findings]


def test_the_glyph_boxes_are_pdfiums() -> None:
    table = json.loads((ROOT / "src/pubrelease/reading/pdfiumboxes.json").read_text())
    upright = [
        "Helvetica",
        "Helvetica-Bold",
        "Times-Roman",
        "Times-Bold",
        "Courier",
        "Courier-Bold",
    ]
    assert list(table["boxes"]) == list(table["loose"]) == upright
    for style in upright:
        measured, loose = pdfium_glyph_boxes(style)
        assert {str(code): list(box) for code, box in measured.items()} == table["boxes"][style]
        assert list(loose) == table["loose"][style]


def test_a_value_that_fits_is_read_as_before() -> None:
    short = dataclasses.replace(RELEASE, event_title="Differentiable Masks for Channel Pruning")
    record, taken, general = widget_readings(_pymupdf(short, 0))
    assert taken and record == general
    assert "value-clipped" not in [f.code.value for f in record.findings]


def test_mutools_long_title_is_read_from_its_widget(tmp_path: Path) -> None:
    record, taken, general = widget_readings(mutool_fill(tmp_path))
    assert taken and record == general
    assert "value-clipped" in [f.code.value for f in record.findings]


def _small(field: str, width: float, lines: tuple[str, ...], steps: tuple[float, ...]) -> Edit:
    """``field``'s widget (a box 11 points high) drawing ``lines`` at 7 points as MuPDF
    does, each ``steps`` below the one before, under a clip a point inside its box."""
    ops = [b"/Tx BMC q 1 w", b"1 1 %g 11 re W n" % (width - 2), b"BT 0 g 2 10.812 Td"]
    for line, step in zip(lines, steps, strict=True):
        ops.append(b"0 %g Td /Helv 7 Tf (%s) Tj" % (-step, line.encode("cp1252")))
    ops.append(b"ET Q EMC")
    return _drawn(field, b"\n".join(ops), " ".join(line.strip() for line in lines))


DATE = _small(
    "event_date",
    160,
    ("July 15, 2020 at the Vienna Convention Center, ", "session on learning theory"),
    (7.812, 7.812),
)
SIGN_DATE = _small(
    "sign_date",
    160,
    ("September 23, 2020, signed at the Vienna ", "Convention Center after the session"),
    (7.812, 7.812),
)
SIGNATURE = _small(
    "signature",
    260,
    (
        "Bohyung Han on behalf of all the authors of the paper and of their institutions, ",
        "interdisciplinary consent of each of them given in writing on the twenty third of ",
        "September",
    ),
    (7.812, 7.812, 11.2),
)


@BUILDS
@pytest.mark.parametrize(
    "edits",
    [(DATE,), (DATE, _lines()), (SIGNATURE, SIGN_DATE)],
    ids=[
        "a date cut under the title's cut line",
        "the same, the title drawn again",
        "a signature's cut line on a date cut",
    ],
)
def test_a_value_cut_where_anothers_cut_line_lies_is_left_to_the_general_path(
    mupdf: bytes, edits: tuple[Edit, ...], build: Callable[..., bytes]
) -> None:
    # (review of session 41: the general path takes a box's lines cut away for hidden
    # text where another value's glyphs lie in its box, cut away or not)
    _, taken, general = widget_readings(build(mupdf, *edits))
    assert not taken and "hidden-text" in [f.code.value for f in general.findings]


WRAPPED = (
    "Bounds weighted study structured Bayesian reinforcement importance robust methods Bounds "
    "graph evaluated vision a priors Understanding Bayesian Practice Neural with: methods And "
    "learning Bayesian deep Bounds Variational a reinforcement, weighted inference Bounds, "
    "Bayesian graph evaluated Hierarchical"
)
"""A title PyMuPDF wraps at 12 points where its fourth line's first word, "Bayesian",
would fit within the clip without the space before it (MuPDF wraps a point inside it)."""


@pytest.mark.parametrize("bake", [False, True], ids=["filled", "baked"])
@pytest.mark.parametrize(("font", "size"), [("Helv", 12), ("Cour", 11)])
def test_a_word_pymupdf_wrapped_is_no_hidden_text(font: str, size: int, bake: bool) -> None:
    # (the general path took it for text hidden below the box: clipping.PADDING, _space;
    # in Courier, whose space is 0.6 of its size, after the review of session 41)
    release = dataclasses.replace(RELEASE, event_title=WRAPPED)
    record, taken, general = widget_readings(mupdf_fill(release, bake=bake, size=size, font=font))
    codes = [f.code.value for f in general.findings]
    assert "hidden-text" not in codes and "value-clipped" in codes
    assert not taken or record == general
