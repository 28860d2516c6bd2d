"""Other tools' fills read from their widgets (``reading/provenfill.py``), and what that
reading leaves to the general path.

A fill of the form's template by pypdf, pdftk or PDFBox is proved to be the form's pages with
its values drawn in their boxes, and read without reading its pages into text: its
record must be the general path's, field for field (pdf-lib's too, whose clip cuts its
titles' tails, but for a short title whose g keeps a twentieth of its tail). Every change the proof
does not cover leaves the file to the general path; each is made here with pypdf to an
honest pypdf fill, as an incremental update and as a file written anew. (Changes inside
a value's appearance stream: ``test_appearance_attacks.py``.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter
from pypdf.annotations import FreeText
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from pubrelease import Release, Status

from . import returns as R
from .clippedfills import mupdf_fill
from .conftest import ADA
from .helpers import poppler_blank_ticks, rewritten, update, widget_readings

TODAY = dt.date(2020, 9, 23)
RELEASES = {
    "plain": ADA,
    "latin-1, declined, long title": Release.create(
        speaker_name="François Lefèvre-Dupré",
        event_title=(
            "A Very Long Title About Scalable Variational Inference for Hierarchical "
            "Bayesian Models with Structured Priors"
        ),
        event_date="2020-07-18",
        effective_date="2020-07-01",
        consent="decline",
        signature="François Lefèvre-Dupré",
        sign_date="2020-07-03",
    ),
    "short title": Release.create(
        speaker_name="Ada Lovelace",
        event_title="Learning to Read Forms",
        event_date="2020-07-18",
        effective_date="2020-07-01",
        consent="accept",
        signature="Ada Lovelace",
        sign_date="2020-07-03",
    ),
}
FILLERS: dict[str, Callable[[Release, Path], Path]] = {
    "PDFBox": R.fill_pdfbox,  # (its colour set by /DeviceGray cs 0 sc; words of a title apart)
    "pypdf": R.fill_pypdf,
    "pdftk": R.fill_pdftk,
    "pdf-lib": R.fill_pdflib,
    "PyPDFForm": R.fill_pypdfform,  # (no appearances: viewers draw /V; test_viewer_drawn_fills)
    "PyMuPDF": lambda release, path: _written(path, mupdf_fill(release)),
}


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("release", sorted(RELEASES))
@pytest.mark.parametrize("tool", sorted(FILLERS))
def test_a_fill_is_read_from_its_widgets_as_the_general_path_reads_it(
    tool: str, release: str, tmp_path: Path
) -> None:
    path = FILLERS[tool](RELEASES[release], tmp_path / "filled.pdf")
    record, taken, general = widget_readings(path, today=TODAY)
    # (pdf-lib sizes a title to fill its box, and the box's clip cuts its tails: "Learning
    # to Read Forms", set on one line at 33 points, keeps a twentieth of its g's tail, a q
    # in pdf.js, which the general path reads without OCR, as the run is whole on its
    # other sides and its tails' boxes end 0.1 pt over the date's box: plaintext.EDGE.
    # PyMuPDF draws no agree box for a declined release, which the general path reads
    # otherwise than an undrawn decline box: test_pymupdf_fills)
    declined = RELEASES[release].consent.value == "decline"
    undrawn = tool == "PyMuPDF" and declined
    assert taken is not undrawn, tool
    assert record == general
    # (PyMuPDF ticks a box with a ZapfDingbats mark named in WinAnsi, which poppler draws
    # as nothing: an error on both paths, pdf/symbolnames.py)
    expected = Status.DECLINED if declined else Status.VALID
    if poppler_blank_ticks(record):
        expected = Status.INVALID
    assert (tool == "PyMuPDF") is poppler_blank_ticks(record)
    assert record.status is expected, record.findings
    assert record.speaker_name == RELEASES[release].speaker_name


def _widgets(writer: PdfWriter) -> list[Any]:
    return [ref.get_object() for page in writer.pages for ref in page.get("/Annots") or []]


def _field(writer: PdfWriter, name: str) -> Any:
    return next(
        w for w in _widgets(writer) if name in (w.get("/T"), w.get("/Parent", {}).get("/T"))
    )


def _flags(flags: int) -> Callable[[PdfWriter], None]:
    def edit(writer: PdfWriter) -> None:
        _field(writer, "signature")[NameObject("/F")] = NumberObject(flags)

    return edit


def _moved(writer: PdfWriter) -> None:
    widget = _field(writer, "signature")
    x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
    widget[NameObject("/Rect")] = ArrayObject(FloatObject(v) for v in (x0, y0 + 40, x1, y1 + 40))


def _hidden_text(writer: PdfWriter) -> None:
    """Text no viewer shows (render mode 3) added to the first page's own content."""
    page = writer.pages[0]
    stream = StreamObject()
    stream.set_data(
        page.get_contents().get_data()  # type: ignore[union-attr]
        + b"\nBT /F1 9 Tf 3 Tr 72 700 Td (I withdraw my consent) Tj ET"
    )
    page[NameObject("/Contents")] = writer._add_object(stream)


def _note(writer: PdfWriter) -> None:
    """A typed note over the first page's wording."""
    writer.add_annotation(0, FreeText(text="void", rect=(72, 700, 200, 720)))


def _need_appearances(writer: PdfWriter) -> None:
    writer._root_object["/AcroForm"][NameObject("/NeedAppearances")] = BooleanObject(True)


def _format_script(writer: PdfWriter) -> None:
    """A script that formats what viewers show of the speaker's name (on its field,
    the parent of its three widgets)."""
    field = _field(writer, "speaker_name")["/Parent"].get_object()
    field[NameObject("/AA")] = DictionaryObject(
        {
            NameObject("/F"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/JavaScript"),
                    NameObject("/JS"): TextStringObject("event.value = 'Someone Else';"),
                }
            )
        }
    )


def _appearance(content: bytes) -> Callable[[PdfWriter], None]:
    """The signature's appearance stream drawing ``content`` (its font kept)."""

    def edit(writer: PdfWriter) -> None:
        _field(writer, "signature")["/AP"]["/N"].get_object().set_data(content)

    return edit


def _box_shows_off(writer: PdfWriter) -> None:
    """The ticked consent box drawn with its empty box's appearance."""
    for widget in _widgets(writer):
        states = widget.get("/AP", {}).get("/N")
        if widget.get("/AS") not in (None, "/Off") and hasattr(states, "keys"):
            states = states.get_object()
            states[NameObject(widget["/AS"])] = states["/Off"]


_TEXT = b"BT /Helv 11.2 Tf 0 g 2 2.479 Td (Ada Lovelace) Tj ET"
_UNCOLOURED = _TEXT.replace(b" 0 g", b"")
CHANGES: dict[str, Callable[[PdfWriter], None]] = {
    "a widget hidden": _flags(4 | 2),
    "a widget not on screen": _flags(4 | 32),
    "a widget not printed": _flags(0),
    "a widget moved off its box": _moved,
    "text hidden in the page's content": _hidden_text,
    "a note typed over the page": _note,
    "a script formatting a field": _format_script,
    "a value cut by a clip": _appearance(b"q 2 0 30 13 re W n " + _TEXT + b" Q"),
    "a clip of two triangles": _appearance(
        b"q 0 0 m 260 13 l 0 13 l 260 0 l h W n " + _TEXT + b" Q"
    ),
    "a value in a light grey": _appearance(_TEXT.replace(b"0 g", b"0.8 g")),
    "a value in a light grey set by cs": _appearance(
        _TEXT.replace(b"0 g", b"/DeviceGray cs 0.8 sc")
    ),
    "a value in a colour space of the resources": _appearance(
        _TEXT.replace(b"0 g", b"/CS0 cs 0 sc")
    ),
    "a value in a colour of a pattern": _appearance(_TEXT.replace(b"0 g", b"/Pattern cs /P0 scn")),
    # (PDFium and pdf.js keep the white before cs, poppler and MuPDF set black: review
    # of session 62)
    "a value in the colour cs leaves": _appearance(b"1 g /DeviceGray cs " + _UNCOLOURED),
    "a value drawn twice": _appearance(_TEXT + b" " + _TEXT),
    "a consent box drawn empty": _box_shows_off,
}
"""Changes the widgets' reading does not prove: each leaves the file to the general path."""


BUILDS = ["incremental", "resaved"]


def built(honest: bytes, edit: Callable[[PdfWriter], None], build: str) -> bytes:
    """The honest fill changed by ``edit``, as an incremental update or re-saved."""
    return (update if build == "incremental" else rewritten)(honest, edit)


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_the_proof_does_not_cover_is_read_the_general_way(
    honest: bytes, change: str, build: str
) -> None:
    record, taken, general = widget_readings(built(honest, CHANGES[change], build), today=TODAY)
    assert not taken, change
    assert record == general


@pytest.mark.parametrize("build", BUILDS)
def test_viewers_asked_to_draw_the_fields_again_is_read_from_the_widgets(
    honest: bytes, build: str
) -> None:
    """``/NeedAppearances``: viewers that honour it draw each ``/V`` in the font its
    ``/DA`` names, which the proof checks is a standard font, as for a widget with no
    appearance (``test_need_appearances.py``: pypdf's default fill, and changes to it)."""
    record, taken, general = widget_readings(built(honest, _need_appearances, build), today=TODAY)
    assert taken
    assert record == general
    assert record.status is Status.VALID, record.findings


DARK_COLOURS = {
    "cs and sc": _TEXT.replace(b"0 g", b"/DeviceGray cs 0 sc"),
    "cs and scn in RGB": _TEXT.replace(b"0 g", b"/DeviceRGB cs 0.1 0 0.2 scn"),
    "a space kept across q and Q": b"/DeviceRGB cs q 0.9 g Q 0 0 0 sc " + _UNCOLOURED,
}
"""A value's dark colour set otherwise than by ``g``: PDFBox's ``/DeviceGray cs 0 sc``."""


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("colour", sorted(DARK_COLOURS))
def test_a_dark_colour_however_set_is_taken(honest: bytes, colour: str, build: str) -> None:
    changed = built(honest, _appearance(DARK_COLOURS[colour]), build)
    record, taken, general = widget_readings(changed, today=TODAY)
    assert taken, colour
    assert record == general and record.status is Status.VALID


def test_the_honest_fill_itself_is_taken(honest: bytes) -> None:
    """(So that each change above is what the proof declines.)"""
    record, taken, general = widget_readings(honest, today=TODAY)
    assert taken and record == general and record.status is Status.VALID


@pytest.mark.parametrize("build", BUILDS)
def test_boxes_drawn_as_the_template_draws_them_are_not_rendered_again(
    honest: bytes, build: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A consent box whose appearances are the template's, by value, shows its state as
    the template does: its page is not flattened and rendered again to see it. A box
    drawn otherwise is (and here the proof declines it)."""
    from pubrelease.reading import screenpages

    rendered: list[object] = []
    renders = screenpages.screen_renders

    def spy(*args: Any, **options: Any) -> Any:
        rendered.append(args[1])
        return renders(*args, **options)

    monkeypatch.setattr(screenpages, "screen_renders", spy)
    record, taken, general = widget_readings(built(honest, lambda w: None, build), today=TODAY)
    assert taken and record == general and not rendered
    record, taken, general = widget_readings(built(honest, _box_crossed, build), today=TODAY)
    assert not taken and record == general and rendered
    assert record.status is not Status.VALID


def _box_crossed(writer: PdfWriter) -> None:
    """The box not chosen (its /Off appearance) drawn crossed out, in a new stream."""
    for widget in _widgets(writer):
        states = widget.get("/AP", {}).get("/N")
        if widget.get("/AS") == "/Off" and hasattr(states, "keys"):
            states = states.get_object()
            off = states["/Off"].get_object()
            crossed = StreamObject()
            crossed.update({k: v for k, v in off.items() if k not in ("/Filter", "/Length")})
            crossed.set_data(b"q 0 g 1 w 0 0 m 11 11 l 0 11 m 11 0 l S Q")
            states[NameObject("/Off")] = writer._add_object(crossed)
