"""Fills that leave each value for viewers to draw (PyPDFForm's), read from their fields
(``reading/provenfill.py``): what the file draws is the form's pages alone, and each
viewer draws ``/V`` itself, in the form's standard font (the general path reads the
same: the stored values, with the finding ``viewer-drawn``).

A value whose widget keeps an appearance beside it, or drawn in a font of the file's own,
is read the general way; each change is made to an honest PyPDFForm fill with pypdf, as an
incremental update and re-saved. A file asking viewers to draw every field again
(``/NeedAppearances``) is read from its fields, as the general path reads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import BooleanObject, DictionaryObject, NameObject

from pubrelease import Release, Status

from . import returns as R
from .conftest import ADA
from .helpers import rewritten, update, widget_readings

TODAY = dt.date(2020, 9, 23)
GREEK = Release.create(
    speaker_name="Αλέξανδρος Παπαδόπουλος",
    event_title="Learning without Labels",
    event_date="2020-07-18",
    effective_date="2020-07-01",
    consent="accept",
    signature="Αλέξανδρος Παπαδόπουλος",
    sign_date="2020-07-03",
)


@pytest.fixture(scope="module")
def honest(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("pypdfform") / "filled.pdf"
    return R.fill_pypdfform(ADA, path).read_bytes()


@pytest.mark.parametrize("release", [ADA, GREEK], ids=["latin", "greek"])
def test_values_left_to_viewers_are_read_from_the_fields(release: Release, tmp_path: Path) -> None:
    path = R.fill_pypdfform(release, tmp_path / "filled.pdf")
    record, taken, general = widget_readings(path, today=TODAY)
    assert taken
    assert record == general
    codes = {f.code for f in record.findings}
    assert "viewer-drawn" in codes
    # (Helvetica has no Greek: a viewer draws nothing, or other letters, for the name)
    greek = release is GREEK
    assert ("shown-text-unchecked" in codes) is greek
    assert record.status is (Status.INCOMPLETE if greek else Status.VALID), record.findings


def _widgets(writer: PdfWriter) -> list[DictionaryObject]:
    return [ref.get_object() for page in writer.pages for ref in page.get("/Annots") or []]


def _own_font(writer: PdfWriter) -> None:
    """The form's default font replaced by a font with widths of its own (what viewers
    draw the values with)."""
    fonts = writer._root_object["/AcroForm"]["/DR"]["/Font"]
    font = fonts["/Helv"].get_object()
    font[NameObject("/FirstChar")] = writer._add_object(DictionaryObject())


def _kept_appearance(writer: PdfWriter) -> None:
    """One widget of the speaker's name keeps an appearance stream, beside a value the
    other widgets leave to viewers."""
    blank = next(w for w in _widgets(writer) if "/AP" in w and hasattr(w["/AP"], "keys"))
    for widget in _widgets(writer):
        parent = widget.get("/Parent")
        if parent is not None and parent.get_object().get("/T") == "speaker_name":
            widget[NameObject("/AP")] = blank["/AP"]
            return


def _need_appearances(writer: PdfWriter) -> None:
    writer._root_object["/AcroForm"][NameObject("/NeedAppearances")] = BooleanObject(True)


CHANGES: dict[str, Callable[[PdfWriter], None]] = {
    "a font of the file's own": _own_font,
    "an appearance kept beside": _kept_appearance,
}


@pytest.mark.parametrize("build", [update, rewritten], ids=["incremental", "re-saved"])
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_the_proof_does_not_cover_is_read_the_general_way(
    honest: bytes, change: str, build: Callable[..., bytes]
) -> None:
    record, taken, general = widget_readings(build(honest, CHANGES[change]), today=TODAY)
    assert not taken, change
    assert record == general


def test_the_honest_fill_itself_is_taken(honest: bytes) -> None:
    record, taken, general = widget_readings(honest, today=TODAY)
    assert taken and record == general and record.status is Status.VALID


@pytest.mark.parametrize("build", [update, rewritten], ids=["incremental", "re-saved"])
def test_viewers_asked_to_draw_every_field_is_read_from_the_fields(
    honest: bytes, build: Callable[..., bytes]
) -> None:
    record, taken, general = widget_readings(build(honest, _need_appearances), today=TODAY)
    assert taken
    assert record == general
    assert record.status is Status.VALID, record.findings
