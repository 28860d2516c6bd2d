"""Returns flattened by other programs read from their drawings (``reading/drawnfill.py``),
and what that reading leaves to the general path.

pdftk and pdf-lib flatten the form they filled, qpdf our own live release: each draws
every widget's appearance into its page as a form XObject after the page's own content.
Such a file is proved to be the form's pages with those drawings over their boxes and
read from them: its record must be the general path's, field for field. Every change
the proof does not cover leaves the file to the general path; each is made here with
pypdf to an honest flattened file, as an incremental update and as a file written anew.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from pubrelease import Release, Status

from . import returns as R
from .conftest import ADA
from .helpers import rewritten, update, widget_readings

TODAY = dt.date(2020, 9, 23)
DECLINED = Release.create(
    speaker_name="François Lefèvre-Dupré",
    event_title="Scalable Variational Inference",
    event_date="2020-07-18",
    effective_date="2020-07-01",
    consent="decline",
    signature="François Lefèvre-Dupré",
    sign_date="2020-07-03",
)
LONG = Release.create(
    speaker_name="Ada Lovelace",
    event_title=(
        "A Very Long Title About Scalable Variational Inference for Hierarchical Bayesian "
        "Models with Structured Priors, Amortised Encoders and Importance-Weighted Bounds, "
        "Evaluated on Twelve Benchmarks Across Vision, Language and Reinforcement Learning "
        "Tasks"
    ),
    event_date="2020-07-13",
    effective_date="2020-07-01",
    consent="accept",
    signature="Ada Lovelace",
    sign_date="2020-07-02",
)
"""A title long enough to be drawn small: pdf-lib sizes a title to fill its box."""
SHORT = Release.create(
    speaker_name="Ada Lovelace",
    event_title="Learning to Read Forms",
    event_date="2020-07-13",
    effective_date="2020-07-01",
    consent="accept",
    signature="Ada Lovelace",
    sign_date="2020-07-02",
)
"""A title pdf-lib sets on one line at 33 points, its clip cutting the g's tail all but a
twentieth: a q in pdf.js, which the general path reads without OCR (the run whole on its
other sides, its tails' boxes ending 0.1 pt over the date's box: ``plaintext.EDGE``), and
the reading from the drawings takes so too."""
RELEASES = {"plain": ADA, "latin-1, declined": DECLINED, "long title": LONG, "short title": SHORT}
UNDRAWN = {("pdftk", "latin-1, declined")}
"""pdftk draws no box in its off state: a declined release's agree box is not drawn, which
the general path reads otherwise than an undrawn decline box (left to it)."""


def _pdftk(release: Release, out: Path) -> Path:
    return R.fill_pdftk(release, out, flatten=True)


def _pdflib(release: Release, out: Path) -> Path:
    return R.fill_pdflib(release, out, flatten=True)


def _qpdf(release: Release, out: Path) -> Path:
    issued = R.fill_pubrelease(release, out.with_name("issued.pdf"))
    return R.flatten_with("qpdf", issued, out)


def _pdfbox(release: Release, out: Path) -> Path:
    return R.fill_pdfbox(release, out, flatten=True)


FLATTENERS: dict[str, Callable[[Release, Path], Path]] = {
    "PDFBox": _pdfbox,
    "pdftk": _pdftk,
    "pdf-lib": _pdflib,
    "qpdf": _qpdf,
}


@pytest.mark.parametrize("release", sorted(RELEASES))
@pytest.mark.parametrize("tool", sorted(FLATTENERS))
def test_a_flattened_return_is_read_from_its_drawings_as_the_general_path_reads_it(
    tool: str, release: str, tmp_path: Path
) -> None:
    path = FLATTENERS[tool](RELEASES[release], tmp_path / "flat.pdf")
    record, taken, general = widget_readings(path, today=TODAY)
    assert taken is ((tool, release) not in UNDRAWN), (tool, release)
    assert record.to_dict() == general.to_dict()
    declined = RELEASES[release].consent.value == "decline"
    assert record.status is (Status.DECLINED if declined else Status.VALID), record.findings
    assert record.speaker_name == RELEASES[release].speaker_name


@pytest.fixture(scope="module")
def flat(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """:data:`ADA` flattened by pdftk and by qpdf, once a module."""
    folder = tmp_path_factory.mktemp("flat")
    return {
        tool: FLATTENERS[tool](ADA, folder / f"{tool}.pdf").read_bytes()
        for tool in ("pdftk", "qpdf")
    }


def _contents(writer: PdfWriter, page: int = 0) -> Any:
    """The last content stream of a page: its drawings."""
    contents = writer.pages[page]["/Contents"]
    return contents[-1].get_object() if isinstance(contents, ArrayObject) else contents


def _drawings(edit: Callable[[bytes], bytes]) -> Callable[[PdfWriter], None]:
    """The drawings of page 1 changed by ``edit``."""

    def change(writer: PdfWriter) -> None:
        stream = _contents(writer)
        stream.set_data(edit(stream.get_data()))

    return change


_GROUP = re.compile(rb"q\s+(?:(?:[-\d.]+\s+){6}cm\s+)*(/[^\s/\[\]()<>]+)\s+Do\s+Q")


def _first_drawing(data: bytes) -> tuple[bytes, bytes]:
    """The first ``q … Do Q`` group drawing an object, and that object's name."""
    found = _GROUP.search(data)
    assert found is not None
    return found.group(0), found.group(1)


def _xobjects(writer: PdfWriter) -> Any:
    return writer.pages[0]["/Resources"]["/XObject"]


def _drawn_twice(data: bytes) -> bytes:
    group, _ = _first_drawing(data)
    return data + b"\n" + group + b"\n"


def _moved(data: bytes) -> bytes:
    group, _ = _first_drawing(data)
    return data.replace(group, group.replace(b" cm", b" cm 1 0 0 1 0 40 cm", 1))


def _clipped(data: bytes) -> bytes:
    group, _ = _first_drawing(data)
    return data.replace(group, b"q 0 0 1 1 re W n" + group[1:], 1)


def _coloured(data: bytes) -> bytes:
    group, _ = _first_drawing(data)
    return data.replace(group, b"q 1 1 1 rg" + group[1:], 1)


def _extra_drawing(writer: PdfWriter) -> None:
    """Another object drawn over the page's wording, not over any box."""
    stream = _contents(writer)
    _, name = _first_drawing(stream.get_data())
    _xobjects(writer)[NameObject("/Extra")] = _xobjects(writer)[name.decode()]
    stream.set_data(stream.get_data() + b"\nq 1 0 0 1 72 700 cm /Extra Do Q\n")


def _extra_resources(writer: PdfWriter) -> None:
    """A drawing's resources given a graphics state beside its fonts."""
    _, name = _first_drawing(_contents(writer).get_data())
    drawing = _xobjects(writer)[name.decode()].get_object()
    drawing["/Resources"][NameObject("/ExtGState")] = DictionaryObject(
        {NameObject("/G0"): DictionaryObject({NameObject("/CA"): NameObject("/Off")})}
    )


def _other_font(writer: PdfWriter) -> None:
    """A drawing's font given a width table of its own (every letter as wide)."""
    _, name = _first_drawing(_contents(writer).get_data())
    fonts = _xobjects(writer)[name.decode()].get_object()["/Resources"]["/Font"]
    for key in list(fonts):
        font = DictionaryObject(fonts[key].get_object())
        font[NameObject("/FirstChar")] = NumberObject(32)
        font[NameObject("/LastChar")] = NumberObject(32)
        font[NameObject("/Widths")] = ArrayObject([NumberObject(600)])
        fonts[NameObject(key)] = writer._add_object(font)


def _stored_value(writer: PdfWriter) -> None:
    """A field left in the form, its value other than what its box shows."""
    field = DictionaryObject(
        {
            NameObject("/FT"): NameObject("/Tx"),
            NameObject("/T"): TextStringObject("speaker_name"),
            NameObject("/V"): TextStringObject("Someone Else"),
        }
    )
    acroform = writer._root_object.get("/AcroForm")
    if acroform is None:
        acroform = writer._root_object[NameObject("/AcroForm")] = DictionaryObject()
    acroform = acroform.get_object()
    acroform[NameObject("/Fields")] = ArrayObject([writer._add_object(field)])


def _text_added(writer: PdfWriter) -> None:
    """Text added to the page's content after the drawings."""
    stream = _contents(writer)
    stream.set_data(stream.get_data() + b"\nBT /F1 9 Tf 72 700 Td (I withdraw my consent) Tj ET\n")


def _text_hidden_in_page(writer: PdfWriter) -> None:
    """Text no viewer shows added as a content stream of its own."""
    stream = StreamObject()
    stream.set_data(b"BT /F1 9 Tf 3 Tr 72 700 Td (I withdraw my consent) Tj ET")
    writer.pages[0]["/Contents"].append(writer._add_object(stream))


CHANGES: dict[str, Callable[[PdfWriter], None]] = {
    "an extra drawing": _extra_drawing,
    "a drawing moved off its box": _drawings(_moved),
    "an object drawn twice": _drawings(_drawn_twice),
    "text added to the content": _text_added,
    "hidden text in a stream of its own": _text_hidden_in_page,
    "a drawing clipped": _drawings(_clipped),
    "a drawing in another colour": _drawings(_coloured),
    "a drawing with extra resources": _extra_resources,
    "a drawing in another font": _other_font,
    "a stored value other than the drawing's": _stored_value,
}
"""Changes the drawings' reading does not prove: each leaves the file to the general path."""
BUILDS = ["incremental", "resaved"]


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("change", sorted(CHANGES))
@pytest.mark.parametrize("tool", ["pdftk", "qpdf"])
def test_a_change_the_proof_does_not_cover_is_read_the_general_way(
    flat: dict[str, bytes], tool: str, change: str, build: str
) -> None:
    data = (update if build == "incremental" else rewritten)(flat[tool], CHANGES[change])
    record, taken, general = widget_readings(data, today=TODAY)
    assert not taken, (tool, change, build)
    assert record == general


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("tool", ["pdftk", "qpdf"])
def test_the_honest_flattened_file_itself_is_taken(
    flat: dict[str, bytes], tool: str, build: str
) -> None:
    """(So that each change above is what the proof declines.)"""
    data = (update if build == "incremental" else rewritten)(flat[tool])
    record, taken, general = widget_readings(data, today=TODAY)
    assert taken and record.to_dict() == general.to_dict()
    assert record.status is Status.VALID


@pytest.mark.parametrize(
    "tail", [b"\nq\n", b"\nq 1 0 0 1 0 0 cm\n", b"\nq /Xi4\n", b"\nq /Xi4 Do\n", b"\nQ\n"]
)
def test_drawings_cut_short_are_read_the_general_way(flat: dict[str, bytes], tail: bytes) -> None:
    """A group of drawings left unended (the content's last tokens) is no drawing."""
    data = update(flat["pdftk"], _drawings(lambda content: content + tail))
    record, taken, general = widget_readings(data, today=TODAY)
    assert not taken and record == general
